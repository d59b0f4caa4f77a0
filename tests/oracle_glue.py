"""The straightforward glue, as it was before the speed work, run on the reference evaluator.

An oracle for tests/test_fast_path.py: ``recommend()`` and ``next_session()`` written
plainly (no combine plan, no shared precomputation): a mechanical copy of
``acumat.unanswered``, ``acumat.evaluate`` and ``acumat.progress`` as they were before it,
with every rule firing decided by the pure-Python reference evaluator
(``RuleSet.reference``) instead of durable-rules.
"""
# ruff: noqa

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from acumat.advice import Verdict
from acumat.facts import UNKNOWN, Fact, FactSpec
from acumat.reference import holds
from acumat.rules.model import Rule, Test, tests_of, to_dnf
from acumat.rules.ruleset import RuleSet
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar
from pydantic import ValidationError
from pydantic_core import InitErrorDetails
from acumat._version import __version__
from acumat.advice import (
    Finding,
    MatSpec,
    Recommendation,
    SessionPlan,
    Unanswered,
    Verdict,
    WeekPlan,
)
from acumat.errors import RuleError
from acumat.facts import FACTS, NO, YES, Derived, derive
from acumat.profile import UserProfile, as_profile
from acumat.rules import default_rules
from acumat.rules.model import Rule, tests_of
from acumat.rules.topics import TOPICS
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from acumat.advice import Action, SessionAdvice, Verdict
from acumat.facts import NO, YES, Fact
from acumat.history import SessionLog, Symptom, parse_history, parse_on
from acumat.rules.model import Rule


_REFERENCES: dict[tuple[int, str], tuple[RuleSet, Any]] = {}


def _reference(rules: RuleSet, stage: Any) -> Any:
    hit = _REFERENCES.get((id(rules), stage))
    if hit is None or hit[0] is not rules:
        hit = _REFERENCES[(id(rules), stage)] = (rules, rules.reference(stage))
    return hit[1]


def _fire(rules: RuleSet, stage: Any, fact: Mapping[str, str | int]) -> list[Rule]:
    """The rules of ``stage`` that hold for ``fact``, by the pure-Python reference evaluator."""
    staged = rules.stage(stage)
    return [staged[i] for i in _reference(rules, stage).fired(fact)] if staged else []



#: What each verdict means for the person, after "If …: ".
CONSEQUENCE = {
    Verdict.SUITABLE: "nothing changes",
    Verdict.CAUTION: "use the mat only with care",
    Verdict.CONSULT: "see a doctor before using a mat",
    Verdict.AVOID: "do not use the mat",
}


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """One unanswered screening question and the verdict its riskiest answer leads to."""

    field: str
    verdict: Verdict
    worst: Mapping[str, str | int]


def verdict_of(fired: Sequence[Rule]) -> Verdict:
    """The worst level among fired rules (suitable when none sets one)."""
    levels = [r.then.level for r in fired if r.then.level is not None]
    return max(levels, default=Verdict.SUITABLE)


def _answered(spec: FactSpec) -> tuple[int, int] | tuple[str, ...]:
    """The values a fact can take once its question is answered."""
    if spec.is_int:
        return (0 if spec.low == -1 else spec.low, spec.high)
    return tuple(v for v in spec.values if v != UNKNOWN)


def _solve(tests: Sequence[Test], spec: FactSpec) -> str | int | None:
    """A value of the answered domain of ``spec`` meeting every test, or None."""
    dom = _answered(spec)
    if not spec.is_int:
        return next((v for v in dom if all(holds(t, {t.fact: v}) for t in tests)), None)
    lo, hi = dom
    assert isinstance(lo, int) and isinstance(hi, int)
    banned: set[int] = set()
    for t in tests:
        v = t.value
        if not isinstance(v, int):
            if t.op != "ne":
                return None
            continue
        if t.op == "eq":
            lo, hi = max(lo, v), min(hi, v)
        elif t.op == "ne":
            banned.add(v)
        elif t.op == "ge":
            lo = max(lo, v)
        elif t.op == "gt":
            lo = max(lo, v + 1)
        elif t.op == "le":
            hi = min(hi, v)
        else:
            hi = min(hi, v - 1)
    return next((x for x in range(lo, min(hi, lo + len(banned)) + 1) if x not in banned), None)


