"""acumat.fhir's public names, and that it needs no FHIR library to read and write."""

from __future__ import annotations

import subprocess
import sys

import acumat.fhir
from acumat import AcumatError
from acumat.fhir import FhirError, profile_from_fhir
from test_fhir_records import bundle, med_request


def test_public_names_are_the_documented_ones():
    """__all__ holds the documented interface and nothing else; each name has a docstring."""
    assert set(acumat.fhir.__all__) == {
        "MAX_RESOURCES", "QUESTIONNAIRE_URL", "Evidence", "FhirError", "FhirReading",
        "guidance_response", "profile_from_fhir", "profile_from_questionnaire_response",
        "questionnaire_resource", "questionnaire_response", "recommend_fhir", "validate",
        "with_evidence"}
    for name in acumat.fhir.__all__:
        obj = getattr(acumat.fhir, name)
        if callable(obj):
            assert obj.__doc__, name
    assert issubclass(FhirError, AcumatError) and issubclass(FhirError, ValueError)


def test_importing_acumat_fhir_loads_no_fhir_library():
    """Reading and writing FHIR work on plain dicts: importing acumat.fhir does not import fhir.resources."""
    code = ("import sys, acumat.fhir; acumat.fhir.questionnaire_resource(); "
            "print('fhir.resources' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True)
    assert out.stdout.strip() == "False"


def test_warnings_are_bounded():
    """Thousands of skipped resources give a bounded list of warnings that says how many more there were."""
    stopped = [med_request(str(i), {"text": "warfarin"}, status="stopped") for i in range(1000)]
    reading = profile_from_fhir(bundle(*stopped))
    assert len(reading.warnings) == 201 and reading.warnings[-1] == "… and 800 more warnings"
    assert reading.profile.blood_thinners is None
