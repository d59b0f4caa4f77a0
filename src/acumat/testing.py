"""Hypothesis strategies and ready-made property checks for acumat rule sets.

acumat's own tests use these; use them to property-test your own packs::

    from hypothesis import given
    from acumat.testing import profiles, assert_monotone

    def test_my_pack_is_monotone():
        assert_monotone(my_rules)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumat.advice import Verdict
from acumat.evaluate import evaluate, recommend
from acumat.history import SessionLog, Symptom
from acumat.profile import (
    Condition,
    Intensity,
    Pain,
    Preferences,
    Region,
    Skin,
    Therapy,
    UserProfile,
)
from acumat.progress import next_session, session_fact
from acumat.rules import default_rules
from acumat.rules.ruleset import RuleSet

_UNSET: Any = object()
_MEDS = ("warfarin", "Eliquis 5 mg", "Xarelto 20mg tablet", "clopidogrel", "ibuprofen 200mg",
         "paracetamol", "metformin", "vitamin D", "baby aspirin", "lisinopril")


def _opt_bool() -> st.SearchStrategy[bool | None]:
    return st.sampled_from([None, False, True])


def skins(*, safe: bool = False) -> st.SearchStrategy[Skin | None]:
    """Skin answers; ``safe=True`` draws only all-"no" answers."""
    if safe:
        return st.just(Skin(broken=False, infection=False, allergy=False, sensitive=False))
    return st.none() | st.builds(Skin, broken=_opt_bool(), infection=_opt_bool(),
                                 allergy=_opt_bool(), sensitive=_opt_bool())


def pains(*, safe: bool = False) -> st.SearchStrategy[Pain | None]:
    """Pain answers; ``safe=True`` draws a known, mild-to-moderate severity."""
    severity = st.integers(0, 6) if safe else st.none() | st.integers(0, 10)
    p = st.builds(Pain, region=st.none() | st.sampled_from(list(Region)), severity=severity,
                  weeks=st.none() | st.integers(0, 60))
    return p if safe else st.none() | p


def profiles(
    *,
    safe: bool = False,
    pregnant: bool | None = _UNSET,
    blood_thinners: bool | None = _UNSET,
    conditions: list[Condition] | None = _UNSET,
    skin: Skin | None = _UNSET,
    pain: Pain | None = _UNSET,
    medications: list[str] | None = _UNSET,
    sessions_completed: int = _UNSET,
    rules: RuleSet | None = None,
) -> st.SearchStrategy[UserProfile]:
    """Draw :class:`UserProfile` instances.

    Every keyword fixes that answer (``profiles(pregnant=False)``); ``safe=True``
    draws only profiles with every safety question answered "no" and mild to
    moderate pain, i.e. profiles the default rules call ``suitable``. With
    ``rules``, answers to that rule set's extra questions are drawn too.
    """
    if safe and any(v is not _UNSET for v in (pregnant, blood_thinners, conditions, skin, pain,
                                               medications)):
        raise ValueError("safe=True draws the safety answers itself; do not fix them too")
    def pick(value: Any, default: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return default if value is _UNSET else st.just(value)

    answer = st.just(False) if safe else _opt_bool()
    meds = (st.none() | st.lists(st.sampled_from(_MEDS[4:5] + _MEDS[6:8]), max_size=2) if safe
            else st.none() | st.lists(st.sampled_from(_MEDS), max_size=3))
    conds = (st.just([]) if safe else
             st.none() | st.lists(st.sampled_from(list(Condition)), max_size=3, unique=True))
    return st.builds(
        UserProfile,
        pregnant=pick(pregnant, answer),
        blood_thinners=pick(blood_thinners, answer),
        medications=pick(medications, meds),
        conditions=pick(conditions, conds),
        skin=pick(skin, skins(safe=safe)),
        pain=pick(pain, pains(safe=safe)),
        sessions_completed=pick(sessions_completed, st.integers(0, 60)),
        preferences=st.builds(Preferences, intensity=st.none() | st.sampled_from(list(Intensity)),
                              portable=_opt_bool()),
        therapies=st.lists(st.sampled_from(list(Therapy)), max_size=4, unique=True),
        extra=extra_answers(rules, safe=safe),
    )


def extra_answers(rules: RuleSet | None, *, safe: bool = False
                  ) -> st.SearchStrategy[dict[str, bool | int | str | None]]:
    """Answers to a rule set's extra questions (``{}`` when it declares none)."""
    if rules is None or not rules.questions:
        return st.just({})
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for q in rules.questions:
        if q.kind == "yes_no":
            parts[q.name] = st.just(False) if safe and q.safety else _opt_bool()
        elif q.kind == "choice":
            parts[q.name] = st.none() | st.sampled_from(q.choices)
        else:
            parts[q.name] = st.none() | st.integers(q.low, q.high)
    return st.fixed_dictionaries(parts)


