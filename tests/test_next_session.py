"""After each session: ``acumat.next_session`` (source C5, U3–U7)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from typing import Any

import pytest
from pydantic import ValidationError

from acumat import SessionLog, Verdict, default_rules, next_session, recommend
from caution import caution_rules

DAY0 = dt.date(2026, 3, 2)


def answered(**over: Any) -> dict[str, Any]:
    """A profile with every safety question answered "no", mild lower back pain, a beginner."""
    base: dict[str, Any] = {
        "pregnant": False,
        "blood_thinners": False,
        "medications": [],
        "conditions": [],
        "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
        "pain": {"region": "lower", "severity": 2, "weeks": 3},
        "sessions_completed": 0,
        "preferences": {"intensity": "gentle", "portable": False},
        "therapies": [],
    }
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value
    return out


def daily(*sessions: tuple[int, int] | tuple[int, int, list[str]], start: dt.date = DAY0
          ) -> list[dict[str, Any]]:
    """Logs on consecutive days from (minutes, discomfort[, symptoms]) tuples."""
    out = []
    for i, s in enumerate(sessions):
        log: dict[str, Any] = {"day": (start + dt.timedelta(days=i)).isoformat(), "minutes": s[0],
                               "discomfort": s[1]}
        if len(s) > 2:
            log["symptoms"] = s[2]
        out.append(log)
    return out


def comfortable(n: int, minutes: int, start: dt.date = DAY0) -> list[dict[str, Any]]:
    """``n`` daily sessions of ``minutes`` with discomfort 2 and no symptom."""
    return daily(*[(minutes, 2)] * n, start=start)


def plan_of(profile: dict[str, Any], duration: str = "U4"):
    rec = recommend(profile, default_rules(duration))
    assert rec.plan is not None
    return rec.plan


def max_weekly_rise(plan) -> int:
    m = [w.minutes for w in plan.weeks]
    return max(b - a for a, b in itertools.pairwise(m))


# -- starting -----------------------------------------------------------------------------------

@pytest.mark.parametrize("duration", ["U4", "U5"])
@pytest.mark.parametrize("sessions", [0, 10, 30])
def test_empty_history_starts_at_first_week(duration, sessions):
    """With no logs the advice is to start at the plan's first-week minutes (U1, U4/U5)."""
    profile = answered(sessions_completed=sessions)
    advice = next_session(profile, [], rules=default_rules(duration))
    assert advice.action == "start"
    assert advice.minutes == plan_of(profile, duration).weeks[0].minutes
    assert advice.rest_days == 0


def test_empty_history_under_caution_starts_low():
    """A caution profile (open question whose yes only calls for care) with no logs starts at the
    low end of U4 (5 minutes)."""
    advice = next_session(answered(), [], rules=caution_rules())
    assert advice.verdict == Verdict.CAUTION
    assert advice.action == "start"
    assert advice.minutes == 5


# -- stop (C5, screening) ------------------------------------------------------------------------

@pytest.mark.parametrize("symptom", ["sharp_pain", "dizziness"])
def test_sharp_pain_or_dizziness_stops(symptom):
    """Sharp pain or dizziness in the last session means stop, with no minutes (C5)."""
    history = [*comfortable(9, 10), *daily((10, 1, [symptom]), start=DAY0 + dt.timedelta(days=9))]
    advice = next_session(answered(), history)
    assert advice.action == "stop"
    assert advice.minutes is None
    assert any("C5" in f.sources for f in advice.findings)


@pytest.mark.parametrize("symptom", ["sharp_pain", "dizziness"])
def test_stop_beats_step_back(symptom):
    """Sharp pain or dizziness together with skin irritation and high discomfort still stops (safer wins)."""
    history = daily((10, 2), (10, 9, [symptom, "skin_irritation", "bruising"]))
    advice = next_session(answered(), history)
    assert advice.action == "stop"
    assert advice.minutes is None


