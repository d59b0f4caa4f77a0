"""The acumat command line, run as a user would: through CliRunner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import acumat
from acumat.cli import app

runner = CliRunner()

GOOD = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 4, "weeks": 3},
}
PREGNANT = {"pregnant": True}
HISTORY = [
    {"day": "2026-01-05", "minutes": 5, "discomfort": 1},
    {"day": "2026-01-06", "minutes": 5, "discomfort": 2},
    {"day": "2026-01-07", "minutes": 5, "discomfort": 1},
]


def run(*args, input=None):
    """Invoke the CLI in-process."""
    return runner.invoke(app, list(args), input=input)


def run_process(*args, input=None):
    """Run ``python -m acumat.cli`` as a separate process."""
    return subprocess.run([sys.executable, "-m", "acumat.cli", *args], input=input,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(GOOD))
    return path


def test_recommend_file_prints_explain_text(good_file):
    """`recommend FILE` prints exactly the recommendation's explain() text and exits 0."""
    result = run("recommend", str(good_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == acumat.recommend(GOOD).explain()
    assert result.stdout.startswith("Verdict: SUITABLE.")


def test_recommend_file_json_matches_library(good_file):
    """`recommend FILE --json` prints the recommendation's JSON, with the library's verdict."""
    result = run("recommend", str(good_file), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == acumat.recommend(GOOD).verdict.value == "suitable"
    assert result.stdout.strip() == acumat.recommend(GOOD).model_dump_json()


def test_recommend_stdin_text_and_json():
    """`recommend -` reads the profile from stdin, as text and with --json."""
    text = run("recommend", "-", input=json.dumps(PREGNANT))
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Verdict: CONSULT.")
    as_json = run("recommend", "-", "--json", input=json.dumps(PREGNANT))
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["verdict"] == acumat.recommend(PREGNANT).verdict.value


def test_recommend_stdin_in_a_real_process():
    """`python -m acumat.cli recommend - --json` works as a process reading stdin."""
    proc = run_process("recommend", "-", "--json", input=json.dumps(PREGNANT))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == acumat.recommend(PREGNANT).verdict.value


def test_recommend_duration_u5_changes_the_plan(good_file):
    """`--duration U5` uses the U5 reading of the duration advice."""
    result = run("recommend", str(good_file), "--json", "--duration", "U5")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plan"]["schedule"] == "U5"


def test_recommend_with_a_rule_pack(tmp_path):
    """`--rules PACK_FILE` adds a pack whose extra question is answered in `extra`."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "questions:\n  - {name: epilepsy, kind: yes_no, question: 'Epilepsy?', safety: true}\n"
        "rules:\n  - id: vendor.epilepsy\n    topic: safety\n"
        "    when: {fact: extra_epilepsy, op: eq, value: 'yes'}\n"
        "    then: {level: consult, summary: Epilepsy - ask your doctor.}\n"
        "    basis: interpreted\n")
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({**GOOD, "extra": {"epilepsy": True}}))
    result = run("recommend", str(profile), "--rules", str(pack), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "consult"
    assert "vendor.epilepsy" in [f["rule_id"] for f in data["findings"]]


def test_recommend_bad_profile_names_the_field(tmp_path):
    """A profile with an out-of-range value exits 1 and names the field on stderr, no traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"pain": {"severity": 11}}))
    result = run("recommend", str(bad))
    assert result.exit_code == 1
    assert f"error: {bad}: pain.severity: Input should be less than or equal to 10" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_recommend_bad_profile_in_a_real_process():
    """As a process, an unknown key exits 1 with the key named and no traceback."""
    proc = run_process("recommend", "-", input=json.dumps({"pregnnt": True}))
    assert proc.returncode == 1
    assert "error: stdin: pregnnt:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_recommend_malformed_json_exits_1():
    """Input that is not JSON exits 1 with a message saying so."""
    result = run("recommend", "-", input="{not json")
    assert result.exit_code == 1
    assert "Invalid JSON" in result.stderr


def test_recommend_missing_file_exits_1(tmp_path):
    """A profile file that does not exist exits 1 with a message naming it."""
    missing = tmp_path / "nope.json"
    result = run("recommend", str(missing))
    assert result.exit_code == 1
    assert f"cannot read {missing}" in result.stderr
    assert "Traceback" not in result.output


