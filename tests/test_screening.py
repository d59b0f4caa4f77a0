"""Scenario tests: each contraindication of the source (C1–C15) against recommend().

Expected verdicts come from seed/statements.md: the "avoid" statements (C1–C3,
C7–C11) give ``avoid``; "see a doctor first" (C4, C12) and severe pain outside the
"mild to moderate" claim (C13) give ``consult``; C15 is always said.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from acumat import Recommendation, Verdict, recommend

SAFE: dict[str, Any] = {
    "pregnant": False,
    "blood_thinners": False,
    "medications": [],
    "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 4},
}

SAFETY_FIELDS = (
    "pregnant", "blood_thinners", "conditions", "skin.broken", "skin.infection", "skin.allergy",
    "skin.sensitive", "pain.severity",
)


def profile(**changes: Any) -> dict[str, Any]:
    """SAFE with dotted paths changed, e.g. profile(**{"skin.broken": True})."""
    p = copy.deepcopy(SAFE)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = p
        for key in parents:
            node = node[key]
        node[last] = value
    return p


def sources_of(rec: Recommendation) -> set[str]:
    return {s for f in rec.findings for s in f.sources}


def findings_citing(rec: Recommendation, sid: str) -> list:
    return [f for f in rec.findings if sid in f.sources]


def unanswered_fields(rec: Recommendation) -> list[str]:
    return [u.field for u in rec.unanswered]


def assert_no_go(rec: Recommendation, verdict: Verdict, sid: str) -> None:
    assert rec.verdict == verdict
    cited = findings_citing(rec, sid)
    assert cited, f"no finding cites {sid}: {[f.rule_id for f in rec.findings]}"
    assert any(f.level == verdict for f in cited), f"no {sid} finding at level {verdict}"
    assert rec.mat is None
    assert rec.plan is None


AVOID_CASES = [
    pytest.param({"skin.broken": True}, "C1", id="C1-broken-skin"),
    pytest.param({"skin.allergy": True}, "C2", id="C2-skin-allergy"),
    pytest.param({"skin.infection": True}, "C3", id="C3-skin-infection"),
    pytest.param({"skin.sensitive": True}, "C11", id="C11-sensitive-skin"),
    pytest.param({"conditions": ["bleeding_disorder"]}, "C7", id="C7-bleeding-disorder"),
    pytest.param({"blood_thinners": True}, "C8", id="C8-blood-thinners-flag"),
    pytest.param({"conditions": ["heart_disease"]}, "C9", id="C9-heart-disease"),
    pytest.param({"conditions": ["severe_nerve_damage"]}, "C10", id="C10-severe-nerve-damage"),
]


@pytest.mark.parametrize(("changes", "sid"), AVOID_CASES)
def test_avoid_contraindications(changes, sid):
    """Each 'avoid' statement of the source (C1–C3, C7–C11) gives avoid, cites it, and no mat or plan."""
    rec = recommend(profile(**changes))
    assert_no_go(rec, Verdict.AVOID, sid)
    assert rec.unanswered == ()


CONSULT_CASES = [
    pytest.param({"pregnant": True}, "C4", id="C4-pregnant"),
    pytest.param({"conditions": ["severe_injury"]}, "C12", id="C12-severe-injury"),
    pytest.param({"conditions": ["other_serious"]}, "C12", id="C12-other-serious"),
    *(pytest.param({"pain.severity": s}, "C13", id=f"C13-severity-{s}") for s in (7, 8, 9, 10)),
]


@pytest.mark.parametrize(("changes", "sid"), CONSULT_CASES)
def test_consult_contraindications(changes, sid):
    """Pregnancy (C4), severe injury / serious condition (C12), pain 7–10 (C13) give consult, no mat or plan."""
    rec = recommend(profile(**changes))
    assert_no_go(rec, Verdict.CONSULT, sid)
    assert rec.unanswered == ()


@pytest.mark.parametrize(
    "medication",
    ["Eliquis 5 mg", "warfarin", "Warfarin", "Xarelto 20mg tablet", "xeralto", "clopidogrel"],
)
def test_listed_blood_thinner_avoids_and_names_it(medication):
    """A blood thinner on the medication list gives avoid (C8) even when blood_thinners=False, naming it."""
    rec = recommend(profile(blood_thinners=False, medications=["vitamin D", medication]))
    assert_no_go(rec, Verdict.AVOID, "C8")
    c8 = findings_citing(rec, "C8")
    assert any(medication.lower() in f.detail.lower() for f in c8), [f.detail for f in c8]
    assert "vitamin d" not in " ".join(f.detail.lower() for f in c8)


@pytest.mark.parametrize(
    "medication",
    [
        "blood thinner",  # the person names the class itself: C8 says "who take blood thinners"
        "anticoagulant",
        "Previscan 20 mg",  # fluindione, a vitamin K antagonist (ATC B01AA12)
        "nadroparin",  # a low-molecular-weight heparin (ATC B01AB06), brand Fraxiparine
        "Fraxiparine 0.4 ml injection",
        "ticlopidine",  # an antiplatelet (ATC B01AC05)
    ],
)
def test_other_blood_thinners_on_the_list_avoid(medication):
    """Any blood thinner on the list, even one answered 'no', gives avoid (C8): never a go-ahead."""
    rec = recommend(profile(blood_thinners=False, medications=[medication]))
    assert rec.verdict == Verdict.AVOID, f"{medication!r} read as no blood thinner: {rec.verdict}"
    assert findings_citing(rec, "C8")


@pytest.mark.parametrize("answer", [None, True, False])
def test_listed_blood_thinner_wins_over_any_answer(answer):
    """Warfarin on the list gives avoid whatever blood_thinners says, and is never 'unanswered'."""
    rec = recommend(profile(blood_thinners=answer, medications=["warfarin"]))
    assert_no_go(rec, Verdict.AVOID, "C8")
    assert "blood_thinners" not in unanswered_fields(rec)


def test_unrelated_medications_do_not_answer_the_thinner_question():
    """blood_thinners=None with only unrelated medicines stays unanswered (caution), not read as 'no'."""
    rec = recommend(profile(blood_thinners=None, medications=["paracetamol", "metformin"]))
    assert rec.verdict == Verdict.CAUTION
    assert unanswered_fields(rec) == ["blood_thinners"]
    assert not any(f.level == Verdict.AVOID for f in rec.findings)


def test_unrelated_medications_with_no_thinners_stay_suitable():
    """Answered 'no' blood thinners with unrelated medicines is suitable (no false alarm)."""
    rec = recommend(profile(medications=["paracetamol", "metformin", "vitamin D"]))
    assert rec.verdict == Verdict.SUITABLE
    assert not [f for f in findings_citing(rec, "C8") if f.topic == "safety"]


@pytest.mark.parametrize("severity", range(7))
def test_fully_answered_safe_profile_is_suitable(severity):
    """All safety answers 'no' and pain 0–6 (mild to moderate, C13) is suitable with a mat and plan."""
    rec = recommend(profile(**{"pain.severity": severity}))
    assert rec.verdict == Verdict.SUITABLE
    assert rec.unanswered == ()
    assert rec.mat is not None
    assert rec.plan is not None
    assert rec.plan.weeks
    assert not any(f.level is not None and f.level > Verdict.SUITABLE for f in rec.findings)


def test_severity_six_is_not_severe():
    """Pain 6 is moderate: no C13 consult finding; 7 is the first severe value."""
    six = recommend(profile(**{"pain.severity": 6}))
    seven = recommend(profile(**{"pain.severity": 7}))
    assert six.verdict == Verdict.SUITABLE
    assert not findings_citing(six, "C13")
    assert seven.verdict == Verdict.CONSULT


@pytest.mark.parametrize(
    "changes",
    [{}, {"pregnant": True}, {"skin.broken": True}, {"pregnant": None}, {"pain.severity": 9}],
    ids=["suitable", "consult", "avoid", "caution", "severe-pain"],
)
def test_c15_always_present(changes):
    """Every recommendation carries the C15 'alongside proper care and a doctor's advice' finding."""
    rec = recommend(profile(**changes))
    assert findings_citing(rec, "C15")


