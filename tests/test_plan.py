"""The session plan (source U1–U14, C5, C6), through ``acumat.recommend`` and ``default_rules``."""

from __future__ import annotations

import copy
import itertools
import re
from typing import Any

import pytest

from acumat import Verdict, default_rules, recommend
from caution import caution_rules

#: The source's two readings of the duration: (first sessions, daily target), in minutes.
U4_START, U4_TARGET = (5, 10), (20, 30)
U5_START, U5_TARGET = (10, 15), (30, 40)
RANGES = {"U4": (U4_START, U4_TARGET), "U5": (U5_START, U5_TARGET)}


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


def plan_of(profile: dict[str, Any], duration: str = "U4"):
    rec = recommend(profile, default_rules(duration))
    assert rec.plan is not None, rec.explain()
    return rec.plan


def minutes(plan) -> list[int]:
    return [w.minutes for w in plan.weeks]


# -- duration: U4 by default, U5 on request ----------------------------------------------------

@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_beginner_starts_in_the_stated_range(duration):
    """A beginner's first week lies in the start range of the chosen reading (U4: 5–10, U5: 10–15)."""
    (lo, hi), _ = RANGES[duration]
    assert lo <= plan_of(answered(), duration).weeks[0].minutes <= hi


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_target_in_the_stated_range_and_reached(duration):
    """The daily target lies in the stated range (U4: 20–30, U5: 30–40) and the last week reaches it."""
    _, (lo, hi) = RANGES[duration]
    plan = plan_of(answered(), duration)
    assert lo <= plan.target_minutes <= hi
    assert plan.weeks[-1].minutes == plan.target_minutes
    assert max(minutes(plan)) == plan.target_minutes


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_minutes_never_decrease_and_build_gradually(duration):
    """Weekly minutes never go down and rise by at most 5 minutes a week (U3, U7: gradually)."""
    m = minutes(plan_of(answered(), duration))
    assert len(m) >= 2, "a beginner's plan must build up over more than one week"
    for a, b in itertools.pairwise(m):
        assert 0 <= b - a <= 5, m


def test_default_rules_follow_u4():
    """Without a duration argument the plan follows U4 and says so."""
    rec = recommend(answered())
    assert rec.plan is not None
    assert rec.plan.schedule == "U4"
    assert recommend(answered(), default_rules("U5")).plan.schedule == "U5"


def test_unknown_duration_is_refused():
    """default_rules refuses a duration reading the source does not give."""
    with pytest.raises(ValueError, match="U4"):
        default_rules("U6")  # type: ignore[arg-type]


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_conflict_finding_states_both_readings(duration):
    """A plan finding cites both U4 and U5 and spells out both durations (the source's conflict)."""
    rec = recommend(answered(), default_rules(duration))
    both = [f for f in rec.findings if {"U4", "U5"} <= set(f.sources)]
    assert both, "no finding cites both U4 and U5"
    text = " ".join(f.summary + " " + f.detail for f in both)
    flat = re.sub(r"\s*[-–—]\s*|\s+to\s+", "-", text)
    for rng in ("5-10", "20-30", "10-15", "30-40"):
        assert rng in flat, (rng, text)


# -- experience and caution move the start -------------------------------------------------------

@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_more_sessions_never_lower_the_start(duration):
    """More sessions already done never lower the first week's minutes, and every plan still ends on target."""
    firsts = []
    for n in (0, 3, 6, 7, 10, 13, 14, 20, 21, 28, 35, 42, 60, 365, 100_000):
        plan = plan_of(answered(sessions_completed=n), duration)
        firsts.append(plan.weeks[0].minutes)
        assert plan.weeks[0].minutes <= plan.target_minutes
        assert plan.weeks[-1].minutes == plan.target_minutes
    assert firsts == sorted(firsts), firsts
    assert firsts[-1] > firsts[0], "experience never moved the start forward"


