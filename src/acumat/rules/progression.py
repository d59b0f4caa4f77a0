"""After each session: stop, step back, start, step up or hold (source C5, U3–U7).

When several rules fire, the safer action wins through priority:
stop > step back > start > step up > hold. ``session.rest`` rules add rest days.
Every step-back rule that fires shortens the next session; the shortest wins.
"""

from __future__ import annotations

from acumat.rules.model import Outcome, Rule, all_of, any_of, fact

STOP, BACK, START, UP, HOLD = 50, 40, 30, 20, 10
#: Comfortable days in a row at one duration before stepping up (a week of use).
STREAK = 5
#: A gap longer than this many days counts as a break in the routine.
LONG_GAP = 7

_LOGGED = fact("history").is_("logged")
_STRAIN = any_of(fact("last_skin_irritation").is_("yes"), fact("last_bruising").is_("yes"),
                 fact("last_discomfort").at_least(7))

RULES: tuple[Rule, ...] = (
    Rule(id="S.stop_verdict", topic="session.action", priority=STOP,
         when=fact("verdict").one_of("consult", "avoid"),
         then=Outcome(value="stop", summary="Do not use the mat: see the screening findings.",
                      detail="The profile's screening says to avoid the mat or to see a doctor "
                             "first."),
         sources=("C14", "C15"), basis="stated"),
    Rule(id="C5.session_sharp_pain", topic="session.action", priority=STOP,
         when=fact("last_sharp_pain").is_("yes"),
         then=Outcome(value="stop", summary="Sharp pain last session: stop and see a doctor.",
                      detail="Sharp pain is a stop sign, not part of adapting."),
         sources=("C5",), basis="stated"),
    Rule(id="C5.session_dizziness", topic="session.action", priority=STOP,
         when=fact("last_dizziness").is_("yes"),
         then=Outcome(value="stop", summary="Dizziness last session: stop and see a doctor.",
                      detail="Dizziness is a stop sign."),
         sources=("C5",), basis="stated"),
    Rule(id="C5.session_numbness", topic="session.action", priority=STOP,
         when=fact("last_numbness").is_("yes"),
         then=Outcome(value="stop", summary="Numbness last session: stop and see a doctor.",
                      detail="Numbness can point to nerve trouble, which the source lists as a "
                             "reason to avoid the mat."),
         sources=("C5", "C10"), basis="interpreted",
         note="The source names sharp pain and dizziness; numbness is treated alike because "
              "severe nerve damage is a contraindication."),
    Rule(id="C5.session_recent_stop_sign", topic="session.action", priority=STOP,
         when=fact("recent_stop_sign").is_("yes"),
         then=Outcome(value="stop",
                      summary="A stop sign in the last two weeks: stop and see a doctor first.",
                      detail="Sharp pain, dizziness or numbness came up in a recent session; "
                             "resume only once a doctor has looked at it."),
         sources=("C5", "C15"), basis="interpreted",
         note="A stop sign is not forgotten after one more logged session: acumat keeps "
              "advising stop for 14 days, since it cannot know whether a doctor was seen."),
    Rule(id="U7.stop_at_shortest", topic="session.action", priority=STOP,
         when=all_of(_LOGGED, _STRAIN, fact("last_minutes").at_most(1)),
         then=Outcome(value="stop",
                      summary="Trouble even at the shortest session: stop and ask a doctor.",
                      detail="Sessions cannot get any shorter."),
         sources=("U7", "C15"), basis="interpreted",
         note="Stepping back below one minute is impossible, so the safe advice is to stop."),
    Rule(id="U7.back_skin", topic="session.action", priority=BACK,
         when=fact("last_skin_irritation").is_("yes"),
         then=Outcome(value="step_back", summary="Skin irritation: rest, then shorter sessions.",
                      detail="Overuse irritates the skin; give it a day and cut the time."),
         sources=("U7", "C11"), basis="stated"),
    Rule(id="U7.back_bruising", topic="session.action", priority=BACK,
         when=fact("last_bruising").is_("yes"),
         then=Outcome(value="step_back", summary="Bruising: rest, then shorter sessions.",
                      detail="Bruises mean the pressure was too much for the skin."),
         sources=("U7", "C11"), basis="interpreted",
         note="Bruising is read as skin damage from overuse."),
    Rule(id="U7.back_discomfort", topic="session.action", priority=BACK,
         when=fact("last_discomfort").at_least(7),
         then=Outcome(value="step_back", summary="High discomfort: shorter sessions.",
                      detail="Too long too soon causes discomfort."),
         sources=("U7",), basis="interpreted",
         note="High = 7 or more of 10, the severe band of the rating scale."),
    Rule(id="U7.back_over_target", topic="session.action", priority=BACK - 2,
         when=fact("over_target").is_("yes"),
         then=Outcome(value="step_back_target", summary="Longer than the daily aim: cut back to it.",
                      detail="Overuse irritates the skin; stay within the daily target."),
         sources=("U7", "U4", "U5"), basis="interpreted",
         note="Sessions above the daily target are brought back to it."),
    Rule(id="U6.one_session_a_day", topic="session.note",
         when=all_of(fact("day_over_target").is_("yes"), fact("over_target").is_("no")),
         then=Outcome(summary="Keep to one session a day within the daily aim.",
                      detail="The sessions of one day added up to more than the daily target."),
         sources=("U6", "U7"), basis="interpreted",
         note="The source's targets are daily totals."),
    Rule(id="U3.back_after_gap", topic="session.action", priority=BACK - 1,
         when=all_of(fact("gap_days").above(LONG_GAP), fact("above_start").is_("yes")),
         then=Outcome(value="step_back_gap", summary="After a break, step back toward the start.",
                      detail="The body loses some of its adaptation over a break of more than a "
                             "week."),
         sources=("U3", "U6"), basis="interpreted",
         note="More than a week without sessions undoes part of the adaptation."),
    Rule(id="U4.session_start", topic="session.action", priority=START,
         when=fact("history").is_("empty"),
         then=Outcome(value="start", summary="First session: start with the plan's first week.",
                      detail="Begin short and let the body adapt."),
         sources=("U1", "U4"), basis="stated"),
    Rule(id="U3.restart_after_gap", topic="session.action", priority=START,
         when=all_of(_LOGGED, fact("gap_days").above(LONG_GAP), fact("above_start").is_("no")),
         then=Outcome(value="start", summary="After a break, start again at the plan's start.",
                      detail="The body loses some of its adaptation over a break of more than a "
                             "week."),
         sources=("U3", "U6"), basis="interpreted",
         note="More than a week without sessions undoes part of the adaptation."),
    Rule(id="U3.step_up", topic="session.action", priority=UP,
         when=all_of(_LOGGED, fact("comfortable_streak").at_least(STREAK),
                     fact("at_target").is_("no"), fact("day_over_target").is_("no")),
         then=Outcome(value="step_up", summary="A week of comfortable sessions: a little longer.",
                      detail="Adapted at this length, so lengthen gradually toward the target."),
         sources=("U3", "U4", "U5"), basis="stated"),
    Rule(id="U6.hold", topic="session.action", priority=HOLD, when=_LOGGED,
         then=Outcome(value="hold", summary="Keep the same length for now.",
                      detail="Stay at this length until a week of sessions feels comfortable."),
         sources=("U3", "U6"), basis="stated"),
    Rule(id="U7.rest_skin", topic="session.rest",
         when=any_of(fact("last_skin_irritation").is_("yes"), fact("last_bruising").is_("yes")),
         then=Outcome(value=1, summary="Rest at least one day before the next session.",
                      detail="Let the skin recover."),
         sources=("U7",), basis="interpreted",
         note="One rest day lets irritated skin settle before the next session."),
)
