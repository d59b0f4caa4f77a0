"""The published JSON Schemas: valid documents, matching the library both ways, as an app uses them."""

from __future__ import annotations

import json
import math
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from acumat import ExtraQuestion, Outcome, Pack, Rule, default_rules, fact, next_session, recommend
from acumat.cli import SchemaChoice, app
from acumat.history import parse_history
from acumat.schemas import DIALECT, SCHEMA_NAMES, json_schema, json_schemas
from acumat.testing import histories, profiles

PACK = Pack(name="schema-test", questions=(
    ExtraQuestion(name="epilepsy", question="Epilepsy?", safety=True),
    ExtraQuestion(name="mat_kind", question="Which mat?", kind="choice", choices=("foam", "wood")),
    ExtraQuestion(name="hours_sitting", question="Hours sitting a day?", kind="number", low=0, high=24),
), rules=(
    # A safety question needs a rule for its "yes" (else "yes" would be safer than unanswered).
    Rule(id="schema-test.epilepsy", topic="safety", when=fact("extra_epilepsy").is_("yes"),
         then=Outcome(level="consult", summary="Epilepsy: ask a doctor first."),
         basis="interpreted", note="test pack"),
))
RULES = default_rules().with_pack(PACK)
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def validator(name, rules=None):
    """A draft 2020-12 validator of the schema ``name``, checking formats as a careful app would."""
    schema = json_schema(name, rules)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


PROFILE = validator("profile")
PROFILE_PACK = validator("profile", RULES)
LOG = validator("session_log")
HISTORY = validator("history")
RECOMMENDATION = validator("recommendation")
ADVICE = validator("session_advice")


def library_accepts_profile(text: str, rules=None) -> bool:
    """Whether recommend() accepts the JSON text (a ValidationError means no)."""
    try:
        recommend(text, rules)
    except ValidationError:
        return False
    return True


def library_accepts_history(text: str) -> bool:
    """Whether the history parser accepts the JSON text."""
    try:
        parse_history(text, None)
    except ValidationError:
        return False
    return True


def test_every_schema_is_a_valid_document_with_schema_and_id():
    """Each of the five schemas is a valid draft 2020-12 schema with its own $schema and $id."""
    schemas = json_schemas()
    assert tuple(schemas) == SCHEMA_NAMES == (
        "profile", "history", "session_log", "recommendation", "session_advice")
    ids = set()
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(f":{name}")
        ids.add(schema["$id"])
    assert len(ids) == 5


def test_schemas_use_json_schema_keywords_for_bounds():
    """Integer bounds appear as minimum/maximum (pydantic's ge/le would be ignored by validators)."""
    text = json.dumps(json_schemas())
    assert '"ge"' not in text and '"le"' not in text
    severity = PROFILE.schema["$defs"]["Pain"]["properties"]["severity"]["anyOf"][0]
    assert severity == {"type": "integer", "minimum": 0, "maximum": 10}


def test_unknown_schema_name_is_a_value_error():
    """json_schema() refuses a name it does not publish, listing the names it does."""
    with pytest.raises(ValueError, match="session_advice"):
        json_schema("profiles")  # type: ignore[arg-type]


@SETTINGS
@given(profiles())
def test_generated_profiles_fit_the_profile_schema(profile):
    """Every profile acumat.testing draws (and the library accepts) is valid for the schema."""
    PROFILE.validate(json.loads(profile.model_dump_json(exclude_defaults=True)))
    PROFILE.validate(json.loads(profile.model_dump_json()))


@SETTINGS
@given(profiles(rules=RULES))
def test_generated_profiles_with_pack_answers_fit_the_pack_schema(profile):
    """Profiles with answers to a pack's yes/no, choice and number questions fit the --rules schema."""
    PROFILE_PACK.validate(json.loads(profile.model_dump_json()))


@SETTINGS
@given(profiles(rules=RULES))
def test_recommendations_fit_the_recommendation_schema(profile):
    """recommend()'s JSON output (as `acumat recommend --json` prints it) is valid for the schema."""
    RECOMMENDATION.validate(json.loads(recommend(profile, RULES).model_dump_json()))


@SETTINGS
@given(profiles(), histories(max_size=8))
def test_session_advice_and_histories_fit_their_schemas(profile, logs):
    """Generated histories fit the history schema; next_session()'s JSON fits session_advice."""
    history = [json.loads(log.model_dump_json()) for log in logs]
    HISTORY.validate(history)
    for log in history:
        LOG.validate(log)
    ADVICE.validate(json.loads(next_session(profile, logs).model_dump_json()))


