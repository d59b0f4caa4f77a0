"""Properties of the mat, plan and session guidance over random profiles and histories."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from acumat import SessionLog, Symptom, Verdict, default_rules, next_session, recommend
from acumat.testing import histories, profiles

DURATIONS = st.sampled_from(["U4", "U5"])
#: Profiles of every kind, with plenty that may use the mat.
ANY_PROFILE = st.one_of(profiles(safe=True), profiles())
START = {"U4": (5, 10), "U5": (10, 15)}
TARGET = {"U4": (20, 30), "U5": (30, 40)}
PROPS = settings(max_examples=150, deadline=None)


@st.composite
def ons(draw, logs):
    """``None`` or a day on or after the last log (up to six weeks later)."""
    if not logs or draw(st.booleans()):
        return None
    return logs[-1].day + dt.timedelta(days=draw(st.integers(0, 42)))


@st.composite
def troubled_histories(draw):
    """A history whose last log has a symptom or a discomfort of 4 or more."""
    logs = draw(histories(max_size=12))
    day = logs[-1].day + dt.timedelta(days=draw(st.integers(0, 10))) if logs else dt.date(2026, 1, 1)
    symptoms = draw(st.lists(st.sampled_from(list(Symptom)), max_size=3, unique=True))
    low = 0 if symptoms else 4
    last = SessionLog(day=day, minutes=draw(st.integers(1, 120)),
                      discomfort=draw(st.integers(low, 10)), symptoms=symptoms)
    return [*logs, last]


# -- the plan ----------------------------------------------------------------------------------

@PROPS
@given(ANY_PROFILE, DURATIONS)
def test_plan_minutes_non_decreasing_and_bounded(profile, duration):
    """Plan minutes never decrease week to week, stay within 5..40 and end at the target."""
    rec = recommend(profile, default_rules(duration))
    if rec.plan is None:
        assert rec.verdict in (Verdict.CONSULT, Verdict.AVOID) or rec.awaiting_answers
        return
    m = [w.minutes for w in rec.plan.weeks]
    assert m == sorted(m)
    assert all(5 <= x <= 40 for x in m), m
    assert m[-1] == rec.plan.target_minutes
    lo, hi = TARGET[duration]
    assert lo <= rec.plan.target_minutes <= hi


@PROPS
@given(ANY_PROFILE, DURATIONS)
def test_plan_start_in_range_for_beginners_and_caution(profile, duration):
    """A beginner starts in the source's start range; a caution profile starts at its low end."""
    rec = recommend(profile.model_copy(update={"sessions_completed": 0}), default_rules(duration))
    if rec.plan is None:
        return
    lo, hi = START[duration]
    assert lo <= rec.plan.weeks[0].minutes <= hi
    if rec.verdict == Verdict.CAUTION:
        assert rec.plan.weeks[0].minutes == lo


@PROPS
@given(ANY_PROFILE)
def test_mat_and_plan_only_when_allowed(profile):
    """A mat and a plan are given exactly when the verdict is suitable or caution and no open
    question could lead to consult or avoid."""
    rec = recommend(profile)
    allowed = rec.verdict in (Verdict.SUITABLE, Verdict.CAUTION) and not rec.awaiting_answers
    if rec.awaiting_answers:
        assert any(u.if_yes_verdict in (Verdict.CONSULT, Verdict.AVOID) for u in rec.unanswered) \
            or len(rec.unanswered) > 1
    assert (rec.mat is not None) is allowed
    assert (rec.plan is not None) is allowed


@PROPS
@given(ANY_PROFILE)
def test_strong_mat_only_for_experienced_strong_request(profile):
    """Long spikes or low density only for experienced users who asked for strong stimulation."""
    rec = recommend(profile)
    if rec.mat is None:
        return
    if rec.mat.spike_length == "long" or rec.mat.spike_density == "low":
        assert profile.sessions_completed >= 14
        assert profile.preferences.intensity == "strong"


@PROPS
@given(ANY_PROFILE)
def test_compact_only_for_portable_lower(profile):
    """A compact mat only for a portable wish and lower-back pain."""
    rec = recommend(profile)
    if rec.mat is None:
        return
    compact = profile.preferences.portable is True and profile.pain is not None \
        and profile.pain.region == "lower"
    assert (rec.mat.size == "compact") is compact


# -- next_session --------------------------------------------------------------------------------

@PROPS
@given(ANY_PROFILE, troubled_histories(), DURATIONS)
def test_never_steps_up_after_trouble(profile, logs, duration):
    """After a symptom or discomfort 4+ in the last session, the advice never steps up; every
    symptom but skin irritation stops (C1, C4, C5, C7–C9); irritation or discomfort 7+ shortens
    the day (U7)."""
    advice = next_session(profile, logs, rules=default_rules(duration))
    assert advice.action != "step_up"
    last = logs[-1]
    day_total = sum(log.minutes for log in logs if log.day == last.day)
    if set(last.symptoms) - {Symptom.SKIN_IRRITATION}:
        assert advice.action == "stop"
    elif advice.action != "stop" and (last.symptoms or last.discomfort >= 7):
        assert advice.action == "step_back"
        assert advice.minutes is not None and advice.minutes < day_total


@PROPS
@given(ANY_PROFILE, histories(max_size=15).flatmap(lambda h: st.tuples(st.just(h), ons(h))),
       DURATIONS)
def test_session_advice_bounded_and_consistent(profile, drawn, duration):
    """Advice minutes never exceed the plan's target, stop ⇔ no minutes, and consult/avoid always stops."""
    logs, on = drawn
    rules = default_rules(duration)
    rec = recommend(profile, rules)
    advice = next_session(profile, logs, on=on, rules=rules)
    assert advice.verdict == rec.verdict
    assert (advice.action == "stop") is (advice.minutes is None)
    if rec.verdict in (Verdict.CONSULT, Verdict.AVOID) or rec.awaiting_answers:
        assert advice.action == "stop"
        assert {u.field for u in advice.unanswered} == {u.field for u in rec.unanswered}
    else:
        assert rec.plan is not None
        if advice.minutes is not None:
            assert 1 <= advice.minutes <= rec.plan.target_minutes
    if not logs and advice.action != "stop":
        assert advice.action == "start"
        assert advice.minutes == rec.plan.weeks[0].minutes
    if advice.action == "step_up":
        assert logs
        assert advice.minutes > sum(log.minutes for log in logs if log.day == logs[-1].day)


@PROPS
@given(ANY_PROFILE, histories(max_size=15), DURATIONS)
def test_deterministic(profile, logs, duration):
    """The same input gives the same JSON, for recommend and next_session."""
    rules = default_rules(duration)
    assert recommend(profile, rules).model_dump_json() == recommend(profile, rules).model_dump_json()
    a = next_session(profile, logs, rules=rules).model_dump_json()
    b = next_session(profile.model_dump(mode="json"),
                     [log.model_dump(mode="json") for log in logs], rules=rules).model_dump_json()
    assert a == b
