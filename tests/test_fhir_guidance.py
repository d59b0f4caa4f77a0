"""Recommendations as R4 GuidanceResponses, and fhir.resources validation of acumat's outputs."""

from __future__ import annotations

import pytest

from acumat import recommend
from acumat.fhir import FhirError, guidance_response, validate

SAFE = {"pregnant": False, "blood_thinners": False, "conditions": [],
        "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
        "pain": {"region": "lower", "severity": 4, "weeks": 3}}


def _params(g):
    (p,) = g["contained"]
    assert g["outputParameters"]["reference"] == "#" + p["id"]
    return p["parameter"]


def test_fully_answered_is_success_with_mat_and_plan():
    """Every safety answer 'no' -> status success, verdict suitable, mat and plan carried."""
    g = validate(guidance_response(recommend(SAFE), subject="Patient/p1", request_id="req-1"))
    assert g["status"] == "success" and "dataRequirement" not in g
    assert g["subject"] == {"reference": "Patient/p1"} and g["requestIdentifier"]["value"] == "req-1"
    params = _params(g)
    assert next(p["valueCode"] for p in params if p["name"] == "verdict") == "suitable"
    assert g["reasonCode"][0]["coding"][0]["code"] == "suitable"
    assert {p["name"] for p in params} >= {"mat", "plan", "finding", "explanation"}


def test_unanswered_questions_are_data_required():
    """An empty profile -> data-required with one dataRequirement per unanswered question, by linkId."""
    rec = recommend({})
    g = validate(guidance_response(rec))
    assert g["status"] == "data-required"
    assert len(g["dataRequirement"]) == len(rec.unanswered) >= 5
    for req, u in zip(g["dataRequirement"], rec.unanswered, strict=True):
        assert req["type"] == "QuestionnaireResponse"
        assert req["mustSupport"] == [f"item.where(linkId='{u.field}').answer"]
        assert req["extension"][0]["valueString"] == u.question
        assert rec.rules_fingerprint in req["extension"][1]["valueCanonical"]


def test_findings_and_sources_are_carried():
    """Each finding travels with its rule id, level and source statements (C8 for blood thinners)."""
    rec = recommend(SAFE | {"blood_thinners": True})
    g = validate(guidance_response(rec))
    findings = [p for p in _params(g) if p["name"] == "finding"]
    assert len(findings) == len(rec.findings)
    c8 = next(f for f in findings if {"name": "rule_id", "valueString": "C8.blood_thinners"} in f["part"])
    parts = {(p["name"], next(v for k, v in p.items() if k.startswith("value"))) for p in c8["part"]}
    assert ("level", "avoid") in parts and ("source", "C8") in parts
    assert not any(p["name"] in ("mat", "plan") for p in _params(g))
    assert any("C8.blood_thinners" in n["text"] for n in g["note"])


def test_validate_rejects_broken_resources():
    """validate() raises FhirError naming the path of what fhir.resources rejects."""
    g = guidance_response(recommend(SAFE))
    g["status"] = 42
    with pytest.raises(FhirError) as info:
        validate(g)
    assert info.value.resource == "GuidanceResponse"
    with pytest.raises(FhirError, match="unknown resourceType"):
        validate({"resourceType": "NotAThing"})
