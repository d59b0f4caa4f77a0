"""Run every benchmark, one subprocess each, and print their output.

    python benchmarks/run_all.py           # modest sizes (under a minute)
    python benchmarks/run_all.py --full    # the full sizes in each script's defaults, about 2–3 minutes
    python benchmarks/run_all.py --only engine,growth

No benchmark asserts on time; each prints its figures, its baseline and its target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: name -> arguments at modest size (run_all default); --full passes none (script defaults).
MODEST: dict[str, list[str]] = {
    "engine": ["--n", "2000", "--repeat", "3"],
    "recommend": ["--n", "5000", "--profile-n", "2000"],
    "growth": ["--n", "1000", "--repeat", "3"],
    "batch": ["--n", "20000"],
    "memory": ["--n", "200000", "--recommend-n", "20000", "--warmup", "10000", "--builds", "200",
               "--distinct", "50"],
    "construction": ["--n", "100"],
    "faults": ["--n", "10000"],
    "speed": ["--n", "1500", "--runs", "5"],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="use each script's full default sizes")
    ap.add_argument("--only", default="", help=f"comma-separated subset of {','.join(MODEST)}")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(MODEST)
    unknown = [n for n in names if n not in MODEST]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")

    failed: list[str] = []
    t_all = time.perf_counter()
    for name in names:
        cmd = [sys.executable, str(HERE / f"bench_{name}.py"), *([] if args.full else MODEST[name])]
        shown = " ".join(["python", f"benchmarks/bench_{name}.py", *cmd[2:]])
        print(f"\n{'=' * 100}\n$ {shown}\n{'=' * 100}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call(cmd)
        print(f"--- bench_{name} finished in {time.perf_counter() - t0:.1f} s (exit {rc})", flush=True)
        if rc:
            failed.append(name)
    print(f"\nall benchmarks done in {time.perf_counter() - t_all:.1f} s"
          + (f"; crashed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
