"""Profile -> facts -> engine -> Recommendation.

Screening rules run first; their worst level is the verdict. The open screening
questions are then tried at their riskiest answers (:mod:`acumat.unanswered`):
while one could lead to consult or avoid, there is no mat and no plan. Otherwise
guidance rules (mat, plan, therapies) run on the same fact plus the verdict, and
only a suitable or caution verdict shows a mat and a plan.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from acumat._version import __version__
from acumat.advice import (
    VERDICTS,
    Finding,
    MatSpec,
    Recommendation,
    SessionPlan,
    Unanswered,
    Verdict,
    WeekPlan,
)
from acumat.combine import CombinePlan, RuleInfo, finding_with_notes, plan_of
from acumat.errors import RuleError
from acumat.facts import NO, YES, Derived, derive
from acumat.profile import UserProfile, as_profile
from acumat.rules import default_rules
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS
from acumat.trusted import trusted
from acumat.unanswered import OpenQuestion, open_questions

ProfileInput = UserProfile | Mapping[str, Any] | str | bytes
_T = TypeVar("_T")

def question_for(field: str, rules: RuleSet | None = None) -> str:
    """The question to ask for a profile field."""
    return plan_of(default_rules() if rules is None else rules).question(field)


def to_finding(rule: Rule, notes: Mapping[str, list[str]] | None = None,
               rules: RuleSet | None = None) -> Finding:
    """The finding a fired rule records; ``notes`` on facts it read are added to the detail."""
    if notes:
        found = finding_with_notes(rule, dict(notes))
        if found is not None:
            return found
    if rules is not None:
        info = plan_of(rules).info.get(id(rule))
        if info is not None and info.rule is rule:
            return info.finding
    return Finding.model_construct(rule_id=rule.id, topic=rule.topic, level=rule.then.level,
                                   summary=rule.then.summary, detail=rule.then.detail,
                                   sources=rule.sources, basis=rule.basis)


def _found(info: RuleInfo, notes: dict[str, list[str]]) -> Finding:
    # The shared finding, unless a note applies to a fact the rule reads.
    if notes and not info.reads.isdisjoint(notes):
        found = finding_with_notes(info.rule, notes)
        if found is not None:
            return found
    return info.finding


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


def _choose(infos: Iterable[RuleInfo]) -> dict[str, Rule]:
    won: dict[str, RuleInfo] = {}
    for i in infos:
        if not i.choice:
            continue
        topic = i.topic
        best = won.get(topic)
        if best is None or i.priority > best.priority:
            won[topic] = i
    return {t: i.rule for t, i in won.items()}


class Evaluation:
    """Everything one profile evaluation produced (internal)."""

    __slots__ = ("_bounds", "_bounds_at", "_ginfo", "_guidance_at", "_key", "_parts", "_winners",
                 "awaiting", "derived", "guidance", "open", "plan", "rules", "screening",
                 "screening_info", "verdict")

    def __init__(self, rules: RuleSet, derived: Derived, screening: list[Rule], verdict: Verdict,
                 guidance: list[Rule], open: list[OpenQuestion], awaiting: bool,
                 plan: CombinePlan, screening_info: list[RuleInfo],
                 key: tuple[int, ...] | None = None) -> None:
        self.rules = rules
        self.derived = derived
        #: The fired screening rules (shared with the plan's memo: read, never change it).
        self.screening = screening
        self.verdict = verdict
        self.guidance = guidance
        #: Open screening questions and the verdict each one's riskiest answer leads to.
        self.open = open
        #: True when an open question could lead to consult or avoid: no mat, plan or minutes.
        self.awaiting = awaiting
        #: What combining needs about each rule of the rule set (:mod:`acumat.combine`).
        self.plan = plan
        #: The combine info of the screening rules above, in the same order.
        self.screening_info = screening_info
        self._ginfo: list[RuleInfo] | None = None
        self._winners: dict[str, Rule] | None = None
        self._bounds: tuple[int, int, int] | None = None
        #: The screening findings and open questions as shown (see _screening_parts).
        self._parts: Parts | None = None
        #: The fired plan-minute rules (positions) of a ``guidance="bounds"`` evaluation.
        self._bounds_at: tuple[int, ...] | None = None
        #: The fired guidance rules (positions) of a full guidance evaluation.
        self._guidance_at: tuple[int, ...] = ()
        #: What the screening findings depend on: the fired screening rules' positions.
        self._key: tuple[int, ...] = (tuple(i.index for i in screening_info) if key is None
                                      else key)

    @property
    def guidance_info(self) -> list[RuleInfo]:
        """The combine info of the fired guidance rules, in the same order (worked out when
        first needed: a result memoised per set of fired rules needs none of it)."""
        found = self._ginfo
        if found is None:
            found = self._ginfo = self.plan.infos(self.guidance) if self.guidance else []
        return found

    @property
    def winners(self) -> dict[str, Rule]:
        """The winning guidance rule of each choice topic."""
        found = self._winners
        if found is None:
            info = self.guidance_info
            found = self._winners = _choose(info) if info else {}
        return found

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
    plan = plan_of(rules)
    if not profile.extra:
        return dict(plan.extra_defaults)
    asked = plan.questions
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
    for name, value in plan.extra_defaults.items():
        out.setdefault(name, value)
    return out


def _err(key: str, answer: object, message: str) -> InitErrorDetails:
    return {"type": "value_error", "loc": ("extra", key), "input": answer,
            "ctx": {"error": ValueError(message)}}


def evaluate(profile: ProfileInput, rules: RuleSet | None = None, *,
             guidance: bool | Literal["bounds"] = True) -> Evaluation:
    """Validate ``profile`` and run the screening (and, if ``guidance``, guidance) rules on it.

    With ``guidance=False`` the guidance stage runs only when its result is shown (a mat
    and a plan may be given); with ``"bounds"`` only its rules on the plan's start, target
    and step minutes run (what a next session is worked out from).
    """
    p = as_profile(profile)  # type: ignore[arg-type]
    if rules is None:
        rs, plan = _DEFAULT or _default()
    elif isinstance(rules, RuleSet):
        rs, plan = rules, plan_of(rules)
    else:
        raise TypeError(f"rules must be a RuleSet, not {type(rules).__name__}")
    derived = derive(p)
    fact = derived.fact
    if p.extra or plan.extra_defaults:
        fact.update(extra_facts(p, rs))
    # What the fired rules mean (verdict, questions asked) depends on which fired alone:
    # worked out once per set of them, keyed by their positions.
    key = tuple(plan.fire("profile", fact))
    screening, sinfo, rank, asked = plan.screening_of(key)
    verdict = VERDICTS[rank]  # rank >= 0
    if asked:
        opened, worst = open_questions(rs, fact, asked, verdict, key)
        # Withheld because of the open questions (consult/avoid withhold mat and plan anyway).
        awaiting = rank <= 1 and worst.rank >= 2
    else:
        opened, awaiting = [], False
    fired: list[Rule] = []
    at = gat = None
    if guidance or (rank <= 1 and not awaiting):  # "bounds" too
        gfact = {**fact, "verdict": _VALUES[verdict.rank], "open_risk": YES if awaiting else NO}
        if guidance == "bounds":
            subset = plan.bounds()
            at = tuple(subset.fired(gfact))
            fired = list(map(subset.rules.__getitem__, at))
        else:
            # What RuleSet.fire gives, kept as positions too (the shown memo's key).
            gat = tuple(plan.fire("guidance", gfact))
            fired = list(map(rs.stage("guidance").__getitem__, gat))
    ev = Evaluation(rs, derived, screening, verdict, fired, opened, awaiting, plan, sinfo, key)
    ev._bounds_at = at
    if gat is not None:
        ev._guidance_at = gat
    return ev


_VALUES = tuple(v.value for v in VERDICTS)
#: The default rule set and its combine plan, once first used (both live for the process).
_DEFAULT: tuple[RuleSet, CombinePlan] | None = None


def _default() -> tuple[RuleSet, CombinePlan]:
    global _DEFAULT
    rs = default_rules()
    _DEFAULT = rs, plan_of(rs)
    return _DEFAULT


# Results are immutable and repeat across profiles: identical mats, plans and questions
# are shared objects (less to build, and pickled once per batch chunk).
_SHARED: dict[tuple[object, ...], Any] = {}


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
    found = ev._bounds
    if found is None:
        # After a "bounds" evaluation the minutes depend on which plan-minute rules fired
        # alone: remembered per set of them. Worked out only when first needed, so a rule
        # set deciding none raises its RuleError after the caller has read its other input.
        at = ev._bounds_at
        memo = ev.plan.bounded
        found = None if at is None else memo.get(at)
        if found is None:
            target = ev.number("plan.target")
            found = (min(ev.number("plan.start"), target), target, ev.number("plan.step"))
            if at is not None:
                if len(memo) >= 4096:
                    memo.clear()
                memo[at] = found
        ev._bounds = found
    return found


# Topics only used while adapting: not shown to a person who has already adapted.
_ADAPTING = frozenset({"plan.clothing_first", "plan.surface_first"})


def _plan(ev: Evaluation) -> SessionPlan:
    winners = ev.winners
    key = ("plan", *[i.rule.id for i in ev.guidance_info if i.in_plan
                     and (not i.choice or winners.get(i.topic) is i.rule)],
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
    parts = _screening_parts(ev)
    findings, asked = parts.findings, parts.asked
    mat = plan = None
    if ev.verdict in _MAY_SHOW and not ev.awaiting:
        # The mat, the plan and the guidance findings depend on the fired guidance rules
        # alone: worked out once per set of them (the engine still decides each time).
        key = ev._guidance_at
        memo = ev.plan.shown
        shown = memo.get(key)
        if shown is None:
            if len(memo) >= 4096:
                memo.clear()
            shown = memo[key] = _shown(ev)
        mat, plan, kept, found = shown
        notes = ev.derived.notes
        findings = (*findings, *([_found(i, notes) for i in kept] if notes else found))
    return trusted(Recommendation, {
        "verdict": ev.verdict, "findings": findings, "unanswered": asked,
        "mat": mat, "plan": plan, "awaiting_answers": ev.awaiting,
        "rules_fingerprint": ev.rules.fingerprint, "acumat_version": __version__,
    })


_MAY_SHOW = frozenset({Verdict.SUITABLE, Verdict.CAUTION})


def _shown(ev: Evaluation) -> tuple[MatSpec, SessionPlan, list[RuleInfo], list[Finding]]:
    # The mat, the plan, and the guidance rules whose findings are shown (one winner per
    # choice topic; no adapting-only advice once adapted), with their shared findings.
    # The mat and the plan first: a rule set deciding neither names the mat's topic.
    mat, plan = _mat(ev), _plan(ev)
    adapted = ev.number("plan.adaptation") == 0
    winners = ev.winners
    kept = [i for i in ev.guidance_info
            if not (i.choice and winners.get(i.topic) is not i.rule)
            and not (adapted and i.topic in _ADAPTING)]
    return mat, plan, kept, [i.finding for i in kept]


def unanswered(ev: Evaluation) -> tuple[Unanswered, ...]:
    """The open screening questions of an evaluation, each with what its "yes" would mean."""
    ask = ev.plan.ask
    return tuple([ask(q.field, q.verdict) for q in ev.open])


def _screening_parts(ev: Evaluation) -> Parts:
    # The screening findings and the open questions (worked out once per evaluation).
    # Without notes they depend only on which rules fired and what the open questions
    # could lead to: built once per combination of those. A note changes only the
    # findings of the rules that read its fact: those are made afresh, the others are the
    # shared ones.
    parts = ev._parts
    if parts is None:
        parts = ev._parts = _parts(ev)
    return parts


def _parts(ev: Evaluation) -> Parts:
    plan = ev.plan
    key = (ev._key, *map(_QUESTION_KEY, ev.open)) if ev.open else ev._key
    found = plan.findings.get(key)
    if found is None:
        if len(plan.findings) >= 4096:
            plan.findings.clear()
        found = plan.findings[key] = Parts(tuple(_screening_findings(ev, {})), unanswered(ev))
    notes = ev.derived.notes
    if not notes:
        return found
    base = found.findings
    out: list[Finding] | None = None
    for j, i in enumerate(ev.screening_info):
        if i.reads.isdisjoint(notes):
            continue
        noted = finding_with_notes(i.rule, notes)
        if noted is None:
            continue
        if i.asks and ev.open:
            q = next((q for q in ev.open if q.field == i.asks), None)
            if q is not None:
                noted = plan.asking_finding(i, noted, q.verdict, False)
        if out is None:
            out = list(base)
        out[j] = noted
    return found if out is None else Parts(tuple(out), found.asked)


_QUESTION_KEY = operator.attrgetter("key")


class Parts:
    """The screening findings and the open questions of an evaluation, as shown; and,
    per least rank, the findings among them that decided the verdict (internal)."""

    __slots__ = ("asked", "deciding", "findings")

    def __init__(self, findings: tuple[Finding, ...], asked: tuple[Unanswered, ...]) -> None:
        self.findings = findings
        self.asked = asked
        #: Least verdict rank -> the findings of at least that level (see deciding_findings).
        self.deciding: dict[int, tuple[Finding, ...]] = {}


_RANK = {v: v.rank for v in VERDICTS}


def deciding_findings(ev: Evaluation) -> list[Finding]:
    """The screening findings that decided the verdict, caution included (what a next
    session shows: under avoid, a lower "see a doctor" finding would suggest that a doctor
    could clear the mat)."""
    least = max(ev.verdict.rank, 1)
    parts = _screening_parts(ev)
    found = parts.deciding.get(least)
    if found is None:
        rank = _RANK
        found = parts.deciding[least] = tuple(
            x for x in parts.findings if x.level is not None and rank[x.level] >= least)
    return list(found)


def shown_unanswered(ev: Evaluation) -> tuple[Unanswered, ...]:
    """:func:`unanswered`, shared with the findings' memo."""
    return _screening_parts(ev).asked


def _screening_findings(ev: Evaluation, notes: dict[str, list[str]]) -> list[Finding]:
    plan = ev.plan
    by_field = {q.field: q for q in ev.open} if ev.open else None
    out = []
    for i in ev.screening_info:
        found = _found(i, notes)
        asks = i.asks
        if asks and by_field:
            q = by_field.get(asks)
            if q is not None:
                found = plan.asking_finding(i, found, q.verdict, found is i.finding)
        out.append(found)
    return out
