"""Input models: what an app sends about a person (all answers optional).

``None`` means "not asked" and is meaningful: an unanswered safety question is
never treated as a "no" (see :mod:`acumat.facts`).
"""

from __future__ import annotations

import enum
import json
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)

from acumat.suggest import with_suggestions

#: Largest JSON document acumat parses, in bytes; larger input is rejected unread.
MAX_JSON_BYTES = 256 * 1024
#: Most medication entries and characters per entry accepted.
MAX_MEDICATIONS = 50
MAX_NAME_CHARS = 200


class Condition(enum.StrEnum):
    """Medical conditions the source names as reasons to avoid the mat or see a doctor."""

    BLEEDING_DISORDER = "bleeding_disorder"
    HEART_DISEASE = "heart_disease"
    SEVERE_NERVE_DAMAGE = "severe_nerve_damage"
    SEVERE_INJURY = "severe_injury"
    OTHER_SERIOUS = "other_serious"


class Therapy(enum.StrEnum):
    """Other care the person receives or does, which the mat can be combined with."""

    PHYSICAL_THERAPY = "physical_therapy"
    MASSAGE = "massage"
    STRETCHING = "stretching"
    POSTURE_EXERCISES = "posture_exercises"


class Region(enum.StrEnum):
    """Where in the back the pain is."""

    LOWER = "lower"
    MIDDLE = "middle"
    UPPER = "upper"


class Intensity(enum.StrEnum):
    """How strong a sensation the person wants from the mat."""

    GENTLE = "gentle"
    MODERATE = "moderate"
    STRONG = "strong"


def _whole(value: Any) -> Any:
    # JSON Schema (and JavaScript) count 4.0 as the integer 4, so acumat's schemas and acumat
    # agree on it: a float with no fraction is that integer. 4.5, "4" and true stay errors.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: Makes a StrictInt accept an integer written ``4.0`` (never a bool, a string or a fraction).
#: It goes after the constraints: ``Annotated[StrictInt, Field(ge=0), WHOLE]`` (placed before
#: them, pydantic would write ``ge``/``le`` instead of ``minimum``/``maximum`` in the schema).
WHOLE = BeforeValidator(_whole)

# defer_build: a model's validator is built on its first use, not when acumat is imported
_STRICT = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_NAME_CHARS, defer_build=True)


class Skin(BaseModel):
    """Skin questions (source C1–C3, C11). Each ``None`` means not asked."""

    model_config = _STRICT

    broken: StrictBool | None = Field(None, description="Broken skin or wounds where the mat would go.")
    infection: StrictBool | None = Field(None, description="A skin infection.")
    allergy: StrictBool | None = Field(None, description="Skin allergies.")
    sensitive: StrictBool | None = Field(None, description="Sensitive or easily damaged skin.")


class Pain(BaseModel):
    """The back pain the mat is meant for."""

    model_config = _STRICT

    region: Region | None = Field(None, description="Part of the back that hurts.")
    severity: Annotated[StrictInt, Field(ge=0, le=10), WHOLE] | None = Field(
        None, description="Pain on the 0–10 numeric rating scale (7–10 is severe)."
    )
    weeks: Annotated[StrictInt, Field(ge=0, le=5200), WHOLE] | None = Field(
        None, description="How many weeks the pain has lasted (12 or more is chronic)."
    )


class Preferences(BaseModel):
    """What the person would like from a mat."""

    model_config = _STRICT

    intensity: Intensity | None = Field(None, description="Gentle, moderate or strong stimulation.")
    portable: StrictBool | None = Field(None, description="Wants to use the mat away from home.")


#: An answer to a custom pack's question (checked against the question by the rule set).
ExtraAnswer = StrictBool | Annotated[StrictInt, WHOLE] | StrictStr | None
MedicationName = Annotated[StrictStr, Field(min_length=1, max_length=MAX_NAME_CHARS)]


