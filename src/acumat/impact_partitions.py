"""Boxes of the fact domain on which one rule set decides one thing the same way (for :mod:`acumat.impact`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from acumat.advice import Verdict
from acumat.domain import Box, Domain, intersect, uncovered
from acumat.facts import UNKNOWN, FactSpec
from acumat.profile import Condition
from acumat.rules.model import Outcome, Rule, any_of, fact
from acumat.rules.ruleset import RuleSet

LEVELS = (Verdict.AVOID, Verdict.CONSULT, Verdict.CAUTION)
# Extra cuts so the coupled integer facts split where their bands do.
CUTS = Rule(id="cuts", topic="safety", basis="interpreted", then=Outcome(summary="cuts"),
             when=any_of(*(fact("pain_severity").at_least(v) for v in (0, 1, 4, 7)),
                         fact("pain_weeks").at_least(0), fact("pain_weeks").at_least(12)))


@dataclass(slots=True)
class Piece:
    """A box with what is constant on it (``key``) and the rules that decide it."""

    box: Box
    key: tuple[Any, ...]
    rules: tuple[str, ...]


def disjoint(boxes: Sequence[tuple[Box, str]], above: list[Box], dom: Domain) -> list[tuple[Box, str]]:
    """The parts of ``boxes`` outside ``above`` and outside every earlier box, each with its label."""
    out: list[tuple[Box, str]] = []
    seen = list(above)
    for b, rid in boxes:
        out += [(p, rid) for p in uncovered(b, seen, dom)]
        seen.append(b)
    return out


def lift(box: Box, dom: Domain, specs: Mapping[str, FactSpec]) -> Box:
    """The points whose open answers, all turned to their riskiest value, land in ``box``."""
    out = dict(box)
    for k, cells in box.items():
        spec = specs.get(k)
        if spec is None or not spec.risk_order or UNKNOWN not in spec.values:
            continue
        ax = dom.axes[k]
        unk, top = ax.cells.index(UNKNOWN), ax.cells.index(spec.risk_order[-1])
        out[k] = (cells - {unk}) | ({unk} if top in cells else frozenset())
    return out


def verdict_pieces(rs: RuleSet, dom: Domain) -> list[Piece]:
    """Disjoint pieces with (verdict, worst case reaches consult) constant, and the deciding rule."""
    safety = [r for r in rs.rules if r.topic == "safety" and r.then.level is not None]
    by_level = {lv: [(b, r.id) for r in safety if r.then.level == lv for b in dom.boxes(r)]
                for lv in LEVELS}
    pieces: list[tuple[Box, Verdict, str]] = []
    above: list[Box] = []
    for lv in LEVELS:
        pieces += [(b, lv, rid) for b, rid in disjoint(by_level[lv], above, dom)]
        above += [b for b, _ in by_level[lv]]
    pieces += [(b, Verdict.SUITABLE, "") for b in uncovered({}, above, dom)]
    worst = [lift(b, dom, rs.facts) for lv in LEVELS[:2] for b, _ in by_level[lv]]
    inside = disjoint([(w, "") for w in worst], [], dom)
    out: list[Piece] = []
    for b, lv, rid in pieces:
        if lv >= Verdict.CONSULT:
            out.append(Piece(b, (lv, None), (rid,)))
            continue
        for w, _ in inside:
            x = intersect(b, w, dom)
            if x is not None:
                out.append(Piece(x, (lv, True), (rid,)))
        out += [Piece(p, (lv, False), (rid,)) for p in uncovered(b, worst, dom)]
    return out


def winner_pieces(rs: RuleSet, topic: str, dom: Domain) -> list[Piece]:
    """Disjoint pieces of the domain with the topic's winner constant (key: its value)."""
    members = sorted((r for r in rs.rules if r.topic == topic), key=lambda r: -r.priority)
    boxes = [(b, r.id) for r in members for b in dom.boxes(r)]
    value = {r.id: r.then.value for r in members}
    out = [Piece(b, (value[rid],), (rid,)) for b, rid in disjoint(boxes, [], dom)]
    out += [Piece(b, (None,), ()) for b in uncovered({}, [b for b, _ in boxes], dom)]
    return out


