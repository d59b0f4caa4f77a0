"""Cost of building a rule set now that construction proves the safety invariants.

Prints the first ``default_rules()`` of a fresh process and the first ``with_pack`` of
``examples/custom_pack.yaml`` (ms, one each), then the best of ``--repeat`` rounds of
``--n`` builds of that ``with_pack``: with every construction check run each time (the
outcome cache cleared before each build), and with the outcome cached, which is what
building the same rule set again costs. The cached build is the same-run baseline: it is
the construction without the checks (fingerprint, cache look-up, stage split).

    python benchmarks/bench_construction.py [--n 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _best(fn: object, n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()  # type: ignore[operator]
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="builds per round")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best is kept")
    args = ap.parse_args()

    t0 = time.perf_counter()
    import acumat
    import acumat.rules.checks as checks
    t1 = time.perf_counter()
    base = acumat.default_rules()
    t2 = time.perf_counter()
    pack = acumat.load_rules(ROOT / "examples" / "custom_pack.yaml")
    t3 = time.perf_counter()
    base.with_pack(pack)
    t4 = time.perf_counter()
    print(f"import acumat                         {(t1 - t0) * 1000:8.2f} ms")
    print(f"first default_rules()                 {(t2 - t1) * 1000:8.2f} ms")
    print(f"load_rules(custom_pack.yaml)          {(t3 - t2) * 1000:8.2f} ms")
    print(f"first with_pack(custom_pack)          {(t4 - t3) * 1000:8.2f} ms")

    def checked() -> None:
        checks._CHECKED.clear()
        base.with_pack(pack)

    def cached() -> None:
        base.with_pack(pack)

    miss = _best(checked, args.n, args.repeat)
    hit = _best(cached, args.n, args.repeat)
    print(f"with_pack, checks run each time       {miss:8.3f} ms")
    print(f"with_pack, outcome cached (baseline)  {hit:8.3f} ms")
    print(f"ratio checked / cached                {miss / hit:8.2f} x")


if __name__ == "__main__":
    main()
