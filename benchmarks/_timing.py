"""Shared measuring helpers for the benchmarks: timing, CPU share, memory, machine load."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

#: Wall and CPU seconds of every timed section so far: when this process got much less
#: than a whole CPU while timed, something else ran and the figures are too high.
_TIMED = [0.0, 0.0]


def timed(wall: float, cpu: float) -> None:
    """Record a timed section's wall and CPU seconds (see :func:`cpu_share`)."""
    _TIMED[0] += wall
    _TIMED[1] += cpu


def per_call_us(fn: Callable[[Any], object], items: Sequence[Any], repeat: int = 3) -> float:
    """Best-of-``repeat`` mean µs of ``fn(item)`` over ``items``."""
    best = float("inf")
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter_ns()
        for it in items:
            fn(it)
        ns = time.perf_counter_ns() - t0
        timed(ns / 1e9, time.process_time() - c0)
        best = min(best, ns / len(items) / 1000)
    return best


def once_us(fn: Callable[[Any], object], items: Iterable[Any]) -> tuple[float, int]:
    """(mean µs per call, calls) of a single pass of ``fn`` over ``items``."""
    n = 0
    c0, t0 = time.process_time(), time.perf_counter_ns()
    for it in items:
        fn(it)
        n += 1
    ns = time.perf_counter_ns() - t0
    timed(ns / 1e9, time.process_time() - c0)
    return ns / n / 1000, n


def cpu_share() -> str:
    """How much of a CPU this process got during its timed sections (≈100 % when alone)."""
    wall, cpu = _TIMED
    share = 100 * cpu / wall if wall else 100.0
    warn = "  — WARNING: descheduled while timed; figures are skewed upward" if share < 95 else ""
    return f"this process got {share:.0f} % of a CPU during its {wall:.1f} s of timed sections{warn}"


def rss_mb() -> float:
    """This process's resident set size now (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"



def _cpu_ticks() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    return sum(v), v[3] + v[4]  # total, idle + iowait


def machine(window: float = 1.0, when: str = "before the run") -> str:
    """CPUs and how busy they are while this process sleeps ``window`` seconds: other busy
    processes (a test suite, say) skew every timing, so each benchmark prints this."""
    cpus = len(os.sched_getaffinity(0))
    t0, i0 = _cpu_ticks()
    time.sleep(window)
    t1, i1 = _cpu_ticks()
    busy = 100 * (1 - (i1 - i0) / max(t1 - t0, 1))
    warn = "  — WARNING: other processes are using the CPUs; timings are skewed" if busy > 10 else ""
    return f"machine: {cpus} usable CPU(s), {busy:.0f} % busy with other work {when}{warn}"
