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

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from acumat.advice import VERDICTS, Verdict
from acumat.combine import Probe, Raising, plan_of
from acumat.facts import UNKNOWN, Fact, FactSpec
from acumat.reference import holds
from acumat.rules.model import Rule, Test
from acumat.rules.ruleset import RuleSet

_NONE: dict[str, str | int] = {}
#: Asked fields -> their open questions under avoid (no answer can change it): the same
#: for every rule set. The questions are shared; nothing changes one once made.
_AVOIDED: dict[tuple[str, ...], tuple[OpenQuestion, ...]] = {}
_NO_ANSWER: Mapping[str, str | int] = MappingProxyType({})
#: The most riskiest answers remembered per question (then forgotten at once).
_MAX_ANSWERS = 4096


class OpenQuestion:
    """One unanswered screening question and the verdict its riskiest answer leads to
    (a plain slotted class: made several times per call, cheaper than a dataclass)."""

    __slots__ = ("field", "key", "verdict", "worst")

    def __init__(self, field: str, verdict: Verdict, worst: Mapping[str, str | int]) -> None:
        self.field = field
        self.verdict = verdict
        #: The answers that lead to ``verdict`` (empty when none raises it).
        self.worst = worst
        #: (field, verdict): what the shown findings and questions depend on.
        self.key = (field, verdict)

    def __repr__(self) -> str:
        return f"OpenQuestion({self.field!r}, {self.verdict!r}, {dict(self.worst)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OpenQuestion):
            return NotImplemented
        return (self.field, self.verdict, dict(self.worst)) == (
            other.field, other.verdict, dict(other.worst))

    __hash__ = None  # type: ignore[assignment]


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


def _worst_answer(raising: Raising, fact: Fact, free: Mapping[str, FactSpec],
                  verdict: Verdict) -> dict[str, str | int] | None:
    """Answers to the ``free`` facts that make the highest-level screening rule fire (exact:
    the rule's conditions are solved over the answered values), or None if none can raise
    the verdict. ``raising``: the level rules, worst level first."""
    for rank, reads, dnf in raising:
        if rank <= verdict.rank:
            return None
        if reads.isdisjoint(free):
            continue
        w = _witness(dnf, fact, free)
        if w is not None:
            return w
    return None


def _riskiest(probe: Probe, rank: int, fact: Fact, verdict: Verdict) -> dict[str, str | int] | None:
    # The riskiest answer depends only on the rule data and the facts its rules read:
    # found once per combination of those (the engine still evaluates it).
    key = (rank, *probe.context(fact))
    w = probe.answers.get(key, _NONE)
    if w is _NONE:
        w = _worst_answer(probe.raising, fact, probe.free, verdict)
        if len(probe.answers) >= _MAX_ANSWERS:
            probe.answers.clear()
        probe.answers[key] = w
    return w


def open_questions(rules: RuleSet, fact: Fact, asked: Sequence[str], verdict: Verdict,
                   fired: Collection[int] | None = None) -> tuple[list[OpenQuestion], Verdict]:
    """Each asked field's "if yes" verdict, and the worst verdict any answers could give
    (exact below consult; at consult or above it is at least consult: enough to withhold).

    The riskiest answers are found exactly from the rules' conditions (choices, numbers
    and combinations of open questions included) and then evaluated through the engine.
    ``fired``: the positions of the screening rules that fired for ``fact``; given, an
    answer to one question is evaluated on the rules that read its facts alone (the others
    fire as they did).
    """
    if not asked:
        return [], verdict
    if verdict == Verdict.AVOID:  # nothing ranks above avoid: no answer can change it
        fields = tuple(asked)
        avoided = _AVOIDED.get(fields)
        if avoided is None:
            if len(_AVOIDED) >= _MAX_ANSWERS:
                _AVOIDED.clear()
            avoided = _AVOIDED[fields] = tuple(OpenQuestion(f, verdict, _NO_ANSWER)
                                               for f in fields)
        return list(avoided), verdict
    plan = plan_of(rules)
    out: list[OpenQuestion] = []
    rank = verdict.rank
    worst = rank
    for field in asked:
        probe = plan.probe(field)
        if fired is None:
            w = _riskiest(probe, rank, fact, verdict)
            v = rank if w is None else max(rank, verdict_of(rules.fire("profile", {**fact, **w})).rank)
            q = OpenQuestion(field, VERDICTS[v], w or _NO_ANSWER)
        else:
            # With the positions given, the outcome depends only on the verdict so far and
            # the values of the facts the probed rules read (the riskiest answer, and the
            # engine's answer for the what-if fact they make): remembered per combination
            # of those, as the engine's answer per what-if fact is (Engine.fired_remembered).
            # Rules outside the probe fire as they did, and they are already in ``rank``.
            key = (rank, *probe.decided_by(fact))
            found = probe.outcomes.get(key)
            if found is None:
                w = _riskiest(probe, rank, fact, verdict)
                v = rank
                if w is not None:
                    tried = {k: fact[k] for k in probe.reads}
                    tried.update(w)
                    v = max(rank, plan.rank_at(probe.fired(tried)))
                if len(probe.outcomes) >= _MAX_ANSWERS:
                    probe.outcomes.clear()
                # The open question itself is remembered too: shared, never changed.
                found = probe.outcomes[key] = (v, OpenQuestion(field, VERDICTS[v], w or _NO_ANSWER))
            v, q = found
        out.append(q)
        if v > worst:
            worst = v
    # Together, the open questions could reach further than each alone; that only matters
    # while nothing so far withholds the mat (below consult).
    if len(asked) > 1 and worst < 2:
        free = {n: s for f in asked for n, s in plan.probe(f).free.items()}
        together = _worst_answer(plan.raising(), fact, free, verdict)
        if together is not None:
            worst = max(worst, verdict_of(rules.fire("profile", {**fact, **together})).rank)
    return out, VERDICTS[worst]
