"""After each session: stop, step back, start, step up or hold (source C1, C4, C5, C7–C11, U3–U7).

The day is the unit: every session of a day adds up to that day's minutes, and the
advice is for the next day's mat use. Any rule that says stop wins; otherwise the
safer action wins through priority: step back > start > step up > hold.
``session.rest`` rules add rest days. Every step-back rule that fires shortens the
next day; the shortest wins.
"""

from __future__ import annotations

from typing import Literal

from acumat.rules.model import Condition, Outcome, Rule, all_of, any_of, fact
from acumat.rules.usage import SCHEDULES

STOP, BACK, DAY_DONE, START, UP, HOLD = 50, 40, 35, 30, 20, 10
#: Comfortable days in a row at one length before stepping up: "a week or more" (U12).
STREAK = 7
#: A gap longer than this many days counts as a break in the routine.
LONG_GAP = 7

_LOGGED = fact("history").is_("logged")
_STRAIN = any_of(fact("last_skin_irritation").is_("yes"), fact("last_discomfort").at_least(7))


def _stop(rule_id: str, when: Condition, summary: str, detail: str, sources: tuple[str, ...],
          note: str = "") -> Rule:
    return Rule(id=rule_id, topic="session.action", priority=STOP, when=when,
                then=Outcome(value="stop", summary=summary, detail=detail), sources=sources,
                basis="interpreted" if note else "stated", note=note)


def _stops() -> list[Rule]:
    return [
        _stop("S.stop_avoid", fact("verdict").is_("avoid"),
              "Do not use the mat: the screening rules it out for you.",
              "The screening found a reason the source gives for avoiding the mat.", ("C14",)),
        _stop("S.stop_consult", fact("verdict").is_("consult"),
              "Do not use the mat until a doctor has advised you on it.",
              "The screening found a reason the source gives for seeing a doctor first.",
              ("C14", "C15")),
        _stop("S.stop_open_questions", fact("open_risk").is_("yes"),
              "Answer the open screening questions first: one of them could rule the mat out.",
              "Until they are answered acumat cannot give session minutes.", ("C14",),
              note="Unknown is not safe: while an answer could lead to avoiding the mat or "
                   "seeing a doctor, no session is advised."),
        _stop("C5.session_sharp_pain", fact("last_sharp_pain").is_("yes"),
              "Sharp pain in the last session: stop and see a doctor.",
              "Sharp pain is a stop sign, not part of adapting.", ("C5",),
              note="C5 says to stop at once; acumat also keeps later sessions stopped until a "
                   "doctor has looked at it."),
        _stop("C5.session_dizziness", fact("last_dizziness").is_("yes"),
              "Dizziness in the last session: stop and see a doctor.",
              "Dizziness is a stop sign.", ("C5",),
              note="C5 says to stop at once; acumat also keeps later sessions stopped until a "
                   "doctor has looked at it."),
        _stop("C5.session_fainting", fact("last_fainting").is_("yes"),
              "Fainting in the last session: stop and see a doctor.",
              "Fainting goes beyond dizziness, which is already a stop sign.", ("C5",),
              note="The source names dizziness; fainting is treated as at least as serious."),
        _stop("C5.session_numbness", fact("last_numbness").is_("yes"),
              "Numbness in the last session: stop and see a doctor.",
              "Numbness can point to nerve trouble, which the source lists as a reason to avoid "
              "the mat.", ("C5", "C10"),
              note="The source names sharp pain and dizziness; numbness is treated alike because "
                   "severe nerve damage is a contraindication."),
        _stop("C9.session_palpitations", fact("last_palpitations").is_("yes"),
              "Palpitations in the last session: stop and see a doctor.",
              "A racing or irregular heartbeat needs a doctor's view; the source rules the mat "
              "out with heart disease.", ("C9", "C5"),
              note="Palpitations may point to a heart condition (C9), so the mat stops until a "
                   "doctor has looked at it."),
        _stop("C4.session_contractions", fact("last_contractions").is_("yes"),
              "Contractions in the last session: stop and see a doctor at once.",
              "The source warns that pressure on some points may set off contractions or early "
              "labour.", ("C4",),
              note="The source names contractions as the risk in pregnancy; reported contractions "
                   "stop the mat and call for a doctor."),
        _stop("C1.session_broken_skin", fact("last_broken_skin").is_("yes"),
              "Broken skin: do not use the mat until the skin has fully healed.",
              "The spikes must never press on broken skin or wounds.", ("C1", "C3")),
        _stop("C8.session_bleeding", any_of(fact("last_bleeding").is_("yes"),
                                            fact("last_bruising").is_("yes")),
              "Bleeding or bruising from the mat: stop and see a doctor.",
              "It can point to a bleeding risk, for which the source says to avoid the mat.",
              ("C7", "C8"),
              note="The source rules the mat out for bleeding risks (clotting disorders, blood "
                   "thinners); bleeding or bruising under the spikes is read as such a sign."),
        _stop("C11.irritation_twice", fact("irritation_twice").is_("yes"),
              "Skin irritation twice in a row: stop using the mat.",
              "Skin that keeps reacting to the spikes counts as sensitive skin, for which the "
              "source says to avoid the mat.", ("C11", "U7"),
              note="One irritated session is overuse (U7); a second one in a row is read as "
                   "sensitive skin (C11)."),
        _stop("C5.session_recent_stop_sign", fact("recent_stop_sign").is_("yes"),
              "A stop sign has not been cleared yet: stop and see a doctor first.",
              "A stop sign came up in an earlier session; resume only once a doctor says the mat "
              "may be used again (or, for broken skin, once it has healed).", ("C5", "C15"),
              note="A stop sign is not forgotten after more logged sessions: signs that need a "
                   "doctor count until a doctor's clearance is recorded (cleared_on); broken "
                   "skin counts for 14 days, the time acumat allows for healing."),
        _stop("U7.stop_at_shortest", all_of(_LOGGED, _STRAIN, fact("last_minutes").at_most(1)),
              "Trouble even at the shortest session: stop and ask a doctor.",
              "Sessions cannot get any shorter.", ("U7", "C15"),
              note="Stepping back below one minute is impossible, so the safe advice is to stop."),
    ]


