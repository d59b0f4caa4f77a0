"""The finite fact domain a rule set can see, and boxes over it (for :mod:`acumat.verify`).

String facts range over their allowed values. Integer facts are split into
cells at every threshold the rules use, so every point of a cell satisfies the
same tests: checking one point per cell is exact, not a sample.
A box maps facts to allowed cell indexes (a fact it leaves out may take any value).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from acumat.facts import FactSpec
from acumat.reference import holds
from acumat.rules.model import Rule, Test, tests_of, to_dnf

Box = dict[str, frozenset[int]]


@dataclass(frozen=True, slots=True)
class Axis:
    """One fact's cells: strings, or integer intervals ``(low, high)``."""

    name: str
    cells: tuple[str | tuple[int, int], ...]

    def value(self, i: int) -> str | int:
        """A representative value of cell ``i``."""
        c = self.cells[i]
        return c if isinstance(c, str) else c[0]

    @property
    def all(self) -> frozenset[int]:
        """Every cell."""
        return frozenset(range(len(self.cells)))


class Domain:
    """The cells of every fact, for one rule set."""

    def __init__(self, specs: Mapping[str, FactSpec], rules: Iterable[Rule],
                 restrict: Mapping[str, Sequence[str]] | None = None) -> None:
        cuts: dict[str, set[int]] = {}
        for r in rules:
            for t in tests_of(r.when):
                if isinstance(t.value, int):
                    v = t.value
                    edge = {"ge": (v,), "lt": (v,), "gt": (v + 1,), "le": (v + 1,)}
                    cuts.setdefault(t.fact, set()).update(edge.get(t.op, (v, v + 1)))
        self.axes: dict[str, Axis] = {}
        for name, spec in specs.items():
            if spec.is_int:
                points = sorted({spec.low, *(c for c in cuts.get(name, ()) if spec.low < c <= spec.high)})
                ends = [*points[1:], spec.high + 1]
                cells: tuple[str | tuple[int, int], ...] = tuple(
                    (a, b - 1) for a, b in zip(points, ends, strict=True))
            else:
                allowed = (restrict or {}).get(name, spec.values)
                cells = tuple(v for v in spec.values if v in allowed)
            self.axes[name] = Axis(name, cells)

    def cells_of(self, t: Test) -> frozenset[int]:
        """Cells of ``t.fact`` where ``t`` holds."""
        ax = self.axes[t.fact]
        return frozenset(i for i in range(len(ax.cells)) if holds(t, {t.fact: ax.value(i)}))

    def boxes(self, rule: Rule) -> list[Box]:
        """The non-empty boxes where ``rule``'s condition holds."""
        out = []
        for conj in to_dnf(rule.when):
            box: Box = {}
            for t in conj:
                if t.fact not in self.axes:
                    box = {}
                    break
                box[t.fact] = box.get(t.fact, self.axes[t.fact].all) & self.cells_of(t)
                if not box[t.fact]:
                    break
            else:
                out.append(box)
        return out

    def get(self, box: Box, name: str) -> frozenset[int]:
        """Cells ``box`` allows for ``name``."""
        return box.get(name, self.axes[name].all)

    def example(self, box: Box) -> dict[str, str | int]:
        """One point of ``box``, as fact values (only the constrained facts)."""
        return {k: self.axes[k].value(min(v)) for k, v in sorted(box.items())}


def intersect(a: Box, b: Box, dom: Domain) -> Box | None:
    """The box of points in both, or None."""
    out = dict(a)
    for k, v in b.items():
        cells = dom.get(a, k) & v
        if not cells:
            return None
        out[k] = cells
    return out


def subtract(a: Box, b: Box, dom: Domain) -> list[Box]:
    """``a`` minus ``b`` as disjoint boxes."""
    if intersect(a, b, dom) is None:
        return [a]
    pieces: list[Box] = []
    rest = dict(a)
    for k, v in b.items():
        have = dom.get(rest, k)
        outside = have - v
        if outside:
            pieces.append({**rest, k: outside})
        rest[k] = have & v
    return pieces


class TooComplexError(Exception):
    """The exact check would need too many pieces."""


def uncovered(box: Box, cover: Sequence[Box], dom: Domain, limit: int = 20_000) -> list[Box]:
    """The parts of ``box`` that no box of ``cover`` contains (empty: fully covered)."""
    remaining = [box]
    for c in cover:
        remaining = [p for r in remaining for p in subtract(r, c, dom)]
        if not remaining:
            break
        if len(remaining) > limit:
            raise TooComplexError
    return remaining
