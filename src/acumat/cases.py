"""Case suites: profiles (and histories) with expected outcomes, run against a rule set, with coverage.

A case file (YAML or JSON) holds::

    name: default
    cases:
      - id: pregnant-needs-doctor
        checks: [C4]                 # the source statements the case checks
        profile: {pregnant: true, ...}
        history: [...]               # optional: then next_session is run too
        on: "2026-03-01"             # optional planned day for next_session
        expect:
          verdict: consult
          findings: [C4.pregnancy]   # must be among the findings
          not_findings: [C15.x]      # must not be
          mat: null                  # or {size: compact, ...} (only the fields given)
          plan_minutes: [5, 10, 15]  # weekly minutes, or null for no plan
          action: stop               # next-session action (needs a history)
          minutes: null

Coverage: a rule is *fired* when its condition held in at least one case; its
condition is *covered* when one case saw it true and one false; each integer
threshold test (``pain_severity ge 7``) wants the pair of values on either side
of the threshold (6 and 7) among the cases.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from acumat.errors import AcumatError
from acumat.evaluate import evaluate, recommend
from acumat.history import SessionLog, parse_history, parse_on
from acumat.progress import next_session, session_fact
from acumat.reference import holds
from acumat.rules.model import Rule, tests_of
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS

_MISSING: Any = object()


class CaseFileError(AcumatError, ValueError):
    """A case file cannot be used; the message names the file and the case."""


class Expect(BaseModel):
    """What a case expects; fields left out are not checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: str | None = None
    findings: tuple[str, ...] = ()
    not_findings: tuple[str, ...] = ()
    mat: dict[str, Any] | None = Field(default_factory=lambda: _MISSING)
    plan_minutes: list[int] | None = Field(default_factory=lambda: _MISSING)
    action: str | None = None
    minutes: int | None = Field(default_factory=lambda: _MISSING)


class Case(BaseModel):
    """One profile (and optional history) with the outcome the source statements call for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=100)]
    checks: tuple[str, ...] = ()
    note: str = ""
    profile: dict[str, Any]
    history: list[dict[str, Any]] | None = None
    on: dt.date | str | None = None
    expect: Expect


class CaseSuite(BaseModel):
    """A named list of cases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "cases"
    cases: tuple[Case, ...]


class Failure(BaseModel):
    """One expectation a case did not meet."""

    model_config = ConfigDict(frozen=True)

    case: str
    field: str
    expected: Any
    got: Any


