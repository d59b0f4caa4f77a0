"""The ``acumat`` command line: recommend, next, questionnaire, batch, verify, schema.

Exit codes: 0 success, 1 invalid input (the message names the field), 2 usage errors.
Results go to stdout, messages and progress to stderr. Needs the ``cli`` extra
(``pip install 'acumat[cli]'``).
"""

from __future__ import annotations

import contextlib
import copy
import enum
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from typer.main import get_command_name

from acumat._version import __version__
from acumat.cli_io import STDIN, InputError, one_profile, read_file, validation_lines
from acumat.cli_io import source_name as source_name  # re-exported: acumat.cli.source_name as before
from acumat.errors import AcumatError

if TYPE_CHECKING:  # each command imports what it uses: `acumat recommend FILE` loads no batch, verify...
    from acumat import batch_output as bo
    from acumat.advice import Recommendation
    from acumat.batch import BatchError
    from acumat.rules.ruleset import RuleSet

app = typer.Typer(
    name="acumat",
    help="Source-cited advice on acupressure mats for back pain.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,  # locals would hold the person's answers
)


class Duration(enum.StrEnum):
    """The reading of the source's conflicting duration advice."""

    U4 = "U4"
    U5 = "U5"


# Options shared by several commands.
RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", metavar="PACK_FILE", dir_okay=False,
    help="A custom rule pack (YAML, TOML or JSON) added to the default rules.")]
