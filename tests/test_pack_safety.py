"""A rule pack can add caution but never remove it (issue 13, section 1).

Each test builds rule sets through the public API (pack files read with
``load_rules``, ``with_pack``, ``without``, ``replace``, the CLI's ``--rules``) and
pins one way a pack used to be able to weaken safety, or one thing it may still do.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from acumat import (
    ALWAYS,
    ExtraQuestion,
    Outcome,
    Pack,
    Rule,
    RuleError,
    RuleFileError,
    RuleSet,
    Verdict,
    all_of,
    any_of,
    default_rules,
    fact,
    load_rules,
    next_session,
    recommend,
    verify,
)
from acumat.cli import app
from acumat.engine import MAX_FIELDS
from acumat.testing import histories, profiles

EXAMPLES = Path(__file__).parent.parent / "examples"
SAFE = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 2},
}
# The adversarial run's case: C4 (consult), C8 and C9 (avoid), and two C5 stop signs.
AT_RISK = {**SAFE, "pregnant": True, "blood_thinners": True, "conditions": ["heart_disease"]}
STOP_SIGNS = [{"day": "2026-03-02", "minutes": 5, "discomfort": 4,
               "symptoms": ["dizziness", "sharp_pain"]}]
COMFORTABLE = [{"day": f"2026-03-0{d}", "minutes": 5, "discomfort": 1} for d in range(1, 7)]
GO_AHEAD = {
    "id": "vendor.go", "topic": "session.action", "priority": 1000,
    "when": {"all": []},
    "then": {"value": "step_up", "summary": "Always a little longer."},
    "basis": "interpreted",
}


def _pack_file(tmp_path: Path, data: object, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    text = json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _epilepsy_rules() -> RuleSet:
    return default_rules().with_pack(load_rules(EXAMPLES / "custom_pack.yaml"))


# -- a stop cannot be outranked ------------------------------------------------------------


def test_pack_cannot_outrank_a_stop(tmp_path):
    """An always-true step-up at priority 1000 still gives stop after dizziness and sharp pain (C5)."""
    rules = default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [GO_AHEAD]})))
    advice = next_session(AT_RISK, STOP_SIGNS, rules=rules)
    assert advice.action == "stop"
    assert advice.minutes is None
    assert advice.verdict == Verdict.AVOID
    assert next_session(SAFE, STOP_SIGNS, rules=rules).action == "stop"


def test_pack_cannot_outrank_the_stop_of_a_consult_verdict(tmp_path):
    """With no stop sign logged, a pregnant person (C4: consult) still gets stop, not the pack's step-up."""
    rules = default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [GO_AHEAD]})))
    advice = next_session({**SAFE, "pregnant": True}, COMFORTABLE, rules=rules)
    assert (advice.action, advice.minutes) == ("stop", None)


def test_priority_still_orders_the_actions_that_are_not_stops(tmp_path):
    """Where no stop fires, the pack's higher-priority step-up wins over the default hold."""
    rules = default_rules().with_pack(load_rules(_pack_file(tmp_path, {"rules": [GO_AHEAD]})))
    short = [{"day": "2026-03-01", "minutes": 5, "discomfort": 1}]
    assert next_session(SAFE, short).action == "hold"
    assert next_session(SAFE, short, rules=rules).action == "step_up"


# -- reserved ids and the automatic unanswered rules ---------------------------------------


def test_pack_cannot_declare_an_unanswered_rule_id(tmp_path):
    """A pack file declaring its own 'extra.<name>.unanswered' rule is refused, naming the rule."""
    data = {
        "questions": [{"name": "epilepsy", "question": "Epilepsy?", "safety": True}],
        "rules": [{"id": "extra.epilepsy.unanswered", "topic": "safety",
                   "when": {"fact": "extra_epilepsy", "op": "eq", "value": "yes"},
                   "then": {"level": "caution", "summary": "Epilepsy."},
                   "basis": "interpreted"}],
    }
    path = _pack_file(tmp_path, data)
    with pytest.raises(RuleFileError, match=r"extra\.epilepsy\.unanswered") as info:
        load_rules(path)
    assert str(path) in str(info.value)


