"""Fact assignment -> profile (and history): the profile derives back to the assignment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumat import Outcome, Rule, RuleError, default_rules, fact, load_rules, next_session, recommend, verify
from acumat.evaluate import evaluate
from acumat.example_profiles import ON, NoExampleError, history_for, profile_for
from acumat.facts import derive
from acumat.profile import Condition, Therapy, UserProfile
from acumat.progress import session_fact

TRI = st.sampled_from(["yes", "no", "unknown"])
BANDS = {"none": (0, 0), "mild": (1, 3), "moderate": (4, 6), "severe": (7, 10)}


@st.composite
def assignments(draw):
    """Profile-stage fact assignments that one profile can give (coupled facts drawn together)."""
    f = {n: draw(TRI) for n in ("pregnant", "skin_broken", "skin_infection", "skin_allergy",
                                "skin_sensitive", "portable")}
    listed = draw(st.booleans())
    f["blood_thinner_listed"] = "yes" if listed else "no"
    f["blood_thinners"] = "yes" if listed else draw(TRI)
    if draw(st.booleans()):
        f.update({c.value: "unknown" for c in Condition})
    else:
        f.update({c.value: draw(st.sampled_from(["yes", "no"])) for c in Condition})
    severity = draw(st.none() | st.integers(0, 10))
    f["pain_severity"] = -1 if severity is None else severity
    f["pain_band"] = "unknown" if severity is None else next(
        b for b, (lo, hi) in BANDS.items() if lo <= severity <= hi)
    weeks = draw(st.none() | st.integers(0, 200))
    f["pain_weeks"] = -1 if weeks is None else weeks
    f["chronic_pain"] = "unknown" if weeks is None else ("yes" if weeks >= 12 else "no")
    f["pain_region"] = draw(st.sampled_from(["lower", "middle", "upper", "unknown"]))
    f["sessions_completed"] = draw(st.integers(0, 100))
    f["intensity"] = draw(st.sampled_from(["gentle", "moderate", "strong", "unknown"]))
    for t in Therapy:
        f[f"therapy_{t.value}"] = draw(st.sampled_from(["yes", "no"]))
    return f


@settings(max_examples=300, deadline=None)
@given(facts=assignments())
def test_profile_derives_back_to_its_assignment(facts):
    """profile_for(facts) is a valid profile whose derived facts are exactly ``facts``."""
    profile = UserProfile.model_validate(profile_for(facts))
    derived = derive(profile).fact
    assert {k: derived[k] for k in facts} == facts


def test_partial_assignment_gets_neutral_answers():
    """Facts left out are answered "no" (screening), so a lone pregnancy gives consult, not caution."""
    profile = profile_for({"pregnant": "yes"})
    assert recommend(profile).verdict == "consult"
    assert recommend(profile_for({})).verdict == "suitable"


def test_impossible_combination_is_refused():
    """Severe band with pain 2, or a listed blood thinner answered 'no', has no profile."""
    with pytest.raises(NoExampleError):
        profile_for({"pain_band": "severe", "pain_severity": 2})
    with pytest.raises(NoExampleError):
        profile_for({"blood_thinner_listed": "yes", "blood_thinners": "no"})


def test_extra_questions_are_answered_from_their_facts():
    """A pack's extra facts become UserProfile.extra answers that derive back."""
    rules = default_rules().with_pack(load_rules("examples/custom_pack.yaml"))
    profile = profile_for({"extra_epilepsy": "yes", "extra_pacemaker": "unknown"}, rules)
    assert profile["extra"] == {"epilepsy": True, "pacemaker": None}
    assert recommend(profile, rules).verdict == "consult"


@settings(max_examples=60, deadline=None)
@given(streak=st.integers(1, 10), minutes=st.integers(2, 30), gap=st.integers(1, 20),
       discomfort=st.integers(0, 3))
def test_history_gives_the_session_facts(streak, minutes, gap, discomfort):
    """history_for builds logs whose session facts are the ones asked for."""
    rules = default_rules()
    profile = profile_for({})
    want = {"history": "logged", "comfortable_streak": streak, "last_minutes": minutes,
            "gap_days": gap, "last_discomfort": discomfort}
    logs = history_for(want, profile, rules)
    got = session_fact(evaluate(profile, rules), [*map(_log, logs)], ON)
    assert {k: got[k] for k in want} == want


def _log(x):
    from acumat.history import SessionLog

    return SessionLog.model_validate(x)


def test_verify_examples_reproduce_with_recommend_and_next_session():
    """verify()'s conflict and gap examples reproduce: both size rules fire; no session action is decided."""
    size = Rule(id="x.size", topic="mat.size", when=fact("portable").is_("yes"),
                then=Outcome(value="full", summary="s"), basis="interpreted", priority=10)
    rules = default_rules().without("U6.hold").with_pack([size])
    report = verify(rules)
    conflict = next(f for f in report.findings if f.kind == "conflict")
    ev = evaluate(conflict.example["profile"], rules)
    assert {"x.size", "M8.size_compact"} <= {r.id for r in ev.guidance}
    gap = next(f for f in report.findings if f.kind == "gap" and "session.action" in f.message)
    ex = gap.example
    assert ex["history"] is not None
    with pytest.raises(RuleError, match="decide no action"):
        next_session(ex["profile"], ex["history"], on=ON, rules=rules)


def test_verify_gives_findings_when_the_rule_set_cannot_plan():
    """Without any plan-start rule verify() still reports the gap (its examples cannot be advised)."""
    rules = default_rules()
    rules = rules.without(*(r.id for r in rules if r.topic == "plan.start"))
    report = verify(rules)
    assert any(f.kind == "gap" and "plan.start" in f.message for f in report.findings)
