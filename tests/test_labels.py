"""Labels and wording (issue 12 §5): stated only what the source says, readable text for people."""

from __future__ import annotations

import re
from typing import Any

import pytest

from acumat import default_rules, next_session, recommend

SKIN_OK = {"broken": False, "infection": False, "allergy": False, "sensitive": False}
SAFE: dict[str, Any] = {"pregnant": False, "blood_thinners": False, "conditions": [],
                        "skin": SKIN_OK, "pain": {"region": "lower", "severity": 3, "weeks": 4}}

#: Thresholds and gates acumat chose, which the source does not state: severe = 7–10 and its
#: doctor-first level (C13), the 14-session experience gate (U12 says "a week or more"), the
#: compact mat covering the lower back (M9 gives no sizes), the 7-day step-up, the rest days.
CHOSEN = ("C13.severe_pain", "M4.density_low", "M5.length_long", "M6.density_gentle",
          "M6.length_gentle", "M8.size_compact", "U3.step_up", "U7.rest_skin",
          "U12.early_discomfort", "U12.adapted")


@pytest.mark.parametrize("rule_id", CHOSEN)
def test_chosen_thresholds_are_interpreted_with_a_reason(rule_id):
    """Rules whose threshold or gate acumat chose are marked interpreted and say why in a note."""
    rule = default_rules()[rule_id]
    assert rule.basis == "interpreted"
    assert len(rule.note) > 20


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_person_text_never_mentions_python(duration):
    """No summary or detail a person reads names a Python call or keyword."""
    for rule in default_rules(duration):
        text = f"{rule.then.summary} {rule.then.detail}"
        assert not re.search(r"default_rules|duration=|\(\)|python", text, re.IGNORECASE), rule.id


def test_u5_plan_cites_u5_not_u4():
    """A plan under the U5 reading cites U5 for its durations, never U4 (but for the note that
    names the conflict)."""
    rules = default_rules("U5")
    rec = recommend(SAFE, rules)
    assert rec.plan is not None and rec.plan.schedule == "U5"
    cited = {f.rule_id for f in rec.findings if "U4" in f.sources}
    assert cited == {"U4.U5.conflict"}
    advice = next_session(SAFE, [], rules=rules)
    assert "U5" in advice.findings[0].sources and "U4" not in advice.findings[0].sources


def test_adapted_users_are_not_told_while_adapting():
    """A person already adapted (14+ sessions) reads no "while adapting" advice."""
    rec = recommend({**SAFE, "sessions_completed": 30})
    assert rec.plan is not None
    assert "while adapting" not in rec.explain().lower()
    beginner = recommend(SAFE)
    assert "while adapting" in beginner.explain().lower()
