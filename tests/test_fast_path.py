"""recommend() and next_session() give byte-identical JSON to the plain glue on the reference evaluator."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_glue
from acumat import SessionLog, UserProfile, default_rules, load_rules, next_session, recommend
from acumat.rules.ruleset import RuleSet
from acumat.testing import histories, profiles

_PACK = Path(__file__).resolve().parents[1] / "examples" / "custom_pack.yaml"
_DEFAULT = default_rules()
_WITH_PACK = _DEFAULT.with_pack(load_rules(_PACK))
_U5 = default_rules("U5")
_SETTINGS = settings(max_examples=700, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))


def _same_recommendation(profile: UserProfile, rules: RuleSet) -> None:
    fast = recommend(profile, rules).model_dump_json()
    plain = oracle_glue.recommend(profile, rules).model_dump_json()
    assert fast == plain


def _same_advice(profile: UserProfile, logs: list[SessionLog], rules: RuleSet) -> None:
    fast = next_session(profile, logs, rules=rules).model_dump_json()
    plain = oracle_glue.next_session(profile, logs, rules=rules).model_dump_json()
    assert fast == plain


@_SETTINGS
@given(profiles())
def test_recommend_matches_plain_reference_path(profile: UserProfile) -> None:
    """recommend() with the default rules equals the plain glue on the reference evaluator."""
    _same_recommendation(profile, _DEFAULT)


@_SETTINGS
@given(profiles(rules=_WITH_PACK))
def test_recommend_with_pack_matches_plain_reference_path(profile: UserProfile) -> None:
    """With examples/custom_pack.yaml added (extra questions too), the outputs are identical."""
    _same_recommendation(profile, _WITH_PACK)


@_SETTINGS
@given(profiles(), histories(max_size=12), st.sampled_from([_DEFAULT, _U5]))
def test_next_session_matches_plain_reference_path(profile: UserProfile, logs: list[SessionLog],
                                                   rules: RuleSet) -> None:
    """next_session() (U4 and U5 readings) equals the plain glue on the reference evaluator."""
    _same_advice(profile, logs, rules)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(profiles(rules=_WITH_PACK), histories(max_size=8))
def test_next_session_with_pack_matches_plain_reference_path(profile: UserProfile,
                                                             logs: list[SessionLog]) -> None:
    """next_session() with the example pack equals the plain glue on the reference evaluator."""
    _same_advice(profile, logs, _WITH_PACK)


def test_safe_profiles_exercise_the_plan_path() -> None:
    """The generated profiles reach mats and plans, so the comparison covers building them."""
    safe = UserProfile(pregnant=False, blood_thinners=False, medications=[], conditions=[],
                       skin={"broken": False, "infection": False, "allergy": False,
                             "sensitive": False}, pain={"region": "lower", "severity": 3, "weeks": 2})
    rec = recommend(safe)
    assert rec.mat is not None and rec.plan is not None
    _same_recommendation(safe, _DEFAULT)
