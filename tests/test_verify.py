"""verify(): each static check catches a seeded defect; the default rules are clean."""

from __future__ import annotations

import pytest

from acumat import Outcome, Rule, RuleError, RuleSet, all_of, default_rules, fact, verify


def _kinds(report):
    return {(f.kind, f.severity) for f in report.findings}


@pytest.mark.parametrize("duration", ["U4", "U5"])
def test_default_rules_verify_clean(duration):
    """The source's rule set has no finding at all, for both duration readings."""
    report = verify(default_rules(duration))
    assert report.ok
    assert report.findings == ()
    assert report.rules_checked == len(default_rules(duration))


def test_unknown_fact_is_an_error():
    """A typo'd fact name is reported as an unknown-name error."""
    report = verify([Rule(id="x.typo", topic="safety", when=fact("pregnnt").is_("yes"),
                          then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    assert not report.ok
    assert ("unknown", "error") in _kinds(report)
    assert "pregnnt" in report.findings[0].message


def test_unknown_value_and_source_are_errors():
    """A value outside a fact's domain and a source id not in the statements are errors."""
    bad_value = verify([Rule(id="x.v", topic="safety", when=fact("pregnant").is_("maybe"),
                             then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    bad_source = verify([Rule(id="x.s", topic="safety", when=fact("pregnant").is_("yes"),
                              then=Outcome(level="avoid", summary="s"), sources=("C99",),
                              basis="interpreted")])
    assert not bad_value.ok and "maybe" in bad_value.findings[0].message
    assert not bad_source.ok and "C99" in bad_source.findings[0].message


def test_unreachable_rule_is_reported():
    """A condition no profile satisfies (pain above 5 and below 3) is reported unreachable."""
    report = verify([Rule(id="x.never", topic="safety",
                          when=all_of(fact("pain_severity").above(5), fact("pain_severity").below(3)),
                          then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    assert [f.rules for f in report.findings if f.kind == "unreachable"] == [("x.never",)]


def test_conflict_with_equal_priority_is_an_error():
    """Two mat-size rules that can fire together with equal priority and different sizes conflict."""
    report = verify([Rule(id="x.size", topic="mat.size", when=fact("portable").is_("yes"),
                          then=Outcome(value="full", summary="s"), basis="interpreted",
                          priority=10)])
    conflicts = [f for f in report.findings if f.kind == "conflict"]
    assert conflicts and conflicts[0].severity == "error"
    assert set(conflicts[0].rules) == {"M8.size_compact", "x.size"}
    assert conflicts[0].example["facts"] == {"pain_region": "lower", "portable": "yes"}


def test_gap_in_a_choice_topic_is_an_error():
    """Removing the default mat size leaves profiles with no size: a gap with an example."""
    report = verify(default_rules().without("M9.size_full"))
    gaps = [f for f in report.findings if f.kind == "gap"]
    assert not report.ok
    assert gaps and "mat.size" in gaps[0].message
    example = gaps[0].example["facts"]
    assert not (example.get("portable") == "yes" and example.get("pain_region") == "lower")


def test_redundant_rule_is_a_warning():
    """A rule that fires only when an existing rule with the same outcome fires is redundant."""
    report = verify([Rule(id="x.dup", topic="safety",
                          when=all_of(fact("heart_disease").is_("yes"), fact("pregnant").is_("no")),
                          then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    assert report.ok
    assert ("redundant", "warning") in _kinds(report)


def test_rule_raising_verdict_on_a_no_breaks_monotonicity():
    """A rule that avoids on pregnant == no makes 'unknown' safer than 'no': a safety error."""
    report = verify([Rule(id="x.bad", topic="safety", when=fact("pregnant").is_("no"),
                          then=Outcome(level="avoid", summary="s"), basis="interpreted")])
    assert not report.ok
    assert any(f.kind == "safety" and f.rules == ("x.bad",) for f in report.findings)


def test_rule_set_that_never_asks_is_reported_unknown_not_safe():
    """verify() holds a rule set built from scratch to unknown-is-not-safe for every safety fact."""
    report = verify(RuleSet([default_rules()["C15.alongside_care"]]))
    assert not report.ok
    flagged = [f for f in report.findings if f.kind == "safety" and "'pregnant'" in f.message]
    assert flagged and flagged[0].example["facts"]["pregnant"] == "unknown"
    missing = {f.rules for f in report.findings if f.severity == "warning"}
    assert ("C9.heart_disease",) in missing  # the source's rules it lacks are listed


def test_removing_unknown_rule_is_refused():
    """Without the unanswered-pregnancy rule an unknown answer could be suitable: refused."""
    with pytest.raises(RuleError, match="pregnant") as info:
        default_rules().without("unknown.pregnant")
    assert info.value.rule_id == "unknown.pregnant"


def test_lowering_a_stated_level_is_refused():
    """Replacing heart disease 'avoid' by 'caution' is refused, naming the rule and the level."""
    with pytest.raises(RuleError) as info:
        default_rules().replace(Rule(
            id="C9.heart_disease", topic="safety", when=fact("heart_disease").is_("yes"),
            then=Outcome(level="caution", summary="s"), basis="interpreted"))
    assert (info.value.rule_id, info.value.field) == ("C9.heart_disease", "then.level")


def test_verify_reports_the_breaches_of_a_pack_it_checks():
    """verify() of a pack that could not be added still reports its safety breach and the rest."""
    report = verify([Rule(id="x.bad", topic="safety", when=fact("pregnant").is_("no"),
                          then=Outcome(level="avoid", summary="s"), basis="interpreted"),
                     Rule(id="x.size", topic="mat.size", when=fact("portable").is_("yes"),
                          then=Outcome(value="full", summary="s"), basis="interpreted",
                          priority=10)])
    kinds = {(f.kind, f.rules) for f in report.findings}
    assert ("safety", ("x.bad",)) in kinds
    assert ("conflict", ("M8.size_compact", "x.size")) in kinds


def test_verify_reads_files(tmp_path):
    """verify(path) loads a pack file; a file error becomes an error finding, not an exception."""
    good = tmp_path / "ok.yaml"
    good.write_text("rules: []\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    topic: nope\n", encoding="utf-8")
    assert verify(good).ok
    report = verify(bad)
    assert not report.ok
    assert "bad.yaml" in report.findings[0].message


def test_report_text_lists_findings():
    """The text form states OK/ERRORS and one line per finding."""
    report = verify(default_rules().without("M9.size_full"))
    text = report.text()
    assert text.startswith("ERRORS")
    assert "[gap]" in text
