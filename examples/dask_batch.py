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

Exits 1 when any line failed (every line is still written), like ``acumat batch``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import IO

import dask.bag as db
from distributed import Client, LocalCluster

import acumat

SAMPLE = Path(__file__).resolve().parent / "sample_profiles.jsonl"

#: A partition's results: recommendation JSON (made in the worker), or the error.
Result = str | acumat.BatchError


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
    bound); past it a ``TimeoutError`` is raised. Returns ``(lines, failed)``.
    """
    futures = client.compute(screen_bag(urlpath, blocksize=blocksize).to_delayed())
    lines = failed = 0
    for future in futures:  # in input order; later blocks keep computing meanwhile
        for result in future.result(timeout=timeout):
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


def main(argv: list[str] | None = None) -> int:
    """Command line: screen a JSONL file locally or on a cluster; exit 1 if any line failed."""
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
    with contextlib.ExitStack() as stack:
        if args.scheduler:
            client = stack.enter_context(Client(args.scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=":0"))
            client = stack.enter_context(Client(cluster))
        out = sys.stdout
        if args.output != "-":
            out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        lines, failed = screen(client, args.input, out, blocksize=args.blocksize)
    print(f"{lines} line(s) screened, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
