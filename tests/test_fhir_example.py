"""examples/fhir_screening.py screens the sample bundle and shows where each answer came from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from acumat.fhir import validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "fhir" / "patient-bundle.json"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "examples" / "fhir_screening.py"), *args],
                          capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)


def test_sample_bundle_is_valid_r4():
    """The shipped sample bundle validates against the fhir.resources R4B models."""
    validate(json.loads(SAMPLE.read_text(encoding="utf-8")))


def test_example_prints_the_evidence_and_the_advice():
    """The apixaban order (contained Medication, RxNorm 1364445) gives AVOID (C8) and names its source."""
    out = _run()
    assert out.returncode == 0 and out.stderr == ""
    text = out.stdout
    assert text.startswith("Screening as of 2026-11-20T10:00:00+00:00.")
    assert "pregnant = False: read from Observation/preg-1" in text
    assert "Verdict: AVOID" in text and "rule C8.blood_thinners" in text
    assert "(read from MedicationRequest/42: RxNorm 1364445 apixaban 5 MG Oral Tablet)" in text
    assert "Condition/c1" in text and "clinicalStatus resolved" in text
    # Nothing in the record rules out the skin questions: they stay open and are asked for.
    assert "[skin.broken]" in text
    assert "GuidanceResponse: status data-required" in text


def test_example_reports_unreadable_input(tmp_path):
    """A file that is not FHIR gives exit code 1 and a message naming the problem."""
    bad = tmp_path / "bad.json"
    bad.write_text('"just a string"', encoding="utf-8")
    out = _run(str(bad))
    assert out.returncode == 1 and "cannot read bad.json" in out.stderr