def test_reserved_id_is_refused_for_any_name():
    """'extra.<name>.unanswered' is reserved even for a name no question has, from Python too."""
    sneaky = Rule(id="extra.nobody.unanswered", topic="therapy", when=ALWAYS,
                  then=Outcome(summary="Hello."), basis="interpreted")
    with pytest.raises(RuleError) as info:
        default_rules().with_pack([sneaky])
    assert (info.value.rule_id, info.value.field) == ("extra.nobody.unanswered", "id")
    with pytest.raises(ValidationError, match="reserved"):
        Pack(rules=(sneaky,))


def test_unanswered_pack_question_keeps_caution():
    """A pack's safety question left open keeps the verdict at caution and is listed as unanswered."""
    q = ExtraQuestion(name="implant", question="Do you have an implant?", safety=True)
    consult = Rule(id="x.implant", topic="safety", when=fact("extra_implant").is_("yes"),
                   then=Outcome(level="consult", summary="Implant: ask."), basis="interpreted")
    rules = default_rules().with_pack(Pack(questions=(q,), rules=(consult,)))
    rec = recommend(SAFE, rules=rules)
    assert rec.verdict == Verdict.CAUTION
    assert [u.field for u in rec.unanswered] == ["extra.implant"]


def test_removing_an_unanswered_rule_is_refused():
    """without() cannot drop the automatic unanswered rule of a pack's safety question."""
    rules = _epilepsy_rules()
    with pytest.raises(RuleError, match="cannot be removed") as info:
        rules.without("extra.epilepsy.unanswered")
    assert info.value.rule_id == "extra.epilepsy.unanswered"


def test_replacing_an_unanswered_rule_is_refused():
    """replace() cannot swap the automatic unanswered rule for a weaker one."""
    rules = _epilepsy_rules()
    weaker = Rule(id="extra.epilepsy.unanswered", topic="safety",
                  when=fact("extra_epilepsy").is_("unknown"),
                  then=Outcome(summary="Not answered."), basis="interpreted")
    with pytest.raises(RuleError, match="cannot be declared or replaced") as info:
        rules.replace(weaker)
    assert info.value.rule_id == "extra.epilepsy.unanswered"


# -- the default safety rules are a floor --------------------------------------------------


def test_removing_a_stated_safety_rule_is_refused():
    """Dropping C9 (heart disease: avoid) is refused, naming the rule; the defaults stay intact."""
    with pytest.raises(RuleError, match="cannot be removed") as info:
        default_rules().without("C9.heart_disease")
    assert info.value.rule_id == "C9.heart_disease"
    assert recommend({**SAFE, "conditions": ["heart_disease"]}).verdict == Verdict.AVOID


def test_narrowing_a_stated_safety_rule_is_refused():
    """C4 replaced by 'pregnant and in severe pain' leaves most pregnancies uncovered: refused."""
    narrower = Rule(id="C4.pregnancy", topic="safety",
                    when=all_of(fact("pregnant").is_("yes"), fact("pain_band").is_("severe")),
                    then=Outcome(level="consult", summary="s"), sources=("C4",), basis="stated")
    with pytest.raises(RuleError) as info:
        default_rules().replace(narrower)
    assert (info.value.rule_id, info.value.field) == ("C4.pregnancy", "when")


def test_floor_is_kept_by_a_copy_of_the_defaults_and_after_pickling():
    """A private copy of the default rules and a pickled derived set keep the same floor."""
    copy = RuleSet(default_rules().rules, name="private")
    with pytest.raises(RuleError, match=r"C9\.heart_disease"):
        copy.without("C9.heart_disease")
    derived = pickle.loads(pickle.dumps(_epilepsy_rules()))
    with pytest.raises(RuleError, match=r"C8\.blood_thinners"):
        derived.without("C8.blood_thinners")


