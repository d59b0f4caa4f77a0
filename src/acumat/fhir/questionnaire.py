"""acumat's questions as an R4 Questionnaire, and QuestionnaireResponses back into a profile.

Each item's ``linkId`` is the profile path it fills (``pregnant``, ``skin.broken``,
``extra.epilepsy``). Yes/no questions are ``boolean``, choices ``choice`` (several answers
where the profile takes a list, with a "none of these" option where ``[]`` means none),
numbers ``integer`` with minValue/maxValue, medicines ``open-choice`` free text. Safety
questions are ``required``. The Questionnaire's ``url`` and ``version`` carry the rule set's
fingerprint, so an answer always says which rules it was asked for.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from acumat import Question, RuleSet, UserProfile, __version__, default_rules, questionnaire
from acumat.fhir.codes import LOINC
from acumat.fhir.model import FhirError
from acumat.fhir.paths import build_profile, get

#: Every acumat Questionnaire's url starts with this; the rule set's fingerprint follows.
QUESTIONNAIRE_URL = "urn:acumat:questionnaire:"
#: The code system of acumat's own answer codes (choices such as ``lower`` or ``heart_disease``).
ANSWER_SYSTEM = "urn:acumat:answer"
NONE = "none"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
MAX_ITEMS = 200
MAX_ANSWERS = 60

_CODES = {
    "pregnant": {"system": LOINC, "code": "82810-3", "display": "Pregnancy status"},
    "pain.severity": {"system": LOINC, "code": "72514-3",
                      "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
}
# Where [] means "none of them", the questionnaire offers that answer explicitly.
_NONE_OPTION = {"conditions": "None of these", "medications": "I take no medicines"}


def _rules(rules: RuleSet | None) -> RuleSet:
    return default_rules() if rules is None else rules


def questionnaire_url(rules: RuleSet | None = None) -> str:
    """The canonical url of the Questionnaire for ``rules``."""
    return QUESTIONNAIRE_URL + _rules(rules).fingerprint


def _type(q: Question) -> str:
    return {"yes_no": "boolean", "choice": "choice", "choices": "choice", "number": "integer",
            "text_list": "open-choice"}[q.kind]


def _item(q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.field, "text": q.question, "type": _type(q),
                            "required": q.safety}
    if q.field in _CODES:
        item["code"] = [_CODES[q.field]]
    if q.kind in ("choices", "text_list"):
        item["repeats"] = True
    options = [{"valueCoding": {"system": ANSWER_SYSTEM, "code": c, "display": c.replace("_", " ")}}
               for c in q.choices]
    if q.field in _NONE_OPTION:
        options.append({"valueCoding": {"system": ANSWER_SYSTEM, "code": NONE,
                                        "display": _NONE_OPTION[q.field]}})
    if options:
        item["answerOption"] = options
    if q.kind == "number":
        item["extension"] = [{"url": MIN_VALUE, "valueInteger": q.low},
                             {"url": MAX_VALUE, "valueInteger": q.high}]
    return item


def questionnaire_resource(rules: RuleSet | None = None) -> dict[str, Any]:
    """An R4 Questionnaire with every question the rule set reads (pack questions too)."""
    rs = _rules(rules)
    return {
        "resourceType": "Questionnaire",
        "id": f"acumat-{rs.fingerprint}",
        "url": questionnaire_url(rs),
        "version": rs.fingerprint,
        "name": "AcumatScreening",
        "title": "Acupressure mat screening for back pain",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": f"acumat {__version__}",
        "description": (f"The questions acumat's rule set '{rs.name}' (fingerprint {rs.fingerprint}) "
                        "reads. Unanswered safety questions are never read as 'no'."),
        "item": [_item(q) for q in questionnaire(rs)],
    }


def _coding(code: str, display: str | None = None) -> dict[str, Any]:
    return {"valueCoding": {"system": ANSWER_SYSTEM, "code": code,
                            "display": display or code.replace("_", " ")}}


def _answers(q: Question, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if q.kind == "yes_no":
        return [{"valueBoolean": value}]
    if q.kind == "number":
        return [{"valueInteger": value}]
    if q.kind == "choice":
        return [_coding(str(value))]
    if not value:
        return [_coding(NONE, _NONE_OPTION[q.field])] if q.field in _NONE_OPTION else []
    if q.kind == "choices":
        return [_coding(str(v)) for v in value]
    return [{"valueString": v} for v in value]


def questionnaire_response(profile: UserProfile | dict[str, Any], rules: RuleSet | None = None, *,
                           subject: str | None = None, authored: str | None = None) -> dict[str, Any]:
    """An R4 QuestionnaireResponse holding ``profile``'s answers (unanswered items left out)."""
    p = profile if isinstance(profile, UserProfile) else UserProfile.model_validate(profile)
    rs = _rules(rules)
    items = []
    for q in questionnaire(rs):
        answers = _answers(q, get(p, q.field))
        if answers:
            items.append({"linkId": q.field, "text": q.question, "answer": answers})
    qr: dict[str, Any] = {"resourceType": "QuestionnaireResponse",
                          "questionnaire": f"{questionnaire_url(rs)}|{rs.fingerprint}",
                          "status": "completed", "item": items}
    if subject:
        qr["subject"] = {"reference": subject}
    if authored:
        qr["authored"] = authored
    return qr


