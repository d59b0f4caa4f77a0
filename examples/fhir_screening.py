"""Screen a patient from a FHIR R4 Bundle: what was read, from where, and the advice.

Run from the repository root (needs only acumat; the `fhir` extra is for validation)::

    python examples/fhir_screening.py                      # the sample bundle in examples/fhir/
    python examples/fhir_screening.py my-bundle.json       # your own Bundle or CDS Hooks prefetch
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from acumat import recommend
from acumat.fhir import FhirError, guidance_response, profile_from_fhir, with_evidence

SAMPLE = Path(__file__).resolve().parent / "fhir" / "patient-bundle.json"


def main(path: Path) -> int:
    """Print the evidence, the explanation and the GuidanceResponse's status for one record."""
    data = json.loads(path.read_text(encoding="utf-8"))
    # A snapshot is screened as of when it was assembled (Bundle.timestamp), anything else as of now:
    # observations older than 30 days by then cannot rule a risk out.
    stamp = data.get("timestamp") if isinstance(data, dict) else None
    try:
        on = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        on = None
    print(f"Screening as of {on.isoformat() if on else 'now'}.\n")
    try:
        reading = profile_from_fhir(data, on=on)
    except FhirError as exc:
        print(f"cannot read {path.name}: {exc}", file=sys.stderr)
        return 1
    print(reading.explain())
    rec = with_evidence(recommend(reading.profile), reading)
    print(rec.explain())
    guidance = guidance_response(rec, subject="Patient/example-1", request_id="example")
    asked = [r["mustSupport"][0] for r in guidance.get("dataRequirement", [])]
    print(f"GuidanceResponse: status {guidance['status']}, {len(asked)} data requirement(s)")
    for item in asked:
        print(f"  - {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE))
