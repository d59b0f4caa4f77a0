"""recommend() end to end vs UserProfile.model_validate on the same, never-seen profiles.

Generates ``--n`` distinct profiles up front, warms up on a different set, then times
one recommend() pass over them (each profile is recommended exactly once, so no cache
can have seen it), in blocks interleaved with model_validate of the same profiles.
Target: recommend ≤ 30× model_validate (information only). Then profiles
``--profile-n`` further fresh recommend() calls with cProfile and prints the top
functions by cumulative and by own time.

    python benchmarks/bench_recommend.py [--n 20000] [--profile-n 5000] [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sysconfig
import time
from pathlib import Path

import _profiles as bp
import _timing as bt

import acumat
from acumat import UserProfile, recommend

TARGET = 30.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="distinct profiles timed (default 20000)")
    ap.add_argument("--profile-n", type=int, default=5000, help="recommend() calls under cProfile")
    ap.add_argument("--top", type=int, default=15, help="functions listed from the profile")
    ap.add_argument("--block", type=int, default=250, help="profiles per interleaved block")
    ap.add_argument("--seed", type=int, default=2)
    args = ap.parse_args()

    # Three disjoint sets (different seeds; overlaps are removed): warm-up, timed, profiled.
    timed = bp.profiles(args.n, args.seed)
    keys = {repr(p) for p in timed}
    warm = [p for p in bp.profiles(1000, args.seed + 1000) if repr(p) not in keys]
    prof = [p for p in bp.profiles(args.profile_n, args.seed + 2000) if repr(p) not in keys]
    for p in warm:
        recommend(p)
        UserProfile.model_validate(p)

    print(bt.machine())
    # Interleaved blocks, so that the machine's speed swings (large on a small VM) hit both
    # sides alike: per block, model_validate (it caches nothing) just before and just after
    # the one recommend() pass over those never-seen profiles; its mean is the baseline.
    t_rec = t_val = 0.0
    block_ratios: list[float] = []
    verdicts: dict[str, int] = {}
    gc.collect()
    for k in range(0, len(timed), args.block):
        blk = timed[k : k + args.block]
        v1, _ = bt.once_us(UserProfile.model_validate, blk)
        c0, t0 = time.process_time(), time.perf_counter_ns()
        recs = [recommend(p) for p in blk]
        ns = time.perf_counter_ns() - t0
        bt.timed(ns / 1e9, time.process_time() - c0)
        v2, _ = bt.once_us(UserProfile.model_validate, blk)
        r, v = ns / 1000, (v1 + v2) / 2 * len(blk)
        t_rec, t_val = t_rec + r, t_val + v
        block_ratios.append(r / v)
        for rec in recs:
            verdicts[rec.verdict.value] = verdicts.get(rec.verdict.value, 0) + 1
    n = len(timed)
    t_rec, t_val = t_rec / n, t_val / n
    ratio = t_rec / t_val
    q = statistics.quantiles(block_ratios, n=10)
    print(f"bench_recommend: {n} distinct profiles, each recommended once (not seen before), "
          f"in blocks of {args.block}; verdicts {verdicts}")
    print(f"  recommend()                  {t_rec:9.2f} µs/call  ({1e6 / t_rec:8.0f} calls/s)")
    print(f"  UserProfile.model_validate   {t_val:9.2f} µs/call  (baseline)")
    print(f"  ratio recommend/validate     {ratio:9.2f} ×   target ≤ {TARGET:.0f}×: "
          f"{bt.verdict(ratio <= TARGET)} (information only)")
    print(f"  per-block ratio: median {statistics.median(block_ratios):.1f}, 10th–90th percentile "
          f"{q[0]:.1f}–{q[-1]:.1f} over {len(block_ratios)} blocks")

    pr = cProfile.Profile()
    pr.enable()
    for p in prof:
        recommend(p)
    pr.disable()
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        st = pstats.Stats(pr, stream=out)
        st.sort_stats(key).print_stats(args.top)
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print(f"\ncProfile of {len(prof)} fresh recommend() calls: top {args.top} by {key} "
              f"(total {st.total_tt:.2f} s under the profiler)")  # type: ignore[attr-defined]
        text = "\n".join(line for line in lines[start:] if line.strip())
        for prefix in (sysconfig.get_paths()["purelib"], str(Path(acumat.__file__).parents[1])):
            text = text.replace(prefix + "/", "")  # shorter paths, still package-qualified
        print(text)

    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
