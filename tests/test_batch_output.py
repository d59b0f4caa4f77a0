"""`acumat batch` output that cannot lie: real processes, real signals, real files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

import acumat
from acumat import iter_recommend_many

GOOD = {"pregnant": False, "blood_thinners": False, "conditions": [],
        "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
        "pain": {"region": "lower", "severity": 4, "weeks": 3}}
CLI = [sys.executable, "-m", "acumat.cli", "batch"]


def _lines(n: int) -> str:
    return "".join(json.dumps({**GOOD, "pain": {"severity": i % 11}}) + "\n" for i in range(n))


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    """60,000 profiles: several seconds of work, time enough to signal the run part-way."""
    path = tmp_path_factory.mktemp("batch") / "big.jsonl"
    path.write_text(_lines(60_000))
    return path


def _wait_for(predicate, timeout: float = 60.0, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _partials(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.partial-*"))


def _start(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=kwargs.pop("stdout", subprocess.DEVNULL),
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return proc.returncode, err


def _all_gone(processes: list[psutil.Process], timeout: float = 30) -> bool:
    def gone() -> bool:
        return not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes)
    return _wait_for(gone, timeout)


def _temporaries_gone(out: Path, timeout: float = 30) -> bool:
    """Nothing left in the run's temporary directory (the workers' result files included)."""
    return _wait_for(lambda: not any((out.parent / "tmp").iterdir()), timeout)


def _started_run(big_input: Path, out: Path, workers: int) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """A batch run that is writing its partial file, and its child processes (workers, tracker)."""
    # Its own temporary directory, to see that the workers' result files do not outlive it.
    (out.parent / "tmp").mkdir(exist_ok=True)
    proc = _start([str(big_input), "-o", str(out), "--workers", str(workers), "--chunksize", "200"],
                  env={**os.environ, "TMPDIR": str(out.parent / "tmp")})
    assert _wait_for(lambda: any(p.stat().st_size > 0 for p in _partials(out.parent))), "no output started"
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= (workers - 1)
    return proc, children


# --- the output is not the input -----------------------------------------------------------

def test_stdin_input_as_output_is_refused_and_kept(tmp_path):
    """`acumat batch - -o X < X` (which emptied X) is a usage error and X is unchanged."""
    x = tmp_path / "people.jsonl"
    x.write_text(_lines(5))
    with x.open("rb") as stdin:
        code, err = _finish(_start(["-", "-o", str(x)], stdin=stdin))
    assert code == 2 and "must not be the input file" in err
    assert x.read_text() == _lines(5)


def test_stdout_appended_to_the_input_is_refused(tmp_path):
    """`acumat batch X >> X` would read its own output: refused, X unchanged."""
    x = tmp_path / "people.jsonl"
    x.write_text(_lines(3))
    with x.open("a") as stdout:
        code, _ = _finish(_start([str(x)], stdout=stdout))
    assert code == 2
    assert x.read_text() == _lines(3)


def test_hard_link_to_the_input_as_output_is_refused(tmp_path):
    """Another name for the same file (same device and inode) is refused too."""
    x = tmp_path / "people.jsonl"
    x.write_text(_lines(3))
    os.link(x, tmp_path / "alias.jsonl")
    code, _ = _finish(_start([str(x), "-o", str(tmp_path / "alias.jsonl")]))
    assert code == 2 and x.read_text() == _lines(3)


def test_dev_null_in_and_out_is_not_the_same_file():
    """Only a regular input file counts: /dev/null in and out is an empty, successful run."""
    code, err = _finish(_start(["/dev/null", "-o", "/dev/null"]))
    assert code == 0, err


# --- a complete run ----------------------------------------------------------------------

def test_complete_run_puts_the_file_in_place_and_no_partial(tmp_path):
    """A finished run leaves exactly the output file (umask permissions), equal to recommend() per line."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(4))
    out = tmp_path / "out.jsonl"
    code, err = _finish(_start([str(src), "-o", str(out)]))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    first = json.loads(src.read_text().splitlines()[0])
    assert out.read_text().splitlines()[0] == acumat.recommend(first).model_dump_json()


def test_rerun_keeps_the_existing_files_permissions(tmp_path):
    """Replacing an existing output keeps its permission bits."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(2))
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o600)
    code, _ = _finish(_start([str(src), "-o", str(out)]))
    assert code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(out.read_text().splitlines()) == 2


def test_bom_at_start_of_input_is_not_an_error(tmp_path):
    """A UTF-8 byte order mark before the first line is ignored: line 1 is screened, exit 0."""
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + _lines(2).encode())
    code, err = _finish(_start([str(src), "-o", str(tmp_path / "out.jsonl")]))
    assert code == 0, err
    assert all("verdict" in json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines())


def test_exit_codes_are_in_the_help():
    """`acumat batch --help` lists every exit code, 3, 130 and 143 included."""
    proc = subprocess.run([*CLI, "--help"], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "COLUMNS": "200"})
    text = " ".join(proc.stdout.split())
    for code in ("0", "1", "2", "3", "130", "143"):
        assert f"{code} " in text
    assert "did not complete" in text and "SIGTERM" in text


# --- write failures ----------------------------------------------------------------------

def test_dev_full_output_is_an_error_line_and_exit_3(tmp_path):
    """-o /dev/full (which printed a traceback) gives one error line and exit 3."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(3))
    code, err = _finish(_start([str(src), "-o", "/dev/full"]))
    assert code == 3
    assert err.strip() == "error: cannot write /dev/full: No space left on device"


