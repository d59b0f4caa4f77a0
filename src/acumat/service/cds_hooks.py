"""CDS Hooks 2.0: discovery, the ``patient-view`` service (cards from the FHIR prefetch), feedback.

The prefetch is read by :mod:`acumat.fhir`; the advice is the library's. This service never
calls out to an EHR's FHIR server, so a request without the prefetch it needs gets 412.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import Response

from acumat import recommend
from acumat.service.cards import cards_for
from acumat.service.cds_models import CdsResponse, Discovery, FeedbackRequest, HookRequest, ServiceDescription
from acumat.service.limits import json_body
from acumat.service.problems import ProblemError, documented, field_errors
from acumat.service.settings import CDS_SERVICE_ID
from acumat.service.state import ServiceState, state_of

router = APIRouter(tags=["cds-hooks"])
State = Annotated[ServiceState, Depends(state_of)]
Body = Annotated[bytes, Depends(json_body)]

HOOK = "patient-view"
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "conditions": "Condition?patient={{context.patientId}}",
    "medicationRequests": "MedicationRequest?patient={{context.patientId}}",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
    "pregnancyStatus": "Observation?patient={{context.patientId}}&code=http://loinc.org|82810-3"
                       "&_sort=-date&_count=1",
    "painSeverity": "Observation?patient={{context.patientId}}&code=http://loinc.org|72514-3"
                    "&_sort=-date&_count=1",
    "questionnaireResponses": "QuestionnaireResponse?patient={{context.patientId}}&status=completed",
}
#: Keys without which no safe answer can be read; the Patient alone decides nothing, and answers to
#: acumat's Questionnaire are used when the record has them.
REQUIRED_PREFETCH = tuple(k for k in PREFETCH if k not in ("patient", "questionnaireResponses"))
_FEEDBACK_LOCK = threading.Lock()


def _authorize(request: Request) -> None:
    verifier = request.app.state.cds_verifier
    if verifier is None:
        return
    st: ServiceState = request.app.state.acumat
    base = st.settings.cds_base_url
    audience = (base.rstrip("/") + request.url.path) if base else str(request.url.replace(query=""))
    verifier.check(request.headers.get("authorization"), audience)


Authorized = Depends(_authorize)


def _bad_request(exc: ValidationError) -> ProblemError:
    parts = "; ".join(f"{e.field}: {e.message}" for e in field_errors(exc))
    return ProblemError(400, f"The request does not follow CDS Hooks 2.0: {parts}")


def _parse(model: type[HookRequest] | type[FeedbackRequest], body: bytes) -> Any:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise _bad_request(exc) from None


def _json(content: str | bytes, status: int = 200) -> Response:
    return Response(content, status_code=status, media_type="application/json")


@router.get("/cds-services", summary="CDS Hooks discovery", response_model=Discovery,
            dependencies=[Authorized], responses=documented(401))
async def discovery() -> Discovery:
    """The services offered: one ``patient-view`` service with its prefetch templates."""
    return Discovery(services=(ServiceDescription(
        hook=HOOK, id=CDS_SERVICE_ID, title="Acupressure mat for back pain",
        description="Screens the patient's conditions, medications, pregnancy status and pain score "
                    "against acumat's source-cited rules and says whether an acupressure mat may be used, "
                    "what to ask first, or which mat and plan.",
        prefetch=PREFETCH),))


def _check_service(service_id: str) -> None:
    if service_id != CDS_SERVICE_ID:
        raise ProblemError(404, f"No CDS service {service_id!r}; see /cds-services.")


@router.post("/cds-services/{service_id}", summary="Call the CDS service", response_model=CdsResponse,
             response_model_exclude_none=True, dependencies=[Authorized],
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object"}}}}},
             responses=documented(400, 401, 404, 412, 413, 415, 501, 503))
async def call_service(service_id: str, body: Body, state: State) -> Response:
    """Answer a ``patient-view`` hook with one card built from the library's recommendation."""
    _check_service(service_id)
    req: HookRequest = _parse(HookRequest, body)
    if req.hook != HOOK:
        raise ProblemError(400, f"This service answers the {HOOK!r} hook, not {req.hook!r}.")
    prefetch = req.prefetch or {}
    missing = [k for k in REQUIRED_PREFETCH if k not in prefetch]
    if missing:
        raise ProblemError(412, "The request lacks the prefetch " + ", ".join(missing) + "; this service "
                           "does not query FHIR servers itself, so it cannot get them.")
    try:
        from acumat.fhir import (  # type: ignore[import-not-found,unused-ignore]
            FhirError,
            profile_from_fhir,
            with_evidence,
        )
    except ImportError:
        raise ProblemError(501, "CDS Hooks needs acumat's fhir part, which is not installed.") from None
    data = {k: v for k, v in prefetch.items() if v is not None}  # null: the record has no such data
    try:
        # What recommend_fhir(data, rules) does, reading the record once for the card's notes too.
        reading = profile_from_fhir(data, rules=state.rules)
        rec = with_evidence(recommend(reading.profile, state.rules), reading, state.rules)
    except (FhirError, ValidationError) as exc:
        detail = str(exc) if isinstance(exc, FhirError) else "; ".join(
            f"{e.field}: {e.message}" for e in field_errors(exc))
        raise ProblemError(400, f"The prefetch cannot be read: {detail}") from None
    base = state.settings.public_url
    cards = cards_for(rec, hook_instance=req.hookInstance, notes=tuple(reading.warnings),
                      questionnaire_url=(base.rstrip("/") + "/") if base else None)
    return _json(CdsResponse(cards=tuple(cards)).model_dump_json(exclude_none=True))


def _append(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with _FEEDBACK_LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, data)  # one write per request: lines of concurrent workers never interleave
        finally:
            os.close(fd)


@router.post("/cds-services/{service_id}/feedback", summary="Feedback on cards", dependencies=[Authorized],
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/FeedbackRequest"}}}}},
             responses={200: {"description": "Accepted.", "content": {"application/json": {
                 "schema": {"type": "object"}}}}, **documented(400, 401, 404, 413, 415)})
async def feedback(service_id: str, body: Body, state: State) -> Response:
    """Record what the user did with cards (accepted / overridden, with the override reason)."""
    _check_service(service_id)
    fb: FeedbackRequest = _parse(FeedbackRequest, body)
    path = state.settings.feedback_log
    if path is not None:
        received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        lines = [json.dumps({"service": service_id, "received": received,
                             **f.model_dump(mode="json", exclude_none=True)}, ensure_ascii=False)
                 for f in fb.feedback]
        _append(path, lines)
    return _json(json.dumps({"received": len(fb.feedback)}))
