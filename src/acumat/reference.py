"""A pure-Python evaluator of the same condition data as the engine.

It is the test oracle (the engine must fire exactly the rules it fires) and the
benchmarks' baseline. It never produces advice on its own: :func:`acumat.recommend`
always decides through :class:`acumat.engine.Engine`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from acumat.rules.model import AllOf, AnyOf, Condition, Test

Predicate = Callable[[Mapping[str, str | int]], bool]

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def holds(cond: Condition, fact: Mapping[str, str | int]) -> bool:
    """Whether ``cond`` holds for ``fact``, by walking the condition tree."""
    if isinstance(cond, Test):
        value = fact[cond.fact]
        if type(value) is not type(cond.value):
            # Mixed types never compare equal and never order (the engine agrees).
            return cond.op == "ne"
        return _CMP[cond.op](value, cond.value)
    if isinstance(cond, AllOf):
        return all(holds(p, fact) for p in cond.all)
    return any(holds(p, fact) for p in cond.any)


def compile_condition(cond: Condition) -> Predicate:
    """``cond`` compiled to a closure (faster than :func:`holds`, same answers)."""
    if isinstance(cond, Test):
        name, want, cmp, op = cond.fact, cond.value, _CMP[cond.op], cond.op
        kind = type(want)

        def test(fact: Mapping[str, str | int]) -> bool:
            value = fact[name]
            if type(value) is not kind:
                return op == "ne"
            return cmp(value, want)

        return test
    if isinstance(cond, AllOf):
        parts = [compile_condition(p) for p in cond.all]
        return lambda fact: all(p(fact) for p in parts)
    assert isinstance(cond, AnyOf)
    alts = [compile_condition(p) for p in cond.any]
    return lambda fact: any(p(fact) for p in alts)


class ReferenceEngine:
    """Same interface as :class:`acumat.engine.Engine`, evaluated in plain Python."""

    def __init__(self, conditions: Sequence[Condition]) -> None:
        self._preds = [compile_condition(c) for c in conditions]
        self.size = len(conditions)

    def fired(self, fact: Mapping[str, str | int]) -> list[int]:
        """Indexes of the conditions that hold for ``fact``, ascending."""
        return [i for i, p in enumerate(self._preds) if p(fact)]