def _witness(rule: Rule, fact: Fact, free: Mapping[str, FactSpec]) -> dict[str, str | int] | None:
    """Answers to the free facts under which ``rule`` fires, the other facts as they are."""
    for conj in to_dnf(rule.when):
        if not all(holds(t, fact) for t in conj if t.fact not in free):
            continue
        chosen: dict[str, str | int] = {}
        for name, spec in free.items():
            tests = [t for t in conj if t.fact == name]
            if not tests:
                continue
            value = _solve(tests, spec)
            if value is None:
                break
            chosen[name] = value
        else:
            return chosen
    return None


def _worst_answer(rules: RuleSet, fact: Fact, fields: Sequence[str],
                  verdict: Verdict) -> dict[str, str | int] | None:
    """Answers to ``fields`` that make the highest-level screening rule fire (exact: the
    rule's conditions are solved over the answered values), or None if none can raise
    the verdict."""
    free = {s.name: s for s in rules.facts.values() if s.field in fields and s.stage == "profile"}
    best: tuple[int, dict[str, str | int]] | None = None
    for r in rules.stage("profile"):
        level = r.then.level
        if level is None or level <= verdict or (best is not None and level.rank <= best[0]):
            continue
        if not any(t.fact in free for t in tests_of(r.when)):
            continue
        w = _witness(r, fact, free)
        if w is not None:
            best = (level.rank, w)
    return None if best is None else best[1]


def open_questions(rules: RuleSet, fact: Fact, asked: Sequence[str],
                   verdict: Verdict) -> tuple[list[OpenQuestion], Verdict]:
    """Each asked field's "if yes" verdict, and the worst verdict any answers could give.

    The riskiest answers are found exactly from the rules' conditions (choices, numbers
    and combinations of open questions included) and then evaluated through the engine.
    """
    if not asked:
        return [], verdict
    plans = [(f, _worst_answer(rules, fact, [f], verdict)) for f in asked]
    together = _worst_answer(rules, fact, asked, verdict) if len(asked) > 1 else None
    tries = [w for _, w in plans if w is not None]
    if together is not None:
        tries.append(together)
    fired = iter(fire_all(rules, [{**fact, **w} for w in tries]))
    out: list[OpenQuestion] = []
    worst = verdict
    for field, w in plans:
        v = verdict if w is None else max(verdict, verdict_of(next(fired)))
        out.append(OpenQuestion(field, v, w or {}))
        worst = max(worst, v)
    if together is not None:
        worst = max(worst, verdict_of(next(fired)))
    return out, worst


def fire_all(rules: RuleSet, facts: Sequence[Fact]) -> list[list[Rule]]:
    """The screening rules fired for each fact, by the reference evaluator."""
    return [_fire(rules, "profile", f) for f in facts]


def if_yes_text(rules: RuleSet, field: str, verdict: Verdict) -> str:
    """A sentence on what the riskiest answer to ``field`` would mean."""
    spec = next((s for s in rules.facts.values() if s.field == field and s.if_yes), None)
    if spec is not None and spec.if_yes:
        cond = spec.if_yes
    else:
        question = next((q for q in rules.questions if q.field == field), None)
        if question is not None and question.kind == "yes_no":
            cond = f"If the answer to '{question.question}' is yes"
        elif question is not None:
            cond = f"Depending on the answer to '{question.question}'"
        else:
            cond = f"Depending on the answer about {field}"
    return f"{cond}: {CONSEQUENCE[verdict]}."

ProfileInput = UserProfile | Mapping[str, Any] | str | bytes
_T = TypeVar("_T")

_QUESTIONS = {s.field: s.question for s in FACTS.values() if s.field and s.question}


def question_for(field: str, rules: RuleSet | None = None) -> str:
    """The question to ask for a profile field."""
    if rules is not None:
        for q in rules.questions:
            if q.field == field:
                return q.question
    return _QUESTIONS.get(field, f"Please answer: {field}")


# id(rule) -> (rule, finding); holding the rule keeps its id from being reused.
_CACHE: dict[int, tuple[Rule, Finding]] = {}


