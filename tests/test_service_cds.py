"""CDS Hooks 2.0: discovery, the spec's card rules, 412 without prefetch, feedback log, JWT client auth."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import acumat
from acumat.service import CDS_SERVICE_ID, ServiceSettings, create_app
from acumat.service.cards import cards_for
from acumat.testing import profiles
from mixed import KNOWN, SAFE, SKIN_OK

PROBLEM = "application/problem+json"
BASE = "https://cds.example.org"
ISSUER = "https://ehr.example.org/"
SERVICE = f"/cds-services/{CDS_SERVICE_ID}"


def card_json(card) -> dict:
    """A card as the service sends it (optional fields omitted, never null)."""
    return json.loads(card.model_dump_json(exclude_none=True))


def assert_spec_card(card: dict) -> None:
    """The CDS Hooks 2.0 rules every card must follow."""
    assert {"summary", "indicator", "source"} <= set(card)
    assert isinstance(card["summary"], str) and 0 < len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert card["source"]["label"]
    uuid.UUID(card["uuid"])
    if "suggestions" in card:
        assert card.get("selectionBehavior") in ("at-most-one", "any")
    else:
        assert "selectionBehavior" not in card  # conditional on suggestions
    for reason in card.get("overrideReasons", ()):
        assert reason["code"] and reason["system"] and reason["display"]  # display required for reasons
    for link in card.get("links", ()):
        assert link["label"] and link["url"] and link["type"] in ("absolute", "smart")

    def no_empty(value):
        assert value not in (None, "", [], {}), card
        if isinstance(value, dict):
            for v in value.values():
                no_empty(v)
        elif isinstance(value, list):
            for v in value:
                no_empty(v)

    no_empty(card)


def test_cards_follow_the_verdict_for_known_profiles():
    """avoid/consult give one warning card, caution one info card with the questions, suitable one
    info card with the mat and plan; all follow the spec."""
    for profile, verdict in KNOWN:
        rec = acumat.recommend(profile)
        cards = [card_json(c) for c in cards_for(rec, hook_instance="h-1")]
        assert len(cards) == 1
        card = cards[0]
        assert_spec_card(card)
        detail = card["detail"]
        if verdict >= acumat.Verdict.CONSULT:
            assert card["indicator"] == "warning" and card["overrideReasons"]
            for f in rec.findings:
                if f.level is not None and f.level >= acumat.Verdict.CONSULT:
                    assert f"`{f.rule_id}`" in detail and all(s in detail for s in f.sources)
            assert ("Do not use" if verdict == acumat.Verdict.AVOID else "See a doctor") in card["summary"]
        elif verdict == acumat.Verdict.CAUTION:
            assert card["indicator"] == "info"
            for u in rec.unanswered:
                assert f"`{u.field}`" in detail
        else:
            assert card["indicator"] == "info" and "suitable" in card["summary"]
            assert rec.plan is not None and f"week {len(rec.plan.weeks)}:" in detail
            assert rec.mat is not None and rec.mat.spike_density in detail


def test_blood_thinner_card_says_what_to_avoid_and_why():
    """A patient on blood thinners gets a warning to not use the mat, citing C8 (bleeding risk)."""
    rec = acumat.recommend({**SAFE, "blood_thinners": True})
    (card,) = [card_json(c) for c in cards_for(rec, hook_instance="h")]
    assert card["indicator"] == "warning" and card["summary"].startswith("Do not use an acupressure mat")
    assert "C8" in card["detail"] and "acumat" in card["source"]["label"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles(), hook=st.text(min_size=1, max_size=40))
def test_every_card_follows_the_spec(profile, hook):
    """For any profile: exactly one card, spec-valid, warning iff consult/avoid, never a mat for them."""
    rec = acumat.recommend(profile)
    cards = [card_json(c) for c in cards_for(rec, hook_instance=hook)]
    assert len(cards) == 1
    assert_spec_card(cards[0])
    assert (cards[0]["indicator"] == "warning") == (rec.verdict >= acumat.Verdict.CONSULT)
    if rec.verdict >= acumat.Verdict.CONSULT:
        assert "**Mat**" not in cards[0]["detail"] and "**Plan**" not in cards[0]["detail"]


def test_card_uuids_are_deterministic_per_hook_instance():
    """The same hook call gives the same card uuid; another hook instance or answer gives another."""
    rec = acumat.recommend({**SAFE, "pregnant": True})
    a = cards_for(rec, hook_instance="one")[0].uuid
    assert a == cards_for(rec, hook_instance="one")[0].uuid
    assert a != cards_for(rec, hook_instance="two")[0].uuid
    assert a != cards_for(acumat.recommend(SAFE), hook_instance="one")[0].uuid


def test_summaries_stay_under_140_characters_with_long_pack_text():
    """A long finding summary is cut at a word, with an ellipsis, below 140 characters."""
    long = acumat.Finding(rule_id="X.long", topic="safety", level=acumat.Verdict.AVOID, summary="word " * 80,
                          detail="", sources=("C8",), basis="stated")
    rec = acumat.recommend({**SAFE, "blood_thinners": True})
    rec = rec.model_copy(update={"findings": (long, *rec.findings)})
    card = card_json(cards_for(rec, hook_instance="h")[0])
    assert len(card["summary"]) < 140 and card["summary"].endswith("\u2026")


def test_markup_in_rule_text_is_escaped():
    """Text from rules or records cannot inject Markdown links or HTML into a card's detail."""
    evil = acumat.Finding(rule_id="X.evil", topic="safety", level=acumat.Verdict.AVOID,
                          summary="[click](javascript:alert(1)) <img src=x>", detail="", sources=("C8",),
                          basis="stated")
    rec = acumat.recommend({**SAFE, "blood_thinners": True}).model_copy(update={"findings": (evil,)})
    detail = card_json(cards_for(rec, hook_instance="h")[0])["detail"]
    assert not re.search(r"(?<!\\)[\[<]", detail.split("**Why**")[1].split("_(rule")[0])
    assert "\\[click\\]\\(javascript" in detail and "\\<img" in detail


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    log = tmp_path_factory.mktemp("cds") / "feedback.jsonl"
    app = create_app(settings=ServiceSettings(feedback_log=log))
    with TestClient(app, raise_server_exceptions=False) as c:
        c.feedback_log = log
        yield c


