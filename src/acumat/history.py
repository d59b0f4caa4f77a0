"""Session logs: what happened in each session, as an app records it."""

from __future__ import annotations

import datetime as dt
import enum
import operator
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from acumat.profile import MAX_JSON_BYTES, WHOLE, too_large
from acumat.suggest import with_suggestions

#: The one date form accepted (and stated in the JSON Schema): ``YYYY-MM-DD``.
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: Most logs accepted in one history.
MAX_LOGS = 5000
#: Latest session day accepted (in logs and ``on``): a margin below ``date.max`` so that
#: date arithmetic (the day after the last log, rest days) cannot overflow.
LATEST_DAY = dt.date(9998, 12, 31)


class Symptom(enum.StrEnum):
    """Something that happened during or after a session."""

    SHARP_PAIN = "sharp_pain"
    DIZZINESS = "dizziness"
    SKIN_IRRITATION = "skin_irritation"
    BRUISING = "bruising"
    NUMBNESS = "numbness"
    BROKEN_SKIN = "broken_skin"
    BLEEDING = "bleeding"
    FAINTING = "fainting"
    PALPITATIONS = "palpitations"
    CONTRACTIONS = "contractions"

    # Hashed as the string it equals (Enum's own hash is a Python-level call on its name:
    # slow in the set operations of every next_session, and unequal to the equal string's).
    __hash__ = str.__hash__


class SessionLog(BaseModel):
    """One session: its day, length, discomfort (0–10) and any symptoms."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    day: dt.date = Field(description="ISO date of the session (YYYY-MM-DD).",
                         json_schema_extra={"pattern": ISO_DATE.pattern})
    minutes: Annotated[StrictInt, Field(ge=1, le=120), WHOLE]
    discomfort: Annotated[StrictInt, Field(ge=0, le=10), WHOLE] = 0
    symptoms: Annotated[list[Symptom], Field(max_length=len(Symptom))] = Field(default_factory=list)

    @field_validator("day", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # Accept a date or an ISO "YYYY-MM-DD" string; not timestamps or datetimes.
        if isinstance(value, dt.datetime):
            raise ValueError("give a date, not a date and time")
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            value = dt.date.fromisoformat(value)
        if isinstance(value, dt.date):
            if value > LATEST_DAY:
                raise ValueError(f"give a date no later than {LATEST_DAY.isoformat()}")
            return value
        raise ValueError("give an ISO date such as '2026-01-31'")


_DAY = operator.attrgetter("day")

# Built on its first use (a history is read), not when acumat is imported.
_HISTORY = TypeAdapter(Annotated[list[SessionLog], Field(max_length=MAX_LOGS)],
                       config=ConfigDict(defer_build=True))


def _error(loc: tuple[str | int, ...], value: object, message: str) -> ValidationError:
    return ValidationError.from_exception_data(
        "SessionHistory",
        [{"type": "value_error", "loc": loc, "input": value, "ctx": {"error": ValueError(message)}}],
    )


def parse_on(on: dt.date | str | None, name: str = "on") -> dt.date | None:
    """Validate the ``on`` date (a date or ISO string); errors name the argument ``name``."""
    if on is None:
        return None
    try:
        return SessionLog._iso_date(on)  # type: ignore[no-any-return]
    except ValueError as exc:
        raise _error((name,), on, str(exc)) from None


def parse_history(history: Any, on: dt.date | None) -> list[SessionLog]:
    """Validate ``history`` (a list of logs or dicts, or JSON text) in date order, none after ``on``.

    Raises ``pydantic.ValidationError`` naming the offending log, e.g. ``history.3.day``.
    """
    try:
        if isinstance(history, str | bytes | bytearray):
            if len(history) > MAX_JSON_BYTES * 4:
                raise too_large("SessionHistory", len(history))
            logs = _HISTORY.validate_json(history)
        else:
            if isinstance(history, tuple):
                history = list(history)
            # Straight to the validator (what TypeAdapter.validate_python calls).
            logs = _HISTORY.validator.validate_python(history)
    except RecursionError:
        # Python (not JSON) input nested ~1,000 deep: enum validation reprs it and recurses.
        raise _error(("history",), "<deeply nested value>",
                     "the value is nested too deeply (lists inside one another hundreds of times)"
                     ) from None
    except ValidationError as exc:
        # Name the argument: "history.3.minutes", like the ordering errors below.
        errors = [{**e, "loc": ("history", *e["loc"])} for e in exc.errors(include_url=False)]
        named = ValidationError.from_exception_data("SessionHistory", errors)  # type: ignore[arg-type]
        raise with_suggestions(named, list[SessionLog], skip=1) from None
    days = list(map(_DAY, logs))
    if not all(map(operator.le, days, days[1:])):
        i = next(k for k in range(1, len(days)) if days[k] < days[k - 1])
        raise _error(("history", i, "day"), days[i].isoformat(),
                     f"logs must be in date order: {days[i]} comes after {days[i - 1]}")
    if on is not None and logs and logs[-1].day > on:
        i = next(k for k, log in enumerate(logs) if log.day > on)
        raise _error(("history", i, "day"), logs[i].day.isoformat(),
                     f"a log is dated after the planned session ({on})")
    return logs
