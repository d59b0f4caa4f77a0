"""Hand-written FHIR R4 resources for the acumat.fhir tests (builders only; no tests here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

RX = "http://www.nlm.nih.gov/research/umls/rxnorm"
SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ATC = "http://www.whocc.no/atc"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
SUBJECT = {"reference": "Patient/p1"}


def ago(days: float) -> str:
    """An ISO dateTime ``days`` before now (observations are read only while recent)."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")


def cc(system: str | None = None, code: str | None = None, display: str | None = None,
       text: str | None = None) -> dict[str, Any]:
    """A CodeableConcept with at most one coding."""
    out: dict[str, Any] = {}
    if system or code or display:
        coding = {k: v for k, v in (("system", system), ("code", code), ("display", display)) if v}
        out["coding"] = [coding]
    if text:
        out["text"] = text
    return out


def patient(pid: str = "p1", gender: str | None = None) -> dict[str, Any]:
    """A Patient."""
    out: dict[str, Any] = {"resourceType": "Patient", "id": pid}
    if gender:
        out["gender"] = gender
    return out


def bundle(*resources: dict[str, Any], with_patient: bool = True) -> dict[str, Any]:
    """A collection Bundle of ``resources``, with Patient/p1 first unless told otherwise."""
    res = ([patient()] if with_patient else []) + list(resources)
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['resourceType']}-{r.get('id', i)}", "resource": r}
                      for i, r in enumerate(res)]}


def condition(rid: str, system: str | None, code: str | None, *, clinical: str | None = "active",
              verification: str | None = None, text: str | None = None,
              display: str | None = None) -> dict[str, Any]:
    """A Condition of Patient/p1."""
    out: dict[str, Any] = {"resourceType": "Condition", "id": rid, "subject": SUBJECT,
                           "code": cc(system, code, display, text)}
    if clinical:
        out["clinicalStatus"] = {"coding": [{"system": CLINICAL, "code": clinical}]}
    if verification:
        out["verificationStatus"] = {"coding": [{"system": VERIFICATION, "code": verification}]}
    return out


def med_request(rid: str, concept: dict[str, Any] | None = None, *, status: str = "active",
                reference: str | None = None, ref_display: str | None = None,
                contained: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    """A MedicationRequest (an order) of Patient/p1."""
    out: dict[str, Any] = {"resourceType": "MedicationRequest", "id": rid, "status": status,
                           "intent": "order", "subject": SUBJECT, **more}
    if concept is not None:
        out["medicationCodeableConcept"] = concept
    if reference is not None or ref_display is not None:
        out["medicationReference"] = {k: v for k, v in (("reference", reference),
                                                         ("display", ref_display)) if v}
    if contained:
        out["contained"] = contained
    return out


def med_statement(rid: str, concept: dict[str, Any], *, status: str = "active") -> dict[str, Any]:
    """A MedicationStatement of Patient/p1."""
    return {"resourceType": "MedicationStatement", "id": rid, "status": status, "subject": SUBJECT,
            "medicationCodeableConcept": concept}


def medication(rid: str, concept: dict[str, Any]) -> dict[str, Any]:
    """A Medication resource."""
    return {"resourceType": "Medication", "id": rid, "code": concept}


def pregnancy(rid: str, code: str, *, when: str | None = None, status: str = "final",
              system: str = SCT) -> dict[str, Any]:
    """A pregnancy-status Observation (LOINC 82810-3)."""
    return {"resourceType": "Observation", "id": rid, "status": status, "subject": SUBJECT,
            "code": cc(LOINC, "82810-3", "Pregnancy status"), "effectiveDateTime": when or ago(1),
            "valueCodeableConcept": cc(system, code)}


def pain(rid: str, value: Any, *, when: str | None = None, status: str = "final",
         quantity: bool = False) -> dict[str, Any]:
    """A pain-severity Observation (LOINC 72514-3)."""
    out: dict[str, Any] = {"resourceType": "Observation", "id": rid, "status": status,
                           "subject": SUBJECT, "code": cc(LOINC, "72514-3"),
                           "effectiveDateTime": when or ago(1)}
    if quantity:
        out["valueQuantity"] = {"value": value, "unit": "{score}"}
    else:
        out["valueInteger"] = value
    return out


APIXABAN = cc(RX, "1364430", "apixaban")
METFORMIN = cc(RX, "6809", "metformin")
