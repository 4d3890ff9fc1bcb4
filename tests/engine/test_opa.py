"""OPA bundles and the OPA server engine: same verdicts as the embedded engine, or exit 2.

Two kinds of server, both on 127.0.0.1 and stopped after each test:
- `tests/engine/opa_server.py`: OPA's own Go evaluator (opa-golib-python-bindings)
  behind OPA's REST API, so the differential tests compare regorus with OPA's
  real Rego semantics. No `opa` binary can be installed here; see that file
  for what the stand-in does and does not prove.
- `Scripted`: a few lines of http.server that fail on purpose (hang, HTTP 500,
  undefined or malformed decisions, another catalog), to pin down the
  messages and exit codes of every failure.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, DECLARED_EXAMPLE_PATHS, DECLARED_EXAMPLES, EXAMPLES, ROOT, run_cli

from ftcomply import __version__
from ftcomply.bundle import build_bundle, policy_files, revision
from ftcomply.engine import EngineSettings
from ftcomply.loader import load_documents, read_source
from ftcomply.output.json import report_dict
from ftcomply.pipeline import CheckOptions, run_check

MINIMAL = str(EXAMPLES / "minimal-low.yaml")
FAILING = str(EXAMPLES / "failing-multi-phase.yaml")

USER_CONTROL = """\
# METADATA
# title: Owner is a team alias
# custom:
#   id: ORG-OWN-01
#   phase: governance
#   severity: low
#   tiers: [low, medium, high]
package ftcomply.controls.org_own_01

import data.org.naming

deny contains {"msg": "owner is not a team alias", "path": "/metadata/owner"} if {
	not naming.team_alias(input.descriptor.metadata.owner)
}
"""

USER_LIBRARY = """\
package org.naming

team_alias(owner) if startswith(owner, "ml-")
"""

# Two complete definitions that disagree: OPA stops evaluation with a conflict error.
BROKEN_CONTROL = """\
# METADATA
# title: Broken on purpose
# custom:
#   id: ORG-BAD-01
#   phase: governance
#   severity: low
package ftcomply.controls.org_bad_01

level := 1 if input.descriptor
level := 2 if input.descriptor

deny contains {"msg": "never", "path": ""} if level == 3
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def check(*args: str):
    return run_cli("check", "--as-of", AS_OF, "--no-color", *args)


