"""An adversarial second look at the fast paths of issue 15 (probes, memos, bounds-only guidance).

Every answer is compared with the plain path: ``open_questions(..., fired=...)`` (one
question's answer tried on the screening rules that read its facts) with
``open_questions(..., fired=None)`` (tried on the whole screening stage) and with the
reference-evaluator copy in ``tests/oracle_glue.py``; ``recommend()`` and
``next_session()`` byte for byte with ``oracle_glue``. The rule sets are generated
packs whose rules read several questions at once (``all_of``/``any_of`` across open and
answered questions, ``ne`` tests, integer ranges, constant parts), ask about built-in
fields, and add plan-minute and session rules; plus rule sets split into many durable
rulesets, derived rule sets, threads, medication notes and injected faults.
"""

from __future__ import annotations

import gc
import itertools
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import acumat.engine
import oracle_glue
from acumat import (
    ALWAYS,
    EngineError,
    ExtraQuestion,
    Outcome,
    Pack,
    Rule,
    RuleError,
    SessionLog,
    UserProfile,
    Verdict,
    all_of,
    any_of,
    default_rules,
    fact,
    next_session,
    recommend,
)
from acumat.combine import plan_of
from acumat.evaluate import evaluate
from acumat.profile import as_profile
from acumat.rules.model import Condition
from acumat.rules.ruleset import RuleSet
from acumat.testing import histories, profiles
from acumat.unanswered import open_questions
from faultproxy import FaultyDurable

_tags = itertools.count()


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))

# -- generated packs ---------------------------------------------------------------------

#: Tests on built-in profile facts that only ever raise risk along the facts' risk orders.
_BUILTIN: tuple[Condition, ...] = (
    fact("pregnant").is_("yes"), fact("blood_thinners").is_not("no"),
    fact("heart_disease").is_("yes"), fact("bleeding_disorder").is_not("no"),
    fact("skin_broken").is_("yes"), fact("skin_allergy").is_("yes"),
    fact("skin_sensitive").is_not("no"), fact("pain_band").is_("severe"),
    fact("pain_severity").at_least(6), fact("pain_severity").below(3),
    fact("sessions_completed").at_least(10), fact("sessions_completed").is_not(0),
    fact("therapy_massage").is_("yes"), fact("blood_thinner_listed").is_("yes"),
)
#: Built-in facts of non-safety fields that a pack may screen on once it asks them itself.
_ASKABLE: dict[str, tuple[tuple[str, str | int], tuple[Condition, ...]]] = {
    "pain.region": (("pain_region", "unknown"),
                    (fact("pain_region").is_("upper"), fact("pain_region").is_not("lower"))),
    "pain.weeks": (("pain_weeks", -1),
                   (fact("pain_weeks").at_least(12), fact("pain_weeks").is_(0),
                    fact("chronic_pain").is_("yes"), fact("pain_weeks").below(2))),
    "preferences.intensity": (("intensity", "unknown"),
                              (fact("intensity").is_("strong"), fact("intensity").is_not("gentle"))),
}
_LEVELS = (Verdict.CAUTION, Verdict.CONSULT, Verdict.AVOID)


@st.composite
def _questions(draw: st.DrawFn) -> tuple[ExtraQuestion, ...]:
    out = []
    for i in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["yes_no", "choice", "number"]))
        if kind == "choice":
            n = draw(st.integers(2, 5))
            out.append(ExtraQuestion(name=f"q{i}", question=f"Q{i}?", kind="choice", safety=True,
                                     choices=tuple(f"c{k}" for k in range(n))))
        elif kind == "number":
            low = draw(st.integers(0, 4))
            out.append(ExtraQuestion(name=f"q{i}", question=f"Q{i}?", kind="number", safety=True,
                                     low=low, high=draw(st.integers(low, 30))))
        else:
            out.append(ExtraQuestion(name=f"q{i}", question=f"Q{i}?", safety=True))
    return tuple(out)


def _atoms(questions: tuple[ExtraQuestion, ...], asked: list[str], draw_always: bool
           ) -> list[st.SearchStrategy[Any]]:
    atoms: list[st.SearchStrategy[Any]] = [st.sampled_from(_BUILTIN)]
    if draw_always:
        atoms.append(st.just(ALWAYS))
    for q in questions * 3:  # mostly the pack's own questions
        f = fact(q.fact)
        if q.kind == "yes_no":
            atoms.append(st.sampled_from([f.is_("yes"), f.is_not("no")]))
        elif q.kind == "choice":
            atoms.append(st.builds(lambda c, neg, f=f: f.is_not(c) if neg else f.is_(c),
                                   st.sampled_from(q.choices), st.booleans()))
        else:
            ops = st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"])
            atoms.append(st.builds(lambda op, v, f=f: _int_test(f.name, op, v), ops,
                                   st.integers(-1, q.high + 1)))
    for fld in asked:
        atoms.append(st.sampled_from(_ASKABLE[fld][1]))
    return atoms


