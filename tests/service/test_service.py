"""`ftcomply serve` as its clients meet it: real HTTP on loopback, a real server, real clients.

One server (uvicorn in a background thread, on a free port of 127.0.0.1) serves
most tests; `ftcomply serve` itself runs as a subprocess where start-up,
worker processes and refusals are the point. Every socket wait is bounded.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import regorus
import requests
import uvicorn
from opa_client import OpaClient
from support import AS_OF, DECLARED_EXAMPLE_PATHS, EXAMPLES, ROOT

from ftcomply.catalogview import controls_json
from ftcomply.config import Config
from ftcomply.evaluate import envelope
from ftcomply.loader import MAX_FILE_NODES, load_documents
from ftcomply.output.json import report_dict
from ftcomply.pipeline import CheckOptions, run_check
from ftcomply.service import auth
from ftcomply.service.app import Limits, create_app
from ftcomply.service.opa import DataError
from ftcomply.service.opa import _parse as parse_data_body
from ftcomply.service.server import ServeSettings, server_options

TOKEN = "test-token-0123456789abcdef"
BODY_LIMIT = 32 * 1024
CLIENT_TIMEOUT = 2.0  # the server's; every client wait below is far longer
WAIT = 30.0
LATER = "2028-06-01T00:00:00Z"  # the compliant example's red-team evidence is stale by then
# The fixed AS_OF and LATER stay inside the served as_of window for years to come.
AS_OF_AHEAD = dt.timedelta(days=4000)
AS_OF_BEHIND = dt.timedelta(days=4000)
SUMMARY_INTERVAL = 0.5
COMPLIANT = (EXAMPLES / "compliant-high-lora.yaml").read_bytes()
FAILING = (EXAMPLES / "failing-multi-phase.yaml").read_bytes()
MINIMAL = (EXAMPLES / "minimal-low.yaml").read_bytes()
PEER_CAP = Limits.max_connections_per_peer


def alias_documents(count: int) -> bytes:
    """`count` documents of 90,123 nodes each once aliases are expanded, 170 bytes each:
    under the 100,000 nodes of one document, over the budget of a request together."""
    lines = ["a: &a [0,0,0,0,0,0,0,0,0,0]"]
    for name, previous in zip("bcd", "abc", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    lines.append("e: [" + ",".join(["*d"] * 7) + "]")
    return "---\n".join(["\n".join(lines) + "\n"] * count).encode()


BILLION_LAUGHS = b"a: &a [1,1,1,1,1,1,1,1,1,1]\n" + b"".join(
    f"b{i}: &b{i} [{','.join(['*a' if i == 0 else f'*b{i - 1}'] * 10)}]\n".encode()
    for i in range(7))


@dataclass(frozen=True)
class Service:
    base: str
    port: int
    decision_log: Path


@pytest.fixture(scope="module")
def service(catalog, tmp_path_factory) -> Iterator[Service]:
    log_path = tmp_path_factory.mktemp("service") / "decisions.jsonl"
    limits = Limits(max_body_bytes=BODY_LIMIT, client_timeout=CLIENT_TIMEOUT,
                    max_as_of_ahead=AS_OF_AHEAD, max_as_of_behind=AS_OF_BEHIND,
                    summary_interval=SUMMARY_INTERVAL)
    # Engines other tests compiled on this thread and left in reference cycles must be
    # freed here: a collection on the evaluation thread would drop them on the wrong thread.
    gc.collect()
    with open(log_path, "a", encoding="utf-8") as log:
        app = create_app(catalog, Config(), TOKEN, log, limits)
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning",
                                               **server_options(limits)))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]},
                                  daemon=True)
        thread.start()
        deadline = time.monotonic() + WAIT
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield Service(f"http://127.0.0.1:{port}", port, log_path)
        server.should_exit = True
        thread.join(WAIT)


def post(service: Service, path: str, body: bytes, content_type: str | None = "application/yaml",
         token: str | None = TOKEN, **params: str) -> requests.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(service.base + path, data=body, headers=headers, params=params,
                         timeout=WAIT)


def as_json(yaml_bytes: bytes) -> bytes:
    return json.dumps(load_documents("x", yaml_bytes)[0].data).encode()


def descriptor(yaml_bytes: bytes) -> dict:
    return load_documents("x", yaml_bytes)[0].data


def connect(service: Service, source: str = "127.0.0.1") -> socket.socket:
    """A connection from `source`, any address of 127.0.0.0/8: the server sees it as the peer."""
    return socket.create_connection(("127.0.0.1", service.port), timeout=WAIT,
                                    source_address=(source, 0))


def raw_exchange(service: Service, data: bytes, source: str = "127.0.0.1") -> bytes:
    """Send bytes on a fresh connection; everything the server says until it closes."""
    with connect(service, source) as conn:
        conn.sendall(data)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


def head(path: str, *lines: str) -> bytes:
    return "\r\n".join([f"POST {path} HTTP/1.1", "Host: 127.0.0.1",
                        f"Authorization: Bearer {TOKEN}", *lines, "", ""]).encode()


# --- /v1/check --------------------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["application/yaml", "text/yaml", None])
def test_compliant_yaml_passes(service, content_type):
    response = post(service, "/v1/check", COMPLIANT, content_type, as_of=AS_OF)
    assert response.status_code == 200
    assert response.headers["X-Ftcomply-Verdict"] == "pass"
    report = response.json()
    assert report["summary"]["status"] == "pass"
    assert report["summary"]["exit_code"] == 0
    assert report["as_of"] == AS_OF
    assert report["documents"][0]["sha256"] == hashlib.sha256(COMPLIANT).hexdigest()


def test_compliant_json_passes(service):
    response = post(service, "/v1/check", as_json(COMPLIANT), "application/json", as_of=AS_OF)
    assert response.status_code == 200
    assert response.json()["summary"]["status"] == "pass"


def test_failing_example_is_200_with_verdict_fail_and_located_findings(service):
    response = post(service, "/v1/check", FAILING, as_of=AS_OF)
    assert response.status_code == 200
    assert response.headers["X-Ftcomply-Verdict"] == "fail"
    report = response.json()
    assert report["summary"]["exit_code"] == 1
    results = {r["control_id"]: r for r in report["documents"][0]["results"]}
    assert results["PRE-DATA-01"]["status"] == "fail"
    finding = results["PRE-DATA-01"]["findings"][0]
    assert finding["line"] == 24 and finding["column"] == 5  # as `ftcomply check` says


def test_schema_invalid_descriptor_is_422_with_lines(service):
    broken = MINIMAL.replace(b"risk_tier: low", b"risk_tier: extreme")
    response = post(service, "/v1/check", broken, as_of=AS_OF)
    assert response.status_code == 422
    assert response.headers["X-Ftcomply-Verdict"] == "error"
    report = response.json()
    assert report["summary"]["exit_code"] == 2
    [error] = report["documents"][0]["errors"]
    assert error["file"] == "<request>"
    assert error["path"] == "/metadata/risk_tier"
    assert error["line"] == MINIMAL.split(b"\n").index(b"  risk_tier: low") + 1


def test_one_bad_document_does_not_hide_the_others_but_the_answer_is_422(service):
    body = MINIMAL + b"\n---\n" + MINIMAL.replace(b"kind: FineTuningJob", b"kind: Job")
    response = post(service, "/v1/check", body, as_of=AS_OF)
    assert response.status_code == 422
    statuses = [d["status"] for d in response.json()["documents"]]
    assert statuses == ["pass", "error"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"apiVersion": "ftcomply/v1", "kind": ', "invalid YAML"),
        (b"", "file is empty"),
        (BILLION_LAUGHS, "alias expansion"),
        (b"a: !!python/object/apply:os.system ['echo pwned']\n", "unsupported YAML tag"),
    ],
    ids=["malformed-json", "empty", "billion-laughs", "python-tag"],
)
def test_unreadable_bodies_are_422_with_the_loaders_error(service, body, fragment):
    response = post(service, "/v1/check", body, "application/json", as_of=AS_OF)
    assert response.status_code == 422
    [error] = response.json()["documents"][0]["errors"]
    assert fragment in error["message"]


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("sarif", "application/sarif+json"), ("junit", "application/xml"),
     ("markdown", "text/markdown"), ("html", "text/html"), ("oscal", "application/json"),
     ("text", "text/plain")],
)
def test_other_formats_with_their_media_types(service, fmt, media_type):
    response = post(service, "/v1/check", FAILING, as_of=AS_OF, format=fmt)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.headers["X-Ftcomply-Verdict"] == "fail"
    text = response.text
    if fmt == "sarif":
        assert response.json()["version"] == "2.1.0"
    elif fmt == "junit":
        assert ET.fromstring(response.content).tag == "testsuites"
    elif fmt == "oscal":
        assert "assessment-results" in response.json()
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    else:
        assert "PRE-DATA-01" in text


def test_as_of_decides_freshness(service):
    now = post(service, "/v1/check", COMPLIANT, as_of=AS_OF).json()
    later = post(service, "/v1/check", COMPLIANT, as_of=LATER).json()
    assert now["summary"]["status"] == "pass"
    assert later["summary"]["status"] == "fail"
    assert later["as_of"] == LATER
    failed = {r["control_id"] for r in later["documents"][0]["results"]
              if r["status"] == "fail"}
    assert "POST-RT-01" in failed


@pytest.mark.parametrize(
    "params",
    [{"format": "github"}, {"format": "pdf"}, {"as_of": "yesterday"},
     {"as_of": "2026-11-26T00:00:00"}, {"as_of": ""}, {"fail_on": "high"}],
    ids=["github", "pdf", "bad-as-of", "no-offset", "empty-as-of", "unknown"],
)
def test_bad_query_parameters_are_400(service, params):
    response = post(service, "/v1/check", MINIMAL, **params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"
    assert next(iter(params)) in response.json()["message"]


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded",
                                          "multipart/form-data", "text/yaml; charset=latin-1"])
def test_unsupported_content_types_are_415(service, content_type):
    response = post(service, "/v1/check", MINIMAL, content_type)
    assert response.status_code == 415
    assert "application/yaml" in response.json()["message"]


# --- catalog and health -----------------------------------------------------------------

def test_controls_are_the_catalog_as_json(service, catalog):
    response = requests.get(service.base + "/v1/controls",
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=WAIT)
    assert response.status_code == 200
    assert response.json() == json.loads(controls_json(catalog, catalog.parameter_values()))


def test_healthz_is_open_and_names_the_catalog(service, catalog):
    response = requests.get(service.base + "/healthz", timeout=WAIT)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["catalog_digest"] == catalog.digest


def test_unknown_endpoint_and_wrong_method_answer_in_json(service):
    missing = requests.get(service.base + "/v1/nothing", timeout=WAIT)
    assert missing.status_code == 404 and missing.json()["code"] == "resource_not_found"
    wrong = requests.get(service.base + "/v1/check", timeout=WAIT)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"


# --- authentication ---------------------------------------------------------------------

@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdef", TOKEN[:-1], ""])
def test_missing_or_wrong_token_is_401(service, token):
    for path in ("/v1/check", "/v1/data/ftcomply/check"):
        response = post(service, path, MINIMAL, token=token)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthorized"
    controls = requests.get(service.base + "/v1/controls", timeout=WAIT,
                            headers={"Authorization": f"Bearer {token}"} if token else {})
    assert controls.status_code == 401


def test_the_scheme_is_case_insensitive_and_the_compare_constant_time(service, monkeypatch):
    compared = []
    original = auth.hmac.compare_digest

    def spy(a, b):
        compared.append((len(a), len(b)))
        return original(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    response = requests.get(service.base + "/v1/controls", timeout=WAIT,
                            headers={"Authorization": f"bearer {TOKEN}"})
    assert response.status_code == 200
    assert post(service, "/v1/check", MINIMAL, token="x").status_code == 401
    # Both answers came from hmac.compare_digest, over digests of equal length.
    assert compared == [(32, 32), (32, 32)]


# --- limits -----------------------------------------------------------------------------

def test_declared_oversize_body_is_413_before_it_is_read(service):
    answer = raw_exchange(service, head("/v1/check", "Content-Type: application/yaml",
                                        f"Content-Length: {BODY_LIMIT + 1}"))
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"request_too_large" in answer


def test_streamed_oversize_body_is_413(service):
    chunk = b"x" * (BODY_LIMIT + 1)
    body = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n0\r\n\r\n"
    answer = raw_exchange(service, head("/v1/check", "Content-Type: application/yaml",
                                        "Transfer-Encoding: chunked") + body)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_client_that_sends_headers_then_stalls_gets_408_and_is_cut_off(service):
    answer = raw_exchange(service, head("/v1/check", "Content-Type: application/yaml",
                                        "Content-Length: 100"))
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_client_that_never_finishes_its_headers_is_cut_off(service):
    answer = raw_exchange(service, b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert answer == b""  # closed by the server, nothing to answer


def test_concurrent_requests_get_independent_answers(service):
    cases = [(COMPLIANT, AS_OF, "pass"), (COMPLIANT, LATER, "fail"), (FAILING, AS_OF, "fail"),
             (MINIMAL, AS_OF, "pass")] * 3

    def ask(case):
        body, as_of, _ = case
        return post(service, "/v1/check", body, as_of=as_of).json()

    with ThreadPoolExecutor(len(cases)) as pool:
        reports = list(pool.map(ask, cases))
    for (body, as_of, verdict), report in zip(cases, reports, strict=True):
        assert report["summary"]["status"] == verdict
        assert report["as_of"] == as_of
        assert report["documents"][0]["sha256"] == hashlib.sha256(body).hexdigest()


def test_a_body_over_the_node_budget_is_413_counted_before_anything_is_built(service):
    """Twelve documents of 90,123 nodes, 2 KB: each under the per-document cap, over the
    request's budget together. Building them took 4 s (a hundred of them, 37 s and
    1.8 GB, with the service blocked); the composed graph is counted in milliseconds."""
    body = alias_documents(12)
    started = time.monotonic()
    response = post(service, "/v1/check", body, as_of=AS_OF)
    elapsed = time.monotonic() - started
    assert response.status_code == 413
    answer = response.json()
    assert answer["code"] == "request_too_large"
    assert f"more than {MAX_FILE_NODES} nodes in all documents" in answer["message"]
    [error] = answer["errors"]
    assert error["location"]["file"] == "<request>"
    assert error["location"]["row"] > body.count(b"\n") * 11 // 12  # in the 12th document
    assert elapsed < 2.0
    assert decisions(service)[response.headers["X-Request-Id"]]["status"] == 413


def test_data_api_body_over_its_node_budget_is_413():
    body = json.dumps({"input": {"descriptor": descriptor(MINIMAL)}}).encode()
    assert parse_data_body(body, max_nodes=1000) is not None
    with pytest.raises(DataError) as refused:
        parse_data_body(body, max_nodes=50)
    assert (refused.value.status, refused.value.code) == (413, "request_too_large")
    assert "more than 50 nodes" in refused.value.message


LONE_SURROGATE_JOB = json.dumps({**descriptor(MINIMAL), "x-note": "\ud800"}).encode()


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text"])
def test_a_lone_surrogate_is_a_located_422_not_a_500(service, fmt):
    assert b'"x-note": "\\ud800"' in LONE_SURROGATE_JOB
    response = post(service, "/v1/check", LONE_SURROGATE_JOB, "application/json", as_of=AS_OF,
                    format=fmt)
    assert response.status_code == 422
    assert response.headers["X-Ftcomply-Verdict"] == "error"
    column = LONE_SURROGATE_JOB.index(b"\\ud800") + 1
    if fmt == "json":
        [error] = response.json()["documents"][0]["errors"]
        assert (error["file"], error["line"], error["column"]) == ("<request>", 1, column)
        assert error["message"].startswith("lone surrogate \\ud800 in a string")
    else:
        assert "lone surrogate" in response.text


def test_a_lone_surrogate_in_the_data_api_is_a_located_400(service):
    job = {**descriptor(MINIMAL), "x-note": "\udc00"}
    body = json.dumps({"input": {"descriptor": job, "as_of": AS_OF}}).encode()
    response = post(service, "/v1/data/ftcomply/check", body, "application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["location"]["row"] == 1 and "lone surrogate" in error["message"]


# --- connections ------------------------------------------------------------------------

def test_one_peer_cannot_starve_the_others_with_idle_connections(service):
    """64 idle connections from one address used to fill every slot: /healthz and every
    request got 503 for as long as they were re-opened. One address holds at most 16;
    the rest are refused at once, and everyone else is still served."""
    idle = [connect(service, "127.0.0.3") for _ in range(64)]
    try:
        refused, waiting = [], list(idle)
        until = time.monotonic() + 0.5  # well within the 2 s head deadline
        while waiting and (left := until - time.monotonic()) > 0:
            readable, _, _ = select.select(waiting, [], [], left)
            for conn in readable:
                refused.append(conn.recv(65536))
                waiting.remove(conn)
        health = requests.get(service.base + "/healthz", timeout=WAIT)
        check = post(service, "/v1/check", MINIMAL, as_of=AS_OF)
        assert health.status_code == 200
        assert check.status_code == 200
        assert len(refused) == 64 - PEER_CAP
        for answer in refused:
            assert answer.startswith(b"HTTP/1.1 503 ")
            assert b'"code": "too_many_connections"' in answer
    finally:
        for conn in idle:
            conn.close()
    # Closed connections no longer count: the address is served again.
    deadline = time.monotonic() + WAIT
    while not (answer := raw_exchange(service, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                      b"Connection: close\r\n\r\n", "127.0.0.3")
               ).startswith(b"HTTP/1.1 200 "):
        assert time.monotonic() < deadline, answer
        time.sleep(0.1)


# --- decision log -----------------------------------------------------------------------

def log_lines(service: Service) -> list[dict]:
    return [json.loads(line)
            for line in service.decision_log.read_text(encoding="utf-8").splitlines()]


def decisions(service: Service) -> dict[str, dict]:
    return {entry["request_id"]: entry for entry in log_lines(service) if "event" not in entry}


def test_decision_log_names_caller_input_verdict_and_catalog_never_content(service, catalog):
    marker = b"decision-log-marker-job"
    body = FAILING.replace(b"name: ", b"name: " + marker + b"-", 1)
    response = post(service, "/v1/check", body, as_of=AS_OF)
    refused = post(service, "/v1/check", body, token="wrong-token-0123456789abcdef")
    entries = decisions(service)
    entry = entries[response.headers["X-Request-Id"]]
    assert entry["caller"] == {"token_id": hashlib.sha256(TOKEN.encode()).hexdigest()[:8],
                               "remote_addr": "127.0.0.1"}
    assert entry["endpoint"] == "/v1/check"
    assert entry["status"] == 200
    assert entry["input_sha256"] == hashlib.sha256(body).hexdigest()
    assert (entry["verdict"], entry["exit_code"], entry["as_of"]) == ("fail", 1, AS_OF)
    assert entry["catalog_digest"] == catalog.digest
    assert entry["duration_ms"] >= 0
    assert dt.datetime.fromisoformat(entry["time"]).tzinfo is not None
    assert entry["time"].endswith("Z")
    assert refused.status_code == 401 and "X-Request-Id" not in refused.headers
    assert all(e["status"] != 401 and e["caller"]["token_id"] for e in entries.values())
    text = service.decision_log.read_text(encoding="utf-8")
    assert marker.decode() not in text
    assert TOKEN not in text and "wrong-token" not in text


def test_unauthorized_requests_are_counted_in_summary_lines_not_logged_one_by_one(service):
    """Anyone can send requests with a wrong token, as fast as they like: one line each
    would let them fill the disk. They are counted by address, one summary line per
    interval."""
    before = len(decisions(service))
    wrong = "Authorization: Bearer wrong-token-0123456789abcdef"
    for request in [
        f"POST /v1/check HTTP/1.1\r\nHost: x\r\n{wrong}\r\nContent-Length: 0\r\n",
        "POST /v1/data/ftcomply HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n",
        f"GET /v1/controls HTTP/1.1\r\nHost: x\r\n{wrong}\r\n",
    ]:
        answer = raw_exchange(service, (request + "Connection: close\r\n\r\n").encode(),
                              "127.0.0.4")
        assert answer.startswith(b"HTTP/1.1 401 ")
        assert b"x-request-id" not in answer.lower()
    deadline = time.monotonic() + WAIT
    while True:
        summaries = [line for line in log_lines(service) if line.get("event") == "unauthorized"]
        if sum(line["remote_addrs"].get("127.0.0.4", 0) for line in summaries) >= 3:
            break
        assert time.monotonic() < deadline, summaries
        time.sleep(SUMMARY_INTERVAL / 2)
    assert sum(line["remote_addrs"].get("127.0.0.4", 0) for line in summaries) == 3
    for line in summaries:
        assert set(line) == {"time", "event", "since", "count", "remote_addrs"}
        assert line["count"] == sum(line["remote_addrs"].values())
        assert line["since"] <= line["time"]
    assert len(decisions(service)) == before  # no decision line for any of them


# --- as_of ------------------------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "bound"), [("9999-12-31", "ahead"),
                                              ("1970-01-01T00:00:00Z", "behind")])
def test_as_of_outside_the_served_window_is_400_naming_the_bound(service, as_of, bound):
    response = post(service, "/v1/check", MINIMAL, as_of=as_of)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"
    message = response.json()["message"]
    assert f"more than 4000 days {bound}" in message
    assert f"--max-as-of-{bound}" in message
    job = {"input": {"descriptor": descriptor(MINIMAL), "as_of": as_of}}
    data = post(service, "/v1/data/ftcomply/check", json.dumps(job).encode(),
                "application/json")
    assert data.status_code == 400
    assert data.json()["message"].startswith("input.as_of ")
    assert f"--max-as-of-{bound}" in data.json()["message"]


def test_the_default_as_of_window_is_a_day_ahead_and_a_year_behind():
    window = Limits().as_of_window
    now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    assert window.problem("as_of", "2026-12-03T12:00:00Z", now) is None
    assert window.problem("as_of", "2026-12-03T12:00:01Z", now) == (
        "as_of 2026-12-03T12:00:01Z is more than 1 day ahead of the server clock "
        "(2026-12-02T12:00:00Z); this service accepts as_of from 365 days behind to 1 day "
        "ahead (--max-as-of-ahead)")
    assert window.problem("as_of", "2025-12-02T12:00:00Z", now) is None
    assert "more than 365 days behind" in window.problem("as_of", "2025-12-02T11:59:59Z", now)


def test_serve_settings_become_the_limits():
    limits = ServeSettings(max_nodes=5, max_connections=8, max_connections_per_peer=0,
                           max_as_of_ahead_days=0.5, max_as_of_behind_days=30).limits()
    assert (limits.max_nodes, limits.max_connections, limits.max_connections_per_peer) == (
        5, 8, 0)
    assert limits.as_of_window.ahead == dt.timedelta(hours=12)
    assert limits.as_of_window.behind == dt.timedelta(days=30)
    assert ServeSettings().limits() == Limits()


# --- OPA's Data API ---------------------------------------------------------------------

def embedded_runner_result(catalog, job: dict, as_of: str):
    """What the embedded engine answers for `data.ftcomply.runner.result`."""
    engine = regorus.Engine()
    for module in [*(m for m in catalog.modules if not m.is_test), catalog.runner_module()]:
        engine.add_policy(module.name, module.text)
    engine.add_data_json(json.dumps({"ftcomply": {"params": catalog.parameter_values()}}))
    engine.set_input_json(json.dumps(envelope(job, as_of)))
    return json.loads(engine.eval_rule_as_json("data.ftcomply.runner.result"))


@pytest.fixture
def opa(service) -> Iterator[OpaClient]:
    client = OpaClient(host="127.0.0.1", port=service.port, token=TOKEN, timeout=WAIT)
    yield client
    client.close_connection()


@pytest.mark.parametrize("example", [COMPLIANT, FAILING, MINIMAL],
                         ids=["compliant", "failing", "minimal"])
def test_opa_client_gets_the_embedded_engines_runner_result(opa, catalog, example):
    job = descriptor(example)
    answer = opa.query_rule({"descriptor": job, "as_of": AS_OF}, "ftcomply.runner", "result")
    assert answer["result"] == embedded_runner_result(catalog, job, AS_OF)


def test_opa_client_reads_the_report_params_and_single_rules(opa, catalog):
    job = {"descriptor": descriptor(FAILING), "as_of": AS_OF}
    assert opa.check_health()
    report = opa.query_rule(job, "ftcomply", "check")["result"]
    assert report["summary"]["status"] == "fail"
    assert report["as_of"] == AS_OF
    assert opa.query_rule(job, "ftcomply", "params")["result"] == catalog.parameter_values()
    findings = opa.query_rule(job, "ftcomply.runner.deny", "PRE-DATA-01")["result"]
    assert findings and all({"msg", "path"} <= set(f) for f in findings)
    later = opa.query_rule({"descriptor": descriptor(COMPLIANT), "as_of": LATER},
                           "ftcomply.runner.deny", "POST-RT-01")["result"]
    assert later  # input.as_of reaches the policies


def test_undefined_paths_answer_without_result_as_opa_does(opa):
    job = {"descriptor": descriptor(MINIMAL), "as_of": AS_OF}
    for package, rule in [("ftcomply.runner", "nothing"), ("other", "rule"),
                          ("ftcomply.runner.deny", "NOPE-01")]:
        answer = opa.query_rule(job, package, rule)
        assert "result" not in answer
        assert answer["decision_id"]


def test_opa_pretty_and_metrics_are_accepted(opa):
    job = {"descriptor": descriptor(MINIMAL), "as_of": AS_OF}
    answer = opa.query_rule(job, "ftcomply", "params",
                            query_params={"pretty": True, "metrics": True})
    assert answer["metrics"]["timer_server_handler_ns"] > 0


def test_opa_client_with_a_wrong_token_is_refused(service):
    client = OpaClient(host="127.0.0.1", port=service.port, token="x" * 20, timeout=WAIT)
    with pytest.raises(requests.HTTPError) as refused:
        client.query_rule({"descriptor": descriptor(MINIMAL)}, "ftcomply", "check")
    assert refused.value.response.status_code == 401


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"input": {"descriptor": ', "not valid JSON or YAML"),
        (b'{"input": {}}', "input.descriptor is required"),
        (b'[1, 2]', "one object"),
        (json.dumps({"input": {"descriptor": descriptor(MINIMAL), "as_of": "soon"}}).encode(),
         "input.as_of"),
    ],
    ids=["malformed", "no-descriptor", "not-an-object", "bad-as-of"],
)
def test_data_api_refuses_bad_input_in_opas_error_shape(service, body, fragment):
    response = post(service, "/v1/data/ftcomply/runner/result", body, "application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"
    assert fragment in response.json()["message"]


def test_data_api_refuses_a_schema_invalid_descriptor_with_rows(service):
    job = descriptor(MINIMAL)
    job["metadata"]["risk_tier"] = "extreme"
    body = json.dumps({"input": {"descriptor": job}}, indent=2).encode()
    response = post(service, "/v1/data/ftcomply/runner/result", body, "application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["pointer"] == "/metadata/risk_tier"
    row = next(i for i, line in enumerate(body.decode().splitlines(), 1)
               if '"risk_tier"' in line)
    assert error["location"] == {"file": "<request>", "row": row, "col": 9}


def test_data_api_rejects_opa_options_it_does_not_implement(service):
    body = json.dumps({"input": {"descriptor": descriptor(MINIMAL)}}).encode()
    response = post(service, "/v1/data/ftcomply/check", body, "application/json",
                    explain="full")
    assert response.status_code == 400
    assert "explain" in response.json()["message"]


def test_the_opa_engine_can_use_the_service_as_its_server(service, catalog, examples_report):
    """`ftcomply check --engine opa` against the service: the embedded engine's report."""
    from ftcomply.engine import EngineSettings

    settings = EngineSettings("opa", opa_url=service.base, opa_token=TOKEN, opa_timeout=WAIT)
    options = CheckOptions(paths=DECLARED_EXAMPLE_PATHS, as_of=AS_OF, engine=settings)
    report = run_check(catalog, options)
    embedded = report_dict(examples_report)
    assert report_dict(report)["documents"] == embedded["documents"]
    assert report.info.engine.startswith("opa ftcomply")


