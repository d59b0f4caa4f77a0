"""acumat diff: exact change impact between two rule sets, with reproducible examples."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumat import Outcome, Rule, SessionLog, default_rules, diff, fact, load_rules, next_session, recommend
from acumat.facts import derive
from acumat.profile import UserProfile
from acumat.testing import histories, profiles

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "custom_pack.yaml"
VENDOR = default_rules().with_pack(load_rules(PACK))

_AGE_PACK = """name: age-{n}
questions:
  - {{name: age, kind: number, question: "How old are you?", low: 0, high: 120, safety: true}}
rules:
  - id: vendor.age
    topic: safety
    when: {{fact: extra_age, op: ge, value: {n}}}
    then: {{level: consult, summary: "{summary}"}}
    basis: interpreted
    note: A vendor's age limit.
"""


def _pack(tmp_path, n, summary="Older age: ask your doctor first."):
    path = tmp_path / f"age-{n}-{len(summary)}.yaml"
    path.write_text(_AGE_PACK.format(n=n, summary=summary), encoding="utf-8")
    return path


def _decision(profile, rules):
    rec = recommend(profile, rules)
    return (rec.verdict, rec.mat, rec.plan.weeks if rec.plan else None,
            rec.plan.target_minutes if rec.plan else None)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "acumat", "diff", *map(str, args)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_diff_with_itself_is_empty():
    """A rule set compared with itself has no region, no text change and exit code 0."""
    assert diff(VENDOR, VENDOR).empty
    proc = _cli("default", "default")
    assert proc.returncode == 0 and "0 decision region(s)" in proc.stdout


def test_one_threshold_change_reports_exactly_that_region(tmp_path):
    """Moving a pack's age limit from 70 to 65 changes the verdict for ages 65-69 only."""
    base = default_rules()
    old = base.with_pack(load_rules(_pack(tmp_path, 70)))
    new = base.with_pack(load_rules(_pack(tmp_path, 65)))
    report = diff(old, new)
    assert report.regions and report.changed == ("vendor.age",)
    assert {r.change for r in report.regions} <= {"verdict suitable → consult", "verdict caution → consult"}
    answered = {"pregnant": False, "blood_thinners": False, "medications": [], "conditions": [],
                "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
                "pain": {"region": "lower", "severity": 3, "weeks": 4}}
    for age, inside in ((64, False), (65, True), (69, True), (70, False)):
        facts = {**derive(UserProfile(**answered)).fact, "extra_age": age}
        assert any(r.contains(facts) for r in report.regions) is inside, age
    for r in report.regions:
        for box in r.where:
            assert box["extra_age"] == [[65, 69]]


def test_pack_threshold_below_c13_is_one_region():
    """A pack asking for a doctor from pain 6 (C13 says 7) reports only pain-6 profiles, now consult."""
    pain6 = Rule(id="vendor.pain6", topic="safety", when=fact("pain_severity").at_least(6),
                 then=Outcome(level="consult", summary="Pain 6 or more: see a doctor first."),
                 sources=("C13",), basis="interpreted", note="A stricter vendor threshold.")
    new = default_rules().with_pack([pain6])
    report = diff(default_rules(), new)
    assert report.regions
    for r in report.regions:
        assert r.new["verdict"] == "consult" and r.old["verdict"] in ("suitable", "caution")
        assert UserProfile(**r.example["profile"]).pain.severity == 6
        assert all(box.get("pain_severity") == [[6, 6]] for box in r.where)


def test_summary_rename_is_a_text_change_only(tmp_path):
    """Two packs differing only in a summary give one text change and no decision region."""
    old = default_rules().with_pack(load_rules(_pack(tmp_path, 70)))
    new = default_rules().with_pack(load_rules(_pack(tmp_path, 70, "Age 70 or more: see a doctor.")))
    report = diff(old, new)
    assert report.regions == ()
    assert [(t.rule_id, t.fields) for t in report.text_changes] == [("vendor.age", ("summary",))]
    assert not report.empty


def _epilepsy(level, action="stop"):
    return [Rule(id="vendor.epilepsy", topic="safety", when=fact("extra_epilepsy").is_("yes"),
                 then=Outcome(level=level, summary="Epilepsy."), basis="interpreted", note="n"),
            Rule(id="vendor.rash", topic="session.action", priority=50 if action == "stop" else 40,
                 when=fact("last_skin_irritation").is_("yes"),
                 then=Outcome(value=action, summary="Rash."), basis="interpreted", note="n")]


def _vendor(level, action="stop"):
    from acumat import ExtraQuestion, Pack

    return default_rules().with_pack(Pack(name="v", rules=_epilepsy(level, action), questions=(
        ExtraQuestion(name="epilepsy", question="Epilepsy?", safety=True),)))


