"""The speed targets of issue 15, each against a baseline measured in the same run.

* ``recommend()`` ≤ 10× ``UserProfile.model_validate`` on the same never-seen profiles,
  for the default rules and for the same rules plus ``examples/custom_pack.yaml``;
* ``next_session()`` ≤ 5× validating the same profile plus its history
  (``TypeAdapter(list[SessionLog])``);
* ``python -c "import acumat"`` ≤ 2.5× ``python -c "import pydantic"``, and a one-profile
  ``acumat recommend FILE`` ≤ 3× (medians of repeated subprocess runs, bytecode cached).

Per round, each operation in turn makes one pass over a block of profiles it has never
seen, between two passes of the baseline on the same block; the ratio is the median over
rounds.
Wall-clock figures swing with machine load (the script prints how busy the machine
was): ``benchmarks/callgrind_ratios.py`` counts instructions instead, and
``--instructions`` adds the cold-start commands' instruction counts (one run each under
valgrind's callgrind, whole process, same ratios; not used for the exit code). The cold
start also shows ``from acumat import recommend, UserProfile`` (no target: ``import
acumat`` itself imports the public names on first use). Exits 1 when a target is missed.

    python benchmarks/bench_speed.py [--n 4000] [--block 200] [--runs 9] [--only {in-process,cold}]
                                     [--instructions]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import _profiles as bp
import _timing as bt
from pydantic import TypeAdapter

from acumat import SessionLog, UserProfile, default_rules, load_rules, next_session, recommend

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"recommend": 10.0, "recommend + pack": 10.0, "next_session": 5.0, "import acumat": 2.5,
           "acumat recommend FILE": 3.0}


def _pass(fn: Callable[[Any], object], items: Sequence[Any]) -> float:
    c0, t0 = time.process_time(), time.perf_counter_ns()
    for it in items:
        fn(it)
    ns = time.perf_counter_ns() - t0
    bt.timed(ns / 1e9, time.process_time() - c0)
    return ns / 1000 / len(items)


def in_process(n: int, block: int, seed: int) -> dict[str, tuple[float, float, float]]:
    """name -> (median ratio over rounds, mean µs per call, mean µs of the baseline)."""
    pack = default_rules().with_pack(load_rules(ROOT / "examples" / "custom_pack.yaml"))
    logs = TypeAdapter(list[SessionLog])
    timed = bp.profiles(n, seed)
    keys = {repr(p) for p in timed}
    warm = [p for p in bp.profiles(500, seed + 1000) if repr(p) not in keys]
    hist = bp.histories(n, seed)
    for p, h in zip(warm, bp.histories(len(warm), seed + 1000), strict=True):
        recommend(p), recommend(p, pack), next_session(p, h), logs.validate_python(h)

    def validate(p: Any) -> None:
        UserProfile.model_validate(p)

    def validate_both(ph: tuple[Any, Any]) -> None:
        UserProfile.model_validate(ph[0])
        logs.validate_python(ph[1])

    ops: dict[str, tuple[Callable[[Any], object], Callable[[Any], object], bool]] = {
        "recommend": (recommend, validate, False),
        "recommend + pack": (lambda p: recommend(p, pack), validate, False),
        "next_session": (lambda ph: next_session(ph[0], ph[1]), validate_both, True),
    }
    # Each operation gets its own never-seen share of the profiles. The operations take
    # turns, a round each, so that what any of them leaves warm (the medication entries'
    # cache, shared mats and plans) helps them alike instead of favouring the later ones.
    third = len(timed) // len(ops)
    shares: dict[str, list[Any]] = {}
    for k, (name, (_, _, pairs)) in enumerate(ops.items()):
        items: list[Any] = timed[k * third:(k + 1) * third]
        if pairs:
            items = list(zip(items, hist[k * third:(k + 1) * third], strict=True))
        shares[name] = items
    ratios: dict[str, list[float]] = {name: [] for name in ops}
    t_op: dict[str, list[float]] = {name: [] for name in ops}
    t_base: dict[str, list[float]] = {name: [] for name in ops}
    for i in range(0, third, block):
        for name, (op, base, _) in ops.items():
            blk = shares[name][i:i + block]
            b1 = _pass(base, blk)
            o = _pass(op, blk)
            b2 = _pass(base, blk)
            ratios[name].append(o / ((b1 + b2) / 2))
            t_op[name].append(o)
            t_base[name].append((b1 + b2) / 2)
    out: dict[str, tuple[float, float, float]] = {}
    for name in ops:
        out[name] = (statistics.median(ratios[name]), statistics.fmean(t_op[name]),
                     statistics.fmean(t_base[name]))
    return out


def _run_ms(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall ms and median CPU ms (user + system) of ``runs`` runs of ``cmd``."""
    walls, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=120, env=env)
        walls.append((time.perf_counter() - t0) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _cold_commands(profile: Path) -> dict[str, list[str]]:
    exe = shutil.which("acumat", path=str(Path(sys.executable).parent)) or "acumat"
    return {"import pydantic": [sys.executable, "-c", "import pydantic"],
            "import acumat": [sys.executable, "-c", "import acumat"],
            "from acumat import ...": [sys.executable, "-c", "from acumat import recommend, UserProfile"],
            "acumat recommend FILE": [exe, "recommend", str(profile)]}


def _cold_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold_start(runs: int) -> dict[str, tuple[float, float, float, float]]:
    """name -> (wall ratio, wall ms, baseline wall ms, CPU ratio), medians of ``runs`` runs."""
    env = _cold_env()
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile.json"
        profile.write_text(json.dumps(bp.profiles(1, 99)[0]), encoding="utf-8")
        cmds = _cold_commands(profile)
        for cmd in cmds.values():  # bytecode cached, files in the page cache
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=120, env=env)
        # Interleave the runs, so that load swings hit every command alike.
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
        for _ in range(runs):
            for name, cmd in cmds.items():
                results[name].append(_run_ms(cmd, 1, env))
    med = {name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
           for name, r in results.items()}
    base_wall, base_cpu = med["import pydantic"]
    return {name: (w / base_wall, w, base_wall, c / base_cpu) for name, (w, c) in med.items()
            if name != "import pydantic"}


