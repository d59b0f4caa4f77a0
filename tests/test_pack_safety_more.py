"""Two more ways a rule set could weaken safety, found in review of issue 13 section 1.

P2: a rule raising the verdict from an answer that can be left out read "not answered"
as "no". P3: the default session stop rules could be removed. Each test builds rule
sets through the public API (pack files read with ``load_rules``, ``with_pack``,
``without``, ``replace``, the ``acumat`` CLI) and pins one refusal or one thing still
allowed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from acumat import (
    Outcome,
    Rule,
    RuleError,
    RuleSet,
    Verdict,
    default_rules,
    fact,
    load_rules,
    next_session,
    recommend,
    verify,
)
from acumat.cli import app
from acumat.safety import Space, breaches

SAFE: dict[str, Any] = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 2},
}
COMFORTABLE = [{"day": f"2026-03-0{d}", "minutes": 5, "discomfort": 1} for d in range(1, 8)]
SHARP = [{"day": "2026-03-01", "minutes": 5, "discomfort": 2, "symptoms": ["sharp_pain"]}]
IMPLANT_Q = {"name": "implant", "kind": "yes_no", "question": "Do you have an implant?"}
IMPLANT_AVOID = {"id": "vendor.implant", "topic": "safety",
                 "when": {"fact": "extra_implant", "op": "eq", "value": "yes"},
                 "then": {"level": "avoid", "summary": "Implant: do not use the mat."},
                 "basis": "interpreted", "note": "The vendor's own precaution."}
# (rule condition, level, profile with that answer left out, the profile field it asks)
BUILT_IN = [
    ({"fact": "pain_weeks", "op": "ge", "value": 6}, "consult",
     {"region": "lower", "severity": 3}, "pain.weeks"),
    ({"fact": "chronic_pain", "op": "eq", "value": "yes"}, "consult",
     {"region": "lower", "severity": 3}, "pain.weeks"),
    ({"fact": "pain_region", "op": "eq", "value": "upper"}, "consult",
     {"severity": 3, "weeks": 2}, "pain.region"),
    ({"fact": "pain_region", "op": "ne", "value": "lower"}, "caution",
     {"severity": 3, "weeks": 2}, "pain.region"),
]


def _pack_file(tmp_path: Path, data: object, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _rule(when: dict[str, Any], level: str) -> dict[str, Any]:
    return {"id": "vendor.pain", "topic": "safety", "when": when,
            "then": {"level": level, "summary": "Vendor's pain rule."},
            "basis": "interpreted", "note": "The vendor's own precaution."}


def _profile(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# -- P2: an answer that can be left out is not read as "no" ---------------------------------


def test_pack_question_read_by_a_level_rule_must_be_a_safety_question(tmp_path):
    """A yes/no pack question without 'safety: true' under an avoid rule is refused, saying to
    declare it; the unanswered profile no longer gets 'suitable' with a mat."""
    path = _pack_file(tmp_path, {"name": "vendor", "questions": [IMPLANT_Q],
                                 "rules": [IMPLANT_AVOID]})
    pack = load_rules(path)
    with pytest.raises(RuleError, match="safety: true") as info:
        default_rules().with_pack(pack)
    assert (info.value.rule_id, info.value.field) == ("vendor.implant", "when")
    assert "implant" in str(info.value)


def test_verify_reports_a_level_rule_on_a_non_safety_pack_question(tmp_path):
    """verify() and `acumat verify` report the non-safety pack question as a safety error."""
    path = _pack_file(tmp_path, {"name": "vendor", "questions": [IMPLANT_Q],
                                 "rules": [IMPLANT_AVOID]})
    report = verify(path)
    assert not report.ok
    errors = [f for f in report.findings if f.severity == "error"]
    assert [(f.kind, f.rules) for f in errors] == [("safety", ("vendor.implant",))]
    assert "safety: true" in errors[0].message
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 1
    assert "vendor.implant" in result.output


def test_cli_recommend_refuses_a_level_rule_on_a_non_safety_pack_question(tmp_path):
    """`acumat recommend --rules` with that pack prints an error line and exits 1, no advice."""
    pack = _pack_file(tmp_path, {"name": "vendor", "questions": [IMPLANT_Q],
                                 "rules": [IMPLANT_AVOID]})
    result = CliRunner().invoke(app, ["recommend", str(_profile(tmp_path, SAFE)),
                                      "--rules", str(pack)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")
    assert "vendor.implant" in result.stderr
    assert "Traceback" not in result.output


def test_same_question_declared_safety_keeps_caution_and_withholds_the_mat(tmp_path):
    """With 'safety: true' the pack is accepted; left unanswered, the implant question keeps the
    verdict at caution, is listed as open, and (its yes means avoid) no mat, plan or minutes."""
    path = _pack_file(tmp_path, {"name": "vendor", "questions": [{**IMPLANT_Q, "safety": True}],
                                 "rules": [IMPLANT_AVOID]})
    rules = default_rules().with_pack(load_rules(path))
    assert verify(path).ok
    rec = recommend(SAFE, rules=rules)
    assert rec.verdict == Verdict.CAUTION
    assert [u.field for u in rec.unanswered] == ["extra.implant"]
    assert (rec.mat, rec.plan) == (None, None)
    assert next_session(SAFE, COMFORTABLE, rules=rules).minutes is None
    answered = recommend({**SAFE, "extra": {"implant": False}}, rules=rules)
    assert (answered.verdict, answered.mat is not None) == (Verdict.SUITABLE, True)


@pytest.mark.parametrize(("when", "level", "pain", "asks"), BUILT_IN)
def test_level_rule_on_an_answer_that_can_be_left_out_is_refused(tmp_path, when, level, pain,
                                                                  asks):
    """A pack rule raising the verdict from pain weeks, chronic pain or pain region, which no
    rule asks when unanswered, is refused naming the rule, the fact and the rule to add."""
    path = _pack_file(tmp_path, {"name": "vendor", "rules": [_rule(when, level)]})
    with pytest.raises(RuleError) as info:
        default_rules().with_pack(load_rules(path))
    message = str(info.value)
    assert (info.value.rule_id, info.value.field) == ("vendor.pain", "when")
    assert repr(when["fact"]) in message
    assert f"asks: {asks}" in message
    assert f"id: vendor.unanswered.{when['fact']}" in message
    assert not verify(path).ok
    assert CliRunner().invoke(app, ["verify", str(path)]).exit_code == 1


@pytest.mark.parametrize(("when", "level", "pain", "asks"), BUILT_IN)
def test_suggested_unanswered_rule_is_accepted_and_keeps_caution(tmp_path, when, level, pain,
                                                                 asks):
    """The rule shown in the refusal, added to the pack as written, makes it acceptable: with the
    answer left out the verdict is at least caution and the field is listed as open."""
    rule = _rule(when, level)
    with pytest.raises(RuleError) as info:
        default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [rule]})))
    suggested = yaml.safe_load(str(info.value).split("add this rule:\n", 1)[1])
    assert (suggested[0]["then"]["level"], suggested[0]["then"]["asks"]) == ("caution", asks)
    path = _pack_file(tmp_path, {"name": "vendor", "rules": [rule, *suggested]}, "fixed.yaml")
    rules = default_rules().with_pack(load_rules(path))
    assert verify(path).ok
    rec = recommend({**SAFE, "pain": pain}, rules=rules)
    assert rec.verdict >= Verdict.CAUTION
    assert asks in [u.field for u in rec.unanswered]
    assert recommend(SAFE, rules=rules).verdict == Verdict.SUITABLE  # answered lower, 2 weeks


def test_unanswered_pain_weeks_with_a_consult_rule_withholds_mat_and_minutes(tmp_path):
    """pain_weeks >= 6 -> consult plus its unanswered rule: weeks left out gives caution, no mat,
    no plan, no session minutes (the answer could mean consult)."""
    rule = _rule({"fact": "pain_weeks", "op": "ge", "value": 6}, "consult")
    asked = {"id": "vendor.unanswered.pain_weeks", "topic": "safety",
             "when": {"fact": "pain_weeks", "op": "eq", "value": -1},
             "then": {"level": "caution", "summary": "Weeks not answered.", "asks": "pain.weeks"},
             "basis": "interpreted", "note": "Unknown is not safe."}
    rules = default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [rule, asked]})))
    no_weeks = {**SAFE, "pain": {"region": "lower", "severity": 3}}
    rec = recommend(no_weeks, rules=rules)
    assert (rec.verdict, rec.mat, rec.plan) == (Verdict.CAUTION, None, None)
    assert next_session(no_weeks, COMFORTABLE, rules=rules).minutes is None
    assert recommend({**SAFE, "pain": {"region": "lower", "severity": 3, "weeks": 8}},
                     rules=rules).verdict == Verdict.CONSULT


def test_level_rule_on_an_answer_the_defaults_already_ask_is_accepted(tmp_path):
    """pain_severity >= 8 -> avoid needs no new rule (the defaults ask pain.severity when it is
    left out); unanswered it gives caution and no mat, since the answer could mean avoid."""
    rule = _rule({"fact": "pain_severity", "op": "ge", "value": 8}, "avoid")
    rules = default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [rule]})))
    rec = recommend({**SAFE, "pain": {"region": "lower", "weeks": 2}}, rules=rules)
    assert (rec.verdict, rec.mat) == (Verdict.CAUTION, None)
    assert [u.field for u in rec.unanswered] == ["pain.severity"]
    assert recommend({**SAFE, "pain": {"region": "lower", "severity": 8, "weeks": 2}},
                     rules=rules).verdict == Verdict.AVOID


def test_scratch_rule_set_must_ask_its_unanswered_level_facts():
    """A rule set built from scratch is held to the same: a consult on pain region needs a rule
    asking pain.region when it is left out."""
    upper = Rule(id="mine.upper", topic="safety", when=fact("pain_region").is_("upper"),
                 then=Outcome(level="consult", summary="Upper back: ask."), basis="interpreted")
    with pytest.raises(RuleError, match=r"pain\.region") as info:
        RuleSet([upper])
    assert info.value.rule_id == "mine.upper"
    asked = Rule(id="mine.region", topic="safety", when=fact("pain_region").is_("unknown"),
                 then=Outcome(level="caution", summary="Region not asked.", asks="pain.region"),
                 basis="interpreted")
    assert len(RuleSet([upper, asked])) == 2


# -- P3: the default session stop rules are part of the floor -------------------------------


def test_removing_the_open_questions_stop_is_refused():
    """without('S.stop_open_questions') is refused, naming it; pregnancy not answered still
    gives stop with no minutes (no step-up while an answer could mean consult)."""
    with pytest.raises(RuleError, match="cannot be removed") as info:
        default_rules().without("S.stop_open_questions")
    assert (info.value.rule_id, info.value.field) == ("S.stop_open_questions", "id")
    unasked = {**SAFE, "pregnant": None}
    advice = next_session(unasked, COMFORTABLE)
    assert (advice.action, advice.minutes) == ("stop", None)
    assert recommend(unasked).plan is None


def test_removing_the_sharp_pain_stops_is_refused():
    """Removing both rules that stop after sharp pain is refused, naming C5.session_sharp_pain;
    a sharp-pain log still gives stop (C5)."""
    with pytest.raises(RuleError, match=r"C5\.session_sharp_pain") as info:
        default_rules().without("C5.session_sharp_pain", "C5.session_recent_stop_sign")
    assert info.value.rule_id == "C5.session_sharp_pain"
    assert next_session(SAFE, SHARP).action == "stop"


def test_floor_of_stops_is_kept_through_packs(tmp_path):
    """A rule set derived from a pack-extended one keeps the stop floor: removal still refused."""
    pack = _pack_file(tmp_path, {"name": "vendor", "questions": [{**IMPLANT_Q, "safety": True}],
                                 "rules": [IMPLANT_AVOID]})
    extended = default_rules().with_pack(load_rules(pack))
    with pytest.raises(RuleError) as info:
        extended.without("C5.session_dizziness")
    assert info.value.rule_id == "C5.session_dizziness"


def test_turning_a_default_stop_into_another_action_is_refused():
    """Replacing the dizziness stop (C5) by a hold is refused, naming the rule and its value."""
    hold = default_rules()["C5.session_dizziness"].model_copy(update={
        "then": Outcome(value="hold", summary="Keep going.")})
    with pytest.raises(RuleError, match="cannot be changed") as info:
        default_rules().replace(hold)
    assert (info.value.rule_id, info.value.field) == ("C5.session_dizziness", "then.value")


def test_narrowing_a_default_stop_is_refused():
    """Replacing 'bleeding or bruising: stop' (C7, C8) by 'bleeding: stop' is refused: bruising
    alone would no longer stop."""
    narrower = default_rules()["C8.session_bleeding"].model_copy(update={
        "when": fact("last_bleeding").is_("yes")})
    with pytest.raises(RuleError, match="narrowed") as info:
        default_rules().replace(narrower)
    assert (info.value.rule_id, info.value.field) == ("C8.session_bleeding", "when")


def test_removing_a_stop_that_another_stop_covers_is_allowed():
    """A default stop may go when a pack's stop covers all it stopped: sharp pain still stops."""
    mine = Rule(id="vendor.sharp", topic="session.action", priority=-5,
                when=fact("last_sharp_pain").is_("yes"),
                then=Outcome(value="stop", summary="Sharp pain: stop."), sources=("C5",),
                basis="stated")
    moved = default_rules().with_pack([mine]).without("C5.session_sharp_pain")
    advice = next_session(SAFE, SHARP, rules=moved)
    assert advice.action == "stop"


def test_scratch_rule_set_without_a_stop_for_open_questions_is_refused():
    """Built from scratch, the default rules without S.stop_open_questions are refused: a
    session action would be advised while an open question could mean consult or avoid."""
    rules = [r for r in default_rules() if r.id != "S.stop_open_questions"]
    with pytest.raises(RuleError, match="open screening question") as info:
        RuleSet(rules)
    assert info.value.field == "when"
    assert default_rules()[info.value.rule_id].then.value != "stop"


def test_safety_proofs_report_every_lost_stop():
    """The proofs verify() reports (acumat.safety.breaches) list each removed default stop
    against the floor a derived rule set keeps, as proven errors."""
    base = default_rules()
    floor = base.with_pack([]).floor
    assert "S.stop_open_questions" in {r.id for r in floor}
    gone = {"C5.session_sharp_pain", "C5.session_recent_stop_sign", "S.stop_open_questions"}
    rules = [r for r in base if r.id not in gone]
    found = list(breaches(Space(rules, base.facts, floor), floor=floor))
    blamed = {b.rule_id for b in found if b.proven}
    assert {"C5.session_sharp_pain", "S.stop_open_questions"} <= blamed
    assert "C5.session_recent_stop_sign" in blamed
