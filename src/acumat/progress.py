"""After each session: what to do next (``next_session``).

The day is the unit (U4/U5 give minutes per day): every session of a day adds up
to that day's minutes, and the advice is for the next day's mat use.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any, get_args

from acumat._version import __version__
from acumat.advice import Action, Finding, SessionAdvice, Verdict
from acumat.errors import RuleError
from acumat.evaluate import (
    Evaluation,
    ProfileInput,
    deciding_findings,
    evaluate,
    plan_bounds,
    shown_unanswered,
    to_finding,
)
from acumat.facts import NO, YES, Fact
from acumat.history import SessionLog, Symptom, parse_history, parse_on
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet
from acumat.trusted import trusted

#: Discomfort 0–3 with no symptom counts as a comfortable session.
COMFORTABLE = 3
#: A break of more than this many days between sessions ends a comfortable run.
MAX_BREAK = 3
#: Broken skin within this many days keeps the advice at stop (time to heal).
RECENT_DAYS = 14
#: Symptoms after which the mat stops.
STOP_SIGNS = frozenset(Symptom) - {Symptom.SKIN_IRRITATION}
#: Stop signs that need a doctor: they keep the advice at stop until a doctor has cleared
#: the mat again (``cleared_on``), however long ago they were.
DOCTOR_SIGNS = STOP_SIGNS - {Symptom.BROKEN_SKIN}
#: The most minutes a day can hold in the fact.
_DAY_MAX = 1440
_RESULT_ACTIONS = frozenset(get_args(Action))
_VERDICT_VALUE = {v: v.value for v in Verdict}
#: Each symptom and the session fact that says the last day had it.
_LAST = tuple((sym, f"last_{sym.value}") for sym in Symptom)
_NO_SYMPTOMS: Fact = {name: NO for _, name in _LAST}
_NO_HISTORY: Fact = {
    "history": "empty", "last_minutes": 0, "last_discomfort": -1, "comfortable_streak": 0,
    "prev_minutes": 0, "jumped": NO, "logged_days": 0, "same_day": NO, "gap_days": -1,
    "at_target": NO, "above_start": NO, "recent_stop_sign": NO, "over_target": NO,
    "day_over_target": NO, "irritation_twice": NO, **{name: NO for _, name in _LAST},
}


_NONE: frozenset[Symptom] = frozenset()

#: One logged day: (day, its minutes added up, its highest discomfort, its symptoms).
#: A plain tuple: cheaper to make than an object, and a history has one per day.
Day = tuple[dt.date, int, int, frozenset[Symptom]]

#: A log's fields in one call (attribute reads on a model are slow one by one).
_LOG = operator.attrgetter("day", "minutes", "discomfort", "symptoms")


def _days(logs: Sequence[SessionLog]) -> list[Day]:
    # One Day per logged day, its sessions added up (logs are in date order, so one
    # day's logs are together); the running day is kept in local variables. A day's
    # symptoms are the shared empty set when none of its sessions has any.
    days: list[Day] = []
    if not logs:
        return days
    it = map(_LOG, logs)
    day, minutes, discomfort, symptoms = next(it)
    seen = frozenset(symptoms) if symptoms else _NONE
    for d, m, c, sym in it:
        if d == day:
            minutes += m
            if c > discomfort:
                discomfort = c
            if sym:
                seen = seen.union(sym)
            continue
        days.append((day, minutes, discomfort, seen))
        day, minutes, discomfort = d, m, c
        seen = frozenset(sym) if sym else _NONE
    days.append((day, minutes, discomfort, seen))
    return days


def _uncleared(days: Sequence[Day], day: dt.date, cleared: dt.date | None) -> bool:
    # Per logged day: its sessions' symptoms together (logs are in date order, one day's
    # logs together), so this is the same as asking each log.
    for d, _, _, symptoms in days:
        if not symptoms or (cleared is not None and d <= cleared):
            continue
        if not DOCTOR_SIGNS.isdisjoint(symptoms):
            return True
        if Symptom.BROKEN_SKIN in symptoms and (day - d).days <= RECENT_DAYS:
            return True
    return False


def session_fact(ev: Evaluation, logs: Sequence[SessionLog], on: dt.date | None,
                 cleared_on: dt.date | None = None) -> Fact:
    """The session-stage fact: profile facts, the verdict, the plan bounds and the history.

    ``cleared_on`` is the day a doctor said the mat may be used again: stop signs logged
    up to that day no longer count.
    """
    start, target, step = plan_bounds(ev)
    f: Fact = {**ev.derived.fact, "verdict": _VERDICT_VALUE[ev.verdict], "plan_start": start,
               "plan_target": target, "open_risk": YES if ev.awaiting else NO}
    if not logs:
        f.update(_NO_HISTORY)
        return f
    days = _days(logs)
    last = days[-1]
    last_day, last_minutes, last_discomfort, _ = last
    day = on or last_day + dt.timedelta(days=1)
    streak: list[dt.date] = []
    for d, m, c, syms in reversed(days):
        if m != last_minutes or c > COMFORTABLE or syms:  # not comfortable
            break
        if streak and (streak[-1] - d).days > MAX_BREAK:
            break
        streak.append(d)
    recent = _uncleared(days, day, cleared_on)
    # Skin irritation on each of the last two logged days (C11: the skin keeps reacting).
    two = len(days) >= 2
    twice = two and Symptom.SKIN_IRRITATION in last[3] and Symptom.SKIN_IRRITATION in days[-2][3]
    minutes = min(last_minutes, _DAY_MAX)
    prev = min(days[-2][1], _DAY_MAX) if two else 0
    current = _current(last, day, cleared_on)
    over = YES if minutes > target else NO
    f.update(
        history="logged", last_minutes=minutes, last_discomfort=last_discomfort,
        comfortable_streak=len(streak), logged_days=len(days), prev_minutes=prev,
        jumped=YES if prev and minutes > prev + step else NO,
        same_day=YES if last_day == day else NO, gap_days=(day - last_day).days,
        at_target=YES if minutes >= target else NO,
        above_start=YES if minutes > start else NO,
        recent_stop_sign=YES if recent else NO,
        over_target=over,
        day_over_target=over,
    )
    f["irritation_twice"] = YES if twice else NO
    if current:
        for sym, name in _LAST:
            f[name] = YES if sym in current else NO
    else:
        f.update(_NO_SYMPTOMS)
    return f


def _current(last: Day, day: dt.date, cleared: dt.date | None) -> frozenset[Symptom]:
    """The last day's symptoms that still count: not cleared by a doctor since, and broken skin
    only while it may not have healed."""
    last_day, _, _, symptoms = last
    if cleared is not None and last_day <= cleared:
        return symptoms - STOP_SIGNS
    if (day - last_day).days > RECENT_DAYS:
        return symptoms - {Symptom.BROKEN_SKIN}
    return symptoms


def _fewer(last: int, step: int) -> int:
    # Strictly fewer minutes than last time, never below one.
    return last - step if last > step else max(1, last // 2)


def _minutes(action: str, values: frozenset[str], f: Fact, step: int) -> int | None:
    start, target = int(f["plan_start"]), int(f["plan_target"])
    last, gap, prev = int(f["last_minutes"]), int(f["gap_days"]), int(f["prev_minutes"])
    if action == "stop":
        return None
    if action == "start":
        return start if f["history"] == "empty" else min(start, last)
    if action == "step_up":
        return min(last + step, target)
    if action == "hold":
        return min(last, target)
    options = []
    if "step_back" in values:
        options.append(_fewer(last, step))
    if "step_back_gap" in values:
        options.append(max(start, last - step * max(1, gap // 7)))
    if "step_back_target" in values:
        options.append(target)
    if "step_back_start" in values:
        options.append(start)
    if "step_back_prev" in values:
        options.append(max(1, min(prev + step, last - 1)))
    return min(min(options), target)


def decide(actions: Sequence[Rule]) -> Rule:
    """The deciding action rule: any stop wins, whatever the priorities; else the highest
    priority (the first of equals)."""
    for r in actions:
        if r.then.value == "stop":
            return r
    return max(actions, key=lambda r: r.priority)


def next_session(
    profile: ProfileInput,
    history: Sequence[SessionLog | dict[str, Any]] | str | bytes,
    *,
    on: dt.date | str | None = None,
    rules: RuleSet | None = None,
    cleared_on: dt.date | str | None = None,
) -> SessionAdvice:
    """Advise the next session from the sessions logged so far.

    ``history`` is a list of :class:`SessionLog` (or dicts, or JSON text) in date
    order; ``on`` is the day of the session being planned (default: the day after
    the last log). Minutes are per day: sessions of one day add up. Any rule that
    says stop wins; otherwise the safer action: step back > start > step up > hold.
    While an open screening question could lead to consult or avoid, the answer is
    stop and the questions are listed in ``unanswered``. A stop sign that needs a doctor
    (sharp pain, dizziness, fainting, numbness, palpitations, contractions, bleeding,
    bruising) keeps the answer at stop until ``cleared_on``, the day a doctor said the mat
    may be used again; broken skin keeps it for 14 days (or until ``cleared_on``). Raises
    ``pydantic.ValidationError`` naming the field for bad input.
    """
    ev = evaluate(profile, rules, guidance="bounds")  # only the plan's minutes are used here
    day = parse_on(on)
    cleared = parse_on(cleared_on, name="cleared_on")
    logs = parse_history(history, day)
    f = session_fact(ev, logs, day, cleared)
    plan = ev.plan
    # What the fired session rules decide (the action, its rule, rest days, findings) depends
    # on which of them fired alone: worked out once per set of them.
    key = tuple(plan.fire("session", f))
    decided = plan.sessions.get(key)
    if decided is None:
        stage = ev.rules.stage("session")
        decided = _decided(ev, [stage[i] for i in key])
        if len(plan.sessions) >= 4096:
            plan.sessions.clear()
        plan.sessions[key] = decided
    winner, value, action, values, rest, findings = decided
    _, _, step = plan_bounds(ev)
    minutes = _minutes(value, values, f, step)
    if action == "stop":
        rest = 0
    return trusted(SessionAdvice, {
        "action": action, "minutes": minutes, "rest_days": rest, "reason": winner.then.summary,
        "rule_id": winner.id, "verdict": ev.verdict,
        "findings": (*findings, *deciding_findings(ev)),
        "unanswered": shown_unanswered(ev), "rules_fingerprint": ev.rules.fingerprint,
        "acumat_version": __version__,
    })


def _decided(ev: Evaluation, fired: list[Rule]
             ) -> tuple[Rule, str, Action, frozenset[str], int, tuple[Finding, ...]]:
    # The deciding action rule, its value and action, every action value that fired, the
    # rest days (when not stopping) and the findings of the fired session rules.
    actions = [r for r in fired if r.topic == "session.action"]
    if not actions:
        raise_no_action(ev)
    winner = decide(actions)
    value = str(winner.then.value)
    action: Action = "step_back" if value.startswith("step_back") else value  # type: ignore[assignment]
    if action not in _RESULT_ACTIONS:  # the result is built unvalidated: say so, never guess
        raise RuleError(f"the session rules decided an unknown action {value!r}",
                        rule_id=winner.id, field="session.action")
    values = frozenset(str(r.then.value) for r in actions)
    rest = max((int(r.then.value) for r in fired if r.topic == "session.rest"
                and r.then.value is not None), default=0)
    infos = ev.plan.infos(fired)
    findings = [to_finding(winner, None, ev.rules)]
    findings += [i.finding for i in infos if i.rule is not winner and not i.choice]
    return winner, value, action, values, rest, tuple(findings)


def raise_no_action(ev: Evaluation) -> None:
    """Raise the error for a rule set whose session rules decide nothing."""
    raise RuleError("the rule set's session rules decide no action for this history",
                    field="session.action")
