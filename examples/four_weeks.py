"""Four weeks on the mat: a beginner logs each session and follows acumat's advice.

The person answered every screening question (nothing rules the mat out) and has
mild lower back pain. Each day they do what ``acumat.next_session`` advised, log
how it went, and ask again. Discomfort is simulated: a new length feels a little
sharp for a session or two (the source: early sessions may hurt mildly), then
eases; on one day the skin gets irritated, and the advice steps back and asks
for a rest day.

Run it with ``python examples/four_weeks.py``.
"""

from __future__ import annotations

import datetime as dt
import random

from acumat import SessionLog, next_session, recommend

PROFILE = {
    "pregnant": False,
    "blood_thinners": False,
    "medications": [],
    "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 4},
    "sessions_completed": 0,
    "preferences": {"intensity": "gentle", "portable": False},
    "therapies": ["stretching"],
}
FIRST_DAY = dt.date(2026, 3, 2)
DAYS = 28
#: The day (counted from 1) on which the simulated skin irritation happens.
IRRITATION_DAY = 17


def simulate(rng: random.Random, day_no: int, minutes: int, same_length_before: int) -> SessionLog:
    """How a session might go: sharper at a new length, easing as the body adapts."""
    day = FIRST_DAY + dt.timedelta(days=day_no - 1)
    if day_no == IRRITATION_DAY:
        return SessionLog(day=day, minutes=minutes, discomfort=4, symptoms=["skin_irritation"])
    base = 4 if same_length_before == 0 else (3 if same_length_before == 1 else 1)
    discomfort = max(0, min(10, base + rng.choice((-1, 0, 0, 1))))
    return SessionLog(day=day, minutes=minutes, discomfort=discomfort)


def main() -> int:
    rec = recommend(PROFILE)
    print(f"Verdict: {rec.verdict.value}")
    if rec.plan is None:
        print("No plan: the mat is not advised for this profile.")
        return 1
    plan_weeks = ", ".join(f"week {w.week}: {w.minutes} min" for w in rec.plan.weeks)
    print(f"Plan ({rec.plan.schedule}, aim {rec.plan.target_minutes} min a day): {plan_weeks}")
    print()

    rng = random.Random(2026)
    history: list[SessionLog] = []
    advice = next_session(PROFILE, history, on=FIRST_DAY)
    print(f"Before day 1: {advice.action}, {advice.minutes} min - {advice.reason}")

    day_no = 1
    while day_no <= DAYS:
        if advice.action == "stop" or advice.minutes is None:
            print(f"Stopping: {advice.reason}")
            break
        minutes = advice.minutes
        same = 0
        for log in reversed(history):
            if log.minutes != minutes:
                break
            same += 1
        log = simulate(rng, day_no, minutes, same)
        history.append(log)
        symptoms = ", ".join(s.value for s in log.symptoms) or "none"
        print(f"Day {day_no:2d} {log.day}: {log.minutes:2d} min, discomfort {log.discomfort}, "
              f"symptoms: {symptoms}")
        advice = next_session(PROFILE, history)
        rest = f", rest {advice.rest_days} day(s) first" if advice.rest_days else ""
        minutes_text = "-" if advice.minutes is None else f"{advice.minutes} min"
        print(f"        advice: {advice.action} {minutes_text}{rest} - {advice.reason}")
        day_no += 1 + advice.rest_days

    print()
    print(f"Sessions logged: {len(history)}; last length {history[-1].minutes} min.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
