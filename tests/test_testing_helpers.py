"""acumat.testing: strategies and ready-made property checks users run on their packs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from acumat import Outcome, Rule, Verdict, default_rules, fact, recommend
from acumat.testing import (
    assert_engine_matches_reference,
    assert_monotone,
    assert_unknown_not_safe,
    histories,
    profiles,
)


@settings(max_examples=100, deadline=None)
@given(profiles(safe=True))
def test_safe_profiles_are_suitable(profile):
    """profiles(safe=True) draws only profiles the default rules call suitable."""
    assert recommend(profile).verdict == Verdict.SUITABLE


@settings(max_examples=50, deadline=None)
@given(profiles(pregnant=True))
def test_fixed_answers_stay_fixed(profile):
    """A keyword of profiles() fixes that answer."""
    assert profile.pregnant is True


@settings(max_examples=50, deadline=None)
@given(histories())
def test_histories_are_date_ordered(logs):
    """histories() draws logs in date order."""
    assert [log.day for log in logs] == sorted(log.day for log in logs)


def test_safe_refuses_conflicting_keywords():
    """safe=True with a fixed safety answer is an error naming the conflict."""
    with pytest.raises(ValueError, match="safe=True"):
        profiles(safe=True, pregnant=True)


def test_checks_pass_on_default_rules():
    """The ready-made checks pass on the default rules."""
    assert_monotone(max_examples=60)
    assert_unknown_not_safe(max_examples=60)
    assert_engine_matches_reference(max_examples=60)


@pytest.fixture
def unproven(monkeypatch):
    """Let RuleSet construction skip its safety proofs (with a private cache of outcomes), so
    the property checks can be shown to catch rule sets that acumat itself would refuse."""
    import acumat.rules.checks as checks

    monkeypatch.setattr(checks, "prove_safe", lambda *args: None)
    monkeypatch.setattr(checks, "_CHECKED", {})


def test_monotone_check_catches_a_bad_pack(unproven):
    """assert_monotone fails for a pack that avoids on 'not pregnant' (a lowered verdict)."""
    bad = default_rules().with_pack([Rule(
        id="x.bad", topic="safety", when=fact("pregnant").is_("no"),
        then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    with pytest.raises(AssertionError):
        assert_monotone(bad, max_examples=200)


def test_unknown_check_catches_a_missing_unknown_rule(unproven):
    """assert_unknown_not_safe fails when the unanswered-skin rule is removed."""
    weak = default_rules().without("unknown.skin_broken")
    with pytest.raises(AssertionError):
        assert_unknown_not_safe(weak, max_examples=300)