def test_stricter_replacement_and_covered_removal_are_allowed():
    """Raising a level is fine, and so is removing a rule that a stricter one fully covers."""
    stricter = default_rules().replace(Rule(
        id="C4.pregnancy", topic="safety", when=fact("pregnant").is_("yes"),
        then=Outcome(level="avoid", summary="Pregnant: avoid."), sources=("C4",),
        basis="interpreted"))
    assert recommend({**SAFE, "pregnant": True}, rules=stricter).verdict == Verdict.AVOID
    wider = Rule(id="x.heart", topic="safety", when=fact("heart_disease").one_of("yes", "unknown"),
                 then=Outcome(level="avoid", summary="Heart disease or not asked: avoid."),
                 sources=("C9",), basis="interpreted")
    moved = default_rules().with_pack([wider]).without("C9.heart_disease")
    assert recommend({**SAFE, "conditions": ["heart_disease"]}, rules=moved).verdict == Verdict.AVOID


# -- invariants proved at construction -----------------------------------------------------


def test_pack_rule_breaking_monotone_severity_is_refused(tmp_path):
    """A pack that avoids on 'not pregnant' makes the riskier answer safer: with_pack refuses it."""
    bad = {"rules": [{"id": "vendor.odd", "topic": "safety",
                      "when": {"fact": "pregnant", "op": "eq", "value": "no"},
                      "then": {"level": "avoid", "summary": "Odd."}, "basis": "interpreted"}]}
    pack = load_rules(_pack_file(tmp_path, bad))
    with pytest.raises(RuleError, match="lowers the verdict") as info:
        default_rules().with_pack(pack)
    assert (info.value.rule_id, info.value.field) == ("vendor.odd", "when")
    assert not verify(pack).ok  # verify still reports it, with the rest of its findings


def test_scratch_rule_set_is_checked_for_its_own_facts():
    """A rule set built from scratch must not treat its own unanswered safety facts as safe."""
    consult = Rule(id="mine.pregnant", topic="safety", when=fact("pregnant").is_("yes"),
                   then=Outcome(level="consult", summary="Pregnant: ask."), basis="interpreted")
    with pytest.raises(RuleError, match="unanswered 'pregnant'") as info:
        RuleSet([consult])
    assert info.value.field == "pregnant"
    asked = Rule(id="mine.asked", topic="safety", when=fact("pregnant").is_("unknown"),
                 then=Outcome(level="caution", summary="Not asked.", asks="pregnant"),
                 basis="interpreted")
    assert len(RuleSet([consult, asked])) == 2


def test_session_action_without_a_stop_for_consult_is_refused():
    """A rule set whose sessions go on when the verdict is consult (no stop rule) is refused."""
    base = [
        Rule(id="mine.pregnant", topic="safety", when=fact("pregnant").is_("yes"),
             then=Outcome(level="consult", summary="Pregnant: ask."), basis="interpreted"),
        Rule(id="mine.asked", topic="safety", when=fact("pregnant").is_("unknown"),
             then=Outcome(level="caution", summary="Not asked.", asks="pregnant"),
             basis="interpreted"),
    ]
    hold = Rule(id="mine.hold", topic="session.action", when=ALWAYS,
                then=Outcome(value="hold", summary="Same again."), basis="interpreted")
    with pytest.raises(RuleError, match="consult or avoid") as info:
        RuleSet([*base, hold])
    assert info.value.rule_id == "mine.hold"
    stop = Rule(id="mine.stop", topic="session.action", priority=-1000,
                when=any_of(fact("verdict").one_of("consult", "avoid"),
                            fact("open_risk").is_("yes")),
                then=Outcome(value="stop", summary="Stop."), basis="interpreted")
    assert len(RuleSet([*base, hold, stop])) == 4  # a stop of any priority is enough


