"""What the open screening questions could still lead to (unknown is not safe).

An unanswered safety question may hide a contraindication. For each question a
fired screening rule ``asks``, the screening stage is evaluated again by the
engine with that question's facts set to their riskiest values ("if yes"), and
once with every open question at its riskiest value together. The screening
rules are monotone (``verify()`` proves it, and RuleSet construction enforces
it), so the combined worst case bounds every possible set of answers: when it
reaches consult or avoid, no mat, plan or session minutes may be given. Where
the verdict already is avoid (or one question's riskiest answer reaches it), no
answer can change the outcome, and the evaluations it would take are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from acumat.advice import Verdict
from acumat.combine import CONSEQUENCE, MAX_COMBOS, plan_of, verdict_of_rank
from acumat.facts import Fact
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet

__all__ = ["CONSEQUENCE", "MAX_COMBOS", "OpenQuestion", "fire_all", "if_yes_text",
           "open_questions", "verdict_of"]


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


def open_questions(rules: RuleSet, fact: Fact, asked: Sequence[str],
                   verdict: Verdict) -> tuple[list[OpenQuestion], Verdict]:
    """Each asked field's "if yes" verdict, and the verdict with all of them at their worst."""
    if not asked:
        return [], verdict
    plan = plan_of(rules)
    plans = [(f, plan.worst_facts(f)) for f in asked]
    if verdict is Verdict.AVOID:
        # Nothing is above avoid: every answer leads to avoid whatever else fires, so the
        # engine has nothing left to decide (each question keeps its last riskiest combination).
        return [OpenQuestion(f, verdict, worst[-1] if worst else {}) for f, worst in plans], verdict
    facts = [{**fact, **w} for _, worst in plans for w in worst]
    ranks = [max([i.rank for i in plan.infos(fired)], default=0)
             for fired in fire_all(rules, facts)]
    base = verdict.rank
    out: list[OpenQuestion] = []
    combined: dict[str, str | int] = {}
    k = 0
    for field, worst in plans:
        best = base
        chosen: Mapping[str, str | int] = {}
        for w in worst:
            v = ranks[k] if ranks[k] > base else base
            k += 1
            if v >= best:
                best, chosen = v, w
        out.append(OpenQuestion(field, verdict_of_rank(best), chosen))
        combined.update(chosen)
    if len(out) == 1:
        return out, out[0].verdict
    if any(q.verdict is Verdict.AVOID for q in out):
        return out, Verdict.AVOID  # as above: nothing the combined answers fire can change it
    fired = fire_all(rules, [{**fact, **combined}])[0]
    total = max([base, *(i.rank for i in plan.infos(fired)), *(q.verdict.rank for q in out)])
    return out, verdict_of_rank(total)


def fire_all(rules: RuleSet, facts: Sequence[Fact]) -> list[list[Rule]]:
    """The screening rules fired for each fact, through the engine."""
    many = getattr(rules, "fire_many", None)
    if many is not None:
        return list(many("profile", facts))
    return [rules.fire("profile", f) for f in facts]


def if_yes_text(rules: RuleSet, field: str, verdict: Verdict) -> str:
    """A sentence on what the riskiest answer to ``field`` would mean."""
    return plan_of(rules).if_yes(field, verdict)