#: What a "yes" to each screening question leads to, by the source: pregnancy → doctor first (C4);
#: blood thinners, clotting disorder/heart disease/nerve damage, broken/infected/allergic/sensitive
#: skin → avoid (C8, C7, C9, C10, C1, C3, C2, C11); severe pain → doctor first (C13).
IF_YES = {"pregnant": Verdict.CONSULT, "blood_thinners": Verdict.AVOID, "conditions": Verdict.AVOID,
          "skin.broken": Verdict.AVOID, "skin.infection": Verdict.AVOID,
          "skin.allergy": Verdict.AVOID, "skin.sensitive": Verdict.AVOID,
          "pain.severity": Verdict.CONSULT}


@pytest.mark.parametrize("field", SAFETY_FIELDS)
def test_each_unanswered_question_gives_caution_and_withholds_the_mat(field):
    """One unanswered screening question alone gives caution, lists exactly that field with what
    its "yes" would lead to, and withholds mat and plan (the "yes" would mean consult or avoid)."""
    rec = recommend(profile(**{field: None}))
    assert rec.verdict == Verdict.CAUTION
    assert unanswered_fields(rec) == [field]
    assert rec.unanswered[0].question.strip()
    assert rec.unanswered[0].if_yes_verdict == IF_YES[field]
    want = "do not use the mat" if IF_YES[field] == Verdict.AVOID else "see a doctor"
    assert want in rec.unanswered[0].if_yes
    assert rec.mat is None and rec.plan is None and rec.awaiting_answers
    assert rec.explain().startswith("Verdict: CAUTION. acumat cannot advise a mat")


