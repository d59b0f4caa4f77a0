"""Screen a FHIR record: read it, recommend, and say in each finding where its answer came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from acumat import AllOf, AnyOf, Condition, Finding, Recommendation, RuleSet, Test, default_rules, recommend
from acumat.fhir.model import FhirReading
from acumat.fhir.read import MAX_AGE_DAYS, profile_from_fhir

_CONDITIONS = frozenset(c.value for c in Condition)


def recommend_fhir(data: Any, *, rules: RuleSet | None = None, use_recorded_sex: bool = False,
                   draft_orders: bool = False, max_age_days: int | None = MAX_AGE_DAYS,
                   on: dt.datetime | dt.date | None = None) -> Recommendation:
    """:func:`acumat.recommend` on a profile read from FHIR (see :func:`profile_from_fhir`).

    Findings that depend on an answer read from FHIR say where it came from ("read from
    MedicationRequest/42: RxNorm 1364430 apixaban"), so ``explain()`` shows it.
    """
    reading = profile_from_fhir(data, use_recorded_sex=use_recorded_sex, rules=rules,
                                draft_orders=draft_orders, max_age_days=max_age_days, on=on)
    return with_evidence(recommend(reading.profile, rules), reading, rules)


def with_evidence(rec: Recommendation, reading: FhirReading,
                  rules: RuleSet | None = None) -> Recommendation:
    """``rec`` with each finding's detail naming the FHIR evidence of the answers its rule read."""
    rs = default_rules() if rules is None else rules
    if not reading.evidence:
        return rec
    findings = []
    for f in rec.findings:
        lines = _sources_of(f, reading, rs)
        if lines:
            extra = "; ".join(dict.fromkeys(lines))
            detail = f"{f.detail} ({extra})" if f.detail else f"({extra})"
            f = f.model_copy(update={"detail": detail})
        findings.append(f)
    return rec.model_copy(update={"findings": tuple(findings)})


def _sources_of(f: Finding, reading: FhirReading, rs: RuleSet) -> list[str]:
    if f.rule_id not in rs:
        return []
    out = []
    for t in _tests(rs[f.rule_id].when):
        spec = rs.facts.get(t.fact)
        if spec is None or spec.field is None:
            continue
        for ev in reading.evidence_for(spec.field):
            # A condition rule cites only the Condition that answered it.
            if spec.field == "conditions" and t.fact in _CONDITIONS and isinstance(ev.answer, str) \
                    and ev.answer != t.fact:
                continue
            out.append(ev.describe())
    return out


def _tests(when: Test | AllOf | AnyOf) -> list[Test]:
    if isinstance(when, Test):
        return [when]
    parts = when.all if isinstance(when, AllOf) else when.any if isinstance(when, AnyOf) else ()
    return [t for p in parts for t in _tests(p)]
