"""The JSON API (``/v1/...``, ``/healthz``): each route validates, calls one library function, answers.

Answers are the library's own ``model_dump_json()`` bytes; no advice is decided here.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.responses import Response

from acumat import Question, __version__, next_session, recommend
from acumat.service.limits import json_body
from acumat.service.problems import FieldError, ProblemError, documented, field_errors, invalid_input
from acumat.service.schemas import SCHEMAS, Health, RuleInfo, RulesInfo, schema_for
from acumat.service.state import ServiceState, state_of

router = APIRouter()
State = Annotated[ServiceState, Depends(state_of)]
Body = Annotated[bytes, Depends(json_body)]

_QUESTIONS = TypeAdapter(tuple[Question, ...])


def _json(content: str | bytes) -> Response:
    return Response(content, media_type="application/json")


def _body_doc(ref: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}


def _ok_doc(ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


@router.post("/v1/recommend", summary="Screen a profile", tags=["advice"], response_class=Response,
             openapi_extra=_body_doc("UserProfile"),
             responses={200: _ok_doc("Recommendation", "The recommendation, as the library's JSON."),
                        **documented(413, 415, 422, 503)})
async def post_recommend(body: Body, state: State) -> Response:
    """Screen the profile in the body and say whether, which mat and how to use it.

    The answer is byte for byte what ``acumat.recommend(body).model_dump_json()`` gives.
    """
    return _json(recommend(body, state.rules).model_dump_json())


class _Envelope(BaseModel):
    # Only the envelope is checked here (an object and a list, not JSON text inside strings);
    # the library validates what is inside.
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(...)
    history: list[Any] = Field(...)
    on: Any = None
    cleared_on: Any = None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON parsers keep the last of repeated keys; conflicting answers must not pass silently.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKeyError(key)
        seen[key] = value
    return seen


@router.post("/v1/next-session", summary="Advise the next session", tags=["advice"], response_class=Response,
             openapi_extra=_body_doc("NextSessionRequest"),
             responses={200: _ok_doc("SessionAdvice", "The advice, as the library's JSON."),
                        **documented(413, 415, 422, 503)})
async def post_next_session(body: Body, state: State) -> Response:
    """Advise the next session (start, step up, hold, step back or stop) from the logs so far.

    The answer is byte for byte ``acumat.next_session(profile, history, on=on).model_dump_json()``.
    """
    try:
        env = _Envelope.model_validate_json(body)
    except ValidationError as exc:
        return invalid_input(field_errors(exc))
    try:
        json.loads(body, object_pairs_hook=_no_duplicates)
    except _DuplicateKeyError as exc:
        return invalid_input([FieldError(field=exc.key, type="value_error",
                                         message=f"the key {exc.key!r} appears more than once")])
    try:
        advice = next_session(env.profile, env.history, on=env.on, rules=state.rules,
                              cleared_on=env.cleared_on)
    except ValidationError as exc:
        errors = []
        for e in field_errors(exc):
            top = e.field.split(".", 1)[0]
            if top in ("history", "on"):
                where = e.field
            else:
                where = "profile" if e.field == "(body)" else f"profile.{e.field}"
            errors.append(FieldError(field=where, type=e.type, message=e.message))
        return invalid_input(errors)
    return _json(advice.model_dump_json())


@router.get("/v1/questionnaire", summary="The questions to ask", tags=["questions"], response_class=Response,
            responses={200: {"description": "The questions (JSON list), or an R4 Questionnaire with "
                                            "format=fhir.",
                             "content": {"application/json": {"schema": {"oneOf": [
                                 {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
                                 {"type": "object"}]}}}},
                       **documented(422, 501)})
async def get_questionnaire(state: State, format: Annotated[
        Literal["json", "fhir"], Query(description="json (acumat's questions) or fhir (R4 Questionnaire).")
] = "json") -> Response:
    """The questions whose answers the rule set reads, safety questions first."""
    if format == "fhir":
        try:
            from acumat.fhir import questionnaire_resource  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise ProblemError(501, "The FHIR Questionnaire needs acumat's fhir part, which is not "
                                    "installed.") from None
        return _json(json.dumps(questionnaire_resource(state.rules), ensure_ascii=False))
    return _json(_QUESTIONS.dump_json(state.questions))


@router.get("/v1/schema/{name}", summary="JSON Schema of a type", tags=["schemas"], response_class=Response,
            responses={200: {"description": "A JSON Schema.",
                             "content": {"application/json": {"schema": {"type": "object"}}}},
                       **documented(404, 422)})
async def get_schema(name: Annotated[str, Path(description="The type's name.",
                                              json_schema_extra={"enum": list(SCHEMAS)})]) -> Response:
    """The JSON Schema of ``profile``, ``session_log``, ``next_session_request``, ``recommendation``,
    ``session_advice`` or ``question``."""
    schema = schema_for(name)
    if schema is None:
        raise ProblemError(404, f"No schema named {name!r}.")
    return _json(json.dumps(schema, ensure_ascii=False))


@router.get("/v1/rules", summary="The rule set", tags=["rules"], response_model=RulesInfo)
async def get_rules(state: State) -> RulesInfo:
    """The served rule set: ids, topics, the source statements each rule cites, and the fingerprint."""
    rs = state.rules
    return RulesInfo(name=rs.name, duration=rs.duration, fingerprint=rs.fingerprint, ids=rs.ids,
                     rules=tuple(RuleInfo(id=r.id, topic=r.topic, sources=r.sources, basis=r.basis)
                                 for r in rs.rules))


@router.get("/healthz", summary="Liveness", tags=["service"], response_model=Health)
async def healthz(state: State) -> Health:
    """Says the process answers, with the version and the rule set's fingerprint."""
    return Health(acumat_version=__version__, rules_fingerprint=state.rules.fingerprint)
