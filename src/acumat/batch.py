"""Many profiles at once: ordered results, bad items as error records, optional processes."""

from __future__ import annotations

import contextlib
import gc
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import BaseModel, ConfigDict, ValidationError

from acumat.advice import Recommendation
from acumat.errors import AcumatError
from acumat.evaluate import ProfileInput, recommend
from acumat.rules.ruleset import RuleSet

if TYPE_CHECKING:
    from concurrent.futures import Future


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
) -> Iterator[Recommendation | BatchError]:
    """Like :func:`recommend_many`, yielding results in input order as they are ready."""
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer, not {chunksize!r}")
    if workers is None or workers == 1:
        for i, item in enumerate(profiles):
            yield _one(i, item, rules)
        return
    # The calling process is one of the workers: it evaluates every n-th chunk itself
    # (no pickling for those) while workers-1 spawned processes take the others. Each
    # process builds its own engine; spawn, so no engine state crosses a fork.
    # Imported here: only a call with workers needs them (they slow every import).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx) as pool:
        # A bounded window of chunks in flight: input is read as output is written.
        window: deque[_Pending] = deque()
        for k, chunk in enumerate(_chunks(profiles, chunksize, rules)):
            window.append(chunk if k % workers == 0 else pool.submit(_chunk, chunk))
            if len(window) >= 4 * workers:
                yield from _resolve(window.popleft())
        while window:
            yield from _resolve(window.popleft())


_Pending: TypeAlias = "Future[list[Recommendation | BatchError]] | tuple[int, list[Any], RuleSet | None]"


def _resolve(pending: _Pending) -> list[Recommendation | BatchError]:
    if isinstance(pending, tuple):
        return _chunk(pending)
    return pending.result()


def recommend_many(
    profiles: Iterable[ProfileInput], *, rules: RuleSet | None = None, workers: int | None = None,
    chunksize: int = 1000,
) -> list[Recommendation | BatchError]:
    """Recommend for every profile; one result per input, in input order.

    A bad item becomes a :class:`BatchError` in its place instead of an exception
    that would lose the rest. ``workers`` > 1 spreads chunks of ``chunksize``
    items over that many processes (the calling one and ``workers - 1`` spawned
    ones), each with its own engine.
    """
    with _gc_paused():
        return list(iter_recommend_many(profiles, rules=rules, workers=workers,
                                        chunksize=chunksize))