def assert_exit_2(result, fragment: str) -> None:
    """Exit 2 (never 0), the fragment on stderr, one line per error, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert fragment in result.stderr, result.stderr
    assert all(line.startswith("ftcomply: error: ") for line in result.stderr.splitlines())


def comparable(report) -> dict[str, Any]:
    """The JSON report without the one field that names the engine."""
    data = report_dict(report)
    del data["tool"]["engine"]
    return data


def assert_same_verdicts(embedded: dict[str, Any], served: dict[str, Any]) -> None:
    """Identical reports; on failure, name the first documents and controls that differ."""
    if embedded == served:
        return
    differences = []
    for ours, theirs in zip(embedded["documents"], served["documents"], strict=True):
        for a, b in zip(ours.get("results", []), theirs.get("results", []), strict=True):
            if a != b:
                differences.append(f"{ours['path']} {a['control_id']}: regorus {a['status']} "
                                   f"{[f['message'] for f in a['findings']]} / opa {b['status']} "
                                   f"{[f['message'] for f in b['findings']]}")
        if ours.get("errors") != theirs.get("errors"):
            differences.append(f"{ours['path']}: {ours.get('errors')} / {theirs.get('errors')}")
    shown = "\n".join(differences[:12])
    pytest.fail(f"OPA and regorus disagree ({len(differences)} differences):\n{shown}")


# -- servers ----------------------------------------------------------------------------


@pytest.fixture
def real_opa() -> Iterator[Callable[[Path | None], str]]:
    """Start the OPA stand-in (optionally with a bundle); returns its base URL."""
    try:
        import opa_bindings  # noqa: F401
    except ImportError:
        why = ("needs opa-golib-python-bindings (OPA's Go evaluator): pip install "
               "--ignore-requires-python --no-deps opa-golib-python-bindings")
        if os.environ.get("CI"):  # the differential tests must not vanish from CI
            pytest.fail(why)
        pytest.skip(why)
    started: list[subprocess.Popen[str]] = []

    def start(bundle: Path | None = None) -> str:
        command = [sys.executable, str(ROOT / "tests" / "engine" / "opa_server.py")]
        process = subprocess.Popen(command + (["--bundle", str(bundle)] if bundle else []),
                                   stdout=subprocess.PIPE, text=True)
        started.append(process)
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("listening on "), f"OPA stand-in did not start: {line!r}"
        return "http://" + line.split()[-1]

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def writes(url: str) -> int:
    """How many changes the stand-in accepted (its test-only counter)."""
    import requests

    return requests.get(f"{url}/_test/writes", timeout=5).json()["writes"]


def policy_ids(url: str) -> list[str]:
    import requests

    return [p["id"] for p in requests.get(f"{url}/v1/policies", timeout=5).json()["result"]]


class Scripted:
    """An OPA that answers the compile-time questions for `catalog` and `params` as told,
    and the decision query with `decision(body) -> (status, payload)`; `hang` makes
    every request (or only decisions, with hang="decision") wait until the test ends."""

    def __init__(self, catalog, params, decision=None, identity=None, hang: str | None = None):
        self.release = threading.Event()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        identity = identity or {"version": catalog.version, "digest": catalog.digest}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.requests.append(("POST", self.path, dict(self.headers)))
                is_decision = self.path.startswith("/v1/data/ftcomply/runner/result")
                if hang == "all" or (hang == "decision" and is_decision):
                    stub.release.wait(30)
                    return
                if self.path.startswith("/v1/data/ftcomply/runner/catalog"):
                    self.reply(200, {"result": identity, "provenance": {"version": "9.9.9"}})
                elif self.path.startswith("/v1/data/ftcomply/params"):
                    self.reply(200, {"result": params})
                elif is_decision and decision:
                    self.reply(*decision(json.loads(body)))
                else:
                    self.reply(404, {"code": "resource_not_found", "message": self.path})

            def reply(self, status: int, payload: Any) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def decisions(self) -> int:
        return sum(1 for _, path, _ in self.requests if "/runner/result" in path)

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted(catalog) -> Iterator[Callable[..., Scripted]]:
    servers: list[Scripted] = []

    def start(**behaviour: Any) -> Scripted:
        servers.append(Scripted(catalog, catalog.parameter_values(), **behaviour))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def embedded_answer(catalog) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    """A correct decision, computed by the embedded engine."""
    from ftcomply.engine.regorus_backend import RegorusEngine

    def answer(body: dict[str, Any]) -> tuple[int, Any]:
        # Compiled per request: a regorus engine must stay on the thread that made it.
        engine = RegorusEngine.compile(catalog, catalog.parameter_values())
        verdicts = engine.evaluate(body["input"])
        return 200, {"result": {"deny": verdicts.deny, "applicable": sorted(verdicts.applicable),
                                "not_applicable": verdicts.not_applicable,
                                "declared": verdicts.declared,
                                "catalog": {"version": catalog.version,
                                            "digest": catalog.digest}}}

    return answer


# -- descriptors ------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, child in items:
        yield (*prefix, key), child
        yield from _paths(child, (*prefix, key))


def _changed(document: Any, path: tuple[Any, ...], value: Any = None, delete: bool = False):
    result = copy.deepcopy(document)
    node = result
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result


def mutations(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every field removed in turn (where engines' handling of undefined differs), booleans
    flipped, numbers zeroed and multiplied, dates moved to the past, and every risk tier."""
    for path, value in _paths(document):
        yield _changed(document, path, delete=True)
        if isinstance(value, bool):
            yield _changed(document, path, not value)
        elif isinstance(value, int | float):
            yield _changed(document, path, 0)
            yield _changed(document, path, value * 10 + 1)
        elif isinstance(value, str) and value[:2] == "20" and value[4:5] == "-":
            yield _changed(document, path, "2001" + value[4:])  # long expired
    for tier in ("low", "medium", "high"):
        yield _changed(document, ("metadata", "risk_tier"), tier)