def test_less_safe_changes_come_first_and_are_marked():
    """A pack lowering epilepsy from consult to caution: that region is listed first, marked less safe."""
    old, new = _vendor("consult"), _vendor("caution")
    report = diff(old, new)
    lowered = next(r for r in report.regions if r.change == "verdict consult → caution")
    assert lowered.less_safe and lowered.old_rules == ("vendor.epilepsy",)
    ex = lowered.example["profile"]
    assert recommend(ex, old).verdict == "consult" and recommend(ex, new).verdict == "caution"
    flags = [r.less_safe for r in report.regions]
    assert flags == sorted(flags, reverse=True)
    assert next(line for line in report.text().splitlines() if line.startswith("- ")).startswith("- LESS SAFE")


def test_a_stop_turned_into_another_action_is_less_safe_with_a_history():
    """A pack turning its skin-rash stop into a step back: a less-safe session region with a history."""
    old, new = _vendor("consult"), _vendor("consult", "step_back")
    report = diff(old, new)
    region = next(r for r in report.regions if r.kind == "session")
    assert region.less_safe and region.old_rules == ("vendor.rash",)
    ex = region.example
    assert next_session(ex["profile"], ex["history"], on=ex["on"], rules=old).action == "stop"
    assert next_session(ex["profile"], ex["history"], on=ex["on"], rules=new).action != "stop"


@pytest.mark.parametrize("new", [VENDOR, default_rules("U5")], ids=["vendor-pack", "U5"])
def test_every_reported_example_behaves_differently(new):
    """Each region's example profile (and history) gets different advice from the two rule sets."""
    old = default_rules()
    report = diff(old, new)
    assert report.regions
    for r in report.regions:
        ex = r.example
        if "history" in ex:
            a = next_session(ex["profile"], ex["history"], on=ex["on"], rules=old)
            b = next_session(ex["profile"], ex["history"], on=ex["on"], rules=new)
            assert (a.action, a.minutes) != (b.action, b.minutes), r.change
        else:
            plain = {k: v for k, v in ex["profile"].items() if k != "extra"}
            assert _decision(plain, old) != _decision(ex["profile"], new), r.change


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles(rules=VENDOR))
def test_every_profile_that_behaves_differently_is_in_a_region(profile):
    """A drawn profile whose verdict, mat or plan differs between default and vendor lies in a region."""
    report = _VENDOR_REPORT
    plain = profile.model_copy(update={"extra": {}})
    if _decision(plain, default_rules()) != _decision(profile, VENDOR):
        from acumat.evaluate import evaluate

        facts = evaluate(profile, VENDOR).derived.fact
        assert any(r.contains(facts) for r in report.regions if r.kind != "session")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles())
def test_every_u5_profile_that_behaves_differently_is_in_a_region(profile):
    """A drawn profile whose plan differs between U4 and U5 lies in a reported region."""
    if _decision(profile, default_rules()) != _decision(profile, default_rules("U5")):
        facts = derive(profile).fact
        assert any(r.contains({**facts, "verdict": recommend(profile).verdict.value})
                   for r in _U5_REPORT.regions)


_VENDOR_REPORT = diff(default_rules(), VENDOR)
_U5_REPORT = diff(default_rules(), default_rules("U5"))


def test_cli_exit_codes_and_json(tmp_path):
    """Exit 1 with differences (JSON lists regions), exit 2 for an unreadable pack."""
    proc = _cli("default", PACK, "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["regions"] and data["added"]
    bad = _cli("default", tmp_path / "missing.yaml")
    assert bad.returncode == 2 and "missing.yaml" in bad.stderr


def test_u5_changes_next_session_above_u4_daily_aim():
    """U4 aims at 30 minutes a day, U5 at 40: a 31-minute session is cut back under U4 only."""
    report = _U5_REPORT
    session = [r for r in report.regions if r.kind == "session"]
    assert any(r.old_rules == ("U7.back_over_target",) for r in session)
    for r in session:
        ex = r.example
        old = next_session(ex["profile"], ex["history"], on=ex["on"])
        new = next_session(ex["profile"], ex["history"], on=ex["on"], rules=default_rules("U5"))
        assert (old.action, old.minutes) != (new.action, new.minutes)
        if r.old_rules == ("U7.back_over_target",):
            assert 30 < ex["history"][-1]["minutes"] <= 40 and old.minutes == 30


@st.composite
def routines(draw):
    """Runs of comfortable daily sessions at one length around the U4 and U5 aims (20-45 minutes)."""
    minutes = draw(st.integers(1, 45))
    start = dt.date(2026, 1, 1)
    n = draw(st.integers(1, 9))
    per_day = draw(st.integers(1, 2))
    return [SessionLog(day=start + dt.timedelta(days=i), minutes=minutes, discomfort=draw(st.integers(0, 3)))
            for i in range(n) for _ in range(per_day)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles(safe=True), logs=st.one_of(histories(max_size=12, max_gap=3), routines()))
def test_every_history_whose_action_differs_is_in_a_session_region(profile, logs):
    """A drawn profile and history whose next action differs between U4 and U5 lies in a session region."""
    from acumat.evaluate import evaluate
    from acumat.progress import session_fact

    old = next_session(profile, logs, rules=default_rules())
    new = next_session(profile, logs, rules=default_rules("U5"))
    if old.action != new.action:
        facts = session_fact(evaluate(profile), logs, None)
        assert any(r.contains(facts) for r in _U5_REPORT.regions if r.kind == "session")