def test_rule_reading_too_many_facts_is_refused_at_construction(tmp_path):
    """One rule reading 300 facts (the engine takes 255 fields) is refused when loaded, naming it."""
    names = [f"q{i}" for i in range(300)]
    data = {
        "questions": [{"name": n, "question": f"Question {n}?"} for n in names],
        "rules": [{"id": "vendor.wide", "topic": "safety",
                   "when": {"all": [{"fact": f"extra_{n}", "op": "eq", "value": "yes"}
                                    for n in names]},
                   "then": {"level": "consult", "summary": "All of them."},
                   "basis": "interpreted"}],
    }
    with pytest.raises(RuleFileError, match="reads 300 facts") as info:
        load_rules(_pack_file(tmp_path, data, "wide.json"))
    assert (info.value.rule_id, info.value.field) == ("vendor.wide", "when")
    pack = Pack(questions=tuple(ExtraQuestion(name=n, question=n) for n in names),
                rules=(Rule.model_validate(data["rules"][0]),))
    with pytest.raises(RuleError, match=r"vendor\.wide"):
        default_rules().with_pack(pack)


def test_rule_reading_as_many_facts_as_the_engine_takes_works():
    """A rule reading exactly the engine's limit of facts is accepted and evaluated."""
    names = [f"q{i}" for i in range(MAX_FIELDS)]
    # Number questions: an and-rule over yes/no safety questions could not be monotone.
    pack = Pack(questions=tuple(ExtraQuestion(name=n, question=n, kind="number", safety=True)
                                for n in names),
                rules=(Rule(id="vendor.wide", topic="safety",
                            when=all_of(*(fact(f"extra_{n}").at_least(1) for n in names)),
                            then=Outcome(level="consult", summary="All of them."),
                            basis="interpreted"),))
    rules = default_rules().with_pack(pack)
    # A profile answers at most 64 extra questions, so the rest stay open (caution); the
    # rule's consult is reachable only while none of them is answered 0.
    open_all = recommend(SAFE, rules=rules)
    assert (open_all.verdict, open_all.awaiting_answers, open_all.mat) == (
        Verdict.CAUTION, True, None)
    one_no = recommend({**SAFE, "extra": {"q199": 0}}, rules=rules)
    assert (one_no.verdict, one_no.awaiting_answers) == (Verdict.CAUTION, False)
    assert one_no.mat is not None


def test_refused_rule_set_is_refused_every_time():
    """Building the same unsafe rule set again gives the same error again (the outcome is cached)."""
    errors = []
    for _ in range(3):
        with pytest.raises(RuleError) as info:
            default_rules().without("C9.heart_disease")
        errors.append((str(info.value), info.value.rule_id, info.value.field))
    assert len(set(errors)) == 1
    assert errors[0][1] == "C9.heart_disease"


