"""A stand-in OPA server for tests: OPA's own Go evaluator behind the REST API subset ftcomply uses.

No `opa` binary can be installed here, but opa-golib-python-bindings embeds
OPA's Go packages (`github.com/open-policy-agent/opa/v1/rego`) in a shared
library. This script puts that evaluator behind the part of OPA's REST API
that ftcomply speaks, so tests exercise OPA's real Rego semantics over HTTP:

    GET    /health
    POST   /v1/data/<path>     {"input": ...} -> {"result": ...}, or {} when undefined;
    GET    /v1/data/<path>     ?provenance=true adds {"provenance": {...}}
    PUT    /v1/data/<path>     204; refused under a loaded bundle's roots, like OPA
    GET    /v1/policies        {"result": [{"id", "raw"}, ...]}
    GET    /v1/policies/<id>   {"result": {"id", "raw"}}
    PUT    /v1/policies/<id>   200; 400 with OPA's error shape when it does not compile
    DELETE /v1/policies/<id>   200
    GET    /_test/writes       test-only: how many PUT and DELETE requests succeeded

What it does not prove: OPA's own HTTP layer and its bundle loader. The bundle
is unpacked here by the rules OPA documents (data by directory, roots must
cover every package and data path and must not overlap), so a bundle this
server rejects would be rejected by OPA too, but not necessarily the reverse.

Run: python tests/engine/opa_server.py [--bundle FILE]; it listens on 127.0.0.1 at a
free port and prints `listening on 127.0.0.1:PORT` once ready.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from opa_bindings import OpaEngine, OpaError, OpaUndefinedError

_ERROR_LINE = re.compile(r"(?P<file>[^\s:]+):(?P<row>\d+): (?P<code>[a-z_]+): (?P<message>.+)")
MAX_BODY = 16 * 1024 * 1024


class BundleError(Exception):
    """The bundle breaks one of OPA's documented rules."""


def read_bundle(raw: bytes) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """(manifest, {path: rego}, data) by OPA's bundle rules."""
    manifest: dict[str, Any] = {}
    policies: dict[str, str] = {}
    data: dict[str, Any] = {}
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(raw)), mode="r:") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            path = "/" + member.name.lstrip("/")
            content = tar.extractfile(member).read()  # type: ignore[union-attr]
            if path.endswith(".rego"):
                policies[path] = content.decode("utf-8")
            elif path.rsplit("/", 1)[-1] == "data.json":
                keys = [k for k in path.split("/")[1:-1] if k]
                _insert(data, keys, json.loads(content))
            elif path.endswith(".manifest"):
                manifest = json.loads(content)
    if "revision" not in manifest:
        raise BundleError(".manifest has no revision")
    roots = [r.strip("/") for r in manifest.get("roots", [""])]
    for i, a in enumerate(roots):
        for b in roots[i + 1:]:
            if _contains(a, b) or _contains(b, a):
                raise BundleError(f"manifest has overlapped roots: '{a}' and '{b}'")
    for path, text in policies.items():
        package = re.search(r"^package\s+([\w.]+)", text, re.MULTILINE)
        if not package or not any(_contains(r, package.group(1).replace(".", "/"))
                                  for r in roots):
            raise BundleError(f"manifest roots {roots} do not permit the package of {path}")
    for leaf in _leaves(data, ""):
        if not any(_contains(r, leaf) for r in roots):
            raise BundleError(f"manifest roots {roots} do not permit data at path '/{leaf}'")
    if manifest.get("rego_version", 1) != 1:
        raise BundleError("this server evaluates Rego v1 only")
    return manifest, policies, data


def _contains(root: str, path: str) -> bool:
    return root == "" or path == root or path.startswith(root + "/")


def _leaves(value: Any, prefix: str) -> list[str]:
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items()
                for leaf in _leaves(v, f"{prefix}/{k}" if prefix else k)]
    return [prefix]


def _insert(data: dict[str, Any], keys: list[str], value: Any) -> None:
    node = data
    for key in keys[:-1] if keys else []:
        node = node.setdefault(key, {})
    if not keys:
        data.update(value)
    else:
        node[keys[-1]] = value


class Store:
    """Policies and data, compiled into one OPA engine on demand."""

    def __init__(self, bundle: bytes | None, bundle_name: str) -> None:
        self.lock = threading.Lock()
        self.policies: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.roots: list[str] = []
        self.bundles: dict[str, dict[str, str]] = {}
        self.writes = 0
        if bundle is not None:
            manifest, policies, data = read_bundle(bundle)
            self.policies.update(policies)
            self.data = data
            self.roots = [r.strip("/") for r in manifest.get("roots", [""])]
            self.bundles[bundle_name] = {"revision": manifest["revision"]}
        self.engine = self._compile(self.policies, self.data)

    @staticmethod
    def _compile(policies: dict[str, str], data: dict[str, Any]) -> OpaEngine:
        """A fresh engine; raises OpaError when a module does not parse or compile."""
        engine = OpaEngine()
        for path, text in sorted(policies.items()):
            engine.add_policy(path, text)
        engine.add_data(data)
        engine.eval_query("x := 1")  # compiles every module now, as OPA does on upload
        return engine

    def owned(self, path: str) -> bool:
        return any(_contains(r, path) for r in self.roots)


