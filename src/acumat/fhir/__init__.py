"""FHIR R4 in and out: screen a person from an EHR's records, and speak FHIR back.

Reading (plain JSON dicts; no FHIR library needed)::

    from acumat.fhir import profile_from_fhir, recommend_fhir

    reading = profile_from_fhir(bundle)   # a Bundle, a list of resources, or a CDS Hooks prefetch
    reading.profile                       # acumat.UserProfile; what the record does not state is None
    reading.evidence                      # Evidence per answer: field, answer, resource, code, display, how
    reading.warnings                      # what was skipped and why (resource and path)
    rec = recommend_fhir(bundle)          # findings say "read from MedicationRequest/42: RxNorm …"

- Conditions count when clinicalStatus is active, recurrence or relapse (never
  entered-in-error or refuted); SNOMED CT and ICD-10(-CM) codes from published value sets
  (``acumat.fhir.codes``) answer ``conditions``, ``skin.*`` and ``pregnant``.
- MedicationRequest (active, on-hold) and MedicationStatement (active, intended), with a
  medicationCodeableConcept or a contained or referenced Medication: RxNorm and ATC codes,
  and the text and displays through acumat's medication-name matcher, answer ``blood_thinners``.
- Observations that are final, amended or corrected, the newest winning: pregnancy status
  (LOINC 82810-3; SNOMED CT 77386006 pregnant, 60001007 not pregnant, 261665006 unknown) and
  pain severity (LOINC 72514-3, 0–10).
- Observations older than ``max_age_days`` (default 30) before ``on`` (default now) cannot
  rule a risk out: an old "not pregnant" status or pain score below 7 is not read, while an
  old "pregnant" status or severe pain still is (acumat's interpretation: a point-in-time
  negative goes stale; ``max_age_days=None`` turns the limit off).
- **Absence is not "no"**: no anticoagulant order does not prove none is taken, so such
  answers stay None unless the record states the negative (pregnancy status "not pregnant")
  or a QuestionnaireResponse to acumat's Questionnaire in the data answers it. Where they
  disagree the riskier answer wins.
- ``draft_orders=True`` (off by default) also counts MedicationRequests in status draft,
  the orders of a CDS Hooks order-select or order-sign hook.
- Not read from codes: sensitive skin, severe nerve damage and "other serious" conditions
  (no published set says "severe"); they stay for the person to answer.
- ``use_recorded_sex=True`` (off by default) reads a recorded male Patient.gender as "not
  pregnant" when nothing else answers it; the evidence says so. Recorded sex alone never
  sets ``pregnant`` otherwise.
- Bad FHIR raises :class:`FhirError` (``.resource``, ``.path``) when the input cannot be read
  at all (not FHIR, a wrong resourceType, more than ``MAX_RESOURCES`` resources, several
  patients), and is otherwise skipped with a warning. Nothing broken becomes an answer.

Writing::

    questionnaire_resource(rules=None) -> dict            # R4 Questionnaire, linkId = profile path
    questionnaire_response(profile, rules=None) -> dict   # R4 QuestionnaireResponse of a profile
    profile_from_questionnaire_response(qr, rules=None)   # -> UserProfile (round trip)
    guidance_response(rec, *, subject=None, request_id=None) -> dict   # R4 GuidanceResponse
    validate(resource) -> resource                        # check against fhir.resources (the `fhir` extra)

The outputs are plain dicts; :func:`validate` checks one against the ``fhir.resources`` R4B
models (install the ``fhir`` extra), which match R4 for these resources.
"""

from __future__ import annotations

from acumat.fhir.collect import MAX_RESOURCES
from acumat.fhir.guidance import guidance_response
from acumat.fhir.model import Evidence, FhirError, FhirReading
from acumat.fhir.questionnaire import (
    QUESTIONNAIRE_URL,
    profile_from_questionnaire_response,
    questionnaire_resource,
    questionnaire_response,
)
from acumat.fhir.read import profile_from_fhir
from acumat.fhir.recommend import recommend_fhir, with_evidence
from acumat.fhir.validate import validate

__all__ = [
    "MAX_RESOURCES",
    "QUESTIONNAIRE_URL",
    "Evidence",
    "FhirError",
    "FhirReading",
    "guidance_response",
    "profile_from_fhir",
    "profile_from_questionnaire_response",
    "questionnaire_resource",
    "questionnaire_response",
    "recommend_fhir",
    "validate",
    "with_evidence",
]
