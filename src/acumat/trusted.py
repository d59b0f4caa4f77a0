"""Result models built from values acumat computed itself, without validating them again.

``recommend()`` and ``next_session()`` assemble their results from parts that are
already models or plain values of the right types (findings, open questions, a mat,
a plan, the verdict). Validating the assembled result again costs about as much as
validating the profile; :func:`trusted` builds the same instance directly, the way
pydantic's ``model_construct`` does for trusted data, but without its per-field loop.
Only for values whose types acumat guarantees: every field given, in field order.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` holding ``values`` (every field of ``cls``, in field order),
    equal to ``cls(**values)`` for values of the declared types."""
    m = cls.__new__(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m
