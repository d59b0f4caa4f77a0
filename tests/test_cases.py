"""acumat test: case suites with expected outcomes, failures by field, and rule coverage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from acumat import CaseSuite, default_rules, load_cases, load_rules, run_cases
from acumat.cases import CaseFileError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "cases" / "default.yaml"


def test_default_cases_pass_with_full_coverage():
    """cases/default.yaml passes on the default rules and covers every rule true and false (CI gate)."""
    result = run_cases(load_cases(DEFAULT), default_rules())
    assert result.failures == ()
    assert result.rule_coverage == 100.0
    assert result.condition_coverage == 100.0
    assert result.boundary_coverage == 100.0


def test_every_default_case_names_the_statements_it_checks():
    """Each case cites at least one source statement, and every cited id exists."""
    from acumat.sources import STATEMENTS

    suite = load_cases(DEFAULT)
    for case in suite.cases:
        assert case.checks, case.id
        assert set(case.checks) <= set(STATEMENTS), case.id


def test_failures_name_the_differing_fields():
    """A case expecting suitable and a mat for a pregnant person fails on verdict and mat."""
    suite = CaseSuite.model_validate({"cases": [{
        "id": "wrong", "profile": {"pregnant": True},
        "expect": {"verdict": "suitable", "mat": {"size": "full"}, "findings": ["C8.blood_thinners"]}}]})
    result = run_cases(suite, default_rules())
    fields = [(f.field, f.expected, f.got) for f in result.failures]
    assert ("verdict", "suitable", "consult") in fields
    assert ("mat", {"size": "full"}, None) in fields
    assert ("findings[C8.blood_thinners]", "present", "absent") in fields


def test_missing_boundary_is_reported():
    """Without the 6-sessions case the 6/7 boundary of U4.start_after_1w is reported missing."""
    suite = load_cases(DEFAULT)
    cut = suite.model_copy(update={"cases": tuple(c for c in suite.cases if c.id != "sessions-6-starts-at-5")})
    result = run_cases(cut, default_rules())
    row = next(c for c in result.coverage if c.rule_id == "U4.start_after_1w")
    assert row.missing_boundaries == ("sessions_completed 6/7",)
    assert result.boundary_coverage < 100.0


def test_a_rule_never_false_lowers_condition_coverage():
    """A suite of one pregnant case never sees C4.pregnancy false, nor fires C1."""
    suite = CaseSuite.model_validate({"cases": [{"id": "p", "profile": {"pregnant": True},
                                                 "expect": {"verdict": "consult"}}]})
    result = run_cases(suite, default_rules())
    rows = {c.rule_id: c for c in result.coverage}
    assert rows["C4.pregnancy"].seen_true and not rows["C4.pregnancy"].seen_false
    assert not rows["C1.broken_skin"].seen_true
    assert result.condition_coverage < 100.0


def test_bad_case_file_names_file_and_case(tmp_path):
    """An unknown expectation key is a CaseFileError naming the file and the case id."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - id: c1\n    profile: {}\n    expect: {verdikt: avoid}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"bad\.yaml: case 'c1': expect\.verdikt"):
        load_cases(bad)


def test_vendor_pack_cases_cover_the_pack():
    """The example vendor pack's own cases pass and cover all of its rules."""
    rules = default_rules().with_pack(load_rules(ROOT / "examples" / "custom_pack.yaml"))
    own = {r.id for r in load_rules(ROOT / "examples" / "custom_pack.yaml").rules}
    result = run_cases(load_cases(ROOT / "examples" / "custom_pack_cases.yaml"), rules, cover=own)
    assert result.ok and result.rule_coverage == 100.0 and result.condition_coverage == 100.0


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "acumat", "test", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_min_coverage_and_exit_codes(tmp_path):
    """`acumat test` exits 0 on the default suite at 100 %, 1 below --min-coverage, 2 on usage errors."""
    ok = _cli(DEFAULT, "--min-coverage", "100")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "rules fired 100.0%" in ok.stdout
    one = tmp_path / "one.yaml"
    one.write_text("cases:\n  - id: p\n    checks: [C4]\n    profile: {pregnant: true}\n"
                   "    expect: {verdict: consult}\n", encoding="utf-8")
    low = _cli(one, "--min-coverage", "100")
    assert low.returncode == 1 and "coverage below 100%" in low.stderr
    assert _cli(one, "--pack-only").returncode == 2


def test_invalid_case_input_is_a_failure_not_a_crash():
    """A case whose profile or history is invalid fails with the field named, and the rest still run."""
    suite = CaseSuite.model_validate({"cases": [
        {"id": "bad-profile", "profile": {"pregnant": "maybe"}, "expect": {}},
        {"id": "bad-history", "profile": {}, "history": [{"day": "2026-03-01", "minutes": 0}],
         "expect": {"action": "stop"}},
        {"id": "fine", "profile": {"pregnant": True}, "expect": {"verdict": "consult"}}]})
    result = run_cases(suite, default_rules())
    assert [(f.case, f.field) for f in result.failures] == [("bad-profile", "pregnant"),
                                                            ("bad-history", "history.0.minutes")]