@pytest.fixture(scope="module")
def descriptors(tmp_path_factory) -> Path:
    """The examples and their mutations, one JSON file each."""
    directory = tmp_path_factory.mktemp("descriptors")
    count = 0
    for example in sorted(EXAMPLES.glob("*.yaml")):
        name, raw = read_source(str(example))
        for document in load_documents(name, raw):
            for variant in [document.data, *mutations(document.data)]:
                (directory / f"{example.stem}-{count:04d}.json").write_text(json.dumps(variant))
                count += 1
    return directory


@pytest.fixture(scope="module")
def embedded_report(catalog, descriptors) -> dict[str, Any]:
    """The embedded engine's report on the examples and their mutations."""
    return comparable(run_check(catalog, CheckOptions(
        paths=(*DECLARED_EXAMPLE_PATHS, str(descriptors)), as_of=AS_OF, jobs=2)))


# -- the bundle -------------------------------------------------------------------------


def members(bundle: bytes) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        return {m.name: m for m in tar.getmembers()}


def test_bundle_has_opas_layout_and_its_manifest_parses(catalog, tmp_path):
    output = tmp_path / "out" / "bundle.tar.gz"
    result = run_cli("bundle", "build", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert revision(catalog) in result.stdout

    with tarfile.open(output, mode="r:gz") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    unpacked = tmp_path / "unpacked"
    manifest = json.loads((unpacked / ".manifest").read_text())
    assert manifest["revision"] == f"{catalog.version}+{catalog.digest[7:19]}"
    assert manifest["roots"] == ["ftcomply"]
    assert manifest["rego_version"] == 1
    assert manifest["metadata"]["ftcomply"] == {
        "catalog_version": catalog.version, "catalog_digest": catalog.digest,
        "tool_version": __version__}
    assert json.loads((unpacked / "data.json").read_text()) == {
        "ftcomply": {"params": catalog.parameter_values()}}

    shipped = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    policies = {m.name for m in catalog.modules if not m.is_test}
    assert shipped == {".manifest", "data.json", "runner.rego", *policies}
    for module in catalog.modules:
        if not module.is_test:
            assert (unpacked / module.name).read_text() == module.text
    runner = (unpacked / "runner.rego").read_text()
    assert runner == catalog.runner_module().text and catalog.digest in runner


def test_bundle_bytes_are_deterministic(catalog, tmp_path):
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    for output in (first, second):
        assert run_cli("bundle", "build", "-o", str(output)).returncode == 0
    expected = build_bundle(catalog, catalog.parameter_values())
    assert first.read_bytes() == second.read_bytes() == expected
    assert gzip.decompress(first.read_bytes())  # a plain gzip stream
    for info in members(first.read_bytes()).values():
        assert (info.mtime, info.uid, info.gid, info.mode, info.isfile()) == (0, 0, 0, 0o644,
                                                                              True)
        assert info.name.startswith("/")  # as `opa build` writes them


def test_bundle_carries_config_params_and_user_policies(tmp_path):
    policies = write(tmp_path / "org", {"ORG-OWN-01.rego": USER_CONTROL})
    write(policies / "lib", {"naming.rego": USER_LIBRARY})
    (policies / "ORG-OWN-01_test.rego").write_text(
        "package ftcomply.controls.org_own_01_test\n\ntest_nothing if true\n")
    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_evidence_age_days: 7\n")
    output = tmp_path / "bundle.tar.gz"
    result = run_cli("bundle", "build", "--policies", str(policies), "--config", str(config),
                     "-o", str(output))
    assert result.returncode == 0, result.stderr

    names = members(output.read_bytes())
    assert {"/user/ORG-OWN-01.rego", "/user/lib/naming.rego"} <= set(names)
    assert not [n for n in names if n.endswith("_test.rego")]
    with tarfile.open(output, mode="r:gz") as tar:
        manifest = json.load(tar.extractfile("/.manifest"))
        data = json.load(tar.extractfile("/data.json"))
    assert manifest["roots"] == ["ftcomply", "org/naming"]
    assert data["ftcomply"]["params"]["max_evidence_age_days"] == 7


def test_bundle_build_errors_are_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert_exit_2(run_cli("bundle", "build", "-o", str(blocker / "bundle.tar.gz")),
                  "cannot write bundle")
    assert run_cli("bundle", "build").returncode == 2  # -o is required
    assert_exit_2(run_cli("bundle", "build", "--policies", str(tmp_path / "none"), "-o",
                          str(tmp_path / "b.tar.gz")), "policy directory not found")


# -- the same verdicts ------------------------------------------------------------------


def test_opa_bundle_gives_the_embedded_verdicts_on_examples_and_mutations(
        catalog, real_opa, descriptors, embedded_report, tmp_path):
    bundle = tmp_path / "bundle.tar.gz"
    bundle.write_bytes(build_bundle(catalog, catalog.parameter_values()))
    url = real_opa(bundle)
    served = run_check(catalog, CheckOptions(
        paths=(*DECLARED_EXAMPLE_PATHS, str(descriptors)), as_of=AS_OF,
        jobs=2,  # worker processes compile their own client
        engine=EngineSettings("opa", url)))
    assert served.info.engine.endswith(f"(bundle {revision(catalog)})")
    assert len(served.documents) > 300
    assert_same_verdicts(embedded_report, comparable(served))


def test_user_policies_and_config_give_the_same_verdicts_through_a_bundle(real_opa, tmp_path):
    policies = write(tmp_path / "org", {"ORG-OWN-01.rego": USER_CONTROL,
                                        "naming.rego": USER_LIBRARY})
    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_evidence_age_days: 7\n")
    bundle = tmp_path / "bundle.tar.gz"
    flags = ["--policies", str(policies), "--config", str(config)]
    assert run_cli("bundle", "build", *flags, "-o", str(bundle)).returncode == 0
    url = real_opa(bundle)

    embedded = check(*DECLARED_EXAMPLES, *flags, "-f", "json")
    served = check(*DECLARED_EXAMPLES, *flags, "-f", "json", "--engine", "opa", "--opa-url", url)
    assert served.returncode == embedded.returncode == 1, served.stderr
    ours, theirs = json.loads(embedded.stdout), json.loads(served.stdout)
    assert theirs["tool"].pop("engine").startswith("opa ")
    ours["tool"].pop("engine")
    assert_same_verdicts(ours, theirs)
    assert any(r["control_id"] == "ORG-OWN-01" for d in theirs["documents"]
               for r in d["results"])


def test_push_to_an_empty_server_once_then_the_same_verdicts(catalog, real_opa, descriptors,
                                                              tmp_path):
    url = real_opa(None)
    result = check(FAILING, MINIMAL, "-f", "json", "--engine", "opa", "--opa-url", url,
                   "--opa-push")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["tool"]["engine"].endswith(f"(catalog {revision(catalog)}, no bundle)")
    pushed = writes(url)
    assert pushed == len(policy_files(catalog)) + 1  # every module, and the parameters

    # A parallel run compiles in every worker; only the parent may push, and it finds the
    # server current. 40 files: enough for worker processes.
    batch = tmp_path / "batch"
    batch.mkdir()
    for path in sorted(descriptors.iterdir())[:40]:
        (batch / path.name).write_bytes(path.read_bytes())
    served = run_check(catalog, CheckOptions(paths=(str(batch),), as_of=AS_OF, jobs=2,
                                             engine=EngineSettings("opa", url, opa_push=True)))
    assert writes(url) == pushed
    embedded = run_check(catalog, CheckOptions(paths=(str(batch),), as_of=AS_OF))
    assert_same_verdicts(comparable(embedded), comparable(served))


def test_a_later_push_removes_what_an_earlier_one_left(catalog, real_opa, tmp_path):
    policies = write(tmp_path / "org", {"ORG-OWN-01.rego": USER_CONTROL,
                                        "naming.rego": USER_LIBRARY})
    url = real_opa(None)
    assert check(MINIMAL, "--policies", str(policies), "--engine", "opa", "--opa-url", url,
                 "--opa-push").returncode == 1
    assert "ftcomply/user/ORG-OWN-01.rego" in policy_ids(url)
    assert check(MINIMAL, "--engine", "opa", "--opa-url", url, "--opa-push").returncode == 0
    assert sorted(policy_ids(url)) == sorted(f"ftcomply/{p}" for p, _ in policy_files(catalog))


# -- never a pass on a missing answer ---------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_refused_is_exit_2():
    url = f"http://127.0.0.1:{closed_port()}"
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", url),
                  f"cannot reach OPA at {url}: connection refused")