def _int_test(name: str, op: str, value: int) -> Condition:
    from acumat.rules.model import Test

    return Test(fact=name, op=op, value=value)  # type: ignore[arg-type]


def _conditions(atoms: list[st.SearchStrategy[Any]]) -> st.SearchStrategy[Condition]:
    atom = st.one_of(*atoms)
    inner = st.one_of(atom, st.lists(atom, min_size=2, max_size=3).map(lambda xs: any_of(*xs)),
                      st.lists(atom, min_size=2, max_size=3).map(lambda xs: all_of(*xs)))
    return st.one_of(
        atom,
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: all_of(*xs)),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: any_of(*xs)),
    )


@st.composite
def packs(draw: st.DrawFn, *, guidance: bool = False, max_rules: int = 8) -> Pack:
    """A pack of screening rules over several extra questions and built-in facts (some asked
    by the pack itself), optionally with plan-minute, plan-note and session rules."""
    questions = draw(_questions())
    asked = draw(st.lists(st.sampled_from(sorted(_ASKABLE)), max_size=2, unique=True))
    atoms = _atoms(questions, asked, draw(st.booleans()))
    fields = [q.field for q in questions] + asked + ["pregnant", "skin.allergy", "pain.severity"]
    rules: list[Rule] = []
    for fld in asked:  # the pack asks a built-in field itself: unanswered -> caution, asking it
        (name, value), _ = _ASKABLE[fld]
        rules.append(Rule(id=f"p.ask.{name}", topic="safety", when=fact(name).is_(value),
                          then=Outcome(level="caution", summary=f"{fld} not answered.", asks=fld),
                          basis="interpreted", note="test"))
    for i in range(draw(st.integers(1, max_rules))):
        level = draw(st.sampled_from([*_LEVELS, *_LEVELS, None]))
        asks = draw(_often(None, *fields)) if level is not None else None
        rules.append(Rule(id=f"p.r{i}", topic="safety", when=draw(_conditions(atoms)),
                          then=Outcome(level=level, summary=f"Rule {i}.", asks=asks),
                          basis="interpreted", note="test"))
    if len(questions) >= 2 and draw(st.booleans()):  # two questions that only together rule out
        a, b = draw(st.permutations(_atoms(questions, [], False)[1:]))[:2]
        rules.append(Rule(id="p.pair", topic="safety", when=all_of(draw(a), draw(b)),
                          then=Outcome(level=draw(st.sampled_from(_LEVELS[1:])), summary="Pair."),
                          basis="interpreted", note="test"))
    if guidance:
        rules += draw(_guidance_rules(atoms))
    return Pack(name="gen", questions=questions, rules=tuple(rules))


_GUIDANCE_ATOMS = (fact("verdict").is_("caution"), fact("verdict").is_("suitable"),
                   fact("open_risk").is_("yes"), fact("open_risk").is_("no"))
_SESSION_ATOMS = (fact("plan_start").at_least(5), fact("plan_target").below(15),
                  fact("history").is_("logged"), fact("last_minutes").at_least(8),
                  fact("comfortable_streak").at_least(2), fact("open_risk").is_("no"),
                  fact("verdict").is_("caution"), fact("gap_days").above(3))
_ACTIONS = ("stop", "step_back", "step_back_gap", "step_back_target", "step_back_start",
            "step_back_prev", "start", "step_up", "hold")


