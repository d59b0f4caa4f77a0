"""recommend_many throughput with workers=1 and workers=2 (target: 2 workers ≥ 1.5× one).

Times ``recommend_many(profiles, workers=w)`` wall-clock over ``--n`` distinct profiles,
including the process pool's startup (spawn, import, engine build) and shutdown. The
pool's fixed cost is also measured on its own (two one-profile chunks through a fresh
2-worker pool) and subtracted to give a steady-state figure. The target is information
only; on a 2-core machine the parent process (which pickles inputs and unpickles every
Recommendation) competes with the two workers for the same cores.

    python benchmarks/bench_batch.py [--n 100000] [--chunksize 1000]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time

import _profiles as bp
import _timing as bt

from acumat import default_rules, recommend, recommend_many

TARGET = 1.5  # issue 15: "nothing gets slower", 2 workers ≥ 1.5× one on an idle 2-core machine


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(profiles: list[dict[str, object]], workers: int, chunksize: int
         ) -> tuple[float, float, list[str]]:
    gc.collect()
    c0, k0, t0 = time.process_time(), _children_cpu(), time.perf_counter()
    results = recommend_many(profiles, workers=workers, chunksize=chunksize)
    wall = time.perf_counter() - t0
    parent, children = time.process_time() - c0, _children_cpu() - k0
    print(f"  workers={workers}: CPU seconds used by the parent {parent:.2f}, by worker processes "
          f"{children:.2f}, over {wall:.2f} s wall")
    verdicts = [getattr(r, "verdict", "error") for r in results]
    del results
    return wall, parent + children, [str(v) for v in verdicts]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="distinct profiles (default 100000)")
    ap.add_argument("--chunksize", type=int, default=1000, help="recommend_many chunksize")
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()

    profiles = bp.profiles(args.n, args.seed)
    for p in bp.profiles(200, args.seed + 1000):  # warm the parent: imports, engines
        recommend(p, default_rules())
    cpus = len(os.sched_getaffinity(0))
    print(bt.machine())
    print(f"bench_batch: {args.n} distinct profiles, chunksize {args.chunksize}, {cpus} usable CPU(s)")

    # The pool's fixed cost: spawn 2 workers, import acumat, build engines, shut down.
    t0 = time.perf_counter()
    recommend_many(profiles[:2], workers=2, chunksize=1)
    startup = time.perf_counter() - t0

    w1, cpu1, v1 = _run(profiles, 1, args.chunksize)
    w2, cpu2, v2 = _run(profiles, 2, args.chunksize)
    same = v1 == v2
    r1, r2 = args.n / w1, args.n / w2
    r2_steady = args.n / max(w2 - startup, 1e-9)
    print(f"  workers=1  {w1:8.2f} s wall   {r1:9.0f} profiles/s   (baseline, in-process)")
    print(f"  workers=2  {w2:8.2f} s wall   {r2:9.0f} profiles/s   (incl. pool startup/shutdown)")
    print(f"  pool startup+shutdown alone (2 spawned workers): {startup:.2f} s")
    print(f"  workers=2 without it       {w2 - startup:8.2f} s        {r2_steady:9.0f} profiles/s")
    print(f"  ratio 2w/1w incl. startup  {r2 / r1:6.2f} ×   target ≥ {TARGET}×: "
          f"{bt.verdict(r2 / r1 >= TARGET)} (information only)")
    print(f"  ratio 2w/1w steady state   {r2_steady / r1:6.2f} ×   target ≥ {TARGET}×: "
          f"{bt.verdict(r2_steady / r1 >= TARGET)} (information only)")
    # 2 workers + the parent can use at most 3 cores: the speed-up cannot beat
    # (CPU of 1 worker) / (total CPU with 2 workers / usable cores).
    print(f"  CPU-bound ceiling of the ratio on {cpus} cores: {cpu1 / (cpu2 / min(cpus, 3)):.2f} × "
          f"(1w CPU {cpu1:.1f} s vs 2w total CPU {cpu2:.1f} s incl. parent)")
    print(f"  same verdicts, same order in both runs: {same}")
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
