"""What the command line reads and how it words bad input, without typer.

Shared by :mod:`acumat.cli` (the typer app) and :mod:`acumat.cli_fast` (``acumat
recommend FILE`` without typer), so that both give the same messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError

STDIN = "-"


class InputError(Exception):
    """A file or stream that cannot be read (reported with exit code 1)."""


def _field(loc: tuple[int | str, ...], prefix: str = "") -> str:
    if prefix and loc and isinstance(loc[0], int):
        loc = (prefix, *loc)
    return ".".join(str(p) for p in loc)


def source_name(source: str) -> str:
    """How messages name the input ``source``: the file name, or ``stdin`` for ``-``."""
    return "stdin" if source == STDIN else source


def validation_lines(exc: ValidationError, prefix: str = "", source: str | None = None,
                     sources: Mapping[str, str] | None = None) -> Iterator[str]:
    """One ``error: ...`` line per error of ``exc`` (see :func:`acumat.cli.reported`)."""
    for err in exc.errors(include_url=False):
        where = _field(err["loc"], prefix)
        head = str(err["loc"][0]) if err["loc"] else ""
        origin = (sources or {}).get(head, source)
        parts = [source_name(origin)] if origin is not None else []
        parts += [where] if where else []
        yield f"error: {''.join(p + ': ' for p in parts)}{err['msg']}"


def one_profile(data: bytes, source: str) -> bytes:
    """``data`` unchanged; InputError when it holds several profiles (a JSON list or JSON Lines)."""
    text = data.lstrip()
    several = text.startswith(b"[")
    if not several and text.startswith(b"{"):
        lines = [line for line in text.splitlines() if line.strip()]
        several = len(lines) > 1 and all(line.lstrip().startswith(b"{") and line.rstrip().endswith(b"}")
                                         for line in lines)
        if several:
            try:
                json.loads(text)
                several = False  # one object written over several lines
            except ValueError:
                pass
    if several:
        raise InputError(f"{source_name(source)}: holds several profiles (a JSON list or JSON Lines); "
                         "'acumat recommend' takes one profile: use 'acumat batch' for one profile per "
                         "line of a JSON Lines file")
    return data


def read_file(source: str) -> bytes:
    """The bytes of the file ``source``; InputError if unreadable."""
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
