"""The real `acumat serve` process on a free loopback port: answers, errors, options, a killed worker."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time

import acumat
import acumat.service
from mixed import BAD_ITEMS, KNOWN, SAFE
from test_service_support import TIMEOUT_S, request, running_server, worker_pids


def test_real_server_answers_like_the_library(tmp_path):
    """Over real HTTP: library-equal answers, problems for bad input, and it keeps serving after them."""
    log = tmp_path / "feedback.jsonl"
    args = ("--feedback-log", str(log), "--max-body-bytes", "4096")
    with running_server(*args, log=tmp_path / "server.log") as (base, proc):
        for profile, _ in KNOWN:
            status, headers, body = request(base + "/v1/recommend", profile)
            assert status == 200 and body == acumat.recommend(profile).model_dump_json().encode()
        for item, _ in BAD_ITEMS:
            raw = (item if isinstance(item, str) else json.dumps(item)).encode()
            status, headers, body = request(base + "/v1/recommend", raw=raw)
            assert status == 422 and headers["content-type"] == "application/problem+json"
            assert b"Traceback" not in body and b"verdict" not in body
        assert request(base + "/v1/recommend", raw=b"{}", content_type="text/plain")[0] == 415
        assert request(base + "/v1/recommend", raw=b" " * 5000)[0] == 413
        status, _, body = request(base + "/v1/recommend", SAFE)
        assert status == 200 and json.loads(body)["verdict"] == "suitable"
        fb = {"feedback": [{"card": "c-1", "outcome": "overridden",
                            "outcomeTimestamp": "2026-12-01T10:00:00Z"}]}
        assert request(base + f"/cds-services/{acumat.service.CDS_SERVICE_ID}/feedback", fb)[0] == 200
        status, headers, page = request(base + "/")
        assert status == 200 and b"not medical advice" in page.lower()
        assert proc.poll() is None
    assert json.loads(log.read_text())["card"] == "c-1"
    assert proc.returncode is not None


def test_duration_option_selects_the_u5_reading():
    """--duration U5 serves the U5 duration reading (10–15 minutes building to 30–40)."""
    with running_server("--duration", "U5") as (base, _):
        status, _, body = request(base + "/v1/recommend", SAFE)
    plan = json.loads(body)["plan"]
    assert status == 200 and plan["schedule"] == "U5"
    assert body == acumat.recommend(SAFE, acumat.default_rules("U5")).model_dump_json().encode()


def serve_fails(*args):
    return subprocess.run([sys.executable, "-m", "acumat", "serve", "--port", "0", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def test_bad_options_fail_before_listening(tmp_path):
    """A missing rule pack, an unreadable JWK Set or --cds-jwks without issuers exit non-zero with a message."""
    missing = serve_fails("--rules", str(tmp_path / "missing.yaml"))
    assert missing.returncode == 1 and "missing.yaml" in missing.stderr and "Traceback" not in missing.stderr
    jwks = tmp_path / "jwks.json"
    jwks.write_text("{not json")
    bad = serve_fails("--cds-jwks", str(jwks), "--cds-issuer", "https://ehr.example.org/")
    assert bad.returncode == 1 and "JWK Set" in bad.stderr
    no_iss = serve_fails("--cds-jwks", str(jwks))
    assert no_iss.returncode == 2 and "--cds-issuer" in no_iss.stderr


def test_killed_worker_is_replaced_and_no_answer_is_wrong(tmp_path):
    """Under load with 2 workers, SIGKILL one: the server keeps answering, uvicorn starts a new worker,
    and every response is the library's exact answer (a cut connection is not an answer)."""
    cases = [(json.dumps(p).encode(), acumat.recommend(p).model_dump_json().encode()) for p, _ in KNOWN]
    cases += [(json.dumps(item).encode() if not isinstance(item, str) else item.encode(), None)
              for item, _ in BAD_ITEMS]
    results: list[tuple[int, bytes, bytes | None]] = []
    errors: list[str] = []
    stop = threading.Event()
    with running_server("--workers", "2", log=tmp_path / "server.log") as (base, proc):
        deadline = time.monotonic() + 60
        while len(worker_pids(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        before = worker_pids(proc.pid)
        assert len(before) == 2

        def load(offset):
            i = offset
            while not stop.is_set() and i < offset + 3000:
                raw, expected = cases[i % len(cases)]
                i += 1
                try:
                    status, _, body = request(base + "/v1/recommend", raw=raw, timeout=TIMEOUT_S)
                except (OSError, http.client.HTTPException) as exc:  # a cut connection: no answer
                    errors.append(type(exc).__name__)
                    continue
                results.append((status, body, expected))

        threads = [threading.Thread(target=load, args=(k * 7,)) for k in range(3)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.0)
            os.kill(before[0], signal.SIGKILL)
            deadline = time.monotonic() + 60
            after = worker_pids(proc.pid)
            while not (len(after) == 2 and before[0] not in after) and time.monotonic() < deadline:
                time.sleep(0.2)
                after = worker_pids(proc.pid)
            served_before_restart = len(results)
            time.sleep(1.0)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30)
        assert len(after) == 2 and before[0] not in after, (before, after)
        assert len(results) > served_before_restart > 0
        for status, body, expected in results:
            if expected is None:
                assert status == 422, (status, body)
            else:
                assert status == 200 and body == expected, (status, body[:200])
        status, _, body = request(base + "/v1/recommend", SAFE)
        assert status == 200 and body == acumat.recommend(SAFE).model_dump_json().encode()
        assert proc.poll() is None


def test_serve_is_a_command_of_the_cli():
    """`acumat serve` is registered on the command line, also when run as `python -m acumat.cli`."""
    for module in ("acumat", "acumat.cli"):
        out = subprocess.run([sys.executable, "-m", module, "serve", "--help"], capture_output=True, text=True,
                             timeout=60, check=False)
        assert out.returncode == 0 and "--workers" in out.stdout and "--cds-jwks" in out.stdout
    top = subprocess.run([sys.executable, "-m", "acumat", "--help"], capture_output=True, text=True, timeout=60,
                         check=False)
    assert "serve" in top.stdout


def test_real_server_checks_cds_client_jwts(tmp_path):
    """With --cds-jwks, the real server refuses an unsigned CDS call and accepts a JWT signed by the key."""
    import uuid

    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1"}]}))
    base_url = "https://cds.example.org"
    with running_server("--cds-jwks", str(jwks), "--cds-issuer", "https://ehr.example.org/",
                        "--base-url", base_url) as (base, _):
        assert request(base + "/cds-services")[0] == 401
        now = int(time.time())
        token = jwt.encode({"iss": "https://ehr.example.org/", "aud": base_url + "/cds-services", "iat": now,
                            "exp": now + 60, "jti": str(uuid.uuid4())}, key, algorithm="ES256",
                           headers={"kid": "k1", "typ": "JWT"})
        status, _, body = request(base + "/cds-services", headers={"Authorization": f"Bearer {token}"})
        assert status == 200 and json.loads(body)["services"][0]["hook"] == "patient-view"
        assert request(base + "/healthz")[0] == 200


def test_connections_get_tcp_nodelay_like_uvicorn_worker_sockets_lack():
    """A connection accepted from a listener made as uvicorn's workers make it (no IPPROTO_TCP) has
    Nagle's algorithm on; set_nodelay turns it off (else each answer waits ~40 ms for a delayed ACK)."""
    import socket

    from acumat.service.nodelay import set_nodelay

    class Transport:
        def __init__(self, sock):
            self.sock = sock

        def get_extra_info(self, name):
            return self.sock if name == "socket" else None

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's bind_socket
    with listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.create_connection(listener.getsockname(), timeout=TIMEOUT_S):
            conn, _ = listener.accept()
            with conn:
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
                set_nodelay(Transport(conn))
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    set_nodelay(Transport(None))  # no socket (e.g. a test transport): nothing to do


def test_rules_option_serves_a_custom_pack():
    """--rules PACK serves the default rules plus the pack: its rules, its questions, its answers."""
    pack = "examples/custom_pack.yaml"
    rules = acumat.default_rules().with_pack(acumat.load_rules(pack))
    with running_server("--rules", pack) as (base, _):
        info = json.loads(request(base + "/v1/rules")[2])
        questions = json.loads(request(base + "/v1/questionnaire")[2])
        profile = {**SAFE, "extra": {"epilepsy": True, "pacemaker": False}}
        status, _, body = request(base + "/v1/recommend", profile)
        bad = request(base + "/v1/recommend", {**SAFE, "extra": {"tattoo": True}})
    assert info["fingerprint"] == rules.fingerprint and "vendor.epilepsy" in info["ids"]
    assert "extra.epilepsy" in [q["field"] for q in questions]
    assert status == 200 and body == acumat.recommend(profile, rules).model_dump_json().encode()
    assert json.loads(body)["verdict"] == "consult"  # the pack's epilepsy rule
    assert bad[0] == 422 and b"extra.tattoo" in bad[2]
