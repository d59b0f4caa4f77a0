"""No go-ahead while a screening answer is open (issue 12 §1), from the source's statements.

The source lists who must avoid the mat (C1–C3, C7–C11) and who must see a doctor first
(C4, C12, C13); an unanswered question may hide any of them (C14), so advice must hold
for every possible answer: no mat, no plan and no session minutes until then.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from acumat import Verdict, default_rules, load_rules, next_session, recommend
from acumat.testing import assert_no_go_ahead_while_open
from caution import caution_rules

SKIN_OK = {"broken": False, "infection": False, "allergy": False, "sensitive": False}
SAFE: dict[str, Any] = {"pregnant": False, "blood_thinners": False, "conditions": [],
                        "skin": SKIN_OK, "pain": {"region": "lower", "severity": 3, "weeks": 4}}
LOGS = [{"day": f"2026-03-0{d}", "minutes": 5, "discomfort": 1} for d in range(1, 8)]
PACK = "examples/custom_pack.yaml"


def without(key: str) -> dict[str, Any]:
    p = copy.deepcopy(SAFE)
    del p[key]
    return p


def test_empty_profile_gets_no_mat_and_no_plan():
    """recommend({}) is caution with every question listed, and no mat or plan (C14)."""
    rec = recommend({})
    assert rec.verdict == Verdict.CAUTION
    assert rec.mat is None and rec.plan is None and rec.awaiting_answers
    assert {u.field for u in rec.unanswered} >= {"pregnant", "blood_thinners", "conditions"}


def test_explain_opens_with_cannot_advise_not_with_a_go_ahead():
    """The explanation of an open profile says a mat cannot be advised yet, never "you may use"."""
    text = recommend(without("pregnant")).explain()
    first = text.splitlines()[0]
    assert "cannot advise a mat" in first
    assert "you may use" not in text.lower()


@pytest.mark.parametrize(("key", "words", "verdict"), [
    ("pregnant", "see a doctor", Verdict.CONSULT),         # C4
    ("blood_thinners", "do not use the mat", Verdict.AVOID),  # C8
    ("conditions", "do not use the mat", Verdict.AVOID),      # C7, C9, C10
])
def test_each_unanswered_item_says_what_yes_would_mean(key, words, verdict):
    """An open question carries what its "yes" leads to, on the item and in its finding."""
    rec = recommend(without(key))
    (u,) = rec.unanswered
    assert u.if_yes_verdict == verdict
    assert words in u.if_yes
    asking = [f for f in rec.findings if f.rule_id.startswith("unknown.")]
    assert asking and all(words in f.detail for f in asking)


def test_next_session_with_an_open_question_stops_and_names_it():
    """next_session for a profile with an open blood-thinner answer stops, with no minutes, and
    lists the question; its findings include the caution finding that decided the verdict."""
    advice = next_session(without("blood_thinners"), LOGS)
    assert advice.action == "stop" and advice.minutes is None
    assert [u.field for u in advice.unanswered] == ["blood_thinners"]
    assert "unknown.blood_thinners" in {f.rule_id for f in advice.findings}
    assert advice.verdict == Verdict.CAUTION


def test_next_session_of_empty_profile_gives_no_minutes():
    """next_session({}, history) never gives minutes (today's go-ahead bug)."""
    advice = next_session({}, LOGS)
    assert advice.action == "stop" and advice.minutes is None


def test_pack_question_whose_yes_is_only_caution_keeps_the_plan():
    """A pack question whose "yes" only calls for care does not withhold the plan."""
    rec = recommend(SAFE, caution_rules())
    assert rec.verdict == Verdict.CAUTION
    assert rec.plan is not None and rec.mat is not None and not rec.awaiting_answers
    (u,) = rec.unanswered
    assert u.if_yes_verdict == Verdict.CAUTION
    advice = next_session(SAFE, [], rules=caution_rules())
    assert advice.action == "start" and advice.minutes == 5


def test_pack_question_whose_yes_is_consult_withholds_the_plan():
    """The vendor pack's epilepsy question (yes: consult) left open withholds mat and plan."""
    rules = default_rules().with_pack(load_rules(PACK))
    rec = recommend({**SAFE, "extra": {"pacemaker": False}}, rules)
    assert rec.verdict == Verdict.CAUTION
    assert rec.plan is None and rec.mat is None
    (u,) = rec.unanswered
    assert u.field == "extra.epilepsy" and u.if_yes_verdict == Verdict.CONSULT
    answered = recommend({**SAFE, "extra": {"pacemaker": False, "epilepsy": False}}, rules)
    assert answered.verdict == Verdict.SUITABLE and answered.plan is not None


def test_unreadable_medication_is_never_ignored():
    """A medicine written in a script acumat cannot read keeps the blood-thinner question open (C8):
    never suitable, never a mat, and the finding quotes what was typed."""
    rec = recommend({**SAFE, "medications": ["华法林"]})
    assert rec.verdict != Verdict.SUITABLE
    assert rec.mat is None and rec.plan is None
    if rec.verdict == Verdict.CAUTION:
        (f,) = [f for f in rec.findings if f.rule_id == "C8.unreadable_medication"]
        assert "华法林" in f.detail
        assert [u.field for u in rec.unanswered] == ["blood_thinners"]


@pytest.mark.parametrize("profile", [
    {**SAFE, "blood_thinners": True}, {**SAFE, "pregnant": True},
    {**SAFE, "conditions": ["heart_disease"]}, {**SAFE, "skin": {**SKIN_OK, "broken": True}},
], ids=["thinners", "pregnant", "heart", "broken-skin"])
def test_avoid_and_consult_never_invite_use_but_keep_c15(profile):
    """Avoid and consult explanations never tell the person to use the mat, and C15 (proper care
    and a doctor's advice) is still among the findings."""
    rec = recommend(profile)
    assert rec.verdict in (Verdict.CONSULT, Verdict.AVOID)
    assert any("C15" in f.sources for f in rec.findings)
    text = rec.explain().lower()
    assert "use the mat alongside" not in text and "you may use" not in text


def test_suitable_plan_says_use_alongside_care():
    """A suitable plan still says to use the mat alongside proper care (C15)."""
    rec = recommend(SAFE)
    assert rec.verdict == Verdict.SUITABLE and rec.plan is not None
    assert any("C15" in f.sources and "alongside" in f.summary for f in rec.findings)


def test_no_go_ahead_while_open_default_rules():
    """Property: with the default rules no profile with an open question that could lead to
    consult or avoid gets a mat, a plan or session minutes."""
    assert_no_go_ahead_while_open(max_examples=150)


@pytest.mark.parametrize("which", ["vendor", "care"])
def test_no_go_ahead_while_open_with_packs(which):
    """Property: the same holds for packs' own safety questions (consult-level and caution-level)."""
    rules = default_rules().with_pack(load_rules(PACK)) if which == "vendor" else caution_rules()
    assert_no_go_ahead_while_open(rules, max_examples=100)


def _pack(tmp_path, text: str):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return default_rules().with_pack(load_rules(path))


def test_risky_choice_among_many_is_found(tmp_path):
    """An open choice question whose 20th choice rules the mat out withholds mat and plan, and
    says so (regression: only 16 answers were tried)."""
    choices = ", ".join(f"c{i:02d}" for i in range(20))
    rules = _pack(tmp_path, f"""
name: many
questions:
  - {{name: cond, kind: choice, choices: [{choices}], question: "Which one?", safety: true}}
rules:
  - id: many.c19
    topic: safety
    when: {{fact: extra_cond, value: c19}}
    then: {{level: avoid, summary: "c19: avoid the mat."}}
    basis: interpreted
    note: test
""")
    rec = recommend(SAFE, rules)
    assert rec.verdict == Verdict.CAUTION and rec.mat is None and rec.plan is None
    (u,) = rec.unanswered
    assert u.if_yes_verdict == Verdict.AVOID
    assert next_session(SAFE, LOGS, rules=rules).minutes is None


def test_two_open_questions_that_rule_the_mat_out_together(tmp_path):
    """Two open questions that only together lead to avoid withhold mat and plan (regression: one
    arbitrary answer per question was combined)."""
    rules = _pack(tmp_path, """
name: pair
questions:
  - {name: qa, kind: choice, choices: [a0, a1], question: "A?", safety: true}
  - {name: qb, kind: choice, choices: [b0, b1], question: "B?", safety: true}
rules:
  - id: pair.both
    topic: safety
    when: {all: [{fact: extra_qa, value: a1}, {fact: extra_qb, value: b1}]}
    then: {level: avoid, summary: "Both: avoid the mat."}
    basis: interpreted
    note: test
""")
    rec = recommend(SAFE, rules)
    assert rec.mat is None and rec.plan is None and rec.awaiting_answers
    assert next_session(SAFE, LOGS, rules=rules).minutes is None
    one = recommend({**SAFE, "extra": {"qa": "a0"}}, rules)
    assert one.mat is not None


def test_number_question_risky_in_the_middle(tmp_path):
    """An open number question whose middle range (12–17) calls for a doctor withholds the plan
    (regression: only the two ends were tried)."""
    rules = _pack(tmp_path, """
name: age
questions:
  - {name: age, kind: number, low: 0, high: 120, question: "How old are you?", safety: true}
rules:
  - id: age.teen
    topic: safety
    when: {all: [{fact: extra_age, op: ge, value: 12}, {fact: extra_age, op: le, value: 17}]}
    then: {level: consult, summary: "Under 18: ask a doctor first."}
    basis: interpreted
    note: test
""")
    rec = recommend(SAFE, rules)
    assert rec.mat is None and rec.plan is None
    assert rec.unanswered[0].if_yes_verdict == Verdict.CONSULT
    assert recommend({**SAFE, "extra": {"age": 30}}, rules).mat is not None
