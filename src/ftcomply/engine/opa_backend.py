"""The OPA server backend: the embedded engine's one query, asked of an OPA server.

Each document is one `POST /v1/data/ftcomply/runner/result` with the envelope
as input, through opa-python-client. The server holds the catalog either as a
bundle (`ftcomply bundle build`) or because `--opa-push` uploaded the same
files through OPA's Policy and Data APIs.

Nothing the server says is taken on trust, because a gate must not pass on a
wrong or missing answer:
- at compile time the server must hold this run's catalog (the generated
  runner carries its version and digest) and parameters, else the run stops;
- every answer must be defined, well formed, cover every control and carry
  the same catalog (a bundle can be replaced while a run goes on);
- connection errors, timeouts and HTTP errors are EngineErrors; after a
  connection failure or a timeout, later documents fail at once instead of
  each waiting out the timeout again.

The HTTP session belongs to the engine object, which is never pickled: worker
processes compile their own. `--opa-push` uploads only when the server's
catalog or parameters differ from the run's, so workers, which compile after
the parent has pushed, find the server current and push nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from opa_client import OpaClient
from opa_client.errors import DeletePolicyError, PolicyNotFoundError, RegoParseError

from ftcomply.bundle import RUNNER_PATH, policy_files, revision
from ftcomply.catalog import CONTROLS_PACKAGE, RUNNER_PACKAGE, Catalog, PolicyModule
from ftcomply.engine import EngineError, EngineSettings, Verdicts
from ftcomply.errors import FtcomplyError
from ftcomply.models import InputError, Location

# Ids of pushed modules: the bundle path under this prefix, so that a later push
# can find and remove the modules an earlier one left behind, and nothing else.
PUSH_PREFIX = "ftcomply/"
PARAMS_PATH = "ftcomply/params"
_RUNNER_DATA = RUNNER_PACKAGE.replace(".", "/")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\"()]+)")


@dataclass(frozen=True)
class _Server:
    """Where the OPA server listens, from `--opa-url`."""

    url: str
    host: str
    port: int
    ssl: bool


def parse_url(url: str) -> _Server:
    """`http(s)://HOST[:PORT]`, nothing else; a mistake is exit 2 before any request."""
    parts = urlsplit(url.strip())

    def bad(why: str) -> FtcomplyError:
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        return FtcomplyError.at(f"--opa-url {shown!r}: {why}", "<command line>")

    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad("expected http://HOST:PORT or https://HOST:PORT")
    if parts.username or parts.password:
        raise bad("must not hold credentials (set FTCOMPLY_OPA_TOKEN for a bearer token)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise bad("expected the server's base URL, without a path (ftcomply adds /v1/...)")
    try:
        port = parts.port if parts.port is not None else (443 if parts.scheme == "https"
                                                          else 80)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise bad("the port is not a number from 1 to 65535")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown = f"{parts.scheme}://{host}:{port}"
    return _Server(shown, host, port, parts.scheme == "https")


class _Rejected(EngineError):
    """The server refused a request it understood (HTTP 4xx): a push may retry it."""


@dataclass
class OpaEngine:
    """A catalog served by an OPA server, checked to be this run's catalog."""

    catalog: Catalog
    parameter_values: dict[str, Any]
    server: _Server
    timeout: float
    _client: OpaClient = field(repr=False)
    _name: str = "opa"
    _broken: EngineError | None = None

    @property
    def name(self) -> str:
        return self._name

    @classmethod
    def compile(cls, catalog: Catalog, params: dict[str, Any], settings: EngineSettings
                ) -> OpaEngine:
        """Reach the server, push when asked, and check that it serves this catalog."""
        server = parse_url(settings.opa_url or "")
        client = OpaClient(host=server.host, port=server.port, ssl=server.ssl,
                           token=settings.opa_token, retries=0, timeout=settings.opa_timeout)
        engine = cls(catalog, json.loads(json.dumps(params)), server, settings.opa_timeout,
                     client)
        try:
            engine._connect(settings.opa_push)
        except EngineError as exc:
            raise FtcomplyError(InputError(exc.message, exc.location or Location(
                "<command line>"))) from None
        return engine

    def evaluate(self, envelope: dict[str, Any]) -> Verdicts:
        body = self._query(f"{_RUNNER_DATA}/result", envelope)
        if "result" not in body:
            raise EngineError(f"OPA at {self.server.url} returned no decision for "
                              f"data.{RUNNER_PACKAGE}.result (undefined): is the ftcomply "
                              "bundle still loaded?")
        return self._verdicts(body["result"])

    # -- compile time ------------------------------------------------------------------

    def _connect(self, push: bool) -> None:
        identity, params, provenance = self._server_state()
        if push and (identity != self._identity() or params != self.parameter_values):
            self._push(params_current=params == self.parameter_values)
            identity, params, provenance = self._server_state()
        self._check_identity(identity)
        if params != self.parameter_values:
            theirs = params if isinstance(params, dict) else {}
            names = sorted(n for n in {*theirs, *self.parameter_values}
                           if theirs.get(n) != self.parameter_values.get(n))
            raise EngineError(
                f"OPA at {self.server.url} holds other parameter values than this run "
                f"({', '.join(names) or 'data.ftcomply.params'}): build the bundle with the "
                "same config, or use --opa-push")
        self._name = _describe(provenance, revision(self.catalog))

    def _server_state(self) -> tuple[Any, Any, Any]:
        """The server's catalog identity, parameters and provenance (None when undefined)."""
        answer = self._query(f"{_RUNNER_DATA}/catalog", {}, provenance=True)
        params = self._query(PARAMS_PATH, {})
        return answer.get("result"), params.get("result"), answer.get("provenance")

    def _identity(self) -> dict[str, str]:
        return {"version": self.catalog.version, "digest": self.catalog.digest}

    def _check_identity(self, identity: Any) -> None:
        if identity == self._identity():
            return
        if identity is None:
            raise EngineError(
                f"OPA at {self.server.url} has no ftcomply catalog (data.{RUNNER_PACKAGE}"
                ".catalog is undefined): load a bundle from ftcomply bundle build, or use "
                "--opa-push")
        raise EngineError(
            f"OPA at {self.server.url} serves catalog {_shown(identity)} but this run's "
            f"catalog is {_shown(self._identity())}: rebuild the bundle with ftcomply bundle "
            "build, or use --opa-push")

    def _push(self, params_current: bool) -> None:
        """Upload the parameters and the modules the server lacks or holds in another
        version, and remove the modules an earlier push left behind.

        OPA compiles all its modules on every change, so a module that calls a
        function not uploaded yet is refused: refused uploads and removals are
        retried while each round makes progress. The runner, which carries the
        catalog digest, goes last: a push that fails half-way leaves a server
        that does not claim the new catalog.
        """
        if not params_current:
            self._call("the parameters", self._client.update_or_create_data, self.parameter_values,
                       PARAMS_PATH)
        wanted = {PUSH_PREFIX + path: module for path, module in policy_files(self.catalog)}
        present = [i for i in self._call("the policy list", self._client.get_policies_list)
                   if isinstance(i, str) and i.startswith(PUSH_PREFIX)]
        current = {i for i in present if i in wanted and self._raw(i) == wanted[i].text}
        runner = PUSH_PREFIX + RUNNER_PATH
        steps: list[Callable[[], object]] = [
            *(self._upload(i, m) for i, m in sorted(wanted.items(), key=_push_order)
              if i not in current and i != runner),
            *(self._remove(i) for i in sorted(set(present) - set(wanted))),
        ]
        while steps:
            refused: list[tuple[Callable[[], object], _Rejected]] = []
            for step in steps:
                try:
                    step()
                except _Rejected as exc:
                    refused.append((step, exc))
            if len(refused) == len(steps):
                raise refused[0][1]
            steps = [step for step, _ in refused]
        if runner not in current:
            self._upload(runner, wanted[runner])()

    def _raw(self, policy_id: str) -> Any:
        """The source text the server holds under `policy_id`."""
        answer = self._call(policy_id, self._client.get_policy, quote(policy_id))
        result = answer.get("result") if isinstance(answer, dict) else None
        return result.get("raw") if isinstance(result, dict) else None

    def _upload(self, policy_id: str, module: PolicyModule) -> Callable[[], object]:
        return lambda: self._call(module.name, self._client.update_policy_from_string,
                                  module.text, quote(policy_id), rego_compat=False)

    def _remove(self, policy_id: str) -> Callable[[], object]:
        return lambda: self._call(f"the removal of {policy_id}", self._client.delete_policy,
                                  quote(policy_id))

    # -- answers -----------------------------------------------------------------------

    def _verdicts(self, raw: Any) -> Verdicts:
        deny = raw.get("deny") if isinstance(raw, dict) else None
        applicable = raw.get("applicable") if isinstance(raw, dict) else None
        not_applicable = raw.get("not_applicable") if isinstance(raw, dict) else None
        declared = raw.get("declared") if isinstance(raw, dict) else None
        if not (isinstance(deny, dict) and all(isinstance(v, list) for v in deny.values())
                and isinstance(applicable, list) and all(isinstance(a, str) for a in applicable)
                and isinstance(not_applicable, dict)
                and all(isinstance(v, list) for v in not_applicable.values())
                and isinstance(declared, dict)
                and all(isinstance(v, list) for v in declared.values())):
            raise EngineError(f"OPA at {self.server.url} returned a malformed decision for "
                              f"data.{RUNNER_PACKAGE}.result")
        if raw.get("catalog") != self._identity():
            raise EngineError(f"OPA at {self.server.url} answered with catalog "
                              f"{_shown(raw.get('catalog'))}, not this run's "
                              f"{_shown(self._identity())}: was its bundle replaced?")
        missing = [c.id for c in self.catalog.controls if c.id not in deny]
        if missing:
            raise EngineError(f"OPA at {self.server.url} gave no verdict for "
                              f"{', '.join(missing)}")
        return Verdicts(deny={cid: list(findings) for cid, findings in deny.items()},
                        applicable=frozenset(applicable),
                        not_applicable={cid: list(r) for cid, r in not_applicable.items()},
                        declared={cid: list(d) for cid, d in declared.items()})

    # -- transport ---------------------------------------------------------------------

    def _query(self, path: str, input_data: Any, provenance: bool = False) -> dict[str, Any]:
        """POST /v1/data/<path>: the response body, with or without a `result`."""
        package, _, rule = path.rpartition("/")
        body = self._call(f"data.{path.replace('/', '.')}", self._client.query_rule,
                          input_data, package, rule,
                          {"provenance": "true"} if provenance else None)
        if not isinstance(body, dict):
            raise EngineError(f"OPA at {self.server.url} answered with a body that is not "
                              "a JSON object")
        return body

    def _call(self, what: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One request; every failure becomes an EngineError naming the server."""
        if self._broken is not None:
            raise self._broken
        url = self.server.url
        try:
            return call(*args, **kwargs)
        except requests.Timeout:
            self._broken = EngineError(
                f"OPA at {url} did not answer within {self.timeout:g} s ({what})")
            raise self._broken from None
        except requests.ConnectionError as exc:
            found = _ERRNO.search(str(exc))
            reason = (found.group(1).strip().lower() if found
                      else "it closed the connection without answering"
                      if "RemoteDisconnected" in str(exc) else "connection failed")
            self._broken = EngineError(f"cannot reach OPA at {url}: {reason}")
            raise self._broken from None
        except requests.HTTPError as exc:
            raise self._refusal(what, exc.response) from None
        except RegoParseError as exc:
            raise self._located(_Rejected, f"OPA at {url} refused {what}: "
                                f"{_text(exc.message)}", exc.errors,
                                "does not compile") from None
        except (DeletePolicyError, PolicyNotFoundError) as exc:
            raise _Rejected(f"OPA at {url} refused {what}: {_text(exc.message)}") from None
        except ValueError:  # requests' JSONDecodeError included
            raise EngineError(f"OPA at {url} answered {what} with a body that is not "
                              "JSON") from None
        except requests.RequestException as exc:
            raise EngineError(f"request to OPA at {url} failed: {type(exc).__name__}") \
                from None

    def _refusal(self, what: str, response: requests.Response | None) -> EngineError:
        status = response.status_code if response is not None else 0
        try:
            body = response.json() if response is not None else {}
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        kind = _Rejected if 400 <= status < 500 else EngineError
        message = _text(body.get("message")) or (response.reason if response is not None
                                                 else "") or "no reason given"
        return self._located(kind, f"OPA at {self.server.url} answered HTTP {status} for "
                             f"{what}: {message}", body.get("errors"), "could not be evaluated")

    def _located(self, kind: type[EngineError], message: str, errors: Any, failure: str
                 ) -> EngineError:
        """Name the policy and control an error points at when the server says where:
        `control ID <failure>: <detail>` at the policy's line, else `message`."""
        details = [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
        for detail in details:
            where = detail.get("location")
            module = self._module_at(where.get("file")) if isinstance(where, dict) else None
            if module is None:
                continue
            location = Location(module.name, _int(where.get("row")), _int(where.get("col")))
            control = next((c.id for c in self.catalog.controls if c.source == module.name),
                           None)
            subject = f"control {control}" if control else "policy"
            return kind(f"{subject} {failure}: {_text(detail.get('message')) or message}",
                        control, location)
        if details and _text(details[0].get("message")):
            message = f"{message} ({_text(details[0].get('message'))})"
        return kind(message)

    def _module_at(self, file: Any) -> PolicyModule | None:
        """The module a server-side file name stands for: its bundle path, alone or under
        a bundle name or the push prefix."""
        if not isinstance(file, str):
            return None
        file = file.lstrip("/")
        matches = [(len(path), module) for path, module in policy_files(self.catalog)
                   if file == path or file.endswith("/" + path)]
        return max(matches, key=lambda m: m[0])[1] if matches else None


def _push_order(item: tuple[str, PolicyModule]) -> tuple[bool, str]:
    """Libraries before the controls that call them."""
    return item[1].package.startswith(CONTROLS_PACKAGE + "."), item[0]


def _describe(provenance: Any, expected: str) -> str:
    """`opa 1.4.2 (bundle 1.0.0+8630e0da25ad)`, from what the server says of itself."""
    info = provenance if isinstance(provenance, dict) else {}
    server_version = _text(info.get("version"))[:40]
    name = f"opa {server_version}" if server_version else "opa (version unknown)"
    bundles = info.get("bundles") if isinstance(info.get("bundles"), dict) else {}
    revisions = {b.get("revision") for b in bundles.values() if isinstance(b, dict)}
    if expected in revisions:
        return f"{name} (bundle {expected})"
    return f"{name} (catalog {expected}, no bundle)"


def _shown(identity: Any) -> str:
    """A catalog identity as `1.0.0 (sha256:8630e0da25ad)`."""
    if not isinstance(identity, dict):
        return "(unreadable)"
    digest = _text(identity.get("digest"))
    return f"{_text(identity.get('version'))[:40]} ({digest[:19]})"


def _text(value: Any) -> str:
    """Server-supplied text on one line."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