def to_finding(rule: Rule, notes: Mapping[str, list[str]] | None = None) -> Finding:
    """The finding a fired rule records; ``notes`` on facts it read are added to the detail."""
    detail = rule.then.detail
    if notes:
        extra = [n for t in tests_of(rule.when) for n in notes.get(t.fact, [])]
        if extra:
            detail = (detail + " " if detail else "") + " ".join(dict.fromkeys(extra))
            return _finding(rule, detail)
    # Findings are immutable: one per rule object is enough.
    hit = _CACHE.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    found = _finding(rule, detail)
    if len(_CACHE) > 20_000:
        _CACHE.clear()
    _CACHE[id(rule)] = (rule, found)
    return found


def _finding(rule: Rule, detail: str) -> Finding:
    return Finding.model_construct(rule_id=rule.id, topic=rule.topic, level=rule.then.level,
                                   summary=rule.then.summary, detail=detail,
                                   sources=rule.sources, basis=rule.basis)


def choose(fired: Iterable[Rule]) -> dict[str, Rule]:
    """The winner of each choice topic: highest priority, then earliest rule."""
    won: dict[str, Rule] = {}
    for r in fired:
        if TOPICS[r.topic].kind != "choice":
            continue
        best = won.get(r.topic)
        if best is None or r.priority > best.priority:
            won[r.topic] = r
    return won


@dataclass(slots=True)
class Evaluation:
    """Everything one profile evaluation produced (internal)."""

    rules: RuleSet
    derived: Derived
    screening: list[Rule]
    verdict: Verdict
    guidance: list[Rule]
    winners: dict[str, Rule]
    #: Open screening questions and the verdict each one's riskiest answer leads to.
    open: list[OpenQuestion]
    #: True when an open question could lead to consult or avoid: no mat, plan or minutes.
    awaiting: bool

    def winner(self, topic: str) -> Rule:
        """The winning rule of a choice topic; RuleError if the rule set decides none."""
        rule = self.winners.get(topic)
        if rule is None:
            raise RuleError(f"the rule set decides nothing for topic {topic!r}", field=topic)
        return rule

    def value(self, topic: str) -> str | int:
        """The winning value of a choice topic; RuleError if the rule set decides none."""
        rule = self.winners.get(topic)
        if rule is None or rule.then.value is None:
            raise RuleError(f"the rule set decides no value for topic {topic!r}", field=topic)
        return rule.then.value

    def number(self, topic: str) -> int:
        """The winning integer value of a choice topic."""
        v = self.value(topic)
        assert isinstance(v, int)
        return v

    def text(self, topic: str) -> str:
        """The winning text value of a choice topic."""
        return str(self.value(topic))


def extra_facts(profile: UserProfile, rules: RuleSet) -> dict[str, str | int]:
    """Facts from ``profile.extra``, validated against the rule set's extra questions."""
    asked = {q.name: q for q in rules.questions}
    errors: list[InitErrorDetails] = []
    out: dict[str, str | int] = {}
    for key, answer in profile.extra.items():
        q = asked.get(key)
        if q is None:
            msg = "not a question of this rule set" + (
                f" (its questions: {', '.join(asked)})" if asked else " (it declares none)")
            errors.append(_err(key, answer, msg))
            continue
        try:
            out[q.fact] = q.value_of(answer)
        except ValueError as exc:
            errors.append(_err(key, answer, str(exc)))
    if errors:
        raise ValidationError.from_exception_data("UserProfile", errors)
    for q in rules.questions:
        out.setdefault(q.fact, q.value_of(None))
    return out


def _err(key: str, answer: object, message: str) -> InitErrorDetails:
    return {"type": "value_error", "loc": ("extra", key), "input": answer,
            "ctx": {"error": ValueError(message)}}


def asked_fields(screening: Iterable[Rule]) -> list[str]:
    """The profile fields the fired screening rules ask for, in rule order, each once."""
    asked: dict[str, None] = {}
    for r in screening:
        if r.then.asks:
            asked.setdefault(r.then.asks)
    return list(asked)


