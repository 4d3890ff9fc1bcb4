"""The HTTP endpoints: a Starlette app over one Evaluator, with auth, limits and decision logs.

- `GET /healthz`: `{"status": "ok", ...}`, no auth (probes);
- `GET /health`: OPA's health endpoint (`{}`), no auth, so OPA clients find it;
- `GET /v1/controls`: the catalog, as `ftcomply controls --format json`;
- `POST /v1/check`: descriptor documents (JSON or YAML) → a report, as `ftcomply check`;
- `POST /v1/data/ftcomply/...`: OPA's Data API (see `ftcomply.service.opa`).

Every answer to an authenticated request to a decision endpoint (`/v1/check`,
`/v1/data`) is one decision-log line, refusals included; requests refused for a
missing or wrong token are counted instead, and the count is logged as one summary
line a minute (and at shutdown), so that a flood of them cannot fill the log. The
service keeps no state between requests, so any number of replicas can serve
behind a load balancer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ftcomply import FORMATS, Catalog, Config, __version__, build_options, resolve_as_of
from ftcomply.catalogview import controls_json
from ftcomply.errors import FtcomplyError
from ftcomply.ledger import Ledger, LedgerError, Runner, record_report
from ftcomply.loader import MAX_FILE_BYTES, MAX_FILE_NODES, NodeBudgetError
from ftcomply.models import InputError, Report
from ftcomply.service.auth import BearerAuth
from ftcomply.service.decisionlog import Decision, DecisionLog
from ftcomply.service.evaluator import AsOfWindow, Evaluator, check_body
from ftcomply.service.opa import DataError, error_body, query_data

# Report formats served by /v1/check and their media types (from the format registry;
# github annotations are CI-only).
REPORT_MEDIA_TYPES = {f.name: f.media_type for f in FORMATS.values() if f.media_type}
# Bodies are JSON or YAML; both go through the same loader, so no Content-Type is also fine.
BODY_MEDIA_TYPES = frozenset({
    "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
    "text/plain",
})
_LOGGER = logging.getLogger("uvicorn.error")
VERDICT_HEADER = "X-Ftcomply-Verdict"
REQUEST_ID_HEADER = "X-Request-Id"
# OPA's query flags that apply here; the others (explain, instrument, ...) are refused.
_OPA_FLAGS = ("pretty", "metrics", "provenance")
_COMMON_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    # The HTML report is self-contained with inline styles only; nothing else may load.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "frame-ancestors 'none'",
}


@dataclass(frozen=True)
class Limits:
    """What one client may send, and how long it may take.

    `client_timeout` bounds, in seconds, each of: the time to send a request's
    head (from connecting, or from the previous response on a kept-alive
    connection) and the time to send its body. `max_connections` is the number
    of open connections beyond which requests get 503; `max_connections_per_peer`
    the number one peer address may hold open (0: no cap), beyond which its new
    connections get 503 and are closed at once. `max_nodes` is the node budget of
    one request body (all its documents, aliases expanded): past it, 413.
    `max_as_of_ahead` and `max_as_of_behind` bound the `as_of` a caller may choose,
    around the server's clock. Descriptor nesting, node count per document (billion
    laughs) and string length are the loader's limits. `summary_interval` is how
    often, in seconds, the count of unauthorized requests goes to the decision log.
    """

    max_body_bytes: int = 1024 * 1024
    max_documents: int = 100
    max_nodes: int = MAX_FILE_NODES
    client_timeout: float = 10.0
    max_connections: int = 64
    max_connections_per_peer: int = 16
    max_as_of_ahead: dt.timedelta = dt.timedelta(days=1)
    max_as_of_behind: dt.timedelta = dt.timedelta(days=365)
    summary_interval: float = 60.0

    def __post_init__(self) -> None:
        problems = [
            (0 < self.max_body_bytes <= MAX_FILE_BYTES,
             f"--max-body-bytes must be between 1 and {MAX_FILE_BYTES} (the loader's file "
             "limit)"),
            (self.max_nodes >= 1, "--max-nodes must be at least 1"),
            (self.max_connections >= 1, "--max-connections must be at least 1"),
            (self.max_connections_per_peer >= 0,
             "--max-connections-per-peer must be 0 (no cap) or more"),
            (self.max_as_of_ahead >= dt.timedelta(0), "--max-as-of-ahead must be 0 or more"),
            (self.max_as_of_behind >= dt.timedelta(0), "--max-as-of-behind must be 0 or more"),
        ]
        for ok, message in problems:
            if not ok:
                raise FtcomplyError.at(message, "<command line>")

    @property
    def as_of_window(self) -> AsOfWindow:
        return AsOfWindow(self.max_as_of_ahead, self.max_as_of_behind)


class Refusal(Exception):
    """A request answered with an error status and OPA's error shape `{"code", "message"}`.

    `close` ends the connection after the answer, for a body left unread.
    """

    def __init__(self, status: int, code: str, message: str, *, close: bool = False,
                 headers: dict[str, str] | None = None,
                 errors: Sequence[InputError] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.body = error_body(code, message, errors)
        self.headers = {**(headers or {}), **({"Connection": "close"} if close else {})}

    def response(self) -> Response:
        return json_response(self.body, self.status, self.headers)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None,
                  indent: int | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, indent=indent), status,
                    {**_COMMON_HEADERS, **(headers or {})}, media_type="application/json")


def create_app(catalog: Catalog, config: Config, token: str | None,
               decision_log: TextIO | None, limits: Limits | None = None,
               ledger: Ledger | None = None) -> Starlette:
    """The service for one catalog and config; compiles the policies before returning.

    `config` supplies parameters, disabled controls, `fail_on` and waivers (its
    output settings do not apply); `token` None serves without authentication;
    `decision_log` None keeps no decision log; `ledger` records every /v1/check
    decision (one row per document; a request whose decision cannot be recorded is
    answered 503, never with a verdict). Raises FtcomplyError when the config, waivers
    or policies are unusable.
    """
    options = build_options(catalog, config, jobs=1)  # each request sets its own as_of
    if options.verify is not None and not options.verify.allow_roots:
        raise FtcomplyError.at(
            "the config asks to verify artifacts (verify or evidence), which the service "
            "does only inside directories named by --allow-root (or verify.allow_roots): "
            "request bodies name the artifacts, so unconfined a caller could have the server "
            "read any file", "<config>")
    limits = limits or Limits()
    evaluator = Evaluator(catalog, options)
    log = DecisionLog(decision_log)
    service = _Service(catalog, catalog.parameter_values(config.parameter_overrides), evaluator,
                       BearerAuth(token), log, limits, ledger)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        summaries = asyncio.create_task(_summarize(log, limits.summary_interval))
        try:
            yield
        finally:
            summaries.cancel()
            _write_summary(log)
            evaluator.close()
            if ledger is not None:
                ledger.close()

    app = Starlette(
        routes=[
            Route("/healthz", service.healthz, methods=["GET"]),
            Route("/health", service.opa_health, methods=["GET"]),
            Route("/v1/controls", service.controls, methods=["GET"]),
            Route("/v1/check", service.check, methods=["POST"]),
            Route("/v1/data", service.data, methods=["POST"]),
            Route("/v1/data/{path:path}", service.data, methods=["POST"]),
        ],
        exception_handlers={HTTPException: _http_error, 500: _internal_error},
        lifespan=lifespan,
    )
    app.state.evaluator = evaluator
    app.state.catalog = catalog
    return app


Answer = Callable[[Request, Decision], Awaitable[Response]]


async def _summarize(log: DecisionLog, interval: float) -> None:
    """Every `interval` seconds, the count of unauthorized requests since the last line."""
    while True:
        await asyncio.sleep(interval)
        _write_summary(log)


def _write_summary(log: DecisionLog) -> None:
    try:
        log.write_unauthorized()
    except (OSError, ValueError) as exc:  # kept for the next attempt
        _LOGGER.warning("ftcomply: cannot write to the decision log: %s", exc)


class _Service:
    """The endpoints' shared state: catalog, evaluator, auth, decision log, limits."""

    def __init__(self, catalog: Catalog, params: dict[str, Any], evaluator: Evaluator,
                 auth: BearerAuth, log: DecisionLog, limits: Limits,
                 ledger: Ledger | None = None) -> None:
        self.catalog = catalog
        self.ledger = ledger
        self.evaluator = evaluator
        self.auth = auth
        self.log = log
        self.limits = limits
        self.controls_text = controls_json(catalog, params)

    async def healthz(self, request: Request) -> Response:
        return json_response({"status": "ok", "catalog_version": self.catalog.version,
                              "catalog_digest": self.catalog.digest})

    async def opa_health(self, request: Request) -> Response:
        return json_response({})

    async def controls(self, request: Request) -> Response:
        try:
            self._authenticate(request)
        except Refusal as refusal:
            self.log.unauthorized(_peer(request))
            return refusal.response()
        return Response(self.controls_text, headers=_COMMON_HEADERS,
                        media_type="application/json")

    async def check(self, request: Request) -> Response:
        return await self._decide(request, self._check)

    async def data(self, request: Request) -> Response:
        return await self._decide(request, self._data)

    def _authenticate(self, request: Request) -> str:
        caller = self.auth.caller(request.headers.get("authorization"))
        if caller is None:
            raise Refusal(401, "unauthorized", "missing or wrong bearer token",
                          headers={"WWW-Authenticate": 'Bearer realm="ftcomply"'})
        return caller

    async def _decide(self, request: Request, answer: Answer) -> Response:
        """Authenticate, answer, and log the decision, whatever the outcome.

        A request without the right token is only counted: it decides nothing, and
        anyone can send them, as fast as they like."""
        started = time.perf_counter()
        try:
            token_id = self._authenticate(request)
        except Refusal as refusal:
            self.log.unauthorized(_peer(request))
            return refusal.response()
        decision = Decision(
            request_id=uuid.uuid4().hex,
            endpoint=request.url.path,
            remote_addr=_peer(request),
            catalog_digest=self.catalog.digest,
            token_id=token_id,
        )
        try:
            response = await answer(request, decision)
        except Refusal as refusal:
            response = refusal.response()
        except Exception:
            self._log(decision, 500, started)
            raise
        self._log(decision, response.status_code, started)
        response.headers[REQUEST_ID_HEADER] = decision.request_id
        return response

    def _log(self, decision: Decision, status: int, started: float) -> None:
        decision.status = status
        decision.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        self.log.write(decision)

    async def _check(self, request: Request, decision: Decision) -> Response:
        query = _query(request, ("as_of", "format"))
        fmt = query.get("format", "json")
        if fmt not in REPORT_MEDIA_TYPES:
            raise Refusal(400, "invalid_parameter",
                          f"format {fmt!r} is not one of {', '.join(REPORT_MEDIA_TYPES)}")
        decision.as_of = _as_of(query.get("as_of"), self.limits.as_of_window)
        raw = await self._body(request, decision)
        try:
            report, text = await self.evaluator.run(check_body, raw, decision.as_of, fmt,
                                                    self.limits.max_documents,
                                                    self.limits.max_nodes)
        except NodeBudgetError as exc:
            raise Refusal(413, "request_too_large", exc.errors[0].message,
                          errors=exc.errors) from None
        if self.ledger is not None:
            await self._record(report, text if fmt == "json" else None, decision)
        decision.verdict, decision.exit_code = report.status.value, report.exit_code
        # 422: something could not be evaluated (exit code 2); pass and fail are both answers.
        return Response(text, 422 if report.exit_code == 2 else 200,
                        {**_COMMON_HEADERS, VERDICT_HEADER: report.status.value},
                        media_type=REPORT_MEDIA_TYPES[fmt])

    async def _record(self, report: Report, json_text: str | None, decision: Decision) -> None:
        """The decision in the audit ledger before the answer: unrecorded, no verdict."""
        assert self.ledger is not None
        ledger = self.ledger
        runner = Runner("ftcomply-serve", decision.token_id, decision.request_id, None)

        def record() -> None:
            digest = ("sha256:" + hashlib.sha256(json_text.encode("utf-8")).hexdigest()
                      if json_text is not None else None)
            record_report(ledger, report, source="serve", runner=runner, report_digest=digest)

        try:
            await asyncio.to_thread(record)
        except LedgerError as exc:
            _LOGGER.error("ftcomply: %s", exc.errors[0])
            raise Refusal(503, "ledger_unavailable", "the decision could not be recorded in "
                          "the audit ledger; retry later", headers={"Retry-After": "5"}
                          ) from None

    async def _data(self, request: Request, decision: Decision) -> Response:
        started = time.perf_counter_ns()
        flags = {name: _flag(name, value)
                 for name, value in _query(request, _OPA_FLAGS).items()}
        raw = await self._body(request, decision)
        path = [segment for segment in request.path_params.get("path", "").split("/")
                if segment]
        try:
            answer = await self.evaluator.run(query_data, path, raw,
                                              self.limits.as_of_window, self.limits.max_nodes)
        except DataError as exc:
            raise Refusal(exc.status, exc.code, exc.message, errors=exc.errors) from None
        decision.as_of = answer.as_of
        if answer.report is not None:
            decision.verdict = answer.report.status.value
            decision.exit_code = answer.report.exit_code
        body: dict[str, Any] = {"decision_id": decision.request_id}
        if answer.defined:
            body["result"] = answer.result
        if flags.get("provenance"):
            body["provenance"] = {"version": f"ftcomply {__version__}"}
        if flags.get("metrics"):
            body["metrics"] = {"timer_server_handler_ns": time.perf_counter_ns() - started}
        return json_response(body, indent=2 if flags.get("pretty") else None)

    async def _body(self, request: Request, decision: Decision) -> bytes:
        """The request body within the size and time limits; records its digest."""
        content_type = request.headers.get("content-type", "")
        if not _accepted_body_type(content_type):
            raise Refusal(415, "unsupported_media_type",
                          f"Content-Type {content_type!r} is not accepted: "
                          "send application/json or application/yaml (UTF-8)")
        limit = self.limits.max_body_bytes
        too_large = Refusal(413, "request_too_large",
                            f"the body is larger than the {limit} byte limit", close=True)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large
        chunks, size = [], 0
        try:
            async with asyncio.timeout(self.limits.client_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
        except TimeoutError:
            raise Refusal(408, "request_timeout", "the body did not arrive within "
                          f"{self.limits.client_timeout:g} seconds", close=True) from None
        except ClientDisconnect:
            raise Refusal(400, "client_disconnected",
                          "the connection closed before the whole body arrived",
                          close=True) from None
        raw = b"".join(chunks)
        decision.input_sha256 = hashlib.sha256(raw).hexdigest()
        return raw


def _accepted_body_type(content_type: str) -> bool:
    """JSON, YAML or plain text in UTF-8; no Content-Type at all is fine too."""
    media_type, _, parameters = content_type.partition(";")
    media_type = media_type.strip().lower()
    charsets = [value.strip().strip('"').lower()
                for name, _, value in (p.partition("=") for p in parameters.split(";"))
                if name.strip().lower() == "charset"]
    return (not media_type or media_type in BODY_MEDIA_TYPES) and all(
        c in {"utf-8", "utf8"} for c in charsets)


def _query(request: Request, accepted: tuple[str, ...]) -> dict[str, str]:
    """The query parameters; an unknown or repeated one is a 400, never silently ignored."""
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in accepted:
            raise Refusal(400, "invalid_parameter", f"unknown query parameter {name!r} "
                          f"(accepted: {', '.join(accepted)})")
        if name in values:
            raise Refusal(400, "invalid_parameter", f"query parameter {name!r} given twice")
        values[name] = value
    return values


def _flag(name: str, value: str) -> bool:
    """OPA's boolean query parameters: `?pretty`, `?pretty=true`, `?pretty=false`."""
    if value.lower() in {"", "true", "1"}:
        return True
    if value.lower() in {"false", "0"}:
        return False
    raise Refusal(400, "invalid_parameter", f"query parameter {name!r} must be true or false")


def _peer(request: Request) -> str | None:
    return request.client.host if request.client else None


def _as_of(value: str | None, window: AsOfWindow) -> str:
    """The caller's as_of (within `window` of the server clock), else the server's own."""
    if value is not None and not value.strip():
        raise Refusal(400, "invalid_parameter", "as_of is empty")
    try:
        as_of = resolve_as_of(value)
    except FtcomplyError:
        raise Refusal(400, "invalid_parameter", f"as_of {value!r} is not an RFC 3339 "
                      "datetime with an offset, or a date") from None
    if value is not None and (problem := window.problem("as_of", as_of)):
        raise Refusal(400, "invalid_parameter", problem)
    return as_of


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "resource_not_found", 405: "method_not_allowed"}
    return json_response(error_body(codes.get(exc.status_code, "invalid_parameter"), exc.detail),
                         exc.status_code, dict(exc.headers or {}))


async def _internal_error(request: Request, exc: Exception) -> Response:
    return json_response(error_body("internal_error", "internal error; the server log has the "
                                    "details"), 500)
