""""Did you mean" for misspelt keys and choice values: in the API, the CLI and the questionnaire."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from acumat import next_session, questionnaire, recommend
from acumat.cli import app
from acumat.cli_questionnaire import ask_all, parse_answer
from acumat.suggest import closest

QUESTIONS = {q.field: q for q in questionnaire()}


def error_of(profile):
    """The single error recommend() raises for ``profile``, as (field, message)."""
    with pytest.raises(ValidationError) as info:
        recommend(profile)
    errors = info.value.errors()
    assert len(errors) == 1, errors
    return ".".join(map(str, errors[0]["loc"])), errors[0]["msg"]


@pytest.mark.parametrize(("profile", "field", "suggestion"), [
    ({"pregnent": True}, "pregnent", "pregnant"),
    ({"blood_thiners": False}, "blood_thiners", "blood_thinners"),
    ({"skin": {"brokn": True}}, "skin.brokn", "broken"),
    ({"pain": {"sevrity": 3}}, "pain.sevrity", "severity"),
    ({"sessions": 3}, "sessions", "sessions_completed"),
    ({"preferences": {"intensity": "gentel"}}, "preferences.intensity", "gentle"),
    ({"pain": {"region": "lowr"}}, "pain.region", "lower"),
    ({"conditions": ["heart_diseas"]}, "conditions.0", "heart_disease"),
    ({"therapies": ["massge"]}, "therapies.0", "massage"),
])
def test_misspelt_keys_and_choices_get_did_you_mean(profile, field, suggestion):
    """A misspelt key or choice value is still rejected, naming the field and the likely meaning."""
    where, message = error_of(profile)
    assert where == field
    assert message.endswith(f"did you mean {suggestion!r}?")


def test_did_you_mean_also_for_json_text():
    """JSON text (what the CLI and an app send) gets the same suggestion as a dict."""
    with pytest.raises(ValidationError, match="did you mean 'pregnant'"):
        recommend(json.dumps({"pregnent": True}))


def test_misspelt_key_is_never_taken_as_the_answer():
    """`pregnent: true` is an error, not a pregnancy answer and not an unanswered question."""
    with pytest.raises(ValidationError):
        recommend({"pregnent": True, "pregnant": None})


def test_unrelated_key_lists_the_keys_instead():
    """A key like nothing acumat knows gets the list of keys allowed there, not a wild guess."""
    where, message = error_of({"skin": {"zzz": True}})
    assert where == "skin.zzz"
    assert "did you mean" not in message
    assert "broken, infection, allergy, sensitive" in message


def test_unrelated_choice_gets_no_guess():
    """A value like no choice keeps pydantic's list of choices and no suggestion."""
    _, message = error_of({"pain": {"region": "xyz"}})
    assert "did you mean" not in message and "'lower', 'middle' or 'upper'" in message


def test_history_keys_and_symptoms_get_did_you_mean():
    """Session logs: a misspelt key or symptom names the log and the likely meaning."""
    with pytest.raises(ValidationError) as info:
        next_session({}, [{"day": "2026-01-05", "minutes": 5, "symptom": []},
                          {"day": "2026-01-06", "minutes": 5, "symptoms": ["dizzyness"]}])
    messages = {".".join(map(str, e["loc"])): e["msg"] for e in info.value.errors()}
    assert messages["history.0.symptom"].endswith("did you mean 'symptoms'?")
    assert messages["history.1.symptoms.0"].endswith("did you mean 'dizziness'?")


def test_cli_prints_the_suggestion(tmp_path):
    """`acumat recommend` shows the suggestion on stderr after the file and field, exit 1."""
    path = tmp_path / "p.json"
    path.write_text('{"preferences": {"intensity": "gentel"}}')
    result = CliRunner().invoke(app, ["recommend", str(path)])
    assert result.exit_code == 1
    assert f"error: {path}: preferences.intensity:" in result.stderr
    assert "did you mean 'gentle'?" in result.stderr


def test_closest_needs_a_close_match():
    """closest() suggests only near words (case-insensitive) and never the word itself."""
    assert closest("Gentel", ["gentle", "strong"]) == "gentle"
    assert closest("xyz", ["gentle", "strong"]) is None
    assert closest("gentle", ["gentle"]) is None
    assert closest("", ["gentle"]) is None


@pytest.mark.parametrize(("field", "answer", "suggestion"), [
    ("preferences.intensity", "gentel", "gentle"),
    ("pain.region", "Uper", "upper"),
    ("conditions", "heart diseese", "heart_disease"),
    ("therapies", "massage, strechting", "stretching"),
])
def test_questionnaire_answers_get_did_you_mean(field, answer, suggestion):
    """In the interactive questionnaire a misspelt choice is re-asked with the likely meaning."""
    with pytest.raises(ValueError, match=f"did you mean {suggestion!r}"):
        parse_answer(QUESTIONS[field], answer)


def test_questionnaire_reasks_after_a_misspelt_choice():
    """The questionnaire tells the suggestion, asks again, and keeps the corrected answer."""
    q = QUESTIONS["preferences.intensity"]
    answers = iter(["gentel", "gentle"])
    told: list[str] = []
    profile = ask_all([q], ask=lambda _prompt: next(answers), tell=told.append)
    assert profile == {"preferences": {"intensity": "gentle"}}
    assert len(told) == 1 and "did you mean 'gentle'?" in told[0]