def cold_instructions() -> dict[str, tuple[float, int, int]] | None:
    """name -> (ratio, instructions, baseline instructions), one callgrind run each; None
    without valgrind. Hash randomisation is fixed so that a rerun counts the same."""
    if shutil.which("valgrind") is None:
        return None
    env = {**_cold_env(), "PYTHONHASHSEED": "0"}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile.json"
        profile.write_text(json.dumps(bp.profiles(1, 99)[0]), encoding="utf-8")
        for name, cmd in _cold_commands(profile).items():
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=120, env=env)
            proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                                  check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, timeout=900, env=env)
            found = re.search(r"Collected : (\d+)", proc.stderr)
            if found is None:
                raise RuntimeError(f"callgrind gave no count for {name}: {proc.stderr[-500:]}")
            counts[name] = int(found.group(1))
    base = counts.pop("import pydantic")
    return {name: (n / base, n, base) for name, n in counts.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4500, help="never-seen profiles, split over 3 operations")
    ap.add_argument("--block", type=int, default=150, help="profiles per round")
    ap.add_argument("--runs", type=int, default=9, help="subprocess runs per cold-start command")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--only", choices=("in-process", "cold"), default=None,
                    help="run only the in-process targets or only the cold-start targets")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the cold-start commands' instructions (valgrind callgrind)")
    args = ap.parse_args()
    print(bt.machine())
    failed: list[str] = []
    if args.only != "cold":
        failed += _report_in_process(args)
    if args.only != "in-process":
        failed += _report_cold(args)
    print(bt.machine(when="after the run"))
    if failed:
        print(f"targets missed: {', '.join(failed)}")
    return 1 if failed else 0


def _report_in_process(args: argparse.Namespace) -> list[str]:
    failed: list[str] = []
    res = in_process(args.n, args.block, args.seed)
    print(f"bench_speed: in-process, {args.n // 3} never-seen profiles per operation, "
          f"median of per-round ratios (rounds of {args.block})")
    for name, (ratio, t_op, t_base) in res.items():
        ok = ratio <= TARGETS[name]
        failed += [] if ok else [name]
        print(f"  {name:22s} {t_op:8.1f} µs  baseline {t_base:6.1f} µs  ratio {ratio:5.2f}x  "
              f"target <= {TARGETS[name]:g}x: {bt.verdict(ok)}")
    print(bt.cpu_share())
    return failed


def _report_cold(args: argparse.Namespace) -> list[str]:
    failed: list[str] = []
    cold = cold_start(args.runs)
    print(f"cold start: median of {args.runs} runs each, bytecode cached, baseline "
          f"'python -c \"import pydantic\"'")
    for name, (ratio, wall, base, cpu_ratio) in cold.items():
        line = (f"  {name:22s} {wall:8.1f} ms  baseline {base:6.1f} ms  ratio {ratio:5.2f}x "
                f"(CPU time {cpu_ratio:4.2f}x)")
        if name not in TARGETS:
            print(f"{line}  (no target)")
            continue
        ok = ratio <= TARGETS[name]
        failed += [] if ok else [name]
        print(f"{line}  target <= {TARGETS[name]:g}x: {bt.verdict(ok)}")
    if args.instructions:
        counted = cold_instructions()
        if counted is None:
            print("cold start instructions: valgrind not found (optional), skipped")
            return failed
        print("cold start instructions: one callgrind run each, whole process, "
              "baseline 'python -c \"import pydantic\"' (not used for the exit code)")
        for name, (ratio, n, base) in counted.items():
            target = f"target <= {TARGETS[name]:g}x: {bt.verdict(ratio <= TARGETS[name])}" \
                if name in TARGETS else "(no target)"
            print(f"  {name:22s} {n / 1e6:8.1f} M  baseline {base / 1e6:6.1f} M  ratio {ratio:5.2f}x  {target}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
