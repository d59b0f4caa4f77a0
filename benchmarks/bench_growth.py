"""Cost of a profile-stage evaluation as the rule set grows: 10, 40, 120, 400 rules.

Synthetic "safety" findings (no level, basis interpreted) on existing facts:
thresholds on pain_severity / sessions_completed / pain_weeks, equality on tri-state
facts, and some two-test conjunctions. Each size is timed through durable-rules
(``RuleSet.engine("profile").fired``) and through the reference closures, on the same
facts. Growth is "no worse than linear" when the log-log slope of per-eval cost against
rule count, from the second size to the largest, is at most 1.1 (1.0 = exactly linear).

    python benchmarks/bench_growth.py [--sizes 10,40,120,400] [--n 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import random

import _profiles as bp
import _timing as bt

from acumat import Outcome, Rule, RuleSet, all_of, fact
from acumat.rules.model import Condition

_INTS = {"pain_severity": (-1, 10), "sessions_completed": (0, 120), "pain_weeks": (-1, 60)}
_TRI = ("pregnant", "blood_thinners", "skin_broken", "skin_infection", "skin_allergy",
        "skin_sensitive", "heart_disease", "severe_injury", "portable", "chronic_pain")
_OPS = ("at_least", "at_most", "above", "below")


def _test(rng: random.Random) -> Condition:
    if rng.random() < 0.5:
        name = rng.choice(list(_INTS))
        lo, hi = _INTS[name]
        return getattr(fact(name), rng.choice(_OPS))(rng.randint(lo, hi))
    ref = fact(rng.choice(_TRI))
    value = rng.choice(("yes", "no", "unknown"))
    return ref.is_(value) if rng.random() < 0.8 else ref.is_not(value)


def synthetic(n: int, seed: int = 0) -> RuleSet:
    """``n`` synthetic safety rules; about one in four is a conjunction of two tests."""
    rng = random.Random(seed)
    rules = []
    for i in range(n):
        when = all_of(_test(rng), _test(rng)) if rng.random() < 0.25 else _test(rng)
        rules.append(Rule(id=f"syn.{i}", topic="safety", when=when, basis="interpreted",
                          # No level: random levels would break monotone severity, and a
                          # RuleSet that does is refused; firing costs the same.
                          then=Outcome(summary=f"Synthetic rule {i}.")))
    return RuleSet(rules, name=f"synthetic-{n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,40,120,400", help="comma-separated rule counts")
    ap.add_argument("--n", type=int, default=2000, help="distinct facts evaluated per size")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the facts; best is kept")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    fs = bp.facts(args.n, args.seed)
    print(bt.machine())
    print(f"bench_growth: profile stage of synthetic rule sets, {args.n} distinct facts, "
          f"best of {args.repeat} passes")
    print(f"{'rules':>6} {'rulesets':>8} {'fired':>6} {'engine µs':>10} {'µs/rule':>8} "
          f"{'ref µs':>9} {'µs/rule':>8} {'eng/ref':>8} {'mismatch':>8}")
    rows: list[tuple[int, float, float]] = []
    for n in sizes:
        rs = synthetic(n, args.seed)
        eng, ref = rs.engine("profile"), rs.reference("profile")
        mismatch = sum(eng.fired(f) != ref.fired(f) for f in fs)
        fired = sum(len(ref.fired(f)) for f in fs) / len(fs)
        t_eng = bt.per_call_us(eng.fired, fs, args.repeat)
        t_ref = bt.per_call_us(ref.fired, fs, args.repeat)
        rows.append((n, t_eng, t_ref))
        print(f"{n:6d} {eng.rulesets:8d} {fired:6.1f} {t_eng:10.2f} {t_eng / n:8.3f} "
              f"{t_ref:9.2f} {t_ref / n:8.3f} {t_eng / t_ref:8.2f} {mismatch:8d}")

    print("\ngrowth against the smallest size (linear growth keeps 'cost ×' ≤ 'rules ×'):")
    n0, e0, r0 = rows[0]
    for n, e, r in rows[1:]:
        print(f"  {n0:>4} -> {n:<4} rules ×{n / n0:6.1f}   engine cost ×{e / e0:6.2f}   "
              f"reference cost ×{r / r0:6.2f}")
    # At tiny sizes the fixed per-call cost dominates, so judge from the second size up:
    # the log-log slope of cost against rule count is 1 for linear growth.
    base = rows[1] if len(rows) > 2 else rows[0]
    for label, col in (("engine", 1), ("reference", 2)):
        first, last = base[col] / base[0], rows[-1][col] / rows[-1][0]
        slope = math.log(rows[-1][col] / base[col]) / math.log(rows[-1][0] / base[0])
        print(f"  {label:9s} µs/rule {first:.3f} at {base[0]} rules, {last:.3f} at {rows[-1][0]}; "
              f"log-log slope {slope:.2f}; no worse than linear (slope ≤ 1.1): "
              f"{bt.verdict(slope <= 1.1)}")
    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
