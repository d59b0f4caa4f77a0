"""Blood-thinner matching: names recognised, false alarms, and µs per never-seen name.

Reads the spellings table tests/data/medication_spellings.tsv (names as people type
them: doses, brands from many countries, other languages and scripts, invisible
characters, misspellings; and common drugs that are not blood thinners) and prints:

* names recognised: blood-thinner rows read as the expected drug (and as any blood
  thinner), per category and overall;
* false alarms: non-thinner rows flagged as a blood thinner;
* speed: µs per ``match_medication`` call on ``--n`` distinct entries no cache has
  seen, whose words are also new (random one-letter edits of real drug names, so every
  step up to the fuzzy search runs), in blocks interleaved with two same-run
  baselines on the same strings: ``str.lower`` + dict lookup, and
  ``UserProfile.model_validate({"medications": [name]})``. Target: tens of µs.

    python benchmarks/bench_medications.py [--n 5000] [--block 250] [--seed 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import string
import time
from collections import Counter
from pathlib import Path

import _timing as bt

import acumat.medications as meds
import acumat.medications.match as matcher
from acumat import UserProfile
from acumat.medications import match_medication, read_medications

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "medication_spellings.tsv"
TARGET_US = 50.0


def spellings() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            category, typed, expected = line.split("\t")
            typed = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), typed)
            rows.append((category, typed, expected))
    return rows


def accuracy(rows: list[tuple[str, str, str]]) -> None:
    right: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    false_alarms: list[str] = []
    unreadable_ok = unreadable_n = 0
    for category, typed, expected in rows:
        reading = read_medications([typed])
        m = reading.matches[0] if reading.matches else None
        if expected == "-":
            total["not-thinner"] += 1
            if m is not None:
                false_alarms.append(m.describe())
        elif expected == "?":
            unreadable_n += 1
            unreadable_ok += m is None and bool(reading.unreadable)
        else:
            total[category] += 1
            flagged[category] += m is not None
            right[category] += m is not None and m.drug.generic == expected
    thinner_cats = [c for c in total if c != "not-thinner"]
    print(f"{'category':16} {'rows':>5} {'right drug':>11} {'flagged':>8}")
    for c in thinner_cats:
        print(f"{c:16} {total[c]:5d} {right[c]:6d} ({100 * right[c] / total[c]:3.0f} %)"
              f" {flagged[c]:5d}")
    n = sum(total[c] for c in thinner_cats)
    r, f = sum(right.values()), sum(flagged.values())
    print(f"names recognised: {r}/{n} read as the expected drug ({100 * r / n:.1f} %), "
          f"{f}/{n} flagged as a blood thinner ({100 * f / n:.1f} %)")
    nn = total["not-thinner"]
    print(f"false alarms: {len(false_alarms)}/{nn} non-thinning drugs flagged "
          f"({100 * len(false_alarms) / nn:.1f} %)")
    for line in false_alarms:
        print(f"  {line}")
    print(f"unreadable entries reported: {unreadable_ok}/{unreadable_n}")


def never_seen(rows: list[tuple[str, str, str]], n: int, seed: int) -> list[str]:
    """Distinct entries whose name word is a random one-letter edit of a real name."""
    rng = random.Random(seed)
    words = sorted({w for _, typed, _ in rows for w in re.findall(r"[A-Za-z]{5,}", typed)})
    out: dict[str, None] = {}
    while len(out) < n:
        w = list(rng.choice(words).lower())
        i = rng.randrange(len(w))
        op = rng.randrange(3)
        if op == 0:
            w[i] = rng.choice(string.ascii_lowercase)
        elif op == 1:
            w.insert(i, rng.choice(string.ascii_lowercase))
        else:
            del w[i]
        dose = rng.choice(["", f" {rng.randint(1, 1000)} mg", f" {rng.randint(1, 100)}mg tablet"])
        out["".join(w).capitalize() + dose] = None
    return list(out)


def speed(entries: list[str], block: int) -> None:
    table = {e.lower(): None for e in entries[::7]}
    for cache in (meds._read_cached, matcher.match_words, matcher._near):
        cache.cache_clear()
    # Warm-up on other strings: imports, bucket tables, the engine of rapidfuzz.
    for w in ("warming up", "metformin 500", "zzzzzzz", "Eliquis"):
        match_medication(w)
        UserProfile.model_validate({"medications": [w]})
    wall = [0.0, 0.0, 0.0]  # lower+dict, model_validate, match_medication
    cpu = [0.0, 0.0, 0.0]
    ratios: list[float] = []
    gc.collect()
    gc.disable()
    try:
        for k in range(0, len(entries), block):
            chunk = entries[k:k + block]
            marks = [(time.perf_counter(), time.process_time())]
            for e in chunk:
                table.get(e.lower())
            marks.append((time.perf_counter(), time.process_time()))
            for e in chunk:
                UserProfile.model_validate({"medications": [e]})
            marks.append((time.perf_counter(), time.process_time()))
            for e in chunk:
                match_medication(e)
            marks.append((time.perf_counter(), time.process_time()))
            for i in range(3):
                wall[i] += marks[i + 1][0] - marks[i][0]
                cpu[i] += marks[i + 1][1] - marks[i][1]
            bt.timed(marks[3][0] - marks[0][0], marks[3][1] - marks[0][1])
            ratios.append((marks[3][0] - marks[2][0]) / (marks[2][0] - marks[1][0]))
    finally:
        gc.enable()
    n = len(entries)
    us = [1e6 * t / n for t in wall]
    us_cpu = [1e6 * t / n for t in cpu]
    print(f"{n} never-seen entries (new words too), blocks of {block}; wall µs (CPU µs):")
    print(f"  match_medication            {us[2]:8.2f} ({us_cpu[2]:.2f}) µs/name")
    print(f"  str.lower + dict lookup     {us[0]:8.2f} ({us_cpu[0]:.2f}) µs/name"
          f"   match is {us[2] / us[0]:.0f}× (CPU {us_cpu[2] / max(us_cpu[0], 1e-9):.0f}×)")
    print(f"  UserProfile.model_validate  {us[1]:8.2f} ({us_cpu[1]:.2f}) µs/name"
          f"   match is {us[2] / us[1]:.1f}× (CPU {us_cpu[2] / us_cpu[1]:.1f}×;"
          f" per-block wall ratio median {statistics.median(ratios):.1f},"
          f" range {min(ratios):.1f}–{max(ratios):.1f})")
    print(f"  target ≤ {TARGET_US:.0f} µs per never-seen name (CPU): "
          f"{bt.verdict(us_cpu[2] <= TARGET_US)}")
    # The same entries again: every one is now cached per normalised name.
    c0, t0 = time.process_time(), time.perf_counter()
    for e in entries:
        match_medication(e)
    wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    bt.timed(wall_s, cpu_s)
    print(f"  same entries again (cached) {1e6 * wall_s / n:8.2f} ({1e6 * cpu_s / n:.2f}) µs/name")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="never-seen entries timed (default 5000)")
    ap.add_argument("--block", type=int, default=250, help="entries per interleaved block")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    print(bt.machine())
    rows = spellings()
    print(f"spellings table: {len(rows)} rows from {TABLE.relative_to(TABLE.parents[2])}")
    accuracy(rows)
    speed(never_seen(rows, args.n, args.seed), args.block)
    print(bt.cpu_share())
    print(bt.machine(when="after the run"))


if __name__ == "__main__":
    main()
