"""The session plan (source U1–U14, C5, C6): minutes, frequency, clothing, surface, position.

The source gives two readings of the duration (U4: 5–10 minutes building to
20–30; U5: 10–15 building to 30–40). :func:`rules` builds the pack for either;
the default follows U4 and a note states the disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from acumat.rules.model import ALWAYS, Outcome, Rule, any_of, fact

_SKIN = ("skin_broken", "skin_infection", "skin_allergy", "skin_sensitive")


@dataclass(frozen=True, slots=True)
class Schedule:
    """One reading of the source's duration advice."""

    id: Literal["U4", "U5"]
    start: int  # low end of the first sessions
    start_high: int  # high end of the first sessions
    target_low: int  # low end of the daily target (caution verdicts stop here)
    target: int  # high end of the daily target
    step: int = 5  # minutes added per week


U4 = Schedule("U4", start=5, start_high=10, target_low=20, target=30)
U5 = Schedule("U5", start=10, start_high=15, target_low=30, target=40)
SCHEDULES = {"U4": U4, "U5": U5}


def _start_rules(s: Schedule) -> list[Rule]:
    src = (s.id, "U3")
    out = [
        Rule(id=f"{s.id}.start", topic="plan.start", when=ALWAYS, priority=0,
             then=Outcome(value=s.start, summary=f"Start at {s.start} minutes a session.",
                          detail=f"The source ({s.id}) advises starting with {s.start}–"
                                 f"{s.start_high} minutes; a newcomer starts at the low end."),
             sources=(s.id, "U1"), basis="interpreted",
             note="The source gives a start range; acumat starts at its low end (U1: start "
                  "slowly)."),
    ]
    # Sessions already done move the start forward one step per week of daily use.
    minutes = s.start
    for week in range(1, 6):
        minutes += s.step
        if minutes > s.target:
            break
        out.append(Rule(
            id=f"{s.id}.start_after_{week}w", topic="plan.start", priority=week,
            when=fact("sessions_completed").at_least(7 * week),
            then=Outcome(value=minutes, summary=f"Continue at {minutes} minutes a session.",
                         detail=f"About {week} week(s) of sessions are already done, so the "
                                "build-up continues from there."),
            sources=src, basis="interpreted",
            note="One step of the gradual build-up per week of daily use already done."))
    out.append(Rule(
        id=f"{s.id}.start_caution", topic="plan.start", priority=100,
        when=fact("verdict").is_("caution"),
        then=Outcome(value=s.start, summary=f"Start at {s.start} minutes (low end, caution).",
                     detail="With an open safety question the plan starts at the lowest "
                            "duration the source gives, whatever the experience."),
        sources=(s.id, "U1", "U7"), basis="interpreted",
        note="A caution verdict keeps the most careful start."))
    return out


def _target_rules(s: Schedule) -> list[Rule]:
    return [
        Rule(id=f"{s.id}.target", topic="plan.target", when=ALWAYS, priority=0,
             then=Outcome(value=s.target, summary=f"Build up to {s.target} minutes a day.",
                          detail=f"The source ({s.id}) sets the daily aim at {s.target_low}–"
                                 f"{s.target} minutes, reached gradually."),
             sources=(s.id, "U6"), basis="stated"),
        Rule(id=f"{s.id}.target_caution", topic="plan.target", priority=100,
             when=fact("verdict").is_("caution"),
             then=Outcome(value=s.target_low,
                          summary=f"Build up to {s.target_low} minutes a day (caution).",
                          detail="With an open safety question the aim stays at the low end "
                                 "of the source's daily range."),
             sources=(s.id, "U7"), basis="interpreted",
             note="A caution verdict keeps the lower end of the stated range."),
        Rule(id=f"{s.id}.step", topic="plan.step", when=ALWAYS,
             then=Outcome(value=s.step, summary=f"Add {s.step} minutes a week at most.",
                          detail="Lengthen sessions only once the body has adapted to the "
                                 "current length."),
             sources=("U3", "U7", s.id), basis="interpreted",
             note=f"The source says 'gradually'; {s.step} minutes a week reaches the target in "
                  "a few weeks from the start."),
    ]


