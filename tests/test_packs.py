"""Custom rule packs: files, composition, extra questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

import acumat
from acumat import (
    ExtraQuestion,
    Outcome,
    Pack,
    Rule,
    RuleError,
    RuleFileError,
    Verdict,
    default_rules,
    fact,
    load_rules,
    next_session,
    questionnaire,
    recommend,
)

EXAMPLES = Path(__file__).parent.parent / "examples"
SAFE = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 2},
}
EPILEPSY = {
    "name": "vendor",
    "questions": [{"name": "epilepsy", "question": "Epilepsy?", "kind": "yes_no", "safety": True}],
    "rules": [{
        "id": "vendor.epilepsy", "topic": "safety",
        "when": {"fact": "extra_epilepsy", "op": "eq", "value": "yes"},
        "then": {"level": "consult", "summary": "Epilepsy: ask a doctor."},
        "basis": "interpreted",
    }],
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_example_yaml_pack_loads_and_gates_epilepsy():
    """The shipped YAML pack adds an epilepsy question whose yes means consult."""
    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    with_it = recommend({**SAFE, "extra": {"epilepsy": True, "pacemaker": False}}, rules=rules)
    without = recommend({**SAFE, "extra": {"epilepsy": False, "pacemaker": False}}, rules=rules)
    assert with_it.verdict == Verdict.CONSULT
    assert "vendor.epilepsy" in {f.rule_id for f in with_it.findings}
    assert with_it.plan is None
    assert without.verdict == Verdict.SUITABLE


def test_unanswered_pack_safety_question_is_caution():
    """A pack's safety question left unanswered gives caution and is listed as unanswered."""
    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    rec = recommend({**SAFE, "extra": {"pacemaker": False}}, rules=rules)
    assert rec.verdict == Verdict.CAUTION
    assert [u.field for u in rec.unanswered] == ["extra.epilepsy"]


@pytest.mark.parametrize("suffix", ["json", "toml", "yaml"])
def test_same_pack_in_every_format(tmp_path, suffix):
    """JSON, TOML and YAML files holding the same pack load to the same rules."""
    import yaml

    if suffix == "json":
        text = json.dumps(EPILEPSY)
    elif suffix == "yaml":
        text = yaml.safe_dump(EPILEPSY)
    else:
        text = (
            'name = "vendor"\n[[questions]]\nname = "epilepsy"\nquestion = "Epilepsy?"\n'
            'kind = "yes_no"\nsafety = true\n[[rules]]\nid = "vendor.epilepsy"\n'
            'topic = "safety"\nbasis = "interpreted"\n'
            'when = { fact = "extra_epilepsy", op = "eq", value = "yes" }\n'
            'then = { level = "consult", summary = "Epilepsy: ask a doctor." }\n'
        )
    pack = load_rules(_write(tmp_path, f"pack.{suffix}", text))
    assert pack.name == "vendor"
    assert {r.id for r in pack.rules} == {"vendor.epilepsy", "extra.epilepsy.unanswered"}


def test_file_error_names_file_rule_and_field(tmp_path):
    """A bad level in a rule file is reported with the file, the rule id and the field."""
    bad = json.loads(json.dumps(EPILEPSY))
    bad["rules"][0]["then"]["level"] = "forbidden"
    path = _write(tmp_path, "bad.json", json.dumps(bad))
    with pytest.raises(RuleFileError) as info:
        load_rules(path)
    err = info.value
    assert err.file == str(path)
    assert err.rule_id == "vendor.epilepsy"
    assert err.field == "then.level"
    assert isinstance(err, ValueError)
    assert str(path) in str(err)


def test_unknown_fact_in_file_names_it(tmp_path):
    """A typo'd fact name is a RuleFileError naming the rule and the fact."""
    bad = json.loads(json.dumps(EPILEPSY))
    bad["rules"][0]["when"]["fact"] = "extra_epilepsi"
    with pytest.raises(RuleFileError, match="extra_epilepsi") as info:
        load_rules(_write(tmp_path, "typo.json", json.dumps(bad)))
    assert info.value.rule_id == "vendor.epilepsy"


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("broken.yaml", "rules: [\n  - id: x\n", "cannot parse"),
        ("broken.json", "{", "cannot parse"),
        ("rules.txt", "[]", ".yaml"),
        ("scalar.yaml", "42", "expected a list of rules"),
    ],
)
def test_malformed_files_are_rule_file_errors(tmp_path, name, text, needle):
    """Unparseable files, wrong suffixes and wrong shapes raise RuleFileError, not a crash."""
    with pytest.raises(RuleFileError, match=needle):
        load_rules(_write(tmp_path, name, text))


def test_missing_file_is_rule_file_error(tmp_path):
    """A missing file is reported as a RuleFileError naming it."""
    with pytest.raises(RuleFileError, match=r"nope\.yaml"):
        load_rules(tmp_path / "nope.yaml")


def test_yaml_cannot_run_code(tmp_path):
    """YAML tags that would construct Python objects are refused, naming the tag."""
    text = "rules: !!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(RuleFileError, match=r"tags \(!!python/object/apply:os.system\)"):
        load_rules(_write(tmp_path, "evil.yaml", text))


