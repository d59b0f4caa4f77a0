"""Instruction counts (valgrind callgrind) per call: recommend()/next_session() vs validation.

Wall-clock ratios swing with machine load; instruction counts do not. Each measured
operation runs in its own process under callgrind: the process sets up (imports,
builds the rule sets, draws the inputs, warms up on a disjoint set of profiles), then
performs the operation once per input on ``--n`` never-seen inputs. The same setup is
also run with no operation at all, and its count is subtracted, so what is left is the
operation's own instructions, divided by ``--n``.

    python benchmarks/callgrind_ratios.py [--n 1000] [--jobs 2]

The setup-only count is subtracted from each operation's, so whatever varies in the setup
between processes (a few hundred thousand instructions) is divided by ``--n``: with the
default 1,000 inputs the ratios repeat within about 2 %. The processes run ``--jobs`` at a
time (default: the CPUs this process may use).

Targets: recommend ≤ 10× ``UserProfile.model_validate`` (default rules, and with
``examples/custom_pack.yaml``), next_session ≤ 5× validating the profile plus its
history (``TypeAdapter(list[SessionLog])``). Prints PASS/FAIL per target and exits 1
when one is missed. Without valgrind it says so and exits 0 (optional tool).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODES = ("none", "validate", "recommend", "recommend_pack", "validate_history", "next_session")
TARGETS = {"recommend": ("validate", 10.0), "recommend_pack": ("validate", 10.0),
           "next_session": ("validate_history", 5.0)}


def inner(mode: str, n: int, seed: int) -> None:
    """The measured process: setup, then ``mode`` once per input (nothing for 'none')."""
    sys.path.insert(0, str(HERE))
    import _profiles as bp
    from pydantic import TypeAdapter

    from acumat import SessionLog, UserProfile, default_rules, load_rules, next_session, recommend

    pack = default_rules().with_pack(load_rules(ROOT / "examples" / "custom_pack.yaml"))
    logs_adapter = TypeAdapter(list[SessionLog])
    timed = bp.profiles(n, seed)
    keys = {repr(p) for p in timed}
    warm = [p for p in bp.profiles(120, seed + 1000) if repr(p) not in keys]
    hist = bp.histories(n, seed)
    for p, h in zip(warm, bp.histories(len(warm), seed + 1000), strict=True):
        UserProfile.model_validate(p)
        logs_adapter.validate_python(h)
        recommend(p)
        recommend(p, pack)
        next_session(p, h)
    # The setup's objects out of the collector's way: otherwise each collection in the
    # measured loop scans them, and that cost depends on the setup, not the operation.
    gc.collect()
    gc.freeze()
    if mode == "validate":
        for p in timed:
            UserProfile.model_validate(p)
    elif mode == "recommend":
        for p in timed:
            recommend(p)
    elif mode == "recommend_pack":
        for p in timed:
            recommend(p, pack)
    elif mode == "validate_history":
        for p, h in zip(timed, hist, strict=True):
            UserProfile.model_validate(p)
            logs_adapter.validate_python(h)
    elif mode == "next_session":
        for p, h in zip(timed, hist, strict=True):
            next_session(p, h)


def count(mode: str, n: int, seed: int) -> int:
    """Instructions executed by one inner process for ``mode``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
               sys.executable, __file__, "--inner", mode, "--n", str(n), "--seed", str(seed)]
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600, check=False)
        if res.returncode:
            raise SystemExit(f"callgrind run for {mode} failed:\n{res.stderr[-3000:]}")
        found = re.search(r"Collected : (\d+)", res.stderr)
        if not found:
            raise SystemExit(f"no instruction count in callgrind's output for {mode}")
        return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="never-seen inputs per operation")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                    help="callgrind processes at a time")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--inner", choices=MODES, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        inner(args.inner, args.n, args.seed)
        return 0
    if shutil.which("valgrind") is None:
        print("callgrind_ratios: valgrind is not installed; skipped (optional)")
        return 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        counts = dict(zip(MODES, pool.map(lambda m: count(m, args.n, args.seed), MODES),
                          strict=True))
    base = counts["none"]
    per = {m: (counts[m] - base) / args.n for m in MODES[1:]}
    print(f"callgrind_ratios: instructions per call over {args.n} never-seen inputs "
          f"(setup-only run subtracted: {base:,} instructions)")
    for m in MODES[1:]:
        print(f"  {m:18s} {per[m]:12,.0f}")
    failed = False
    for m, (baseline, target) in TARGETS.items():
        ratio = per[m] / per[baseline]
        ok = ratio <= target
        failed |= not ok
        print(f"  ratio {m}/{baseline}: {ratio:6.2f}x   target <= {target:.0f}x: "
              f"{'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
