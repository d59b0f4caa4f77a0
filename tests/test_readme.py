"""Every ```sh block of README.md runs as written.

How (the design, for whoever adds a README section):

- Each ```sh block runs with ``bash -e`` (no pipefail, as in a person's shell) in
  one temporary copy of the repository (the files git tracks or would track, as a
  fresh checkout has them; so commands that write files write them there), in
  README order, with this test environment's ``bin`` first on ``PATH`` (``acumat``,
  ``python`` and ``pip`` are the ones with the ``test`` extra) and stdin empty.
  A block fails on any non-zero exit: a command documented as failing says so in
  the block, e.g. ``acumat batch ... || test $? -eq 1``. Each block gets 60 s per
  command line (at most 300 s).
- ``<!-- readme: server -->`` on the line before the fence: the block is started in
  the background (its own process group); the test waits, at most 60 s, until the
  port the command names (``--port N``, ``:N`` or ``port=N``) accepts a connection,
  then sends SIGINT (SIGTERM after 15 s) and checks that the server exited. A
  server that exits before answering fails with its output.
- ``<!-- readme: install -->``: not run here, since it would create a venv and
  reinstall acumat inside this test run. The Quick start ones are the install and
  test commands ``.ci/run`` runs as written (from a fresh copy, on each Python:
  CI fails when they do); the Install ones (the wheelhouse) are run by
  tests/test_install.py. This test checks that those are the only install blocks.
- ```text blocks are illustrations and never run; ```python blocks are not run here.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readme_blocks import README, ROOT, Block, copy_repo, sh_blocks

BLOCKS = sh_blocks()
RUN = [b for b in BLOCKS if b.marker is None]
SERVERS = [b for b in BLOCKS if b.marker == "server"]
PER_COMMAND = 60
MAX_BLOCK = 300
_PORT = re.compile(r"(?:--port[ =]|port=|localhost:|127\.0\.0\.1:|0\.0\.0\.0:)([0-9]{2,5})\b")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A temporary copy of the repository, shared by the blocks in README order."""
    return copy_repo(tmp_path_factory.mktemp("readme") / "acumat")


def environment() -> dict[str, str]:
    """This environment's bin first on PATH, as if the venv were activated."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(Path(sys.executable).parent.parent)
    env.pop("PYTHONPATH", None)
    env["COLUMNS"] = "100"
    return env


def commands(block: Block) -> int:
    """How many command lines the block has (comments and blank lines do not count)."""
    return max(1, sum(1 for line in block.code.splitlines()
                      if line.strip() and not line.lstrip().startswith("#")))


def test_readme_has_blocks_and_marks_only_known_install_blocks():
    """README has command blocks to run, and its only install blocks are the two Quick start
    commands (.ci/run runs them) and the two wheelhouse commands (test_install runs them)."""
    assert len(RUN) >= 3
    installs = [(b.section, b.code.split()[0:3]) for b in BLOCKS if b.marker == "install"]
    assert [s for s, _ in installs] == ["Quick start", "Quick start", "Install", "Install"]
    quick = [b.code for b in BLOCKS if b.marker == "install" and b.section == "Quick start"]
    assert "pip install '.[cli]'" in quick[0] and "examples/quickstart.py" in quick[0]
    assert "pip install -e '.[test]'" in quick[1] and "-m pytest" in quick[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'readme_blocks.py "Quick start" install' in ci


@pytest.mark.parametrize("block", RUN, ids=[b.label for b in RUN])
def test_readme_block_runs(block, checkout):
    """The block exits 0 when run as written from the repository root."""
    timeout = min(MAX_BLOCK, PER_COMMAND * commands(block))
    proc = subprocess.run(["bash", "-e", "-c", block.code], cwd=checkout, env=environment(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert proc.returncode == 0, (
        f"README.md line {block.line} ({block.section}) exited {proc.returncode}:\n{block.code}\n"
        f"--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}")


def port_of(block: Block) -> int:
    """The port a server block listens on, as its command line names it."""
    found = _PORT.findall(block.code)
    assert found, (f"README.md line {block.line}: a server block must name its port "
                   "(--port N or host:N) so the test knows when it answers")
    return int(found[0])


def answers(port: int) -> bool:
    """Whether something accepts connections on localhost:port."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def stop(proc: subprocess.Popen[str]) -> int | None:
    """SIGINT the server's process group, then SIGTERM, then SIGKILL; its exit code, or None if
    only SIGKILL stopped it."""
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 15)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            return proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=15)
    return None