def evaluate(profile: ProfileInput, rules: RuleSet | None = None, *,
             guidance: bool = True) -> Evaluation:
    """Validate ``profile`` and run the screening (and, if ``guidance``, guidance) rules on it.

    With ``guidance=False`` the guidance stage runs only when its result is shown (a mat
    and a plan may be given).
    """
    p = as_profile(profile)  # type: ignore[arg-type]
    rs = default_rules() if rules is None else rules
    if not isinstance(rs, RuleSet):
        raise TypeError(f"rules must be a RuleSet, not {type(rs).__name__}")
    derived = derive(p)
    derived.fact.update(extra_facts(p, rs))
    screening = _fire(rs, "profile", derived.fact)
    verdict = verdict_of(screening)
    opened, worst = open_questions(rs, derived.fact, asked_fields(screening), verdict)
    # Withheld because of the open questions (consult/avoid withhold mat and plan anyway).
    awaiting = verdict <= Verdict.CAUTION and worst >= Verdict.CONSULT
    fired: list[Rule] = []
    if guidance or (verdict <= Verdict.CAUTION and not awaiting):
        gfact = {**derived.fact, "verdict": verdict.value, "open_risk": YES if awaiting else NO}
        fired = _fire(rs, "guidance", gfact)
    return Evaluation(rs, derived, screening, verdict, fired, choose(fired), opened, awaiting)


# Results are immutable and repeat across profiles: identical mats, plans and questions
# are shared objects (less to build, and pickled once per batch chunk).
_SHARED: dict[tuple[object, ...], Any] = {}


def _ask(q: OpenQuestion, rules: RuleSet) -> Unanswered:
    return _shared(("ask", q.field, q.verdict, rules.fingerprint),
                   lambda: Unanswered(field=q.field, question=question_for(q.field, rules),
                                      if_yes=if_yes_text(rules, q.field, q.verdict),
                                      if_yes_verdict=q.verdict))


def _shared(key: tuple[object, ...], make: Callable[[], _T]) -> _T:
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > 10_000:
            _SHARED.clear()
        found = _SHARED[key] = make()
    return found


_MAT_TOPICS = ("mat.spike_density", "mat.spike_length", "mat.size", "mat.cover", "mat.spikes",
               "mat.quality")


def _mat(ev: Evaluation) -> MatSpec:
    values = tuple(ev.text(t) for t in _MAT_TOPICS)
    return _shared(("mat", *values), lambda: MatSpec(
        spike_density=values[0], spike_length=values[1], size=values[2],
        cover=values[3], spikes=values[4], quality=values[5]))


def plan_bounds(ev: Evaluation) -> tuple[int, int, int]:
    """(start, target, step) minutes decided by the plan rules; start never above target."""
    target = ev.number("plan.target")
    return min(ev.number("plan.start"), target), target, ev.number("plan.step")


# Topics only used while adapting: not shown to a person who has already adapted.
_ADAPTING = frozenset({"plan.clothing_first", "plan.surface_first"})


def _plan(ev: Evaluation) -> SessionPlan:
    key = ("plan", *(r.id for r in ev.guidance if r.topic.startswith("plan.")
                     and (TOPICS[r.topic].kind != "choice" or ev.winners.get(r.topic) is r)),
           plan_bounds(ev), ev.rules.fingerprint)
    return _shared(key, lambda: _build_plan(ev))


def _build_plan(ev: Evaluation) -> SessionPlan:
    start, target, step = plan_bounds(ev)
    freq, adapt = ev.number("plan.frequency"), ev.number("plan.adaptation")
    weeks: list[WeekPlan] = []
    minutes = start
    while True:
        early = len(weeks) < adapt
        weeks.append(WeekPlan(
            week=len(weeks) + 1, minutes=minutes, sessions_per_week=freq,
            clothing=ev.text("plan.clothing_first" if early else "plan.clothing_after"),
            surface=ev.text("plan.surface_first" if early else "plan.surface_after"),
        ))
        if minutes >= target and len(weeks) >= adapt:
            break
        minutes = min(minutes + step, target)
    schedule = "U5" if "U5" in ev.winner("plan.target").sources else "U4"
    return SessionPlan(
        weeks=tuple(weeks), target_minutes=target, schedule=schedule,
        position=ev.winner("plan.position").then.summary,
        setting=ev.winner("plan.setting").then.summary,
        stop_signs=tuple(str(r.then.value) for r in ev.guidance if r.topic == "plan.stop_sign"),
        hygiene=ev.winner("plan.hygiene").then.summary,
        notes=tuple(r.then.summary for r in ev.guidance if r.topic == "plan.note"),
    )


