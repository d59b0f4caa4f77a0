"""The durable-rules adapter: splitting, always-true rules, $or dedupe, error recovery, no threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import acumat
import acumat.engine
from acumat import (
    ALWAYS,
    AcumatError,
    EngineError,
    Outcome,
    Rule,
    RuleSet,
    UserProfile,
    Verdict,
    all_of,
    any_of,
    fact,
    recommend,
)
from acumat.facts import derive
from faultproxy import private_rules

SAFE = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 4},
}


def rule(rule_id: str, when) -> Rule:
    return Rule(id=rule_id, topic="safety", when=when, then=Outcome(summary=rule_id),
                basis="interpreted")


def fact_of(**answers) -> dict[str, str | int]:
    return derive(UserProfile.model_validate(answers)).fact


def big_ruleset() -> RuleSet:
    """150 threshold rules on two integer facts, more than one durable ruleset holds."""
    rules = []
    for i in range(150):
        if i % 3 == 0:
            when = fact("pain_severity").at_least(i % 11)
        elif i % 3 == 1:
            when = fact("sessions_completed").below(i // 2)
        else:
            when = all_of(fact("pain_severity").above(i % 7 - 1), fact("sessions_completed").at_most(i))
        rules.append(rule(f"big.{i}", when))
    return RuleSet(rules)


def test_big_ruleset_is_split_and_matches_reference():
    """A rule set larger than one durable ruleset is split and still fires what the reference fires."""
    rs = big_ruleset()
    eng, ref = rs.engine("profile"), rs.reference("profile")
    assert eng.rulesets > 1
    seen = set()
    for severity in (None, 0, 1, 3, 5, 6, 7, 9, 10):
        for sessions in (0, 1, 5, 30, 74, 75, 149, 150, 1000):
            f = fact_of(pain={"severity": severity}, sessions_completed=sessions)
            got = eng.fired(f)
            assert got == ref.fired(f), (severity, sessions)
            seen.add(len(got))
    assert len(seen) > 5  # the thresholds really separate the facts


def test_big_ruleset_expected_firings():
    """Hand-checked firings of the split rule set: pain 10, no sessions fires all 'at_least' rules."""
    rs = big_ruleset()
    f = fact_of(pain={"severity": 10}, sessions_completed=0)
    fired = set(rs.engine("profile").fired(f))
    assert set(range(0, 150, 3)) <= fired  # pain_severity >= 0..10 all hold at 10
    assert 1 not in fired  # sessions_completed < 0 is false
    assert 4 in fired  # sessions_completed < 2
    f_unknown = fact_of(sessions_completed=0)  # severity -1: no at_least rule holds
    assert not set(range(0, 150, 3)) & set(rs.engine("profile").fired(f_unknown))


def test_always_true_rule_fires():
    """An ALWAYS rule fires for any fact, alone and next to other rules."""
    rs = RuleSet([rule("always", ALWAYS)])
    assert rs.engine("profile").fired(fact_of()) == [0]
    assert rs.engine("profile").fired(fact_of(**SAFE)) == [0]
    mixed = RuleSet([rule("preg", fact("pregnant").is_("yes")), rule("always", ALWAYS)])
    assert mixed.engine("profile").fired(fact_of(pregnant=False)) == [1]
    assert mixed.engine("profile").fired(fact_of(pregnant=True)) == [0, 1]


def test_any_of_reports_rule_once():
    """An any_of rule with several true branches is reported once, in definition order."""
    rs = RuleSet([
        rule("first", fact("pregnant").is_("yes")),
        rule("either", any_of(fact("pregnant").is_("yes"), fact("skin_broken").is_("yes"),
                              fact("pain_severity").at_least(5))),
        rule("never", all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"))),
    ])
    eng = rs.engine("profile")
    f = fact_of(pregnant=True, skin={"broken": True}, pain={"severity": 8})
    assert eng.fired(f) == [0, 1]
    assert eng.fired(fact_of(pregnant=False, skin={"broken": True})) == [1]
    assert eng.fired(fact_of(pregnant=False, skin={"broken": False}, pain={"severity": 4})) == []
    assert eng.fired(f) == rs.reference("profile").fired(f)


def test_string_and_int_tests_do_not_mix():
    """Integer equality and string inequality tests give the same answers as in Python."""
    rs = RuleSet([rule("sessions1", fact("sessions_completed").is_(1)),
                  rule("not-yes", fact("pregnant").is_not("yes"))])
    eng = rs.engine("profile")
    assert eng.fired(fact_of(sessions_completed=1, pregnant=True)) == [0]
    assert eng.fired(fact_of(sessions_completed=0, pregnant=None)) == [1]


def test_engine_error_is_reported_and_recovered(monkeypatch):
    """An error inside durable-rules raises EngineError (no advice), and the next call is correct."""
    assert issubclass(EngineError, AcumatError)
    assert issubclass(EngineError, RuntimeError)
    profiles = [SAFE, {**SAFE, "blood_thinners": True}, {**SAFE, "pregnant": None}, {}]
    before = [recommend(p).model_dump_json() for p in profiles]
    dre = acumat.engine._dre
    real = dre.complete_and_start_action
    calls = {"n": 0}

    def flaky(handle, offset):
        calls["n"] += 1
        if calls["n"] == 1:
            raise dre.error("injected failure")
        return real(handle, offset)

    monkeypatch.setattr(dre, "complete_and_start_action", flaky)
    with pytest.raises(EngineError):
        recommend(SAFE)
    assert calls["n"] >= 1
    assert recommend(SAFE).verdict == Verdict.SUITABLE
    assert [recommend(p).model_dump_json() for p in profiles] == before
    monkeypatch.undo()
    assert [recommend(p).model_dump_json() for p in profiles] == before


@pytest.mark.parametrize("garble", [
    lambda name: name + "Z",  # a longer name starting with a real one
    lambda name: name[:-1],   # cut short: a prefix of a real name
])
def test_a_misnamed_action_is_refused_even_unchecked(monkeypatch, garble):
    """An action whose rule name is not exactly one of the engine's rules is an EngineError,
    also without the second opinion: never read as the rule its name starts like."""
    eng = acumat.engine.Engine([fact("sessions_completed").is_(1), fact("sessions_completed").is_(2)])
    one = {"sessions_completed": 1}
    assert eng.fired(one, check=False) == [0]
    dre = acumat.engine._dre
    real_start = dre.start_action_for_state

    def misnamed(handle, offset):
        got = real_start(handle, offset)
        if got is None or handle != eng._chunks[0].handle:
            return got
        # The first action is rule 0's; rename it to (a garbled) rule 1.
        head = got[1][:got[1].index('"', 2)]
        return got[0], '{"' + garble(head[2:].replace("r0", "r1", 1)) + got[1][len(head):]

    monkeypatch.setattr(dre, "start_action_for_state", misnamed)
    with pytest.raises(EngineError):
        eng.fired(one, check=False)
    monkeypatch.undo()
    assert eng.fired(one, check=False) == [0]
    assert eng.fired({"sessions_completed": 2}) == [1]


def test_after_a_failed_drain_no_silent_go_ahead(monkeypatch):
    """After an engine failure it cannot clean up, later calls are right or raise: no wrong 'suitable'."""
    # Engines of its own (identical rule sets would share theirs): the damage stays here.
    rules = private_rules("drain")
    thinners = {**SAFE, "blood_thinners": True}
    assert recommend(thinners, rules).verdict == Verdict.AVOID
    dre = acumat.engine._dre

    def broken(handle, offset):
        raise dre.error("always failing")

    monkeypatch.setattr(dre, "complete_and_start_action", broken)
    with pytest.raises(EngineError):
        recommend(thinners, rules)
    monkeypatch.undo()
    cases = [(thinners, Verdict.AVOID), ({**SAFE, "conditions": ["heart_disease"]}, Verdict.AVOID),
             ({**SAFE, "pregnant": True}, Verdict.CONSULT), ({}, Verdict.CAUTION),
             (SAFE, Verdict.SUITABLE)]
    for profile, expected in cases:
        try:
            got = recommend(profile, rules).verdict
        except EngineError:
            continue  # refusing to answer is safe
        assert got == expected, f"{profile}: {got}, the source says {expected}"


def test_missing_fact_field_is_an_engine_error():
    """A fact lacking a field a rule reads raises EngineError instead of deciding on a missing value."""
    rs = RuleSet([rule("preg", fact("pregnant").is_("yes"))])
    with pytest.raises(EngineError):
        rs.engine("profile").fired({"skin_broken": "yes"})


def _run_python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_import_starts_no_threads():
    """Importing acumat starts no threads."""
    out = _run_python("""
        import threading
        before = threading.active_count()
        import acumat
        print(before, threading.active_count())
    """)
    before, after = map(int, out.split())
    assert after == before


def test_recommend_starts_no_threads():
    """Evaluating profiles (building the engines) starts no background threads either."""
    out = _run_python("""
        import threading
        import acumat
        before = threading.active_count()
        acumat.recommend({"pregnant": True})
        acumat.recommend({})
        print(before, threading.active_count())
    """)
    before, after = map(int, out.split())
    assert after == before
