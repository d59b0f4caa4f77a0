"""Errors as data: RFC 9457 problem details, the same shape for every error the service returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from acumat import AcumatError, EngineError

PROBLEM_JSON = "application/problem+json"
INVALID_INPUT = "urn:acumat:problem:invalid-input"
ENGINE_FAILED = "urn:acumat:problem:engine-failed"
INTERNAL = "urn:acumat:problem:internal-error"


class FieldError(BaseModel):
    """One reason the input was refused: where, what kind, and a message."""

    model_config = ConfigDict(frozen=True)

    field: str = Field(description="Dotted path of the offending part, e.g. 'pain.severity' or "
                                   "'history.0.day'.")
    type: str = Field(description="Machine-readable error kind (pydantic's error type).")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    model_config = ConfigDict(frozen=True)

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: tuple[FieldError, ...] | None = Field(None, description="For invalid input: each field error.")


class ProblemError(Exception):
    """Raised by routes to answer with a problem; handled into an RFC 9457 response."""

    def __init__(self, status: int, detail: str, *, type_: str = "about:blank", title: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.type = type_
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers


def problem_response(status: int, detail: str | None = None, *, type_: str = "about:blank",
                     title: str | None = None, errors: Sequence[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> Response:
    """A ``application/problem+json`` response."""
    body = Problem(type=type_, title=title or HTTPStatus(status).phrase, status=status, detail=detail,
                   errors=tuple(errors) if errors is not None else None)
    return Response(body.model_dump_json(exclude_none=True), status_code=status, media_type=PROBLEM_JSON,
                    headers=headers)


def _path(loc: Iterable[int | str]) -> str:
    return ".".join(str(p) for p in loc)


def field_errors(exc: ValidationError, prefix: tuple[str, ...] = ()) -> list[FieldError]:
    """The field errors of a pydantic ValidationError, located under ``prefix``."""
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        out.append(FieldError(field=_path((*prefix, *err["loc"])) or "(body)", type=err["type"],
                              message=err["msg"]))
    return out


def invalid_input(errors: Sequence[FieldError]) -> Response:
    """422 naming each offending field."""
    n = len(errors)
    return problem_response(422, f"The input has {n} error{'s' if n != 1 else ''}; no advice was given.",
                            type_=INVALID_INPUT, title="Invalid input", errors=errors)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem details response."""

    async def on_problem(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return problem_response(exc.status, exc.detail, type_=exc.type, title=exc.title, headers=exc.headers)

    async def on_http(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        phrase = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
        return problem_response(exc.status_code, detail, headers=dict(exc.headers or {}) or None)

    async def on_request_validation(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [FieldError(field=_path(e["loc"][1:]) or _path(e["loc"]), type=e["type"], message=e["msg"])
                  for e in exc.errors()]
        return invalid_input(errors)

    async def on_validation(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ValidationError)
        return invalid_input(field_errors(exc))

    async def on_acumat(_: Request, exc: Exception) -> Response:
        if isinstance(exc, EngineError):
            return problem_response(503, "The rule engine failed on this request; no advice was given. "
                                         "Try again.", type_=ENGINE_FAILED, title="Engine failed",
                                    headers={"Retry-After": "1"})
        if isinstance(exc, ValueError):
            return invalid_input([FieldError(field="(body)", type="value_error", message=str(exc))])
        return on_unexpected_response()

    async def on_unexpected(_: Request, exc: Exception) -> Response:
        return on_unexpected_response()

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(ValidationError, on_validation)
    app.add_exception_handler(AcumatError, on_acumat)
    app.add_exception_handler(Exception, on_unexpected)


def on_unexpected_response() -> Response:
    """500 without any detail of the failure (no stack trace, no input echoed)."""
    return problem_response(500, "The service failed on this request; no advice was given.",
                            type_=INTERNAL, title="Internal error")


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem answers with the given statuses."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {s: {"description": HTTPStatus(s).phrase, "content": {PROBLEM_JSON: {"schema": schema}}}
            for s in statuses}