def test_compose_without_and_replace_return_new_sets():
    """with_pack, without and replace build new rule sets and leave the original alone."""
    base = default_rules()
    before = base.fingerprint
    extra = Rule(id="x.note", topic="therapy", when=fact("therapy_massage").is_("yes"),
                 then=Outcome(summary="Note."), basis="interpreted")
    bigger = base.with_pack([extra])
    smaller = base.without("T5.chronic_pain")
    stricter = base.replace(Rule(
        id="C4.pregnancy", topic="safety", when=fact("pregnant").is_("yes"),
        then=Outcome(level="avoid", summary="Pregnant: avoid."), sources=("C4",), basis="interpreted"))
    assert "x.note" in bigger and "x.note" not in base
    assert "T5.chronic_pain" not in smaller and "T5.chronic_pain" in base
    assert recommend({**SAFE, "pregnant": True}, rules=stricter).verdict == Verdict.AVOID
    assert recommend({**SAFE, "pregnant": True}).verdict == Verdict.CONSULT
    assert base.fingerprint == before
    assert len({base.fingerprint, bigger.fingerprint, smaller.fingerprint, stricter.fingerprint}) == 4


def test_composition_errors_name_the_rule():
    """Duplicate ids, removing or replacing a missing rule are RuleErrors naming it."""
    base = default_rules()
    with pytest.raises(RuleError, match=r"C9\.heart_disease"):
        base.with_pack([base["C9.heart_disease"]])
    with pytest.raises(RuleError, match="nope"):
        base.without("nope")
    with pytest.raises(RuleError, match="nope"):
        base.replace(Rule(id="nope", topic="therapy", when=acumat.ALWAYS,
                          then=Outcome(summary="n"), basis="interpreted"))


def test_custom_rules_reach_next_session():
    """next_session uses the custom rule set: a pack's consult stops the progression."""
    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    advice = next_session({**SAFE, "extra": {"epilepsy": True, "pacemaker": False}}, [],
                          rules=rules)
    assert advice.action == "stop"
    assert advice.minutes is None


def test_extra_answers_are_validated():
    """Extra answers must be declared by the rule set and fit the question's kind."""
    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    with pytest.raises(ValidationError) as info:
        recommend({**SAFE, "extra": {"epilepsy": "maybe"}}, rules=rules)
    assert info.value.errors()[0]["loc"] == ("extra", "epilepsy")
    with pytest.raises(ValidationError) as info:
        recommend({**SAFE, "extra": {"epilepsy": True}})
    assert info.value.errors()[0]["loc"] == ("extra", "epilepsy")


def test_pack_questions_appear_in_questionnaire():
    """questionnaire() for a custom rule set asks the pack's extra questions."""
    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    fields = {q.field: q for q in questionnaire(rules)}
    assert fields["extra.epilepsy"].safety
    assert fields["extra.epilepsy"].kind == "yes_no"
    assert "extra.epilepsy" not in {q.field for q in questionnaire()}


def test_choice_and_number_questions():
    """Choice and number extra questions become string and integer facts rules can test."""
    pack = Pack(
        name="clinic",
        questions=(ExtraQuestion(name="age_band", question="Age?", kind="choice",
                                 choices=("adult", "senior"), safety=True),
                   ExtraQuestion(name="bmi", question="BMI?", kind="number", low=10, high=80,
                                 safety=True)),
        rules=(Rule(id="clinic.senior", topic="safety", when=fact("extra_age_band").is_("senior"),
                    then=Outcome(level="caution", summary="Senior: go gently."),
                    basis="interpreted"),
               Rule(id="clinic.bmi", topic="safety", when=fact("extra_bmi").at_least(40),
                    then=Outcome(level="consult", summary="High BMI: ask a doctor."),
                    basis="interpreted")),
    )
    rules = default_rules().with_pack(pack)
    assert recommend({**SAFE, "extra": {"age_band": "adult", "bmi": 25}},
                     rules=rules).verdict == Verdict.SUITABLE
    assert recommend({**SAFE, "extra": {"age_band": "senior", "bmi": 25}},
                     rules=rules).verdict == Verdict.CAUTION
    assert recommend({**SAFE, "extra": {"age_band": "adult", "bmi": 45}},
                     rules=rules).verdict == Verdict.CONSULT
    # Unanswered, a question a rule raises the verdict on is not read as "no".
    assert recommend({**SAFE, "extra": {"age_band": "adult"}}, rules=rules).verdict == \
        Verdict.CAUTION
    with pytest.raises(ValidationError):
        recommend({**SAFE, "extra": {"bmi": 5}}, rules=rules)


def test_rule_set_pickles_without_engine_state():
    """A rule set crosses process boundaries by value and rebuilds its own engine."""
    import pickle

    rules = default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))
    recommend(SAFE | {"extra": {"epilepsy": False, "pacemaker": False}}, rules=rules)
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.fingerprint == rules.fingerprint
    assert recommend({**SAFE, "extra": {"epilepsy": True}}, rules=copy).verdict == Verdict.CONSULT


def test_pack_round_trip_keeps_its_automatic_unanswered_rule():
    """A pack dumped and validated again (as a file loader or pickle does) is accepted unchanged."""
    import pickle

    pack = load_rules(EXAMPLES / "custom_pack.yaml")
    again = Pack.model_validate(pack.model_dump())
    assert again == pack
    assert pickle.loads(pickle.dumps(pack)) == pack
    assert default_rules().with_pack(again).fingerprint == default_rules().with_pack(pack).fingerprint