def recommend(profile: ProfileInput, rules: RuleSet | None = None) -> Recommendation:
    """Screen ``profile`` and, if a mat may be used, say which mat and how.

    ``profile`` is a :class:`UserProfile`, a dict, or JSON text; ``rules`` a
    :class:`RuleSet` (default: :func:`default_rules`). Raises
    ``pydantic.ValidationError`` naming the field for bad input.
    """
    ev = evaluate(profile, rules, guidance=False)
    asks = screening_findings(ev)
    findings = list(asks)
    mat = plan = None
    if ev.verdict <= Verdict.CAUTION and not ev.awaiting:
        notes = ev.derived.notes
        mat, plan = _mat(ev), _plan(ev)
        adapted = ev.number("plan.adaptation") == 0
        for r in ev.guidance:
            kind = TOPICS[r.topic].kind
            if kind == "choice" and ev.winners.get(r.topic) is not r:
                continue
            if adapted and r.topic in _ADAPTING:
                continue
            findings.append(to_finding(r, notes))
    return Recommendation(
        verdict=ev.verdict, findings=tuple(findings), unanswered=unanswered(ev),
        mat=mat, plan=plan, awaiting_answers=ev.awaiting, rules_fingerprint=ev.rules.fingerprint,
        acumat_version=__version__,
    )


def unanswered(ev: Evaluation) -> tuple[Unanswered, ...]:
    """The open screening questions of an evaluation, each with what its "yes" would mean."""
    return tuple(_ask(q, ev.rules) for q in ev.open)


def screening_findings(ev: Evaluation) -> list[Finding]:
    """The findings of the fired screening rules; an asking rule's says what "yes" would mean."""
    notes = ev.derived.notes
    by_field = {q.field: q for q in ev.open}
    out = []
    for r in ev.screening:
        found = to_finding(r, notes)
        q = by_field.get(r.then.asks) if r.then.asks else None
        if q is not None:
            text = if_yes_text(ev.rules, q.field, q.verdict)
            found = found.model_copy(update={"detail": f"{found.detail} {text}".strip()})
        out.append(found)
    return out

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


@dataclass(slots=True)
class _Day:
    day: dt.date
    minutes: int = 0
    discomfort: int = 0
    symptoms: set[Symptom] = field(default_factory=set)

    @property
    def comfortable(self) -> bool:
        return self.discomfort <= COMFORTABLE and not self.symptoms


def _days(logs: Sequence[SessionLog]) -> list[_Day]:
    days: list[_Day] = []
    for log in logs:
        if not days or days[-1].day != log.day:
            days.append(_Day(log.day))
        d = days[-1]
        d.minutes += log.minutes
        d.discomfort = max(d.discomfort, log.discomfort)
        d.symptoms.update(log.symptoms)
    return days


def _uncleared(logs: Sequence[SessionLog], day: dt.date, cleared: dt.date | None) -> bool:
    for log in logs:
        if cleared is not None and log.day <= cleared:
            continue
        if not DOCTOR_SIGNS.isdisjoint(log.symptoms):
            return True
        if Symptom.BROKEN_SKIN in log.symptoms and (day - log.day).days <= RECENT_DAYS:
            return True
    return False


