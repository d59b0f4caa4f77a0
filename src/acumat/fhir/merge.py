"""The record's answers + QuestionnaireResponses in the same data -> one profile.

Where a person's answers and the record disagree, the riskier answer wins: "yes" over
"no" for yes/no safety questions, the union of conditions, the higher pain score. Other
answers (pain region, preferences, pack questions) come from the newest response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from acumat import Condition, RuleSet, UserProfile
from acumat.fhir import elements as el
from acumat.fhir.collect import Collected, Item
from acumat.fhir.model import Evidence, FhirError
from acumat.fhir.paths import build_profile
from acumat.fhir.questionnaire import QUESTIONNAIRE_URL, read_response

RESPONSE_DONE = frozenset({"completed", "amended"})
_RISKY_BOOLS = ("pregnant", "blood_thinners", "skin.broken", "skin.infection", "skin.allergy",
                "skin.sensitive")
_ORDER = [c.value for c in Condition]


def merge_responses(got: Collected, ours: Callable[[Item], bool], answers: dict[str, Any],
                    evidence: list[Evidence], warnings: list[str], rules: RuleSet | None
                    ) -> tuple[UserProfile, list[Evidence]]:
    """The profile of the record's ``answers`` and the data's QuestionnaireResponses."""
    record_conditions = answers.get("conditions") is not None
    answered_conditions = False
    for item, read in _responses(got, ours, warnings, rules):
        authored = item.resource.get("authored")
        when = f" (authored {authored})" if isinstance(authored, str) else ""
        for path, value in read.items():
            final = _merge(path, answers.get(path), value)
            if final != answers.get(path) or (path in _RISKY_BOOLS and final == value):
                evidence.append(Evidence(field=path, answer=value, resource=item.ref,
                                         how=f"answered in QuestionnaireResponse item '{path}'{when}"))
            elif final != value:
                warnings.append(f"{item.ref} answers {path} = {value!r}, but the record says "
                                f"{answers.get(path)!r}: the riskier answer is kept")
            answers[path] = final
            answered_conditions |= path == "conditions"
    if record_conditions and not answered_conditions:
        warnings.append("conditions: the record shows " + ", ".join(answers["conditions"]) + "; it does "
                        "not rule out the other listed conditions: ask the person")
        if "conditions_open" in UserProfile.model_fields:
            # Where the profile can say so, the conditions the record does not name stay unanswered.
            answers["conditions_open"] = True
    try:
        return build_profile(answers), evidence
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FhirError(first["msg"], resource="(data)",
                        path=".".join(str(p) for p in first["loc"])) from exc


def _responses(got: Collected, ours: Callable[[Item], bool], warnings: list[str],
               rules: RuleSet | None) -> list[tuple[Item, dict[str, Any]]]:
    out = []
    for item in got.of_type("QuestionnaireResponse"):
        if not ours(item):
            continue
        res = item.resource
        canon = res.get("questionnaire")
        if not isinstance(canon, str) or not canon.startswith(QUESTIONNAIRE_URL):
            warnings.append(f"{item.ref}: answers {canon!r}, not acumat's Questionnaire: not read")
            continue
        if el.string(res.get("status")) not in RESPONSE_DONE:
            warnings.append(f"{item.ref}: status {res.get('status')!r}: not read (only completed or "
                            "amended responses count)")
            continue
        try:
            out.append((item, read_response(res, rules, skipped=warnings)))
        except FhirError as exc:
            warnings.append(f"{item.ref}: {exc}: not read")
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(out, key=lambda p: el.parse_datetime(p[0].resource.get("authored")) or floor)


def _merge(path: str, record: Any, answer: Any) -> Any:
    if record is None:
        return answer
    if path in _RISKY_BOOLS or (path.startswith("extra.") and isinstance(record, bool)):
        return record or answer
    if path == "conditions":
        return sorted(set(record) | set(answer), key=_ORDER.index)
    if path == "pain.severity":
        return max(record, answer)
    return answer
