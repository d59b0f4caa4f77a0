"""Concurrent evaluations are isolated: 8 threads give exactly the single-thread answers."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from acumat import Verdict, recommend

THREADS = 8
MEDS = ("warfarin", "Eliquis 5 mg", "paracetamol", "metformin", "xeralto", "vitamin D")
CONDITIONS = ("bleeding_disorder", "heart_disease", "severe_nerve_damage", "severe_injury",
              "other_serious")


def _answer(rng: random.Random) -> bool | None:
    return rng.choice([None, False, False, True])


def mixed_profiles(n: int = 200, seed: int = 20240611) -> list[dict[str, Any]]:
    """A fixed, varied list of profile dicts (same list every run)."""
    rng = random.Random(seed)
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
        }
        out.append(p)
    return out


def test_profiles_are_mixed():
    """The fixed list covers every verdict, so the concurrency test exercises all paths."""
    verdicts = {recommend(p).verdict for p in mixed_profiles()}
    assert verdicts == set(Verdict)


def test_eight_threads_match_single_thread():
    """8 threads recommending concurrently (each in its own order) give the single-thread JSON."""
    profiles = mixed_profiles()
    expected = [recommend(p).model_dump_json() for p in profiles]
    barrier = threading.Barrier(THREADS)

    def work(worker: int) -> dict[int, str]:
        order = list(range(len(profiles)))
        random.Random(worker).shuffle(order)
        barrier.wait()
        got = {}
        for _round in range(2):
            for i in order:
                got[i] = recommend(profiles[i]).model_dump_json()
                assert got[i] == expected[i], f"thread {worker}, profile {i}"
        return got

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    for got in results:
        assert [got[i] for i in range(len(profiles))] == expected
    # Nothing was left behind: a fresh single-thread pass agrees too.
    assert [recommend(p).model_dump_json() for p in profiles] == expected