@pytest.mark.parametrize(("duration", "low_end"), [("U4", 5), ("U5", 10)])
@pytest.mark.parametrize("sessions", [0, 14, 60])
def test_caution_starts_at_low_end(duration, low_end, sessions):
    """An open question whose yes only calls for care (caution, plan kept) starts at the low end of
    the source's range (U1, U4/U5)."""
    rec = recommend(answered(sessions_completed=sessions), caution_rules(duration))
    assert rec.verdict == Verdict.CAUTION and not rec.awaiting_answers
    assert rec.plan is not None
    assert rec.plan.weeks[0].minutes == low_end
    _, (lo, hi) = RANGES[duration]
    assert lo <= rec.plan.target_minutes <= hi


@pytest.mark.parametrize("over", [
    {"pregnant": True}, {"pain": {"severity": 9}}, {"skin": {"infection": True}},
    {"medications": ["warfarin"]}, {"conditions": ["bleeding_disorder"]},
], ids=["pregnant", "severe-pain", "infection", "warfarin", "bleeding"])
def test_no_plan_when_consult_or_avoid(over):
    """A consult or avoid verdict gives no plan and no plan findings."""
    rec = recommend(answered(**over))
    assert rec.verdict in (Verdict.CONSULT, Verdict.AVOID)
    assert rec.plan is None
    assert not [f for f in rec.findings if f.topic.startswith("plan.")]


# -- frequency, clothing, surface ------------------------------------------------------------

def test_daily_use():
    """Every week asks for daily sessions (U6: daily use)."""
    assert {w.sessions_per_week for w in plan_of(answered()).weeks} == {7}


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_thin_shirt_first_then_bare_skin(duration):
    """A beginner wears a thin shirt first (U2) and moves to bare skin once adapted (U10), never back."""
    clothing = [w.clothing for w in plan_of(answered(), duration).weeks]
    assert clothing[0] == "thin_shirt"
    assert clothing[-1] == "bare_skin"
    first_bare = clothing.index("bare_skin")
    assert all(c == "bare_skin" for c in clothing[first_bare:]), clothing
    # U12: adapting takes a week or more, so the first week is never on bare skin.
    assert first_bare >= 1


def test_soft_surface_first():
    """A beginner starts on a soft surface (U11) and the soft weeks come first."""
    surfaces = [w.surface for w in plan_of(answered()).weeks]
    assert surfaces[0] == "soft"
    if "soft" in surfaces[1:]:
        last_soft = len(surfaces) - 1 - surfaces[::-1].index("soft")
        assert all(s == "soft" for s in surfaces[: last_soft + 1]), surfaces


def test_unanswered_skin_gives_no_plan():
    """With a skin question unanswered there is no plan at all: broken, infected, allergic or
    sensitive skin rules the mat out (C1–C3, C11), so nothing is planned on the skin."""
    rec = recommend(answered(skin={"sensitive": None}))
    assert rec.verdict == Verdict.CAUTION
    assert rec.plan is None and rec.mat is None


# -- position, setting, stop signs, hygiene, notes -----------------------------------------------

def test_position_lower_back():
    """Position: lying flat on the back with the mat under the lower back; a pillow under the knees (U8, U9)."""
    pos = plan_of(answered()).position.lower()
    assert "lower back" in pos
    assert "flat" in pos
    assert "pillow" in pos and "knees" in pos


@pytest.mark.parametrize("region", ["middle", "upper"])
def test_position_covers_higher_pain(region):
    """Pain above the lower back: the mat goes under the painful area, not the lower back (U8, M9)."""
    rec = recommend(answered(pain={"region": region}))
    assert rec.plan is not None
    pos = rec.plan.position.lower()
    assert "painful" in pos
    assert "lower back" not in pos
    (f,) = [f for f in rec.findings if f.topic == "plan.position"]
    assert {"U8", "M9"} <= set(f.sources)


def test_setting_quiet_lying_down():
    """Setting: lying down in a quiet place, starting slowly (U1)."""
    setting = plan_of(answered()).setting.lower()
    assert "quiet" in setting
    assert "lying" in setting


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_stop_signs_include_sharp_pain_and_dizziness(duration):
    """The plan names sharp pain and dizziness as signs to stop at once (C5)."""
    signs = " | ".join(plan_of(answered(), duration).stop_signs).lower()
    assert "sharp pain" in signs
    assert "dizz" in signs