def test_recommend_missing_rule_pack_exits_1(good_file, tmp_path):
    """A --rules file that does not exist exits 1 naming the file."""
    result = run("recommend", str(good_file), "--rules", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert "none.yaml" in result.stderr


def test_unknown_option_is_a_usage_error(good_file):
    """An unknown option exits 2, click's usage error."""
    result = run("recommend", str(good_file), "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_next_with_history(tmp_path, good_file):
    """`next PROFILE HISTORY` gives the library's next-session advice, as text and JSON."""
    history = tmp_path / "history.json"
    history.write_text(json.dumps(HISTORY))
    expected = acumat.next_session(GOOD, HISTORY, on="2026-01-08")
    as_json = run("next", str(good_file), str(history), "--on", "2026-01-08", "--json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert (data["action"], data["minutes"]) == (expected.action, expected.minutes)
    text = run("next", "-", str(history), "--on", "2026-01-08", input=json.dumps(GOOD))
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(f"Next session: {expected.action.replace('_', ' ').upper()}")


def test_next_bad_history_names_the_log(tmp_path, good_file):
    """A session log with a bad value exits 1 naming it as history.N.field."""
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"day": "2026-01-05", "minutes": 0}]))
    result = run("next", str(good_file), str(history))
    assert result.exit_code == 1
    assert f"error: {history}: history.0.minutes:" in result.stderr


def test_next_rejects_stdin_twice():
    """PROFILE and HISTORY cannot both be -: a usage error."""
    result = run("next", "-", "-", input="{}")
    assert result.exit_code == 2


def test_questionnaire_json_lists_the_questions():
    """`questionnaire --json` prints the questions as JSON, pregnancy included, without asking."""
    result = run("questionnaire", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == [q.model_dump(mode="json") for q in acumat.questionnaire()]
    assert "pregnant" in [q["field"] for q in data]


ANSWERS = {
    "pregnant": "no", "blood_thinners": "no", "medications": "none", "conditions": "none",
    "skin.broken": "no", "skin.infection": "no", "skin.allergy": "no", "skin.sensitive": "no",
    "pain.severity": "4", "pain.region": "lower", "pain.weeks": "3", "sessions_completed": "0",
    "preferences.intensity": "skip", "preferences.portable": "no", "therapies": "stretching",
}


def test_interactive_questionnaire_prints_the_verdict():
    """Answering every question (one skipped, one first invalid) prints the matching recommendation."""
    fields = [q.field for q in acumat.questionnaire()]
    assert "pain.severity" in fields
    lines = []
    for field in fields:
        if field == "pain.severity":
            lines.append("11")  # out of range: asked again
        lines.append(ANSWERS.get(field, "skip"))
    result = run("questionnaire", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "invalid answer" in result.stderr
    expected = acumat.recommend({**GOOD, "medications": [], "sessions_completed": 0,
                                 "preferences": {"portable": False}, "therapies": ["stretching"]})
    assert result.stdout.splitlines()[0] == f"Verdict: {expected.verdict.value.upper()}. {expected.headline}"
    assert result.stdout == expected.explain()


def test_interactive_questionnaire_unanswered_safety_gives_caution():
    """Skipping every question leaves safety questions unanswered: the verdict is caution."""
    n = len(acumat.questionnaire())
    result = run("questionnaire", input="\n" * n)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Verdict: CAUTION.")


def test_interactive_questionnaire_input_ending_early_exits_1():
    """Input that ends before every question is answered exits 1 with a message, no traceback."""
    result = run("questionnaire", input="no\n")
    assert result.exit_code == 1
    assert "error: the input ended before every question was answered" in result.stderr
    assert result.stdout == ""


def _write_jsonl(path, lines):
    path.write_text("".join(line + "\n" for line in lines))
    return path


BATCH_LINES = [json.dumps(GOOD), json.dumps({"pain": {"severity": "high"}}), '{"pregnant": ',
               json.dumps(PREGNANT)]


def test_batch_keeps_one_line_per_input_with_error_records(tmp_path):
    """Bad lines become error records in place; every line is written; the exit code is 1."""
    src = _write_jsonl(tmp_path / "in.jsonl", BATCH_LINES)
    out = tmp_path / "out.jsonl"
    result = run("batch", str(src), "-o", str(out))
    assert result.exit_code == 1
    assert "2 of 4" in result.stderr
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(got) == 4
    assert got[0]["verdict"] == "suitable"
    assert got[1]["line"] == 2
    assert got[1]["error"]["field"] == "pain.severity"
    assert got[1]["error"]["message"].startswith("Input should be a valid integer")
    assert got[2]["line"] == 3 and got[2]["error"]["field"] is None
    assert "Invalid JSON" in got[2]["error"]["message"]
    assert got[3]["verdict"] == "consult"
    assert out.read_text().splitlines()[0] == acumat.recommend(GOOD).model_dump_json()


def test_batch_blank_line_is_an_error_record(tmp_path):
    """A blank line counts as a line and gives an error record with its number."""
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD), "", json.dumps(GOOD)])
    result = run("batch", str(src))
    assert result.exit_code == 1
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(got) == 3
    assert got[1]["line"] == 2 and "error" in got[1]
    assert got[0]["verdict"] == got[2]["verdict"] == "suitable"


