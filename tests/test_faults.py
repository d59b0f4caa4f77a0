"""Faults injected into every durable-rules C call: EngineError, never advice from a bad answer.

Each fault kind (see ``faultproxy``): the C call raises MemoryError, RuntimeError or
SystemError (before or after doing its work), returns garbage, or silently loses an
action while still returning the sentinel last. For each, ``recommend()`` and
``next_session()`` raise :class:`acumat.EngineError` (never a verdict, let alone a
lower one), the C module's own exception never escapes, and later calls answer
exactly as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

import acumat.engine
from acumat import EngineError, Verdict, default_rules, next_session, recommend
from acumat.combine import plan_of
from faultproxy import ERRORS, EVALUATION_CALLS, GARBAGE, FaultyDurable, private_rules
from mixed import KNOWN, LOG, SAFE, mixed_profiles

REAL = acumat.engine._dre
_tags = itertools.count()


@pytest.fixture
def rules() -> Any:
    """A rule set with engines of its own (the default answers), so damage stays in the test."""
    return private_rules(f"faults{next(_tags)}")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> FaultyDurable:
    """The C module behind a fault-injecting proxy (no fault armed yet)."""
    p = FaultyDurable(REAL)
    monkeypatch.setattr(acumat.engine, "_dre", p)
    return p


def _answers(rules: Any) -> list[str]:
    out = [recommend(p, rules).model_dump_json() for p, _ in KNOWN]
    out.append(next_session(SAFE, [LOG], rules=rules).model_dump_json())
    out.append(next_session(SAFE, [{**LOG, "symptoms": ["dizziness"]}], rules=rules)
               .model_dump_json())
    return out


def _calls(proxy: FaultyDurable, run: Callable[[], object]) -> dict[str, int]:
    before = dict(proxy.seen)
    run()
    return {name: proxy.seen[name] - before.get(name, 0) for name in EVALUATION_CALLS}


def _kinds() -> list[tuple[str, type[BaseException]]]:
    return [(kind, err) for kind in ("before", "after") for err in ERRORS] + [
        ("garbage", RuntimeError)]


@pytest.mark.parametrize("entry", ["recommend", "next_session"])
@pytest.mark.parametrize("name", EVALUATION_CALLS)
@pytest.mark.parametrize(("kind", "error"), _kinds())
def test_fault_in_any_c_call_raises_engine_error_and_later_answers_are_right(
        rules, proxy, entry, name, kind, error):
    """A C call that raises (before or after its work) or returns garbage gives EngineError."""
    thinners = {**SAFE, "blood_thinners": True}
    run: Callable[[], object] = (
        (lambda: recommend(thinners, rules)) if entry == "recommend"
        else (lambda: next_session(SAFE, [{**LOG, "symptoms": ["dizziness"]}], rules=rules)))
    expected = _answers(rules)
    counts = _calls(proxy, run)
    # The first, a middle and the last call of that function in one evaluation.
    for n in sorted({1, (counts[name] + 1) // 2, counts[name]}):
        proxy.at(name, n, kind, error)
        with pytest.raises(EngineError) as info:
            run()
        assert not isinstance(info.value, (MemoryError, SystemError)), info.value
        assert proxy.injected[kind] >= 1
        assert _answers(rules) == expected, (name, n)
    assert rules.engine("profile").replacements == 0  # every one was cleaned up in place


def test_fault_while_creating_a_ruleset_is_an_engine_error(proxy):
    """MemoryError from create_ruleset surfaces as EngineError; the next call builds the engine."""
    rules = private_rules(f"create{next(_tags)}")
    proxy.at("create_ruleset", 1, "before", MemoryError)
    with pytest.raises(EngineError, match="MemoryError"):
        recommend(SAFE, rules)
    assert recommend(SAFE, rules).verdict == Verdict.SUITABLE
    assert recommend({**SAFE, "blood_thinners": True}, rules).verdict == Verdict.AVOID


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_from_assert_is_refused(rules, proxy, garbage):
    """Every garbage value from assert_fact is refused before it is used as a state offset."""
    expected = _answers(rules)
    proxy.at("assert_fact", 1, "garbage")
    proxy._rng.choice = lambda seq: garbage  # type: ignore[method-assign]
    with pytest.raises(EngineError):
        recommend(SAFE, rules)
    assert _answers(rules) == expected


def _profile_handles(rules: Any) -> Callable[[int], bool]:
    eng = rules.engine("profile")
    return lambda handle: handle in {ch.handle for ch in eng._chunks}


def test_dropping_the_first_action_never_gives_a_lower_verdict(rules, proxy):
    """Losing the first screening action (sentinel still last) is refused, never misread.

    The only answers given are the fault-free ones: the lost action was then a duplicate
    (a second true branch of an any_of rule), which changes nothing.
    """
    profiles = [p for p, _ in KNOWN] + mixed_profiles(300, seed=13)
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    refused = wrong = 0
    for p, want in zip(profiles, expected, strict=True):
        proxy.drop_first(_profile_handles(rules))
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            refused += 1
        else:
            wrong += got != want
        finally:
            proxy.off()
        assert recommend(p, rules).model_dump_json() == want  # checked, so it is right again
    assert wrong == 0
    assert refused >= 0.9 * len(profiles)
    for p, _verdict in KNOWN:  # each known profile's first action is a rule of its own
        proxy.drop_first(_profile_handles(rules))
        with pytest.raises(EngineError):
            recommend(p, rules)
        proxy.off()


def test_dropping_a_session_action_never_loses_a_stop(rules, proxy):
    """Losing the first session action (e.g. the stop for dizziness, C5) raises EngineError."""
    dizzy = [{**LOG, "symptoms": ["dizziness"]}]
    assert next_session(SAFE, dizzy, rules=rules).action == "stop"
    eng = rules.engine("session")
    proxy.drop_first(lambda handle: handle in {ch.handle for ch in eng._chunks})
    with pytest.raises(EngineError, match="disagree"):
        next_session(SAFE, dizzy, rules=rules)
    proxy.off()
    assert next_session(SAFE, dizzy, rules=rules).action == "stop"


def test_lost_guidance_actions_are_refused(rules, proxy):
    """Lost guidance actions (mat and plan choices; 10 % of collect calls): right answer or EngineError."""
    # Fully answered, safe profiles, so that every call reaches the guidance stage.
    profiles = [{**SAFE, "sessions_completed": i % 40,
                 "pain": {"region": ("lower", "middle", "upper")[i % 3], "severity": i % 7,
                          "weeks": 1 + i % 20},
                 "preferences": {"intensity": ("gentle", "moderate", "strong")[i % 3],
                                 "portable": bool(i % 2)}} for i in range(300)]
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    eng = rules.engine("guidance")
    proxy.randomly(0.10, kinds=("drop",),
                   drop_ok=lambda handle: handle in {ch.handle for ch in eng._chunks})
    refused = 0
    for p, want in zip(profiles, expected, strict=True):
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            refused += 1
            continue
        assert got == want
    proxy.off()
    assert refused >= 20  # lost actions were noticed
    assert [recommend(p, rules).model_dump_json() for p in profiles] == expected


def test_dropping_random_screening_actions_gives_right_answers_or_engine_error(rules, proxy):
    """Lost screening actions (5 % of collect calls): each answer is the fault-free one or EngineError."""
    profiles = mixed_profiles(400, seed=17)
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    proxy.randomly(0.05, kinds=("drop",), drop_ok=_profile_handles(rules))
    refused = 0
    for p, want in zip(profiles, expected, strict=True):
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            refused += 1
            continue
        assert got == want
    proxy.off()
    assert proxy.injected["drop"] > 10
    assert refused >= proxy.injected["drop"] // 2  # most lost actions were noticed, none misread
    assert [recommend(p, rules).model_dump_json() for p in profiles] == expected


def test_c_module_errors_never_escape_raw(rules, proxy):
    """1 % random faults of every kind in every C call, lost actions at every stage: only EngineError."""
    profiles = mixed_profiles(300, seed=19)
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    proxy.randomly(0.01, drop_ok=lambda handle: True, kinds=("before", "after", "garbage", "drop"))
    for p, want in zip(profiles, expected, strict=True):
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            continue
        assert got == want
    proxy.off()
    assert sum(proxy.injected.values()) > 20
    assert [recommend(p, rules).model_dump_json() for p in profiles] == expected


def test_engines_agree_with_the_reference_without_faults():
    """With no fault, every durable-rules answer recommend and next_session use (screening,
    guidance, session, the open questions' probes and the plan-minute rules) is exactly what
    the reference evaluator gives for the same conditions."""
    rs = default_rules()
    plan = plan_of(rs)
    seen: dict[str, int] = {"profile": 0, "guidance": 0, "session": 0, "probe": 0, "bounds": 0}
    real_fired = acumat.engine.Engine.fired
    real_remembered = acumat.engine.Engine.fired_remembered

    def which(engine: Any) -> str:
        stages = {id(rs.engine(s)): s for s in ("profile", "guidance", "session")}
        probes = {id(p.engine) for p in plan._probes.values()}
        return stages.get(id(engine)) or (
            "probe" if id(engine) in probes else "bounds" if engine is plan.bounds().engine
            else "other")

    # At the engine's two entry points: every answer it gives, whatever path inside it took
    # (the inline one, the general one, or a what-if answer it remembered).
    def fired(self: Any, fact: Any, **kw: Any) -> Any:
        got = real_fired(self, fact, **kw)
        assert got == self.reference.fired(fact)
        seen[which(self)] = seen.get(which(self), 0) + 1
        return got

    def remembered(self: Any, fact: Any, memo: Any, **kw: Any) -> Any:
        got = real_remembered(self, fact, memo, **kw)
        assert got == self.reference.fired(fact)
        seen[which(self)] = seen.get(which(self), 0) + 1
        return got

    for probe in plan._probes.values():  # earlier tests' what-if answers: asked again here
        probe.forget()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acumat.engine.Engine, "fired", fired)
        mp.setattr(acumat.engine.Engine, "fired_remembered", remembered)
        for p in mixed_profiles(200, seed=23):
            recommend(p)
            next_session(p, [LOG])
    assert seen["profile"] >= 400 and seen["session"] == 200 and seen["bounds"] == 200
    assert seen["probe"] > 0 and seen["guidance"] > 0
