"""acumat's public API as a type checker sees it from a user's script."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap

from acumat import default_rules

USER_SCRIPT = textwrap.dedent("""\
    from acumat import RuleSet, default_rules

    good: RuleSet = default_rules(duration="U5")
    bad_keyword = default_rules(duraton="U5")
    bad_value = default_rules("U6")
""")


def test_mypy_catches_a_misspelt_default_rules_keyword(tmp_path):
    """mypy --strict on a user's script reports the misspelt keyword and the wrong reading,
    and nothing on the correct call (default_rules keeps its signature under its cache)."""
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT)
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           "--cache-dir", str(tmp_path / "cache"), str(script)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert len(errors) == 2, proc.stdout
    assert 'user.py:4: error: Unexpected keyword argument "duraton"' in errors[0]
    assert "user.py:5: error:" in errors[1] and "Literal['U4', 'U5']" in errors[1]


def test_default_rules_signature_is_visible_at_run_time():
    """inspect (and so IDEs and help()) see default_rules(duration='U4') -> RuleSet."""
    sig = inspect.signature(default_rules)
    assert list(sig.parameters) == ["duration"]
    assert sig.parameters["duration"].default == "U4"
    assert default_rules("U5") is default_rules(duration="U5")