def test_stop_signs_even_under_caution():
    """A caution plan keeps the stop signs (C5), numbness included."""
    rec = recommend(answered(), caution_rules())
    assert rec.verdict == Verdict.CAUTION
    assert rec.plan is not None
    signs = " | ".join(rec.plan.stop_signs).lower()
    assert "sharp pain" in signs and "dizz" in signs and "numb" in signs


def test_hygiene_says_clean_regularly():
    """The plan says to clean the mat regularly (C6)."""
    hygiene = plan_of(answered()).hygiene.lower()
    assert "clean" in hygiene
    assert "regular" in hygiene


@pytest.mark.parametrize("sid", ["U13", "U14"])
def test_notes_state_u13_and_u14(sid):
    """The plan notes say what U13 (lying still is hard) and U14 (patience) say, with a finding citing it."""
    rec = recommend(answered())
    cited = [f for f in rec.findings if f.topic == "plan.note" and sid in f.sources]
    assert cited, f"no plan note cites {sid}"
    assert {f.summary for f in cited} <= set(rec.plan.notes)


def test_u13_note_names_lying_still():
    """The U13 note is about lying still for 20 to 30 minutes."""
    rec = recommend(answered())
    (f,) = [f for f in rec.findings if f.topic == "plan.note" and "U13" in f.sources]
    assert "still" in f.summary.lower()


def test_plan_findings_cite_duration_statement():
    """The start and target findings cite the duration statement the plan follows."""
    for duration in ("U4", "U5"):
        rec = recommend(answered(), default_rules(duration))
        for topic in ("plan.start", "plan.target"):
            (f,) = [f for f in rec.findings if f.topic == topic]
            assert duration in f.sources, (duration, topic, f.sources)


# -- combining with other therapies (T1–T6) --------------------------------------------------------

def therapy_sources(rec) -> set[str]:
    return {s for f in rec.findings if f.topic == "therapy" for s in f.sources}


@pytest.mark.parametrize(("therapy", "sid"), [
    ("physical_therapy", "T1"), ("massage", "T2"), ("stretching", "T3"), ("posture_exercises", "T6"),
])
def test_each_therapy_gets_its_finding(therapy, sid):
    """Doing a therapy brings the finding citing its statement; not doing it, none (T1, T2, T3, T6)."""
    assert sid in therapy_sources(recommend(answered(therapies=[therapy])))
    assert sid not in therapy_sources(recommend(answered(therapies=[])))


def test_all_therapies_together():
    """With every therapy listed, T1, T2, T3, T4 and T6 are all cited."""
    rec = recommend(answered(therapies=["physical_therapy", "massage", "stretching", "posture_exercises"]))
    assert {"T1", "T2", "T3", "T4", "T6"} <= therapy_sources(rec)


@pytest.mark.parametrize("therapies", [[], ["massage"]])
def test_gentle_stretching_always(therapies):
    """Pairing with gentle stretching is advised to everyone who may use the mat (T4)."""
    rec = recommend(answered(therapies=therapies))
    (f,) = [f for f in rec.findings if f.topic == "therapy" and "T4" in f.sources]
    assert "stretch" in f.summary.lower()


@pytest.mark.parametrize(("weeks", "chronic"), [(0, False), (11, False), (12, True), (52, True)])
def test_chronic_pain_combines_treatments(weeks, chronic):
    """Pain lasting 12 weeks or more (chronic) brings the advice to combine treatments (T5)."""
    rec = recommend(answered(pain={"weeks": weeks}))
    assert ("T5" in therapy_sources(rec)) is chronic


def test_chronic_unknown_duration_no_t5():
    """When the pain's duration is not given, acumat does not claim the pain is chronic."""
    rec = recommend(answered(pain={"weeks": None}))
    assert "T5" not in therapy_sources(rec)


def test_posture_finding_says_complement_not_replace():
    """For posture, the mat complements posture exercises and does not replace them (T6)."""
    rec = recommend(answered(therapies=["posture_exercises"]))
    (f,) = [f for f in rec.findings if f.topic == "therapy" and "T6" in f.sources]
    text = (f.summary + " " + f.detail).lower()
    assert "complement" in text
    assert "not replace" in text
