"""Fuzzing every entry point: only validation errors come out, and answers stay right.

``recommend``, ``next_session``, ``load_rules`` and the command line get arbitrary
JSON values, near-valid documents with fuzzed fields, deep nesting, huge strings,
NaN and infinities and wrongly encoded bytes. The only outcomes allowed are a
validation error (``pydantic.ValidationError``, ``RuleFileError``, CLI exit 1) or,
for input that really is valid, the same answer the validated model gets. After
every example a set of known profiles must still get the source's verdicts.
"""

from __future__ import annotations

import itertools
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from acumat import (
    Recommendation,
    RuleFileError,
    SessionAdvice,
    UserProfile,
    load_rules,
    next_session,
    recommend,
)
from acumat.cli import app
from acumat.history import SessionLog
from acumat.profile import MAX_JSON_BYTES
from mixed import SAFE, assert_answers_right

FUZZ = settings(max_examples=150, deadline=None)


def attempt(call: Callable[[], Any], allowed: type[Exception]) -> tuple[Any, Exception | None]:
    """``(result, None)`` or ``(None, error)`` for an allowed error; any other exception propagates."""
    try:
        return call(), None
    except allowed as exc:
        return None, exc


# --- strategies ---------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.integers(-(10**40), 10**40)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
           | st.sampled_from(["yes", "no", "unknown", "lower", "gentle", "heart_disease", "massage",
                              "2026-01-01", "warfarin", "", "null", "true", "1"]))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
SKIN_KEYS = ("broken", "infection", "allergy", "sensitive")
PAIN_KEYS = ("region", "severity", "weeks")
PREF_KEYS = ("intensity", "portable")
TOP_KEYS = ("pregnant", "blood_thinners", "medications", "conditions", "skin", "pain",
            "sessions_completed", "preferences", "therapies", "extra")


def _near(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=len(keys))


near_profiles = st.fixed_dictionaries({}, optional={
    "pregnant": json_values, "blood_thinners": json_values,
    "medications": st.lists(json_values, max_size=4) | json_values,
    "conditions": st.lists(st.sampled_from(["heart_disease", "flu", "severe_injury", ""]) | json_values,
                           max_size=3),
    "skin": _near(SKIN_KEYS) | json_values,
    "pain": _near(PAIN_KEYS) | json_values,
    "sessions_completed": json_values,
    "preferences": _near(PREF_KEYS) | json_values,
    "therapies": st.lists(json_values, max_size=3),
    "extra": json_values,
}) | st.dictionaries(st.sampled_from([*TOP_KEYS, "Pregnant", "pregnant ", "unknown"]), json_values,
                     max_size=4)
any_profile = json_values | near_profiles


def _dumps(value: Any) -> str:
    return json.dumps(value, allow_nan=True)  # NaN and Infinity tokens on purpose


nesting = st.integers(1, 50_000).flatmap(
    lambda n: st.sampled_from(["[" * n, "[" * n + "]" * n, '{"a":' * n + "1" + "}" * n,
                               '{"pain":' * n + "{}" + "}" * n]))
wrong_bytes = (
    st.binary(max_size=200)
    | near_profiles.map(lambda p: _dumps(p).encode("utf-16"))
    | near_profiles.map(lambda p: _dumps(p).encode("utf-32"))
    | near_profiles.map(lambda p: b"\xef\xbb\xbf" + _dumps(p).encode())
    | near_profiles.map(lambda p: b"\xff\xfe\x80" + _dumps(p).encode())
    | st.just(json.dumps({"medications": ["café"]}).encode("latin-1"))
    | st.just(b'{"medications": ["caf\\udcff"]}')
    | st.just(b'{"pregnant": NaN}')
    | st.just(b'{"pain": {"severity": Infinity}}')
    | st.just(b'{"pain": {"severity": 1e400}}')
)
texts = (any_profile.map(_dumps) | nesting | st.text(max_size=200)
         | near_profiles.map(lambda p: "\ufeff" + _dumps(p))
         | st.just('{"medications": ["\ud800"]}'))


# --- recommend ----------------------------------------------------------------------------

def _valid(data: Any) -> UserProfile | None:
    """The model ``data`` validates to, by pydantic alone; None if it is not a profile."""
    try:
        if isinstance(data, str | bytes):
            return UserProfile.model_validate_json(data)
        return UserProfile.model_validate(data)
    except ValidationError:
        return None


def check_recommend(data: Any) -> None:
    got, error = attempt(lambda: recommend(data), ValidationError)
    if isinstance(error, ValidationError):
        assert error.errors(), "a validation error names at least one field"
        event("rejected")
    else:
        event("advice")
        assert isinstance(got, Recommendation)
        model = _valid(data)
        assert model is not None, f"advice for input pydantic rejects: {data!r:.200}"
        assert got == recommend(model)
    assert_answers_right()


@FUZZ
@given(any_profile)
def test_recommend_python_values(data):
    """Arbitrary Python/JSON values and near-valid profile dicts: a validation error or right advice."""
    check_recommend(data)


