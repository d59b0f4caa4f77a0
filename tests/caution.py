"""A rule set whose caution verdict still allows a plan (shared by the plan, mat and session tests).

With the default rules every unanswered screening question could, if answered yes, lead
to consult or avoid, so a caution verdict there always withholds mat and plan. A pack
question whose "yes" only calls for care (caution) leaves the plan in place: that is
the caution-with-a-plan case these tests need.
"""

from __future__ import annotations

import functools

from acumat import ExtraQuestion, Outcome, Pack, Rule, RuleSet, default_rules, fact

CARE_PACK = Pack(
    name="care",
    questions=(ExtraQuestion(name="new_to_massage", safety=True,
                             question="Is this your first week of any massage or pressure therapy?"),),
    rules=(Rule(id="care.new_to_massage", topic="safety",
                when=fact("extra_new_to_massage").is_("yes"),
                then=Outcome(level="caution", summary="New to pressure therapy: go gently."),
                basis="interpreted", note="A test pack question whose yes only asks for care."),),
)


@functools.cache
def caution_rules(duration: str = "U4") -> RuleSet:
    """The default rules plus a safety question whose unanswered state gives caution with a plan."""
    return default_rules(duration).with_pack(CARE_PACK)  # type: ignore[arg-type]