PROFILE_EDGES: list[tuple[str, Any]] = [
    ("severity written 4.0", {"pain": {"severity": 4.0}}),
    ("severity 1e1", {"pain": {"severity": 1e1}}),
    ("severity 4.5", {"pain": {"severity": 4.5}}),
    ("severity 10.0", {"pain": {"severity": 10.0}}),
    ("severity 11.0", {"pain": {"severity": 11.0}}),
    ("severity -0.0", {"pain": {"severity": -0.0}}),
    ("severity true", {"pain": {"severity": True}}),
    ("severity '4'", {"pain": {"severity": "4"}}),
    ("severity null", {"pain": {"severity": None}}),
    ("weeks 5200", {"pain": {"weeks": 5200}}),
    ("weeks 5201", {"pain": {"weeks": 5201}}),
    ("sessions_completed 3.0", {"sessions_completed": 3.0}),
    ("sessions_completed null", {"sessions_completed": None}),
    ("pregnant null", {"pregnant": None}),
    ("pregnant 0", {"pregnant": 0}),
    ("pregnant 'yes'", {"pregnant": "yes"}),
    ("misspelt key", {"pregnent": True}),
    ("misspelt nested key", {"skin": {"brokn": True}}),
    ("skin null", {"skin": None}),
    ("skin {}", {"skin": {}}),
    ("preferences null", {"preferences": None}),
    ("intensity misspelt", {"preferences": {"intensity": "gentel"}}),
    ("conditions []", {"conditions": []}),
    ("conditions repeated", {"conditions": ["heart_disease", "heart_disease"]}),
    ("conditions unknown", {"conditions": ["flu"]}),
    ("conditions six", {"conditions": ["heart_disease"] * 6}),
    ("medications empty name", {"medications": [""]}),
    ("medications 200 chars", {"medications": ["x" * 200]}),
    ("medications 201 chars", {"medications": ["x" * 201]}),
    ("medications 50", {"medications": ["aspirin"] * 50}),
    ("medications 51", {"medications": ["aspirin"] * 51}),
    ("therapies null", {"therapies": None}),
    ("extra answer without a pack", {"extra": {"epilepsy": True}}),
    ("extra {}", {"extra": {}}),
    ("not an object", [{}]),
    ("null document", None),
]


@pytest.mark.parametrize(("case", "profile"), PROFILE_EDGES, ids=[c for c, _ in PROFILE_EDGES])
def test_profile_schema_and_library_agree_on_edge_cases(case, profile):
    """On each edge case the schema and recommend() both accept or both reject the JSON."""
    text = json.dumps(profile)
    by_schema = PROFILE.is_valid(json.loads(text))
    assert by_schema == library_accepts_profile(text), case


def test_integers_written_with_a_zero_fraction_are_accepted_as_those_integers():
    """4.0 is the integer 4 for the schema (JSON Schema's rule) and for acumat: same advice as 4."""
    assert PROFILE.is_valid({"pain": {"severity": 4.0}})
    assert recommend('{"pain": {"severity": 4.0}}') == recommend('{"pain": {"severity": 4}}')
    assert not PROFILE.is_valid({"pain": {"severity": 4.5}})


PACK_EDGES: list[tuple[str, Any]] = [
    ("yes/no answered", {"epilepsy": True}),
    ("yes/no null", {"epilepsy": None}),
    ("yes/no as string", {"epilepsy": "yes"}),
    ("choice", {"mat_kind": "wood"}),
    ("choice not listed", {"mat_kind": "steel"}),
    ("choice as bool", {"mat_kind": True}),
    ("number", {"hours_sitting": 8}),
    ("number written 8.0", {"hours_sitting": 8.0}),
    ("number 8.5", {"hours_sitting": 8.5}),
    ("number over high", {"hours_sitting": 25}),
    ("number as bool", {"hours_sitting": True}),
    ("not a question of the pack", {"pacemaker": True}),
]


@pytest.mark.parametrize(("case", "extra"), PACK_EDGES, ids=[c for c, _ in PACK_EDGES])
def test_pack_profile_schema_and_library_agree_on_edge_cases(case, extra):
    """With a pack, the --rules profile schema and recommend(rules=...) agree on extra answers."""
    text = json.dumps({"extra": extra})
    assert PROFILE_PACK.is_valid(json.loads(text)) == library_accepts_profile(text, RULES), case


LOG_EDGES: list[tuple[str, Any]] = [
    ("plain", {"day": "2026-01-05", "minutes": 5}),
    ("minutes 5.0", {"day": "2026-01-05", "minutes": 5.0}),
    ("minutes 5.5", {"day": "2026-01-05", "minutes": 5.5}),
    ("minutes 0", {"day": "2026-01-05", "minutes": 0}),
    ("minutes 121", {"day": "2026-01-05", "minutes": 121}),
    ("minutes missing", {"day": "2026-01-05"}),
    ("day missing", {"minutes": 5}),
    ("week date", {"day": "2026-W02-1", "minutes": 5}),
    ("basic date", {"day": "20260105", "minutes": 5}),
    ("short date", {"day": "2026-1-5", "minutes": 5}),
    ("no such day", {"day": "2026-02-30", "minutes": 5}),
    ("date and time", {"day": "2026-01-05T10:00:00", "minutes": 5}),
    ("symptom", {"day": "2026-01-05", "minutes": 5, "symptoms": ["dizziness"]}),
    ("symptom misspelt", {"day": "2026-01-05", "minutes": 5, "symptoms": ["dizzyness"]}),
    ("discomfort 10.0", {"day": "2026-01-05", "minutes": 5, "discomfort": 10.0}),
    ("unknown key", {"day": "2026-01-05", "minutes": 5, "symptom": []}),
]


