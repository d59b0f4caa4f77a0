"""Rule-pack loading: a 10,000-rule YAML pack against a same-run baseline, and hostile files.

    python benchmarks/bench_packs.py                  # 10,000 rules, 3 rounds
    python benchmarks/bench_packs.py --rules 2000 --rounds 1

Part 1 times ``load_rules`` on a generated pack of ``--rules`` safety rules written
as YAML and as JSON (median of ``--rounds``), next to ``json.loads`` of the same
data (the baseline: parsing alone, no validation) and PyYAML's own
``yaml.load(..., CSafeLoader)`` (what acumat used to do, construction included).
Target (issue 15): the YAML pack loads in at most 3 s.

Part 2 feeds ``load_rules`` the hostile files an adversarial run found, at full size,
and prints for each how long the refusal took and how much the process grew:
a 'billion laughs' alias bomb (a million tests once expanded), 5,000-digit integers,
a symlink to /dev/zero, a FIFO with no writer, a file one byte over the size limit,
deep nesting, a duplicate key. Each must be a ``RuleFileError`` naming the file
within a second and a few MB.

Exits 1 when a target is missed (so a person running it sees it), else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from _packs import pack_data
from _timing import machine, rss_mb, verdict

from acumat import RuleFileError, load_rules
from acumat import packs as acumat_packs

TARGET_S = 3.0


def _median_s(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``fn()``: on a busy machine CPU time is the fairer figure."""
    walls, cpus = [], []
    for _ in range(rounds):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _hostile_files(root: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def put(name: str, content: str | bytes) -> None:
        path = root / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        files[name] = path

    levels = "".join(f"l{i + 1}: &l{i + 1} [" + ", ".join([f"*l{i}"] * 10) + "]\n" for i in range(6))
    put("alias_bomb.yaml", "l0: &l0 {fact: pregnant, op: eq, value: 'yes'}\n" + levels)
    big = "9" * 5000
    put("digits.yaml", f"rules:\n  - id: x\n    priority: {big}\n")
    put("digits.json", f'{{"rules": [{{"id": "x", "priority": {big}}}]}}')
    put("digits.toml", f"name = {big}\n")
    put("deep.yaml", "rules: " + "[" * 100_000 + "]" * 100_000)
    put("deep.json", '{"rules": ' + "[" * 100_000 + "]" * 100_000 + "}")
    put("duplicate.yaml", "name: a\nrules: []\nrules: []\n")
    put("over_limit.json", b" " * (acumat_packs.MAX_FILE_BYTES + 1))
    zero = root / "dev_zero.yaml"
    zero.symlink_to("/dev/zero")
    files["dev_zero.yaml"] = zero
    fifo = root / "fifo.yaml"
    os.mkfifo(fifo)
    files["fifo.yaml"] = fifo
    return files


def hostile(root: Path) -> bool:
    print("\nhostile files (each must be refused naming the file, within 1 s and 20 MB):")
    print(f"  {'file':<18} {'result':<8} {'seconds':>8} {'peak +MB':>9}  message")
    ok = True
    for name, path in _hostile_files(root).items():
        peak0 = _peak_mb()
        t0 = time.perf_counter()
        try:
            load_rules(path)
            result, message = "LOADED", ""
        except RuleFileError as exc:
            result = "refused" if exc.file == str(path) else "BADFILE"
            message = str(exc).split(": ", 1)[-1]
        seconds = time.perf_counter() - t0
        grew = _peak_mb() - peak0
        good = result == "refused" and seconds < 1 and grew < 20
        ok &= good
        print(f"  {name:<18} {result:<8} {seconds:8.3f} {grew:9.1f}  {message[:70]}"
              + ("" if good else "  <- FAIL"))
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", type=int, default=10_000, help="rules in the generated pack")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds (median)")
    args = ap.parse_args()
    print(machine())
    data = pack_data(args.rules)
    with tempfile.TemporaryDirectory(prefix="acumat-bench-packs-") as tmp:
        root = Path(tmp)
        yaml_path, json_path = root / "pack.yaml", root / "pack.json"
        yaml_text = yaml.safe_dump(data, sort_keys=False)
        json_text = json.dumps(data)
        yaml_path.write_text(yaml_text, encoding="utf-8")
        json_path.write_text(json_text, encoding="utf-8")
        limit = max(acumat_packs.MAX_FILE_BYTES, len(yaml_text) + 1)
        print(f"pack: {args.rules} rules + {len(data['questions'])} questions; "
              f"YAML {len(yaml_text) / 1e6:.1f} MB, "
              f"JSON {len(json_text) / 1e6:.1f} MB; size limit {acumat_packs.MAX_FILE_BYTES / 1e6:.1f} MB"
              + ("" if limit == acumat_packs.MAX_FILE_BYTES else " (raised for this run)"))
        loaded = load_rules(yaml_path, max_bytes=limit)
        assert len(loaded.rules) >= args.rules
        base = _median_s(lambda: json.loads(json_text), args.rounds)
        t_yaml = _median_s(lambda: load_rules(yaml_path, max_bytes=limit), args.rounds)
        t_json = _median_s(lambda: load_rules(json_path, max_bytes=limit), args.rounds)
        t_pyyaml = _median_s(lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader), 1)
        rss = rss_mb()
        print(f"\n{'what':<52} {'wall s':>8} {'CPU s':>8} {'x baseline (CPU)':>17}")
        for what, (wall, cpu) in [("baseline: json.loads of the JSON text", base),
                                  ("load_rules(pack.yaml)  (libyaml events, validated)", t_yaml),
                                  ("load_rules(pack.json)  (validated)", t_json),
                                  ("yaml.load(CSafeLoader), no validation (old way)", t_pyyaml)]:
            print(f"{what:<52} {wall:8.3f} {cpu:8.3f} {cpu / base[1]:17.1f}")
        print(f"process RSS after loading: {rss:.0f} MB")
        # CPU time: what the load costs on an idle machine, without other processes' share.
        target_ok = t_yaml[1] <= TARGET_S
        print(f"target: load_rules of the {args.rules}-rule YAML pack <= {TARGET_S:.0f} s of CPU: "
              f"{t_yaml[1]:.2f} s (wall {t_yaml[0]:.2f} s)  {verdict(target_ok)}")
        hostile_ok = hostile(root)
    print(machine(when="after the run"))
    return 0 if target_ok and hostile_ok else 1


if __name__ == "__main__":
    sys.exit(main())
