"""Every statement of the source is encoded by a rule or marked informational (both duration readings)."""

from __future__ import annotations

import pytest

from acumat import default_rules
from acumat.sources import STATEMENTS

#: The inventory of the source document: C1–C15, M1–M9, U1–U14, T1–T6, E1–E4.
INVENTORY = (
    [f"C{i}" for i in range(1, 16)]
    + [f"M{i}" for i in range(1, 10)]
    + [f"U{i}" for i in range(1, 15)]
    + [f"T{i}" for i in range(1, 7)]
    + [f"E{i}" for i in range(1, 5)]
)
INFORMATIONAL = {"E1", "E2", "E3", "E4"}
DURATIONS = ["U4", "U5"]


def cited(duration: str) -> dict[str, set[str]]:
    """Statement id -> the topics of the rules that cite it."""
    out: dict[str, set[str]] = {}
    for rule in default_rules(duration):
        for sid in rule.sources:
            out.setdefault(sid, set()).add(rule.topic)
    return out


def test_statements_match_the_inventory():
    """acumat.sources lists exactly the statements of the source inventory, in order."""
    assert list(STATEMENTS) == INVENTORY


def test_informational_statements_are_e1_to_e4():
    """Exactly E1–E4 are informational; every C, M, U and T statement bears on a decision."""
    assert {sid for sid, s in STATEMENTS.items() if s.informational} == INFORMATIONAL


@pytest.mark.parametrize("duration", DURATIONS)
def test_every_statement_cited_or_informational(duration):
    """Every statement is cited by at least one rule or marked informational."""
    have = cited(duration)
    missing = [sid for sid, s in STATEMENTS.items() if not s.informational and sid not in have]
    assert not missing, f"statements no rule of default_rules({duration!r}) cites: {missing}"


@pytest.mark.parametrize("duration", DURATIONS)
def test_no_rule_cites_a_missing_statement(duration):
    """No rule cites a statement id that does not exist."""
    bad = {(r.id, sid) for r in default_rules(duration) for sid in r.sources if sid not in STATEMENTS}
    assert not bad


@pytest.mark.parametrize("duration", DURATIONS)
def test_no_decision_rests_on_informational_statements(duration):
    """No rule cites an informational statement (no decision depends on E1–E4)."""
    have = cited(duration)
    assert not INFORMATIONAL & set(have)


@pytest.mark.parametrize("duration", DURATIONS)
def test_every_stated_rule_cites_a_source(duration):
    """Every rule whose basis is 'stated' cites at least one statement."""
    assert all(r.sources for r in default_rules(duration) if r.basis == "stated")


@pytest.mark.parametrize("duration", DURATIONS)
def test_groups_cited_by_the_right_kind_of_rule(duration):
    """Mat statements are cited by mat rules, therapy statements by therapy rules, C5 by a session stop rule."""
    have = cited(duration)
    for i in range(1, 10):
        assert any(t.startswith("mat.") for t in have[f"M{i}"]), f"M{i}"
    for i in range(1, 7):
        assert "therapy" in have[f"T{i}"], f"T{i}"
    assert "session.action" in have["C5"]
    assert "plan.stop_sign" in have["C5"]
    assert "plan.hygiene" in have["C6"]


@pytest.mark.parametrize("duration", DURATIONS)
def test_both_duration_readings_cited(duration):
    """Both U4 and U5 are cited whichever reading the plan follows (the conflict is stated)."""
    have = cited(duration)
    assert "U4" in have and "U5" in have


def test_u4_and_u5_marked_as_conflicting():
    """The source's conflicting duration statements point at each other."""
    assert STATEMENTS["U4"].conflicts_with == "U5"
    assert STATEMENTS["U5"].conflicts_with == "U4"
