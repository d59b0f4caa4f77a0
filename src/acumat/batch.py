"""Many profiles at once: ordered results, bad items as error records, optional processes."""

from __future__ import annotations

import contextlib
import gc
import operator
import os
import pickle
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
from acumat.trusted import trusted

if TYPE_CHECKING:  # multiprocessing and concurrent.futures are imported only when workers are used
    from concurrent.futures import Future, ProcessPoolExecutor


class WorkerError(AcumatError, RuntimeError):
    """A worker process of ``recommend_many(..., workers=N)`` ended before returning its
    results, or its results could not be handed back (their temporary file could not be
    written or read)."""


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
    import shutil
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # This is a worker process importing the caller's script (spawn does that): the
        # script has no __main__ guard. Say so in one line instead of a pool traceback.
        raise SystemExit(f"acumat: {NO_MAIN_GUARD}")
    # The calling process is one of the workers: it evaluates chunks itself (no pickling
    # for those) while workers-1 spawned processes take the others. Each process builds
    # its own engine; spawn, so no engine state crosses a fork. The rule set goes to
    # each process once, when it starts, not with every chunk.
    ctx = multiprocessing.get_context("spawn")
    try:
        spool = tempfile.mkdtemp(prefix="acumat-batch-")
    except OSError as exc:
        raise WorkerError("cannot create a temporary directory for the workers' results in "
                          f"{tempfile.gettempdir()}: {exc.strerror or exc} (set TMPDIR to a "
                          "writable directory, or use one worker)") from None
    try:
        pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx,
                                   initializer=_worker_started, initargs=(rules, spool))
        try:
            yield from _ordered(pool, workers - 1, _chunks(profiles, chunksize, rules))
        except BaseException:
            # An error, a signal turned exception, or the consumer closing the generator
            # early: do not wait for chunks in flight, end the workers now.
            _stop(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


if TYPE_CHECKING:
    _Result = Recommendation | BatchError
    _Pending = Future[str] | list[_Result]


def _ordered(pool: ProcessPoolExecutor, spawned: int,
             chunks: Iterator[tuple[int, list[Any], RuleSet | None]]) -> Iterator[_Result]:
    """The results of ``chunks`` in input order, spread over ``pool`` and this process.

    The pool is kept fed with two chunks per spawned process (one running, one ready to
    start); while the oldest chunk in flight is not back, this process evaluates the next
    chunk itself. So each process takes as many chunks as it gets through, whichever is
    slower (this one also pickles, rebuilds and hands the results on). At most
    ``4 * (spawned + 1)`` chunks are held: input is read as output is consumed.
    """
    window: deque[_Pending] = deque()
    depth, limit = 2 * spawned, 4 * (spawned + 1)
    more = True
    while True:
        # Keep the pool fed.
        while more and len(window) < limit and _in_pool(window) < depth:
            chunk = next(chunks, None)
            if chunk is None:
                more = False
            else:
                window.append(_submit(pool, chunk))
        if window and _ready(window[0]):
            yield from _resolve(window.popleft())  # hand on what is back, oldest first
            continue
        if not window:
            if more:
                continue
            return
        if more and len(window) < limit:
            # The oldest is still in the pool: evaluate the next chunk here meanwhile.
            chunk = next(chunks, None)
            if chunk is None:
                more = False
            else:
                window.append(_chunk(chunk))
            continue
        yield from _resolve(window.popleft())  # nothing else to do: wait for the oldest


def _in_pool(window: deque[_Pending]) -> int:
    return sum(1 for p in window if not isinstance(p, list) and not p.done())


def _ready(pending: _Pending) -> bool:
    return isinstance(pending, list) or pending.done()


def _submit(pool: ProcessPoolExecutor, chunk: tuple[int, list[Any], RuleSet | None]) -> Future[str]:
    from concurrent.futures.process import BrokenProcessPool

    start, items, _ = chunk
    payload = pickle.dumps((start, items), pickle.HIGHEST_PROTOCOL)
    try:
        return pool.submit(_work, payload)
    except BrokenProcessPool:
        raise _lost() from None


def _lost() -> WorkerError:
    return WorkerError(
        "a worker process ended before returning its results (it was killed, ran out "
        f"of memory, or could not start); note: {NO_MAIN_GUARD}")


def _resolve(pending: _Pending) -> list[_Result]:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(pending, list):
        return pending
    try:
        path = pending.result()
    except BrokenProcessPool:
        raise _lost() from None
    try:
        with open(path, "rb") as f:
            payload = f.read()
        os.unlink(path)
    except OSError as exc:
        raise WorkerError(f"a worker's results could not be read back from {path}: "
                          f"{exc.strerror or exc}") from None
    with _gc_paused():
        return [trusted(Recommendation, dict(zip(_FIELDS, r, strict=True))) if type(r) is tuple
                else r for r in pickle.loads(payload)]  # noqa: S301 (from our own worker)


# A Recommendation crosses between processes as the tuple of its field values, in field
# order: its findings, questions, mat and plan are pickled once per chunk (results share
# them), and the receiving process builds the model around them without validating it
# again, as recommend() does. Pickling the model itself costs twice as much each way.
_FIELDS = tuple(Recommendation.model_fields)
_values = operator.itemgetter(*_FIELDS)

#: The rule set of this worker process, and the directory its results go to (set when
#: it starts).
_worker_rules: RuleSet | None = None
_worker_spool = ""


def _work(payload: bytes) -> str:
    """In a worker process: a pickled ``(start, items)`` chunk in, the path of a file
    holding its pickled results out.

    The results go through a file, not the pool's result pipe: a worker killed while
    writing a large result to the pipe leaves half a message there, and the pool's
    reader (which holds the pipe's other end open itself) then waits for the rest
    forever instead of seeing the pool broken. The path is one short write, which a
    pipe takes whole or not at all.
    """
    # Unpickled, evaluated and pickled with the cyclic collector paused: nothing made
    # here outlives the call (a third of a worker's time went to collections otherwise).
    with _gc_paused():
        start, items = pickle.loads(payload)  # noqa: S301 (from our own parent)
        rules = _worker_rules
        results = [_one(start + i, item, rules) for i, item in enumerate(items)]
        out = pickle.dumps([_values(r.__dict__) if type(r) is Recommendation else r
                            for r in results], pickle.HIGHEST_PROTOCOL)
    path = os.path.join(_worker_spool, f"{start}.pickle")
    try:
        with open(path, "wb") as f:
            f.write(out)
    except OSError as exc:  # e.g. the disk is full: the run stops, saying so
        raise WorkerError(f"a worker could not write its results to {path}: "
                          f"{exc.strerror or exc}") from None
    return path


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


def _worker_started(rules: RuleSet | None = None, spool: str = "") -> None:
    """In each worker process: keep the rule set and the results' directory, leave
    Ctrl-C to the parent, and end when the parent ends."""
    import multiprocessing

    global _worker_rules, _worker_spool
    _worker_rules, _worker_spool = rules, spool
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers itself
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel, spool),
                         name="acumat-parent-watch", daemon=True).start()


#: How many times a worker whose parent has ended tries to remove the results' directory.
_SPOOL_TRIES = 20


def _exit_with(sentinel: int, spool: str) -> None:
    # The sentinel becomes ready when the parent process has ended, however it ended
    # (SIGKILL included); a worker left behind would hold the dead parent's pipes, and
    # results nobody will read would stay in the temporary directory.
    import shutil
    from multiprocessing.connection import wait

    wait([sentinel])
    # This process's own _work may still be writing a result there: a file it creates
    # while rmtree runs keeps the directory (rmtree then fails, silently). Once the
    # directory is gone no new file can appear in it, so try again until it is.
    for _ in range(_SPOOL_TRIES):
        if not spool or not os.path.exists(spool):
            break
        shutil.rmtree(spool, ignore_errors=True)
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
