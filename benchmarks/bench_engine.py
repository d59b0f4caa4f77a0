"""One rule-set evaluation: durable-rules (Engine.fired) vs the pure-Python reference.

For the default rules' "profile", "guidance" and "session" stages, on facts derived from
random profiles (and, for "session", random one-log histories): µs per evaluation through
``RuleSet.engine(stage).fired(fact, check=False)`` (durable-rules alone) and through
``RuleSet.reference(stage).fired(fact)`` (compiled closures), their ratio, and the
engine's split into fact encoding (``Engine.encode``) and the C engine calls (the rest).
Then the cost of the second opinion: ``Engine.second`` alone (the reference's semantics
compiled, ``acumat.compiled``), ``fired(fact, check=True)`` (durable-rules and the second
opinion, compared: what ``RuleSet.fire`` does at the stages in ``RuleSet.checked_stages``),
and ``Engine.fired_many`` per fact in batches of 4.

    python benchmarks/bench_engine.py [--n 5000] [--repeat 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random

import _profiles as bp
import _timing as bt

from acumat import RuleSet, default_rules
from acumat.evaluate import evaluate
from acumat.history import parse_history, parse_on
from acumat.progress import session_fact

_SYMPTOMS = ("sharp_pain", "dizziness", "skin_irritation", "bruising", "numbness")


def session_facts(n: int, seed: int) -> list[dict[str, str | int]]:
    """Session-stage facts, built as next_session() builds them, for random profiles and
    one-log histories."""
    rng = random.Random(seed)
    on = parse_on("2026-03-03")
    out: list[dict[str, str | int]] = []
    for p in bp.profiles(n, seed):
        log = {"day": "2026-03-02", "minutes": rng.randint(5, 30),
               "discomfort": rng.randint(0, 10),
               "symptoms": rng.sample(_SYMPTOMS, rng.choice((0, 0, 0, 1, 2)))}
        ev = evaluate(p, guidance="bounds")
        out.append(session_fact(ev, parse_history([log], on), on))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="distinct facts per stage (default 5000)")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the facts; best is kept")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rs = default_rules()
    base = bp.facts(args.n, args.seed)
    stage_facts = {"profile": base, "guidance": bp.guidance_facts(base, args.seed),
                   "session": session_facts(args.n, args.seed)}
    print(bt.machine())
    print(f"bench_engine: default rules {rs.fingerprint}, {args.n} distinct facts per stage, "
          f"best of {args.repeat} passes")
    for stage, fs in stage_facts.items():
        eng, ref = rs.engine(stage), rs.reference(stage)
        # The engine must agree with the reference (so both really do the same work).
        mismatch = sum(eng.fired(f, check=False) != ref.fired(f) for f in fs)
        fired = sum(len(ref.fired(f)) for f in fs) / len(fs)
        t_eng = bt.per_call_us(lambda f, e=eng: e.fired(f, check=False), fs, args.repeat)
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
        t_chk = bt.per_call_us(lambda f, e=eng: e.fired(f, check=True), fs, args.repeat)
        batches = [fs[k:k + 4] for k in range(0, len(fs), 4)]
        t_many = bt.per_call_us(lambda b, e=eng: e.fired_many(b, check=True), batches,
                                args.repeat) * len(batches) / len(fs)
        t_second = bt.per_call_us(eng.second, fs, args.repeat)
        checked = "yes" if stage in RuleSet.checked_stages else "no"
        print(f"  checked by default (RuleSet.checked_stages): {checked}")
        print(f"  second opinion alone (compiled)   {t_second:9.2f} µs/eval   "
              f"({t_second / t_ref:.2f} × the closures, {t_second / t_eng:.2f} × durable alone)")
        print(f"  fired(check=True): both, compared {t_chk:9.2f} µs/eval   "
              f"(+{t_chk - t_eng:.2f} µs, {t_chk / t_eng:.2f} × durable alone)")
        print(f"  fired_many(check=True), per fact  {t_many:9.2f} µs/eval   (batches of 4)")

    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
