"""Many profiles at once: ordered results, bad items as error records, optional processes."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from acumat.advice import Recommendation
from acumat.errors import AcumatError
from acumat.evaluate import ProfileInput, recommend
from acumat.rules.ruleset import RuleSet

if TYPE_CHECKING:  # multiprocessing and concurrent.futures are imported only when workers are used
    from concurrent.futures import Future, ProcessPoolExecutor


class WorkerError(AcumatError, RuntimeError):
    """A worker process of ``recommend_many(..., workers=N)`` ended before returning its results."""


NO_MAIN_GUARD = (
    "a script that calls recommend_many(..., workers=N) or iter_recommend_many(..., workers=N) "
    "must make that call under `if __name__ == \"__main__\":` (each worker process imports the "
    "script again, and without the guard the import would start workers of its own)"
)


class BatchError(BaseModel):
    """An input item that gave no recommendation: which one, which field, and why."""

    model_config = ConfigDict(frozen=True)

    index: int
    field: str | None
    message: str

    def record(self, line: int | None = None) -> dict[str, Any]:
        """The JSON error record ``{"line": N, "error": {"field": ..., "message": ...}}``."""
        return {"line": self.index + 1 if line is None else line,
                "error": {"field": self.field, "message": self.message}}


def error_of(index: int, exc: Exception) -> BatchError:
    """The batch error record for an exception raised by one item."""
    if isinstance(exc, ValidationError):
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"]) or None
        msg = err["msg"].removeprefix("Value error, ")
        return BatchError(index=index, field=loc, message=msg)
    return BatchError(index=index, field=getattr(exc, "field", None), message=str(exc))


def _one(index: int, item: Any, rules: RuleSet | None) -> Recommendation | BatchError:
    try:
        return recommend(item, rules)
    except (ValidationError, AcumatError, ValueError, TypeError) as exc:
        return error_of(index, exc)


def _chunk(args: tuple[int, Sequence[Any], RuleSet | None]) -> list[Recommendation | BatchError]:
    start, items, rules = args
    with _gc_paused():
        return [_one(start + i, item, rules) for i, item in enumerate(items)]


def _chunks(items: Iterable[Any], size: int, rules: RuleSet | None
            ) -> Iterator[tuple[int, list[Any], RuleSet | None]]:
    batch: list[Any] = []
    start = 0
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield start, batch, rules
            start += size
            batch = []
    if batch:
        yield start, batch, rules


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # Building a long list of results creates many long-lived objects; the cyclic
    # collector would rescan all of them again and again (half the parent's time with
    # workers). Results hold no reference cycles: pause it for the call, restore after.
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def iter_recommend_many(
    profiles: Iterable[ProfileInput], *, rules: RuleSet | None = None, workers: int | None = None,
    chunksize: int = 1000,
) -> Generator[Recommendation | BatchError, None, None]:
    """Like :func:`recommend_many`, yielding results in input order as they are ready.

    Closing the generator early (or an exception in the consumer that closes it)
    ends the worker processes at once instead of waiting for chunks in flight.
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer, not {chunksize!r}")
    if workers is None or workers == 1:
        for i, item in enumerate(profiles):
            yield _one(i, item, rules)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # This is a worker process importing the caller's script (spawn does that): the
        # script has no __main__ guard. Say so in one line instead of a pool traceback.
        raise SystemExit(f"acumat: {NO_MAIN_GUARD}")
    # The calling process is one of the workers: it evaluates every n-th chunk itself
    # (no pickling for those) while workers-1 spawned processes take the others. Each
    # process builds its own engine; spawn, so no engine state crosses a fork.
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx, initializer=_worker_started)
    try:
        # A bounded window of chunks in flight: input is read as output is written.
        window: deque[_Pending] = deque()
        for k, chunk in enumerate(_chunks(profiles, chunksize, rules)):
            window.append(chunk if k % workers == 0 else pool.submit(_chunk, chunk))
            if len(window) >= 4 * workers:
                yield from _resolve(window.popleft())
        while window:
            yield from _resolve(window.popleft())
    except BaseException:
        # An error, a signal turned exception, or the consumer closing the generator
        # early: do not wait for chunks in flight, end the workers now.
        _stop(pool)
        raise
    pool.shutdown(wait=True)


if TYPE_CHECKING:
    _Pending = Future[list[Recommendation | BatchError]] | tuple[int, list[Any], RuleSet | None]


def _resolve(pending: _Pending) -> list[Recommendation | BatchError]:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(pending, Future):
        try:
            return pending.result()
        except BrokenProcessPool:
            raise WorkerError(
                "a worker process ended before returning its results (it was killed, ran out "
                f"of memory, or could not start); note: {NO_MAIN_GUARD}") from None
    return _chunk(pending)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the pool's worker processes without waiting for them."""
    pool.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


def _worker_started() -> None:
    """In each worker process: leave Ctrl-C to the parent, and end when the parent ends."""
    import multiprocessing

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers itself
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="acumat-parent-watch",
                         daemon=True).start()


def _exit_with(sentinel: int) -> None:
    # The sentinel becomes ready when the parent process has ended, however it ended
    # (SIGKILL included); a worker left behind would hold the dead parent's pipes.
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(1)


def recommend_many(
    profiles: Iterable[ProfileInput], *, rules: RuleSet | None = None, workers: int | None = None,
    chunksize: int = 1000,
) -> list[Recommendation | BatchError]:
    """Recommend for every profile; one result per input, in input order.

    A bad item becomes a :class:`BatchError` in its place instead of an exception
    that would lose the rest. ``workers`` > 1 spreads chunks of ``chunksize``
    items over that many processes (the calling one and ``workers - 1`` spawned
    ones), each with its own engine. A script that passes ``workers`` > 1 must make
    the call under ``if __name__ == "__main__":`` (each worker process imports the
    script again); without it the call fails with :class:`WorkerError` saying so.
    Worker processes end when the calling process ends, however it ends.
    """
    with _gc_paused():
        return list(iter_recommend_many(profiles, rules=rules, workers=workers,
                                        chunksize=chunksize))