@st.composite
def _guidance_rules(draw: st.DrawFn, atoms: list[st.SearchStrategy[Any]]) -> list[Rule]:
    g_atoms = [*atoms, st.sampled_from(_GUIDANCE_ATOMS)]
    out = []
    bounds = {"plan.start": (1, 40), "plan.target": (1, 40), "plan.step": (1, 15)}
    for i in range(draw(st.integers(0, 3))):
        topic = draw(st.sampled_from(sorted(bounds)))
        lo, hi = bounds[topic]
        out.append(Rule(id=f"g.b{i}", topic=topic, when=draw(_conditions(g_atoms)),
                        then=Outcome(value=draw(st.integers(lo, hi)), summary=f"Bound {i}."),
                        priority=draw(st.integers(-5, 200)), basis="interpreted", note="test"))
    if draw(st.booleans()):
        out.append(Rule(id="g.note", topic="plan.note", when=draw(_conditions(g_atoms)),
                        then=Outcome(summary="A note."), basis="interpreted", note="test"))
    s_atoms = [*g_atoms, st.sampled_from(_SESSION_ATOMS)]
    for i in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            then = Outcome(value=draw(st.sampled_from(_ACTIONS)), summary=f"Action {i}.")
            topic = "session.action"
        else:
            then = Outcome(value=draw(st.integers(0, 14)), summary=f"Rest {i}.")
            topic = "session.rest"
        out.append(Rule(id=f"s.{i}", topic=topic, when=draw(_conditions(s_atoms)), then=then,
                        priority=draw(st.integers(-5, 200)), basis="interpreted", note="test"))
    return out


def _often(value: Any, *others: Any) -> st.SearchStrategy[Any]:
    """Mostly ``value``, else one of ``others``."""
    return st.sampled_from([value] * 10 + list(others))


@st.composite
def near_safe(draw: st.DrawFn, rules: RuleSet) -> UserProfile:
    """A profile answered mostly "no" with a few questions open or risky (where a go-ahead
    is decided), with answers to the rule set's extra questions (some open)."""
    skin = draw(st.fixed_dictionaries(
        {k: _often(False, None, True) for k in ("broken", "infection", "allergy", "sensitive")}))
    pain = draw(st.one_of(*[_often({"region": "lower", "severity": 3, "weeks": 4}, None)] * 3,
                          st.fixed_dictionaries({
                              "region": st.sampled_from(["lower", "middle", "upper", None]),
                              "severity": _often(2, None, 5, 8), "weeks": _often(3, None, 0, 20)})))
    extra: dict[str, Any] = {}
    for q in rules.questions:
        if q.kind == "yes_no":
            answer = st.sampled_from([False, False, True, None])
        elif q.kind == "choice":
            answer = st.sampled_from([*q.choices, None])
        else:
            answer = st.none() | st.integers(q.low, q.high)
        extra[q.name] = draw(answer)
    return as_profile({
        "pregnant": draw(_often(False, None, True)),
        "blood_thinners": draw(_often(False, None, True)),
        "conditions": draw(_often([], None, ["heart_disease"], ["other_serious"])),
        "skin": draw(_often(skin, None)),
        "pain": pain,
        "medications": draw(_often([], None, ["warfarin"], ["\u534e\u6cd5\u6797"],
                                   ["paracetamol 500 mg"])),
        "sessions_completed": draw(st.sampled_from([0, 3, 10, 25])),
        "preferences": {"intensity": draw(st.sampled_from([None, "gentle", "strong"]))},
        "therapies": draw(st.sampled_from([[], ["massage"], ["stretching"]])),
        "extra": extra,
    })


def _people(rules: RuleSet) -> st.SearchStrategy[UserProfile]:
    return st.one_of(near_safe(rules), near_safe(rules), profiles(rules=rules))


def _rule_set(pack: Pack, base: RuleSet | None = None) -> RuleSet:
    try:
        return (default_rules() if base is None else base).with_pack(pack)
    except RuleError:
        assume(False)
        raise  # pragma: no cover - assume(False) raises


# -- comparisons -------------------------------------------------------------------------

def _screened(profile: UserProfile, rules: RuleSet) -> tuple[dict[str, Any], list[str], Verdict,
                                                              list[int]]:
    """The screening fact, asked fields, verdict and fired positions, as evaluate() has them."""
    ev = evaluate(profile, rules, guidance=False)
    fact_ = dict(ev.derived.fact)
    stage = rules.stage("profile")
    fired = [stage.index(r) for r in ev.screening]
    return fact_, [q.field for q in ev.open], ev.verdict, fired


def _same_open_questions(profile: UserProfile, rules: RuleSet) -> None:
    fact_, asked, verdict, fired = _screened(profile, rules)
    fast, fast_worst = open_questions(rules, fact_, asked, verdict, fired)
    full, full_worst = open_questions(rules, fact_, asked, verdict, None)
    plain, plain_worst = oracle_glue.open_questions(rules, fact_, asked, verdict)
    got = [(q.field, q.verdict, dict(q.worst)) for q in fast]
    assert got == [(q.field, q.verdict, dict(q.worst)) for q in full]
    assert got == [(q.field, q.verdict, dict(q.worst)) for q in plain]
    # Exact below consult; at consult or above, enough to withhold (no joint try needed).
    for worst in (full_worst, plain_worst):
        assert (fast_worst >= Verdict.CONSULT) == (worst >= Verdict.CONSULT)
        if worst < Verdict.CONSULT:
            assert fast_worst == worst


