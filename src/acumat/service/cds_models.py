"""CDS Hooks 2.0 shapes: discovery, request, cards, feedback (what the spec names, nothing more)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

_OUT = ConfigDict(frozen=True, extra="forbid")
_IN = ConfigDict(frozen=True, extra="ignore")  # clients may send fields of later spec versions


class Coding(BaseModel):
    """A code with its system and (for override reasons, required) display text."""

    model_config = _OUT

    code: StrictStr
    system: StrictStr
    display: StrictStr | None = None


class Source(BaseModel):
    """Where a card's guidance comes from."""

    model_config = _OUT

    label: str
    url: str | None = None
    topic: Coding | None = None


class Link(BaseModel):
    """A link a card offers."""

    model_config = _OUT

    label: str
    url: str
    type: Literal["absolute", "smart"] = "absolute"


class Card(BaseModel):
    """One card. ``suggestions`` are never sent, so neither is ``selectionBehavior``."""

    model_config = _OUT

    uuid: str
    summary: Annotated[str, Field(max_length=139)]
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    overrideReasons: tuple[Coding, ...] | None = None  # noqa: N815 - the spec's name
    links: tuple[Link, ...] | None = None


class CdsResponse(BaseModel):
    """The answer to a hook call."""

    model_config = _OUT

    cards: tuple[Card, ...]


class ServiceDescription(BaseModel):
    """One service in the discovery answer."""

    model_config = _OUT

    hook: str
    title: str
    description: str
    id: str
    prefetch: dict[str, str]


class Discovery(BaseModel):
    """The discovery answer (``GET /cds-services``)."""

    model_config = _OUT

    services: tuple[ServiceDescription, ...]


class HookRequest(BaseModel):
    """A hook call's body (the fields this service reads; others are ignored)."""

    model_config = _IN

    hook: StrictStr
    hookInstance: Annotated[StrictStr, Field(min_length=1, max_length=200)]  # noqa: N815
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None
    fhirServer: StrictStr | None = None  # noqa: N815
    fhirAuthorization: dict[str, Any] | None = None  # noqa: N815


class AcceptedSuggestion(BaseModel):
    """A suggestion the user accepted."""

    model_config = _IN

    id: Annotated[StrictStr, Field(min_length=1)]


class OverrideReason(BaseModel):
    """Why the user overrode a card: a reason coding, a comment, or both."""

    model_config = _IN

    reason: Coding | None = None
    userComment: Annotated[StrictStr, Field(max_length=2000)] | None = None  # noqa: N815

    @model_validator(mode="after")
    def _something(self) -> OverrideReason:
        if self.reason is None and self.userComment is None:
            raise ValueError("an overrideReason needs a reason or a userComment")
        return self


class Feedback(BaseModel):
    """One feedback entry: what the user did with a card."""

    model_config = _IN

    card: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: tuple[AcceptedSuggestion, ...] | None = None  # noqa: N815
    overrideReason: OverrideReason | None = None  # noqa: N815
    outcomeTimestamp: dt.datetime  # noqa: N815

    @field_validator("outcomeTimestamp", mode="before")
    @classmethod
    def _iso_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("give an ISO 8601 timestamp string")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Feedback:
        if self.outcome == "accepted" and not self.acceptedSuggestions:
            raise ValueError("an 'accepted' outcome needs acceptedSuggestions")
        if self.outcome == "overridden" and self.acceptedSuggestions:
            raise ValueError("an 'overridden' outcome takes no acceptedSuggestions")
        if self.outcome == "accepted" and self.overrideReason is not None:
            raise ValueError("an 'accepted' outcome takes no overrideReason")
        if self.outcomeTimestamp.tzinfo is None:
            raise ValueError("outcomeTimestamp must carry a time zone (UTC)")
        return self


class FeedbackRequest(BaseModel):
    """The feedback endpoint's body."""

    model_config = _IN

    feedback: Annotated[tuple[Feedback, ...], Field(min_length=1, max_length=100)]