def run_server(block: Block, cwd: Path) -> None:
    """Start the server block, wait (bounded) until its port answers, stop it, check it exited."""
    port = port_of(block)
    with port_lock(port):
        assert not answers(port), f"port {port} is already in use before the README server started"
        serve(block, cwd, port)


@contextlib.contextmanager
def port_lock(port: int, timeout: float = 300.0) -> Iterator[None]:
    """Hold an exclusive lock for ``port`` on this machine (bounded wait): README's ports are fixed,
    and .ci/run runs the suite on several Pythons at once."""
    path = Path(tempfile.gettempdir()) / f"acumat-readme-port-{port}.lock"
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"port {port} stayed locked for {timeout} s"
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def serve(block: Block, cwd: Path, port: int) -> None:
    """Run the server block until its port answers, then stop it and check that it exited."""
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(["bash", "-e", "-c", block.code], cwd=cwd, env=environment(),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while not answers(port):
                if proc.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"README.md line {block.line}: the server exited {proc.returncode} "
                                f"before answering:\n{log.read()[-3000:]}")
                assert time.monotonic() < deadline, f"README.md line {block.line}: no answer on port {port}"
                time.sleep(0.2)
        finally:
            code = stop(proc)
    assert code is not None, f"README.md line {block.line}: the server ignored SIGINT and SIGTERM"
    assert not answers(port)


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_runner_starts_waits_and_stops_a_server(tmp_path):
    """The server machinery itself: a plain HTTP server block is started, answers, and is stopped."""
    port = free_port()
    (tmp_path / "serve.py").write_text(
        "import argparse, http.server\n"
        "p = argparse.ArgumentParser(); p.add_argument('--port', type=int)\n"
        "port = p.parse_args().port\n"
        "http.server.ThreadingHTTPServer(('127.0.0.1', port), http.server.SimpleHTTPRequestHandler)"
        ".serve_forever()\n")
    run_server(Block(f"python serve.py --port {port}\n", "test", "server", 0), tmp_path)
    assert port_of(Block("uvicorn app:app --host 127.0.0.1:8765\n", "t", "server", 0)) == 8765


def test_readme_server_blocks_answer_and_stop(checkout):
    """Every `<!-- readme: server -->` block of README starts, answers on its port and stops."""
    for block in SERVERS:
        run_server(block, checkout)


def test_examples_named_in_readme_exist():
    """Every examples/ file README mentions is in the repository."""
    named = set(re.findall(r"examples/[A-Za-z0-9_./-]*[A-Za-z0-9_-]", README.read_text(encoding="utf-8")))
    assert named, "README names no example files"
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert missing == []


def test_sample_jsonl_broken_lines_are_the_ones_readme_names():
    """README says lines 15 and 18 of the sample JSONL are broken on purpose: exactly those fail."""
    from pydantic import ValidationError

    from acumat import recommend

    lines = (ROOT / "examples" / "sample_profiles.jsonl").read_text(encoding="utf-8").splitlines()
    bad = []
    for number, line in enumerate(lines, 1):
        try:
            recommend(line)
        except ValidationError:
            bad.append(number)
    assert (len(lines), bad) == (20, [15, 18])
    text = README.read_text(encoding="utf-8")
    assert "has 20 profiles, of which lines 15 and 18 are\nbroken on purpose" in text


def help_examples() -> list[tuple[str, str]]:
    """Every ``Example: `acumat ...``` line of the commands' --help texts, as (command, example)."""
    import typer.main

    from acumat.cli import app

    group = typer.main.get_command(app)
    found = []
    for name, command in sorted(group.commands.items()):
        found += [(name, ex) for ex in re.findall(r"Example: `(acumat [^`]+)`", command.help or "")]
    return found


HELP_EXAMPLES = help_examples()


def test_help_examples_cover_the_commands():
    """recommend, next, questionnaire and schema each show a runnable example in --help."""
    assert {"recommend", "next", "questionnaire", "schema"} <= {name for name, _ in HELP_EXAMPLES}


@pytest.mark.parametrize(("command", "example"), HELP_EXAMPLES, ids=[e for _, e in HELP_EXAMPLES])
def test_help_example_runs(command, example, checkout):
    """The example of a command's --help exits 0 as written, from the repository root."""
    proc = subprocess.run(["bash", "-e", "-c", example], cwd=checkout, env=environment(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=PER_COMMAND,
                          check=False)
    assert proc.returncode == 0, f"{example}\n{proc.stderr[-3000:]}"
    assert proc.stdout.strip()