def post(client, path, body, headers=None):
    return client.post(path, content=json.dumps(body),
                       headers={"Content-Type": "application/json", **(headers or {})})


def test_discovery_lists_the_patient_view_service_with_prefetch(client):
    """GET /cds-services lists one patient-view service whose prefetch asks for the records it reads."""
    body = client.get("/cds-services").json()
    (service,) = body["services"]
    assert service["hook"] == "patient-view" and service["id"] == CDS_SERVICE_ID and service["description"]
    prefetch = service["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    for resource in ("Condition", "MedicationRequest", "MedicationStatement"):
        assert any(v.startswith(resource + "?patient={{context.patientId}}") for v in prefetch.values())
    assert any("82810-3" in v for v in prefetch.values())  # LOINC pregnancy status
    assert any("72514-3" in v for v in prefetch.values())  # LOINC pain severity


def hook_body(prefetch=None, **extra):
    body = {"hook": "patient-view", "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/1", "patientId": "p1"}, **extra}
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def test_missing_prefetch_gets_412(client):
    """Without the prefetch it needs (and no way to fetch), the service answers 412 naming the keys."""
    res = post(client, SERVICE, hook_body())
    assert res.status_code == 412 and res.headers["content-type"] == PROBLEM
    assert "conditions" in res.json()["detail"]
    partial = post(client, SERVICE, hook_body({"patient": None, "conditions": None},
                                              fhirServer="https://ehr.example.org/fhir"))
    assert partial.status_code == 412 and "medicationRequests" in partial.json()["detail"]


def test_malformed_hook_calls_get_400(client):
    """A call for another hook, without hookInstance or context, or not JSON gets 400; unknown id 404."""
    assert post(client, SERVICE, hook_body(hook="order-sign") | {"hook": "order-sign"}).status_code == 400
    bad = hook_body()
    del bad["hookInstance"]
    assert post(client, SERVICE, bad).status_code == 400
    assert post(client, SERVICE, {"hook": "patient-view", "hookInstance": "x"}).status_code == 400
    raw = client.post(SERVICE, content=b"{", headers={"Content-Type": "application/json"})
    assert raw.status_code == 400 and raw.headers["content-type"] == PROBLEM
    assert post(client, "/cds-services/other", hook_body()).status_code == 404


