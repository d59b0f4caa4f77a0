"""FHIR resources -> a UserProfile, with the evidence for every answer it sets.

Only what the record states becomes an answer. Conditions count when their clinicalStatus is
active, recurrence or relapse (never entered-in-error or refuted); medication orders and
statements when they are in force; observations when final, amended or corrected (the
newest wins). Absence proves nothing: without a stated negative an answer stays None.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from acumat import Condition, RuleSet
from acumat.fhir import elements as el
from acumat.fhir.codes import LOINC, CodeHit, lookup, observations
from acumat.fhir.collect import Item, collect
from acumat.fhir.meds import read_medications
from acumat.fhir.merge import merge_responses
from acumat.fhir.model import Evidence, FhirReading
from acumat.fhir.patient import for_patient, names_of, one_patient

CLINICAL_ACTIVE = frozenset({"active", "recurrence", "relapse"})
VERIFICATION_NOT = frozenset({"entered-in-error", "refuted"})
OBSERVATION_FINAL = frozenset({"final", "amended", "corrected"})
#: Observations older than this many days cannot rule a risk out (see profile_from_fhir).
MAX_AGE_DAYS = 30
#: Pain from this score up is severe (C13); an old severe score is still read.
SEVERE_PAIN = 7
#: Most warnings kept in a reading; the rest are counted.
MAX_WARNINGS = 200
_ORDER = [c.value for c in Condition]


@dataclass(slots=True)
class _Found:
    """Answers read so far (internal)."""

    yes: dict[str, Evidence] = field(default_factory=dict)
    conditions: dict[str, Evidence] = field(default_factory=dict)
    pregnancy_obs: list[tuple[dt.datetime | None, bool | None, Evidence]] = field(default_factory=list)
    pain_obs: list[tuple[dt.datetime | None, int, Evidence]] = field(default_factory=list)


def profile_from_fhir(data: Any, *, use_recorded_sex: bool = False, rules: RuleSet | None = None,
                      draft_orders: bool = False, max_age_days: int | None = MAX_AGE_DAYS,
                      on: dt.datetime | dt.date | None = None) -> FhirReading:
    """Read a Bundle, a list of resources or a CDS Hooks prefetch object into a profile.

    ``use_recorded_sex=True`` reads a recorded male sex (Patient.gender) as "not pregnant"
    when nothing else answers the question; off by default because recorded sex is not
    pregnancy status. QuestionnaireResponses to acumat's Questionnaire in the data are read
    too (``rules`` for pack questions); where they and the record disagree the riskier
    answer wins. ``draft_orders=True`` also counts MedicationRequests in status draft (the
    orders being written in a CDS Hooks order-select or order-sign hook).

    An observation older than ``max_age_days`` before ``on`` (default: now) cannot rule a risk
    out: a "not pregnant" status or a pain score below 7 from before then is not read (the
    answer stays open), while "pregnant" and severe pain still are. ``max_age_days=None``
    reads observations of any age. Raises :class:`FhirError` for data that is not FHIR at all.
    """
    now = _moment(on)
    if max_age_days is not None and (isinstance(max_age_days, bool) or not isinstance(max_age_days, int)
                                     or max_age_days < 0):
        raise ValueError(f"max_age_days must be an integer >= 0 or None, not {max_age_days!r}")
    oldest = None if max_age_days is None else now - dt.timedelta(days=max_age_days)
    got = collect(data)
    warnings = got.warnings
    patient = one_patient(got)
    names = names_of(got, patient)

    def ours(item: Item) -> bool:
        return for_patient(item, patient, names, warnings)

    found = _Found()
    for item in got.of_type("Condition"):
        if ours(item):
            _read_condition(item, found, warnings)
    for item in got.of_type("Observation"):
        if ours(item):
            _read_observation(item, found, warnings)
    for ev in read_medications(got, ours, warnings, draft_orders=draft_orders):
        found.yes.setdefault("blood_thinners", ev)
    answers, evidence = _resolve(found, warnings, oldest)
    if use_recorded_sex and answers.get("pregnant") is None and patient is not None:
        gender = patient.resource.get("gender")
        if gender == "male":
            answers["pregnant"] = False
            evidence.append(Evidence(
                field="pregnant", answer=False, resource=patient.ref, code=None, display="male",
                how="recorded sex (Patient.gender) is male; read as not pregnant because "
                    "use_recorded_sex=True was chosen"))
    profile, evidence = merge_responses(got, ours, answers, evidence, warnings, rules)
    if len(warnings) > MAX_WARNINGS:
        warnings[MAX_WARNINGS:] = [f"… and {len(warnings) - MAX_WARNINGS} more warnings"]
    return FhirReading(profile=profile, evidence=tuple(evidence), warnings=tuple(warnings))


def _moment(on: dt.datetime | dt.date | None) -> dt.datetime:
    if on is None:
        return dt.datetime.now(dt.UTC)
    if isinstance(on, dt.datetime):
        return on if on.tzinfo else on.replace(tzinfo=dt.UTC)
    if isinstance(on, dt.date):
        return dt.datetime(on.year, on.month, on.day, 23, 59, 59, tzinfo=dt.UTC)
    raise TypeError(f"on must be a date or datetime, not {type(on).__name__}")


def _stale(moment: dt.datetime | None, oldest: dt.datetime | None) -> bool:
    return oldest is not None and (moment is None or moment < oldest)


def _read_condition(item: Item, found: _Found, warnings: list[str]) -> None:
    res = item.resource
    hits = _hits(el.codings(res.get("code"), f"{item.ref} code", warnings))
    if not hits:
        if not el.codings(res.get("code"), "", []) and el.text(res.get("code")):
            warnings.append(f"{item.ref} code: text only ('{el.text(res.get('code'))[:60]}'), no code "
                            "acumat knows: not read")
        return
    what = ", ".join(f"{h.label} ({_answer_name(h.answer)})" for h in hits)
    verification = el.status_codes(res.get("verificationStatus"))
    if verification & VERIFICATION_NOT:
        warnings.append(f"{item.ref} ({what}): verificationStatus {'/'.join(sorted(verification))}: "
                        "not read (neither yes nor no)")
        return
    clinical = el.status_codes(res.get("clinicalStatus"))
    if not clinical & CLINICAL_ACTIVE:
        state = "/".join(sorted(clinical)) or "missing"
        warnings.append(f"{item.ref} ({what}): clinicalStatus {state}: not read (only active, "
                        "recurrence or relapse count)")
        return
    how = (f"Condition clinicalStatus {'/'.join(sorted(clinical & CLINICAL_ACTIVE))}"
           + (f", verificationStatus {'/'.join(sorted(verification))}" if verification else ""))
    for h in hits:
        ev = Evidence(field=_field_of(h.answer), answer=_value_of(h.answer), resource=item.ref,
                      code=h.label, display=h.display or None,
                      how=f"{how}; code in {h.code_set.source.split(';')[0]}")
        if h.answer.startswith("conditions."):
            found.conditions.setdefault(h.answer.split(".", 1)[1], ev)
        else:
            found.yes.setdefault(h.answer, ev)


def _hits(codes: list[el.Coding]) -> list[CodeHit]:
    out: dict[str, CodeHit] = {}
    for c in codes:
        if c.code:
            for h in lookup(c.system, c.code):
                out.setdefault(h.answer, h)
    return list(out.values())


def _answer_name(answer: str) -> str:
    return answer.split(".", 1)[1] if answer.startswith("conditions.") else answer


def _field_of(answer: str) -> str:
    return "conditions" if answer.startswith("conditions.") else answer


def _value_of(answer: str) -> Any:
    return answer.split(".", 1)[1] if answer.startswith("conditions.") else True


def _read_observation(item: Item, found: _Found, warnings: list[str]) -> None:
    res = item.resource
    codes = el.codings(res.get("code"), f"{item.ref} code", warnings)
    obs = observations()
    kind = None
    for c in codes:
        if c.system == LOINC and c.code == obs["pregnancy_status"]["code"]:
            kind = "pregnancy_status"
        elif c.system == LOINC and c.code == obs["pain_severity"]["code"]:
            kind = "pain_severity"
    if kind is None:
        return
    spec = obs[kind]
    status = el.string(res.get("status"))
    if status not in OBSERVATION_FINAL:
        warnings.append(f"{item.ref} (LOINC {spec['code']} {spec['display']}): status {status!r}: not "
                        "read (only final, amended or corrected count)")
        return
    moment = el.when(res)
    how = f"Observation status {status}" + (f", effective {moment.isoformat()}" if moment else
                                            ", no effective time (read as oldest)")
    if kind == "pregnancy_status":
        _pregnancy_value(item, moment, how, found, warnings)
    else:
        _pain_value(item, moment, how, found, warnings)


def _pregnancy_value(item: Item, moment: dt.datetime | None, how: str, found: _Found,
                     warnings: list[str]) -> None:
    answers = observations()["pregnancy_status"]["answers"]
    for c in el.codings(item.resource.get("valueCodeableConcept"), f"{item.ref} valueCodeableConcept",
                        warnings):
        for a in answers:
            if c.system == a["system"] and c.code == a["code"]:
                label = f"{'SNOMED CT' if 'snomed' in a['system'] else 'LOINC'} {a['code']}"
                ev = Evidence(field="pregnant", answer=a["answer"], resource=item.ref, code=label,
                              display=a["display"], how=f"{how}; pregnancy status (LOINC 82810-3)")
                found.pregnancy_obs.append((moment, a["answer"], ev))
                return
    warnings.append(f"{item.ref} valueCodeableConcept: no pregnancy-status answer acumat knows "
                    "(SNOMED CT 77386006, 60001007, 261665006): not read")


def _pain_value(item: Item, moment: dt.datetime | None, how: str, found: _Found,
                warnings: list[str]) -> None:
    res = item.resource
    raw: Any = res.get("valueInteger")
    path = "valueInteger"
    if raw is None and isinstance(res.get("valueQuantity"), dict):
        raw, path = res["valueQuantity"].get("value"), "valueQuantity.value"
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw) \
            or not 0 <= raw <= 10:
        warnings.append(f"{item.ref} {path}: pain severity must be a number from 0 to 10, "
                        f"got {raw!r}: not read")
        return
    value = math.ceil(raw)
    note = "" if value == raw else f" ({raw} rounded up)"
    ev = Evidence(field="pain.severity", answer=value, resource=item.ref, code="LOINC 72514-3",
                  display=f"pain {value}/10{note}", how=f"{how}; pain severity 0-10 (LOINC 72514-3)")
    found.pain_obs.append((moment, value, ev))


def _newest(entries: list[tuple[dt.datetime | None, Any, Evidence]], worst: Any
            ) -> list[tuple[dt.datetime | None, Any, Evidence]]:
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    top = max((m or floor for m, _, _ in entries), default=floor)
    same = [e for e in entries if (e[0] or floor) == top]
    return sorted(same, key=worst)


def _resolve(found: _Found, warnings: list[str], oldest: dt.datetime | None
             ) -> tuple[dict[str, Any], list[Evidence]]:
    answers: dict[str, Any] = {}
    evidence: list[Evidence] = []
    for fld, ev in found.yes.items():
        answers[fld] = True
        evidence.append(ev)
    if found.conditions:
        names = sorted(found.conditions, key=_ORDER.index)
        answers["conditions"] = names
        evidence += [found.conditions[n] for n in names]
    if found.pregnancy_obs:
        # Ties at the newest time: the riskier answer first (pregnant, unknown, not pregnant).
        newest = _newest(found.pregnancy_obs, lambda e: {True: 0, None: 1, False: 2}[e[1]])
        moment, value, ev = newest[0]
        if answers.get("pregnant") is True:
            if value is not True:
                warnings.append(f"{ev.resource}: pregnancy status {ev.display!r}, but "
                                f"{found.yes['pregnant'].resource} is an active pregnancy: pregnant")
        elif value is None:
            warnings.append(f"{ev.resource}: the newest pregnancy status is 'unknown': pregnant "
                            "stays unanswered")
        elif value is False and _stale(moment, oldest):
            warnings.append(f"{ev.resource}: 'not pregnant' {_age(moment)} is too old to rule "
                            "pregnancy out: pregnant stays unanswered")
        else:
            answers["pregnant"] = value
            evidence.append(ev)
    if found.pain_obs:
        moment, value, ev = _newest(found.pain_obs, lambda e: -int(e[1]))[0]
        if value < SEVERE_PAIN and _stale(moment, oldest):
            warnings.append(f"{ev.resource}: pain {value}/10 {_age(moment)} is too old to rule "
                            "severe pain out: pain.severity stays unanswered")
        else:
            answers["pain.severity"] = value
            evidence.append(ev)
    return answers, evidence


def _age(moment: dt.datetime | None) -> str:
    return f"from {moment.date().isoformat()}" if moment else "with no date"