@pytest.mark.parametrize(("over", "sid"), [
    ({"pregnant": True}, "C4"),
    ({"pain": {"severity": 8}}, "C13"),
    ({"skin": {"broken": True}}, "C1"),
    ({"medications": ["warfarin"]}, "C8"),
    ({"conditions": ["heart_disease"]}, "C9"),
], ids=["pregnant", "severe-pain", "broken-skin", "warfarin", "heart"])
@pytest.mark.parametrize("kind", ["empty", "comfortable-week"])
def test_consult_or_avoid_profile_stops(over, sid, kind):
    """A profile whose verdict is consult or avoid is told to stop, citing the screening statement."""
    profile = answered(**over)
    verdict = recommend(profile).verdict
    assert verdict in (Verdict.CONSULT, Verdict.AVOID)
    history = [] if kind == "empty" else comfortable(7, 10)
    advice = next_session(profile, history)
    assert advice.action == "stop"
    assert advice.minutes is None
    assert advice.verdict == verdict
    assert any(sid in f.sources for f in advice.findings), [f.sources for f in advice.findings]


# -- step back (U7) --------------------------------------------------------------------------------

@pytest.mark.parametrize("symptom", ["skin_irritation"])
def test_skin_trouble_steps_back_with_rest(symptom):
    """Skin irritation once: fewer minutes than last time and at least one rest day (U7)."""
    history = [*comfortable(6, 15), *daily((15, 2, [symptom]), start=DAY0 + dt.timedelta(days=6))]
    advice = next_session(answered(), history)
    assert advice.action == "step_back"
    assert advice.minutes is not None
    assert 1 <= advice.minutes < 15
    assert advice.rest_days >= 1
    assert any("U7" in f.sources for f in advice.findings)


@pytest.mark.parametrize("discomfort", [7, 8, 10])
def test_high_discomfort_steps_back(discomfort):
    """Discomfort of 7 or more: fewer minutes than last time (U7: too long too early)."""
    advice = next_session(answered(), daily((20, 2), (20, discomfort)))
    assert advice.action == "step_back"
    assert advice.minutes is not None
    assert 1 <= advice.minutes < 20


def test_discomfort_six_holds():
    """Discomfort 6 is neither a step back nor a reason to lengthen: hold at the same minutes."""
    advice = next_session(answered(), [*comfortable(6, 10),
                                       *daily((10, 6), start=DAY0 + dt.timedelta(days=6))])
    assert advice.action == "hold"
    assert advice.minutes == 10


@pytest.mark.parametrize("minutes", [1, 2, 5, 30, 120])
def test_step_back_always_fewer(minutes):
    """Every step back gives strictly fewer minutes than the last session, whatever its length."""
    advice = next_session(answered(), daily((minutes, 9)))
    if advice.action == "step_back":
        assert advice.minutes is not None
        assert advice.minutes < minutes
    else:
        # A session of one minute cannot get shorter: then the only safe advice is to stop.
        assert minutes == 1
        assert advice.action == "stop"
        assert advice.minutes is None


def test_step_back_never_above_target():
    """Stepping back from an over-long session lands at or below the plan's target."""
    target = plan_of(answered()).target_minutes
    advice = next_session(answered(), daily((90, 8)))
    assert advice.action == "step_back"
    assert advice.minutes is not None
    assert advice.minutes <= target


# -- step up and hold (U3, U4) -----------------------------------------------------------------------

def test_week_of_comfort_steps_up():
    """Seven comfortable days in a row at one length (a week, U12): step up, at most by the plan's
    weekly rise."""
    plan = plan_of(answered())
    start = plan.weeks[0].minutes
    advice = next_session(answered(), comfortable(7, start))
    assert advice.action == "step_up"
    assert advice.minutes is not None
    assert start < advice.minutes <= min(start + max_weekly_rise(plan), plan.target_minutes)
    assert advice.rest_days == 0


@pytest.mark.parametrize("days", [4, 5, 6])
def test_less_than_a_week_of_comfort_holds(days):
    """Four to six comfortable days are not yet a week of adaptation: hold (U3, U12)."""
    advice = next_session(answered(), comfortable(days, 10))
    assert advice.action == "hold"
    assert advice.minutes == 10


@pytest.mark.parametrize("discomfort", [0, 3])
def test_comfortable_band_edges_step_up(discomfort):
    """Discomfort 0 and 3 both count as comfortable."""
    advice = next_session(answered(), daily(*[(10, discomfort)] * 7))
    assert advice.action == "step_up"


