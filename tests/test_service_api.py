"""The JSON API in-process (TestClient): library-equal answers, problem details, limits, OpenAPI."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

import acumat
from acumat.service import ServiceSettings, create_app
from mixed import BAD_ITEMS, KNOWN, LOG, SAFE

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def post_json(client, path, body):
    return client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})


def test_recommend_is_byte_for_byte_the_library_answer(client):
    """POST /v1/recommend answers exactly recommend(profile).model_dump_json() for known profiles."""
    for profile, verdict in KNOWN:
        res = post_json(client, "/v1/recommend", profile)
        assert res.status_code == 200
        assert res.headers["content-type"] == "application/json"
        assert res.content == acumat.recommend(profile).model_dump_json().encode()
        assert json.loads(res.content)["verdict"] == verdict.value


def test_recommend_pregnant_is_consult_without_mat_or_plan(client):
    """A pregnant profile gets 'consult' (C4) over HTTP, and no mat or plan."""
    body = post_json(client, "/v1/recommend", {**SAFE, "pregnant": True}).json()
    assert body["verdict"] == "consult" and body["mat"] is None and body["plan"] is None
    assert any("C4" in f["sources"] for f in body["findings"])


def test_next_session_is_byte_for_byte_the_library_answer(client):
    """POST /v1/next-session equals next_session(profile, history, on=...).model_dump_json()."""
    cases = [(SAFE, [LOG], None), (SAFE, [LOG], "2026-03-05"),
             (SAFE, [{**LOG, "symptoms": ["dizziness"]}], None)]
    for profile, history, on in cases:
        res = post_json(client, "/v1/next-session", {"profile": profile, "history": history, "on": on})
        assert res.status_code == 200
        assert res.content == acumat.next_session(profile, history, on=on).model_dump_json().encode()
    dizzy = post_json(client, "/v1/next-session", {"profile": SAFE, "history": cases[2][1]}).json()
    assert dizzy["action"] == "stop"  # C5: dizziness stops the sessions


def test_bad_profiles_get_422_problems_naming_the_field(client):
    """Each bad profile gets a 422 problem details answer naming the field, and no advice."""
    for item, field in BAD_ITEMS:
        raw = item if isinstance(item, str) else json.dumps(item)
        res = client.post("/v1/recommend", content=raw, headers={"Content-Type": "application/json"})
        assert res.status_code == 422, item
        assert res.headers["content-type"] == PROBLEM
        problem = res.json()
        assert problem["status"] == 422 and problem["type"] == "urn:acumat:problem:invalid-input"
        assert "verdict" not in problem and "Traceback" not in res.text
        assert all(set(e) == {"field", "type", "message"} for e in problem["errors"])
        if field is not None:
            assert field in [e["field"] for e in problem["errors"]], (item, problem)


def test_duplicate_keys_are_refused(client):
    """A profile repeating a key gets 422 instead of a silently chosen answer."""
    res = client.post("/v1/recommend", content=b'{"pregnant": true, "pregnant": false}',
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "pregnant"
    res = client.post("/v1/next-session", content=b'{"profile": {}, "history": [], "history": []}',
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 422 and res.headers["content-type"] == PROBLEM
    assert res.json()["errors"][0]["field"] == "history"


def test_next_session_errors_name_profile_history_or_on(client):
    """next-session errors are located under profile., history. or on."""
    cases = [({"profile": {"pregnant": "x"}, "history": []}, "profile.pregnant"),
             ({"profile": SAFE, "history": [{**LOG, "minutes": 0}]}, "history.0.minutes"),
             ({"profile": SAFE, "history": [LOG], "on": "yesterday"}, "on"),
             ({"profile": SAFE, "history": [LOG], "on": "2026-03-01"}, "history.0.day"),
             ({"profile": SAFE}, "history"),
             ({"profile": SAFE, "history": [], "extra": 1}, "extra"),
             ({"profile": "pregnant", "history": []}, "profile"),
             ({"profile": '{"pregnant": true}', "history": []}, "profile"),  # no JSON text inside strings
             ({"profile": SAFE, "history": "[]"}, "history")]
    for body, field in cases:
        res = post_json(client, "/v1/next-session", body)
        assert res.status_code == 422, body
        assert field in [e["field"] for e in res.json()["errors"]], (body, res.json())


def test_wrong_content_type_gets_415(client):
    """A body not declared as JSON gets 415, even if it is JSON."""
    for ctype in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": ctype} if ctype else {}
        res = client.post("/v1/recommend", content=b'{"pregnant": true}', headers=headers)
        assert res.status_code == 415 and res.headers["content-type"] == PROBLEM
    ok = client.post("/v1/recommend", content=b"{}",
                     headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status_code == 200


def test_body_over_the_limit_gets_413():
    """A body over the configured limit gets 413 whether it declares its length or streams."""
    app = create_app(settings=ServiceSettings(max_body_bytes=2048))
    with TestClient(app, raise_server_exceptions=False) as c:
        big = json.dumps({"medications": ["x" * 100] * 30}).encode()
        assert len(big) > 2048
        res = c.post("/v1/recommend", content=big, headers={"Content-Type": "application/json"})
        assert res.status_code == 413 and res.headers["content-type"] == PROBLEM

        def chunks():
            yield big[:1500]
            yield big[1500:]

        streamed = c.post("/v1/recommend", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        small = c.post("/v1/recommend", content=b"{}", headers={"Content-Type": "application/json"})
        assert small.status_code == 200


def test_unknown_paths_and_methods_are_problems(client):
    """404 and 405 are problem details too."""
    assert client.get("/v2/recommend").headers["content-type"] == PROBLEM
    res = client.get("/v1/recommend")
    assert res.status_code == 405 and res.json()["status"] == 405


def test_questionnaire_is_the_library_questionnaire(client):
    """GET /v1/questionnaire lists acumat.questionnaire() in order, safety questions first."""
    body = client.get("/v1/questionnaire").json()
    assert body == [q.model_dump(mode="json") for q in acumat.questionnaire()]
    assert body[0]["safety"] and body[0]["field"] == "pregnant"
    assert client.get("/v1/questionnaire", params={"format": "xml"}).status_code == 422


def test_rules_lists_ids_sources_and_fingerprint(client):
    """GET /v1/rules names every rule with its sources and the rule set's fingerprint."""
    rs = acumat.default_rules()
    body = client.get("/v1/rules").json()
    assert body["fingerprint"] == rs.fingerprint and body["ids"] == list(rs.ids)
    c8 = next(r for r in body["rules"] if "C8" in r["sources"])
    assert c8["basis"] in ("stated", "interpreted") and c8["topic"] == "safety"