class UserProfile(BaseModel):
    """A person's answers. Every field may be omitted; omitted answers mean "not asked".

    The field names are the JSON keys an app sends. Unknown keys are rejected.
    """

    model_config = _STRICT

    pregnant: StrictBool | None = Field(None, description="Is the person pregnant?")
    blood_thinners: StrictBool | None = Field(
        None, description="Does the person take blood-thinning medicine?"
    )
    medications: Annotated[list[MedicationName], Field(max_length=MAX_MEDICATIONS)] | None = Field(
        None, description="Medicines as the person names them, e.g. 'Eliquis 5 mg'."
    )
    conditions: Annotated[list[Condition], Field(max_length=len(Condition))] | None = Field(
        None, description="Which of the listed conditions the person has ([] = none of them)."
    )
    skin: Skin | None = Field(None, description="Skin questions.")
    pain: Pain | None = Field(None, description="The back pain.")
    sessions_completed: Annotated[StrictInt, Field(ge=0, le=100_000), WHOLE] = Field(
        0, description="Mat sessions the person has already done."
    )
    preferences: Preferences = Field(default_factory=Preferences)
    therapies: Annotated[list[Therapy], Field(max_length=len(Therapy))] = Field(
        default_factory=list, description="Other care the person does."
    )
    extra: dict[Annotated[StrictStr, Field(max_length=64)], ExtraAnswer] = Field(
        default_factory=dict,
        max_length=64,
        description="Answers to questions added by custom rule packs (see acumat.load_rules).",
    )


_M = TypeVar("_M", bound=BaseModel)


def too_large(title: str, size: int) -> ValidationError:
    """A ValidationError for a JSON document over :data:`MAX_JSON_BYTES`."""
    return ValidationError.from_exception_data(
        title,
        [
            {
                "type": "too_long",
                "loc": ("(json document)",),
                "input": f"<{size} bytes>",
                "ctx": {"field_type": "JSON document", "min_length": 0, "max_length": MAX_JSON_BYTES,
                        "actual_length": size},
            }
        ],
    )


def parse_model(model: type[_M], data: Any) -> _M:
    """Validate ``data`` (a model instance, a dict, or JSON ``str``/``bytes``) as ``model``.

    Raises ``pydantic.ValidationError`` naming the offending field, with a "did you
    mean" for a misspelt key or choice value (see :mod:`acumat.suggest`).
    """
    try:
        return _parse_model(model, data)
    except ValidationError as exc:
        raise with_suggestions(exc, model) from None


def _parse_model(model: type[_M], data: Any) -> _M:
    if isinstance(data, model):
        return data
    if isinstance(data, str | bytes | bytearray):
        size = len(data)
        if isinstance(data, str) and size <= MAX_JSON_BYTES:
            size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_JSON_BYTES:
            raise too_large(model.__name__, size)
        result = model.model_validate_json(data)
        _no_duplicate_keys(model.__name__, data)
        return result
    try:
        return model.model_validate(data)
    except RecursionError:
        # Python (not JSON) input nested ~1,000 deep: enum validation reprs it and recurses.
        raise _too_deep(model.__name__, data) from None


def _too_deep(title: str, data: Any) -> ValidationError:
    # Locate the deep part by its leading mapping keys, walking without recursion.
    path: tuple[str, ...] = ()
    item = data
    while isinstance(item, dict) and item:
        key, item = max(item.items(), key=lambda kv: _depth(kv[1]))
        path = (*path, str(key))
    return ValidationError.from_exception_data(title, [{
        "type": "value_error", "loc": path, "input": "<deeply nested value>",
        "ctx": {"error": ValueError("the value is nested too deeply (lists or mappings "
                                    "inside one another hundreds of times)")}}])


def _depth(item: Any, limit: int = 10_000) -> int:
    depth = 0
    while isinstance(item, list | tuple | dict) and item and depth < limit:
        item = next(iter(item.values())) if isinstance(item, dict) else item[0]
        depth += 1
    return depth


def _no_duplicate_keys(title: str, data: str | bytes | bytearray) -> None:
    # JSON parsers keep the last of repeated keys; conflicting answers must not pass silently.
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                raise ValidationError.from_exception_data(title, [{
                    "type": "value_error", "loc": (key,), "input": value,
                    "ctx": {"error": ValueError(f"the key {key!r} appears more than once")}}])
            seen[key] = value
        return seen

    json.loads(data, object_pairs_hook=pairs)


def as_profile(profile: UserProfile | dict[str, Any] | str | bytes) -> UserProfile:
    """Return ``profile`` as a :class:`UserProfile`, validating dicts and JSON text."""
    if type(profile) is dict:
        # The usual case, straight to the validator (what model_validate calls); a dict
        # that fails is validated again below, for the error with its suggestions.
        try:
            return _validate_profile(profile)  # type: ignore[no-any-return]
        except (ValidationError, RecursionError):
            pass
    return parse_model(UserProfile, profile)


_validate_profile = UserProfile.__pydantic_validator__.validate_python