DurationOpt = Annotated[Duration, typer.Option(
    "--duration",
    help="Duration reading: U4 (5–10 min building to 20–30) or U5 (10–15 building to 30–40).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@contextlib.contextmanager
def reported(prefix: str = "", source: str | None = None,
             sources: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn bad-input exceptions into ``error: ...`` lines on stderr and exit code 1.

    ``prefix`` names a list input (``history``) whose item errors are located
    by index only. ``source`` (a file name or ``-``) starts each validation message,
    so the person knows which file to fix; ``sources`` maps the first part of an
    error's field (``history``) to the file it came from instead.
    """
    try:
        yield
    except ValidationError as exc:
        for line in validation_lines(exc, prefix, source, sources):
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    except (AcumatError, InputError) as exc:
        raise _fail(str(exc)) from None


def note_stdin(source: str, what: str) -> None:
    """On a terminal, say (on stderr) that ``what`` is read from standard input, and how to end it."""
    if source == STDIN and sys.stdin.isatty():
        typer.echo(f"acumat: reading {what} from standard input (type or paste the JSON, "
                   "then press Ctrl-D on a line of its own)", err=True)


def read_input(source: str) -> bytes:
    """The bytes of the file ``source``, or of stdin for ``-``; InputError if unreadable."""
    if source == STDIN:
        return typer.get_binary_stream("stdin").read()
    return read_file(source)


def open_input(source: str) -> IO[bytes]:
    """A binary stream for the file ``source``, or stdin for ``-``; InputError if unreadable."""
    if source == STDIN:
        return typer.get_binary_stream("stdin")
    try:
        return Path(source).open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None


def rules_for(pack: Path | None, duration: Duration) -> RuleSet:
    """The default rules for ``duration``, plus the pack in the file ``pack`` if given."""
    from acumat.rules import default_rules

    rules = default_rules(duration.value)
    if pack is None:
        return rules
    from acumat.packs import load_rules

    return rules.with_pack(load_rules(pack))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"acumat {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Source-cited advice on acupressure mats for back pain.

    Exit codes: 0 success, 1 invalid input, 2 usage error.
    """


@app.command()
def recommend(
    file: Annotated[str, typer.Argument(
        metavar="FILE|-", help="Profile JSON file, or - to read it from stdin.")],
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
    as_json: JsonOpt = False,
) -> None:
    """Screen one profile and say whether, which mat and how to use it.

    For many profiles (a JSON Lines file), use `acumat batch`.

    Example: `acumat recommend examples/profile.json --json`
    """
    from acumat.evaluate import recommend as _recommend

    with reported():
        rs = rules_for(rules, duration)
    note_stdin(file, "the profile")
    with reported(source=file):
        data = one_profile(read_input(file), file)
        rec = _recommend(data, rs)
    typer.echo(rec.model_dump_json() if as_json else rec.explain(), nl=as_json)


@app.command("next")
def next_(
    profile: Annotated[str, typer.Argument(
        metavar="PROFILE", help="Profile JSON file, or - for stdin.")],
    history: Annotated[str, typer.Argument(
        metavar="HISTORY", help="JSON file with the list of session logs in date order, or - for stdin.")],
    on: Annotated[str | None, typer.Option(
        "--on", metavar="DATE", help="ISO date of the planned session (default: the day after the last log).")
    ] = None,
    cleared_on: Annotated[str | None, typer.Option(
        "--cleared-on", metavar="DATE",
        help="ISO date on which a doctor said the mat may be used again after a stop sign.")
    ] = None,
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
    as_json: JsonOpt = False,
) -> None:
    """Advise the next session (start, step up, hold, step back or stop) from the logs so far.

    Example: `acumat next examples/profile.json examples/history.json --on 2026-01-08`
    """
    from acumat.history import parse_on
    from acumat.profile import as_profile
    from acumat.progress import next_session

    if profile == STDIN and history == STDIN:
        raise typer.BadParameter("only one of PROFILE and HISTORY can be -", param_hint="HISTORY")
    try:
        day = parse_on(on)
    except ValidationError as exc:
        raise typer.BadParameter(f"{on!r}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}",
                                 param_hint="--on") from None
    try:
        cleared = parse_on(cleared_on, name="cleared_on")
    except ValidationError as exc:
        raise typer.BadParameter(
            f"{cleared_on!r}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}",
            param_hint="--cleared-on") from None
    with reported():
        rs = rules_for(rules, duration)
    note_stdin(profile, "the profile")
    with reported(source=profile):
        person = as_profile(one_profile(read_input(profile), profile))
    note_stdin(history, "the history")
    with reported():
        logs = read_input(history)
    with reported(prefix="history", source=profile, sources={"history": history}):
        advice = next_session(person, logs, on=day, rules=rs, cleared_on=cleared)
    typer.echo(advice.model_dump_json() if as_json else advice.explain(), nl=as_json)


def ask(prompt: str) -> str:
    """Ask ``prompt`` on stderr and read one answer line from stdin (stdout stays clean).

    InputError when stdin ends before the answer.
    """
    with contextlib.redirect_stdout(sys.stderr):
        try:
            return input(f"{prompt}: ")
        except EOFError:
            raise InputError("the input ended before every question was answered") from None


@app.command()
def questionnaire(
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
    as_json: JsonOpt = False,
) -> None:
    """Ask the profile questions one by one, then print the recommendation.

    Press Enter or answer "skip" to leave a question unanswered. With --json,
    print the questions as JSON for an app instead of asking them.

    Example: `acumat questionnaire --json`
    """
    from acumat import cli_questionnaire
    from acumat.evaluate import recommend as _recommend
    from acumat.questions import questionnaire as _questionnaire

    with reported():
        rs = rules_for(rules, duration)
    questions = _questionnaire(rs)
    if as_json:
        typer.echo(json.dumps([q.model_dump(mode="json") for q in questions], indent=2))
        return
    typer.echo("Answer each question; press Enter or type 'skip' to leave it unanswered.", err=True)
    with reported():
        profile = cli_questionnaire.ask_all(questions, ask=ask, tell=lambda text: typer.echo(text, err=True))
        rec = _recommend(profile, rs)
    typer.echo("", err=True)
    typer.echo(rec.explain(), nl=False)


@contextlib.contextmanager
def progress_bar(source: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr over the lines of ``source``; yields "one more line done"."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("recommend"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as progress:
        task = progress.add_task("recommend", total=_count_lines(source))
        yield lambda: progress.advance(task)


def _count_lines(source: str) -> int | None:
    # The progress bar's total: known for a regular file, not for stdin or a pipe.
    if source == STDIN or not Path(source).is_file():
        return None
    with Path(source).open("rb") as f:
        return sum(1 for _ in f)


def _input_lines(source: IO[bytes]) -> Iterator[bytes]:
    # One stripped line per input line; a UTF-8 byte order mark before the first is not data.
    first = True
    for line in source:
        if first:
            line = line.removeprefix(b"\xef\xbb\xbf")
            first = False
        yield line.strip()


def _stdin_or_file(file: str) -> tuple[IO[bytes], os.stat_result | None]:
    source = open_input(file)
    try:
        return source, os.fstat(source.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return source, None  # not a real file descriptor (e.g. a test runner's stream)


class _WriteError(Exception):
    """Writing the results failed (disk full, /dev/full, a closed pipe)."""


BATCH_EXIT_CODES = (
    "Exit codes:\n\n"
    "- **0** every line screened and written, none failed\n"
    "- **1** every line written, some are error records; or the input or rule pack could not be "
    "read (nothing written)\n"
    "- **2** usage error, e.g. the output is the input file\n"
    "- **3** the run did not complete: the output could not be written, a worker process was "
    "lost, or reading the input failed part-way\n"
    "- **130** / **143** interrupted by SIGINT / SIGTERM\n\n"
    "With -o FILE the results go to FILE.partial-XXXXXXXX beside it and are renamed to FILE "
    "only when the run completes: after exit 3, 130 or 143 nothing new is at FILE (a file "
    "already there is left as it was)."
)


@app.command(help=(
    "Recommend for every line of a JSON Lines file, writing one result line per input line.\n\n"
    "Each output line is the recommendation's JSON or an error record "
    '{"line": N, "error": {"field": ..., "message": ...}} (lines count from 1; a blank '
    "line is an error too; a UTF-8 byte order mark at the start is ignored).\n\n" + BATCH_EXIT_CODES))
def batch(
    file: Annotated[str, typer.Argument(
        metavar="IN.jsonl|-", help="One profile JSON per line, or - to read the lines from stdin.")],
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="OUT.jsonl", help="Where to write the results; - for stdout.")] = STDIN,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Processes to spread the work over (1 = in this process).")] = 1,
    chunksize: Annotated[int, typer.Option(
        "--chunksize", min=1, help="Lines per unit of work handed to a worker process.")] = 256,
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
) -> None:
    """Screen every line of a JSON Lines file; see the help text above for output and exit codes."""
    from acumat import batch_output as bo

    with bo.signals_interrupt() as guard:
        try:
            code = _run_batch(file, output, workers, chunksize, rules, duration, guard)
        except bo.Interrupted as stop:
            where = "standard output is incomplete" if output == STDIN else \
                f"nothing new was written to {output}"
            typer.echo(f"error: interrupted by {stop.name}; {where}", err=True)
            code = stop.exit_code
    if code:
        raise typer.Exit(code)


def _run_batch(file: str, output: str, workers: int, chunksize: int, rules: Path | None,
               duration: Duration, guard: bo.SignalGuard) -> int:
    from acumat import batch_output as bo
    from acumat.batch import WorkerError, iter_recommend_many

    with reported():
        source, source_stat = _stdin_or_file(file)
    with contextlib.ExitStack() as stack:
        if file != STDIN:
            stack.enter_context(source)
        if source_stat is not None and bo.output_is_input(source_stat, None if output == STDIN else output):
            raise typer.BadParameter("the output file must not be the input file (it would be "
                                     "overwritten while it is read)", param_hint="--output")
        with reported():
            rs = rules_for(rules, duration)
        try:
            target = None if output == STDIN else stack.enter_context(bo.OutputFile(output))
        except OSError as exc:
            typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
            return bo.EXIT_INCOMPLETE
        out: IO[str] = sys.stdout if target is None else target.stream
        advance = stack.enter_context(progress_bar(file)) if sys.stderr.isatty() else None
        results = stack.enter_context(contextlib.closing(iter_recommend_many(
            _input_lines(source), rules=rs, workers=workers, chunksize=chunksize)))
        try:
            lines, failed = _write_results(results, out, advance, guard)
            with bo.signals_deferred():  # the output is complete: publish it, then stop listening
                if target is not None:
                    try:
                        target.commit()
                    except OSError as exc:
                        raise _WriteError(exc.strerror or str(exc)) from None
                guard.done()
        except _WriteError as exc:
            guard.check()  # a signal may surface wrapped in another exception
            if target is None:
                bo.silence_stdout()
            typer.echo(f"error: cannot write {'standard output' if target is None else output}: {exc}",
                       err=True)
            return bo.EXIT_INCOMPLETE
        except WorkerError as exc:
            guard.check()  # a signal may surface wrapped in another exception
            typer.echo(f"error: the run did not complete: {exc}", err=True)
            return bo.EXIT_INCOMPLETE
        except OSError as exc:
            guard.check()  # a signal may surface wrapped in another exception
            typer.echo(f"error: cannot read {file}: {exc.strerror or exc}; the run did not complete",
                       err=True)
            return bo.EXIT_INCOMPLETE
        except Exception as exc:  # a bug, not bad input: still no output that looks complete
            guard.check()  # a signal may surface wrapped in another exception
            typer.echo(f"error: the run did not complete: {type(exc).__name__}: {exc}", err=True)
            return bo.EXIT_INCOMPLETE
    if failed:
        typer.echo(f"error: {failed} of {lines} line(s) failed; see their error records", err=True)
        return bo.EXIT_INVALID
    return bo.EXIT_OK


def _write_results(results: Iterator[Recommendation | BatchError], out: IO[str],
                   advance: Callable[[], None] | None, guard: bo.SignalGuard) -> tuple[int, int]:
    from acumat.batch import BatchError

    lines = failed = 0
    for result in results:
        guard.check()  # in case the signal's exception was caught or wrapped on its way here
        lines += 1
        if isinstance(result, BatchError):
            failed += 1
            text = json.dumps(result.record()) + "\n"
        else:
            text = result.model_dump_json() + "\n"
        try:
            out.write(text)
        except OSError as exc:
            raise _WriteError(exc.strerror or str(exc)) from None
        if advance is not None:
            advance()
    try:
        out.flush()
    except OSError as exc:
        raise _WriteError(exc.strerror or str(exc)) from None
    return lines, failed


@app.command()
def verify(
    file: Annotated[Path | None, typer.Argument(
        metavar="[PACK_FILE]", dir_okay=False,
        help="A rule pack file, checked together with the default rules (default: the default rules).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a rule pack (or the default rules) statically; exit 1 when there are errors."""
    from acumat.verify import verify as _verify

    report = _verify(file)
    typer.echo(report.model_dump_json() if as_json else report.text(), nl=as_json)
    if not report.ok:
        raise typer.Exit(1)


class SchemaChoice(enum.StrEnum):
    """The names ``acumat schema`` accepts (see :data:`acumat.schemas.SCHEMA_NAMES`)."""

    PROFILE = "profile"
    HISTORY = "history"
    SESSION_LOG = "session_log"
    RECOMMENDATION = "recommendation"
    SESSION_ADVICE = "session_advice"


@app.command()
def schema(
    name: Annotated[SchemaChoice | None, typer.Argument(
        metavar="NAME", show_default=False,
        help="profile, history, session_log, recommendation or session_advice "
             "(default: all of them, as one JSON object keyed by name).")] = None,
    rules: RulesOpt = None,
) -> None:
    """Print the JSON Schema of a profile, a history, a session log, or of the --json outputs.

    Each schema is a JSON Schema (draft 2020-12) document with $schema and $id. With
    --rules, the profile schema includes the pack's extra questions.

    Example: `acumat schema profile --rules examples/custom_pack.yaml`
    """
    from acumat.schemas import json_schema, json_schemas

    with reported():
        rs = rules_for(rules, Duration.U4)  # the duration reading changes no schema
    out = json_schemas(rs) if name is None else json_schema(name.value, rs)
    typer.echo(json.dumps(out, indent=2, ensure_ascii=False))


import acumat.cli_maint  # noqa: E402, F401 - registers the rules, diff and test commands


def main() -> None:
    """Run the ``acumat`` command line (the console script's entry point)."""
    app_for(sys.argv[1:])()


def app_for(args: Sequence[str]) -> typer.Typer:
    """``app``, or when ``args`` start with a command's name, a copy holding that command only.

    Typer builds the options of every registered command before it dispatches (some ms,
    a noticeable part of a one-profile ``acumat recommend FILE``); the copy dispatches
    that command exactly as ``app`` does. Anything else (options, help, a misspelt
    command) goes to the whole ``app``.
    """
    if not args or args[0].startswith("-"):
        return app
    picked = [c for c in app.registered_commands
              if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == args[0]]
    if len(picked) != 1:
        return app
    one = copy.copy(app)
    one.registered_commands = picked
    return one


app.command("serve")(__import__("acumat.cli_serve").cli_serve.serve)  # `acumat serve`: see cli_serve.py

if __name__ == "__main__":
    main()