@FUZZ
@given(texts)
def test_recommend_json_text(text):
    """JSON text (NaN, Infinity, deep nesting, BOM, lone surrogates): a validation error or right advice."""
    check_recommend(text)


@FUZZ
@given(wrong_bytes)
def test_recommend_wrongly_encoded_bytes(raw):
    """Bytes in other encodings, invalid UTF-8 and out-of-range numbers never give advice or a crash."""
    check_recommend(raw)


@settings(max_examples=5, deadline=None)
@given(st.sampled_from(["medications", "pregnant", "favourite"]),
       st.integers(MAX_JSON_BYTES // 2, 3 * MAX_JSON_BYTES))
def test_recommend_huge_strings(field, size):
    """Huge strings inside a profile (as a dict and as JSON text) are rejected with a named error."""
    huge = "x" * size
    value: Any = [huge] if field == "medications" else huge
    for data in ({**SAFE, field: value}, json.dumps({**SAFE, field: value})):
        got, error = attempt(lambda data=data: recommend(data), ValidationError)
        assert got is None, f"advice for a {size}-character {field}"
        assert isinstance(error, ValidationError) and error.errors()
    assert_answers_right()


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([math.nan, math.inf, -math.inf, 1e-300, -0.5])
       | st.floats(0, 11).filter(lambda x: not x.is_integer()),
       st.sampled_from([("pain", "severity"), ("pain", "weeks"), ("sessions_completed",)]))
def test_non_integer_numbers_are_rejected(number, path):
    """NaN, infinities and fractions in integer fields are validation errors naming the field."""
    profile: dict[str, Any] = dict(SAFE)
    if len(path) == 2:
        profile[path[0]] = {**SAFE["pain"], path[1]: number}
    else:
        profile[path[0]] = number
    for data in (profile, _dumps(profile)):
        got, error = attempt(lambda data=data: recommend(data), ValidationError)
        assert got is None, f"advice for {path}={number}"
        assert isinstance(error, ValidationError) and tuple(error.errors()[0]["loc"]) == path
    assert_answers_right()


# --- next_session -------------------------------------------------------------------------

LOG_KEYS = ("day", "minutes", "discomfort", "symptoms")
near_logs = st.fixed_dictionaries({}, optional={
    "day": st.dates().map(str) | json_values,
    "minutes": st.integers(-5, 200) | json_values,
    "discomfort": st.integers(-2, 12) | json_values,
    "symptoms": st.lists(st.sampled_from(["dizziness", "numbness", "itch", ""]) | json_values, max_size=3),
})
histories = (st.lists(near_logs, max_size=6) | json_values
             | st.lists(near_logs, max_size=6).map(_dumps) | nesting)
on_values = st.none() | st.dates() | st.dates().map(str) | json_values


def _valid_history(history: Any) -> bool:
    try:
        if isinstance(history, str):
            logs = [SessionLog.model_validate(x) for x in json.loads(history)]
        else:
            logs = [SessionLog.model_validate(x) for x in history]
    except (ValidationError, ValueError, TypeError, RecursionError):
        return False
    return all(a.day <= b.day for a, b in itertools.pairwise(logs))


@FUZZ
@given(st.one_of(st.just(SAFE), any_profile), histories, on_values)
def test_next_session_fuzzed(profile, history, on):
    """Fuzzed profiles, histories and dates: a validation error or advice for valid input only."""
    got, error = attempt(lambda: next_session(profile, history, on=on), ValidationError)
    if isinstance(error, ValidationError):
        assert error.errors()
        event("rejected")
    else:
        event(f"advice: {got.action}")
        assert isinstance(got, SessionAdvice)
        assert _valid(profile) is not None and _valid_history(history)
        if got.action != "stop":
            assert got.minutes is not None and 1 <= got.minutes <= 40
    assert_answers_right()


# --- load_rules ---------------------------------------------------------------------------

RULE_KEYS = ("id", "topic", "when", "then", "sources", "basis", "note", "priority")
near_rules = st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=20) | json_values,
    "topic": st.sampled_from(["safety", "mat.size", "nope"]) | json_values,
    "when": st.fixed_dictionaries({}, optional={"fact": st.sampled_from(["pregnant", "typo"]) | json_values,
                                                "op": st.sampled_from(["eq", "lt", "bad"]) | json_values,
                                                "value": json_values}) | json_values,
    "then": st.fixed_dictionaries({}, optional={"level": st.sampled_from(["consult", "avoid", "x"])
                                                | json_values, "summary": json_values}) | json_values,
    "sources": st.lists(st.sampled_from(["C4", "Z9"]) | json_values, max_size=2) | json_values,
    "basis": st.sampled_from(["stated", "interpreted", "guessed"]) | json_values,
})
packs = (json_values | st.lists(near_rules, max_size=3)
         | st.fixed_dictionaries({"rules": st.lists(near_rules, max_size=3)},
                                 optional={"name": json_values, "questions": json_values}))