class RuleCoverage(BaseModel):
    """How the cases exercised one rule."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    seen_true: bool
    seen_false: bool
    boundaries: tuple[str, ...] = ()
    missing_boundaries: tuple[str, ...] = ()


class SuiteResult(BaseModel):
    """Failures and coverage of one run."""

    model_config = ConfigDict(frozen=True)

    suite: str
    cases: int
    failures: tuple[Failure, ...]
    coverage: tuple[RuleCoverage, ...]

    @property
    def ok(self) -> bool:
        """True when every case met its expectations."""
        return not self.failures

    @property
    def rule_coverage(self) -> float:
        """Percent of rules whose condition held in at least one case."""
        return _pct(sum(c.seen_true for c in self.coverage), len(self.coverage))

    @property
    def condition_coverage(self) -> float:
        """Percent of rules whose condition was seen both true and false."""
        return _pct(sum(c.seen_true and c.seen_false for c in self.coverage), len(self.coverage))

    @property
    def boundary_coverage(self) -> float:
        """Percent of integer threshold pairs (e.g. 6/7) seen on both sides."""
        have = sum(len(c.boundaries) for c in self.coverage)
        return _pct(have, have + sum(len(c.missing_boundaries) for c in self.coverage))

    def text(self) -> str:
        """The result as plain text."""
        lines = [f"{self.suite}: {self.cases} case(s), {len(self.failures)} failure(s)"]
        for f in self.failures:
            lines.append(f"FAIL {f.case}: {f.field}: expected {json.dumps(f.expected)}, "
                         f"got {json.dumps(f.got)}")
        lines.append(f"coverage: rules fired {self.rule_coverage:.1f}%, conditions true and false "
                     f"{self.condition_coverage:.1f}%, threshold boundaries {self.boundary_coverage:.1f}%")
        never = [c.rule_id for c in self.coverage if not c.seen_true]
        never_false = [c.rule_id for c in self.coverage if c.seen_true and not c.seen_false]
        gaps = [f"{c.rule_id} ({', '.join(c.missing_boundaries)})" for c in self.coverage
                if c.missing_boundaries]
        if never:
            lines.append(f"  never fired: {', '.join(never)}")
        if never_false:
            lines.append(f"  never false: {', '.join(never_false)}")
        if gaps:
            lines.append(f"  boundaries not seen: {'; '.join(gaps)}")
        return "\n".join(lines) + "\n"


def _pct(a: int, b: int) -> float:
    return 100.0 if b == 0 else 100.0 * a / b


def load_cases(path: str | Path) -> CaseSuite:
    """Read a case file (YAML or JSON); :class:`CaseFileError` names the file, case and field."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(f"{p}: cannot read the file: {exc}") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise CaseFileError(f"{p}: cannot parse the file: {exc}") from None
    if isinstance(data, dict):
        # Top-level "x-..." keys hold YAML anchors for shared profiles; YAML 1.1 reads a bare
        # "on:" key as true.
        data = {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
        for case in data.get("cases") or []:
            if isinstance(case, dict) and True in case:
                case["on"] = case.pop(True)
    try:
        return CaseSuite.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        where = ".".join(str(x) for x in loc)
        if len(loc) > 1 and loc[0] == "cases" and isinstance(loc[1], int) and isinstance(data, dict):
            raw = data.get("cases", [])[loc[1]]
            if isinstance(raw, dict) and "id" in raw:
                where = f"case {raw['id']!r}: " + ".".join(str(x) for x in loc[2:])
        raise CaseFileError(f"{p}: {where}: {err['msg']}") from None


def _check(case: Case, rules: RuleSet, out: list[Failure]) -> None:
    e = case.expect

    def fail(field: str, expected: Any, got: Any) -> None:
        out.append(Failure(case=case.id, field=field, expected=expected, got=got))

    rec = recommend(case.profile, rules)
    ids = [f.rule_id for f in rec.findings]
    if e.verdict is not None and rec.verdict.value != e.verdict:
        fail("verdict", e.verdict, rec.verdict.value)
    for rid in e.findings:
        if rid not in ids:
            fail(f"findings[{rid}]", "present", "absent")
    for rid in e.not_findings:
        if rid in ids:
            fail(f"not_findings[{rid}]", "absent", "present")
    if e.mat is not _MISSING:
        got = rec.mat.model_dump(mode="json") if rec.mat else None
        if e.mat is None or got is None:
            if (e.mat is None) != (got is None):
                fail("mat", e.mat, got)
        else:
            for k, v in e.mat.items():
                if got.get(k, _MISSING) != v:
                    fail(f"mat.{k}", v, got.get(k))
    if e.plan_minutes is not _MISSING:
        minutes = [w.minutes for w in rec.plan.weeks] if rec.plan else None
        if minutes != e.plan_minutes:
            fail("plan_minutes", e.plan_minutes, minutes)
    if case.history is not None:
        adv = next_session(case.profile, case.history, on=case.on, rules=rules)
        if e.action is not None and adv.action != e.action:
            fail("action", e.action, adv.action)
        if e.minutes is not _MISSING and adv.minutes != e.minutes:
            fail("minutes", e.minutes, adv.minutes)
    elif e.action is not None or e.minutes is not _MISSING:
        fail("action", e.action, "no history: the case needs one to check the next session")


def _facts(case: Case, rules: RuleSet) -> dict[str, dict[str, str | int]]:
    ev = evaluate(case.profile, rules)
    out: dict[str, dict[str, str | int]] = {"profile": dict(ev.derived.fact),
                                            "guidance": {**ev.derived.fact, "verdict": ev.verdict.value}}
    if case.history is not None:
        day = parse_on(case.on)
        logs: Sequence[SessionLog] = parse_history(case.history, day)
        out["session"] = session_fact(ev, logs, day)
    return out


def _pairs(rule: Rule) -> list[tuple[str, str, int, int]]:
    # (label, fact, value where the test is false, value where it is true) per integer test
    out = []
    for t in tests_of(rule.when):
        if not isinstance(t.value, int):
            continue
        v = t.value
        lo, hi = {"ge": (v - 1, v), "gt": (v, v + 1), "le": (v + 1, v), "lt": (v, v - 1),
                  "eq": (v - 1, v), "ne": (v, v + 1)}[t.op]
        out.append((f"{t.fact} {min(lo, hi)}/{max(lo, hi)}", t.fact, lo, hi))
    return out


def run_cases(suite: CaseSuite, rules: RuleSet, *, cover: Collection[str] | None = None) -> SuiteResult:
    """Run every case of ``suite`` against ``rules``: failures and coverage.

    ``cover`` limits the coverage report to those rule ids (e.g. a pack's own rules).
    """
    failures: list[Failure] = []
    facts: list[dict[str, dict[str, str | int]]] = []
    for case in suite.cases:
        try:
            _check(case, rules, failures)
            facts.append(_facts(case, rules))
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            failures.append(Failure(case=case.id, field=".".join(str(x) for x in err["loc"]) or "input",
                                    expected="valid input", got=err["msg"]))
        except AcumatError as exc:
            failures.append(Failure(case=case.id, field=getattr(exc, "field", None) or "rules",
                                    expected="advice", got=str(exc)))
    report = []
    for r in rules.rules:
        if cover is not None and r.id not in cover:
            continue
        stage = TOPICS[r.topic].stage
        seen = [f[stage] for f in facts if stage in f]
        values = [holds(r.when, f) for f in seen]
        have: list[str] = []
        missing: list[str] = []
        for label, name, lo, hi in _pairs(r):
            vals = {f.get(name) for f in seen}
            (have if lo in vals and hi in vals else missing).append(label)
        # A condition that is always true (no test) cannot be seen false: nothing to cover.
        never_false = not tests_of(r.when)
        report.append(RuleCoverage(rule_id=r.id, seen_true=any(values),
                                  seen_false=never_false or not all(values),
                                  boundaries=tuple(dict.fromkeys(have)),
                                  missing_boundaries=tuple(dict.fromkeys(missing))))
    return SuiteResult(suite=suite.name, cases=len(suite.cases), failures=tuple(failures),
                       coverage=tuple(report))
