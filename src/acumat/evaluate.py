"""Profile -> facts -> engine -> Recommendation.

Screening rules run first; their worst level is the verdict. The open screening
questions are then tried at their riskiest answers (:mod:`acumat.unanswered`):
while one could lead to consult or avoid, there is no mat and no plan. Otherwise
guidance rules (mat, plan, therapies) run on the same fact plus the verdict, and
only a suitable or caution verdict shows a mat and a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS
from acumat.unanswered import OpenQuestion, if_yes_text, open_questions, verdict_of

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
    screening = rs.fire("profile", derived.fact)
    verdict = verdict_of(screening)
    opened, worst = open_questions(rs, derived.fact, asked_fields(screening), verdict)
    # Withheld because of the open questions (consult/avoid withhold mat and plan anyway).
    awaiting = verdict <= Verdict.CAUTION and worst >= Verdict.CONSULT
    fired: list[Rule] = []
    if guidance or (verdict <= Verdict.CAUTION and not awaiting):
        gfact = {**derived.fact, "verdict": verdict.value, "open_risk": YES if awaiting else NO}
        fired = rs.fire("guidance", gfact)
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
    schedule = "U5" if "U5" in ev.winners["plan.target"].sources else "U4"
    return SessionPlan(
        weeks=tuple(weeks), target_minutes=target, schedule=schedule,
        position=ev.winners["plan.position"].then.summary,
        setting=ev.winners["plan.setting"].then.summary,
        stop_signs=tuple(str(r.then.value) for r in ev.guidance if r.topic == "plan.stop_sign"),
        hygiene=ev.winners["plan.hygiene"].then.summary,
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