def session_logs(*, day: dt.date | None = None, comfortable: bool | None = None
                 ) -> st.SearchStrategy[SessionLog]:
    """Draw one :class:`SessionLog`; ``comfortable=True`` draws discomfort 0–3, no symptom."""
    days = st.just(day) if day else st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    if comfortable:
        return st.builds(SessionLog, day=days, minutes=st.integers(1, 40),
                         discomfort=st.integers(0, 3), symptoms=st.just([]))
    return st.builds(SessionLog, day=days, minutes=st.integers(1, 120),
                     discomfort=st.integers(0, 10),
                     symptoms=st.lists(st.sampled_from(list(Symptom)), max_size=2, unique=True))


@st.composite
def histories(draw: st.DrawFn, *, max_size: int = 30, max_gap: int = 14) -> list[SessionLog]:
    """Draw a date-ordered list of session logs (possibly empty)."""
    n = draw(st.integers(0, max_size))
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
    logs = []
    for _ in range(n):
        log = draw(session_logs(day=day))
        logs.append(log)
        day = day + dt.timedelta(days=draw(st.integers(0, max_gap)))
    return logs


# -- ready-made property checks --------------------------------------------------------

_SAFETY_FIELDS: tuple[tuple[str, ...], ...] = (
    ("pregnant",), ("blood_thinners",), ("skin", "broken"), ("skin", "infection"),
    ("skin", "allergy"), ("skin", "sensitive"),
)


def _with(profile: UserProfile, path: tuple[str, ...], value: Any) -> UserProfile:
    if len(path) == 1:
        return profile.model_copy(update={path[0]: value})
    skin = profile.skin or Skin()
    return profile.model_copy(update={"skin": skin.model_copy(update={path[1]: value})})


def _with_conditions(profile: UserProfile, answer: bool | None) -> UserProfile:
    # yes: one condition listed; unknown: not asked; no: none of them.
    value = None if answer is None else ([Condition.HEART_DISEASE] if answer else [])
    return profile.model_copy(update={"conditions": value})


def _with_severity(profile: UserProfile, answer: bool | None) -> UserProfile:
    # yes: severe pain (8); unknown: severity not asked; no: mild pain (2).
    pain = profile.pain or Pain()
    value = None if answer is None else (8 if answer else 2)
    return profile.model_copy(update={"pain": pain.model_copy(update={"severity": value})})


def _with_extra(profile: UserProfile, name: str, value: Any) -> UserProfile:
    return profile.model_copy(update={"extra": {**profile.extra, name: value}})


def _verdict(profile: UserProfile, rules: RuleSet) -> Verdict:
    return evaluate(profile, rules).verdict


def _risk_moves(profile: UserProfile, rules: RuleSet) -> list[tuple[str, UserProfile]]:
    moves = [(".".join(p), _with(profile, p, True)) for p in _SAFETY_FIELDS]
    for c in Condition:
        if profile.conditions is None or c not in profile.conditions:
            moves.append((f"conditions+{c.value}",
                          profile.model_copy(update={"conditions": [*(profile.conditions or []),
                                                                    c]})))
    meds = [*(profile.medications or []), "warfarin"]
    moves.append(("medications+warfarin", profile.model_copy(update={"medications": meds})))
    if profile.pain and profile.pain.severity is not None and profile.pain.severity < 10:
        pain = profile.pain.model_copy(update={"severity": profile.pain.severity + 1})
        moves.append(("pain.severity+1", profile.model_copy(update={"pain": pain})))
    moves += [(f"extra.{q.name}", _with_extra(profile, q.name, True))
              for q in rules.questions if q.kind == "yes_no" and q.safety]
    return moves


def _run(test: Any, max_examples: int) -> None:
    settings(max_examples=max_examples, deadline=None, database=None,
             suppress_health_check=list(HealthCheck))(test)()


def assert_monotone(rules: RuleSet | None = None, *, max_examples: int = 200) -> None:
    """Property check: adding any risk (a "yes" to a safety question, a condition, a
    blood thinner, more pain) never lowers the verdict. Raises AssertionError with
    the counterexample otherwise."""
    rs = default_rules() if rules is None else rules

    @given(profiles(rules=rs))
    def check(profile: UserProfile) -> None:
        before = _verdict(profile, rs)
        for what, riskier in _risk_moves(profile, rs):
            after = _verdict(riskier, rs)
            assert after >= before, f"{what} lowered the verdict from {before} to {after}"

    _run(check, max_examples)


