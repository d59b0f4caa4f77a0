"""Resident memory growth over many evaluations (target: < 10 MB growth).

Two runs in one process, each after a warm-up of ``--warmup`` evaluations:

* ``--n`` engine evaluations (default 1,000,000): ``RuleSet.fire("profile", fact)`` and,
  every 4th time, ``RuleSet.fire("guidance", fact)``, on facts derived from distinct
  profiles, each given a fresh ``sessions_completed`` so no two asserted facts are equal;
* ``--recommend-n`` recommend() calls (default 100,000) on distinct profiles.

Then what rule sets cost (durable-rules never frees a ruleset's state):

* ``--builds`` (default 1,000): ``default_rules().with_pack(load_rules(
  "examples/custom_pack.yaml"))`` built anew and used once (``recommend({})``) each time:
  identical rule sets share their engines, so the target is the same < 10 MB growth;
* ``--distinct`` (default 200) distinct rule sets (the defaults plus one never-firing rule
  per stage, a different one each time), each used once: MB per distinct rule set, and
  how many engines the shared registry keeps alive.

RSS is read from /proc/self/status (VmRSS) after ``gc.collect()``; growth is after - before.

    python benchmarks/bench_memory.py [--n 1000000] [--recommend-n 100000] [--warmup 10000]
                                      [--builds 1000] [--distinct 200]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable

import _profiles as bp
import _timing as bt

import acumat.engine
from acumat import Outcome, Rule, RuleSet, all_of, default_rules, fact, load_rules, recommend

TARGET_MB = 10.0


def _measure(label: str, n: int, warmup: int, step: Callable[[int], object]) -> float:
    for i in range(warmup):
        step(i)
    gc.collect()
    before = bt.rss_mb()
    c0, t0 = time.process_time(), time.perf_counter()
    checkpoints = {n // 4, n // 2, 3 * n // 4}
    trail = []
    for i in range(n):
        step(warmup + i)
        if i in checkpoints:
            trail.append(f"{bt.rss_mb() - before:+.1f}")
    elapsed = time.perf_counter() - t0
    bt.timed(elapsed, time.process_time() - c0)
    gc.collect()
    after = bt.rss_mb()
    growth = after - before
    print(f"\n[{label}] {n} calls after {warmup} warm-up calls, {elapsed:.1f} s "
          f"({elapsed / n * 1e6:.1f} µs/call)")
    print(f"  VmRSS before {before:8.1f} MB   after {after:8.1f} MB   growth {growth:+.2f} MB "
          f"(at 1/4, 1/2, 3/4: {', '.join(trail)} MB)")
    print(f"  growth < {TARGET_MB:.0f} MB: {bt.verdict(growth < TARGET_MB)}")
    return growth


def _distinct(k: int) -> RuleSet:
    """The default rules plus one never-firing rule per stage, made distinct by ``k``."""
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"),
                   fact("sessions_completed").is_(-k))
    note = "Benchmark-only rule that can never fire."
    return default_rules().with_pack([
        Rule(id=f"bench{k}.{topic}", topic=topic, when=never, basis="interpreted", note=note,
             then=Outcome(level="caution", summary="never") if topic == "safety"
             else Outcome(summary="never"))
        for topic in ("safety", "plan.note", "session.note")])


def _rule_sets(builds: int, distinct: int) -> tuple[float, float]:
    pack = load_rules("examples/custom_pack.yaml")
    for _ in range(10):
        recommend({}, rules=default_rules().with_pack(pack))
    gc.collect()
    before = bt.rss_mb()
    t0 = time.perf_counter()
    for _ in range(builds):
        recommend({}, rules=default_rules().with_pack(pack))
    gc.collect()
    same = bt.rss_mb() - before
    print(f"\n[same rule set built {builds} times] default_rules().with_pack(custom_pack), one "
          f"recommend() each, {time.perf_counter() - t0:.1f} s")
    print(f"  VmRSS growth {same:+.2f} MB ({same / builds * 1024:.1f} KB per build); "
          f"growth < {TARGET_MB:.0f} MB: {bt.verdict(same < TARGET_MB)}")
    gc.collect()
    before = bt.rss_mb()
    for k in range(distinct):
        recommend({}, rules=_distinct(k + 1))
    gc.collect()
    per = (bt.rss_mb() - before) / distinct
    live, kept = acumat.engine.shared_count()
    print(f"\n[{distinct} distinct rule sets] each used once by recommend() (2 stages)")
    print(f"  VmRSS growth {per:.2f} MB per distinct rule set; engines alive {live}, kept by the "
          f"registry {kept} (MAX_SHARED = {acumat.engine.MAX_SHARED})")
    return same, per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="engine evaluations (default 1000000)")
    ap.add_argument("--recommend-n", type=int, default=100_000, help="recommend() calls (default 100000)")
    ap.add_argument("--warmup", type=int, default=10_000, help="warm-up calls before each run")
    ap.add_argument("--pool", type=int, default=20_000, help="distinct profiles the facts come from")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--builds", type=int, default=1000, help="builds of one pack rule set")
    ap.add_argument("--distinct", type=int, default=200, help="distinct rule sets")
    args = ap.parse_args()

    rs = default_rules()
    base = bp.facts(args.pool, args.seed)
    gfacts = bp.guidance_facts(base, args.seed)
    size = len(base)

    def engine_step(i: int) -> object:
        k = i % size
        f = dict(base[k])
        f["sessions_completed"] = i % 100_001
        if i % 4 == 0:
            g = dict(gfacts[k])
            g["sessions_completed"] = f["sessions_completed"]
            rs.fire("guidance", g)
        return rs.fire("profile", f)

    need = args.warmup + args.recommend_n
    profiles = bp.profiles(need, args.seed + 1)

    def recommend_step(i: int) -> object:
        return recommend(profiles[i])

    print(bt.machine())
    print(f"bench_memory: default rules {rs.fingerprint}; facts from {size} distinct profiles; "
          f"{need} distinct profiles for recommend(); start VmRSS {bt.rss_mb():.1f} MB")
    g1 = _measure("engine evaluations (RuleSet.fire)", args.n, args.warmup, engine_step)
    g2 = _measure("recommend()", args.recommend_n, args.warmup, recommend_step)
    g3, per = _rule_sets(args.builds, args.distinct)
    print(f"\nsummary: engine growth {g1:+.2f} MB, recommend growth {g2:+.2f} MB, {args.builds} "
          f"builds of one rule set {g3:+.2f} MB, target < {TARGET_MB:.0f} MB: "
          f"{bt.verdict(max(g1, g2, g3) < TARGET_MB)}; each distinct rule set {per:.2f} MB")
    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
