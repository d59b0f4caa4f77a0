"""Regression tests for progression bugs found in review, named after the behaviour."""

from __future__ import annotations

import datetime as dt

from acumat import next_session

SAFE = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 2},
}
START = dt.date(2026, 3, 2)


def _log(day: int, minutes: int = 5, discomfort: int = 1, symptoms=()):
    return {"day": (START + dt.timedelta(days=day)).isoformat(), "minutes": minutes,
            "discomfort": discomfort, "symptoms": list(symptoms)}


def test_dizziness_is_not_forgotten_after_comfortable_sessions():
    """Dizziness (C5) followed by five comfortable days still advises stop, not a step up."""
    history = [_log(0, symptoms=["dizziness"]), *(_log(d) for d in range(1, 6))]
    advice = next_session(SAFE, history)
    assert advice.action == "stop"
    assert advice.minutes is None
    assert any("C5" in f.sources for f in advice.findings)


def test_sharp_pain_then_one_more_session_still_stops():
    """Sharp pain, then one more logged session the same day: still stop (C5)."""
    history = [_log(0, symptoms=["sharp_pain"]), _log(0, minutes=3)]
    assert next_session(SAFE, history).action == "stop"


def test_stop_sign_blocks_until_a_doctor_clears_it():
    """Dizziness (C5: stop, and acumat asks for a doctor) still forces stop weeks later; once a
    doctor's clearance is recorded (cleared_on) it no longer does."""
    history = [_log(0, symptoms=["dizziness"]), *(_log(d) for d in range(16, 21))]
    assert next_session(SAFE, history).action == "stop"
    cleared = history[0]["day"]
    assert next_session(SAFE, history, cleared_on=cleared).action != "stop"


def test_sessions_on_one_day_are_not_a_week():
    """Five comfortable sessions logged on one day do not earn a step up (U3, U12)."""
    history = [_log(0) for _ in range(5)]
    assert next_session(SAFE, history).action != "step_up"


def test_weekly_sessions_are_not_a_streak():
    """Five comfortable sessions a week apart are not a week of daily use (U6)."""
    history = [_log(7 * k) for k in range(5)]
    advice = next_session(SAFE, history)
    assert advice.action != "step_up"


def test_session_above_target_steps_back_to_target():
    """After more than a week of 60-minute days (above the 30-minute daily aim, U4) the advice
    steps back to the target."""
    history = [_log(d, minutes=60) for d in range(8)]
    advice = next_session(SAFE, history)
    assert advice.action == "step_back"
    assert advice.minutes == 30


def test_many_sessions_a_day_do_not_step_up():
    """Two 20-minute sessions a day add up to 40, past the 30-minute daily aim (U4): the advice
    steps back to the aim instead of stepping up (U7)."""
    history = [_log(d, minutes=20) for d in range(8) for _ in range(2)]
    advice = next_session(SAFE, history)
    assert advice.action == "step_back"
    assert advice.minutes == 30
