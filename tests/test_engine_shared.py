"""Shared engines, fire_many, the replacement cap, threads and pickling."""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import acumat.engine
from acumat import EngineError, Verdict, default_rules, load_rules, recommend
from acumat.facts import derive
from acumat.profile import UserProfile
from faultproxy import FaultyDurable, private_rules
from mixed import KNOWN, SAFE, mixed_profiles

REAL = acumat.engine._dre


def _facts(n: int, seed: int) -> list[dict[str, str | int]]:
    return [derive(UserProfile.model_validate(p)).fact for p in mixed_profiles(n, seed=seed)]


def test_identical_rule_sets_share_their_engines():
    """Two builds of the same pack-extended rule set use the very same engine at every stage."""
    pack = load_rules("examples/custom_pack.yaml")
    a, b = default_rules().with_pack(pack), default_rules().with_pack(pack)
    assert a is not b
    for stage in ("profile", "guidance", "session"):
        assert a.engine(stage) is b.engine(stage)


def test_stages_are_shared_one_by_one():
    """A pack that adds only screening rules shares the default guidance and session engines."""
    base = default_rules()
    extended = base.with_pack(load_rules("examples/custom_pack.yaml"))
    assert extended.engine("profile") is not base.engine("profile")
    assert extended.engine("guidance") is base.engine("guidance")
    assert extended.engine("session") is base.engine("session")


def test_a_pickled_copy_shares_the_engine_in_the_same_process():
    """A RuleSet unpickled here rebuilds nothing: its conditions find the existing engines."""
    rs = default_rules()
    copy = pickle.loads(pickle.dumps(rs))
    assert copy is not rs
    assert copy.engine("profile") is rs.engine("profile")
    assert recommend({**SAFE, "pregnant": True}, copy).verdict == Verdict.CONSULT


def test_fire_many_equals_fire_one_by_one():
    """fire_many gives, for each fact, exactly the rules fire gives, at every checked stage."""
    rs = default_rules()
    facts = _facts(200, seed=5)
    assert rs.fire_many("profile", facts) == [rs.fire("profile", f) for f in facts]
    g = [{**f, "verdict": "caution"} for f in facts]
    assert rs.fire_many("guidance", g) == [rs.fire("guidance", f) for f in g]
    assert rs.fire_many("profile", []) == []


def test_fire_many_riskiest_answer_raises_the_verdict():
    """Setting one open answer to 'yes' in fire_many finds the rule that answer would fire (C8)."""
    rs = default_rules()
    fact = derive(UserProfile.model_validate({**SAFE, "blood_thinners": None})).fact
    what_if = [fact, {**fact, "blood_thinners": "yes"}]
    now, if_yes = rs.fire_many("profile", what_if)
    assert max((r.then.level for r in now if r.then.level), default=None) == Verdict.CAUTION
    assert any("C8" in r.sources and r.then.level == Verdict.AVOID for r in if_yes)


def test_fire_many_refuses_the_whole_batch_on_a_fault(monkeypatch):
    """A fault in one evaluation of fire_many raises EngineError (no partial list); the next call is right."""
    rules = private_rules("many")
    facts = _facts(20, seed=7)
    expected = rules.fire_many("profile", facts)
    proxy = FaultyDurable(REAL)
    monkeypatch.setattr(acumat.engine, "_dre", proxy)
    proxy.at("complete_and_start_action", 30, "before", MemoryError)
    with pytest.raises(EngineError, match="MemoryError"):
        rules.fire_many("profile", facts)
    assert rules.fire_many("profile", facts) == expected


def test_fire_many_checks_against_the_reference(monkeypatch):
    """A lost screening action inside fire_many is a disagreement with the reference: EngineError."""
    rules = private_rules("many-drop")
    facts = [derive(UserProfile.model_validate(p)).fact for p, _ in KNOWN[1:]]  # each fires a rule
    expected = rules.fire_many("profile", facts)
    proxy = FaultyDurable(REAL)
    monkeypatch.setattr(acumat.engine, "_dre", proxy)
    proxy.drop_first()
    with pytest.raises(EngineError, match="disagree"):
        rules.fire_many("profile", facts)
    proxy.off()
    assert rules.fire_many("profile", facts) == expected


