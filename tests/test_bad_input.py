"""Bad input never yields advice: a pydantic ValidationError naming the field, and the
library stays correct for the next, good profile."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from acumat import Verdict, recommend

SAFE: dict[str, Any] = {
    "pregnant": False,
    "blood_thinners": False,
    "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 4},
}


def with_(**changes: Any) -> dict[str, Any]:
    """SAFE with top-level keys replaced; nested dicts are merged one level deep."""
    p = json.loads(json.dumps(SAFE))
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(p.get(key), dict):
            p[key] = {**p[key], **value}
        else:
            p[key] = value
    return p


def assert_still_correct() -> None:
    """A good profile after a bad one still gets the source's verdicts."""
    assert recommend(SAFE).verdict == Verdict.SUITABLE
    assert recommend(with_(blood_thinners=True)).verdict == Verdict.AVOID
    assert recommend(with_(pregnant=None)).verdict == Verdict.CAUTION


FIELD_CASES = [
    pytest.param(with_(pregnant="maybe"), ("pregnant",), id="pregnant-str"),
    pytest.param(with_(pregnant=1), ("pregnant",), id="pregnant-int"),
    pytest.param(with_(pregnant="true"), ("pregnant",), id="pregnant-str-true"),
    pytest.param(with_(blood_thinners=0), ("blood_thinners",), id="thinners-int"),
    pytest.param(with_(skin={"broken": "no"}), ("skin", "broken"), id="skin-str"),
    pytest.param(with_(pain={"severity": "5"}), ("pain", "severity"), id="severity-str"),
    pytest.param(with_(pain={"severity": 5.5}), ("pain", "severity"), id="severity-fraction"),
    pytest.param(with_(pain={"severity": True}), ("pain", "severity"), id="severity-bool"),
    pytest.param(with_(pain={"severity": float("nan")}), ("pain", "severity"), id="severity-nan"),
    pytest.param(with_(pain={"severity": 11}), ("pain", "severity"), id="severity-11"),
    pytest.param(with_(pain={"severity": -1}), ("pain", "severity"), id="severity-neg"),
    pytest.param(with_(pain={"weeks": -1}), ("pain", "weeks"), id="weeks-neg"),
    pytest.param(with_(sessions_completed=-1), ("sessions_completed",), id="sessions-neg"),
    pytest.param(with_(sessions_completed="3"), ("sessions_completed",), id="sessions-str"),
    pytest.param(with_(pregnat=False), ("pregnat",), id="unknown-top-level"),
    pytest.param(with_(skin={"wounds": True}), ("skin", "wounds"), id="unknown-in-skin"),
    pytest.param(with_(pain={"level": 9}), ("pain", "level"), id="unknown-in-pain"),
    pytest.param(with_(preferences={"colour": "red"}), ("preferences", "colour"), id="unknown-in-prefs"),
    pytest.param(with_(conditions=["cancer"]), ("conditions", 0), id="unknown-condition"),
    pytest.param(with_(conditions=["heart disease"]), ("conditions", 0), id="condition-spelling"),
    pytest.param(with_(conditions="heart_disease"), ("conditions",), id="conditions-not-list"),
    pytest.param(with_(therapies=["yoga"]), ("therapies", 0), id="unknown-therapy"),
    pytest.param(with_(medications="warfarin"), ("medications",), id="medications-not-list"),
    pytest.param(with_(medications=["warfarin", 5]), ("medications", 1), id="medication-int"),
    pytest.param(with_(medications=["aspirin"] * 10_000), ("medications",), id="10k-medications"),
    pytest.param(with_(medications=["x" * 1_000_000]), ("medications", 0), id="1MB-medication-name"),
    pytest.param(with_(skin=[False, False]), ("skin",), id="skin-list"),
    pytest.param(with_(pain={"region": "neck"}), ("pain", "region"), id="unknown-region"),
]


@pytest.mark.parametrize(("data", "loc"), FIELD_CASES)
def test_bad_field_is_named(data, loc):
    """A wrong type, out-of-range value or unknown name raises ValidationError naming that field."""
    with pytest.raises(ValidationError) as info:
        recommend(data)
    assert info.value.errors()[0]["loc"] == loc
    assert_still_correct()


