"""Choosing the mat (source M1–M9): one winner per attribute, by priority.

The gentlest choice carries the highest priority, so any reason for gentleness
(a beginner, a gentle or unstated preference, moderate pain, a caution verdict)
wins over a wish for stronger stimulation.
"""

from __future__ import annotations

from acumat.rules.model import ALWAYS, Outcome, Rule, all_of, any_of, fact

#: Sessions after which a user counts as experienced: the source says adapting
#: takes "a week or more" (U12); acumat asks for two weeks of daily use.
EXPERIENCED = 14

_NEEDS_GENTLE = any_of(
    fact("sessions_completed").below(EXPERIENCED),
    fact("intensity").one_of("gentle", "unknown"),
    fact("pain_band").one_of("moderate", "severe", "unknown"),
    fact("verdict").is_not("suitable"),
)
_SEASONED = all_of(
    fact("sessions_completed").at_least(EXPERIENCED),
    # No pain or mild pain only (written as exclusions: one conjunction, fewer engine tests).
    fact("pain_band").is_not("moderate"),
    fact("pain_band").is_not("severe"),
    fact("pain_band").is_not("unknown"),
    fact("verdict").is_("suitable"),
)

_GATE = ("Experienced = 14 sessions done (two weeks of daily use, reading U12's 'a week or more' "
         "of adapting); the source gives no number.")

_WHY_GENTLE = ("Many spikes spread the pressure and short spikes stay mild: the right start "
               "for a beginner, a gentle preference, moderate pain or any open safety question.")

RULES: tuple[Rule, ...] = (
    Rule(id="M4.density_default", topic="mat.spike_density", when=ALWAYS, priority=0,
         then=Outcome(value="high", summary="Spike density: high (many spikes, gentler).",
                      detail=_WHY_GENTLE),
         sources=("M4", "M6"), basis="stated"),
    Rule(id="M4.density_medium", topic="mat.spike_density", priority=10,
         when=all_of(_SEASONED, fact("intensity").is_("moderate")),
         then=Outcome(value="medium", summary="Spike density: medium.",
                      detail="An experienced user with mild pain who asks for moderate "
                             "stimulation: a middle density balances spread and focus."),
         sources=("M4", "M6"), basis="interpreted",
         note="The source describes only the two ends of the density scale; medium is "
              "acumat's middle step for a moderate preference."),
    Rule(id="M4.density_low", topic="mat.spike_density", priority=20,
         when=all_of(_SEASONED, fact("intensity").is_("strong")),
         then=Outcome(value="low", summary="Spike density: low (fewer spikes, stronger).",
                      detail="Fewer spikes focus the pressure: for an experienced user with mild "
                             "pain who asks for strong stimulation."),
         sources=("M4", "M6"), basis="interpreted", note=_GATE),
    Rule(id="M6.density_gentle", topic="mat.spike_density", priority=100, when=_NEEDS_GENTLE,
         then=Outcome(value="high", summary="Spike density: high (many spikes, gentler).",
                      detail=_WHY_GENTLE),
         sources=("M4", "M6", "U1"), basis="interpreted", note=_GATE),
    Rule(id="M5.length_default", topic="mat.spike_length", when=ALWAYS, priority=0,
         then=Outcome(value="short", summary="Spike length: short (mild).",
                      detail="Short spikes give milder stimulation."),
         sources=("M5", "M6"), basis="stated"),
    Rule(id="M5.length_long", topic="mat.spike_length", priority=20,
         when=all_of(_SEASONED, fact("intensity").is_("strong")),
         then=Outcome(value="long", summary="Spike length: long (deeper stimulation).",
                      detail="Longer spikes stimulate more deeply: for an experienced user with "
                             "mild pain who asks for strong stimulation."),
         sources=("M5", "M6"), basis="interpreted", note=_GATE),
    Rule(id="M6.length_gentle", topic="mat.spike_length", priority=100, when=_NEEDS_GENTLE,
         then=Outcome(value="short", summary="Spike length: short (mild).", detail=_WHY_GENTLE),
         sources=("M5", "M6", "U1"), basis="interpreted", note=_GATE),
    Rule(id="M9.size_full", topic="mat.size", when=ALWAYS, priority=0,
         then=Outcome(value="full", summary="Size: full-length mat.",
                      detail="A full mat covers the lower, middle and upper back, so it covers "
                             "the painful area wherever it is."),
         sources=("M7", "M9"), basis="interpreted",
         note="The source gives no sizes; a full-length mat is acumat's default because it "
              "covers the painful area wherever it is (M9)."),
    Rule(id="M8.size_compact", topic="mat.size", priority=10,
         when=all_of(fact("portable").is_("yes"), fact("pain_region").is_("lower")),
         then=Outcome(value="compact", summary="Size: compact, portable mat.",
                      detail="You want to use it away from home and the pain is in the lower "
                             "back, which a compact mat still covers."),
         sources=("M7", "M8", "M9"), basis="interpreted",
         note="The source says the mat must cover the painful area but gives no sizes; acumat "
              "assumes a compact mat covers the lower back only."),
    Rule(id="M1.cover", topic="mat.cover", when=ALWAYS,
         then=Outcome(value="natural fabric (cotton or linen)",
                      summary="Cover: natural fabric such as cotton or linen.",
                      detail="Soft and breathable against the skin."),
         sources=("M1",), basis="stated"),
    Rule(id="M2.spikes", topic="mat.spikes", when=ALWAYS,
         then=Outcome(value="non-toxic plastic", summary="Spikes: non-toxic plastic.",
                      detail="The spikes touch the skin for many minutes a day."),
         sources=("M2",), basis="stated"),
    Rule(id="M3.quality", topic="mat.quality", when=ALWAYS,
         then=Outcome(value="durable, well-made; avoid cheap mats that break or irritate skin",
                      summary="Quality: choose a durable, well-made mat.",
                      detail="Poorly made mats break and can irritate the skin."),
         sources=("M3",), basis="stated"),
)
