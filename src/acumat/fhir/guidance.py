"""A Recommendation as an R4 GuidanceResponse another system can store and display.

``status`` is ``success`` when every safety question was answered, else ``data-required``
with one ``dataRequirement`` per unanswered question (the QuestionnaireResponse item that
would answer it). The verdict, the findings with their rules and sources, the mat, the plan
and the full explanation travel in a contained ``Parameters`` resource (``outputParameters``)
and as notes.
"""

from __future__ import annotations

from typing import Any

from acumat import Finding, Recommendation
from acumat.fhir.questionnaire import QUESTIONNAIRE_URL

VERDICT_SYSTEM = "urn:acumat:verdict"
RULE_SYSTEM = "urn:acumat:rule"
#: Extensions of each dataRequirement: the question to ask, and the Questionnaire it is in.
QUESTION_EXTENSION = "urn:acumat:fhir:question"
QUESTIONNAIRE_EXTENSION = "urn:acumat:fhir:questionnaire"


def _part(name: str, kind: str, value: Any) -> dict[str, Any]:
    return {"name": name, f"value{kind}": value}


def _finding(f: Finding) -> dict[str, Any]:
    parts = [_part("rule_id", "String", f.rule_id), _part("topic", "String", f.topic),
             _part("summary", "String", f.summary), _part("basis", "Code", f.basis)]
    if f.level is not None:
        parts.append(_part("level", "Code", f.level.value))
    if f.detail:
        parts.append(_part("detail", "String", f.detail))
    parts += [_part("source", "String", s) for s in f.sources]
    if f.sources:
        parts.append(_part("cites", "String", f.cites()))
    return {"name": "finding", "part": parts}


def _parameters(rec: Recommendation) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        _part("verdict", "Code", rec.verdict.value),
        _part("headline", "String", rec.headline),
        _part("rules_fingerprint", "String", rec.rules_fingerprint),
        _part("acumat_version", "String", rec.acumat_version),
        _part("explanation", "String", rec.explain()),
    ]
    params += [_finding(f) for f in rec.findings]
    params += [{"name": "unanswered", "part": [_part("field", "String", u.field),
                                               _part("question", "String", u.question)]}
               for u in rec.unanswered]
    if rec.mat is not None:
        params.append({"name": "mat", "part": [_part(k, "String", str(v)) for k, v in
                                               rec.mat.model_dump(mode="json").items()]})
    if rec.plan is not None:
        p = rec.plan
        parts = [_part("target_minutes", "Integer", p.target_minutes),
                 _part("schedule", "String", p.schedule), _part("position", "String", p.position),
                 _part("setting", "String", p.setting), _part("hygiene", "String", p.hygiene)]
        parts += [{"name": "week", "part": [_part("week", "Integer", w.week),
                                            _part("minutes", "Integer", w.minutes),
                                            _part("sessions_per_week", "Integer", w.sessions_per_week),
                                            _part("clothing", "String", w.clothing),
                                            _part("surface", "String", w.surface)]}
                  for w in p.weeks]
        parts += [_part("stop_sign", "String", s) for s in p.stop_signs]
        parts += [_part("note", "String", n) for n in p.notes]
        params.append({"name": "plan", "part": parts})
    return {"resourceType": "Parameters", "id": "output", "parameter": params}


def guidance_response(rec: Recommendation, *, subject: str | None = None,
                      request_id: str | None = None) -> dict[str, Any]:
    """An R4 GuidanceResponse for ``rec``; ``subject`` a reference such as ``"Patient/7"``."""
    out: dict[str, Any] = {
        "resourceType": "GuidanceResponse",
        "contained": [_parameters(rec)],
        "moduleUri": f"urn:acumat:rules:{rec.rules_fingerprint}",
        "status": "data-required" if rec.unanswered else "success",
        "reasonCode": [{"coding": [{"system": VERDICT_SYSTEM, "code": rec.verdict.value,
                                    "display": rec.verdict.value}], "text": rec.headline}],
        "outputParameters": {"reference": "#output"},
        "note": [{"text": rec.headline}] + [
            {"text": f"[{f.level.value if f.level else 'note'}] {f.summary}"
                     + (f" {f.detail}" if f.detail else "") + f" (rule {f.rule_id}; "
                     f"source {f.cites() or 'none'})"}
            for f in rec.findings if f.topic.startswith("safety")],
    }
    if request_id:
        out["requestIdentifier"] = {"value": request_id}
    if subject:
        out["subject"] = {"reference": subject}
    if rec.unanswered:
        url = QUESTIONNAIRE_URL + rec.rules_fingerprint
        out["dataRequirement"] = [{
            "extension": [{"url": QUESTION_EXTENSION, "valueString": u.question},
                          {"url": QUESTIONNAIRE_EXTENSION, "valueCanonical": url}],
            "type": "QuestionnaireResponse",
            "mustSupport": [f"item.where(linkId='{u.field}').answer"],
        } for u in rec.unanswered]
    return out