def test_cli_recommend_refuses_a_weakening_pack(tmp_path):
    """`acumat recommend --rules` with a pack declaring a reserved id prints an error line, exits 1."""
    data = {"questions": [{"name": "implant", "question": "Implant?", "safety": True}],
            "rules": [{"id": "extra.implant.unanswered", "topic": "safety",
                       "when": {"fact": "extra_implant", "op": "eq", "value": "yes"},
                       "then": {"level": "caution", "summary": "Implant."},
                       "basis": "interpreted"}]}
    pack = _pack_file(tmp_path, data)
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(SAFE), encoding="utf-8")
    result = CliRunner().invoke(app, ["recommend", str(profile), "--rules", str(pack)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")
    assert "extra.implant.unanswered" in result.stderr
    assert "Traceback" not in result.output


def test_cli_recommend_refuses_a_pack_breaking_monotone_severity(tmp_path):
    """`acumat recommend --rules` with a monotonicity-breaking pack names the rule and exits 1."""
    data = {"rules": [{"id": "vendor.odd", "topic": "safety",
                       "when": {"fact": "skin_broken", "op": "eq", "value": "no"},
                       "then": {"level": "consult", "summary": "Odd."}, "basis": "interpreted"}]}
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(SAFE), encoding="utf-8")
    result = CliRunner().invoke(app, ["recommend", str(profile), "--rules",
                                      str(_pack_file(tmp_path, data))])
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")
    assert "vendor.odd" in result.stderr


# -- property: a hostile pack is refused or never lowers safety -----------------------------

_TRI = ("pregnant", "blood_thinners", "heart_disease", "skin_broken", "skin_allergy")
_SESSION_TESTS = (ALWAYS, fact("history").is_("logged"), fact("last_dizziness").is_("yes"),
                  fact("verdict").is_("avoid"), fact("comfortable_streak").at_least(1))
_ACTIONS = ("stop", "step_back", "step_back_gap", "step_back_target", "start", "step_up", "hold")


@st.composite
def hostile_rules(draw: st.DrawFn, i: int) -> Rule:
    """One rule a hostile pack might hold: always-true or odd conditions, high priorities,
    low levels, session actions, reserved ids."""
    rid = draw(st.sampled_from([f"h.{i}"] * 6 + [f"extra.h{i}.unanswered",
                                                  "extra.implant.unanswered"]))
    if draw(st.booleans()):
        when = draw(st.sampled_from([
            ALWAYS, *(fact(n).is_(v) for n in _TRI for v in ("yes", "no", "unknown")),
            fact("extra_implant").is_("no"), fact("extra_implant").is_("unknown")]))
        level = draw(st.sampled_from([None, *Verdict]))
        return Rule(id=rid, topic="safety", when=when, basis="interpreted",
                    then=Outcome(level=level, summary="Hostile."))
    return Rule(id=rid, topic="session.action", when=draw(st.sampled_from(_SESSION_TESTS)),
                priority=draw(st.integers(-1000, 1000)), basis="interpreted",
                then=Outcome(value=draw(st.sampled_from(_ACTIONS)), summary="Hostile."))


@st.composite
def hostile_packs(draw: st.DrawFn) -> Pack | list[Rule]:
    """A pack (with one safety question) or a plain rule list of 1-4 hostile rules."""
    rules = [draw(hostile_rules(i)) for i in range(draw(st.integers(1, 4)))]
    if len({r.id for r in rules}) != len(rules):
        rules = [r.model_copy(update={"id": f"h.{i}"}) for i, r in enumerate(rules)]
    if draw(st.booleans()):
        return rules
    q = ExtraQuestion(name="implant", question="Do you have an implant?", safety=True)
    consult = Rule(id="h.implant", topic="safety", when=fact("extra_implant").is_("yes"),
                   then=Outcome(level="consult", summary="Implant: ask."), basis="interpreted")
    try:
        return Pack(name="hostile", questions=(q,), rules=(consult, *rules))
    except ValidationError:
        return rules


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pack=hostile_packs(),
       cases=st.lists(st.tuples(profiles(), histories(max_size=4),
                                st.sampled_from([None, True, False])), min_size=3, max_size=3))
def test_hostile_pack_is_refused_or_never_lowers_safety(pack, cases):
    """Any drawn hostile pack is refused at construction, or gives a verdict no lower and a stop
    wherever the default rules give one, for the same profile and history."""
    try:
        rules = default_rules().with_pack(pack)
    except RuleError:
        return  # refused at construction: nothing unsafe can be evaluated
    asks = any(q.name == "implant" for q in rules.questions)
    for profile, history, implant in cases:
        mine = profile.model_copy(update={"extra": {"implant": implant}}) if asks else profile
        base, ours = recommend(profile), recommend(mine, rules=rules)
        assert ours.verdict >= base.verdict, (base.verdict, ours.verdict)
        if implant is None and asks:
            assert ours.verdict >= Verdict.CAUTION
        if next_session(profile, history).action == "stop":
            assert next_session(mine, history, rules=rules).action == "stop"
