"""next_session counts per day, respects the gradual start, and stops on what a log can report
(issue 12 §3–§4), written from U3, U4, U5, U7, U12 and C1, C4, C5, C7–C9, C11."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumat import Symptom, Verdict, default_rules, next_session, recommend
from acumat.testing import histories

SKIN_OK = {"broken": False, "infection": False, "allergy": False, "sensitive": False}
SAFE: dict[str, Any] = {"pregnant": False, "blood_thinners": False, "conditions": [],
                        "skin": SKIN_OK, "pain": {"region": "lower", "severity": 3, "weeks": 4}}
DAY0 = dt.date(2026, 3, 2)
#: U4: begin with 5–10 minutes, build to 20–30 a day; U5: 10–15, build to 30–40.
START = {"U4": (5, 10), "U5": (10, 15)}
TARGET = {"U4": 30, "U5": 40}


def days(n: int, minutes: int, *, per_day: int = 1, start: dt.date = DAY0,
         symptoms: list[str] | None = None) -> list[dict[str, Any]]:
    """``n`` consecutive days of ``per_day`` comfortable sessions of ``minutes`` each."""
    out = [{"day": (start + dt.timedelta(days=i)).isoformat(), "minutes": minutes, "discomfort": 1}
           for i in range(n) for _ in range(per_day)]
    if symptoms:
        out[-1] = {**out[-1], "symptoms": symptoms}
    return out


# -- the day is the unit (U4/U5 give minutes per day) --------------------------------------------

def test_second_session_on_the_same_day_never_passes_the_target():
    """Eight days at 25 minutes, then a session planned that same day: the advice does not add
    another 25–30 minutes to that day (U4: the aim is per day)."""
    history = days(8, 25)
    today = dt.date.fromisoformat(history[-1]["day"])
    advice = next_session(SAFE, history, on=today)
    assert advice.action != "step_up"
    assert advice.rest_days >= 1 or (advice.minutes or 0) + 25 <= TARGET["U4"]
    assert advice.rule_id and advice.reason


def test_two_sessions_a_day_add_up():
    """Two 15-minute sessions a day are 30 minutes a day, the U4 aim: hold at 30, never 2 × 20."""
    advice = next_session(SAFE, days(8, 15, per_day=2))
    assert advice.action == "hold"
    assert advice.minutes == 30


def test_sessions_of_a_day_above_the_aim_step_back_to_it():
    """Three 15-minute sessions a day (45) pass the 30-minute aim: step back to 30 (U7)."""
    advice = next_session(SAFE, days(8, 15, per_day=3))
    assert advice.action == "step_back"
    assert advice.minutes == 30


@pytest.mark.parametrize("duration", ["U4", "U5"])
@pytest.mark.parametrize("first", [25, 30, 60, 120])
def test_beginner_who_overdid_it_goes_back_to_the_start(duration, first):
    """A newcomer whose first session was far too long goes back to the start range (U4/U5, U7)."""
    rules = default_rules(duration)
    advice = next_session(SAFE, [{"day": "2026-03-02", "minutes": first, "discomfort": 1}],
                          rules=rules)
    lo, hi = START[duration]
    assert advice.action == "step_back"
    assert advice.minutes is not None and lo <= advice.minutes <= hi
    assert duration in {s for f in advice.findings for s in f.sources}


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_a_session_in_the_start_range_is_not_overdoing_it(duration):
    """A first session at the top of the start range (U4: 10, U5: 15) holds, no step back."""
    _, hi = START[duration]
    advice = next_session(SAFE, [{"day": "2026-03-02", "minutes": hi, "discomfort": 1}],
                          rules=default_rules(duration))
    assert advice.action == "hold" and advice.minutes == hi


@pytest.mark.parametrize("n", [5, 6])
def test_less_than_seven_comfortable_days_do_not_step_up(n):
    """Five or six comfortable days are less than the week of adapting U12 asks for: hold."""
    advice = next_session(SAFE, days(n, 5))
    assert advice.action == "hold" and advice.minutes == 5


def test_seven_comfortable_days_step_up_and_say_which_rule():
    """Seven comfortable days step up by one step (U3), and the reason names the rule."""
    advice = next_session(SAFE, days(7, 5))
    assert advice.action == "step_up" and advice.minutes == 10
    assert advice.rule_id == "U3.step_up"
    assert advice.reason == advice.findings[0].summary


@settings(max_examples=150, deadline=None)
@given(histories(max_size=14), st.integers(0, 3), st.sampled_from(["U4", "U5"]))
def test_day_total_never_passes_the_target(logs, later, duration):
    """Property: for any history and planned day, the minutes advised for that day plus what is
    already logged on it never pass the plan's daily target."""
    rules = default_rules(duration)
    on = logs[-1].day + dt.timedelta(days=later) if logs else None
    advice = next_session(SAFE, logs, on=on, rules=rules)
    target = recommend(SAFE, rules).plan.target_minutes  # type: ignore[union-attr]
    if advice.minutes is None:
        assert advice.action == "stop"
        return
    done = sum(log.minutes for log in logs if log.day == on) if advice.rest_days == 0 else 0
    assert done + advice.minutes <= target


# -- what a log can report (C1, C4, C5, C7–C9, C11) ----------------------------------------------