def pairs(a: Iterable[Piece], b: Iterable[Piece], dom: Domain) -> Iterator[tuple[Box, Piece, Piece]]:
    blist = list(b)
    for pa in a:
        for pb in blist:
            x = intersect(pa.box, pb.box, dom)
            if x is not None:
                yield x, pa, pb


def minute_cuts(*sets: RuleSet) -> list[Rule]:
    """Cuts of last_minutes at every plan start and target, so the plan-derived facts split there."""
    values = {int(r.then.value) for rs in sets for r in rs.rules
              if r.topic in ("plan.start", "plan.target") and isinstance(r.then.value, int)}
    if not values:
        return []
    tests = [fact("last_minutes").at_least(v) for v in sorted(values)] + \
        [fact("last_minutes").above(v) for v in sorted(values)]
    return [Rule(id="cuts.minutes", topic="session.note", basis="interpreted",
                 then=Outcome(summary="cuts"), when=any_of(*tests))]


def coupled(dom: Domain) -> list[list[Box]]:
    """Facts derived from one answer, as the boxes of their possible combinations."""
    def cells(name: str, lo: int, hi: int) -> frozenset[int]:
        ax = dom.axes[name]
        return frozenset(i for i, c in enumerate(ax.cells)
                         if isinstance(c, tuple) and lo <= c[0] and c[1] <= hi)

    def val(name: str, *values: str) -> frozenset[int]:
        ax = dom.axes[name]
        return frozenset(i for i, c in enumerate(ax.cells) if c in values)

    # Neutral combinations first: the first box of a region gives the plainest example.
    bands = {"mild": (1, 3), "none": (0, 0), "moderate": (4, 6), "severe": (7, 10), UNKNOWN: (-1, -1)}
    pain = [{"pain_band": val("pain_band", b), "pain_severity": cells("pain_severity", lo, hi)}
            for b, (lo, hi) in bands.items()]
    weeks = [{"chronic_pain": val("chronic_pain", "no"), "pain_weeks": cells("pain_weeks", 0, 11)},
             {"chronic_pain": val("chronic_pain", UNKNOWN), "pain_weeks": cells("pain_weeks", -1, -1)},
             {"chronic_pain": val("chronic_pain", "yes"), "pain_weeks": cells("pain_weeks", 12, 10**9)}]
    listed = [{"blood_thinner_listed": val("blood_thinner_listed", "no")},
              {"blood_thinner_listed": val("blood_thinner_listed", "yes"),
               "blood_thinners": val("blood_thinners", "yes")}]
    conds = [c.value for c in Condition]
    conditions = [{c: val(c, "yes", "no") for c in conds}, {c: val(c, UNKNOWN) for c in conds}]
    return [pain, weeks, listed, conditions]


def merge(boxes: Sequence[Box], dom: Domain) -> list[Box]:
    """The same union of points in fewer boxes: boxes equal on all facts but one become one box."""
    if not boxes:
        return []
    keys = sorted(set().union(*boxes))
    full = {k: dom.axes[k].all for k in keys}
    rows = list(dict.fromkeys(tuple(b.get(k, full[k]) for k in keys) for b in boxes))
    changed = True
    while changed:
        changed = False
        for i in range(len(keys)):
            groups: dict[tuple[frozenset[int], ...], list[frozenset[int]]] = {}
            for r in rows:
                groups.setdefault(r[:i] + r[i + 1:], []).append(r[i])
            if len(groups) < len(rows):
                rows = [(*sig[:i], frozenset().union(*cells), *sig[i:]) for sig, cells in groups.items()]
                changed = True
    return [{k: v for k, v in zip(keys, r, strict=True) if v != full[k]} for r in rows]
