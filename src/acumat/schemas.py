"""JSON Schemas of acumat's inputs and outputs, generated from the models, ready for an app.

Each schema is one JSON Schema (draft 2020-12) document with ``$schema`` and ``$id``:

- ``profile``: what :func:`acumat.recommend` takes (with a rule set's extra questions
  in ``extra``),
- ``session_log`` and ``history`` (a list of session logs): what
  :func:`acumat.next_session` takes,
- ``recommendation`` and ``session_advice``: the JSON acumat writes
  (``model_dump_json()``, ``acumat recommend --json``, ``acumat next --json``).

What a schema accepts, acumat accepts, and the reverse, with two checks no JSON
Schema can state, written in the descriptions instead: a JSON document is at most
256 KiB with no repeated keys, and a history's logs are in date order. Integers may
be written ``4.0`` (JSON Schema counts that as the integer 4, and so does acumat).
"""

from __future__ import annotations

import copy
from typing import Any, Literal, get_args

from pydantic import BaseModel, TypeAdapter

from acumat._version import __version__
from acumat.advice import Recommendation, SessionAdvice
from acumat.history import MAX_LOGS, SessionLog
from acumat.packs import ExtraQuestion
from acumat.profile import MAX_JSON_BYTES, UserProfile
from acumat.rules.ruleset import RuleSet

SchemaName = Literal["profile", "history", "session_log", "recommendation", "session_advice"]
#: The schemas acumat publishes, in the order ``acumat schema`` prints them.
SCHEMA_NAMES: tuple[SchemaName, ...] = get_args(SchemaName)
#: The JSON Schema dialect of every document.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_INPUT_NOTE = (f" A JSON document is at most {MAX_JSON_BYTES // 1024} KiB and must not repeat a key "
               "(acumat rejects both; JSON Schema cannot state them).")
_TITLES: dict[SchemaName, str] = {
    "profile": "acumat profile",
    "history": "acumat session history",
    "session_log": "acumat session log",
    "recommendation": "acumat recommendation",
    "session_advice": "acumat session advice",
}


def schema_id(name: SchemaName) -> str:
    """The ``$id`` of the schema ``name``: a URN naming acumat's version (no server needed)."""
    return f"urn:acumat:{__version__}:schema:{name}"


def _extra_answer(q: ExtraQuestion) -> dict[str, Any]:
    if q.kind == "yes_no":
        answer: dict[str, Any] = {"type": "boolean"}
    elif q.kind == "choice":
        answer = {"type": "string", "enum": list(q.choices)}
    else:
        answer = {"type": "integer", "minimum": q.low, "maximum": q.high}
    return {"anyOf": [answer, {"type": "null"}], "default": None,
            "description": q.question + (" (safety question)" if q.safety else "")}


def _extra(rules: RuleSet) -> dict[str, Any]:
    # UserProfile.extra takes any short key; the rule set decides which ones exist.
    return {
        "type": "object",
        "title": "Extra",
        "description": "Answers to the questions of the rule set's custom packs"
                       + (" (this rule set has none)." if not rules.questions else "."),
        "properties": {q.name: _extra_answer(q) for q in rules.questions},
        "additionalProperties": False,
        "default": {},
    }


def _model_schema(model: type[BaseModel], mode: Literal["validation", "serialization"]) -> dict[str, Any]:
    return copy.deepcopy(model.model_json_schema(mode=mode))


def _build(name: SchemaName, rules: RuleSet) -> dict[str, Any]:
    if name == "profile":
        body = _model_schema(UserProfile, "validation")
        body["properties"]["extra"] = _extra(rules)
        body["description"] = (body.get("description", "") + _INPUT_NOTE).strip()
    elif name == "session_log":
        body = _model_schema(SessionLog, "validation")
        body["description"] = (body.get("description", "") + _INPUT_NOTE).strip()
    elif name == "history":
        body = copy.deepcopy(TypeAdapter(list[SessionLog]).json_schema(mode="validation"))
        body["maxItems"] = MAX_LOGS
        body["description"] = ("Session logs in date order (a later log never has an earlier day; "
                               "acumat checks this, JSON Schema cannot state it)." + _INPUT_NOTE)
    elif name == "recommendation":
        body = _model_schema(Recommendation, "serialization")
    elif name == "session_advice":
        body = _model_schema(SessionAdvice, "serialization")
    else:
        raise ValueError(f"no schema named {name!r}; the schemas are {', '.join(SCHEMA_NAMES)}")
    body["title"] = _TITLES[name]
    return {"$schema": DIALECT, "$id": schema_id(name), **body}


def json_schema(name: SchemaName, rules: RuleSet | None = None) -> dict[str, Any]:
    """The JSON Schema document ``name`` (one of :data:`SCHEMA_NAMES`), as a new dict.

    ``rules`` (default: :func:`acumat.default_rules`) adds its packs' extra questions
    to the profile schema; the other schemas do not depend on it. Raises
    ``ValueError`` for an unknown name.
    """
    from acumat.rules import default_rules

    if name not in SCHEMA_NAMES:
        raise ValueError(f"no schema named {name!r}; the schemas are {', '.join(SCHEMA_NAMES)}")
    return _build(name, default_rules() if rules is None else rules)


def json_schemas(rules: RuleSet | None = None) -> dict[SchemaName, dict[str, Any]]:
    """Every schema by name (see :func:`json_schema`)."""
    return {name: json_schema(name, rules) for name in SCHEMA_NAMES}