def test_a_server_that_hangs_times_out(scripted):
    server = scripted(hang="all")
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url,
                        "--opa-timeout", "0.3"), "did not answer within 0.3 s")


def test_after_a_timeout_later_documents_fail_without_waiting_again(scripted):
    server = scripted(hang="decision")
    result = check(MINIMAL, FAILING, str(EXAMPLES / "compliant-high-lora.yaml"), "--engine",
                   "opa", "--opa-url", server.url, "--opa-timeout", "0.3")
    assert_exit_2(result, "did not answer within 0.3 s")
    assert len(result.stderr.splitlines()) == 3  # every document is an error...
    assert server.decisions() == 1  # ...but only the first one was sent


def test_http_500_names_the_control_and_line(scripted):
    error = {"code": "internal_error", "message": "error(s) occurred while evaluating query",
             "errors": [{"code": "eval_builtin_error", "message": "time.parse_rfc3339_ns: bad",
                         "location": {"file": "/policies/pre-tuning/PRE-DATA-01.rego",
                                      "row": 40, "col": 2}}]}
    server = scripted(decision=lambda body: (500, error))
    result = check(MINIMAL, "--engine", "opa", "--opa-url", server.url)
    assert_exit_2(result, "policy evaluation failed: policies/pre-tuning/PRE-DATA-01.rego:40:2: "
                          "control PRE-DATA-01 could not be evaluated: time.parse_rfc3339_ns: bad")


