"""The rule maintainers' commands: ``acumat rules``, ``acumat diff`` and ``acumat test``.

Registered on the ``acumat`` command line by :mod:`acumat.cli`.
"""

from __future__ import annotations

import enum
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from acumat.cli import Duration, DurationOpt, JsonOpt, RulesOpt, app, reported, rules_for
from acumat.errors import AcumatError

if TYPE_CHECKING:  # each command imports what it uses, so other commands do not pay for it
    from acumat.rules.ruleset import RuleSet


class TableFormat(enum.StrEnum):
    """Output formats of ``acumat rules``."""

    MD = "md"
    HTML = "html"
    CSV = "csv"


@app.command("rules")
def rules_cmd(
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
    fmt: Annotated[TableFormat, typer.Option(
        "--format", help="md (Markdown), html (one self-contained page) or csv.")] = TableFormat.MD,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False, help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the rule set as decision tables, one per topic, in evaluation order."""
    from acumat.rules_doc import rules_table

    with reported():
        text = rules_table(rules_for(rules, duration), format=fmt.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


def rule_set(spec: str) -> RuleSet:
    """``default``, ``default:U5`` or a pack file (``PACK`` or ``PACK:U5``) added to the defaults.

    Raises ``typer.BadParameter`` (exit code 2) when the spec cannot be used.
    """
    from acumat.packs import load_rules
    from acumat.rules import default_rules

    name, _, tail = spec.rpartition(":") if spec.endswith((":U4", ":U5")) else (spec, "", "U4")
    dur: Literal["U4", "U5"] = "U5" if tail == "U5" else "U4"
    if name == "default":
        return default_rules(dur)
    try:
        return default_rules(dur).with_pack(load_rules(name))
    except (AcumatError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint=repr(spec)) from None


@app.command("diff")
def diff_cmd(
    old: Annotated[str, typer.Argument(metavar="OLD", help="default, default:U5 or a pack file.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="default, default:U5 or a pack file.")],
    as_json: JsonOpt = False,
) -> None:
    """Every region of answers where two rule sets decide differently, less safe first.

    Exit codes: 0 no difference, 1 differences, 2 usage error.
    """
    from acumat.impact import diff as _diff

    a, b = rule_set(old), rule_set(new)
    started = time.perf_counter()
    try:
        report = _diff(a, b)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    took = time.perf_counter() - started
    typer.echo(report.model_dump_json(indent=2) if as_json else report.text(), nl=as_json)
    if not as_json:
        typer.echo(f"compared in {took:.2f} s", err=True)
    if not report.empty:
        raise typer.Exit(1)


@app.command("test")
def suite_cmd(
    cases: Annotated[Path, typer.Argument(metavar="CASES.yaml", dir_okay=False,
                                          help="The case file (YAML or JSON).")],
    rules: RulesOpt = None,
    duration: DurationOpt = Duration.U4,
    min_coverage: Annotated[float, typer.Option(
        "--min-coverage", min=0, max=100, metavar="N",
        help="Fail when rule or condition coverage is below N percent.")] = 0,
    pack_only: Annotated[bool, typer.Option(
        "--pack-only", help="Report coverage of the --rules pack's own rules only.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Run a case suite against a rule set; print failures and rule coverage.

    Exit codes: 0 all cases pass (and coverage is reached), 1 otherwise, 2 usage error.
    """
    from acumat.cases import load_cases, run_cases
    from acumat.packs import load_rules

    if pack_only and rules is None:
        raise typer.BadParameter("--pack-only needs --rules PACK", param_hint="--pack-only")
    with reported():
        rs = rules_for(rules, duration)
        suite = load_cases(cases)
        own = None if not pack_only or rules is None else {r.id for r in load_rules(rules).rules}
        result = run_cases(suite, rs, cover=own)
    if as_json:
        typer.echo(json.dumps({**result.model_dump(mode="json"), "rule_coverage": result.rule_coverage,
                               "condition_coverage": result.condition_coverage,
                               "boundary_coverage": result.boundary_coverage}, indent=2))
    else:
        typer.echo(result.text(), nl=False)
    low = min(result.rule_coverage, result.condition_coverage) < min_coverage
    if low:
        typer.echo(f"error: coverage below {min_coverage:g}%", err=True)
    if not result.ok or low:
        raise typer.Exit(1)
