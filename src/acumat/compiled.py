"""The reference evaluator's semantics compiled to one plain Python function per stage.

The engine's second opinion (see :class:`acumat.engine.Engine`): every answer of
durable-rules is compared with it. It walks the same condition trees as
:mod:`acumat.reference` (not the conjunctions durable-rules is given, so a flaw in
that expansion cannot hide) and gives the same answers: a test on a value of
another type is false, except ``ne``, which is true. Compiled, it costs well under a
microsecond per stage where the closures of :mod:`acumat.reference` cost several.
The generated source holds only ``repr()`` of validated fact names (``[a-z][a-z0-9_]*``)
and of str/int values, and runs with no builtins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from acumat.reference import ReferenceEngine
from acumat.rules.model import AllOf, AnyOf, Condition, Test

Fired = Callable[[Mapping[str, str | int]], list[int]]
_OPS = {"eq": "==", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _expr(cond: Condition, names: dict[str, str], exact: bool) -> str:
    if isinstance(cond, Test):
        var = names.setdefault(cond.fact, f"v{len(names)}")
        kind = "int" if type(cond.value) is int else "str"
        if exact and cond.op in ("eq", "ne"):
            # Values are exactly str or int: a str never equals an int, so the type test
            # adds nothing to == and != (it would for True == 1 or a str subclass).
            return f"{var} {'==' if cond.op == 'eq' else '!='} {cond.value!r}"
        if cond.op == "ne":
            return f"(type({var}) is not {kind} or {var} != {cond.value!r})"
        return f"(type({var}) is {kind} and {var} {_OPS[cond.op]} {cond.value!r})"
    if isinstance(cond, AllOf):
        if not cond.all:
            return "True"
        return "(" + " and ".join(_expr(p, names, exact) for p in cond.all) + ")"
    assert isinstance(cond, AnyOf)
    return "(" + " or ".join(_expr(p, names, exact) for p in cond.any) + ")"


def compile_fired(conditions: Sequence[Condition], *, exact_types: bool = False) -> Fired:
    """A function giving the indexes of ``conditions`` that hold for a fact, ascending.

    Same answers as ``ReferenceEngine(conditions).fired``; falls back to it when the
    conditions are too deeply nested to compile. With ``exact_types`` the caller
    promises that every value it passes is exactly a ``str`` or an ``int`` (as
    :meth:`acumat.engine.Engine.encode` checks before every evaluation), which makes
    equality tests cheaper.
    """
    names: dict[str, str] = {}
    try:
        tests = [_expr(c, names, exact_types) for c in conditions]
        lines = ["def fired(f):", "    out = []", "    add = out.append"]
        lines += [f"    {var} = f[{fact!r}]" for fact, var in names.items()]
        lines += [f"    if {t}:\n        add({i})" for i, t in enumerate(tests)]
        lines.append("    return out")
        space: dict[str, object] = {"__builtins__": {}, "type": type, "int": int, "str": str}
        exec(compile("\n".join(lines), "<acumat conditions>", "exec"), space)  # noqa: S102
    except (RecursionError, SyntaxError, MemoryError):
        return ReferenceEngine(conditions).fired
    fn = space["fired"]
    assert callable(fn)
    return fn