def test_http_500_without_details_is_exit_2(scripted):
    server = scripted(decision=lambda body: (500, b"upstream exploded"))
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url),
                  f"OPA at {server.url} answered HTTP 500")


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ({}, "returned no decision for data.ftcomply.runner.result (undefined)"),
        ({"result": {"deny": [], "applicable": []}}, "returned a malformed decision"),
        ({"result": True}, "returned a malformed decision"),
        (b"<html>", "with a body that is not JSON"),
    ],
    ids=["undefined", "wrong-shape", "not-an-object", "not-json"],
)
def test_undefined_or_malformed_decisions_are_exit_2(scripted, answer, fragment):
    server = scripted(decision=lambda body: (200, answer))
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url), fragment)


def test_a_decision_that_leaves_out_a_control_is_exit_2(catalog, scripted):
    correct = embedded_answer(catalog)

    def without_one(body):
        status, payload = correct(body)
        del payload["result"]["deny"]["PRE-DATA-01"]
        return status, payload

    server = scripted(decision=without_one)
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url),
                  "gave no verdict for PRE-DATA-01")


def test_a_correct_scripted_server_passes_and_gets_the_token(catalog, scripted, monkeypatch):
    server = scripted(decision=embedded_answer(catalog))
    monkeypatch.setenv("FTCOMPLY_OPA_TOKEN", "s3cret")
    result = check(MINIMAL, "-f", "json", "--engine", "opa", "--opa-url", server.url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tool"]["engine"] == (
        f"opa 9.9.9 (catalog {revision(catalog)}, no bundle)")
    assert all(headers.get("Authorization") == "Bearer s3cret"
               for _, _, headers in server.requests)
    assert "s3cret" not in result.stdout + result.stderr


def test_another_catalog_on_the_server_is_exit_2(scripted):
    server = scripted(identity={"version": "0.9.0", "digest": "sha256:" + "0" * 64})
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url),
                  "serves catalog 0.9.0 (sha256:000000000000) but this run's catalog is")