FEEDBACK_OK = [
    {"card": "4e0a3a1e-3283-4575-ab82-028d55fe2719", "outcome": "accepted",
     "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
     "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
     "overrideReason": {"reason": {"code": "doctor-approved", "system": "urn:acumat:cds:override-reason",
                                   "display": "A doctor has reviewed mat use for this patient"},
                        "userComment": "Cleared by cardiology."},
     "outcomeTimestamp": "2026-12-01T10:05:00+00:00"},
    {"card": "f6b95768-b1c8-40dc-8385-bf3504b82ffb", "outcome": "overridden",
     "outcomeTimestamp": "2026-12-01T10:06:00Z"},
]


def test_feedback_is_appended_to_the_log(client):
    """Valid feedback (accepted, overridden with and without reason) is appended as JSON lines."""
    before = client.feedback_log.read_text().splitlines() if client.feedback_log.exists() else []
    res = post(client, SERVICE + "/feedback", {"feedback": FEEDBACK_OK})
    assert res.status_code == 200 and res.json() == {"received": 3}
    lines = [json.loads(x) for x in client.feedback_log.read_text().splitlines()[len(before):]]
    assert [x["card"] for x in lines] == [f["card"] for f in FEEDBACK_OK]
    assert lines[1]["overrideReason"]["reason"]["code"] == "doctor-approved"
    assert lines[1]["overrideReason"]["userComment"] == "Cleared by cardiology."
    assert all(x["service"] == CDS_SERVICE_ID and x["received"] for x in lines)


@pytest.mark.parametrize("entry", [
    {"card": "c", "outcome": "rejected", "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "c", "outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "c", "outcome": "overridden", "acceptedSuggestions": [{"id": "s"}],
     "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "c", "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:00:00"},
    {"card": "c", "outcome": "overridden", "outcomeTimestamp": 1700000000},
    {"card": "c", "outcome": "overridden"},
    {"outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "c", "outcome": "overridden", "overrideReason": {}, "outcomeTimestamp": "2026-12-01T10:00:00Z"},
    {"card": "c", "outcome": "overridden", "overrideReason": {"reason": {"code": "x"}},
     "outcomeTimestamp": "2026-12-01T10:00:00Z"},
])
def test_bad_feedback_gets_400_and_is_not_logged(client, entry):
    """Feedback that breaks the spec's shape gets a 400 problem and leaves the log as it was."""
    before = client.feedback_log.read_text() if client.feedback_log.exists() else ""
    res = post(client, SERVICE + "/feedback", {"feedback": [entry]})
    assert res.status_code == 400 and res.headers["content-type"] == PROBLEM
    assert (client.feedback_log.read_text() if client.feedback_log.exists() else "") == before


def test_feedback_must_be_an_array(client):
    """A body without a non-empty feedback array gets 400."""
    for body in ({}, {"feedback": []}, {"feedback": FEEDBACK_OK[0]}, []):
        assert post(client, SERVICE + "/feedback", body).status_code == 400


# --- JWT client authentication -------------------------------------------------------------------
@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    trusted, other = ec.generate_private_key(ec.SECP384R1()), ec.generate_private_key(ec.SECP384R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(trusted.public_key()))
    jwks = tmp_path_factory.mktemp("jwks") / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "ehr-1", "use": "sig", "alg": "ES384"}]}))
    return {"trusted": trusted, "other": other, "jwks": jwks}


@pytest.fixture(scope="module")
def secured(keys):
    app = create_app(settings=ServiceSettings(cds_jwks=keys["jwks"], cds_issuers=(ISSUER,), cds_base_url=BASE))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def token(key, aud, **changes):
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": aud, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    claims.update(changes)
    headers = {"kid": changes.pop("kid", "ehr-1"), "typ": "JWT"}
    claims = {k: v for k, v in claims.items() if v is not None and k != "kid"}
    return jwt.encode(claims, key, algorithm="ES384", headers=headers)


def bearer(t):
    return {"Authorization": f"Bearer {t}"}


