"""Reliability under failure and load.

* An engine failure injected at any call into durable-rules during an evaluation
  raises acumat's own error (never advice, never durable's raw error), and the
  next evaluations are right: no fact is left behind in the engine.
* 8 threads × 10,000 mixed profiles give exactly the single-thread answers; so do
  2 processes through ``recommend_many``.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import acumat.engine
from acumat import (
    AcumatError,
    BatchError,
    EngineError,
    Recommendation,
    Verdict,
    next_session,
    recommend,
    recommend_many,
)
from faultproxy import private_rules
from mixed import BAD_ITEMS, KNOWN, LOG, SAFE, assert_answers_right, mixed_inputs, mixed_profiles

DRE = acumat.engine._dre
CALLS = ("assert_fact", "start_action_for_state", "complete_and_start_action", "retract_fact")


def _calls_per_evaluation(run: Callable[[], object]) -> Counter[str]:
    """How often one evaluation calls each durable-rules function."""
    counts: Counter[str] = Counter()
    with pytest.MonkeyPatch.context() as mp:
        for name in CALLS:
            real = getattr(DRE, name)

            def counted(*args: Any, _real: Any = real, _name: str = name) -> Any:
                counts[_name] += 1
                return _real(*args)

            mp.setattr(DRE, name, counted)
        run()
    return counts


def _fail_at(mp: pytest.MonkeyPatch, name: str, n: int) -> Counter[str]:
    """Make the ``n``-th call of ``DRE.<name>`` raise durable's own error."""
    real = getattr(DRE, name)
    seen: Counter[str] = Counter()

    def flaky(*args: Any) -> Any:
        seen[name] += 1
        if seen[name] == n:
            raise DRE.error(f"injected failure at call {n} of {name}")
        return real(*args)

    mp.setattr(DRE, name, flaky)
    return seen


_fresh = itertools.count(1)


def _unseen_profile() -> dict[str, Any]:
    """A profile not evaluated before, so nothing can come from a cache."""
    return {**SAFE, "pain": {"region": "middle", "severity": 4, "weeks": 13},
            "sessions_completed": 1000 + next(_fresh), "therapies": ["massage"]}


def _injection_points() -> Iterator[tuple[str, str, int]]:
    runs: dict[str, Callable[[], object]] = {
        "recommend": lambda: recommend(_unseen_profile()),
        "next_session": lambda: next_session(_unseen_profile(), [LOG]),
    }
    for entry, run in runs.items():
        counts = _calls_per_evaluation(run)
        for name in CALLS:
            assert counts[name] >= 1, (entry, name)
            for n in range(1, counts[name] + 1):
                yield entry, name, n


@pytest.mark.parametrize(("entry", "name", "n"), list(_injection_points()))
def test_injected_engine_failure_raises_and_leaves_nothing_behind(entry, name, n):
    """A durable-rules failure at any call raises EngineError; every later answer is right."""
    assert_answers_right()
    with pytest.MonkeyPatch.context() as mp:
        seen = _fail_at(mp, name, n)
        profile = _unseen_profile()
        call = (lambda: recommend(profile)) if entry == "recommend" else (
            lambda: next_session(profile, [LOG]))
        with pytest.raises(EngineError, match="injected failure") as info:
            call()
        assert seen[name] >= n  # the failure really happened inside the evaluation
    assert isinstance(info.value, AcumatError)
    assert_answers_right()


def _truncation_points() -> list[int]:
    """The calls of complete_and_start_action that return an action for a blood-thinner profile."""
    thinners = {**SAFE, "blood_thinners": True, "sessions_completed": 4999}
    real = DRE.complete_and_start_action
    answers: list[bool] = []

    def watched(*args: Any) -> Any:
        got = real(*args)
        answers.append(got is not None)
        return got

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DRE, "complete_and_start_action", watched)
        recommend(thinners)
    return [i for i, answered in enumerate(answers, 1) if answered]


@pytest.mark.parametrize("n", [0, *_truncation_points()])
def test_engine_answer_cut_short_is_an_error_not_a_go_ahead(n):
    """If durable-rules stops returning actions early (after ``n`` of them), acumat refuses to answer.

    A cut-short answer would silently drop rules, e.g. the blood-thinner rule (C8),
    and read as "nothing applies": the worst kind of wrong go-ahead.
    """
    thinners = {**SAFE, "blood_thinners": True, "sessions_completed": 5000 + next(_fresh)}
    with pytest.MonkeyPatch.context() as mp:
        if n == 0:
            mp.setattr(DRE, "start_action_for_state", lambda *args: None)
        else:
            real = DRE.complete_and_start_action
            seen = Counter[str]()

            def cut(*args: Any) -> Any:
                seen["n"] += 1
                return None if seen["n"] == n else real(*args)

            mp.setattr(DRE, "complete_and_start_action", cut)
        with pytest.raises(EngineError, match="no complete result"):
            recommend(thinners)
    assert recommend(thinners).verdict == Verdict.AVOID
    assert_answers_right()


def test_failed_replacement_refuses_until_the_engine_works_again():
    """If even rebuilding a failed ruleset fails, later calls raise (never answer) until it works."""
    rules = private_rules("rebuild")  # engines of its own: the damage stays here
    assert recommend(SAFE, rules).verdict == Verdict.SUITABLE
    with pytest.MonkeyPatch.context() as mp:

        def broken(*args: Any) -> Any:  # the state cannot be drained: the ruleset is replaced
            raise DRE.error("always failing")

        def no_create(*args: Any) -> Any:
            raise DRE.error("cannot create")

        mp.setattr(DRE, "complete_and_start_action", broken)
        mp.setattr(DRE, "create_ruleset", no_create)
        with pytest.raises(EngineError):
            recommend(SAFE, rules)
        with pytest.raises(EngineError):
            recommend({**SAFE, "blood_thinners": True}, rules)
    for profile, verdict in KNOWN:
        assert recommend(profile, rules).verdict == verdict, profile


