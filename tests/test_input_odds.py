"""Profile and history input at the edges: dates near date.max, Python values nested 1,000 deep."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from acumat import BatchError, next_session, recommend, recommend_many
from acumat.history import LATEST_DAY


def _nested(value: object, depth: int) -> object:
    for _ in range(depth):
        value = [value]
    return value


def _locs(exc: ValidationError) -> list[tuple[object, ...]]:
    return [tuple(e["loc"]) for e in exc.errors()]


def test_log_dated_9999_12_31_is_a_validation_error_naming_the_day():
    """A log on the last representable day (OverflowError before) names history.0.day."""
    with pytest.raises(ValidationError, match="no later than 9998-12-31") as info:
        next_session({}, [{"day": "9999-12-31", "minutes": 5}])
    assert _locs(info.value) == [("history", 0, "day")]


def test_log_dated_date_max_as_a_date_object_is_refused():
    """The same holds for a date object, not only ISO text."""
    with pytest.raises(ValidationError) as info:
        next_session({}, [{"day": "2026-01-01", "minutes": 5}, {"day": dt.date.max, "minutes": 5}])
    assert _locs(info.value) == [("history", 1, "day")]


def test_on_9999_12_31_is_a_validation_error_naming_on():
    """A planned day after LATEST_DAY is refused with the field `on`."""
    with pytest.raises(ValidationError, match="no later than") as info:
        next_session({}, [], on="9999-12-31")
    assert _locs(info.value) == [("on",)]


def test_latest_accepted_day_still_gives_advice():
    """A log on LATEST_DAY itself is accepted: the day after it is still a date."""
    advice = next_session({}, [{"day": LATEST_DAY.isoformat(), "minutes": 5}])
    assert advice.action in {"start", "hold", "step_up", "step_back", "stop"}


def test_cli_next_with_a_9999_log_prints_an_error_line(tmp_path):
    """`acumat next` with a log dated 9999-12-31 exits 1 with an error naming the field, no traceback."""
    profile = tmp_path / "p.json"
    history = tmp_path / "h.json"
    profile.write_text("{}")
    history.write_text(json.dumps([{"day": "9999-12-31", "minutes": 5}]))
    proc = subprocess.run([sys.executable, "-m", "acumat.cli", "next", str(profile), str(history)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert "history.0.day" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("profile", "field"), [
    ({"pain": {"region": _nested("lower", 1000)}}, ("pain", "region")),
    ({"conditions": _nested("heart_disease", 1000)}, ("conditions",)),
    ({"preferences": {"intensity": _nested("gentle", 3000)}}, ("preferences", "intensity")),
])
def test_python_list_nested_1000_deep_in_an_enum_field_is_a_validation_error(profile, field):
    """A Python list nested ~1,000 deep (RecursionError before, on 3.11) is a ValidationError naming
    the field (on 3.12+ pydantic rejects it without recursing too deep)."""
    with pytest.raises(ValidationError) as info:
        recommend(profile)
    locs = _locs(info.value)
    assert locs and all(loc[:len(field)] == field for loc in locs), locs


def test_deep_symptoms_list_in_history_is_a_validation_error():
    """The same nesting in a session log's symptoms is a ValidationError on history."""
    logs = [{"day": "2026-01-01", "minutes": 5, "symptoms": _nested("dizziness", 1000)}]
    with pytest.raises(ValidationError) as info:
        next_session({}, logs)
    # 3.11: the recursion guard names the argument; 3.12+: pydantic names the log's symptoms.
    assert all(loc[:1] == ("history",) for loc in _locs(info.value))


def test_deep_item_in_recommend_many_is_an_error_record():
    """In a batch, such an item becomes a BatchError in its place; the others are screened."""
    results = recommend_many([{}, {"conditions": _nested("x", 1000)}, {"pregnant": True}])
    assert isinstance(results[1], BatchError) and (results[1].field or "").startswith("conditions")
    assert results[2].verdict == "consult"  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 1500), days_before_max=st.integers(0, 800), field=st.sampled_from(
    ["region", "intensity", "conditions", "therapies"]))
def test_fuzzed_depth_and_late_dates_give_advice_or_validation_errors(depth, days_before_max, field):
    """Fuzzed nesting depths and days near date.max: advice or a ValidationError, nothing else."""
    value = _nested("lower", depth)
    profile = {"pain": {"region": value}} if field == "region" else \
        {"preferences": {"intensity": value}} if field == "intensity" else {field: value}
    with pytest.raises(ValidationError):
        recommend(profile)
    day = dt.date.max - dt.timedelta(days=days_before_max)
    logs = [{"day": day.isoformat(), "minutes": 5}]
    if day > LATEST_DAY:
        with pytest.raises(ValidationError) as info:
            next_session({}, logs)
        assert _locs(info.value) == [("history", 0, "day")]
    else:
        assert next_session({}, logs).action