def test_signed_jwt_from_a_trusted_issuer_is_accepted(secured, keys):
    """A JWT signed with the trusted key, iss allow-listed and aud = the endpoint URL, is accepted."""
    t = token(keys["trusted"], BASE + "/cds-services")
    assert secured.get("/cds-services", headers=bearer(t)).status_code == 200
    fb = token(keys["trusted"], [BASE + SERVICE + "/feedback"])
    assert post(secured, SERVICE + "/feedback", {"feedback": FEEDBACK_OK[2:]}, bearer(fb)).status_code == 200
    call = token(keys["trusted"], BASE + SERVICE)
    assert post(secured, SERVICE, hook_body(), bearer(call)).status_code == 412  # authorised, no prefetch


def test_the_json_api_needs_no_jwt(secured):
    """Client authentication guards CDS Hooks only; the JSON API and page stay open."""
    assert secured.get("/healthz").status_code == 200
    assert post(secured, "/v1/recommend", SAFE).status_code == 200


@pytest.mark.parametrize("case", ["none", "not-bearer", "garbage", "wrong-aud", "other-endpoint", "expired",
                                  "wrong-iss", "no-jti", "no-exp", "no-iat", "unknown-kid", "other-key",
                                  "hs256", "alg-none", "replay"])
def test_bad_client_tokens_get_401(secured, keys, case):
    """Each way a CDS client's JWT can be wrong gets a 401 problem with WWW-Authenticate."""
    aud = BASE + "/cds-services"
    now = int(time.time())
    headers = {}
    if case == "not-bearer":
        headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    elif case == "garbage":
        headers = bearer("not.a.jwt")
    elif case != "none":
        t = {
            "wrong-aud": lambda: token(keys["trusted"], "https://elsewhere.example.org/cds-services"),
            "other-endpoint": lambda: token(keys["trusted"], BASE + SERVICE),
            "expired": lambda: token(keys["trusted"], aud, exp=now - 60, iat=now - 400),
            "wrong-iss": lambda: token(keys["trusted"], aud, iss="https://evil.example.org/"),
            "no-jti": lambda: token(keys["trusted"], aud, jti=None),
            "no-exp": lambda: token(keys["trusted"], aud, exp=None),
            "no-iat": lambda: token(keys["trusted"], aud, iat=None),
            "unknown-kid": lambda: token(keys["trusted"], aud, kid="ehr-2"),
            "other-key": lambda: token(keys["other"], aud),
            "hs256": lambda: jwt.encode({"iss": ISSUER, "aud": aud, "exp": now + 60, "iat": now, "jti": "h"},
                                        "shared-secret-long-enough-for-hmac-sha256!", algorithm="HS256",
                                        headers={"kid": "ehr-1"}),
            "alg-none": lambda: jwt.encode({"iss": ISSUER, "aud": aud, "exp": now + 60, "iat": now, "jti": "n"},
                                           None, algorithm="none", headers={"kid": "ehr-1"}),
            "replay": lambda: token(keys["trusted"], aud),
        }[case]()
        headers = bearer(t)
        if case == "replay":
            assert secured.get("/cds-services", headers=headers).status_code == 200
    res = secured.get("/cds-services", headers=headers)
    assert res.status_code == 401 and res.headers["content-type"] == PROBLEM
    assert res.headers["www-authenticate"].startswith("Bearer")


def test_skin_infection_card_is_a_warning():
    """Infected skin (C3) gives a warning card, never a mat or plan."""
    rec = acumat.recommend({**SAFE, "skin": {**SKIN_OK, "infection": True}})
    card = card_json(cards_for(rec, hook_instance="h")[0])
    assert card["indicator"] == "warning" and "C3" in card["detail"] and "**Plan**" not in card["detail"]


# --- hook calls read through acumat.fhir ---------------------------------------------------------
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
APIXABAN = {"resourceType": "MedicationRequest", "id": "42", "status": "active", "intent": "order",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "1364430",
                                                      "display": "apixaban"}]}}


def pregnancy(snomed: str) -> dict:
    """A final pregnancy-status Observation (LOINC 82810-3) with a SNOMED CT answer, made today."""
    return {"resourceType": "Observation", "id": "preg-1", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3"}]},
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": dt.date.today().isoformat(),
            "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": snomed}]}}