def _same_recommendation(profile: UserProfile, rules: RuleSet) -> None:
    plain = oracle_glue.recommend(profile, rules).model_dump_json()
    assert recommend(profile, rules).model_dump_json() == plain
    assert recommend(profile, rules).model_dump_json() == plain  # memos warm now


def _same_advice(profile: UserProfile, logs: list[SessionLog], rules: RuleSet) -> None:
    try:
        plain = oracle_glue.next_session(profile, logs, rules=rules).model_dump_json()
    except RuleError as exc:
        with pytest.raises(RuleError, match=re.escape(str(exc))):
            next_session(profile, logs, rules=rules)
        return
    assert next_session(profile, logs, rules=rules).model_dump_json() == plain
    assert next_session(profile, logs, rules=rules).model_dump_json() == plain


# -- properties on generated packs ----------------------------------------------------------

@_settings(40)
@given(pack=packs(), data=st.data())
def test_probe_open_questions_equal_whole_stage_on_generated_packs(pack: Pack, data: Any) -> None:
    """open_questions with fired positions (probes) equals the whole-stage and the reference
    answer, question by question, on packs whose rules read several questions at once."""
    rules = _rule_set(pack)
    for profile in data.draw(st.lists(_people(rules), min_size=12, max_size=12)):
        _same_open_questions(profile, rules)


@_settings(40)
@given(pack=packs(), data=st.data())
def test_recommend_equals_plain_glue_on_generated_packs(pack: Pack, data: Any) -> None:
    """recommend() on generated packs equals the plain glue on the reference evaluator, byte for
    byte, on first (cold memos) and repeated calls."""
    rules = _rule_set(pack)
    for profile in data.draw(st.lists(_people(rules), min_size=12, max_size=12)):
        _same_recommendation(profile, rules)


@_settings(25)
@given(pack=packs(guidance=True, max_rules=4), data=st.data())
def test_next_session_equals_plain_glue_with_bound_and_session_rules(pack: Pack, data: Any) -> None:
    """next_session() with packs adding plan start/target/step, plan-note and session rules
    (reading verdict, open_risk and the plan's minutes) on the U4 and U5 rules equals the
    plain glue."""
    rules = _rule_set(pack, default_rules(data.draw(st.sampled_from(["U4", "U5"]))))
    cases = data.draw(st.lists(st.tuples(_people(rules), histories(max_size=6)),
                               min_size=8, max_size=8))
    for profile, logs in cases:
        _same_advice(profile, logs, rules)
        _same_recommendation(profile, rules)


# -- targeted cases ----------------------------------------------------------------------------

_VENDOR = (ExtraQuestion(name="implant", question="Do you have an implant?", safety=True),
           ExtraQuestion(name="stage", question="Which stage?", kind="choice",
                         choices=("s0", "s1", "s2"), safety=True),
           ExtraQuestion(name="age", question="How old are you?", kind="number", low=0,
                         high=120, safety=True))
_VENDOR_RULES = (
    Rule(id="v.implant", topic="safety", basis="interpreted", note="test",
         when=fact("extra_implant").is_("yes"),
         then=Outcome(level="caution", summary="Implant: go gently.")),
    Rule(id="v.implant_upper", topic="safety", basis="interpreted", note="test",
         when=all_of(fact("extra_implant").is_("yes"), fact("pain_region").is_not("lower")),
         then=Outcome(level="avoid", summary="Implant and pain away from the lower back.")),
    Rule(id="v.pair", topic="safety", basis="interpreted", note="test",
         when=all_of(fact("extra_stage").is_("s2"), fact("extra_implant").is_("yes")),
         then=Outcome(level="avoid", summary="Stage 2 with an implant.")),
    Rule(id="v.stage_age", topic="safety", basis="interpreted", note="test",
         when=any_of(all_of(fact("extra_stage").is_not("s0"), fact("extra_age").at_least(70)),
                     all_of(fact("extra_age").above(12), fact("extra_age").below(16))),
         then=Outcome(level="consult", summary="Stage or age: ask a doctor.")),
    Rule(id="v.age_ne", topic="safety", basis="interpreted", note="test",
         when=all_of(fact("extra_age").is_not(-1), fact("extra_age").is_not(40),
                     fact("pregnant").is_("yes")),
         then=Outcome(level="avoid", summary="Pregnant, age given.")),
    Rule(id="v.always_stage", topic="safety", basis="interpreted", note="test",
         when=any_of(ALWAYS, fact("extra_stage").is_("s1")),
         then=Outcome(summary="Stage noted (always shown).")),
    Rule(id="v.ask_region", topic="safety", basis="interpreted", note="test",
         when=fact("pain_region").is_("unknown"),
         then=Outcome(level="caution", summary="Region not answered.", asks="pain.region")),
)