def _errors(exc: OpaError) -> list[dict[str, Any]]:
    """OPA's `errors` array from the library's message."""
    found = [
        {"code": m["code"], "message": m["message"],
         "location": {"file": m["file"], "row": int(m["row"]), "col": 1}}
        for m in _ERROR_LINE.finditer(exc.message)
    ]
    return found or [{"code": exc.code, "message": exc.message}]


class Handler(BaseHTTPRequestHandler):
    store: Store
    server_version = "opa-golib-stand-in"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: Any = None) -> None:
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, MAX_BODY))

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return unquote(parts.path), parse_qs(parts.query)

    def do_GET(self) -> None:
        path, query = self._route()
        if path == "/health":
            self._send(200, {})
        elif path == "/_test/writes":
            self._send(200, {"writes": self.store.writes})
        elif path in ("/v1/policies", "/v1/policies/"):
            with self.store.lock:
                listed = [{"id": i, "raw": t} for i, t in sorted(self.store.policies.items())]
            self._send(200, {"result": listed})
        elif path.startswith("/v1/policies/"):
            text = self.store.policies.get(path.removeprefix("/v1/policies/"))
            if text is None:
                self._send(404, {"code": "resource_not_found", "message": path})
            else:
                self._send(200, {"result": {"id": path.removeprefix("/v1/policies/"),
                                            "raw": text}})
        elif path.startswith("/v1/data"):
            self._evaluate(path, query, None)
        else:
            self._send(404, {"code": "resource_not_found", "message": path})

    def do_POST(self) -> None:
        path, query = self._route()
        if not path.startswith("/v1/data"):
            self._send(404, {"code": "resource_not_found", "message": path})
            return
        try:
            body = json.loads(self._body() or b"{}")
        except ValueError:
            self._send(400, {"code": "invalid_parameter", "message": "body is not JSON"})
            return
        self._evaluate(path, query, body.get("input") if isinstance(body, dict) else None)

    def _evaluate(self, path: str, query: dict[str, list[str]], input_data: Any) -> None:
        document = path.removeprefix("/v1/data").strip("/").replace("/", ".")
        answer: dict[str, Any] = {}
        try:
            with self.store.lock:
                answer["result"] = self.store.engine.eval_document(document, input_data)
        except OpaUndefinedError:
            pass
        except OpaError as exc:
            self._send(500, {"code": "internal_error",
                             "message": "error(s) occurred while evaluating query",
                             "errors": _errors(exc)})
            return
        if query.get("provenance", ["false"])[0].lower() in ("true", "1"):
            answer["provenance"] = {
                "version": f"golib-{version('opa-golib-python-bindings')}",
                "bundles": dict(self.store.bundles),
            }
        self._send(200, answer)

    def do_PUT(self) -> None:
        path, _ = self._route()
        raw = self._body()
        if path.startswith("/v1/policies/"):
            policy_id = path.removeprefix("/v1/policies/")
            text = raw.decode("utf-8")
            package = re.search(r"^package\s+([\w.]+)", text, re.MULTILINE)
            if package and self.store.owned(package.group(1).replace(".", "/")):
                self._send(400, {"code": "invalid_parameter",
                                 "message": f"path {package.group(1)} is owned by a bundle"})
                return
            self._change(lambda p, d: ({**p, policy_id: text}, d), 200)
        elif path.startswith("/v1/data/"):
            keys = [k for k in path.removeprefix("/v1/data/").split("/") if k]
            if self.store.owned("/".join(keys)):
                self._send(400, {"code": "invalid_parameter",
                                 "message": f"path /{'/'.join(keys)} is owned by a bundle"})
                return
            value = json.loads(raw)

            def put(p: dict[str, str], d: dict[str, Any]) -> tuple[dict[str, str], Any]:
                copy = json.loads(json.dumps(d))
                _insert(copy, keys, value)
                return p, copy

            self._change(put, 204)
        else:
            self._send(404, {"code": "resource_not_found", "message": path})

    def do_DELETE(self) -> None:
        path, _ = self._route()
        policy_id = path.removeprefix("/v1/policies/")
        if not path.startswith("/v1/policies/") or policy_id not in self.store.policies:
            self._send(404, {"code": "resource_not_found", "message": path})
            return
        self._change(lambda p, d: ({k: v for k, v in p.items() if k != policy_id}, d), 200)

    def _change(self, update: Any, status: int) -> None:
        """Apply a change only if everything still compiles, as OPA does."""
        with self.store.lock:
            policies, data = update(self.store.policies, self.store.data)
            try:
                engine = Store._compile(policies, data)
            except OpaError as exc:
                self._send(400, {"code": "invalid_parameter",
                                 "message": "error(s) occurred while compiling module(s)",
                                 "errors": _errors(exc)})
                return
            self.store.policies, self.store.data, self.store.engine = policies, data, engine
            self.store.writes += 1
        self._send(status, {} if status == 200 else None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle")
    args = parser.parse_args()
    bundle = open(args.bundle, "rb").read() if args.bundle else None  # noqa: SIM115
    try:
        Handler.store = Store(bundle, args.bundle.rsplit("/", 1)[-1] if args.bundle else "")
    except (BundleError, OpaError) as exc:
        print(f"bundle rejected: {exc}", flush=True)
        sys.exit(3)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