def rules(duration: Literal["U4", "U5"] = "U4") -> tuple[Rule, ...]:
    """The plan pack for the ``duration`` reading of the source (U4 or U5)."""
    s = SCHEDULES[duration]
    other = U5 if s is U4 else U4
    skin_open = any_of(*(fact(n).is_("unknown") for n in _SKIN))
    return (
        *_start_rules(s),
        *_target_rules(s),
        Rule(id="U6.daily", topic="plan.frequency", when=ALWAYS,
             then=Outcome(value=7, summary="Use the mat every day.",
                          detail="Consistency matters more than long sessions."),
             sources=("U6",), basis="stated"),
        Rule(id="U12.adaptation", topic="plan.adaptation", when=ALWAYS, priority=0,
             then=Outcome(value=2, summary="Expect about two weeks to get used to the spikes.",
                          detail="Early sessions may hurt a little; adapting takes a week or "
                                 "more."),
             sources=("U12", "U3"), basis="interpreted",
             note="'A week or more' is read as two weeks of daily use."),
        Rule(id="U12.adaptation_partly", topic="plan.adaptation", priority=1,
             when=fact("sessions_completed").at_least(7),
             then=Outcome(value=1, summary="About one more week to adapt.",
                          detail="A week of sessions is already done."),
             sources=("U12", "U3"), basis="interpreted",
             note="One week of daily use counts toward the two-week adaptation."),
        Rule(id="U12.adapted", topic="plan.adaptation", priority=2,
             when=fact("sessions_completed").at_least(14),
             then=Outcome(value=0, summary="Already adapted to the mat.",
                          detail="Two weeks of sessions are already done."),
             sources=("U12",), basis="interpreted",
             note="Two weeks of daily use are taken as adapted."),
        Rule(id="U2.thin_shirt_first", topic="plan.clothing_first", when=ALWAYS,
             then=Outcome(value="thin_shirt", summary="Wear a thin shirt while adapting.",
                          detail="A thin layer takes the edge off the spikes at first."),
             sources=("U2",), basis="stated"),
        Rule(id="U10.bare_skin_after", topic="plan.clothing_after", when=ALWAYS, priority=0,
             then=Outcome(value="bare_skin", summary="Once adapted, lie on bare skin.",
                          detail="The source finds bare skin works best."),
             sources=("U10", "U2"), basis="stated"),
        Rule(id="U2.shirt_until_skin_checked", topic="plan.clothing_after", priority=10,
             when=skin_open,
             then=Outcome(value="thin_shirt", summary="Keep a thin shirt on throughout.",
                          detail="The skin questions are not all answered, so keep a layer "
                                 "between skin and spikes."),
             sources=("U2", "C11"), basis="interpreted",
             note="Unknown skin condition: the protective layer stays."),
        Rule(id="U11.soft_surface_first", topic="plan.surface_first", when=ALWAYS,
             then=Outcome(value="soft", summary="Start on a soft surface such as a bed or couch.",
                          detail="A soft base lessens the pressure while adapting."),
             sources=("U11",), basis="stated"),
        Rule(id="U11.surface_after", topic="plan.surface_after", when=ALWAYS,
             then=Outcome(value="as_comfortable",
                          summary="Once adapted, use whatever surface is comfortable.",
                          detail="A firmer base gives more pressure; stay on a soft one if "
                                 "that is enough."),
             sources=("U11", "U3"), basis="interpreted",
             note="The source names only the soft surface for starting out."),
        Rule(id="U8.position_lower", topic="plan.position", when=ALWAYS, priority=0,
             then=Outcome(value="lower_back",
                          summary="Lie flat on your back, the mat beneath the lower back where "
                                  "it covers the sore area; let your body go loose and take slow, "
                                  "deep breaths. A pillow beneath the knees takes off some "
                                  "pressure; shift a little if it is too much.",
                          detail="Positioning as the source describes it."),
             sources=("U8", "U9", "M9"), basis="stated"),
        Rule(id="U8.position_higher", topic="plan.position", priority=10,
             when=fact("pain_region").one_of("middle", "upper"),
             then=Outcome(value="painful_area",
                          summary="Lie flat on your back, the mat beneath the painful part of "
                                  "the back; let your body go loose and take slow, deep breaths. "
                                  "A pillow beneath the knees takes off some pressure; shift a "
                                  "little if it is too much.",
                          detail="The mat must cover the painful area, here above the lower "
                                 "back."),
             sources=("U8", "U9", "M9"), basis="interpreted",
             note="The source places the mat under the lower back and also says it must cover "
                  "the painful area; for pain higher up acumat follows the second."),
        Rule(id="U1.setting", topic="plan.setting", when=ALWAYS,
             then=Outcome(value="quiet_lying_down",
                          summary="Use it lying down in a quiet place, and start slowly.",
                          detail="Calm surroundings help the body relax on the spikes."),
             sources=("U1",), basis="stated"),
        Rule(id="C5.stop_sharp_pain", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="sharp pain", summary="Stop at once if you feel sharp pain.",
                          detail="Get off the mat and do not continue that session."),
             sources=("C5",), basis="stated"),
        Rule(id="C5.stop_dizziness", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="dizziness", summary="Stop at once if you feel dizzy.",
                          detail="Get up slowly and do not continue that session."),
             sources=("C5",), basis="stated"),
        Rule(id="C5.stop_numbness", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="numbness", summary="Stop at once if part of your body goes numb.",
                          detail="Get off the mat and see a doctor before the next session."),
             sources=("C5", "C10"), basis="interpreted",
             note="The source names sharp pain and dizziness; numbness is treated alike because "
                  "severe nerve damage is a contraindication."),
        Rule(id="C8.stop_bleeding", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="bleeding or bruising",
                          summary="Stop if the skin bleeds or bruises, and see a doctor.",
                          detail="It can point to a bleeding risk, for which the mat is ruled "
                                 "out."),
             sources=("C7", "C8"), basis="interpreted",
             note="The session rules stop on bleeding or bruising; the plan names them too."),
        Rule(id="C1.stop_broken_skin", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="broken skin",
                          summary="Stop if the skin breaks, until it has healed.",
                          detail="The spikes must never press on broken skin."),
             sources=("C1",), basis="stated"),
        Rule(id="C9.stop_heart", topic="plan.stop_sign", when=ALWAYS,
             then=Outcome(value="fainting or palpitations",
                          summary="Stop if you feel faint or your heart races, and see a doctor.",
                          detail="Fainting goes beyond dizziness (C5); palpitations may point to "
                                 "the heart (C9)."),
             sources=("C5", "C9"), basis="interpreted",
             note="The session rules stop on fainting and palpitations; the plan names them "
                  "too."),
        Rule(id="C6.hygiene", topic="plan.hygiene", when=ALWAYS,
             then=Outcome(value="clean_regularly", summary="Clean the mat regularly.",
                          detail="It keeps the mat hygienic; follow the maker's instructions."),
             sources=("C6",), basis="stated"),
        Rule(id="U4.U5.conflict", topic="plan.note", when=ALWAYS,
             then=Outcome(
                 summary=f"The source gives two durations; this plan follows {s.id}.",
                 detail=f"{s.id} says {s.start}–{s.start_high} minutes building to "
                        f"{s.target_low}–{s.target}; {other.id} says {other.start}–"
                        f"{other.start_high} building to {other.target_low}–{other.target}; "
                        f"the plan keeps to one reading."),
             sources=("U4", "U5"), basis="stated"),
        Rule(id="U7.not_too_long", topic="plan.note", when=ALWAYS,
             then=Outcome(summary="Do not lengthen sessions too early.",
                          detail="Too long too soon causes discomfort, and overuse irritates "
                                 "the skin."),
             sources=("U7",), basis="stated"),
        Rule(id="U12.early_discomfort", topic="plan.note",
             when=fact("sessions_completed").below(14),
             then=Outcome(summary="The first sessions may hurt a little.",
                          detail="Mild discomfort is common at first; adapting takes a week or "
                                 "more. Sharp pain is different: stop."),
             sources=("U12", "C5"), basis="interpreted",
             note="Shown until 14 sessions are done: 'a week or more' of adapting is read as two "
                  "weeks of daily use."),
        Rule(id="C15.use_alongside_care", topic="plan.note", when=ALWAYS,
             then=Outcome(summary="Use the mat alongside proper care and your doctor's advice.",
                          detail="It is a home aid, not a treatment of its own, and results vary "
                                 "from person to person."),
             sources=("C15",), basis="stated"),
        Rule(id="U13.staying_still", topic="plan.note", when=ALWAYS,
             then=Outcome(summary="Lying still for 20–30 minutes is hard for some people.",
                          detail="Shorter sessions are fine while you get used to it."),
             sources=("U13",), basis="stated"),
        Rule(id="U14.patience", topic="plan.note", when=ALWAYS,
             then=Outcome(summary="Relief may take time; keep a routine.",
                          detail="Not everyone feels results at once; daily use over weeks "
                                 "matters."),
             sources=("U14", "U6"), basis="stated"),
    )