THREADS = 8
PER_THREAD = 10_000


@pytest.fixture(scope="module")
def ten_thousand() -> tuple[list[dict[str, Any]], list[str]]:
    profiles = mixed_profiles(PER_THREAD, seed=31)
    return profiles, [recommend(p).model_dump_json() for p in profiles]


def test_ten_thousand_profiles_are_mixed(ten_thousand):
    """The load tests' profiles reach every verdict, so every path runs under load."""
    _, expected = ten_thousand
    verdicts = Counter(Recommendation.model_validate_json(e).verdict for e in expected)
    assert set(verdicts) == set(Verdict)
    assert min(verdicts.values()) >= 20


def test_eight_threads_ten_thousand_profiles_each(ten_thousand):
    """8 threads, each evaluating all 10,000 profiles in its own order, give the single-thread JSON."""
    profiles, expected = ten_thousand
    barrier = threading.Barrier(THREADS)

    def work(worker: int) -> list[int]:
        order = list(range(len(profiles)))
        random.Random(worker).shuffle(order)
        barrier.wait()
        return [i for i in order if recommend(profiles[i]).model_dump_json() != expected[i]]

    with ThreadPoolExecutor(THREADS) as pool:
        wrong = list(pool.map(work, range(THREADS)))
    assert wrong == [[]] * THREADS
    assert [recommend(p).model_dump_json() for p in profiles[:500]] == expected[:500]


def _as_comparable(results: list[Recommendation | BatchError]) -> list[str]:
    return [r.model_dump_json() for r in results]


def test_two_processes_give_the_single_process_answers():
    """recommend_many with 2 processes equals one process on 10,000 inputs with bad items inside."""
    items = mixed_inputs(PER_THREAD)
    one = recommend_many(items, workers=1)
    two = recommend_many(items, workers=2, chunksize=700)
    assert len(one) == len(two) == len(items)
    assert _as_comparable(two) == _as_comparable(one)
    errors = [r for r in one if isinstance(r, BatchError)]
    assert len(errors) == len([i for i in range(len(items)) if i % 97 == 48])
    named = {str(item): field for item, field in BAD_ITEMS}
    for err in errors:
        assert err.field == named[str(items[err.index])], err
    # Every good item's answer is the plain recommend() answer.
    for i in range(0, len(items), 37):
        if not isinstance(one[i], BatchError):
            assert one[i].model_dump_json() == recommend(items[i]).model_dump_json()


def test_two_processes_use_the_given_rule_set():
    """recommend_many(rules=...) with 2 processes answers with that rule set in every process."""
    from pathlib import Path

    from acumat import default_rules, load_rules

    pack = load_rules(Path(__file__).resolve().parents[1] / "examples" / "custom_pack.yaml")
    rules = default_rules("U5").with_pack(pack)
    items: list[Any] = mixed_inputs(300)
    items += [{**p, "extra": {"epilepsy": False, "pacemaker": False}} for p in mixed_profiles(300, 3)]
    items += [{"extra": {"epilepsy": answer}} for answer in (True, False, None)] * 40
    one = recommend_many(items, rules=rules, workers=1)
    two = recommend_many(items, rules=rules, workers=2, chunksize=7)
    assert _as_comparable(two) == _as_comparable(one)
    fingerprints = {r.rules_fingerprint for r in two if isinstance(r, Recommendation)}
    assert fingerprints == {rules.fingerprint}
    # The pack's question decides: a "yes" to epilepsy is never suitable.
    assert {r.verdict for r in two[-120::3] if isinstance(r, Recommendation)} == {Verdict.CONSULT}
    # And the U5 schedule, not the default U4 one, shapes the plans.
    assert {r.plan.schedule for r in two if isinstance(r, Recommendation) and r.plan} == {"U5"}


def test_workers_results_directory_that_cannot_be_made_is_a_worker_error(monkeypatch, tmp_path):
    """No writable temporary directory for the workers' results: WorkerError naming it, no worker started."""
    import tempfile

    from acumat.batch import WorkerError

    missing = tmp_path / "no-such-dir"
    monkeypatch.setattr(tempfile, "tempdir", str(missing))
    with pytest.raises(WorkerError, match=r"temporary directory.*no-such-dir"):
        recommend_many([{}] * 10, workers=2, chunksize=2)
    assert not missing.exists()
    # The next call (one worker needs no directory) still answers, and so do workers once
    # the temporary directory is usable again.
    assert len(recommend_many([{}] * 3, workers=1)) == 3
    monkeypatch.undo()
    two = recommend_many([{"pregnant": True}] * 10, workers=2, chunksize=2)
    assert [r.verdict for r in two] == [Verdict.CONSULT] * 10


def test_workers_results_lost_from_their_directory_stop_the_run(monkeypatch, tmp_path):
    """The results' directory removed mid-run: WorkerError about the results, never a short list."""
    import shutil
    import tempfile

    from acumat.batch import WorkerError, iter_recommend_many

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    items = mixed_profiles(4000, 5)
    results = iter_recommend_many(items, workers=2, chunksize=50)
    got = [next(results)]
    (spool,) = tmp_path.glob("acumat-batch-*")
    shutil.rmtree(spool)
    with pytest.raises(WorkerError, match="results"):
        got.extend(results)
    assert len(got) < len(items)
    assert not list(tmp_path.glob("acumat-batch-*"))  # nothing left behind either
