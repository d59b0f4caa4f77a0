"""The compiled second opinion gives exactly the reference evaluator's answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from acumat import ALWAYS, all_of, any_of, default_rules, fact
from acumat.compiled import compile_fired
from acumat.reference import ReferenceEngine
from acumat.rules import model
from acumat.rules.model import Condition

FACTS = ("a", "b", "c")
values = st.one_of(st.sampled_from(["yes", "no", "unknown", "", "ü", "a'b\"c"]),
                   st.integers(-3, 12))
tests = st.builds(model.Test, fact=st.sampled_from(FACTS),
                  op=st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]), value=values)
conditions: st.SearchStrategy[Condition] = st.recursive(
    tests | st.just(ALWAYS),
    lambda inner: st.lists(inner, max_size=4).map(lambda p: all_of(*p))
    | st.lists(inner, min_size=1, max_size=4).map(lambda p: any_of(*p)),
    max_leaves=12)
facts = st.fixed_dictionaries(dict.fromkeys(FACTS, values))


@settings(max_examples=300, deadline=None)
@given(st.lists(conditions, min_size=1, max_size=8), st.lists(facts, min_size=1, max_size=6))
def test_compiled_equals_reference_on_random_conditions(conds, fs):
    """Random nested conditions with mixed str/int values: same firings as the reference."""
    compiled, ref = compile_fired(conds), ReferenceEngine(conds)
    fast = compile_fired(conds, exact_types=True)
    for f in fs:
        assert compiled(f) == fast(f) == ref.fired(f)


def test_exact_types_off_keeps_the_reference_answer_for_other_types():
    """Without exact_types, True and 1.0 never equal the integer 1 (as in the reference)."""
    conds = [fact("a").is_(1), fact("a").is_not(1)]
    compiled, ref = compile_fired(conds), ReferenceEngine(conds)
    for value in (True, 1.0, 1, "1"):
        assert compiled({"a": value}) == ref.fired({"a": value}), value


def test_compiled_equals_reference_on_the_default_rules():
    """Every stage of the default rules: same firings as the reference on hand-picked facts."""
    rs = default_rules()
    for stage in ("profile", "guidance", "session"):
        conds = [r.when for r in rs.stage(stage)]
        compiled, ref = compile_fired(conds), ReferenceEngine(conds)
        names = {t for r in rs.stage(stage) for t in _facts_of(r.when)}
        for fill in ("yes", "no", "unknown", 0, 7, 40):
            f = dict.fromkeys(names, fill)
            assert compiled(f) == ref.fired(f), (stage, fill)


def _facts_of(cond: Condition) -> set[str]:
    if isinstance(cond, model.Test):
        return {cond.fact}
    parts = cond.all if hasattr(cond, "all") else cond.any
    return set().union(*(_facts_of(p) for p in parts)) if parts else set()


def test_mixed_types_follow_the_reference():
    """An int fact tested against a string (and the reverse) is false, except for ne."""
    conds = [fact("a").is_("3"), fact("a").is_not("3"), fact("a").at_least(3),
             fact("b").is_(3), fact("b").below(5)]
    compiled, ref = compile_fired(conds), ReferenceEngine(conds)
    assert compiled({"a": 3, "b": "3"}) == ref.fired({"a": 3, "b": "3"}) == [1, 2]
    assert compiled({"a": "3", "b": 3}) == ref.fired({"a": "3", "b": 3}) == [0, 3, 4]


def test_values_are_quoted_not_run():
    """A string value that looks like code is compared as text (the generated source quotes it)."""
    evil = "x') or True or ('"
    compiled = compile_fired([fact("a").is_(evil)])
    assert compiled({"a": "anything"}) == []
    assert compiled({"a": evil}) == [0]