def rules(duration: Literal["U4", "U5"] = "U4") -> tuple[Rule, ...]:
    """The progression pack for the ``duration`` reading of the source (U4 or U5)."""
    d = duration
    schedule = SCHEDULES[d]
    return (
        *_stops(),
        Rule(id="U7.back_skin", topic="session.action", priority=BACK,
             when=fact("last_skin_irritation").is_("yes"),
             then=Outcome(value="step_back", summary="Skin irritation: rest, then shorter sessions.",
                          detail="Overuse irritates the skin; give it a day and cut the time."),
             sources=("U7",), basis="interpreted",
             note="The source says overuse irritates the skin; acumat reads that as a sign to "
                  "shorten the sessions."),
        Rule(id="U7.back_discomfort", topic="session.action", priority=BACK,
             when=fact("last_discomfort").at_least(7),
             then=Outcome(value="step_back", summary="High discomfort: shorter sessions.",
                          detail="Too long too soon causes discomfort."),
             sources=("U7",), basis="interpreted",
             note="High = 7 or more of 10, the severe band of the rating scale."),
        Rule(id="U7.back_over_target", topic="session.action", priority=BACK - 2,
             when=fact("over_target").is_("yes"),
             then=Outcome(value="step_back_target",
                          summary="More than the daily aim: cut back to it.",
                          detail="The aim counts all sessions of a day together; overuse irritates "
                                 "the skin."),
             sources=("U7", d), basis="interpreted",
             note="The source's durations are daily totals; a day above the target is brought "
                  "back to it."),
        Rule(id="U3.back_to_start", topic="session.action", priority=BACK - 3,
             when=all_of(_LOGGED, fact("above_start").is_("yes"),
                         fact("last_minutes").above(schedule.start_high),
                         fact("logged_days").below(STREAK)),
             then=Outcome(value="step_back_start",
                          summary="Too long for a beginner: go back to the plan's start.",
                          detail="In the first week the body has not adapted yet; begin short and "
                                 "lengthen gradually."),
             sources=("U3", "U7", d), basis="interpreted",
             note=f"In the first seven logged days, a day above the {d} start range "
                  f"({schedule.start}–{schedule.start_high} minutes) is 'too long too early' (U7): "
                  "the advice returns to the plan's start."),
        Rule(id="U7.back_jump", topic="session.action", priority=BACK - 4,
             when=all_of(_LOGGED, fact("jumped").is_("yes")),
             then=Outcome(value="step_back_prev",
                          summary="Lengthened too fast: back to one step above the day before.",
                          detail="Too long too early causes discomfort; lengthen by one step at a "
                                 "time."),
             sources=("U3", "U7", d), basis="interpreted",
             note="A day more than one plan step longer than the day before is 'too long too "
                  "early' (U7); the advice allows one step (U3: gradually)."),
        Rule(id="U3.back_after_gap", topic="session.action", priority=BACK - 1,
             when=all_of(fact("gap_days").above(LONG_GAP), fact("above_start").is_("yes")),
             then=Outcome(value="step_back_gap", summary="After a break, step back toward the start.",
                          detail="The body loses some of its adaptation over a break of more than a "
                                 "week."),
             sources=("U3", "U6"), basis="interpreted",
             note="More than a week without sessions undoes part of the adaptation."),
        Rule(id="U6.day_done", topic="session.action", priority=DAY_DONE,
             when=all_of(_LOGGED, fact("same_day").is_("yes")),
             then=Outcome(value="hold", summary="Today's mat time is done: next session tomorrow.",
                          detail="The daily aim counts every session of the day together."),
             sources=("U6", "U7", d), basis="interpreted",
             note="The source's durations are per day; another session on a day that already has "
                  "one would add to the day's total."),
        Rule(id=f"{d}.session_start", topic="session.action", priority=START,
             when=fact("history").is_("empty"),
             then=Outcome(value="start", summary="First session: start with the plan's first week.",
                          detail="Begin short and let the body adapt."),
             sources=("U1", d), basis="stated"),
        Rule(id="U3.restart_after_gap", topic="session.action", priority=START,
             when=all_of(_LOGGED, fact("gap_days").above(LONG_GAP), fact("above_start").is_("no")),
             then=Outcome(value="start", summary="After a break, start again at the plan's start.",
                          detail="The body loses some of its adaptation over a break of more than a "
                                 "week."),
             sources=("U3", "U6"), basis="interpreted",
             note="More than a week without sessions undoes part of the adaptation."),
        Rule(id="U3.step_up", topic="session.action", priority=UP,
             when=all_of(_LOGGED, fact("comfortable_streak").at_least(STREAK),
                         fact("at_target").is_("no")),
             then=Outcome(value="step_up", summary="A week of comfortable days: a little longer.",
                          detail="Adapted at this length, so lengthen gradually toward the target."),
             sources=("U3", "U12", d), basis="interpreted",
             note="'A week or more' of adapting (U12) is read as seven comfortable days in a row "
                  "at the same daily minutes before lengthening."),
        Rule(id="U6.hold", topic="session.action", priority=HOLD, when=_LOGGED,
             then=Outcome(value="hold", summary="Keep the same length for now.",
                          detail="Stay at this length until a week of days feels comfortable."),
             sources=("U3", "U6"), basis="stated"),
        Rule(id="U7.rest_skin", topic="session.rest", when=fact("last_skin_irritation").is_("yes"),
             then=Outcome(value=1, summary="Rest at least one day before the next session.",
                          detail="Let the skin recover."),
             sources=("U7",), basis="interpreted",
             note="One rest day lets irritated skin settle before the next session."),
        Rule(id="U6.rest_rest_of_day", topic="session.rest",
             when=all_of(_LOGGED, fact("same_day").is_("yes")),
             then=Outcome(value=1, summary="No more mat time today.",
                          detail="Today's sessions already count toward the daily aim."),
             sources=("U6", d), basis="interpreted",
             note="The next session is the next day's."),
    )


#: The progression pack for the default (U4) reading.
RULES: tuple[Rule, ...] = rules("U4")