def _fresh_pack(tag: str) -> Pack:
    """The vendor pack plus a never-firing rule reading a fact of every profile field, so the
    rule set and every probe of it get engines of their own (built under this test's limits)."""
    reads = ["pregnant", "blood_thinners", "bleeding_disorder", "heart_disease",
             "severe_nerve_damage", "severe_injury", "other_serious", "skin_broken",
             "skin_infection", "skin_allergy", "skin_sensitive", "pain_band", "pain_severity",
             "pain_region", "pain_weeks", "chronic_pain", "intensity", "portable",
             "blood_thinner_listed", "medication_unreadable", "extra_implant", "extra_stage",
             "extra_age"]
    values = {"pain_severity": -7, "pain_weeks": -7, "extra_age": -7, "blood_thinner_listed": "no",
              "medication_unreadable": "no"}
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"), fact(
        "sessions_completed").is_(-1 - next(_tags)), any_of(*[
            fact(n).is_(values.get(n, "unknown")) for n in reads]))
    return Pack(name=tag, questions=_VENDOR, rules=(*_VENDOR_RULES, Rule(
        id=f"{tag}.never", topic="safety", when=never, then=Outcome(summary="never"),
        basis="interpreted", note="Test-only rule that never fires.")))


@_settings(60)
@given(data=st.data())
def test_many_durable_chunks_in_stage_and_probes_give_the_same_answers(
        data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With rulesets of at most 3 tests and 4 fields, the screening engine and the probes are
    split into many durable rulesets; open questions and recommend() are still exact."""
    rules = _chunked_rules(monkeypatch)
    for profile in data.draw(st.lists(_people(rules), min_size=5, max_size=5)):
        _same_open_questions(profile, rules)
        _same_recommendation(profile, rules)


@_settings(8)
@given(pack=packs(max_rules=10), data=st.data())
def test_generated_packs_split_into_several_durable_rulesets_stay_exact(pack: Pack,
                                                                         data: Any) -> None:
    """Generated packs whose screening engine and probes are built with at most 10 tests and 8
    fields per durable ruleset: open questions and recommend() equal the plain path."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acumat.engine, "MAX_TESTS", 10)
        mp.setattr(acumat.engine, "MAX_FIELDS", 8)
        never = Rule(id="split.never", topic="safety", basis="interpreted", note="test",
                     when=all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"),
                                 fact("sessions_completed").is_(-1 - next(_tags))),
                     then=Outcome(summary="never"))  # engines of its own, built under the limits
        rules = _rule_set(pack).with_pack([never])
        assert rules.engine("profile").rulesets > 1
        for profile in data.draw(st.lists(_people(rules), min_size=8, max_size=8)):
            _same_open_questions(profile, rules)
            _same_recommendation(profile, rules)


_CHUNKED: list[RuleSet] = []


def _chunked_rules(monkeypatch: pytest.MonkeyPatch) -> RuleSet:
    if not _CHUNKED:
        with monkeypatch.context() as mp:
            mp.setattr(acumat.engine, "MAX_TESTS", 3)
            mp.setattr(acumat.engine, "MAX_FIELDS", 4)
            rules = default_rules().with_pack(_fresh_pack("chunked"))
            rules.engine("profile")
            plan = plan_of(rules)
            probes = [plan.probe(f) for f in ("pregnant", "conditions", "pain.region",
                                               "extra.stage", "extra.age", "extra.implant")]
        assert rules.engine("profile").rulesets > 10
        assert all(p.engine is not None and p.engine.rulesets > 1 for p in probes)
        _CHUNKED.append(rules)
    return _CHUNKED[0]


