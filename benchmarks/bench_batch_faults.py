"""`acumat batch` killed at random moments: the output is complete or absent, no process outlives it.

    python benchmarks/bench_batch_faults.py                  # 24 runs over 100,000 lines
    python benchmarks/bench_batch_faults.py --runs 6 --lines 20000

Each run starts ``acumat batch IN -o OUT --workers W`` (W = 1 or 2) on a generated JSON
Lines file, waits a random time, then sends SIGTERM, SIGINT or SIGKILL, or kills a
worker process. Checked after each run:

* exit 0 or 1 -> OUT holds one line per input line; otherwise nothing is at OUT;
* SIGTERM -> exit 143, SIGINT -> 130, a lost worker -> 3; no partial file is left
  (except after SIGKILL, which no process can clean up after: then it is named
  ``OUT.partial-...``);
* every child process (workers, multiprocessing's resource tracker) has ended.

Printed: per run the fault, the delay, the exit code, the seconds from the fault to
exit, and the check; then the counts, and as baseline the time of one uninterrupted
run. Exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

FAULTS = ("SIGTERM", "SIGINT", "SIGKILL", "worker")
EXPECTED = {"SIGTERM": {143}, "SIGINT": {130}, "SIGKILL": {-9}, "worker": {3}}


def _run(src: Path, out: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "acumat.cli", "batch", str(src), "-o", str(out),
                             "--workers", str(workers), "--chunksize", "200"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _gone(procs: list[psutil.Process], timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in procs):
            return True
        time.sleep(0.05)
    return False


def one_run(src: Path, lines: int, root: Path, fault: str, workers: int, delay: float) -> tuple[bool, str]:
    out = root / "out.jsonl"
    for p in root.glob("out.jsonl*"):
        p.unlink()
    proc = _run(src, out, workers)
    time.sleep(delay)
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    t0 = time.perf_counter()
    if proc.poll() is None:
        if fault == "worker":
            targets = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
            for c in targets:
                c.kill()
        else:
            proc.send_signal(getattr(signal, fault))
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return False, "did not exit within 120 s"
    seconds = time.perf_counter() - t0
    code = proc.returncode
    partials = sorted(p.name for p in root.glob("out.jsonl.partial-*"))
    problems = []
    if code in (0, 1):
        got = len(out.read_text().splitlines()) if out.exists() else -1
        if got != lines:
            problems.append(f"exit {code} but {got} of {lines} lines")
    else:
        if out.exists():
            problems.append("a file at the output path after an incomplete run")
        # Before acumat's handlers are installed (start-up) a signal has its default effect.
        early = {"SIGTERM": -signal.SIGTERM, "SIGINT": -signal.SIGINT}.get(fault)
        if code not in EXPECTED[fault] and code != early:
            problems.append(f"exit {code}, expected {sorted(EXPECTED[fault])}")
    if partials and fault != "SIGKILL":
        problems.append(f"partial file left: {partials}")
    if "Traceback" in err and not (code == -signal.SIGINT and "KeyboardInterrupt" in err):
        problems.append("traceback on stderr")
    if not _gone(children):
        problems.append("a child process outlived the run")
    status = "ok" if not problems else "; ".join(problems)
    return not problems, f"{fault:<8} w={workers} delay {delay:5.2f} s  exit {code:>4}  " \
                         f"{seconds:6.2f} s to exit  {status}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=24)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="acumat-bench-faults-") as tmp:
        root = Path(tmp)
        src = root / "in.jsonl"
        src.write_text("".join(json.dumps({"pregnant": False, "pain": {"severity": i % 11}}) + "\n"
                               for i in range(args.lines)))
        t0 = time.perf_counter()
        baseline = _run(src, root / "out.jsonl", 2)
        baseline.communicate(timeout=600)
        full = time.perf_counter() - t0
        print(f"baseline: one uninterrupted run over {args.lines} lines with 2 workers: {full:.1f} s "
              f"(exit {baseline.returncode})")
        ok_all = True
        counts = {"ok": 0, "failed": 0}
        for _ in range(args.runs):
            fault = rng.choice(FAULTS)
            workers = 2 if fault == "worker" else rng.choice((1, 2))
            delay = rng.uniform(0.0, full * 0.9)
            ok, line = one_run(src, args.lines, root, fault, workers, delay)
            ok_all &= ok
            counts["ok" if ok else "failed"] += 1
            print(line, flush=True)
        print(f"\n{counts['ok']} of {args.runs} runs kept every invariant; {counts['failed']} failed")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
