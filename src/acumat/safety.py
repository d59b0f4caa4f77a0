"""The safety invariants every rule set keeps, proved over the finite fact domain.

:class:`acumat.RuleSet` refuses to be built when one is broken (a ``RuleError``
naming the rule), and :func:`acumat.verify` reports them as errors. The proofs are
exact (see :mod:`acumat.domain`) and driven by the data only: the facts' risk
orders, the topics, and the rules' levels and values.

* **Monotone severity**: moving a safety fact one step up its risk order (``no`` to
  ``unknown`` to ``yes``) never lowers the verdict.
* **Unknown is not safe**: an unanswered safety question keeps the verdict at
  ``caution`` or above.
* **A stop is never lost**: wherever the verdict is ``consult`` or ``avoid``, a
  ``stop`` session action fires (and a fired stop always wins).
* **A floor of safety rules** (the default rules' safety rules, in a rule set derived
  from them): every profile they cover still gets at least their level.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from acumat.advice import Verdict
from acumat.domain import Box, Domain, TooComplexError, intersect, uncovered
from acumat.facts import UNKNOWN, FactSpec, Stage
from acumat.rules.model import Rule, tests_of
from acumat.rules.topics import TOPICS

#: Ids of the automatic "unanswered" rules of safety questions: no pack may declare one.
RESERVED_ID = re.compile(r"^extra\..+\.unanswered$")
#: The session topic whose ``stop`` value no other action may outrank.
ACTION_TOPIC = "session.action"
STOP = "stop"
#: Verdicts at which the mat must not be used, so every session action must be a stop.
NO_USE = (Verdict.CONSULT, Verdict.AVOID)

_VISIBLE: dict[Stage, tuple[Stage, ...]] = {
    "profile": ("profile",), "guidance": ("profile", "guidance"),
    "session": ("profile", "guidance", "session"),
}
# Guidance (mat, plan) only matters when the verdict allows use.
_RESTRICT: dict[Stage, dict[str, tuple[str, ...]]] = {
    "profile": {}, "guidance": {"verdict": ("suitable", "caution")}, "session": {},
}


@dataclass(frozen=True, slots=True)
class Breach:
    """One broken safety invariant: the rule (and field) to blame, and a counterexample.

    ``proven`` is False when the check was too complex to finish: the invariant
    could not be shown to hold, which a rule set under construction must not accept.
    """

    rule_id: str | None
    field: str | None
    message: str
    stage: Stage = "profile"
    box: Box | None = None
    proven: bool = True


def is_level_rule(rule: Rule) -> bool:
    """True for a rule of a verdict topic that sets a level."""
    return TOPICS[rule.topic].kind == "verdict" and rule.then.level is not None


class Space:
    """The fact domain of each stage for a list of rules, and the boxes of each rule."""

    def __init__(self, rules: Sequence[Rule], facts: Mapping[str, FactSpec],
                 extra: Sequence[Rule] = ()) -> None:
        self.rules = tuple(rules)
        self.facts = facts
        cut_rules = (*self.rules, *extra)
        self.dom: dict[Stage, Domain] = {}
        for stage in ("profile", "guidance", "session"):
            specs = {k: v for k, v in facts.items() if v.stage in _VISIBLE[stage]}
            self.dom[stage] = Domain(specs, cut_rules, _RESTRICT[stage])
        self._boxes: dict[int, tuple[Rule, list[Box]]] = {}
        self._cover: dict[Verdict, list[Box]] = {}

    def boxes(self, rule: Rule) -> list[Box]:
        """The boxes where ``rule`` fires, in its stage's domain (memoised)."""
        hit = self._boxes.get(id(rule))
        if hit is None or hit[0] is not rule:
            hit = (rule, self.dom[TOPICS[rule.topic].stage].boxes(rule))
            self._boxes[id(rule)] = hit
        return hit[1]

    def cover(self, at_least: Verdict) -> list[Box]:
        """Boxes of every profile where some rule gives ``at_least`` or more (memoised)."""
        hit = self._cover.get(at_least)
        if hit is None:
            hit = self._cover[at_least] = [
                b for r in self.rules if is_level_rule(r) and r.then.level is not None
                and r.then.level >= at_least for b in self.boxes(r)]
        return hit


def breaches(space: Space, *, floor: Sequence[Rule] = (),
             unknown_facts: Iterable[str] | None = None) -> Iterator[Breach]:
    """Every broken invariant of ``space.rules``, most specific first.

    ``floor`` holds the rules whose coverage must be kept (the default safety rules
    of a rule set derived from them); ``unknown_facts`` the safety facts whose
    "unknown" must not count as safe (None: every risk-ordered profile fact).
    """
    yield from kept(space, floor)
    yield from monotone(space)
    yield from unknown_not_safe(space, unknown_facts, floor)
    yield from stop_wins(space)


