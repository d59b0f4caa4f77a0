"""Screen a JSON Lines file of profiles on a Dask cluster, acumat once per partition.

The output is line for line what ``acumat batch IN.jsonl -o OUT.jsonl`` writes: per
input line either the recommendation's JSON or an error record
``{"line": N, "error": {"field": ..., "message": ...}}`` (N counts from 1).

How it scales: ``dask.bag.read_text`` cuts the file into blocks at line ends
(``--blocksize``), each worker process screens whole blocks with
:func:`acumat.recommend_many` (one engine per process, built once), and this
process writes the blocks' results back in input order, numbering the lines as
it goes, so error records carry the right line even though a block does not know
where it starts. The input path must be readable by the workers: a shared disk,
or any URL fsspec understands (``s3://bucket/profiles.jsonl`` with ``s3fs``).

Run on this machine (a local cluster of worker processes)::

    python examples/dask_batch.py examples/sample_profiles.jsonl -o out.jsonl --workers 2

The sample's lines 15 and 18 are broken on purpose (a wrong type, and JSON cut short),
to show the error records: that run writes all 20 lines and exits 1.

The same code on a running cluster (every worker needs ``pip install 'acumat[dask]'``)::

    python examples/dask_batch.py s3://bucket/profiles.jsonl -o out.jsonl --scheduler tcp://HOST:8786

Exit codes, as for ``acumat batch``: 0 every line screened and written; 1 every line
written, some are error records; 2 usage error; 3 the run did not complete (workers
lost beyond what the scheduler retries, the cluster gone, the output not writable);
130 / 143 interrupted by SIGINT / SIGTERM. With ``-o FILE`` the results go to
``FILE.partial-XXXXXXXX`` beside it and are renamed to ``FILE`` only when every block
is written: a failed or interrupted run leaves nothing new at ``FILE``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import dask.bag as db
from distributed import Client, Future, LocalCluster

import acumat

SAMPLE = Path(__file__).resolve().parent / "sample_profiles.jsonl"

#: A partition's results: recommendation JSON (made in the worker), or the error.
Result = str | acumat.BatchError

EXIT_OK, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 3


def screen_partition(lines: list[str]) -> list[Result]:
    """Screen one block of lines in a worker: recommendation JSON or a ``BatchError`` each."""
    # read_text decoded with surrogateescape: the original bytes come back exactly,
    # so a line that is not UTF-8 gets its error record like any other bad line.
    items = [line.encode("utf-8", "surrogateescape").strip() for line in lines]
    return [result if isinstance(result, acumat.BatchError) else result.model_dump_json()
            for result in acumat.recommend_many(items)]


def screen_bag(urlpath: str, *, blocksize: int | str = "16MiB") -> db.Bag:
    """A bag with one partition of results per block of the input file."""
    lines = db.read_text(urlpath, blocksize=blocksize, linedelimiter="\n", errors="surrogateescape")
    return lines.map_partitions(screen_partition)


def screen(client: Client, urlpath: str, out: IO[str], *, blocksize: int | str = "16MiB",
           timeout: float | None = None) -> tuple[int, int]:
    """Screen ``urlpath`` on ``client``'s cluster, writing one line per input line to ``out``.

    ``timeout`` bounds the wait for each block's results, in seconds (default: no
    bound); past it a ``TimeoutError`` is raised. A block that failed for good (e.g.
    ``KilledWorker``: its workers died more often than the scheduler retries) raises
    its error as soon as it is known, even while earlier blocks are still running.
    Returns ``(lines, failed)``.
    """
    futures = client.compute(screen_bag(urlpath, blocksize=blocksize).to_delayed())
    lines = failed = 0
    for future in futures:  # in input order; later blocks keep computing meanwhile
        for result in _result(future, futures, timeout):
            lines += 1
            if isinstance(result, acumat.BatchError):
                failed += 1
                # The block does not know where it starts: number the line here.
                out.write(json.dumps(result.record(line=lines)) + "\n")
            else:
                out.write(result + "\n")
        future.release()
    out.flush()
    return lines, failed


def _result(future: Future, futures: list[Future], timeout: float | None) -> list[Result]:
    # Wait for one block, but fail at once when any block has failed: the output could
    # not be complete, and a cluster that lost its workers may never finish the others.
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        step = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
        try:
            return future.result(timeout=step)  # type: ignore[no-any-return]
        except TimeoutError:
            failed = next((f for f in futures if f.status == "error"), None)
            if failed is not None:
                failed.result()  # raises that block's error
            if deadline is not None and time.monotonic() >= deadline:
                raise


@contextlib.contextmanager
def output_file(target: str) -> Iterator[IO[str]]:
    """A stream whose content appears at ``target`` only if the block completes ("-" = stdout)."""
    if target == "-":
        yield sys.stdout
        return
    path = Path(target)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.partial-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            yield out
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)
        os.replace(partial, path)  # complete: only now does anything appear at the target
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)


def write_results(client: Client, urlpath: str, target: str, *, blocksize: int | str = "16MiB",
                  timeout: float | None = None) -> int:
    """Screen ``urlpath`` and write the results to ``target``; the exit code (see the module doc)."""
    try:
        with output_file(target) as out:
            lines, failed = screen(client, urlpath, out, blocksize=blocksize, timeout=timeout)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # KilledWorker (retries used up), a lost cluster, a full disk, ...
        print(f"error: the run did not complete, nothing new was written to {target}: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INCOMPLETE
    print(f"{lines} line(s) screened, {failed} failed", file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: the partial file is removed


def main(argv: list[str] | None = None) -> int:
    """Command line: screen a JSONL file locally or on a cluster (exit codes in the module doc)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", default=str(SAMPLE),
                        help="JSON Lines file or URL, one profile per line (default: the sample)")
    parser.add_argument("-o", "--output", default="-", help="where to write the results (- = stdout)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://HOST:8786; "
                        "without it a local cluster is started")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--blocksize", default="16MiB", help="bytes of input per partition")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with contextlib.ExitStack() as stack:
            if args.scheduler:
                client = stack.enter_context(Client(args.scheduler))
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=":0"))
                client = stack.enter_context(Client(cluster))
            return write_results(client, args.input, args.output, blocksize=args.blocksize)
    except KeyboardInterrupt:
        print("error: interrupted by SIGINT; nothing new was written", file=sys.stderr)
        return 128 + signal.SIGINT


if __name__ == "__main__":
    sys.exit(main())
