"""The four-week example runs against the installed package and shows the build-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "four_weeks.py"


def run_example() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          timeout=300, check=False, cwd=SCRIPT.parent)


def test_four_weeks_runs_and_steps_up():
    """examples/four_weeks.py exits 0 and the advice steps up at least once."""
    result = run_example()
    assert result.returncode == 0, result.stderr
    assert "step_up" in result.stdout
    assert "start" in result.stdout


def test_four_weeks_follows_a_step_back_with_rest():
    """The simulated skin irritation is answered by a step back with a rest day (U7)."""
    out = run_example().stdout
    line = next(line for line in out.splitlines() if "skin_irritation" in line)
    after = out.splitlines()[out.splitlines().index(line) + 1]
    assert "step_back" in after
    assert "rest" in after


def test_four_weeks_never_uses_sys_path():
    """The example imports the installed package, not a path hack."""
    assert "sys.path" not in SCRIPT.read_text()
