""""Did you mean ...?" for misspelt keys and choice values in validation errors.

A profile with ``"pregnent": true`` or ``"intensity": "gentel"`` is rejected (unknown
keys are never guessed at: a misspelt safety answer must not count as given); the
error message then names the closest allowed key or value, found with rapidfuzz,
so the person can fix the input at once.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

#: Least similarity (0–100, rapidfuzz ``ratio``) for a word to be suggested.
CUTOFF = 70.0
#: Error types whose ``ctx["expected"]`` lists the allowed values as quoted strings.
_CHOICE_ERRORS = frozenset({"enum", "literal_error"})
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (case-insensitive), or None when none is close enough."""
    options = [c for c in choices if c != word]
    if not word or not options:
        return None
    from rapidfuzz import fuzz, process  # here: only a rejected input needs a suggestion

    found = process.extractOne(word.lower(), options, scorer=fuzz.ratio,
                               processor=str.lower, score_cutoff=CUTOFF)
    if found is not None:
        return str(found[0])
    # A shortened name ("sessions" for "sessions_completed"): the one choice it starts.
    starts = [c for c in options if len(word) >= 4 and c.lower().startswith(word.lower())]
    return starts[0] if len(starts) == 1 else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the choice closest to ``word``, or ``""`` if none is close."""
    best = closest(word, choices)
    return "" if best is None else f"; did you mean {best!r}?"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    # The pydantic models an annotation may hold: X, X | None, Annotated[X, ...], list[X], dict[k, X].
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is None:
        return []
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        args = args[:1]
    elif origin is dict:
        args = args[1:]
    elif origin not in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        return []
    return [m for arg in args for m in _models_in(arg)]


def keys_at(root: Any, loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the model reached from ``root`` along ``loc`` (list indexes skipped)."""
    models = _models_in(root)
    for part in loc:
        if isinstance(part, int):
            continue
        models = [inner for m in models if part in m.model_fields
                  for inner in _models_in(m.model_fields[part].annotation)]
    return [name for m in models for name in m.model_fields]


def _suggestion(err: Any, root: Any, skip: int) -> str:
    value = err.get("input")
    if err["type"] == "extra_forbidden" and len(err["loc"]) > skip:
        allowed = keys_at(root, tuple(err["loc"][skip:-1]))
        hint = did_you_mean(str(err["loc"][-1]), allowed)
        return hint or (f"; the keys here are {', '.join(allowed)}" if allowed else "")
    if err["type"] in _CHOICE_ERRORS and isinstance(value, str):
        expected = str((err.get("ctx") or {}).get("expected", ""))
        return did_you_mean(value, _QUOTED.findall(expected))
    return ""


def with_suggestions(exc: ValidationError, root: Any, *, skip: int = 0) -> ValidationError:
    """``exc`` with "did you mean" added to unknown-key and bad-choice messages.

    ``root`` is the validated type (a model class, or e.g. ``list[SessionLog]``); it
    gives the keys allowed at each location, after the first ``skip`` parts of the
    location (a prefix such as ``history`` added by the caller). Returns ``exc``
    itself when nothing is close enough to suggest.
    """
    errors = exc.errors(include_url=False)
    out: list[InitErrorDetails] = []
    changed = False
    for err in errors:
        hint = _suggestion(err, root, skip)
        if hint:
            changed = True
            out.append({"type": PydanticCustomError(err["type"], err["msg"] + hint, err.get("ctx")),
                        "loc": err["loc"], "input": err["input"]})
        else:
            out.append(err)  # type: ignore[arg-type]
    if not changed:
        return exc
    return ValidationError.from_exception_data(exc.title, out)