def test_eight_threads_fire_many_exact():
    """8 threads calling fire_many and fire on one shared engine get the single-thread answers."""
    rs = default_rules()
    facts = _facts(300, seed=11)
    expected = [rs.fire("profile", f) for f in facts]
    barrier = threading.Barrier(8)

    def work(worker: int) -> int:
        barrier.wait()
        wrong = 0
        for k in range(0, len(facts), 10):
            part = facts[k:k + 10]
            got = (rs.fire_many("profile", part) if worker % 2
                   else [rs.fire("profile", f) for f in part])
            wrong += sum(g != e for g, e in zip(got, expected[k:k + 10], strict=True))
        return wrong

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(8))) == [0] * 8


def test_an_engine_that_keeps_breaking_stops_replacing_and_refuses(monkeypatch):
    """After MAX_REPLACEMENTS rebuilds an engine refuses every call (EngineError) instead of growing."""
    rules = private_rules("cap")
    assert recommend(SAFE, rules).verdict == Verdict.SUITABLE
    proxy = FaultyDurable(REAL)
    monkeypatch.setattr(acumat.engine, "_dre", proxy)

    def broken(*args: Any) -> Any:
        raise REAL.error("always failing")

    monkeypatch.setattr(proxy, "complete_and_start_action", broken)
    for _ in range(acumat.engine.MAX_REPLACEMENTS + 5):
        with pytest.raises(EngineError):
            recommend(SAFE, rules)
    eng = rules.engine("profile")
    assert eng.replacements == acumat.engine.MAX_REPLACEMENTS
    created = proxy.seen["create_ruleset"]
    assert created <= acumat.engine.MAX_REPLACEMENTS
    monkeypatch.undo()
    with pytest.raises(EngineError, match="refuses to answer"):
        recommend(SAFE, rules)
    # Other rule sets are not affected.
    assert recommend(SAFE).verdict == Verdict.SUITABLE


def test_registry_is_bounded():
    """However many distinct rule sets are built, the registry keeps at most MAX_SHARED engines."""
    for i in range(acumat.engine.MAX_SHARED + 10):
        private_rules(f"bound{i}").engine("profile")
    _, kept = acumat.engine.shared_count()
    assert kept == acumat.engine.MAX_SHARED


def test_a_ruleset_that_keeps_disagreeing_is_rebuilt(monkeypatch):
    """One disagreement only refuses that answer; STRIKES in a row rebuild the durable ruleset."""
    rules = private_rules("strikes")
    thinners = {**SAFE, "blood_thinners": True}
    assert recommend(thinners, rules).verdict == Verdict.AVOID
    eng = rules.engine("profile")
    proxy = FaultyDurable(REAL)
    monkeypatch.setattr(acumat.engine, "_dre", proxy)
    proxy.drop_first()
    with pytest.raises(EngineError, match="disagree"):
        recommend(thinners, rules)
    proxy.off()
    assert recommend(thinners, rules).verdict == Verdict.AVOID
    assert eng.replacements == 0  # cleaned up in place
    proxy.drop_first()
    for _ in range(acumat.engine.STRIKES):
        with pytest.raises(EngineError, match="disagree"):
            recommend(thinners, rules)
    proxy.off()
    assert recommend(thinners, rules).verdict == Verdict.AVOID
    assert eng.replacements == 1


def test_equivalent_but_different_conditions_do_not_share():
    """Only the very same condition trees share an engine (the second opinion is compiled from them)."""
    from acumat import Outcome, Rule, RuleSet, all_of, any_of, fact

    a, b, c = fact("pregnant").is_("yes"), fact("skin_broken").is_("yes"), fact("skin_infection").is_("yes")

    def one(when: Any) -> RuleSet:
        return default_rules().with_pack([Rule(
            id="x", topic="safety", when=when, basis="interpreted", note="test",
            then=Outcome(level="caution", summary="x"))])

    nested, flat = one(all_of(a, any_of(b, c))), one(any_of(all_of(a, b), all_of(a, c)))
    assert nested.engine("profile") is not flat.engine("profile")
    assert one(all_of(a, any_of(b, c))).engine("profile") is nested.engine("profile")
