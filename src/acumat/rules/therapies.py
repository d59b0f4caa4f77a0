"""Combining the mat with other care (source T1–T6)."""

from __future__ import annotations

from acumat.rules.model import ALWAYS, Outcome, Rule, fact


def _with(rule_id: str, therapy: str, summary: str, detail: str, *sources: str) -> Rule:
    return Rule(id=rule_id, topic="therapy", when=fact(f"therapy_{therapy}").is_("yes"),
                then=Outcome(summary=summary, detail=detail), sources=sources, basis="stated")


RULES: tuple[Rule, ...] = (
    _with("T1.physical_therapy", "physical_therapy",
          "Use the mat before or after physical-therapy sessions.",
          "Relaxed muscles make the exercises easier and less painful.", "T1"),
    _with("T2.massage", "massage", "Lie on the mat before a massage.",
          "Softened muscles let the massage reach deeper tissue.", "T2"),
    _with("T3.stretching", "stretching",
          "Use the mat before stretching to warm up, and after to ease soreness.",
          "It prepares muscles and joints, then eases what the stretching stirred up.", "T3"),
    Rule(id="T4.gentle_stretching", topic="therapy", when=ALWAYS,
         then=Outcome(summary="Pair mat sessions with gentle stretching.",
                      detail="Regular users find the combination works better."),
         sources=("T4",), basis="stated"),
    Rule(id="T5.chronic_pain", topic="therapy", when=fact("chronic_pain").is_("yes"),
         then=Outcome(summary="Pain lasting 12 weeks or more: combine the mat with other "
                              "treatments.",
                      detail="For long-lasting pain the mat works best as one part of care."),
         sources=("T5",), basis="interpreted",
         note="Chronic pain is taken as pain lasting 12 weeks or more, the usual clinical "
              "definition; the source does not define it."),
    _with("T6.posture_exercises", "posture_exercises",
          "The mat complements your posture exercises; it does not replace them.",
          "Keep doing the exercises; the mat only relaxes the muscles around them.", "T6"),
)