def assert_unknown_not_safe(rules: RuleSet | None = None, *, max_examples: int = 200) -> None:
    """Property check: for every safety question verdict(yes) >= verdict(unknown) >=
    verdict(no), and a profile with an unanswered safety question is never suitable."""
    rs = default_rules() if rules is None else rules
    extras = [q for q in rs.questions if q.safety and q.kind == "yes_no"]

    # Half the draws answer everything else safely, so one open question stands alone.
    @given(st.one_of(profiles(rules=rs), profiles(safe=True, rules=rs)))
    def check(profile: UserProfile) -> None:
        cases: list[tuple[str, Callable[[bool | None], UserProfile]]] = [
            (".".join(p), functools.partial(_with, profile, p)) for p in _SAFETY_FIELDS]
        cases += [(q.field, functools.partial(_with_extra, profile, q.name)) for q in extras]
        cases += [("conditions", functools.partial(_with_conditions, profile)),
                  ("pain.severity", functools.partial(_with_severity, profile))]
        for what, put in cases:
            yes, unknown, no = (_verdict(put(v), rs) for v in (True, None, False))
            assert yes >= unknown >= no, f"{what}: yes={yes} unknown={unknown} no={no}"
            assert unknown != Verdict.SUITABLE, f"{what} unanswered gave 'suitable'"

    _run(check, max_examples)


def _answers_to(profile: UserProfile, field: str, rules: RuleSet) -> list[UserProfile]:
    """``profile`` with the open question ``field`` given each of its risky answers."""
    if field == "conditions":
        return [profile.model_copy(update={"conditions": [c]}) for c in Condition]
    if field == "pain.severity":
        return [_with_severity(profile, True)]
    if field.startswith("extra."):
        q = next(q for q in rules.questions if q.field == field)
        values: list[Any] = ([True] if q.kind == "yes_no" else list(q.choices)
                             if q.kind == "choice" else [q.low, q.high])
        return [_with_extra(profile, q.name, v) for v in values]
    path = tuple(field.split("."))
    if path in _SAFETY_FIELDS:
        return [_with(profile, path, True)]
    return []


def assert_no_go_ahead_while_open(rules: RuleSet | None = None, *,
                                  max_examples: int = 200) -> None:
    """Property check: while an unanswered question could, once answered, lead to consult or
    avoid, there is no mat, no plan and no session minutes; and every open question says
    what its "yes" would lead to. Answers are tried on the profile itself, so this checks
    acumat's own reasoning over facts from the outside."""
    rs = default_rules() if rules is None else rules

    @given(st.one_of(profiles(rules=rs), profiles(safe=True, rules=rs)), histories(max_size=6))
    def check(profile: UserProfile, logs: list[SessionLog]) -> None:
        rec = recommend(profile, rs)
        worst = rec.verdict
        for u in rec.unanswered:
            tried = [_verdict(p, rs) for p in _answers_to(profile, u.field, rs)]
            if tried:
                assert u.if_yes_verdict is not None and u.if_yes_verdict >= max(tried), \
                    f"{u.field}: says {u.if_yes_verdict}, an answer gives {max(tried)}"
            worst = max(worst, *tried)
        if worst >= Verdict.CONSULT:
            assert rec.mat is None and rec.plan is None, f"a mat or plan while {worst} is possible"
            advice = next_session(profile, logs, rules=rs)
            assert advice.action == "stop" and advice.minutes is None, \
                f"session minutes while {worst} is possible"

    _run(check, max_examples)


def assert_engine_matches_reference(rules: RuleSet | None = None, *,
                                    max_examples: int = 200) -> None:
    """Property check: durable-rules fires exactly the rules the pure-Python reference
    evaluator fires, at every stage, for random profiles and histories."""
    rs = default_rules() if rules is None else rules
    ref = {s: rs.reference(s) for s in ("profile", "guidance", "session")}

    @given(profiles(rules=rs), histories(max_size=8), st.sampled_from(list(Verdict)))
    def check(profile: UserProfile, logs: list[SessionLog], verdict: Verdict) -> None:
        ev = evaluate(profile, rs)
        fact = ev.derived.fact
        assert rs.engine("profile").fired(fact) == ref["profile"].fired(fact)
        g = {**fact, "verdict": verdict.value}
        assert rs.engine("guidance").fired(g) == ref["guidance"].fired(g)
        sf = session_fact(ev, logs, None)
        assert rs.engine("session").fired(sf) == ref["session"].fired(sf)

    _run(check, max_examples)


__all__ = [
    "assert_engine_matches_reference",
    "assert_monotone",
    "assert_no_go_ahead_while_open",
    "assert_unknown_not_safe",
    "extra_answers",
    "histories",
    "pains",
    "profiles",
    "session_logs",
    "skins",
]