@pytest.mark.parametrize(("symptom", "sources", "doctor"), [
    ("broken_skin", {"C1"}, False),
    ("bleeding", {"C7", "C8"}, True),
    ("bruising", {"C7", "C8"}, True),
    ("fainting", {"C5"}, True),
    ("palpitations", {"C9"}, True),
    ("contractions", {"C4"}, True),
    ("numbness", {"C5"}, True),
])
def test_reported_symptom_stops(symptom, sources, doctor):
    """Each reportable sign stops the mat with no minutes, citing its statement; bleeding,
    fainting, palpitations and contractions send the person to a doctor; broken skin waits for
    healing (C1)."""
    advice = next_session(SAFE, days(8, 10, symptoms=[symptom]))
    assert advice.action == "stop" and advice.minutes is None
    assert sources <= set(advice.findings[0].sources)
    assert ("doctor" in advice.reason.lower()) is doctor
    if symptom == "broken_skin":
        assert "heal" in advice.reason.lower()


def test_skin_irritation_once_steps_back_twice_in_a_row_stops():
    """One irritated session is overuse: step back with a rest day (U7). Two in a row: stop (C11)."""
    once = next_session(SAFE, days(8, 10, symptoms=["skin_irritation"]))
    assert once.action == "step_back" and once.rest_days >= 1
    history = days(8, 10, symptoms=["skin_irritation"])
    history.append({"day": "2026-03-11", "minutes": 5, "discomfort": 1,
                    "symptoms": ["skin_irritation"]})
    twice = next_session(SAFE, history)
    assert twice.action == "stop" and "C11" in twice.findings[0].sources


def test_every_symptom_value_is_accepted():
    """Every Symptom value, old and new, validates in a session log."""
    for s in Symptom:
        next_session(SAFE, [{"day": "2026-03-02", "minutes": 5, "symptoms": [s.value]}])
    assert {"broken_skin", "bleeding", "fainting", "palpitations", "contractions"} <= set(Symptom)


def test_numbness_is_a_plan_stop_sign():
    """The plan's stop signs name numbness besides sharp pain and dizziness (C5)."""
    plan = recommend(SAFE).plan
    assert plan is not None
    assert any("numb" in s for s in plan.stop_signs)


def test_stop_for_avoid_verdict_does_not_suggest_a_doctor_could_clear_it():
    """A stop caused by an avoid verdict (C8) says not to use the mat, without "until a doctor"."""
    advice = next_session({**SAFE, "blood_thinners": True}, days(3, 5))
    assert advice.action == "stop" and advice.verdict == Verdict.AVOID
    text = advice.explain().lower()
    assert "until a doctor" not in text and "doctor has" not in text
    consult = next_session({**SAFE, "pregnant": True}, days(3, 5))
    assert "doctor" in consult.reason.lower()


@pytest.mark.parametrize("symptom", ["bleeding", "palpitations", "contractions", "numbness",
                                     "sharp_pain", "fainting"])
def test_doctor_level_signs_do_not_expire(symptom):
    """A sign that needs a doctor (C4, C5, C7–C9) keeps the advice at stop weeks later, until a
    doctor's clearance is recorded with cleared_on (regression: it expired after 14 days)."""
    history = [{"day": "2026-01-01", "minutes": 5, "symptoms": [symptom]},
               {"day": "2026-01-16", "minutes": 5}, {"day": "2026-02-20", "minutes": 5}]
    assert next_session(SAFE, history).action == "stop"
    cleared = next_session(SAFE, history, cleared_on="2026-01-10")
    assert cleared.action != "stop" and cleared.minutes is not None


def test_broken_skin_waits_two_weeks_to_heal():
    """Broken skin stops the mat (C1) for the next 14 days; after that sessions may resume."""
    history = [{"day": "2026-01-01", "minutes": 5, "symptoms": ["broken_skin"]}]
    assert next_session(SAFE, history, on="2026-01-10").action == "stop"
    assert next_session(SAFE, history, on="2026-01-20").action != "stop"


def test_bad_cleared_on_names_the_argument():
    """A malformed cleared_on is a validation error naming cleared_on."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="cleared_on"):
        next_session(SAFE, [], cleared_on="10 Jan")


def test_irritation_on_two_days_in_a_row_stops_whatever_the_order_within_a_day():
    """Skin irritation on each of the last two logged days stops (C11), even when a day also had
    a clean session (regression: only the last two log entries were looked at)."""
    history = days(6, 5)
    history.append({"day": "2026-03-08", "minutes": 5, "symptoms": ["skin_irritation"]})
    history.append({"day": "2026-03-09", "minutes": 3})
    history.append({"day": "2026-03-09", "minutes": 2, "symptoms": ["skin_irritation"]})
    assert next_session(SAFE, history).action == "stop"
    history[-2], history[-1] = history[-1], history[-2]
    assert next_session(SAFE, history).action == "stop"


def test_lengthening_too_fast_steps_back():
    """Seven days at 5 minutes, then a 30-minute day: too long too early (U7); the advice goes
    back to one step above the day before (10), not hold at 30."""
    history = [*days(7, 5), {"day": "2026-03-09", "minutes": 30, "discomfort": 5}]
    advice = next_session(SAFE, history)
    assert advice.action == "step_back"
    assert advice.minutes == 10


def test_avoid_stop_lists_only_the_findings_that_decided_it():
    """Under avoid (blood thinners, C8) with pregnancy too (C4: doctor first), the stop's findings
    are the avoid findings: nothing in it suggests a doctor could clear the mat."""
    advice = next_session({**SAFE, "blood_thinners": True, "pregnant": True}, days(3, 5))
    assert advice.action == "stop" and advice.verdict == Verdict.AVOID
    levels = {f.level for f in advice.findings if f.level is not None}
    assert levels == {Verdict.AVOID}
    assert "C8.blood_thinners" in {f.rule_id for f in advice.findings}
    assert "see a doctor" not in advice.explain().lower()
