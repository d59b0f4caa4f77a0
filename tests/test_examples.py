"""The examples run as a user would run them and print what the source document implies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(script: str, *args: str) -> str:
    out = subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True,
                         text=True, timeout=120, check=False, cwd=EXAMPLES.parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    return out.stdout


def test_quickstart_prints_a_suitable_plan():
    """quickstart.py: a fully answered, mild-pain person is SUITABLE with a mat and a plan."""
    text = run("quickstart.py")
    assert text.startswith("Verdict: SUITABLE")
    assert "Which mat:" in text
    assert "week 1:" in text
    assert "C15" in text
    assert "Please answer" not in text


def test_screen_many_one_line_per_profile():
    """screen_many.py: one line per profile in profiles.json, with the verdict the source implies."""
    profiles = json.loads((EXAMPLES / "profiles.json").read_text(encoding="utf-8"))
    lines = run("screen_many.py").splitlines()
    assert len(lines) == len(profiles) >= 6
    rows = [line.split("\t") for line in lines]
    assert [r[0] for r in rows] == [str(i) for i in range(len(profiles))]
    expected = [
        ("SUITABLE", None),  # everything answered "no", moderate pain
        ("AVOID", "C8"),  # Eliquis on the medication list: blood thinner
        ("CAUTION", "unanswered pregnant"),  # pregnancy not asked
        ("CONSULT", "C4"),  # pregnant: see a doctor first
        ("CONSULT", "C13"),  # severe pain (8/10)
        ("AVOID", "C1"),  # broken skin
    ]
    for row, (verdict, why) in zip(rows, expected, strict=True):
        assert row[1] == verdict, row
        if why is not None:
            assert why in row[2], row


def test_screen_many_reads_a_given_file(tmp_path):
    """screen_many.py takes another profiles file as its argument."""
    path = tmp_path / "people.json"
    path.write_text(json.dumps([{}, {"conditions": ["heart_disease"]}]), encoding="utf-8")
    rows = [line.split("\t") for line in run("screen_many.py", str(path)).splitlines()]
    assert [r[1] for r in rows] == ["CAUTION", "AVOID"]
    assert "C9" in rows[1][2]
