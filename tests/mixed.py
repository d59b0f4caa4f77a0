"""Fixed inputs shared by the concurrency, reliability, fuzz and dask tests (same every run)."""

from __future__ import annotations

import json
import random
from typing import Any

from acumat import Verdict, next_session, recommend

SKIN_OK = {"broken": False, "infection": False, "allergy": False, "sensitive": False}
SAFE: dict[str, Any] = {"pregnant": False, "blood_thinners": False, "conditions": [], "skin": SKIN_OK,
                        "pain": {"region": "lower", "severity": 3, "weeks": 4}}
#: Profiles and the verdict the source gives each (C8 blood thinners, C4 pregnancy,
#: C1 broken skin, unanswered questions never suitable, C13 severe pain).
KNOWN: tuple[tuple[dict[str, Any], Verdict], ...] = (
    (SAFE, Verdict.SUITABLE),
    ({**SAFE, "blood_thinners": True}, Verdict.AVOID),
    ({**SAFE, "medications": ["Xarelto 20mg tablet"]}, Verdict.AVOID),
    ({**SAFE, "pregnant": True}, Verdict.CONSULT),
    ({**SAFE, "skin": {**SKIN_OK, "broken": True}}, Verdict.AVOID),
    ({**SAFE, "pain": {"region": "upper", "severity": 8, "weeks": 2}}, Verdict.CONSULT),
    ({}, Verdict.CAUTION),
    ({**SAFE, "pregnant": None}, Verdict.CAUTION),
)
LOG = {"day": "2026-03-02", "minutes": 10, "discomfort": 2, "symptoms": []}


def assert_answers_right() -> None:
    """Known profiles still get the source's verdicts, a session plan, and a dizzy session stops (C5)."""
    for profile, verdict in KNOWN:
        assert recommend(profile).verdict == verdict, profile
    advice = next_session(SAFE, [LOG])
    assert advice.action in {"start", "step_up", "hold"} and advice.minutes is not None
    stop = next_session(SAFE, [{**LOG, "symptoms": ["dizziness"]}])
    assert stop.action == "stop"

MEDS = ("warfarin", "Eliquis 5 mg", "paracetamol", "metformin", "xeralto", "vitamin D")
CONDITIONS = ("bleeding_disorder", "heart_disease", "severe_nerve_damage", "severe_injury",
              "other_serious")
THERAPIES = ("physical_therapy", "massage", "stretching", "posture_exercises")

#: Inputs that must each become a validation error, with the field the error names.
BAD_ITEMS: tuple[tuple[Any, str | None], ...] = (
    ({"pregnant": "maybe"}, "pregnant"),
    ({"pain": {"severity": 11}}, "pain.severity"),
    ({"skin": {"broken": 1}}, "skin.broken"),
    ({"conditions": ["flu"]}, "conditions.0"),
    ({"sessions_completed": -1}, "sessions_completed"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
    ('{"pregnant": false,', None),
    ("[1, 2, 3]", None),
    (42, None),
)


def _answer(rng: random.Random) -> bool | None:
    return rng.choice([None, False, False, True])


def mixed_profiles(n: int = 200, seed: int = 20240611) -> list[dict[str, Any]]:
    """``n`` varied profile dicts covering every verdict."""
    rng = random.Random(seed)
    extra = random.Random(seed + 1)  # a second stream, so older draws stay the same
    out = []
    for _ in range(n):
        p: dict[str, Any] = {
            "pregnant": _answer(rng),
            "blood_thinners": _answer(rng),
            "medications": rng.sample(MEDS, rng.randint(0, 2)),
            "conditions": None if rng.random() < 0.2 else rng.sample(CONDITIONS, rng.choice([0, 0, 0, 1])),
            "skin": {k: _answer(rng) for k in ("broken", "infection", "allergy", "sensitive")},
            "pain": {"region": rng.choice(["lower", "middle", "upper"]),
                     "severity": rng.choice([None, *range(11)]), "weeks": rng.randint(0, 30)},
            "sessions_completed": rng.randint(0, 40),
            "preferences": {"intensity": rng.choice([None, "gentle", "moderate", "strong"]),
                            "portable": _answer(rng)},
            "therapies": extra.sample(THERAPIES, extra.randint(0, 2)),
        }
        out.append(p)
    return out


def mixed_inputs(n: int, seed: int = 7, bad_every: int = 97) -> list[Any]:
    """``n`` inputs as apps send them (dicts and JSON text), with a bad item every ``bad_every``."""
    rng = random.Random(seed)
    items: list[Any] = []
    for i, p in enumerate(mixed_profiles(n, seed)):
        if i % bad_every == bad_every // 2:
            items.append(BAD_ITEMS[(i // bad_every) % len(BAD_ITEMS)][0])
        elif rng.random() < 0.3:
            items.append(json.dumps(p))
        else:
            items.append(p)
    return items