def test_omitted_fields_count_as_unanswered():
    """Omitting the keys (not just null) leaves every safety question unanswered: caution, all listed."""
    rec = recommend({})
    assert rec.verdict == Verdict.CAUTION
    assert set(unanswered_fields(rec)) == set(SAFETY_FIELDS)
    no_skin = recommend({k: v for k, v in SAFE.items() if k != "skin"})
    assert set(unanswered_fields(no_skin)) == {"skin.broken", "skin.infection", "skin.allergy",
                                               "skin.sensitive"}
    no_pain = recommend({k: v for k, v in SAFE.items() if k != "pain"})
    assert unanswered_fields(no_pain) == ["pain.severity"]
    assert no_pain.verdict == Verdict.CAUTION


def test_worst_finding_decides():
    """Several risks together: the verdict is the worst (avoid beats consult beats caution)."""
    rec = recommend(profile(pregnant=True, conditions=["heart_disease"], **{"skin.allergy": None}))
    assert rec.verdict == Verdict.AVOID
    assert {"C4", "C9"} <= sources_of(rec)
    assert unanswered_fields(rec) == ["skin.allergy"]
    assert rec.mat is None
    assert rec.plan is None
    consult = recommend(profile(pregnant=True, **{"skin.allergy": None}))
    assert consult.verdict == Verdict.CONSULT
    assert consult.plan is None


def test_all_conditions_are_reported():
    """With every listed condition, each cites its own statement (C7, C9, C10, C12)."""
    rec = recommend(profile(conditions=["bleeding_disorder", "heart_disease", "severe_nerve_damage",
                                        "severe_injury", "other_serious"]))
    assert rec.verdict == Verdict.AVOID
    assert {"C7", "C9", "C10", "C12"} <= sources_of(rec)


def test_explain_states_the_verdict():
    """explain() names the verdict in capitals and the rule behind an avoid."""
    text = recommend(profile(blood_thinners=True)).explain()
    assert "AVOID" in text
    assert "C8" in text
    assert "AVOID" not in recommend(profile()).explain()
    assert "SUITABLE" in recommend(profile()).explain()