def test_same_day_sessions_are_not_a_week():
    """Five comfortable sessions logged on a single day are not a week of adaptation: no step up (U3, U12)."""
    history = [{"day": DAY0.isoformat(), "minutes": 5, "discomfort": 1}] * 5
    advice = next_session(answered(), history)
    assert advice.action != "step_up"
    assert advice.minutes is not None and advice.minutes <= 5


def test_discomfort_four_breaks_the_streak():
    """A session at discomfort 4 in the middle restarts the count of comfortable sessions."""
    history = daily((10, 1), (10, 1), (10, 4), (10, 1), (10, 1), (10, 1), (10, 1))
    advice = next_session(answered(), history)
    assert advice.action == "hold"
    assert advice.minutes == 10


def test_streak_counts_only_current_length():
    """Comfort at a shorter length does not count toward stepping up from the current one."""
    history = daily((5, 1), (5, 1), (5, 1), (10, 1), (10, 1))
    advice = next_session(answered(), history)
    assert advice.action == "hold"
    assert advice.minutes == 10


def test_symptom_in_streak_breaks_it():
    """An earlier session with a symptom breaks the run of comfortable sessions."""
    history = daily((10, 1), (10, 1), (10, 1, ["bruising"]), (10, 1), (10, 1), (10, 1), (10, 1))
    advice = next_session(answered(), history)
    assert advice.action != "step_up"


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_step_up_capped_at_target(duration):
    """One step short of the target, stepping up stops exactly at the target."""
    target = plan_of(answered(), duration).target_minutes
    advice = next_session(answered(), comfortable(7, target - 2), rules=default_rules(duration))
    assert advice.action == "step_up"
    assert advice.minutes == target


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_at_target_holds(duration):
    """At the target, a comfortable week holds at the target and never goes past it."""
    target = plan_of(answered(), duration).target_minutes
    advice = next_session(answered(), comfortable(10, target), rules=default_rules(duration))
    assert advice.action == "hold"
    assert advice.minutes == target


def test_above_target_never_advised():
    """After sessions longer than the target, the advice never exceeds the target."""
    target = plan_of(answered()).target_minutes
    advice = next_session(answered(), comfortable(8, 60))
    assert advice.minutes is not None
    assert advice.minutes <= target


def test_caution_target_caps_step_up():
    """Under caution the step up stops at the caution plan's target (the low end, 20 for U4)."""
    profile = answered()
    rec = recommend(profile, caution_rules())
    assert rec.plan is not None
    target = rec.plan.target_minutes
    assert target == 20
    advice = next_session(profile, comfortable(7, target - 1), rules=caution_rules())
    assert advice.minutes is not None
    assert advice.minutes <= target


# -- gaps (U3, U6) --------------------------------------------------------------------------------

def test_long_gap_steps_back_toward_start():
    """More than seven days off after building up: step back toward (not below) the start (U3)."""
    plan = plan_of(answered())
    start = plan.weeks[0].minutes
    history = comfortable(6, 20)
    last = dt.date.fromisoformat(history[-1]["day"])
    advice = next_session(answered(), history, on=last + dt.timedelta(days=12))
    assert advice.action == "step_back"
    assert advice.minutes is not None
    assert start <= advice.minutes < 20


def test_gap_of_exactly_a_week_is_no_break():
    """Seven days off is not yet a break: a comfortable week still steps up."""
    history = comfortable(7, 10)
    last = dt.date.fromisoformat(history[-1]["day"])
    advice = next_session(answered(), history, on=last + dt.timedelta(days=7))
    assert advice.action == "step_up"


def test_long_gap_at_start_starts_again():
    """A long break after sessions at the start length: start again at the plan's start."""
    start = plan_of(answered()).weeks[0].minutes
    history = comfortable(3, start)
    last = dt.date.fromisoformat(history[-1]["day"])
    advice = next_session(answered(), history, on=last + dt.timedelta(days=30))
    assert advice.action in ("start", "step_back")
    assert advice.minutes == start


def test_gap_beats_step_up():
    """A comfortable week followed by a long break steps back rather than up (safer wins)."""
    history = comfortable(7, 20)
    last = dt.date.fromisoformat(history[-1]["day"])
    advice = next_session(answered(), history, on=(last + dt.timedelta(days=21)).isoformat())
    assert advice.action == "step_back"
    assert advice.minutes is not None
    assert advice.minutes < 20