def bundle(*resources):
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def prefetch(**given):
    base = {"patient": {"resourceType": "Patient", "id": "p1"}, "conditions": None, "medicationRequests": None,
            "medicationStatements": None, "pregnancyStatus": None, "painSeverity": None}
    return {**base, **given}


def call(client, pf, hook_instance="d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"):
    res = post(client, SERVICE, {**hook_body(pf), "hookInstance": hook_instance})
    assert res.status_code == 200, res.text
    body = res.json()
    assert set(body) == {"cards"}
    for card in body["cards"]:
        assert_spec_card(card)
    return body["cards"]


def test_hook_cards_are_the_library_recommendation(client):
    """The hook's cards are exactly cards_for(recommend_fhir(prefetch)): the route adds no advice."""
    from acumat.fhir import recommend_fhir

    pf = prefetch(medicationRequests=bundle(APIXABAN))
    cards = call(client, pf, "h-42")
    data = {k: v for k, v in pf.items() if v is not None}
    assert cards == [card_json(c) for c in cards_for(recommend_fhir(data), hook_instance="h-42")]


def test_anticoagulant_order_gives_a_warning_naming_the_order(client):
    """An active apixaban order (C8) gives a warning card that names MedicationRequest/42."""
    (card,) = call(client, prefetch(medicationRequests=bundle(APIXABAN)))
    assert card["indicator"] == "warning" and card["summary"].startswith("Do not use")
    assert "MedicationRequest/42" in card["detail"] and "C8" in card["detail"]


def test_recorded_pregnancy_gives_see_a_doctor(client):
    """A pregnancy-status Observation 'pregnant' (SNOMED 77386006) gives a see-a-doctor warning (C4)."""
    (card,) = call(client, prefetch(pregnancyStatus=bundle(pregnancy("77386006"))))
    assert card["indicator"] == "warning" and card["summary"].startswith("See a doctor")
    assert "C4" in card["detail"]


def test_an_empty_record_asks_instead_of_going_ahead(client):
    """A record that states little gives an info card listing what to ask (a plan only if the library does)."""
    from acumat.fhir import recommend_fhir

    pf = prefetch(pregnancyStatus=bundle(pregnancy("60001007")))
    (card,) = call(client, pf)
    assert card["indicator"] == "info" and "ask" in card["summary"]
    rec = recommend_fhir({k: v for k, v in pf.items() if v is not None})
    assert rec.verdict == acumat.Verdict.CAUTION
    assert "`skin.broken`" in card["detail"] and ("**Plan**" in card["detail"]) == (rec.plan is not None)
    assert "`pregnant`" not in card["detail"]  # answered by the record: not pregnant


def test_answered_questionnaire_gives_the_mat_and_plan(client):
    """A completed QuestionnaireResponse with safe answers gives one info card with the mat and plan."""
    from acumat.fhir import questionnaire_response

    (card,) = call(client, prefetch(questionnaireResponses=bundle(questionnaire_response(SAFE))))
    assert card["indicator"] == "info" and card["summary"].startswith("Acupressure mat suitable")
    assert "**Mat**" in card["detail"] and "week 1:" in card["detail"]


def test_unreadable_prefetch_gets_400(client):
    """A prefetch Bundle that cannot be read gets a 400 problem naming where, not advice."""
    res = post(client, SERVICE, hook_body(prefetch(conditions={"resourceType": "Bundle", "entry": "x"})))
    assert res.status_code == 400 and res.headers["content-type"] == PROBLEM
    assert "cards" not in res.json() and "prefetch.conditions" in res.json()["detail"]


def test_skipped_record_parts_are_shown_on_the_card(client):
    """A prefetch value acumat.fhir skips is named on the card, under 'Reading the record'."""
    (card,) = call(client, prefetch(conditions="not a resource"))
    assert "Reading the record" in card["detail"] and "prefetch.conditions" in card["detail"]


def test_fhir_questionnaire_is_the_library_resource(client):
    """GET /v1/questionnaire?format=fhir is acumat.fhir.questionnaire_resource(rules)."""
    from acumat.fhir import questionnaire_resource

    body = client.get("/v1/questionnaire", params={"format": "fhir"}).json()
    assert body == questionnaire_resource(acumat.default_rules())
    assert body["resourceType"] == "Questionnaire"
