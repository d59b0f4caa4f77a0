"""examples/dask_batch.py on a local ``distributed`` cluster gives exactly ``acumat batch``'s output."""

from __future__ import annotations

import importlib.util
import io
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from distributed import Client, LocalCluster, get_task_stream
from typer.testing import CliRunner

from acumat import Recommendation, recommend
from acumat.cli import app
from mixed import BAD_ITEMS, mixed_profiles

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "dask_batch.py"
SAMPLE = ROOT / "examples" / "sample_profiles.jsonl"


def _load_example() -> ModuleType:
    # Under its file's name: the workers import it by that name once the client uploads it.
    spec = importlib.util.spec_from_file_location(SCRIPT.stem, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


example = _load_example()


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster, \
            Client(cluster) as c:
        # Tasks name the example's functions by module; ship the module to the workers.
        c.upload_file(str(SCRIPT))
        yield c


def cli_batch(path: Path, tmp_path: Path) -> tuple[int, list[str]]:
    out = tmp_path / "cli.jsonl"
    result = CliRunner().invoke(app, ["batch", str(path), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, out.read_text(encoding="utf-8").splitlines()


def dask_screen(client: Client, path: Path, blocksize: int | str = "16MiB") -> tuple[int, int, list[str]]:
    buf = io.StringIO()
    # A task the workers cannot run would wait forever: bound the wait instead.
    lines, failed = example.screen(client, str(path), buf, blocksize=blocksize, timeout=120)
    return lines, failed, buf.getvalue().splitlines()


def test_sample_matches_the_cli_and_the_source(client, tmp_path):
    """The sample file: same lines as `acumat batch`, with the verdicts the source gives."""
    lines, failed, got = dask_screen(client, SAMPLE, blocksize=400)  # several small partitions
    code, expected = cli_batch(SAMPLE, tmp_path)
    assert got == expected
    assert (lines, failed, code) == (20, 2, 1)
    records = [json.loads(g) for g in got]
    assert [r["line"] for r in records if "error" in r] == [15, 18]
    assert records[14]["error"]["field"] == "pregnant"
    verdicts = [r.get("verdict") for r in records]
    assert verdicts[4:6] == ["avoid", "avoid"]  # Eliquis on the list, blood thinners (C8)
    assert verdicts[6] == "consult"  # pregnant (C4)
    assert verdicts[11] == "caution"  # nothing answered


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """3,000 mixed lines: dicts as JSON, bad items, a blank line, invalid UTF-8 and CRLF endings."""
    rng = random.Random(5)
    lines: list[bytes] = []
    for i, p in enumerate(mixed_profiles(3000, seed=11)):
        if i % 250 == 100:
            lines.append(json.dumps(BAD_ITEMS[rng.randrange(len(BAD_ITEMS))][0]).encode())
        elif i == 1234:
            lines.append(b"")
        elif i == 2001:
            lines.append(b'{"medications": ["caf\xe9"]}')
        else:
            lines.append(json.dumps(p).encode() + (b"\r" if i % 7 == 0 else b""))
    path = tmp_path_factory.mktemp("dask") / "people.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_large_file_matches_the_cli_line_for_line(client, big_file, tmp_path):
    """Many partitions, bad lines in the middle: same count, order and line numbers as `acumat batch`."""
    with get_task_stream(client) as stream:
        lines, failed, got = dask_screen(client, big_file, blocksize=40_000)
    code, expected = cli_batch(big_file, tmp_path)
    assert lines == len(expected) == 3000
    assert got == expected
    assert code == 1 and failed == sum('"error"' in line for line in expected) >= 14
    errors = [json.loads(g)["line"] for g in got if g.startswith('{"line"')]
    assert 1235 in errors and 2002 in errors  # the blank and the non-UTF-8 line, counted from 1
    # The screening ran in the cluster's worker processes, on both of them, in many partitions.
    screened = [t for t in stream.data if "screen_partition" in t["key"][0]]
    assert len(screened) > 5
    assert {t["worker"] for t in screened} == set(client.scheduler_info()["workers"])


def test_good_lines_equal_plain_recommend(client, big_file):
    """Each good output line is the plain recommend() answer for that input line."""
    _, _, got = dask_screen(client, big_file, blocksize=100_000)
    raw = big_file.read_bytes().split(b"\n")
    for i in range(0, 3000, 97):
        if not got[i].startswith('{"line"'):
            assert Recommendation.model_validate_json(got[i]) == recommend(raw[i].strip())


def test_script_runs_as_a_user_runs_it(tmp_path):
    """`python examples/dask_batch.py IN -o OUT --workers 2` starts a local cluster and exits 1 on bad lines."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, str(SCRIPT), str(SAMPLE), "-o", str(out), "--workers", "2"],
                          capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert "20 line(s) screened, 2 failed" in proc.stderr
    assert "Traceback" not in proc.stderr
    _, expected = cli_batch(SAMPLE, tmp_path)
    assert out.read_text(encoding="utf-8").splitlines() == expected


def test_script_rejects_a_bad_worker_count():
    """A usage error exits 2 with a message, before any cluster starts."""
    proc = subprocess.run([sys.executable, str(SCRIPT), "--workers", "0"], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT)
    assert proc.returncode == 2
    assert "--workers" in proc.stderr