# --- ftcomply serve, the command --------------------------------------------------------

def serve_command(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != auth.TOKEN_ENV}
    return subprocess.Popen([sys.executable, "-m", "ftcomply", "serve", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**environment, **(env or {})})


def test_refuses_to_listen_beyond_loopback_without_a_token():
    process = serve_command("--host", "0.0.0.0", "--port", "0")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "refusing to listen on 0.0.0.0 without a token" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("content", "fragment"), [("short", "shorter than 16"),
                                                   ("two words here-xxxxxx", "one word")])
def test_a_weak_or_malformed_token_is_refused(tmp_path, content, fragment):
    token_file = tmp_path / "token"
    token_file.write_text(content + "\n")
    process = serve_command("--port", "0", "--token-file", str(token_file))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert fragment in stderr


def test_a_fifo_as_token_file_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "token"
    os.mkfifo(fifo)
    process = serve_command("--port", "0", "--token-file", str(fifo))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert f"{fifo}: cannot read token file: not a regular file: a FIFO" in stderr


@pytest.mark.parametrize(("option", "value"), [("--max-nodes", "0"),
                                               ("--max-connections-per-peer", "-1"),
                                               ("--max-as-of-ahead", "-1"),
                                               ("--max-as-of-behind", "1e12")])