def read_response(qr: Any, rules: RuleSet | None = None, *,
                  skipped: list[str] | None = None) -> dict[str, Any]:
    """The answers of a QuestionnaireResponse by profile path; FhirError for what cannot be read.

    With ``skipped``, items whose linkId is no question of ``rules`` are left out and noted
    there instead of raising (the other answers are still worth reading).
    """
    rs = _rules(rules)
    if not isinstance(qr, dict) or qr.get("resourceType") != "QuestionnaireResponse":
        got = qr.get("resourceType") if isinstance(qr, dict) else type(qr).__name__
        raise FhirError(f"expected a QuestionnaireResponse, got {got!r}", resource="(data)",
                        path="resourceType")
    name = f"QuestionnaireResponse/{qr['id']}" if isinstance(qr.get("id"), str) else \
        "QuestionnaireResponse"
    canon = qr.get("questionnaire")
    if canon is not None and (not isinstance(canon, str) or not canon.startswith(QUESTIONNAIRE_URL)):
        raise FhirError(f"answers {canon!r}, not an acumat Questionnaire ({QUESTIONNAIRE_URL}…)",
                        resource=name, path="questionnaire")
    shapes = {q.field: q for q in questionnaire(rs)}
    out: dict[str, Any] = {}
    seen: set[str] = set()
    for path, item in _items(qr.get("item", []), name, "item", 0):
        link = item.get("linkId")
        if not isinstance(link, str) or link not in shapes:
            if skipped is not None and isinstance(link, str):
                skipped.append(f"{name} {path}.linkId: {link!r} is not a question of this rule set: "
                               "not read")
                continue
            raise FhirError(f"linkId {link!r} is not a question of this rule set", resource=name,
                            path=f"{path}.linkId")
        if link in seen:
            raise FhirError(f"linkId {link!r} is answered twice", resource=name, path=f"{path}.linkId")
        seen.add(link)
        value = _value(shapes[link], item.get("answer", []), name, path)
        if value is not None:
            out[link] = value
    return out


def _items(items: Any, name: str, path: str, depth: int) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(items, list):
        raise FhirError("must be a list", resource=name, path=path)
    if len(items) > MAX_ITEMS or depth > 3:
        raise FhirError(f"more than {MAX_ITEMS} items or nested too deep", resource=name, path=path)
    out = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise FhirError("not an item object", resource=name, path=where)
        if "item" in item:
            out += _items(item["item"], name, f"{where}.item", depth + 1)
        if "answer" in item or "item" not in item:
            out.append((where, item))
    return out


def _value(q: Question, answers: Any, name: str, path: str) -> Any:
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise FhirError(f"answer must be a list of at most {MAX_ANSWERS}", resource=name,
                        path=f"{path}.answer")
    values = [_one(q, a, name, f"{path}.answer[{i}]") for i, a in enumerate(answers)]
    if not values:
        return None
    if q.kind in ("choices", "text_list"):
        if NONE in values:
            if len(values) > 1:
                raise FhirError("'none' cannot be given together with other answers", resource=name,
                                path=f"{path}.answer")
            return []
        return values
    if len(values) > 1:
        raise FhirError(f"{q.field} takes one answer, got {len(values)}", resource=name,
                        path=f"{path}.answer")
    return values[0]


def _one(q: Question, answer: Any, name: str, path: str) -> Any:
    if not isinstance(answer, dict):
        raise FhirError("not an answer object", resource=name, path=path)
    if q.kind == "yes_no":
        v = answer.get("valueBoolean")
        if isinstance(v, bool):
            return v
        raise FhirError("expected valueBoolean", resource=name, path=path)
    if q.kind == "number":
        v = answer.get("valueInteger")
        if isinstance(v, int) and not isinstance(v, bool) and q.low is not None and q.high is not None \
                and q.low <= v <= q.high:
            return v
        raise FhirError(f"expected valueInteger from {q.low} to {q.high}, got {v!r}", resource=name,
                        path=path)
    if "valueString" in answer and q.kind == "text_list":
        v = answer["valueString"]
        if isinstance(v, str) and v:
            return v
        raise FhirError("valueString must be a non-empty string", resource=name, path=path)
    coding = answer.get("valueCoding")
    code = coding.get("code") if isinstance(coding, dict) else answer.get("valueString")
    allowed = (*q.choices, *((NONE,) if q.field in _NONE_OPTION else ()))
    if isinstance(code, str) and code in allowed:
        return code
    raise FhirError(f"expected one of {', '.join(allowed)}, got {code!r}", resource=name, path=path)


def profile_from_questionnaire_response(qr: dict[str, Any], rules: RuleSet | None = None) -> UserProfile:
    """Read a QuestionnaireResponse to :func:`questionnaire_resource` back into a profile.

    Unanswered items stay None. Raises :class:`FhirError` naming the item for answers that do
    not fit their question.
    """
    answers = read_response(qr, rules)
    answers.setdefault("sessions_completed", 0)
    try:
        return build_profile(answers)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FhirError(first["msg"], resource="QuestionnaireResponse",
                        path=".".join(str(p) for p in first["loc"])) from exc