JSON_CASES = [c for c in FIELD_CASES if c.id not in ("severity-nan", "1MB-medication-name")]


@pytest.mark.parametrize(("data", "loc"), JSON_CASES)
def test_bad_field_in_json_text_is_named(data, loc):
    """The same bad values sent as JSON text are rejected naming the same field."""
    with pytest.raises(ValidationError) as info:
        recommend(json.dumps(data))
    assert info.value.errors()[0]["loc"] == loc
    assert_still_correct()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param('{"pregnant": tru', id="truncated-str"),
        pytest.param(b'{"pregnant": false,}', id="trailing-comma-bytes"),
        pytest.param("", id="empty-str"),
        pytest.param(b"\xff\xfe{}", id="invalid-utf8"),
        pytest.param(b'{"medications": ["\xff"]}', id="invalid-utf8-in-string"),
        pytest.param("{'pregnant': False}", id="python-repr"),
    ],
)
def test_malformed_json_is_rejected(data):
    """Malformed JSON text or bytes (incl. invalid UTF-8) raises ValidationError (json_invalid)."""
    with pytest.raises(ValidationError) as info:
        recommend(data)
    assert info.value.errors()[0]["type"] == "json_invalid"
    assert_still_correct()


@pytest.mark.parametrize("text", ['{"extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"skin": ' + '{"broken": ' * 5_000 + "true" + "}" * 5_001])
def test_deeply_nested_json_is_rejected(text):
    """Pathologically nested JSON raises ValidationError (no RecursionError, no crash)."""
    with pytest.raises(ValidationError):
        recommend(text)
    assert_still_correct()


def test_huge_json_document_is_rejected():
    """A 10 MB JSON document is rejected as too long, as str and as bytes."""
    big = json.dumps({**SAFE, "medications": ["a" * 100] * 100_000})
    assert len(big) > 10_000_000
    for data in (big, big.encode()):
        with pytest.raises(ValidationError) as info:
            recommend(data)
        err = info.value.errors()[0]
        assert err["type"] == "too_long"
        assert err["loc"] == ("(json document)",)
    assert_still_correct()


def test_huge_valid_fields_in_json_are_rejected():
    """10,000 medications sent as JSON are rejected naming 'medications', never screened."""
    text = json.dumps(with_(blood_thinners=None, medications=["warfarin"] * 10_000))
    with pytest.raises(ValidationError) as info:
        recommend(text)
    assert info.value.errors()[0]["loc"] == ("medications",)
    assert_still_correct()


@pytest.mark.parametrize("data", [42, [SAFE], None, 3.5, True, {1: True}],
                         ids=["int", "list", "none", "float", "bool", "int-key"])
def test_non_object_is_rejected(data):
    """Something that is not a profile object raises ValidationError, never a Recommendation."""
    with pytest.raises(ValidationError):
        recommend(data)
    assert_still_correct()


@pytest.mark.parametrize("text", ["42", "[]", "null", '"pregnant"'])
def test_non_object_json_is_rejected(text):
    """JSON text that is not an object raises ValidationError."""
    with pytest.raises(ValidationError):
        recommend(text)
    assert_still_correct()


def test_unknown_extra_answer_is_named():
    """An answer to a question the rule set does not ask is rejected naming extra.<key>."""
    with pytest.raises(ValidationError) as info:
        recommend(with_(extra={"epilepsy": True}))
    assert info.value.errors()[0]["loc"] == ("extra", "epilepsy")
    assert_still_correct()


def test_all_errors_are_reported():
    """Several bad fields are all reported, each by its own location."""
    with pytest.raises(ValidationError) as info:
        recommend(with_(pregnant="yes", pain={"severity": 12}, colour="red"))
    locs = {e["loc"] for e in info.value.errors()}
    assert locs == {("pregnant",), ("pain", "severity"), ("colour",)}


def test_duplicate_json_keys_are_rejected():
    """Repeated keys in JSON text (conflicting answers) are a validation error naming the key."""
    with pytest.raises(ValidationError) as info:
        recommend('{"pregnant": true, "pregnant": false}')
    assert info.value.errors()[0]["loc"] == ("pregnant",)
