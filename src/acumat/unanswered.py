"""What the open screening questions could still lead to (unknown is not safe).

An unanswered safety question may hide a contraindication. For each question a
fired screening rule ``asks``, the screening stage is evaluated again by the
engine with that question's facts set to their riskiest values ("if yes"), and
once with every open question at its riskiest value together. The screening
rules are monotone (``verify()`` proves it, and RuleSet construction enforces
it), so the combined worst case bounds every possible set of answers: when it
reaches consult or avoid, no mat, plan or session minutes may be given.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from acumat.advice import Verdict
from acumat.facts import UNKNOWN, Fact, FactSpec
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet

#: What each verdict means for the person, after "If …: ".
CONSEQUENCE = {
    Verdict.SUITABLE: "nothing changes",
    Verdict.CAUTION: "use the mat only with care",
    Verdict.CONSULT: "see a doctor before using a mat",
    Verdict.AVOID: "do not use the mat",
}
#: Most fact combinations tried for one question (number questions try both ends).
_MAX_COMBOS = 16


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


def _candidates(spec: FactSpec, has_order: bool) -> tuple[str | int, ...]:
    if spec.risk_order:
        return (spec.risk_order[-1],)
    if spec.is_int:
        # A number whose field also has a risk-ordered fact (pain severity): its top end.
        return (spec.high,) if has_order else (max(spec.low, 0), spec.high)
    return tuple(v for v in spec.values if v != UNKNOWN)


def _worst_facts(rules: RuleSet, field: str) -> list[dict[str, str | int]]:
    specs = [s for s in rules.facts.values() if s.field == field and s.stage == "profile"
             and (s.safety or s.is_int or s.risk_order)]
    has_order = any(s.risk_order for s in specs)
    names = [s.name for s in specs]
    choices = [_candidates(s, has_order) for s in specs]
    combos = itertools.islice(itertools.product(*choices), _MAX_COMBOS)
    return [dict(zip(names, combo, strict=True)) for combo in combos]


def open_questions(rules: RuleSet, fact: Fact, asked: Sequence[str],
                   verdict: Verdict) -> tuple[list[OpenQuestion], Verdict]:
    """Each asked field's "if yes" verdict, and the verdict with all of them at their worst."""
    if not asked:
        return [], verdict
    plans: list[tuple[str, list[dict[str, str | int]]]] = [(f, _worst_facts(rules, f)) for f in asked]
    facts = [{**fact, **w} for _, worst in plans for w in worst]
    fired = fire_all(rules, facts)
    out: list[OpenQuestion] = []
    combined: dict[str, str | int] = {}
    k = 0
    for field, worst in plans:
        best = verdict
        chosen: Mapping[str, str | int] = {}
        for w in worst:
            v = max(verdict, verdict_of(fired[k]))
            k += 1
            if v >= best:
                best, chosen = v, w
        out.append(OpenQuestion(field, best, chosen))
        combined.update(chosen)
    if len(out) == 1:
        return out, out[0].verdict
    total = max(verdict, verdict_of(fire_all(rules, [{**fact, **combined}])[0]))
    return out, max(total, *(q.verdict for q in out))


def fire_all(rules: RuleSet, facts: Sequence[Fact]) -> list[list[Rule]]:
    """The screening rules fired for each fact, through the engine."""
    many = getattr(rules, "fire_many", None)
    if many is not None:
        return list(many("profile", facts))
    return [rules.fire("profile", f) for f in facts]


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