def test_batch_all_good_exits_0_on_stdout(tmp_path):
    """All-good input exits 0 and writes each recommendation's JSON to stdout by default."""
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD), json.dumps(PREGNANT)])
    result = run("batch", str(src), "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [acumat.recommend(GOOD).model_dump_json(),
                                          acumat.recommend(PREGNANT).model_dump_json()]
    assert result.stderr == ""


def test_batch_stdin_in_a_real_process():
    """As a process reading stdin, batch writes one line per input line and no progress bar."""
    proc = run_process("batch", "-", input="\n".join(BATCH_LINES) + "\n")
    assert proc.returncode == 1
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d.get("line") for d in got] == [None, 2, 3, None]
    assert "Traceback" not in proc.stderr
    assert "recommend" not in proc.stderr  # no progress bar when stderr is not a terminal


def test_batch_workers_2_matches_workers_1(tmp_path):
    """--workers 2 gives exactly the same output as --workers 1."""
    src = _write_jsonl(tmp_path / "in.jsonl", BATCH_LINES * 3)
    one = run("batch", str(src), "--workers", "1")
    two = run("batch", str(src), "--workers", "2", "--chunksize", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    assert len(one.stdout.splitlines()) == 12


def test_batch_workers_0_is_a_usage_error(tmp_path):
    """--workers below 1 exits 2."""
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    assert run("batch", str(src), "--workers", "0").exit_code == 2


def test_batch_refuses_to_overwrite_its_input(tmp_path):
    """-o naming the input file is a usage error and leaves the input intact."""
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    result = run("batch", str(src), "-o", str(src))
    assert result.exit_code == 2
    assert src.read_text() == json.dumps(GOOD) + "\n"


def test_batch_missing_input_exits_1(tmp_path):
    """A missing input file exits 1 and writes no output file."""
    out = tmp_path / "out.jsonl"
    result = run("batch", str(tmp_path / "nope.jsonl"), "-o", str(out))
    assert result.exit_code == 1
    assert "cannot read" in result.stderr
    assert not out.exists()


def test_verify_default_rules_ok():
    """`verify` without a file checks the default rules, prints OK and exits 0."""
    result = run("verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK:")
    as_json = run("verify", "--json")
    assert json.loads(as_json.stdout)["ok"] is True


def test_verify_pack_with_typo_names_the_fact(tmp_path):
    """A pack reading a misspelt fact exits 1 and names the fact, as text and JSON."""
    pack = tmp_path / "typo.yaml"
    pack.write_text(
        "rules:\n  - id: x.typo\n    topic: safety\n"
        "    when: {fact: pregnnt, op: eq, value: 'yes'}\n"
        "    then: {level: avoid, summary: Typo.}\n    basis: interpreted\n")
    result = run("verify", str(pack))
    assert result.exit_code == 1
    assert result.stdout.startswith("ERRORS:")
    assert "pregnnt" in result.stdout
    as_json = run("verify", str(pack), "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["ok"] is False


def test_schema_prints_both_schemas():
    """`schema` prints JSON holding the profile and session-log schemas, each a full document."""
    result = run("schema")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "pregnant" in data["profile"]["properties"]
    assert "minutes" in data["session_log"]["properties"]
    assert data["profile"]["$id"].endswith(":profile") and "$schema" in data["session_log"]


def test_version_in_a_real_process():
    """`acumat --version` prints the package version."""
    proc = run_process("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"acumat {acumat.__version__}"


def test_no_arguments_shows_help():
    """Running with no command prints the help listing every command."""
    result = run()
    for command in ("recommend", "next", "questionnaire", "batch", "verify", "schema"):
        assert command in result.output


def test_next_cleared_on_lifts_an_old_stop_sign(tmp_path):
    """`acumat next --cleared-on DATE` lets sessions resume after a doctor cleared a stop sign;
    without it the old dizziness still stops (C5); a bad date is a usage error (exit 2)."""
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"pregnant": False, "blood_thinners": False, "conditions": [],
                                   "skin": {"broken": False, "infection": False, "allergy": False,
                                            "sensitive": False}, "pain": {"severity": 3}}))
    history = tmp_path / "h.json"
    history.write_text(json.dumps([{"day": "2026-01-01", "minutes": 5, "symptoms": ["dizziness"]},
                                   {"day": "2026-02-01", "minutes": 5}]))
    stopped = run("next", str(profile), str(history), "--json")
    assert stopped.exit_code == 0 and json.loads(stopped.stdout)["action"] == "stop"
    cleared = run("next", str(profile), str(history), "--cleared-on", "2026-01-05", "--json")
    assert cleared.exit_code == 0 and json.loads(cleared.stdout)["action"] == "hold"
    assert run("next", str(profile), str(history), "--cleared-on", "5 Jan").exit_code == 2