def session_fact(ev: Evaluation, logs: Sequence[SessionLog], on: dt.date | None,
                 cleared_on: dt.date | None = None) -> Fact:
    """The session-stage fact: profile facts, the verdict, the plan bounds and the history.

    ``cleared_on`` is the day a doctor said the mat may be used again: stop signs logged
    up to that day no longer count.
    """
    start, target, _ = plan_bounds(ev)
    f: Fact = {**ev.derived.fact, "verdict": ev.verdict.value, "plan_start": start,
               "plan_target": target, "open_risk": YES if ev.awaiting else NO}
    if not logs:
        f.update(history="empty", last_minutes=0, last_discomfort=-1, comfortable_streak=0,
                 prev_minutes=0, jumped=NO,
                 logged_days=0, same_day=NO, gap_days=-1, at_target=NO, above_start=NO,
                 recent_stop_sign=NO, over_target=NO, day_over_target=NO, irritation_twice=NO,
                 **{f"last_{s.value}": NO for s in Symptom})
        return f
    days = _days(logs)
    last = days[-1]
    day = on or last.day + dt.timedelta(days=1)
    streak: list[dt.date] = []
    for d in reversed(days):
        if d.minutes != last.minutes or not d.comfortable:
            break
        if streak and (streak[-1] - d.day).days > MAX_BREAK:
            break
        streak.append(d.day)
    recent = _uncleared(logs, day, cleared_on)
    # Skin irritation on each of the last two logged days (C11: the skin keeps reacting).
    twice = len(days) >= 2 and all(Symptom.SKIN_IRRITATION in d.symptoms for d in days[-2:])
    minutes = min(last.minutes, _DAY_MAX)
    prev = min(days[-2].minutes, _DAY_MAX) if len(days) >= 2 else 0
    _, _, step = plan_bounds(ev)
    f.update(
        history="logged", last_minutes=minutes, last_discomfort=last.discomfort,
        comfortable_streak=len(streak), logged_days=len(days), prev_minutes=prev,
        jumped=YES if prev and minutes > prev + step else NO,
        same_day=YES if last.day == day else NO, gap_days=(day - last.day).days,
        at_target=YES if minutes >= target else NO,
        above_start=YES if minutes > start else NO,
        recent_stop_sign=YES if recent else NO,
        over_target=YES if minutes > target else NO,
        day_over_target=YES if minutes > target else NO,
        irritation_twice=YES if twice else NO,
        **{f"last_{s.value}": YES if s in _current(last, day, cleared_on) else NO for s in Symptom},
    )
    return f


def _current(last: _Day, day: dt.date, cleared: dt.date | None) -> set[Symptom]:
    """The last day's symptoms that still count: not cleared by a doctor since, and broken skin
    only while it may not have healed."""
    if cleared is not None and last.day <= cleared:
        return last.symptoms - STOP_SIGNS
    if (day - last.day).days > RECENT_DAYS:
        return last.symptoms - {Symptom.BROKEN_SKIN}
    return last.symptoms


def _fewer(last: int, step: int) -> int:
    # Strictly fewer minutes than last time, never below one.
    return last - step if last > step else max(1, last // 2)


def _minutes(action: str, fired: Sequence[Rule], f: Fact, step: int) -> int | None:
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
    values = {r.then.value for r in fired if r.topic == "session.action"}
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
    ev = evaluate(profile, rules)
    day = parse_on(on)
    cleared = parse_on(cleared_on, name="cleared_on")
    logs = parse_history(history, day)
    f = session_fact(ev, logs, day, cleared)
    fired = _fire(ev.rules, "session", f)
    actions = [r for r in fired if r.topic == "session.action"]
    if not actions:
        raise_no_action(ev)
    winner = decide(actions)
    value = str(winner.then.value)
    action: Action = "step_back" if value.startswith("step_back") else value  # type: ignore[assignment]
    _, _, step = plan_bounds(ev)
    minutes = _minutes(value, fired, f, step)
    rest = max((int(r.then.value) for r in fired if r.topic == "session.rest"
                and r.then.value is not None), default=0) if action != "stop" else 0
    findings = [to_finding(winner)]
    findings += [to_finding(r) for r in fired
                 if r is not winner and TOPICS[r.topic].kind != "choice"]
    # The screening findings that bear on the verdict, caution included.
    findings += [x for x in screening_findings(ev) if x.level is not None
                 and x.level >= max(ev.verdict, Verdict.CAUTION)]
    return SessionAdvice(
        action=action, minutes=minutes, rest_days=rest, reason=winner.then.summary,
        rule_id=winner.id, verdict=ev.verdict, findings=tuple(findings),
        unanswered=unanswered(ev), rules_fingerprint=ev.rules.fingerprint,
        acumat_version=__version__,
    )


def raise_no_action(ev: Evaluation) -> None:
    """Raise the error for a rule set whose session rules decide nothing."""
    from acumat.errors import RuleError

    raise RuleError("the rule set's session rules decide no action for this history",
                    field="session.action")
