"""Shared inputs for the benchmarks: a seeded profile generator and the facts derived from it.

Profiles are plain dicts (what an app sends), drawn with :class:`random.Random` so a
seed always gives the same list. Every field of :class:`acumat.UserProfile` varies,
including "not asked" (``None``/absent) answers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from acumat.profile import Condition, Intensity, Region, Therapy

_THINNERS = ("warfarin", "Eliquis", "Xarelto", "clopidogrel", "apixaban", "rivaroxaban",
             "baby aspirin", "heparin", "Plavix", "dabigatran", "warfarine", "elliquis")
_OTHERS = ("ibuprofen", "paracetamol", "metformin", "vitamin D", "lisinopril", "omeprazole",
           "atorvastatin", "levothyroxine", "amlodipine", "sertraline", "naproxen", "magnesium")
_UNITS = ("mg", " mg", "mg tablet", " mcg", "")
_VERDICTS = ("suitable", "caution", "consult", "avoid")


def _answer(rng: random.Random, careful: bool) -> bool | None:
    if not careful:
        return rng.choice((None, False, True))
    x = rng.random()
    return None if x < 0.05 else x < 0.07


def _medication(rng: random.Random, careful: bool) -> str:
    thinner = rng.random() < (0.02 if careful else 0.3)
    name = rng.choice(_THINNERS) if thinner else rng.choice(_OTHERS)
    if rng.random() < 0.3:
        name = name.upper() if rng.random() < 0.5 else name.capitalize()
    if rng.random() < 0.7:
        name = f"{name} {rng.randint(1, 500)}{rng.choice(_UNITS)}"
    return name


def profile(rng: random.Random) -> dict[str, Any]:
    """One random profile dict; optional keys are sometimes absent, sometimes null.

    About 60 % are "careful" profiles (safety questions mostly answered "no") so the
    mix of verdicts includes suitable and caution, where recommend() also builds a mat
    and a plan; the rest answer every question at random (mostly avoid or consult).
    """
    careful = rng.random() < 0.6
    p: dict[str, Any] = {}
    r = rng.random
    if r() < 0.95:
        p["pregnant"] = _answer(rng, careful)
    if r() < 0.95:
        p["blood_thinners"] = _answer(rng, careful)
    if r() < 0.9:
        p["medications"] = None if r() < 0.1 else [_medication(rng, careful)
                                                   for _ in range(rng.randint(0, 4))]
    if r() < 0.95:
        p["conditions"] = (None if r() < (0.03 if careful else 0.2) else
                           [] if careful and r() < 0.9 else rng.sample(list(Condition), rng.randint(0, 2)))
    if r() < 0.95:
        p["skin"] = None if r() < (0.02 if careful else 0.1) else {
            k: _answer(rng, careful) for k in ("broken", "infection", "allergy", "sensitive")}
    if r() < 0.95:
        p["pain"] = None if r() < 0.05 else {
            "region": rng.choice((None, *Region)),
            "severity": None if r() < 0.05 else rng.randint(0, 7 if careful else 10),
            "weeks": None if r() < 0.1 else rng.choice((rng.randint(0, 30), rng.randint(0, 5200))),
        }
    p["sessions_completed"] = rng.choice((0, rng.randint(0, 60), rng.randint(0, 100_000)))
    p["preferences"] = {"intensity": rng.choice((None, *Intensity)),
                        "portable": rng.choice((None, False, True))}
    p["therapies"] = rng.sample(list(Therapy), rng.randint(0, 4))
    # StrEnum members serialise as their values; make the dicts plain JSON data.
    return json.loads(json.dumps(p))


def profiles(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` pairwise-distinct random profiles, the same list for the same seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    while len(out) < n:
        p = profile(rng)
        key = json.dumps(p, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def facts(n: int, seed: int = 0) -> list[dict[str, str | int]]:
    """Profile-stage facts derived (as recommend does) from ``n`` random profiles."""
    from acumat.facts import derive
    from acumat.profile import UserProfile

    return [derive(UserProfile.model_validate(p)).fact for p in profiles(n, seed)]


def guidance_facts(base: Sequence[dict[str, str | int]], seed: int = 0) -> list[dict[str, str | int]]:
    """``base`` facts each with a random screening verdict added (the guidance stage's fact)."""
    rng = random.Random(seed)
    return [{**f, "verdict": rng.choice(_VERDICTS)} for f in base]


_SYMPTOMS = ("sharp_pain", "dizziness", "skin_irritation", "bruising", "numbness")


def history(rng: random.Random, max_logs: int = 20) -> list[dict[str, Any]]:
    """One random, date-ordered session history (plain dicts), possibly empty."""
    import datetime as dt

    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    logs: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, max_logs)):
        symptoms = [rng.choice(_SYMPTOMS)] if rng.random() < 0.08 else []
        logs.append({"day": day.isoformat(), "minutes": rng.choice((5, 10, 10, 15, 20, 30, 45)),
                     "discomfort": rng.choice((0, 1, 2, 3, 3, 5, 8)), "symptoms": symptoms})
        day += dt.timedelta(days=rng.choice((0, 1, 1, 1, 2, 5)))
    return logs


def histories(n: int, seed: int = 0) -> list[list[dict[str, Any]]]:
    """``n`` random histories, the same list for the same seed."""
    rng = random.Random(seed)
    return [history(rng) for _ in range(n)]