@pytest.mark.parametrize(("case", "log"), LOG_EDGES, ids=[c for c, _ in LOG_EDGES])
def test_history_schema_and_library_agree_on_edge_cases(case, log):
    """For a one-log history the schemas (history and session_log) and the parser agree."""
    text = json.dumps([log])
    by_schema = HISTORY.is_valid(json.loads(text))
    assert by_schema == LOG.is_valid(log) == library_accepts_history(text), case


def test_history_order_is_the_one_rule_only_the_library_checks():
    """Logs out of date order fit the schema (it cannot say so) and the library rejects them, as
    the schema's description states."""
    logs = [{"day": "2026-01-06", "minutes": 5}, {"day": "2026-01-05", "minutes": 5}]
    assert HISTORY.is_valid(logs)
    assert not library_accepts_history(json.dumps(logs))
    assert "date order" in HISTORY.schema["description"]


json_scalars = (st.none() | st.booleans() | st.integers(-3, 130)
                | st.floats(-3, 130, allow_nan=False) | st.sampled_from([math.inf, 4.0, 120.0])
                | st.text(max_size=6) | st.sampled_from(["lower", "gentle", "heart_disease", "2026-01-05",
                                                          "massage", "dizziness", "yes"]))
PROFILE_PATHS = [("pregnant",), ("blood_thinners",), ("medications",), ("conditions",), ("skin", "broken"),
                 ("pain", "severity"), ("pain", "weeks"), ("pain", "region"), ("sessions_completed",),
                 ("preferences", "intensity"), ("preferences", "portable"), ("therapies",),
                 ("extra", "epilepsy"), ("extra", "mat_kind"), ("extra", "hours_sitting"), ("skin",),
                 ("pain",), ("prefs",), ("skin", "open")]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PROFILE_PATHS), json_scalars | st.lists(json_scalars, max_size=3))
def test_profile_schema_and_library_agree_on_any_value_in_any_field(path, value):
    """Any JSON value put in any profile field is accepted by the pack schema exactly when acumat
    accepts it (both directions, on one field at a time)."""
    profile: dict[str, Any] = {path[0]: value} if len(path) == 1 else {path[0]: {path[1]: value}}
    if value == math.inf:
        return  # JSON has no infinity: json.dumps would write a non-JSON token
    text = json.dumps(profile)
    assert PROFILE_PACK.is_valid(json.loads(text)) == library_accepts_profile(text, RULES), text


LOG_FIELDS = ["day", "minutes", "discomfort", "symptoms", "symptom"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LOG_FIELDS), json_scalars | st.lists(json_scalars, max_size=3))
def test_log_schema_and_library_agree_on_any_value_in_any_field(key, value):
    """Any JSON value in any field of a session log: the schema and the parser agree."""
    if value == math.inf:
        return
    log = {"day": "2026-01-05", "minutes": 5, key: value}
    text = json.dumps([log])
    assert HISTORY.is_valid(json.loads(text)) == library_accepts_history(text), text


def test_cli_schema_names_follow_the_library():
    """`acumat schema NAME` offers exactly the library's schema names and prints that document."""
    assert tuple(c.value for c in SchemaChoice) == SCHEMA_NAMES
    runner = CliRunner()
    for name in SCHEMA_NAMES:
        result = runner.invoke(app, ["schema", name])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == json_schema(name)


def test_cli_schema_rules_adds_the_pack_questions(tmp_path):
    """`acumat schema profile --rules PACK` lists the pack's extra questions under extra."""
    result = CliRunner().invoke(app, ["schema", "profile", "--rules", "examples/custom_pack.yaml"])
    assert result.exit_code == 0, result.output
    extra = json.loads(result.stdout)["properties"]["extra"]
    assert set(extra["properties"]) == {"epilepsy", "pacemaker"}
    assert extra["additionalProperties"] is False
    assert json_schema("profile")["properties"]["extra"]["properties"] == {}


def test_cli_schema_unknown_name_is_a_usage_error():
    """An unknown schema name exits 2 (usage error), listing the names."""
    result = CliRunner().invoke(app, ["schema", "profiles"])
    assert result.exit_code == 2
    assert "session_advice" in result.output
