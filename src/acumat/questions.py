"""What an app must ask: the profile questions behind the facts a rule set reads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from acumat.profile import Condition, Intensity, Region, Therapy
from acumat.rules import default_rules
from acumat.rules.ruleset import RuleSet

Kind = Literal["yes_no", "choice", "choices", "number", "text_list"]


class Question(BaseModel):
    """One question for the person, keyed by the profile field its answer fills."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    question: str
    kind: Kind
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    safety: bool = False
    facts: tuple[str, ...] = ()


_SHAPE: dict[str, tuple[Kind, tuple[str, ...], int | None, int | None]] = {
    "pregnant": ("yes_no", (), None, None),
    "blood_thinners": ("yes_no", (), None, None),
    "medications": ("text_list", (), None, None),
    "conditions": ("choices", tuple(c.value for c in Condition), None, None),
    "skin.broken": ("yes_no", (), None, None),
    "skin.infection": ("yes_no", (), None, None),
    "skin.allergy": ("yes_no", (), None, None),
    "skin.sensitive": ("yes_no", (), None, None),
    "pain.severity": ("number", (), 0, 10),
    "pain.region": ("choice", tuple(r.value for r in Region), None, None),
    "pain.weeks": ("number", (), 0, 5200),
    "sessions_completed": ("number", (), 0, 100_000),
    "preferences.intensity": ("choice", tuple(i.value for i in Intensity), None, None),
    "preferences.portable": ("yes_no", (), None, None),
    "therapies": ("choices", tuple(t.value for t in Therapy), None, None),
}


def questionnaire(rules: RuleSet | None = None) -> list[Question]:
    """The questions whose answers the rules read, safety questions first.

    Derived from the rule set: a fact no rule reads is not asked about.
    """
    rs = default_rules() if rules is None else rules
    by_field: dict[str, list[str]] = {}
    safety: set[str] = set()
    for name in rs.facts_read():
        spec = rs.facts[name]
        if spec.field is None:
            continue
        by_field.setdefault(spec.field, []).append(name)
        if spec.safety:
            safety.add(spec.field)
    if "blood_thinners" in by_field:
        # Medications feed the blood-thinner answer (a listed thinner counts as "yes").
        by_field.setdefault("medications", ["blood_thinner_listed"])
        safety.add("medications")
    order = list(_SHAPE)
    fields = sorted(by_field, key=lambda f: (f not in safety, order.index(f) if f in order else 99))
    out = []
    for fld in fields:
        spec = rs.facts[by_field[fld][0]]
        extra = next((q for q in rs.questions if q.field == fld), None)
        shape: tuple[Kind, tuple[str, ...], int | None, int | None]
        if extra is None:
            shape = _SHAPE.get(fld, ("yes_no", (), None, None))
        elif extra.kind == "number":
            shape = (extra.kind, (), extra.low, extra.high)
        else:
            shape = (extra.kind, extra.choices, None, None)
        kind, choices, low, high = shape
        out.append(Question(field=fld, question=spec.question or fld, kind=kind, choices=choices,
                            low=low, high=high, safety=fld in safety,
                            facts=tuple(by_field[fld])))
    return out