def test_stdout_on_dev_full_is_an_error_line_and_exit_3(tmp_path):
    """Results to stdout redirected to /dev/full: one error line, exit 3, no second error at exit."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(3))
    with open("/dev/full", "w") as full:
        code, err = _finish(_start([str(src)], stdout=full))
    assert code == 3
    assert err.strip() == "error: cannot write standard output: No space left on device"


def test_output_in_a_missing_directory_is_exit_3(tmp_path):
    """An output path whose directory does not exist fails before any work, naming the path."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(1))
    code, err = _finish(_start([str(src), "-o", str(tmp_path / "no" / "out.jsonl")]))
    assert code == 3 and "cannot write" in err and "Traceback" not in err


# --- signals -----------------------------------------------------------------------------

@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.parametrize("workers", [1, 2])
def test_signal_leaves_no_output_and_its_own_exit_code(big_input, tmp_path, sig, code, workers):
    """SIGTERM/SIGINT mid-run: exit 143/130, nothing at the output path, no partial, no child left."""
    out = tmp_path / "out.jsonl"
    proc, children = _started_run(big_input, out, workers)
    proc.send_signal(sig)
    got, err = _finish(proc)
    assert got == code, err
    assert f"interrupted by {signal.Signals(sig).name}" in err and "Traceback" not in err
    assert not out.exists() and _partials(tmp_path) == []
    assert _temporaries_gone(out)
    assert _all_gone(children), "a worker or the resource tracker outlived the run"


def test_interrupted_run_leaves_the_previous_output_as_it_was(big_input, tmp_path):
    """An output file from an earlier run is neither emptied nor half-replaced by an interrupted one."""
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    proc, _ = _started_run(big_input, out, 1)
    proc.send_signal(signal.SIGTERM)
    assert _finish(proc)[0] == 143
    assert out.read_text() == "earlier results\n"


def test_workers_end_when_the_parent_is_killed(big_input, tmp_path):
    """SIGKILL to `batch --workers 2`: the worker and the resource tracker end too; the partial is named so."""
    out = tmp_path / "out.jsonl"
    proc, children = _started_run(big_input, out, 2)
    proc.kill()
    assert _finish(proc)[0] == -signal.SIGKILL
    assert _all_gone(children), "children outlived their killed parent"
    assert _temporaries_gone(out), ("the workers' result files outlived the killed run: "
                                    f"{sorted(map(str, (out.parent / 'tmp').rglob('*')))}")
    assert not out.exists()
    assert all(p.name.startswith("out.jsonl.partial-") for p in _partials(tmp_path))


def test_lost_worker_is_exit_3_without_output(big_input, tmp_path):
    """A worker process killed mid-run: exit 3 with an error line, nothing at the output path."""
    out = tmp_path / "out.jsonl"
    proc, children = _started_run(big_input, out, 2)
    workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
    assert workers
    for w in workers:
        w.kill()
    code, err = _finish(proc)
    assert code == 3, err
    assert "worker process ended" in err and "Traceback" not in err
    assert not out.exists() and _partials(tmp_path) == []
    assert _temporaries_gone(out)


@pytest.mark.parametrize("delay", [0.0, 0.8, 1.6, 3.0])
def test_sigterm_at_any_moment_gives_complete_output_or_none(tmp_path, delay):
    """Killed at a few moments (before start-up, mid-run, near the end): all lines, or no file."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(6000))
    out = tmp_path / "out.jsonl"
    proc = _start([str(src), "-o", str(out)])
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    code, _ = _finish(proc)
    # The invariant: a file at the output path is always complete. (A signal that lands
    # after the rename, while the process exits, may still end it with -15.)
    if out.exists():
        assert len(out.read_text().splitlines()) == 6000
        assert code in (0, 143, -signal.SIGTERM)
    else:
        assert code in (143, -signal.SIGTERM)
    assert _partials(tmp_path) == []


# --- the library: workers=N without a __main__ guard, closing early ----------------------

def test_recommend_many_workers_without_main_guard_says_what_to_do(tmp_path):
    """A script calling recommend_many(workers=2) at top level fails in a few lines naming the guard."""
    script = tmp_path / "screen.py"
    script.write_text("import acumat\nprint(len(acumat.recommend_many([{}] * 20, workers=2, chunksize=2)))\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.returncode != 0
    assert 'if __name__ == "__main__":' in proc.stderr
    assert "BrokenProcessPool" not in proc.stderr and "RuntimeError" not in proc.stderr
    assert len(proc.stderr.splitlines()) < 25


def test_recommend_many_workers_with_main_guard_works(tmp_path):
    """The same script under `if __name__ == "__main__":` screens every profile."""
    script = tmp_path / "screen.py"
    script.write_text(textwrap.dedent("""\
        import acumat
        if __name__ == "__main__":
            results = acumat.recommend_many([{"pregnant": True}] * 20, workers=2, chunksize=2)
            print(len(results), results[-1].verdict.value)
        """))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["20", "consult"]


def test_closing_iter_recommend_many_early_ends_its_workers():
    """Closing the generator part-way ends the worker processes at once."""
    results = iter_recommend_many(({} for _ in range(200_000)), workers=2, chunksize=50)
    assert next(results).verdict == "caution"
    children = psutil.Process().children(recursive=False)
    workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
    assert workers
    results.close()
    assert _all_gone(workers, timeout=20)


def test_output_through_a_symlink_replaces_the_file_it_points_to(tmp_path):
    """-o LINK where LINK points to a file: the file gets the results and LINK stays a link."""
    src = tmp_path / "in.jsonl"
    src.write_text(_lines(2))
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    code, err = _finish(_start([str(src), "-o", str(link)]))
    assert code == 0, err
    assert link.is_symlink() and len(real.read_text().splitlines()) == 2