def test_schemas_are_served_by_name(client):
    """GET /v1/schema/profile is the UserProfile JSON Schema; an unknown name is a 404 problem."""
    assert client.get("/v1/schema/profile").json() == acumat.UserProfile.model_json_schema()
    assert "properties" in client.get("/v1/schema/session_log").json()
    res = client.get("/v1/schema/nothing")
    assert res.status_code == 404 and res.headers["content-type"] == PROBLEM


def test_healthz_names_version_and_rules(client):
    """GET /healthz says ok with the version and the rules fingerprint."""
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "acumat_version": acumat.__version__,
                    "rules_fingerprint": acumat.default_rules().fingerprint}


def test_openapi_documents_the_versioned_api(client):
    """The generated OpenAPI documents every /v1 path with its request and answer schemas."""
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for p in ("/v1/recommend", "/v1/next-session", "/v1/questionnaire", "/v1/schema/{name}", "/v1/rules",
              "/healthz", "/cds-services", "/cds-services/{service_id}", "/cds-services/{service_id}/feedback"):
        assert p in paths
    rec = paths["/v1/recommend"]["post"]
    assert rec["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/UserProfile")
    assert rec["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Recommendation")
    assert "application/problem+json" in rec["responses"]["422"]["content"]
    for name in ("UserProfile", "Recommendation", "SessionAdvice", "NextSessionRequest", "Problem"):
        assert name in doc["components"]["schemas"]


def test_apps_are_independent():
    """Two apps built with different rule sets answer with their own rules, side by side."""
    u4, u5 = create_app(acumat.default_rules("U4")), create_app(acumat.default_rules("U5"))
    with TestClient(u4) as a, TestClient(u5) as b:
        pa, pb = post_json(a, "/v1/recommend", SAFE).json(), post_json(b, "/v1/recommend", SAFE).json()
    assert pa["plan"]["schedule"] == "U4" and pb["plan"]["schedule"] == "U5"
    assert pa["rules_fingerprint"] != pb["rules_fingerprint"]


def test_create_app_refuses_bad_arguments():
    """create_app names a wrong rules argument and JWKS without issuers instead of starting."""
    with pytest.raises(TypeError, match="RuleSet"):
        create_app(rules={"pregnant": True})
    with pytest.raises(ValueError, match="cds_issuers"):
        create_app(settings=ServiceSettings(cds_jwks="keys.json"))


def test_page_is_served_with_a_strict_content_security_policy(client):
    """GET / serves the page, which loads nothing from other origins and says it is not medical advice."""
    res = client.get("/")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in res.headers["content-security-policy"]
    assert "not medical advice" in res.text.lower()
    assert "http://" not in res.text and "https://" not in res.text
    for asset in ("/static/app.js", "/static/style.css", "/static/icon.svg"):
        res = client.get(asset)
        assert res.status_code == 200 and "http" not in res.text.replace("http://www.w3.org/2000/svg", "")
    missing = client.get("/static/secret.py")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
