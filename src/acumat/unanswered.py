"""What the open screening questions could still lead to (unknown is not safe).

An unanswered safety question may hide a contraindication. For each question a
fired screening rule ``asks``, the riskiest answer is found exactly from the rule
data: the highest-level screening rule whose condition can hold once the question
is answered (its tests on the open facts are solved over their answered values,
the other facts as they are). That answer is then evaluated by the engine ("if
yes"), and so are the riskiest answers to all open questions together: when that
reaches consult or avoid, no mat, plan or session minutes may be given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from acumat.advice import Verdict
from acumat.combine import plan_of
from acumat.facts import UNKNOWN, Fact, FactSpec
from acumat.reference import holds
from acumat.rules.model import Rule, Test
from acumat.rules.ruleset import RuleSet


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


def _witness(dnf: Sequence[tuple[Test, ...]], fact: Fact,
             free: Mapping[str, FactSpec]) -> dict[str, str | int] | None:
    """Answers to the free facts under which a condition (as conjunctions) holds, the other
    facts as they are."""
    for conj in dnf:
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
    for rank, reads, dnf in plan_of(rules).raising():  # worst level first
        if rank <= verdict.rank:
            return None
        if reads.isdisjoint(free):
            continue
        w = _witness(dnf, fact, free)
        if w is not None:
            return w
    return None


def open_questions(rules: RuleSet, fact: Fact, asked: Sequence[str],
                   verdict: Verdict) -> tuple[list[OpenQuestion], Verdict]:
    """Each asked field's "if yes" verdict, and the worst verdict any answers could give.

    The riskiest answers are found exactly from the rules' conditions (choices, numbers
    and combinations of open questions included) and then evaluated through the engine.
    """
    if not asked:
        return [], verdict
    if verdict == Verdict.AVOID:  # nothing ranks above avoid: no answer can change it
        return [OpenQuestion(f, verdict, {}) for f in asked], verdict
    plans = [(f, _worst_answer(rules, fact, [f], verdict)) for f in asked]
    together = _worst_answer(rules, fact, asked, verdict) if len(asked) > 1 else None
    tries = [w for _, w in plans if w is not None]
    if together is not None:
        tries.append(together)
    fired = iter(fire_all(rules, [{**fact, **w} for w in tries]))
    out: list[OpenQuestion] = []
    worst: Verdict = verdict
    for field, w in plans:
        v = verdict if w is None else max(verdict, verdict_of(next(fired)))
        out.append(OpenQuestion(field, v, w or {}))
        worst = max(worst, v)
    if together is not None:
        worst = max(worst, verdict_of(next(fired)))
    return out, worst


def fire_all(rules: RuleSet, facts: Sequence[Fact]) -> list[list[Rule]]:
    """The screening rules fired for each fact, through the engine."""
    return rules.fire_many("profile", facts)
