"""Concurrent evaluations are isolated: 8 threads give exactly the single-thread answers."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from acumat import Verdict, recommend
from mixed import mixed_profiles

THREADS = 8


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