def test_skin_irritation_and_gap_takes_the_shorter():
    """Skin irritation before a long gap: step back to no more than either step back would give."""
    history = [*comfortable(3, 25), *daily((25, 2, ["skin_irritation"]),
                                           start=DAY0 + dt.timedelta(days=3))]
    last = dt.date.fromisoformat(history[-1]["day"])
    alone = next_session(answered(), history)
    both = next_session(answered(), history, on=last + dt.timedelta(days=20))
    assert both.action == "step_back"
    assert both.minutes is not None and alone.minutes is not None
    assert both.minutes <= alone.minutes
    assert both.rest_days >= 1


# -- input forms and validation --------------------------------------------------------------------

def test_dicts_models_and_json_agree():
    """A history as dicts, as SessionLog objects, or as JSON text gives the same advice."""
    history = [*comfortable(5, 10), *daily((10, 5), start=DAY0 + dt.timedelta(days=5))]
    a = next_session(answered(), history)
    b = next_session(answered(), [SessionLog(**h) for h in history])
    c = next_session(answered(), json.dumps(history))
    d = next_session(json.dumps(answered()), tuple(history))
    assert a == b == c == d


def test_on_as_date_or_iso_string():
    """``on`` may be a date or an ISO string, with the same result."""
    history = comfortable(5, 15)
    on = dt.date.fromisoformat(history[-1]["day"]) + dt.timedelta(days=10)
    assert next_session(answered(), history, on=on) == next_session(answered(), history,
                                                                       on=on.isoformat())


def test_out_of_order_logs_rejected():
    """Logs out of date order raise a ValidationError naming the log's day."""
    history = daily((10, 1), (10, 1), (10, 1))
    history[1], history[2] = history[2], history[1]
    with pytest.raises(ValidationError) as exc:
        next_session(answered(), history)
    assert exc.value.errors()[0]["loc"] == ("history", 2, "day")


def test_log_after_on_rejected():
    """A log dated after ``on`` raises a ValidationError naming that log's day."""
    history = daily((10, 1), (10, 1), (10, 1))
    with pytest.raises(ValidationError) as exc:
        next_session(answered(), history, on=DAY0 + dt.timedelta(days=1))
    assert exc.value.errors()[0]["loc"] == ("history", 2, "day")


@pytest.mark.parametrize("bad", [0, -5, 121, 1000])
@pytest.mark.parametrize("as_json", [False, True])
def test_minutes_out_of_range_rejected(bad, as_json):
    """Minutes outside 1–120 raise a ValidationError naming the minutes field."""
    history = daily((10, 1), (bad, 1))
    with pytest.raises(ValidationError) as exc:
        next_session(answered(), json.dumps(history) if as_json else history)
    loc = exc.value.errors()[0]["loc"]
    assert loc[-1] == "minutes"
    assert 1 in loc


def test_bad_on_rejected():
    """An ``on`` that is not an ISO date raises a ValidationError naming ``on``."""
    with pytest.raises(ValidationError) as exc:
        next_session(answered(), [], on="03/02/2026")
    assert exc.value.errors()[0]["loc"] == ("on",)


# -- the advice itself ------------------------------------------------------------------------------

@pytest.mark.parametrize("history", [
    [], comfortable(5, 10), daily((10, 8)), daily((10, 1, ["sharp_pain"])),
    daily((10, 2, ["skin_irritation"])),
], ids=["empty", "step-up", "discomfort", "sharp", "skin"])
def test_advice_carries_reason_and_sourced_findings(history):
    """Every advice has a reason and findings that each cite at least one source statement."""
    advice = next_session(answered(), history)
    assert advice.reason
    assert advice.findings
    assert all(f.sources for f in advice.findings)


def test_advice_is_deterministic():
    """The same profile and history give byte-identical advice."""
    history = [*comfortable(5, 10), *daily((15, 3), start=DAY0 + dt.timedelta(days=5))]
    a = next_session(answered(), history).model_dump_json()
    b = next_session(answered(), history).model_dump_json()
    assert a == b
