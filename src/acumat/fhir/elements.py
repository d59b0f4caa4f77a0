"""Small readers for FHIR elements (CodeableConcept, Coding, references, dates) that never crash.

Each returns None or an empty result for a malformed element and records a warning naming
the resource and the path, so bad data is skipped, never read as an answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from acumat.fhir.codes import canonical_system

MAX_CODINGS = 50
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class Coding:
    """A well-formed coding: system, code and display (display may be empty)."""

    system: str
    code: str
    display: str


def codings(cc: Any, where: str, warnings: list[str]) -> list[Coding]:
    """The well-formed codings of a CodeableConcept; malformed ones are skipped with a warning."""
    if cc is None:
        return []
    if not isinstance(cc, dict):
        warnings.append(f"{where}: not a CodeableConcept ({type(cc).__name__}): not read")
        return []
    raw = cc.get("coding", [])
    if not isinstance(raw, list):
        warnings.append(f"{where}.coding: not a list: not read")
        return []
    out = []
    for i, c in enumerate(raw[:MAX_CODINGS]):
        path = f"{where}.coding[{i}]"
        if not isinstance(c, dict):
            warnings.append(f"{path}: not a Coding: skipped")
            continue
        system, code, display = c.get("system"), c.get("code"), c.get("display", "")
        if code is None and system is None:
            if isinstance(display, str) and display.strip():
                out.append(Coding("", "", display.strip()[:MAX_TEXT]))
            continue
        if not isinstance(system, str) or not isinstance(code, str) or not code.strip():
            warnings.append(f"{path}: system and code must both be strings: skipped")
            continue
        out.append(Coding(canonical_system(system), code.strip(),
                          display.strip()[:MAX_TEXT] if isinstance(display, str) else ""))
    if len(raw) > MAX_CODINGS:
        warnings.append(f"{where}.coding: {len(raw)} codings, only the first {MAX_CODINGS} read")
    return out


def text(cc: Any) -> str:
    """The text of a CodeableConcept ('' when absent or malformed)."""
    value = cc.get("text") if isinstance(cc, dict) else None
    return value.strip()[:MAX_TEXT] if isinstance(value, str) else ""


def status_codes(cc: Any) -> set[str]:
    """The codes of a status CodeableConcept (clinicalStatus, verificationStatus)."""
    if not isinstance(cc, dict) or not isinstance(cc.get("coding"), list):
        return set()
    return {c["code"] for c in cc["coding"][:MAX_CODINGS]
            if isinstance(c, dict) and isinstance(c.get("code"), str)}


def string(value: Any) -> str | None:
    """``value`` if it is a string (a code such as ``status``), else None."""
    return value if isinstance(value, str) else None


def reference(value: Any) -> str | None:
    """The reference string of a Reference, or None."""
    if isinstance(value, dict) and isinstance(value.get("reference"), str):
        return value["reference"].strip() or None
    return None


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def when(resource: dict[str, Any]) -> dt.datetime | None:
    """When an observation holds: effective[x] (period start), else issued; None when unknown."""
    candidates: list[Any] = [resource.get("effectiveDateTime"), resource.get("effectiveInstant")]
    period = resource.get("effectivePeriod")
    if isinstance(period, dict):
        candidates += [period.get("end"), period.get("start")]
    candidates.append(resource.get("issued"))
    for c in candidates:
        parsed = parse_datetime(c)
        if parsed is not None:
            return parsed
    return None


def parse_datetime(value: Any) -> dt.datetime | None:
    """A FHIR date or dateTime as an aware datetime (partial dates at their first instant)."""
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        return None
    v = value.strip()
    if len(v) == 4:
        v += "-01-01"
    elif len(v) == 7:
        v += "-01"
    try:
        parsed = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
