"""Hypothesis properties of the screening: monotone, unknown-is-not-safe, deterministic,
and durable-rules firing exactly what the reference evaluator fires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from acumat import Condition, Pain, Skin, UserProfile, Verdict, default_rules, recommend
from acumat.facts import derive
from acumat.testing import profiles

PROPS = settings(max_examples=200, deadline=None, database=None)
# Random profiles, half of them fully answered and safe, so that changing one answer
# from a safe base (where it alone decides the verdict) is drawn often.
PROFILES = st.one_of(profiles(), profiles(safe=True))

SKIN_FIELDS = ("broken", "infection", "allergy", "sensitive")
AVOID_CONDITIONS = (Condition.BLEEDING_DISORDER, Condition.HEART_DISEASE, Condition.SEVERE_NERVE_DAMAGE)
THINNERS = ("warfarin", "Eliquis 5 mg", "Xarelto 20mg tablet", "xeralto")
# The medicines acumat.testing.profiles() draws, split by what they are.
LISTED_THINNERS = {"warfarin", "Eliquis 5 mg", "Xarelto 20mg tablet", "clopidogrel", "baby aspirin"}
NOT_THINNERS = {"paracetamol", "metformin", "vitamin D", "lisinopril"}


def verdict(p: UserProfile) -> Verdict:
    return recommend(p).verdict


def with_skin(p: UserProfile, name: str, value: bool | None) -> UserProfile:
    skin = p.skin or Skin()
    return p.model_copy(update={"skin": skin.model_copy(update={name: value})})


def with_severity(p: UserProfile, value: int | None) -> UserProfile:
    pain = p.pain or Pain()
    return p.model_copy(update={"pain": pain.model_copy(update={"severity": value})})


def risk_moves(p: UserProfile) -> list[tuple[str, UserProfile]]:
    """Every way to add one risk factor to ``p``."""
    moves = [("pregnant", p.model_copy(update={"pregnant": True})),
             ("blood_thinners", p.model_copy(update={"blood_thinners": True}))]
    moves += [(f"skin.{n}", with_skin(p, n, True)) for n in SKIN_FIELDS]
    have = list(p.conditions or [])
    moves += [(f"+{c.value}", p.model_copy(update={"conditions": [*have, c]}))
              for c in Condition if c not in have]
    moves += [(f"+{m}", p.model_copy(update={"medications": [*(p.medications or []), m]}))
              for m in THINNERS]
    severity = p.pain.severity if p.pain else None
    if severity is not None:
        moves += [(f"severity {severity}->{s}", with_severity(p, s)) for s in range(severity + 1, 11)]
    return moves


@PROPS
@given(PROFILES)
def test_adding_a_risk_never_lowers_the_verdict(p):
    """Monotone severity: a 'yes', a condition, a blood thinner or more pain never lowers the verdict."""
    before = verdict(p)
    for what, riskier in risk_moves(p):
        after = verdict(riskier)
        assert after >= before, f"{what}: {before} -> {after}"


def answer_cases(p: UserProfile) -> list[tuple[str, Callable[[Any], UserProfile], list, list]]:
    """(field, put, yes-values, no-values) for every safety question; put(None) = unanswered."""
    def top(name: str) -> Callable[[Any], UserProfile]:
        return lambda v: p.model_copy(update={name: v})

    return [
        ("pregnant", top("pregnant"), [True], [False]),
        ("blood_thinners", top("blood_thinners"), [True], [False]),
        ("conditions", top("conditions"), [[c] for c in Condition], [[]]),
        *((f"skin.{n}", lambda v, n=n: with_skin(p, n, v), [True], [False]) for n in SKIN_FIELDS),
        ("pain.severity", lambda v: with_severity(p, v), [7, 8, 9, 10], list(range(7))),
    ]


@PROPS
@given(PROFILES)
def test_unknown_is_between_yes_and_no(p):
    """Every safety question: verdict(yes) >= verdict(unknown) >= verdict(no); unknown never suitable."""
    for field, put, yeses, nos in answer_cases(p):
        unknown = verdict(put(None))
        assert unknown != Verdict.SUITABLE, f"{field} unanswered gave suitable"
        for y in yeses:
            assert verdict(put(y)) >= unknown, f"{field}={y!r} below unknown"
        for n in nos:
            assert unknown >= verdict(put(n)), f"{field}={n!r} above unknown"


def none_fields(p: UserProfile) -> set[str]:
    """Safety questions ``p`` leaves unanswered, read straight from the profile."""
    out = {n for n in ("pregnant", "blood_thinners", "conditions") if getattr(p, n) is None}
    out |= {f"skin.{n}" for n in SKIN_FIELDS if p.skin is None or getattr(p.skin, n) is None}
    if p.pain is None or p.pain.severity is None:
        out.add("pain.severity")
    return out


@PROPS
@given(PROFILES)
def test_unanswered_is_never_suitable_and_is_reported(p):
    """A profile with any unanswered safety question is never suitable, and each one is reported."""
    rec = recommend(p)
    missing = none_fields(p)
    reported = {u.field for u in rec.unanswered}
    if missing:
        assert rec.verdict != Verdict.SUITABLE
    # A listed blood thinner answers the question (yes); otherwise reported == missing.
    meds = set(p.medications or [])
    if meds & LISTED_THINNERS:
        assert reported == missing - {"blood_thinners"}
    elif meds <= NOT_THINNERS:
        assert reported == missing
    else:  # ibuprofen: an NSAID, not a blood thinner in the source's sense; either reading
        assert missing - {"blood_thinners"} <= reported <= missing


def has_contraindication(p: UserProfile) -> bool:
    skin = p.skin
    return bool(
        p.pregnant or p.blood_thinners or p.conditions
        or (skin and (skin.broken or skin.infection or skin.allergy or skin.sensitive))
        or (p.pain and p.pain.severity is not None and p.pain.severity >= 7)
    )


def has_avoid(p: UserProfile) -> bool:
    skin = p.skin
    return bool(
        p.blood_thinners
        or any(c in AVOID_CONDITIONS for c in p.conditions or [])
        or (skin and (skin.broken or skin.infection or skin.allergy or skin.sensitive))
    )


@PROPS
@given(PROFILES)
def test_contraindication_means_no_mat_and_no_plan(p):
    """A 'yes' to any contraindication gives consult/avoid (avoid for C1–C3, C7–C11) with no mat or plan."""
    rec = recommend(p)
    if has_contraindication(p):
        assert rec.verdict in (Verdict.CONSULT, Verdict.AVOID)
    if has_avoid(p):
        assert rec.verdict == Verdict.AVOID
    if rec.verdict in (Verdict.CONSULT, Verdict.AVOID) or rec.awaiting_answers:
        assert rec.mat is None
        assert rec.plan is None
    else:
        assert rec.mat is not None
        assert rec.plan is not None


@PROPS
@given(PROFILES, st.sampled_from(THINNERS))
def test_listed_thinner_always_avoids(p, med):
    """Adding a blood thinner to any profile's medication list makes it avoid."""
    riskier = p.model_copy(update={"medications": [*(p.medications or []), med]})
    rec = recommend(riskier)
    assert rec.verdict == Verdict.AVOID
    assert any("C8" in f.sources and f.level == Verdict.AVOID for f in rec.findings)


@PROPS
@given(PROFILES)
def test_deterministic_across_input_forms(p):
    """The same profile twice, and as dict and JSON text, gives byte-identical JSON."""
    first = recommend(p).model_dump_json()
    assert recommend(p).model_dump_json() == first
    assert recommend(p.model_dump(mode="json")).model_dump_json() == first
    assert recommend(p.model_dump_json()).model_dump_json() == first
    assert recommend(p.model_dump_json().encode()).model_dump_json() == first


@PROPS
@given(PROFILES, st.sampled_from(list(Verdict)))
def test_engine_fires_what_the_reference_fires(p, v):
    """durable-rules fires exactly the rules the pure-Python reference fires, at both stages."""
    rules = default_rules()
    fact = derive(p).fact
    assert rules.engine("profile").fired(fact) == rules.reference("profile").fired(fact)
    g = {**fact, "verdict": v.value}
    assert rules.engine("guidance").fired(g) == rules.reference("guidance").fired(g)