YAML_ATTACKS = (
    '!!python/object/apply:os.system ["echo pwned > /tmp/acumat-pwned"]',
    "rules: !!python/object/new:subprocess.Popen [[touch, /tmp/acumat-pwned]]",
    "- &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"- &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)),
    "rules:\n  - id: &i x\n    when: &w {fact: pregnant, op: eq, value: 'yes'}\n    then: *w\n",
    "[" * 5000,
    "a: " + "{b: " * 3000 + "1" + "}" * 3000,
)


def _file_contents() -> st.SearchStrategy[tuple[str, bytes]]:
    suffixes = st.sampled_from([".yaml", ".yml", ".toml", ".json", ".txt", ""])
    as_json = packs.map(lambda d: _dumps(d).encode())
    raw = st.binary(max_size=300) | nesting.map(str.encode) | st.sampled_from(YAML_ATTACKS).map(str.encode)
    as_toml = st.sampled_from(["rules = 3\n", "[[rules]]\nid = 'x'\n", "x = [" * 2000, 'a = "\\ud800"'])
    return st.tuples(suffixes, as_json | raw | as_toml.map(str.encode)
                     | as_json.map(lambda b: b.decode().encode("utf-16")))


_DIR = Path(tempfile.mkdtemp(prefix="acumat-fuzz-"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_file_contents())
def test_load_rules_fuzzed(case):
    """Fuzzed rule files of every kind give a pack or a RuleFileError naming the file; no code runs."""
    suffix, content = case
    path = _DIR / f"pack{suffix}"
    path.write_bytes(content)
    pack, error = attempt(lambda: load_rules(path), RuleFileError)
    if isinstance(error, RuleFileError):
        assert error.file == str(path) and str(path) in str(error)
        event("rejected")
    else:
        event("pack")
        assert suffix in {".yaml", ".yml", ".toml", ".json"}
        assert all(r.id for r in pack.rules)
    assert not Path("/tmp/acumat-pwned").exists()
    assert_answers_right()


def test_yaml_alias_bomb_is_bounded():
    """A 'billion laughs' YAML file is rejected or read without expanding it in memory or time."""
    path = _DIR / "bomb.yaml"
    path.write_text(YAML_ATTACKS[2])
    _, error = attempt(lambda: load_rules(path), RuleFileError)
    assert error is None or getattr(error, "file", None) == str(path)
    assert_answers_right()


# --- command line -------------------------------------------------------------------------

runner = CliRunner()
CLI_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _no_crash(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


@CLI_FUZZ
@given(texts | any_profile.map(_dumps))
def test_cli_recommend_fuzzed(text):
    """`acumat recommend -` on fuzzed input exits 0 with advice only for valid profiles, else 1."""
    raw = text.encode("utf-8", "surrogatepass")  # what a terminal or pipe would deliver
    result = runner.invoke(app, ["recommend", "--json", "-"], input=raw)
    _no_crash(result)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert _valid(raw) is not None
        assert Recommendation.model_validate_json(result.stdout) == recommend(raw)
    assert_answers_right()


@CLI_FUZZ
@given(wrong_bytes)
def test_cli_recommend_bytes_fuzzed(raw):
    """`acumat recommend FILE` on wrongly encoded bytes exits 1 (or 0 for a valid profile), no crash."""
    path = _DIR / "profile.json"
    path.write_bytes(raw)
    result = runner.invoke(app, ["recommend", "--json", str(path)])
    _no_crash(result)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert _valid(raw) is not None
    assert_answers_right()


@CLI_FUZZ
@given(histories.map(lambda h: h if isinstance(h, str) else _dumps(h)))
def test_cli_next_fuzzed(history):
    """`acumat next PROFILE HISTORY` with a fuzzed history exits 0 or 1 and never crashes."""
    prof = _DIR / "safe.json"
    prof.write_text(json.dumps(SAFE))
    hist = _DIR / "history.json"
    hist.write_text(history, encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(app, ["next", "--json", str(prof), str(hist)])
    _no_crash(result)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert SessionAdvice.model_validate_json(result.stdout).action in {
            "start", "step_up", "hold", "step_back", "stop"}
    assert_answers_right()


@CLI_FUZZ
@given(st.lists(st.one_of(any_profile.map(_dumps), texts.filter(lambda t: "\n" not in t and "\r" not in t),
                          st.just(json.dumps(SAFE))), min_size=1, max_size=8))
def test_cli_batch_fuzzed(lines):
    """`acumat batch` on fuzzed lines writes one line per input line, in order, each advice or error."""
    src = _DIR / "in.jsonl"
    out = _DIR / "out.jsonl"
    src.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    _no_crash(result)
    written = out.read_text().splitlines()
    assert len(written) == len(lines)
    bad = 0
    for n, (line, text) in enumerate(zip(lines, written, strict=True), 1):
        record = json.loads(text)
        if n == 1:
            line = line.removeprefix("\ufeff")  # a byte order mark opening the input is not data
        if "error" in record and set(record) == {"line", "error"}:
            bad += 1
            assert record["line"] == n
            assert set(record["error"]) == {"field", "message"}
        else:
            assert _valid(line) is not None, line
            assert Recommendation.model_validate(record) == recommend(line)
    assert result.exit_code == (1 if bad else 0), result.output
    assert_answers_right()