def kept(space: Space, floor: Sequence[Rule]) -> Iterator[Breach]:
    """Each floor rule's profiles still get at least its level from some rule."""
    by_id = {r.id: r for r in space.rules}
    for p in floor:
        now = by_id.get(p.id)
        if now is not None and now == p:
            continue
        level = p.then.level
        assert level is not None
        try:
            holes = [h for box in space.boxes(p)
                     for h in uncovered(box, space.cover(level), space.dom["profile"])]
        except TooComplexError:
            yield Breach(p.id, None, f"cannot prove that the profiles of {p.id!r} still get "
                         f"{level.value} (too complex)", proven=False)
            continue
        if not holes:
            continue
        cited = f" ({', '.join(p.sources)})" if p.sources else ""
        if now is None:
            yield Breach(p.id, "id", f"the default safety rule {p.id!r}{cited} cannot be removed: "
                         f"profiles it covers would no longer get {level.value}", box=holes[0])
        elif now.then.level is None or now.then.level < level:
            lower = now.then.level.value if now.then.level else "no level"
            yield Breach(p.id, "then.level", f"the default safety rule {p.id!r}{cited} cannot be "
                         f"lowered from {level.value} to {lower}", box=holes[0])
        else:
            yield Breach(p.id, "when", f"the default safety rule {p.id!r}{cited} cannot be "
                         f"narrowed: profiles it covers would no longer get {level.value}",
                         box=holes[0])


def monotone(space: Space) -> Iterator[Breach]:
    """A step up any safety fact's risk order never lowers the verdict."""
    dom = space.dom["profile"]
    levelled = [r for r in space.rules if is_level_rule(r)]
    for name, spec in space.facts.items():
        order = spec.risk_order
        if not order or spec.stage != "profile":
            continue
        idx = {v: i for i, v in enumerate(dom.axes[name].cells)}
        for r in levelled:
            level = r.then.level
            assert level is not None
            if name not in {t.fact for t in tests_of(r.when)}:
                continue  # the rule fires whatever the fact says
            for box in space.boxes(r):
                have = dom.get(box, name)
                for lo, hi in itertools.pairwise(order):
                    if idx[lo] not in have or idx[hi] in have:
                        continue
                    moved = {**box, name: frozenset({idx[hi]})}
                    try:
                        holes = uncovered(moved, space.cover(level), dom)
                    except TooComplexError:
                        yield Breach(r.id, "when", f"cannot prove that {name}={hi!r} keeps the "
                                     f"verdict at {level.value} (too complex)", proven=False)
                        continue
                    if holes:
                        yield Breach(r.id, "when", f"answering {name}={hi!r} instead of {lo!r} "
                                     f"lowers the verdict below {level.value}", box=holes[0])


def unknown_not_safe(space: Space, names: Iterable[str] | None = None,
                     floor: Sequence[Rule] = ()) -> Iterator[Breach]:
    """An unanswered safety question keeps every profile at caution or above."""
    dom = space.dom["profile"]
    ids = {r.id for r in space.rules}
    wanted = set(space.facts) if names is None else set(names)
    for name, spec in space.facts.items():
        if name not in wanted or UNKNOWN not in spec.risk_order or spec.stage != "profile":
            continue
        cell = dom.axes[name].cells.index(UNKNOWN)
        # Blame the removed floor rule that asked this question, if there is one.
        gone = next((p.id for p in floor if p.id not in ids and any(
            t.fact == name and t.value == UNKNOWN for t in tests_of(p.when))), None)
        try:
            holes = uncovered({name: frozenset({cell})}, space.cover(Verdict.CAUTION), dom)
        except TooComplexError:
            yield Breach(gone, spec.field or name, f"cannot prove that an unanswered {name!r} "
                         "keeps the verdict at caution (too complex)", proven=False)
            continue
        if holes:
            yield Breach(gone, spec.field or name, f"an unanswered {name!r} can give the verdict "
                         "'suitable' (unknown must never count as safe)", box=holes[0])


def stop_wins(space: Space) -> Iterator[Breach]:
    """Where the verdict is consult or avoid, a stop fires (and so wins) with any other action."""
    if not any(r.then.level in NO_USE for r in space.rules if is_level_rule(r)):
        return  # no rule can give consult or avoid
    dom = space.dom["session"]
    acts = [r for r in space.rules if r.topic == ACTION_TOPIC]
    stops = [b for s in acts if s.then.value == STOP for b in space.boxes(s)]
    cells = dom.axes["verdict"].cells
    bad: Box = {"verdict": frozenset(i for i, v in enumerate(cells)
                                     if v in {n.value for n in NO_USE})}
    for r in acts:
        if r.then.value == STOP:
            continue
        for box in space.boxes(r):
            region = intersect(box, bad, dom)
            if region is None:
                continue
            try:
                holes = uncovered(region, stops, dom)
            except TooComplexError:
                yield Breach(r.id, "when", "cannot prove that a stop fires with it when the "
                             "verdict is consult or avoid (too complex)", "session", proven=False)
                break
            if holes:
                yield Breach(r.id, "when", f"advises {r.then.value!r} when the verdict is "
                             "consult or avoid and no stop rule fires", "session", holes[0])
                break