def test_a_catalog_replaced_during_the_run_is_exit_2(catalog, scripted):
    correct = embedded_answer(catalog)

    def replaced(body):
        status, payload = correct(body)
        payload["result"]["catalog"]["digest"] = "sha256:" + "1" * 64
        return status, payload

    server = scripted(decision=replaced)
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", server.url),
                  "was its bundle replaced?")


def test_a_real_server_with_another_catalog_or_params_is_exit_2(catalog, real_opa, tmp_path):
    policies = write(tmp_path / "org", {"ORG-OWN-01.rego": USER_CONTROL,
                                        "naming.rego": USER_LIBRARY})
    bundle = tmp_path / "bundle.tar.gz"
    assert run_cli("bundle", "build", "--policies", str(policies), "-o",
                   str(bundle)).returncode == 0
    url = real_opa(bundle)
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", url),
                  f"but this run's catalog is {catalog.version} ({catalog.digest[:19]})")

    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_evidence_age_days: 7\n")
    assert_exit_2(check(MINIMAL, "--policies", str(policies), "--config", str(config),
                        "--engine", "opa", "--opa-url", url),
                  "holds other parameter values than this run (max_evidence_age_days)")
    # The bundle owns its roots: OPA refuses to have them overwritten.
    assert_exit_2(check(MINIMAL, "--policies", str(policies), "--config", str(config),
                        "--engine", "opa", "--opa-url", url, "--opa-push"),
                  "refused the parameters")


def test_an_empty_server_without_push_is_exit_2(real_opa):
    url = real_opa(None)
    assert_exit_2(check(MINIMAL, "--engine", "opa", "--opa-url", url),
                  "has no ftcomply catalog (data.ftcomply.runner.catalog is undefined)")


def test_opa_evaluation_errors_name_the_control(real_opa, tmp_path):
    policies = write(tmp_path / "org", {"ORG-BAD-01.rego": BROKEN_CONTROL})
    url = real_opa(None)
    result = check(MINIMAL, "--policies", str(policies), "--engine", "opa", "--opa-url", url,
                   "--opa-push")
    assert_exit_2(result, f"{policies / 'ORG-BAD-01.rego'}:")
    assert "control ORG-BAD-01 could not be evaluated: complete rules must not produce " \
           "multiple outputs" in result.stderr


def test_a_push_that_does_not_compile_names_the_policy(real_opa, tmp_path):
    policies = write(tmp_path / "org", {"ORG-OWN-01.rego": USER_CONTROL})  # no org.naming
    url = real_opa(None)
    result = check(MINIMAL, "--policies", str(policies), "--engine", "opa", "--opa-url", url,
                   "--opa-push")
    assert_exit_2(result, f"{policies / 'ORG-OWN-01.rego'}:")
    assert "control ORG-OWN-01 does not compile: undefined function" in result.stderr
    # The half-pushed server does not claim the catalog: without --opa-push it is refused.
    assert_exit_2(check(MINIMAL, "--policies", str(policies), "--engine", "opa", "--opa-url",
                        url), "has no ftcomply catalog")


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--engine", "opa"], "--engine opa needs --opa-url"),
        (["--opa-url", "http://127.0.0.1:1"], "--opa-url and --opa-push need --engine opa"),
        (["--engine", "wasm"], "unknown engine 'wasm' (available: regorus, opa)"),
        (["--engine", "opa", "--opa-url", "ftp://h"], "expected http://HOST:PORT"),
        (["--engine", "opa", "--opa-url", "http://h:1/v1/data"], "without a path"),
        (["--engine", "opa", "--opa-url", "http://h:99999"], "the port is not a number"),
        (["--engine", "opa", "--opa-url", "http://h:1", "--opa-timeout", "0"],
         "--opa-timeout must be a positive number"),
    ],
)
def test_engine_flag_mistakes_are_exit_2(flags, fragment):
    assert_exit_2(check(MINIMAL, *flags), fragment)


def test_credentials_in_the_url_are_refused_and_never_echoed():
    result = check(MINIMAL, "--engine", "opa", "--opa-url", "http://me:hunter2@127.0.0.1:1")
    assert_exit_2(result, "must not hold credentials")
    assert "hunter2" not in result.stderr
