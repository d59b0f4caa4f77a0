"""The command line as a newcomer meets it: wrong file kinds, bad dates, stdin, a missing extra."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from acumat import cli_entry, recommend
from acumat.cli import app

runner = CliRunner()
PROFILE = {"pregnant": False, "blood_thinners": False, "conditions": [],
           "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
           "pain": {"region": "lower", "severity": 4, "weeks": 3}}
HISTORY = [{"day": "2026-01-05", "minutes": 5, "discomfort": 1}]


@pytest.fixture
def files(tmp_path):
    """A good profile file and a good history file."""
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    history = tmp_path / "history.json"
    history.write_text(json.dumps(HISTORY))
    return profile, history


def test_recommend_of_a_json_list_says_to_use_batch(tmp_path):
    """A JSON list of profiles exits 1 naming the file and pointing to `acumat batch`."""
    path = tmp_path / "many.json"
    path.write_text(json.dumps([PROFILE, PROFILE]))
    result = runner.invoke(app, ["recommend", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: ")
    assert "acumat batch" in result.stderr and "Traceback" not in result.stderr


def test_recommend_of_json_lines_says_to_use_batch(tmp_path):
    """A JSON Lines file (one profile per line) exits 1 pointing to `acumat batch`."""
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps(PROFILE) + "\n" + json.dumps({"pregnant": True}) + "\n")
    result = runner.invoke(app, ["recommend", str(path)])
    assert result.exit_code == 1
    assert "acumat batch" in result.stderr


def test_recommend_of_one_object_over_several_lines_works(tmp_path):
    """One pretty-printed profile (several lines, one object) is one profile, not JSON Lines."""
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps(PROFILE, indent=2))
    result = runner.invoke(app, ["recommend", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == recommend(PROFILE).explain()


def test_validation_errors_name_the_profile_file(tmp_path):
    """A bad profile's message starts with the file's name, then the field."""
    path = tmp_path / "bad.json"
    path.write_text('{"pain": {"severity": 12}}')
    result = runner.invoke(app, ["recommend", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: pain.severity: ")


def test_stdin_errors_name_stdin():
    """A bad profile read from stdin is reported as coming from stdin."""
    result = runner.invoke(app, ["recommend", "-"], input='{"pregnant": "yes"}')
    assert result.exit_code == 1
    assert result.stderr.startswith("error: stdin: pregnant: ")


def test_next_names_the_file_each_error_came_from(files, tmp_path):
    """In `next`, a profile error names the profile file, a log error the history file."""
    profile, history = files
    bad_history = tmp_path / "bad_history.json"
    bad_history.write_text('[{"day": "2026-01-05", "minutes": 500}]')
    result = runner.invoke(app, ["next", str(profile), str(bad_history)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad_history}: history.0.minutes: ")
    bad_profile = tmp_path / "bad_profile.json"
    bad_profile.write_text('{"skin": {"brokn": true}}')
    result = runner.invoke(app, ["next", str(bad_profile), str(history)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad_profile}: skin.brokn: ")


@pytest.mark.parametrize("on", ["2026-13-01", "tomorrow", "2026-01-08T10:00", "20260108"])
def test_bad_on_date_is_a_usage_error(files, on):
    """A bad --on date exits 2 (usage error) naming --on, like any other bad option."""
    profile, history = files
    result = runner.invoke(app, ["next", str(profile), str(history), "--on", on])
    assert result.exit_code == 2, result.output
    assert "--on" in result.output and "Traceback" not in result.output


def test_good_on_date_still_works(files):
    """A valid --on date gives advice (exit 0)."""
    profile, history = files
    result = runner.invoke(app, ["next", str(profile), str(history), "--on", "2026-01-07"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Next session:")


def run_on_terminal(args, typed: bytes, timeout: float = 60.0):
    """Run ``acumat ARGS`` with stdin on a pseudo-terminal; type ``typed``, then Ctrl-D.

    Returns (exit code, stdout, stderr).
    """
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "acumat", *args], stdin=follower,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(follower)
    try:
        deadline = time.monotonic() + timeout
        # Wait for the notice on stderr before typing, as a person would.
        err = b""
        while b"standard input" not in err and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 1.0)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                err += chunk
        os.write(leader, typed + b"\n\x04")
        out, rest = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        return proc.returncode, out.decode(), (err + rest).decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)


def test_recommend_dash_on_a_terminal_says_it_reads_stdin():
    """`acumat recommend -` with stdin on a terminal says on stderr that it reads standard input
    (and how to end it), then screens what was typed."""
    code, out, err = run_on_terminal(["recommend", "-", "--json"], b'{"pregnant": true}')
    assert "reading the profile from standard input" in err and "Ctrl-D" in err
    assert code == 0, err
    assert json.loads(out)["verdict"] == "consult"


def test_recommend_dash_from_a_pipe_prints_no_notice():
    """Piped stdin gets no notice: stderr stays empty for scripts."""
    result = subprocess.run([sys.executable, "-m", "acumat", "recommend", "-", "--json"],
                            input='{"pregnant": true}', capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_console_script_without_cli_extra_prints_one_line(monkeypatch, capsys):
    """Without the cli extra's packages the command exits 1 with one line naming the extra."""
    monkeypatch.setattr(cli_entry, "CLI_PACKAGES", ("typer", "acumat_no_such_package"))
    with pytest.raises(SystemExit) as info:
        cli_entry.main()
    message = str(info.value.code)
    assert "\n" not in message
    assert "pip install 'acumat[cli]'" in message and "acumat_no_such_package" in message


def test_console_script_with_cli_extra_runs_the_cli(monkeypatch, capsys):
    """With the cli extra installed, the entry point runs the command line (--version)."""
    monkeypatch.setattr(sys, "argv", ["acumat", "--version"])
    with pytest.raises(SystemExit) as info:
        cli_entry.main()
    assert info.value.code in (0, None)
    assert capsys.readouterr().out.startswith("acumat ")