def test_serve_refuses_limits_out_of_range(option, value):
    process = serve_command("--port", "0", option, value)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert option in stderr
    assert "Traceback" not in stderr


def test_serve_with_worker_processes_answers_with_the_config_and_logs(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    config = tmp_path / "ftcomply.yaml"
    config.write_text("disable: [PRE-DATA-01]\n")
    log = tmp_path / "decisions.jsonl"
    process = serve_command("--port", "0", "--workers", "2", "--token-file", str(token_file),
                            "--config", str(config), "--decision-log", str(log),
                            "--max-nodes", "5000", "--max-as-of-ahead", "4000",
                            "--max-as-of-behind", "4000", "--max-connections-per-peer", "8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr],
                     daemon=True).start()
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if found := re.search(r"serving on http://127\.0\.0\.1:(\d+)", line):
                port = int(found.group(1))
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/yaml"}
        answers = []
        while len(answers) < 4 and time.monotonic() < deadline:
            try:
                answers.append(requests.post(f"{base}/v1/check?as_of={AS_OF}", data=FAILING,
                                             headers=headers, timeout=WAIT))
            except requests.ConnectionError:  # workers still starting
                time.sleep(0.2)
        assert [a.status_code for a in answers] == [200] * 4
        for answer in answers:
            results = {r["control_id"]: r for r in answer.json()["documents"][0]["results"]}
            assert results["PRE-DATA-01"]["status"] == "disabled"
        # The serve options reach the worker processes.
        budget = requests.post(f"{base}/v1/check?as_of={AS_OF}", data=alias_documents(1),
                               headers=headers, timeout=WAIT)
        assert budget.status_code == 413
        assert "more than 5000 nodes" in budget.json()["message"]
        late = requests.post(f"{base}/v1/check?as_of=9999-12-31", data=FAILING,
                             headers=headers, timeout=WAIT)
        assert late.status_code == 400 and "4000 days ahead" in late.json()["message"]
        answers += [budget, late]
        logged = [json.loads(line) for line in log.read_text().splitlines()]
        assert {e["request_id"] for e in logged} == {a.headers["X-Request-Id"] for a in answers}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