@_settings(120)
@given(data=st.data())
def test_vendor_pack_combinations_match_plain_glue(data: Any) -> None:
    """Rules across an open and an answered question, ne tests, integer ranges and a constant
    condition: open questions, recommend() and next_session() equal the plain path."""
    rules = _vendor_rules()
    profile = data.draw(_people(rules))
    _same_open_questions(profile, rules)
    _same_recommendation(profile, rules)
    _same_advice(profile, data.draw(histories(max_size=4)), rules)


_VENDOR_SET: list[RuleSet] = []


def _vendor_rules() -> RuleSet:
    if not _VENDOR_SET:
        _VENDOR_SET.append(default_rules().with_pack(Pack(name="vendor", questions=_VENDOR,
                                                          rules=_VENDOR_RULES)))
    return _VENDOR_SET[0]


def test_open_implant_with_answered_upper_pain_withholds_the_mat() -> None:
    """An open implant question read with an answered pain region (upper) is tried at "yes":
    avoid, so no mat and no plan, as in the plain path."""
    rules = _vendor_rules()
    profile = as_profile({**_SAFE_DICT, "pain": {"region": "upper", "severity": 3, "weeks": 4},
                          "extra": {"stage": "s0", "age": 30}})
    rec = recommend(profile, rules)
    assert rec.mat is None and rec.plan is None and rec.awaiting_answers
    assert {u.field: u.if_yes_verdict for u in rec.unanswered}["extra.implant"] == Verdict.AVOID
    assert next_session(profile, [], rules=rules).action == "stop"
    _same_recommendation(profile, rules)


def test_two_open_pack_questions_only_together_withhold_after_memos_are_warm() -> None:
    """Stage and implant both open (each alone only caution at most here) rule the mat out
    together; the joint try still runs with every memo warm from answered profiles."""
    rules = _vendor_rules()
    base = {**_SAFE_DICT, "extra": {"age": 30}}
    for stage, implant in itertools.product(["s0", "s1", "s2"], [False, True]):
        recommend({**base, "extra": {"age": 30, "stage": stage, "implant": implant}}, rules)
    for _ in range(3):
        rec = recommend(base, rules)
        assert rec.mat is None and rec.awaiting_answers
        _same_recommendation(as_profile(base), rules)


_SAFE_DICT: dict[str, Any] = {
    "pregnant": False, "blood_thinners": False, "conditions": [], "medications": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 4}}


