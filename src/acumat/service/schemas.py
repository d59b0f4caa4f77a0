"""JSON Schemas served at ``/v1/schema/{name}`` and merged into the OpenAPI document.

One small function (:func:`schema_for`) names the schema of each public type; when the
library ships its own per-type schema function, point :func:`schema_for` at it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from acumat import Question, Recommendation, SessionAdvice, SessionLog, UserProfile
from acumat.service.cds_models import FeedbackRequest
from acumat.service.problems import Problem


class NextSessionRequest(BaseModel):
    """The body of ``POST /v1/next-session``: the profile, the logs so far, and the planned day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: UserProfile
    history: list[SessionLog] = Field(description="Session logs in date order.")
    on: dt.date | None = Field(None, description="ISO date of the planned session (default: the day after "
                                                 "the last log).")
    cleared_on: dt.date | None = Field(None, description="ISO date on which a doctor said the mat may be "
                                                         "used again after a stop sign.")


class RuleInfo(BaseModel):
    """One rule of the served rule set: its id, topic, the statements behind it and its basis."""

    model_config = ConfigDict(frozen=True)

    id: str
    topic: str
    sources: tuple[str, ...]
    basis: str


class RulesInfo(BaseModel):
    """The served rule set: its name, duration reading, fingerprint and rules."""

    model_config = ConfigDict(frozen=True)

    name: str
    duration: str
    fingerprint: str
    ids: tuple[str, ...]
    rules: tuple[RuleInfo, ...]


class Health(BaseModel):
    """The answer of ``/healthz``."""

    model_config = ConfigDict(frozen=True)

    status: str = "ok"
    acumat_version: str
    rules_fingerprint: str


#: Schema name (as in ``/v1/schema/{name}``) -> model and mode.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "profile": (UserProfile, "validation"),
    "session_log": (SessionLog, "validation"),
    "next_session_request": (NextSessionRequest, "validation"),
    "recommendation": (Recommendation, "serialization"),
    "session_advice": (SessionAdvice, "serialization"),
    "question": (Question, "serialization"),
}


def schema_for(name: str) -> dict[str, Any] | None:
    """The JSON Schema of the public type ``name`` (see :data:`SCHEMAS`), or None if unknown."""
    entry = SCHEMAS.get(name)
    if entry is None:
        return None
    model, mode = entry
    return model.model_json_schema(mode=mode)  # type: ignore[arg-type]


_COMPONENTS: tuple[tuple[type[BaseModel], str], ...] = (
    (UserProfile, "validation"), (NextSessionRequest, "validation"), (Recommendation, "serialization"),
    (SessionAdvice, "serialization"), (Question, "serialization"), (RulesInfo, "serialization"),
    (Health, "serialization"), (Problem, "serialization"), (FeedbackRequest, "validation"),
)


def openapi_components() -> dict[str, Any]:
    """The component schemas the OpenAPI document refers to (``#/components/schemas/<Model>``)."""
    _, top = models_json_schema(_COMPONENTS, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
    defs: dict[str, Any] = top.get("$defs", {})
    return defs
