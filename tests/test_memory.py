"""Memory stays bounded: rebuilt rule sets share engines, failures are cleaned up in place.

durable-rules never frees a ruleset's state (about 0.4-0.6 MB), so every durable ruleset
created stays in memory. These are the bounded forms of ``benchmarks/bench_memory.py``
and ``benchmarks/bench_faults.py``; VmRSS comes from /proc/self/status.
"""

from __future__ import annotations

import gc
import itertools

import pytest

import acumat.engine
from acumat import EngineError, default_rules, load_rules, recommend
from faultproxy import FaultyDurable, private_rules
from mixed import mixed_profiles

REAL = acumat.engine._dre
_tags = itertools.count()


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_same_pack_rule_set_built_many_times_does_not_grow():
    """default_rules().with_pack(pack) built and used 300 times grows the process by < 4 MB."""
    pack = load_rules("examples/custom_pack.yaml")
    first = default_rules().with_pack(pack)
    recommend({}, rules=first)
    for _ in range(20):  # warm-up: caches, allocator
        recommend({}, rules=default_rules().with_pack(pack))
    gc.collect()
    before = rss_mb()
    for _ in range(300):
        rs = default_rules().with_pack(pack)
        assert recommend({}, rules=rs).verdict == "caution"
    gc.collect()
    growth = rss_mb() - before
    assert growth < 4, f"{growth:.1f} MB for 300 builds of one rule set"
    assert rs.engine("profile") is first.engine("profile")


def test_each_distinct_rule_set_costs_a_bounded_amount():
    """60 distinct rule sets: the registry keeps at most MAX_SHARED, each costs < 1.3 MB for good."""
    proxy = FaultyDurable(REAL)
    live_before, _ = acumat.engine.shared_count()
    gc.collect()
    before = rss_mb()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acumat.engine, "_dre", proxy)
        for i in range(60):
            recommend({}, rules=private_rules(f"distinct{next(_tags)}_{i}"))
        gc.collect()
    per_set = (rss_mb() - before) / 60
    live, kept = acumat.engine.shared_count()
    assert kept <= acumat.engine.MAX_SHARED
    assert live <= live_before + acumat.engine.MAX_SHARED
    # Evicted engines free their durable rulesets (2 stages used per rule set here).
    assert proxy.seen["delete_ruleset"] >= 2 * (60 - acumat.engine.MAX_SHARED)
    assert per_set < 1.3, f"{per_set:.2f} MB per distinct rule set"


def test_one_percent_faults_keep_memory_bounded_and_answers_right():
    """1 % faults in every C call over 1,500 recommend() calls: < 25 MB, answers right or EngineError."""
    rules = private_rules(f"mem{next(_tags)}")
    profiles = mixed_profiles(1500, seed=41)
    expected = [recommend(p, rules).model_dump_json() for p in profiles]
    proxy = FaultyDurable(REAL, seed=3)
    gc.collect()
    before = rss_mb()
    refused = 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acumat.engine, "_dre", proxy)
        proxy.randomly(0.01, kinds=("before", "after", "garbage", "drop"),
                       drop_ok=lambda handle: True)
        for p, want in zip(profiles, expected, strict=True):
            try:
                got = recommend(p, rules).model_dump_json()
            except EngineError:
                refused += 1
                continue
            assert got == want
        proxy.off()
        gc.collect()
        growth = rss_mb() - before
        assert [recommend(p, rules).model_dump_json() for p in profiles[:200]] == expected[:200]
    assert sum(proxy.injected.values()) > 100
    assert refused >= sum(proxy.injected.values()) // 2
    for stage in ("profile", "guidance"):
        assert rules.engine(stage).replacements <= acumat.engine.MAX_REPLACEMENTS
    assert growth < 25, f"{growth:.1f} MB"