def _cases(rules: RuleSet, n: int, seed: int) -> list[UserProfile]:
    """``n`` fixed near-safe profiles for ``rules`` (the same every run)."""
    import random

    rng = random.Random(seed)
    strategy = _people(rules)
    out: list[UserProfile] = []

    @settings(max_examples=n, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(p: UserProfile) -> None:
        out.append(p)

    collect()
    rng.shuffle(out)
    return out


def test_threads_on_cold_memos_answer_as_the_plain_path() -> None:
    """Four threads evaluating a fresh rule set at once (every probe, memo and engine built
    concurrently) give exactly the plain path's answers."""
    rules = default_rules().with_pack(_fresh_pack(f"threads{next(_tags)}"))
    people = _cases(rules, 60, seed=3)
    logs = [SessionLog.model_validate({"day": "2026-03-02", "minutes": 5, "discomfort": 1})]
    want = [(oracle_glue.recommend(p, rules).model_dump_json(),
             oracle_glue.next_session(p, logs, rules=rules).model_dump_json()) for p in people]
    start = threading.Barrier(4)
    got: dict[int, list[tuple[str, str]]] = {}
    first: dict[int, bool] = {}

    def run(k: int) -> None:
        start.wait(timeout=30)
        # Each thread first takes its own quarter (different memos filled at once), then all.
        answers = [(recommend(p, rules).model_dump_json(),
                    next_session(p, logs, rules=rules).model_dump_json())
                   for p in people[k::4] + people]
        got[k] = answers[-len(people):]
        first[k] = answers[: len(people[k::4])] == want[k::4]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(first[k] and got[k] == want for k in range(4))


def test_derived_rule_sets_interleaved_keep_their_own_answers() -> None:
    """A rule set, one built from it by without() and one by replace() (sharing rule objects),
    evaluated in turn: each answers as the plain path for that rule set."""
    base = _vendor_rules()
    narrowed = base.without("v.always_stage", "v.stage_age")
    wider = base.replace(Rule(id="v.pair", topic="safety", basis="interpreted", note="test",
                              when=any_of(fact("extra_stage").is_("s2"),
                                          all_of(fact("extra_stage").is_("s1"),
                                                 fact("extra_age").at_most(20))),
                              then=Outcome(level="consult", summary="Stage 2, or young at 1.")))
    people = _cases(base, 40, seed=5)
    for p in people:
        for rules in (base, narrowed, wider):
            _same_recommendation(p, rules)
            _same_open_questions(p, rules)


def test_rule_set_built_again_after_the_first_died_answers_the_same() -> None:
    """A rule set freed and built again with the same content (shared raising list, new rule
    objects whose ids may reuse the dead ones') answers as the plain path."""
    people = _cases(_vendor_rules(), 20, seed=7)
    for _ in range(3):
        rules = default_rules().with_pack(Pack(name="again", questions=_VENDOR,
                                               rules=tuple(r.model_copy() for r in _VENDOR_RULES)))
        for p in people:
            _same_recommendation(p, rules)
        del rules
        gc.collect()


def test_medication_notes_never_leak_through_the_findings_memo() -> None:
    """Profiles firing the same screening rules with different medication notes (unreadable
    names, matched thinners) and none, in turn: findings equal the plain path each time."""
    rules = _vendor_rules()
    meds = [["\u534e\u6cd5\u6797"], ["\u0432\u0430\u0440\u0444\u0430\u0440\u0438\u043d"], [],
            ["warfarin"], ["Eliquis 5 mg"], ["\u534e\u6cd5\u6797", "paracetamol"], [],
            ["\u534e\u6cd5\u6797"]]
    for blood in (False, None):
        for m in meds * 2:
            p = as_profile({**_SAFE_DICT, "blood_thinners": blood, "medications": m,
                            "extra": {"implant": False, "stage": "s0", "age": 30}})
            _same_recommendation(p, rules)
            _same_advice(p, [], rules)


class _ProfileUnchecked(RuleSet):
    """A rule set whose screening answers are not checked by the second evaluator."""

    checked_stages = frozenset({"guidance", "session"})


def test_unchecked_screening_stage_answers_as_the_plain_path() -> None:
    """With the screening stage unchecked (a subclass narrowing checked_stages), the probes run
    unchecked too and still answer as the plain path."""
    base = _vendor_rules()
    rules = _ProfileUnchecked(base.rules, questions=base.questions, name="unchecked",
                              floor=base.floor)
    for p in _cases(rules, 40, seed=11):
        _same_recommendation(p, rules)


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The C module behind the fault-injecting proxy (no fault armed yet)."""

    proxy = FaultyDurable(acumat.engine._dre, seed=29)
    monkeypatch.setattr(acumat.engine, "_dre", proxy)
    return proxy


def test_faults_with_warm_memos_never_give_another_answer(faulty: Any) -> None:
    """After the memos are warm, random faults of every kind in every C call (lost actions in
    probes too) give EngineError or exactly the fault-free answer, never another one."""
    rules = default_rules().with_pack(_fresh_pack(f"faults{next(_tags)}"))
    people = _cases(rules, 60, seed=13)
    want = [oracle_glue.recommend(p, rules).model_dump_json() for p in people]
    assert [recommend(p, rules).model_dump_json() for p in people] == want  # memos warm
    more = _cases(rules, 60, seed=17)  # partly new what-if facts: the probes are asked again
    want_more = [oracle_glue.recommend(p, rules).model_dump_json() for p in more]
    faulty.randomly(0.03, drop_ok=lambda handle: True,
                    kinds=("before", "after", "garbage", "drop"))
    for p, w in zip(people + more, want + want_more, strict=True):
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            continue
        assert got == w
    faulty.off()
    assert sum(faulty.injected.values()) > 5
    assert [recommend(p, rules).model_dump_json() for p in people + more] == want + want_more


def test_lost_first_action_in_a_probe_is_refused_not_misread(faulty: Any) -> None:
    """Losing the first action of every evaluation in the probe engines (sentinel still last)
    is caught by the second evaluator: EngineError or the fault-free answer."""
    rules = default_rules().with_pack(_fresh_pack(f"probe{next(_tags)}"))
    people = _cases(rules, 40, seed=19)
    want = [oracle_glue.recommend(p, rules).model_dump_json() for p in people]
    plan = plan_of(rules)
    handles = {ch.handle for f in ("pregnant", "extra.implant", "extra.stage", "extra.age",
                                   "pain.region", "conditions")
               if (eng := plan.probe(f).engine) is not None for ch in eng._chunks}
    faulty.drop_first(lambda handle: handle in handles)
    refused = 0
    for p, w in zip(people, want, strict=True):
        try:
            got = recommend(p, rules).model_dump_json()
        except EngineError:
            refused += 1
            continue
        assert got == w
    faulty.drop_first(lambda handle: False)
    faulty.off()
    assert refused > 0
    assert [recommend(p, rules).model_dump_json() for p in people] == want


def test_undecided_mat_and_adaptation_name_the_same_topic_as_the_plain_path() -> None:
    """A rule set (built by replace()) that decides neither the spike density nor the adaptation
    weeks refuses with the same RuleError as the plain path: the mat's topic, checked first."""
    base = default_rules()
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"))
    rules = base.replace(*[r.model_copy(update={"when": never}) for r in base
                           if r.topic in ("mat.spike_density", "plan.adaptation")])
    profile = as_profile(_SAFE_DICT)
    with pytest.raises(RuleError) as plain:
        oracle_glue.recommend(profile, rules)
    with pytest.raises(RuleError) as fast:
        recommend(profile, rules)
    assert (fast.value.field, str(fast.value)) == (plain.value.field, str(plain.value))
    assert fast.value.field == "mat.spike_density"


def _same_outcome(run: Callable[[], Any], plain: Callable[[], Any]) -> None:
    """Both give the same JSON, or both fail with the same RuleError."""
    try:
        want = plain().model_dump_json()
    except RuleError as exc:
        with pytest.raises(type(exc), match=re.escape(str(exc))):
            run()
        return
    assert run().model_dump_json() == want


_GUIDANCE_CHOICES = sorted({r.topic for r in default_rules().stage("guidance")
                            if r.topic.startswith(("mat.", "plan."))})


@_settings(80)
@given(topics=st.lists(st.sampled_from(_GUIDANCE_CHOICES), min_size=1, max_size=6, unique=True),
       data=st.data())
def test_rule_sets_leaving_guidance_topics_undecided_refuse_as_the_plain_path(
        topics: list[str], data: Any) -> None:
    """Rule sets whose rules of some mat and plan topics never fire (built by replace()) give
    the plain path's answer or its very RuleError, in recommend() and next_session()."""
    base = default_rules()
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"))
    rules = base.replace(*[r.model_copy(update={"when": never}) for r in base
                           if r.topic in topics])
    for profile in [as_profile(_SAFE_DICT), *data.draw(st.lists(_people(rules), min_size=2,
                                                                    max_size=2))]:
        logs = data.draw(histories(max_size=3))
        _same_outcome(lambda: recommend(profile, rules),  # noqa: B023 - called at once
                      lambda: oracle_glue.recommend(profile, rules))  # noqa: B023
        _same_outcome(lambda: next_session(profile, logs, rules=rules),  # noqa: B023
                      lambda: oracle_glue.next_session(profile, logs, rules=rules))  # noqa: B023


def test_guidance_rules_read_suitable_when_only_informational_screening_rules_fire():
    """A fully answered safe profile fires only rules without a level (C15): guidance rules
    must read verdict "suitable" (a fast-path slip once gave them "avoid")."""
    from mixed import SAFE

    def note(rule_id: str, verdict: str) -> Rule:
        return Rule(id=rule_id, topic="plan.note", when=fact("verdict").is_(verdict),
                    then=Outcome(summary=f"note for {verdict}"), basis="interpreted",
                    note="Test-only note.")

    rs = default_rules().with_pack([note("t.suitable", "suitable"), note("t.avoid", "avoid")])
    ev = evaluate(SAFE, rs, guidance=False)
    assert ev.verdict == Verdict.SUITABLE
    assert all(r.then.level is None for r in ev.screening)  # only C15-like rules fired
    ids = {f.rule_id for f in recommend(SAFE, rs).findings}
    assert "t.suitable" in ids and "t.avoid" not in ids
    assert recommend(SAFE, rs).model_dump_json() == oracle_glue.recommend(SAFE, rs).model_dump_json()


def test_rule_set_without_a_hygiene_rule_refuses_with_a_rule_error_not_a_key_error():
    """A rule set that decides no plan.hygiene (or position, setting) names the topic in a
    RuleError for a profile that may use a mat, never a raw KeyError."""
    from mixed import SAFE

    for topic in ("plan.hygiene", "plan.position", "plan.setting"):
        ids = [r.id for r in default_rules().stage("guidance") if r.topic == topic]
        rs = default_rules().without(*ids)
        with pytest.raises(RuleError) as info:
            recommend(SAFE, rs)
        assert info.value.field == topic
