"""``acumat recommend FILE [--json]`` without typer: the one-profile command's fast path.

Importing typer and building its command line cost about a third as much as importing
pydantic, in a command that otherwise spends its time on pydantic and the rules. For
exactly ``recommend FILE``, ``recommend FILE --json`` and ``recommend --json FILE``
(FILE a file name, not ``-`` or anything starting with ``-``) :func:`run` does what
:func:`acumat.cli.recommend` does, with the same messages, streams and exit codes: the
result on stdout, ``error: ...`` lines on stderr and exit 1 for bad input, exit 1 without
a message when stdout is a closed pipe, 130 on Ctrl-C. Output is written the way typer's
``echo`` writes it (ANSI escape sequences removed when the stream is not a terminal;
flushed after each message). Anything else (other commands or options, ``--help``, stdin,
shell completion, a stream typer would re-wrap, Windows) returns None and goes to the
typer app, and so does an unexpected error raised before anything was written: typer
then runs the command again and reports it as it always does.

While it runs, the cyclic garbage collector is paused (a one-shot command allocates
and frees little), and at exit it does not sweep the objects that were alive when the
command finished; neither changes what the command prints.
"""

from __future__ import annotations

import atexit
import codecs
import errno
import gc
import io
import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO, cast

#: What click's ``echo`` removes from a message written to a stream that is not a terminal.
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")
#: Set once ``gc.freeze`` is registered to run at exit.
_AT_EXIT: list[object] = []


def simple_recommend(args: Sequence[str]) -> tuple[str, bool] | None:
    """(FILE, --json given) when ``args`` are ``recommend FILE`` with at most ``--json`` besides."""
    if not args or args[0] != "recommend":
        return None
    rest = list(args[1:])
    as_json = "--json" in rest
    files = [a for a in rest if a != "--json"]
    if len(files) != 1 or len(rest) - len(files) > 1 or files[0].startswith("-"):
        return None
    return files[0], as_json


def _plain_text_stream(stream: object) -> bool:
    # A stream click's echo writes to as it is (it re-wraps a binary or ASCII stream).
    if not isinstance(stream, io.TextIOBase):
        return False
    encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
    if encoding is None or errors is None:
        return False
    try:
        return codecs.lookup(encoding).name != "ascii"
    except LookupError:
        return True


def _usable() -> bool:
    # Everything typer would do differently before running the command.
    if sys.platform == "win32":  # argument globbing, console streams, colorama
        return False
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return False  # a shell completion request
    return _plain_text_stream(sys.stdout) and _plain_text_stream(sys.stderr)


class _Out:
    """typer's ``echo`` to stdout or stderr, remembering whether anything was written."""

    def __init__(self) -> None:
        self.wrote = False

    def echo(self, message: str, *, err: bool = False, nl: bool = True) -> None:
        stream: TextIO = sys.stderr if err else sys.stdout
        out = message + "\n" if nl else message
        if not out:
            stream.flush()
            return
        if not _isatty(stream) and not type(stream).__module__.startswith("ipykernel."):
            out = _ANSI.sub("", out)
        self.wrote = True
        stream.write(out)
        stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def _recommend(file: str, as_json: bool, out: _Out) -> int:
    # acumat.cli.recommend, step by step, with its error handling (acumat.cli.reported).
    from pydantic import ValidationError

    from acumat.cli_io import InputError, one_profile, read_file, validation_lines
    from acumat.errors import AcumatError
    from acumat.evaluate import recommend
    from acumat.rules import default_rules

    try:
        rules = default_rules("U4")
    except ValidationError as exc:
        for line in validation_lines(exc):
            out.echo(line, err=True)
        return 1
    except (AcumatError, InputError) as exc:
        out.echo(f"error: {exc}", err=True)
        return 1
    try:
        rec = recommend(one_profile(read_file(file), file), rules)
    except ValidationError as exc:
        for line in validation_lines(exc, source=file):
            out.echo(line, err=True)
        return 1
    except (AcumatError, InputError) as exc:
        out.echo(f"error: {exc}", err=True)
        return 1
    out.echo(rec.model_dump_json() if as_json else rec.explain(), nl=as_json)
    return 0


def run(args: Sequence[str]) -> int | None:
    """Run ``acumat ARGS`` when they are the simple ``recommend FILE`` case: the exit code;
    None when typer's app must run them instead (see the module docstring)."""
    simple = simple_recommend(args)
    if simple is None or not _usable():
        return None
    out = _Out()
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _recommend(*simple, out)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            from typer._click.utils import PacifyFlushWrapper

            # as typer does: no second error when the streams are flushed at exit
            sys.stdout = cast(TextIO, PacifyFlushWrapper(sys.stdout))
            sys.stderr = cast(TextIO, PacifyFlushWrapper(sys.stderr))
            return 1
        if out.wrote:
            raise
        return None
    except Exception:
        if out.wrote:
            raise
        return None  # typer runs the command again and reports the error its own way
    finally:
        # What is alive now stays alive until exit: move it out of the young generation
        # without a sweep, and skip the final sweep at exit (the process ends right after).
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()
        if not _AT_EXIT:
            _AT_EXIT.append(atexit.register(gc.freeze))
