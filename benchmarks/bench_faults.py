"""recommend() with faults injected into durable-rules' C calls: memory, answers, refusals.

``--n`` recommend() calls (default 100,000) on distinct profiles, first fault-free (the
baseline: answers and µs per call), then again with each C call failing with probability
``--rate`` (default 1 %): it raises MemoryError, RuntimeError, SystemError or durable's
own error (before or after doing its work), returns garbage, or silently loses an
action (``tests/faultproxy.py``). Prints the VmRSS growth of
the faulty run (target < 10 MB), how many answers were refused with EngineError, how
many were wrong (must be 0: every answer equals the fault-free one), any other exception
(must be 0), and how often an engine had to replace a durable ruleset.

    python benchmarks/bench_faults.py [--n 100000] [--rate 0.01] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter
from pathlib import Path

import _profiles as bp
import _timing as bt

import acumat.engine
from acumat import EngineError, Outcome, Rule, all_of, default_rules, fact, recommend

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from faultproxy import FaultyDurable  # the tests' proxy, found via sys.path

TARGET_MB = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="recommend() calls (default 100000)")
    ap.add_argument("--rate", type=float, default=0.01, help="fault probability per C call")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    # Engines of their own (one never-firing rule per stage), so the faults stay here.
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"))
    rules = default_rules().with_pack([
        Rule(id=f"bench.{topic}", topic=topic, when=never, basis="interpreted",
             note="Benchmark-only rule that can never fire.",
             then=Outcome(level="caution", summary="never") if topic == "safety"
             else Outcome(summary="never"))
        for topic in ("safety", "plan.note", "session.note")])
    profiles = bp.profiles(args.n, args.seed)
    print(bt.machine())
    print(f"bench_faults: {args.n} distinct profiles, fault rate {args.rate:.2%} per C call")

    c0, t0 = time.process_time(), time.perf_counter()
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    base_s = time.perf_counter() - t0
    bt.timed(base_s, time.process_time() - c0)

    real = acumat.engine._dre
    proxy = FaultyDurable(real, seed=args.seed)
    proxy.randomly(args.rate, kinds=("before", "after", "garbage", "drop"),
                   drop_ok=lambda handle: True)
    outcome: Counter[str] = Counter()
    gc.collect()
    before = bt.rss_mb()
    trail = []
    acumat.engine._dre = proxy
    try:
        c0, t0 = time.process_time(), time.perf_counter()
        for i, (p, want) in enumerate(zip(profiles, expected, strict=True)):
            try:
                got = recommend(p, rules).model_dump_json()
            except EngineError:
                outcome["refused"] += 1
            except Exception as exc:  # counted: any other error is a defect
                outcome[f"other {type(exc).__name__}"] += 1
            else:
                outcome["right" if got == want else "WRONG"] += 1
            if i and i % (args.n // 4) == 0:
                trail.append(f"{bt.rss_mb() - before:+.1f}")
        fault_s = time.perf_counter() - t0
        bt.timed(fault_s, time.process_time() - c0)
    finally:
        acumat.engine._dre = real
    gc.collect()
    growth = bt.rss_mb() - before
    after = sum(recommend(p, rules).model_dump_json() == w
                for p, w in zip(profiles[:1000], expected[:1000], strict=True))

    injected = sum(proxy.injected.values())
    print(f"\n[fault-free baseline] {base_s / args.n * 1e6:.1f} µs/call")
    print(f"[{args.rate:.2%} faults] {fault_s / args.n * 1e6:.1f} µs/call "
          f"({fault_s / base_s:.2f} × baseline); faults injected: {injected} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(proxy.injected.items()))}) over "
          f"{sum(proxy.seen.values())} C calls")
    print(f"  answers: right {outcome['right']}, refused (EngineError) {outcome['refused']}, "
          f"WRONG {outcome['WRONG']}, other errors "
          f"{sum(v for k, v in outcome.items() if k.startswith('other'))} {dict(outcome)}")
    print("  durable rulesets replaced: " + ", ".join(
        f"{s} {rules.engine(s).replacements}" for s in ("profile", "guidance")) +
        f" (cap {acumat.engine.MAX_REPLACEMENTS} per engine)")
    print(f"  VmRSS growth {growth:+.2f} MB (at 1/4, 1/2, 3/4: {', '.join(trail)} MB); "
          f"growth < {TARGET_MB:.0f} MB: {bt.verdict(growth < TARGET_MB)}")
    clean = outcome["WRONG"] == 0 and outcome["right"] + outcome["refused"] == args.n
    print(f"  no wrong answer, no other error: {bt.verdict(clean)}")
    print(f"  after the run, without faults: {after} of 1000 answers right")
    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
