"""After each session: what to do next (``next_session``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from acumat._version import __version__
from acumat.advice import Action, SessionAdvice, Verdict
from acumat.evaluate import Evaluation, ProfileInput, evaluate, plan_bounds, to_finding
from acumat.facts import NO, YES, Fact
from acumat.history import SessionLog, Symptom, parse_history, parse_on
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS

#: Discomfort 0–3 with no symptom counts as a comfortable session.
COMFORTABLE = 3
#: A break of more than this many days between sessions ends a comfortable run.
MAX_BREAK = 3
#: Stop signs (C5, and numbness) within this many days keep the advice at stop.
RECENT_DAYS = 14
STOP_SIGNS = frozenset({Symptom.SHARP_PAIN, Symptom.DIZZINESS, Symptom.NUMBNESS})


def session_fact(ev: Evaluation, logs: Sequence[SessionLog], on: dt.date | None) -> Fact:
    """The session-stage fact: profile facts, the verdict, the plan bounds and the history."""
    start, target, _ = plan_bounds(ev)
    f: Fact = {**ev.derived.fact, "verdict": ev.verdict.value, "plan_start": start,
               "plan_target": target}
    if not logs:
        f.update(history="empty", last_minutes=0, last_discomfort=-1, comfortable_streak=0,
                 gap_days=-1, at_target=NO, above_start=NO, recent_stop_sign=NO,
                 over_target=NO, day_over_target=NO,
                 **{f"last_{s.value}": NO for s in Symptom})
        return f
    last = logs[-1]
    day = on or last.day + dt.timedelta(days=1)
    days: list[dt.date] = []
    for log in reversed(logs):
        if log.minutes != last.minutes or log.discomfort > COMFORTABLE or log.symptoms:
            break
        if days and (days[-1] - log.day).days > MAX_BREAK:
            break
        if not days or log.day != days[-1]:
            days.append(log.day)
    recent = any(
        (day - log.day).days <= RECENT_DAYS and not STOP_SIGNS.isdisjoint(log.symptoms)
        for log in logs
    )
    day_total = sum(log.minutes for log in logs if log.day == last.day)
    f.update(
        history="logged", last_minutes=last.minutes, last_discomfort=last.discomfort,
        comfortable_streak=len(days), gap_days=(day - last.day).days,
        at_target=YES if last.minutes >= target else NO,
        above_start=YES if last.minutes > start else NO,
        recent_stop_sign=YES if recent else NO,
        over_target=YES if last.minutes > target else NO,
        day_over_target=YES if day_total > target else NO,
        **{f"last_{s.value}": YES if s in last.symptoms else NO for s in Symptom},
    )
    return f


def _fewer(last: int, step: int) -> int:
    # Strictly fewer minutes than last time, never below one.
    return last - step if last > step else max(1, last // 2)


def _minutes(action: str, fired: Sequence[Rule], f: Fact, step: int) -> int | None:
    start, target = int(f["plan_start"]), int(f["plan_target"])
    last, gap = int(f["last_minutes"]), int(f["gap_days"])
    if action == "stop":
        return None
    if action == "start":
        return start if f["history"] == "empty" else min(start, last)
    if action == "step_up":
        return min(last + step, target)
    if action == "hold":
        return min(last, target)
    values = {r.then.value for r in fired if r.topic == "session.action"}
    options = []
    if "step_back" in values:
        options.append(_fewer(last, step))
    if "step_back_gap" in values:
        options.append(max(start, last - step * max(1, gap // 7)))
    if "step_back_target" in values:
        options.append(target)
    return min(min(options), target)


def next_session(
    profile: ProfileInput,
    history: Sequence[SessionLog | dict[str, Any]] | str | bytes,
    *,
    on: dt.date | str | None = None,
    rules: RuleSet | None = None,
) -> SessionAdvice:
    """Advise the next session from the sessions logged so far.

    ``history`` is a list of :class:`SessionLog` (or dicts, or JSON text) in date
    order; ``on`` is the day of the session being planned (default: the day after
    the last log). The safer action wins: stop > step_back > start > step_up > hold.
    Raises ``pydantic.ValidationError`` naming the field for bad input.
    """
    ev = evaluate(profile, rules)
    day = parse_on(on)
    logs = parse_history(history, day)
    f = session_fact(ev, logs, day)
    fired = ev.rules.fire("session", f)
    actions = [r for r in fired if r.topic == "session.action"]
    if not actions:
        raise_no_action(ev)
    # A stop from any rule wins whatever the priorities (no pack can outrank it); else the
    # highest priority wins, the first of them on a tie.
    stops = [r for r in actions if r.then.value == "stop"]
    winner = max(stops or actions, key=lambda r: r.priority)
    value = str(winner.then.value)
    action: Action = "step_back" if value.startswith("step_back") else value  # type: ignore[assignment]
    _, _, step = plan_bounds(ev)
    minutes = _minutes(value, fired, f, step)
    rest = max((int(r.then.value) for r in fired if r.topic == "session.rest"
                and r.then.value is not None), default=0) if action != "stop" else 0
    findings = [to_finding(winner)]
    findings += [to_finding(r) for r in fired
                 if r is not winner and TOPICS[r.topic].kind != "choice"]
    if winner.id == "S.stop_verdict" or ev.verdict >= Verdict.CONSULT:
        notes = ev.derived.notes
        findings += [to_finding(r, notes) for r in ev.screening
                     if r.then.level is not None and r.then.level >= Verdict.CONSULT]
    return SessionAdvice(
        action=action, minutes=minutes, rest_days=rest, reason=winner.then.summary,
        verdict=ev.verdict, findings=tuple(findings), rules_fingerprint=ev.rules.fingerprint,
        acumat_version=__version__,
    )


def raise_no_action(ev: Evaluation) -> None:
    """Raise the error for a rule set whose session rules decide nothing."""
    from acumat.errors import RuleError

    raise RuleError("the rule set's session rules decide no action for this history",
                    field="session.action")
