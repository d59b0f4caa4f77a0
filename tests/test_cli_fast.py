"""`acumat recommend FILE` without typer (acumat.cli_fast): the same bytes and exit codes as the typer app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from acumat import cli_fast
from acumat.cli import app

GOOD = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 4, "weeks": 3},
}
#: Profile files, valid and not: each is run through both paths.
FILES: dict[str, bytes] = {
    "good": json.dumps(GOOD).encode(),
    "medications": json.dumps({
        "pregnant": False, "blood_thinners": False,
        "medications": ["sertraline 314", "omeprazole", "levothyroxine", "magnesium"], "conditions": [],
        "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
        "pain": {"region": "middle", "severity": 2, "weeks": 14}, "sessions_completed": 65954,
        "preferences": {"intensity": "gentle", "portable": None}, "therapies": []}).encode(),
    "pregnant": b'{"pregnant": true}',
    "blood thinner": json.dumps({"medications": ["Eliquis 5 mg", "warfarrin"]}).encode(),
    "unreadable medication": json.dumps({"medications": ["\u0432\u0430\u0440\u0444\u0430",
                                                         "\x1b[31mred\x1b[0m"]}).encode(),
    "empty object": b"{}",
    "one object over several lines": b'{\n"pregnant": false\n}\n',
    "byte order mark": b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
    "unknown field": b'{"pregnnt": true}',
    "several errors": json.dumps({"pain": {"severity": 11, "weeks": -1}, "skin": "no"}).encode(),
    "escape codes in a key": b'{"\\u001b[31mred\\u001b[0m": true}',
    "malformed": b"{not json",
    "empty": b"",
    "not utf-8": b'{"pregnant": "\xff"}',
    "a list": b"[{}, {}]",
    "json lines": b'{"pregnant": true}\n{"pregnant": false}\n',
    "a number": b"42",
    "deep": b"[" * 5000 + b"]" * 5000,
}
FORMS = [("recommend", "{}"), ("recommend", "{}", "--json"), ("recommend", "--json", "{}")]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("profiles")
    out = {}
    for i, (name, data) in enumerate(FILES.items()):
        path = root / f"profile-{i}.json"
        path.write_bytes(data)
        out[name] = str(path)
    out["missing"] = str(root / "missing.json")
    out["a directory"] = str(root)
    return out


def _typer(args):
    result = CliRunner().invoke(app, args)
    return result.stdout, result.stderr, result.exit_code


def _fast(args, capsys):
    code = cli_fast.run(args)
    assert code is not None, f"not taken: {args}"
    out, err = capsys.readouterr()
    return out, err, code


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", [*FILES, "missing", "a directory"])
def test_the_fast_path_prints_what_the_typer_app_prints(files, name, form, capsys):
    """stdout, stderr and the exit code equal the typer app's for valid and invalid files,
    text and --json (either order)."""
    args = [a.format(files[name]) for a in form]
    assert _fast(args, capsys) == _typer(args)


@pytest.mark.parametrize("args", [
    [], ["recommend"], ["recommend", "-"], ["recommend", "-", "--json"], ["recommend", "--help"],
    ["recommend", "p.json", "--duration", "U5"], ["recommend", "p.json", "--rules", "pack.yaml"],
    ["recommend", "p.json", "q.json"], ["recommend", "p.json", "--json", "--json"],
    ["recommend", "--", "p.json"], ["recommend", "p.json", "--frobnicate"], ["recommend", "-p.json"],
    ["--version"], ["--help"], ["next", "p.json", "h.json"], ["batch", "p.json"], ["recommen", "p.json"],
])
def test_anything_but_the_simple_case_goes_to_typer(args):
    """Other commands, options, help, stdin and misspellings are left to the typer app."""
    assert cli_fast.simple_recommend(args) is None
    assert cli_fast.run(args) is None


def test_a_shell_completion_request_goes_to_typer(monkeypatch, files):
    """With a shell-completion variable set, typer answers it (the fast path steps aside)."""
    monkeypatch.setenv("_ACUMAT_COMPLETE", "bash_complete")
    assert cli_fast.run(["recommend", files["good"]]) is None


def test_an_ascii_stdout_goes_to_typer(monkeypatch, files):
    """click re-wraps an ASCII-encoded stdout; the fast path leaves that case to it."""
    import io

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert cli_fast.run(["recommend", files["good"]]) is None


def test_an_unexpected_error_is_left_to_typer(monkeypatch, files, capsys):
    """A bug raised before anything is written makes run() hand over to typer (which runs the
    command again and reports it), with nothing printed and the collector running again."""
    import gc

    import acumat.evaluate

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(acumat.evaluate, "recommend", broken)
    assert cli_fast.run(["recommend", files["good"]]) is None
    assert capsys.readouterr() == ("", "")
    assert gc.isenabled()


def _process(module, args, **kwargs):
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, timeout=120,
                          check=False, **kwargs)


@pytest.mark.parametrize("name", ["medications", "unknown field", "escape codes in a key", "missing"])
def test_a_real_process_prints_the_same_bytes(files, name):
    """`python -m acumat recommend FILE` (console script's path, fast) and `python -m acumat.cli
    recommend FILE` (typer) write the same bytes to stdout and stderr and exit alike."""
    for form in FORMS[:2]:
        args = [a.format(files[name]) for a in form]
        fast, slow = _process("acumat", args), _process("acumat.cli", args)
        assert (fast.stdout, fast.stderr, fast.returncode) == (slow.stdout, slow.stderr, slow.returncode)


def test_the_simple_case_loads_neither_typer_nor_rich(files):
    """The console script's `recommend FILE` imports no typer or rich (the point of the fast path)."""
    code = (f"import atexit, sys; sys.argv = ['acumat', 'recommend', {files['good']!r}]\n"
            "names = ('typer', 'rich', 'click')\n"
            "atexit.register(lambda: print('LOADED', [m for m in names if m in sys.modules]))\n"
            "from acumat.cli_entry import main\nmain()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Verdict: ") and proc.stdout.endswith("LOADED []\n")


def test_a_closed_pipe_exits_1_quietly_as_with_typer(files):
    """stdout closed before the result is written: exit 1 and nothing on stderr, as typer does."""
    results = []
    for module in ("acumat", "acumat.cli"):
        proc = subprocess.Popen([sys.executable, "-m", module, "recommend", files["good"]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # before the command has written anything (it takes far longer)
        err = proc.stderr.read()
        proc.stderr.close()
        results.append((proc.wait(timeout=120), err))
    assert results[0] == results[1] == (1, b"")
