"""`acumat serve` throughput and latency with 1 and 2 workers, against in-process recommend().

Starts the real server (``python -m acumat serve``) on a free loopback port and drives it
from this separate process with ``--clients`` keep-alive connections (threads), each
scenario bounded by ``--requests`` and ``--seconds``. Scenarios: ``POST /v1/recommend``
with a mixed load (about 1 in 5 bodies invalid) and ``POST /cds-services/acumat-mat-screen``
with FHIR prefetches. Every answer is checked against the library's own answer computed
here: a valid body must get exactly ``recommend(body).model_dump_json()`` (or the cards of
``recommend_fhir``), an invalid one a 422, and no request may get a 5xx. The baseline is
the in-process cost of the same library calls, measured in the same run. On a 2-core
machine the client threads share the cores with the workers, so 2 workers cannot double
the throughput; the figures say what one machine does, not what a server farm would.

    python benchmarks/bench_service.py [--requests 2000] [--seconds 20] [--clients 8] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

import _profiles as bp
import _timing as bt

from acumat import default_rules, recommend
from acumat.fhir import recommend_fhir
from acumat.service import CDS_SERVICE_ID
from acumat.service.cards import cards_for
from acumat.service.cds_models import CdsResponse

BAD = [b'{"pregnant": "maybe"}', b'{"pain": {"severity": 11}}', b'{"favourite_colour": "blue"}',
       b'{"pregnant": false,', b"[1, 2, 3]", b'{"pregnant": true, "pregnant": false}']
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def _prefetches() -> list[dict[str, Any]]:
    order = {"resourceType": "MedicationRequest", "id": "42", "status": "active", "intent": "order",
             "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "1364430"}]}}
    def obs(code: str, value: dict[str, Any]) -> dict[str, Any]:
        return {"resourceType": "Observation", "id": f"o-{code}", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "effectiveDateTime": dt.date.today().isoformat(), **value}
    preg = obs("82810-3", {"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct",
                                                               "code": "77386006"}]}})
    not_preg = obs("82810-3", {"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct",
                                                                   "code": "60001007"}]}})
    pain = obs("72514-3", {"valueQuantity": {"value": 4}})
    base = {"patient": {"resourceType": "Patient", "id": "p1"}, "conditions": None, "medicationRequests": None,
            "medicationStatements": None, "pregnancyStatus": None, "painSeverity": None}
    return [base, {**base, "medicationRequests": _bundle(order)}, {**base, "pregnancyStatus": _bundle(preg)},
            {**base, "pregnancyStatus": _bundle(not_preg), "painSeverity": _bundle(pain)}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(workers: int):
    port = _free_port()
    cmd = [sys.executable, "-m", "acumat", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and proc.poll() is None:
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        time.sleep(1.0 if workers > 1 else 0.2)  # let every worker finish starting
        yield port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _drive(port: int, path: str, items: list[tuple[bytes, bytes | None]], n: int, seconds: float,
           clients: int) -> dict[str, Any]:
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"ok": 0, "refused": 0, "wrong": 0, "5xx": 0, "conn_errors": 0}
    next_i = [0]
    deadline = time.monotonic() + seconds

    def take() -> int | None:
        with lock:
            if next_i[0] >= n or time.monotonic() > deadline:
                return None
            next_i[0] += 1
            return next_i[0] - 1

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while (i := take()) is not None:
            body, expected = items[i % len(items)]
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                res = conn.getresponse()
                data = res.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    counts["conn_errors"] += 1
                continue
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if res.status >= 500:
                    counts["5xx"] += 1
                elif expected is None:
                    counts["refused" if res.status == 422 else "wrong"] += 1
                else:
                    counts["ok" if res.status == 200 and data == expected else "wrong"] += 1
        conn.close()

    c0, t0 = time.process_time(), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 30)
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return {"n": len(lat), "wall": wall, "client_cpu": time.process_time() - c0, **counts,
            "rps": len(lat) / wall if wall else 0.0,
            "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
            "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests per scenario (default 2000)")
    ap.add_argument("--seconds", type=float, default=20.0, help="time limit per scenario (default 20)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive connections (default 8)")
    ap.add_argument("--workers", default="1,2", help="worker counts to try (default 1,2)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",")]

    rules = default_rules()
    profiles = bp.profiles(max(200, min(args.requests, 2000)), args.seed)
    rec_items: list[tuple[bytes, bytes | None]] = []
    for i, p in enumerate(profiles):
        rec_items.append((json.dumps(p).encode(), recommend(p, rules).model_dump_json().encode()))
        if i % 4 == 3:
            rec_items.append((BAD[i % len(BAD)], None))
    cds_items: list[tuple[bytes, bytes | None]] = []
    for i, pf in enumerate(_prefetches() * 25):
        hook = str(uuid.UUID(int=i))
        data = {k: v for k, v in pf.items() if v is not None}
        expected = CdsResponse(cards=tuple(cards_for(recommend_fhir(data, rules=rules), hook_instance=hook)))
        body = {"hook": "patient-view", "hookInstance": hook, "context": {"patientId": "p1"}, "prefetch": pf}
        cds_items.append((json.dumps(body).encode(), expected.model_dump_json(exclude_none=True).encode()))

    valid = [json.loads(b) for b, e in rec_items if e is not None]
    base_rec = bt.per_call_us(lambda p: recommend(p, rules), valid)
    cds_data = [json.loads(b)["prefetch"] for b, _ in cds_items]

    def hook_in_process(pf: dict[str, Any]) -> object:
        data = {k: v for k, v in pf.items() if v is not None}
        return cards_for(recommend_fhir(data, rules=rules), hook_instance="h")

    base_cds = bt.per_call_us(hook_in_process, cds_data)
    print(bt.machine())
    print(f"bench_service: {args.requests} requests or {args.seconds:.0f} s per scenario, {args.clients} "
          f"client connections, {len(os.sched_getaffinity(0))} usable CPU(s), loopback only")
    print(f"  baseline in-process: recommend() {base_rec:.0f} us/call (= {1e6 / base_rec:.0f}/s on one core); "
          f"recommend_fhir() + cards {base_cds:.0f} us/call (= {1e6 / base_cds:.0f}/s)")
    all_right = True
    for workers in worker_counts:
        with _server(workers) as port:
            for name, path, items, base in (("/v1/recommend (mixed 1 in 5 invalid)", "/v1/recommend", rec_items,
                                             base_rec),
                                            ("CDS hook patient-view", f"/cds-services/{CDS_SERVICE_ID}",
                                             cds_items, base_cds)):
                r = _drive(port, path, items, args.requests, args.seconds, args.clients)
                right = r["wrong"] == 0 and r["5xx"] == 0 and r["conn_errors"] == 0
                all_right &= right
                print(f"  workers={workers} {name}: {r['n']} requests in {r['wall']:.2f} s = "
                      f"{r['rps']:.0f} req/s, "
                      f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms; "
                      f"{r['rps'] * base / 1e6:.2f}x one core of in-process calls; "
                      f"p50 = {1000 * r['p50_ms'] / base:.1f}x one in-process call; "
                      f"client CPU {r['client_cpu']:.1f} s")
                print(f"    answers: {r['ok']} exactly the library's, {r['refused']} invalid refused with 422, "
                      f"{r['wrong']} wrong, {r['5xx']} 5xx, {r['conn_errors']} connection errors "
                      f"[{bt.verdict(right)}]")
    print(f"  every answer the library's and zero 5xx: {bt.verdict(all_right)}")
    print(f"  {bt.cpu_share()}")


if __name__ == "__main__":
    main()
