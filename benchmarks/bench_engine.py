"""One rule-set evaluation: durable-rules (Engine.fired) vs the pure-Python reference.

For the default rules' "profile" and "guidance" stages, on facts derived from random
profiles: µs per evaluation through ``RuleSet.engine(stage).fired(fact)`` and through
``RuleSet.reference(stage).fired(fact)`` (compiled closures), their ratio, and the
engine's split into fact encoding (``Engine.encode``) and the C engine calls (the rest).

    python benchmarks/bench_engine.py [--n 5000] [--repeat 5] [--seed 1]
"""

from __future__ import annotations

import argparse

import _profiles as bp
import _timing as bt

from acumat import default_rules


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="distinct facts per stage (default 5000)")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the facts; best is kept")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rs = default_rules()
    base = bp.facts(args.n, args.seed)
    stage_facts = {"profile": base, "guidance": bp.guidance_facts(base, args.seed)}
    print(bt.machine())
    print(f"bench_engine: default rules {rs.fingerprint}, {args.n} distinct facts per stage, "
          f"best of {args.repeat} passes")
    for stage, fs in stage_facts.items():
        eng, ref = rs.engine(stage), rs.reference(stage)
        # The engine must agree with the reference (so both really do the same work).
        mismatch = sum(eng.fired(f) != ref.fired(f) for f in fs)
        fired = sum(len(ref.fired(f)) for f in fs) / len(fs)
        t_eng = bt.per_call_us(eng.fired, fs, args.repeat)
        t_ref = bt.per_call_us(ref.fired, fs, args.repeat)
        t_enc = bt.per_call_us(eng.encode, fs, args.repeat)
        t_c = t_eng - t_enc
        print(f"\n[{stage}] {eng.size} rules in {eng.rulesets} durable ruleset(s); "
              f"{fired:.1f} rules fire on average; engine/reference mismatches: {mismatch}")
        print(f"  durable-rules  Engine.fired     {t_eng:9.2f} µs/eval")
        print(f"  reference      closures         {t_ref:9.2f} µs/eval   (baseline)")
        print(f"  ratio engine/reference          {t_eng / t_ref:9.2f} ×")
        print(f"  split: encode (Engine.encode)   {t_enc:9.2f} µs  ({100 * t_enc / t_eng:4.1f} %)")
        print(f"         C engine calls + rest    {t_c:9.2f} µs  ({100 * t_c / t_eng:4.1f} %)")
        print(f"  encoding below engine calls: {'yes' if t_enc < t_c else 'no'} "
              f"(encode/C = {t_enc / t_c:.2f})")

    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
