"""Running the service: uvicorn (HTTP/1.1 through h11) in one or more worker processes.

Before listening, everything that can be wrong is checked and is exit 2: the
token, the address (anything but loopback needs a token), the config, the
waivers and the policies (compiled once per worker process).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from ftcomply import load_catalog
from ftcomply.config import check_against_catalog, load_config
from ftcomply.errors import FtcomplyError
from ftcomply.ledger import Ledger
from ftcomply.service.app import Limits, create_app
from ftcomply.service.auth import TOKEN_ENV, is_loopback, load_token
from ftcomply.service.opa import error_body

# Worker processes are started afresh (spawn): they rebuild the app from these settings.
SETTINGS_ENV = "FTCOMPLY_SERVE_SETTINGS"
STDERR = "-"
_COMMAND_LINE = "<command line>"


@dataclass(frozen=True)
class ServeSettings:
    """What `ftcomply serve` was asked for: paths and numbers only, never the token itself.

    `decision_log` is a file to append to, or "-" for stderr; `allow_roots` the
    directories in which the config's verification may read artifacts.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    policies: tuple[str, ...] = ()
    allow_roots: tuple[str, ...] = ()
    config: str | None = None
    token_file: str | None = None
    decision_log: str = STDERR
    max_body_bytes: int = Limits.max_body_bytes
    workers: int = 1
    max_nodes: int = Limits.max_nodes
    max_connections: int = Limits.max_connections
    max_connections_per_peer: int = Limits.max_connections_per_peer
    max_as_of_ahead_days: float = Limits.max_as_of_ahead / dt.timedelta(days=1)
    max_as_of_behind_days: float = Limits.max_as_of_behind / dt.timedelta(days=1)
    record: str | None = None

    def limits(self) -> Limits:
        """The limits these settings ask for; FtcomplyError for a value out of range."""
        try:
            ahead = dt.timedelta(days=self.max_as_of_ahead_days)
            behind = dt.timedelta(days=self.max_as_of_behind_days)
        except (OverflowError, ValueError):
            raise FtcomplyError.at("--max-as-of-ahead and --max-as-of-behind are in days "
                                   "(at most 999999999)", _COMMAND_LINE) from None
        return Limits(max_body_bytes=self.max_body_bytes, max_nodes=self.max_nodes,
                      max_connections=self.max_connections,
                      max_connections_per_peer=self.max_connections_per_peer,
                      max_as_of_ahead=ahead, max_as_of_behind=behind)


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on every request head and a cap per peer.

    uvicorn arms its keep-alive timer only after a response, so a client that
    connects and then sends its headers slowly, or never, would hold the
    connection forever (slowloris). Here a request head must be complete
    within `timeout_keep_alive` seconds of the connection opening or of the
    previous response, or the connection is closed.

    uvicorn answers 503 to every request once `limit_concurrency` connections are
    open, idle ones included, so one client re-opening idle connections would
    starve everyone (health probes too). A peer address may hold at most
    `max_per_peer` open connections (0: no cap); a connection beyond that is
    answered 503 at once and closed, without waiting for its request.
    """

    _head_deadline: asyncio.TimerHandle | None = None
    _peer: str | None = None  # set while this connection counts against its peer

    def __init__(self, *args: Any, max_per_peer: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_per_peer = max_per_peer

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        if self.max_per_peer and self.client:
            peers = _peer_table(self.server_state)
            if peers.connections.get(self.client[0], 0) >= self.max_per_peer:
                peers.refused(self.client[0], self.max_per_peer, self.loop)
                self._refuse()
                return
            self._peer = self.client[0]
            peers.connections[self._peer] = peers.connections.get(self._peer, 0) + 1
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        self._arm_head_deadline()  # before a pipelined request may start a new cycle
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        if self._peer is not None:
            peers = _peer_table(self.server_state)
            left = peers.connections.get(self._peer, 1) - 1
            if left > 0:
                peers.connections[self._peer] = left
            else:
                peers.connections.pop(self._peer, None)
            self._peer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return  # a refused connection: nothing it sends is read
        super().data_received(data)

    def _refuse(self) -> None:
        body = json.dumps(error_body(
            "too_many_connections", f"more than {self.max_per_peer} open connections from "
            "this address: reuse or close idle ones")).encode()
        self.transport.write(b"HTTP/1.1 503 Service Unavailable\r\n"
                             b"content-type: application/json\r\n"
                             b"content-length: " + str(len(body)).encode() + b"\r\n"
                             b"retry-after: 1\r\nconnection: close\r\n\r\n" + body)
        self.transport.close()

    def _arm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        waiting_after = self.cycle  # the request cycle in place while the next head is awaited

        def expire() -> None:
            if self.cycle is waiting_after and not self.transport.is_closing():
                self.transport.close()

        self._head_deadline = self.loop.call_later(self.timeout_keep_alive, expire)


# How often, at most, refused connections are reported on stderr.
REFUSAL_REPORT_SECONDS = 60.0
_LOGGER = logging.getLogger("uvicorn.error")


class _PeerTable:
    """Open connections by peer address in one server (one worker process), and the
    connections refused over the cap, reported on stderr at most once a minute."""

    def __init__(self) -> None:
        self.connections: dict[str, int] = {}
        self._refused: dict[str, int] = {}
        self._reported = float("-inf")
        self._report: asyncio.TimerHandle | None = None

    def refused(self, peer: str, cap: int, loop: asyncio.AbstractEventLoop) -> None:
        if peer in self._refused or len(self._refused) < 100:
            self._refused[peer] = self._refused.get(peer, 0) + 1
        if self._report is None:
            delay = max(0.0, self._reported + REFUSAL_REPORT_SECONDS - time.monotonic())
            self._report = loop.call_later(delay, self._write_report, cap)

    def _write_report(self, cap: int) -> None:
        peers = ", ".join(f"{peer} ({count})" for peer, count in sorted(
            self._refused.items(), key=lambda item: (-item[1], item[0])))
        _LOGGER.warning("ftcomply: connections refused over the cap of %d per peer address "
                        "(--max-connections-per-peer): %s", cap, peers)
        self._refused, self._report, self._reported = {}, None, time.monotonic()


def _peer_table(state: Any) -> _PeerTable:
    table = getattr(state, "ftcomply_peers", None)
    if table is None:
        table = state.ftcomply_peers = _PeerTable()
    return table


def server_options(limits: Limits) -> dict[str, Any]:
    """uvicorn settings that enforce the limits; the decision log replaces the access log."""
    return {
        "http": functools.partial(HeadDeadlineProtocol,
                                  max_per_peer=limits.max_connections_per_peer),
        "ws": "none",
        "lifespan": "on",
        "access_log": False,
        "proxy_headers": False,  # remote_addr is the TCP peer, never a header a client wrote
        "server_header": False,
        "timeout_keep_alive": limits.client_timeout,
        "limit_concurrency": limits.max_connections,
        "timeout_graceful_shutdown": max(1, round(limits.client_timeout)),
    }


def build_app(settings: ServeSettings, token: str | None, decision_log: TextIO | None,
              limits: Limits) -> Starlette:
    """The config, the catalog it and `--policies` name, cross-checked, then the app."""
    config = load_config(Path(settings.config) if settings.config else None)
    catalog = load_catalog([*config.policies, *(Path(p) for p in settings.policies)])
    check_against_catalog(config, catalog)
    config = dataclasses.replace(
        config, allow_roots=(*config.allow_roots, *(Path(p) for p in settings.allow_roots)))
    url = settings.record or config.record
    ledger = Ledger.open(url, create=True) if url else None  # unreachable: exit 2 at start-up
    return create_app(catalog, config, token, decision_log, limits, ledger=ledger)


def serve(settings: ServeSettings) -> None:
    """Check everything, then serve until SIGINT or SIGTERM; raises FtcomplyError before that."""
    token = load_token(Path(settings.token_file) if settings.token_file else None)
    if token is None and not is_loopback(settings.host):
        raise FtcomplyError.at(
            f"refusing to listen on {settings.host} without a token: set {TOKEN_ENV} or "
            "--token-file, or listen on 127.0.0.1", _COMMAND_LINE)
    limits = settings.limits()
    with _decision_stream(settings.decision_log) as log:
        app = build_app(settings, token, log, limits)
        listener = _listen(settings.host, settings.port)
        host, port = listener.getsockname()[:2]
        catalog = app.state.catalog
        if token is None:
            print(f"ftcomply: warning: no token ({TOKEN_ENV} or --token-file): serving "
                  "without authentication, to this machine only", file=sys.stderr)
        print(f"ftcomply: serving on http://{_url_host(host)}:{port} with "
              f"{settings.workers} worker(s), catalog {catalog.version} ({catalog.digest})",
              file=sys.stderr, flush=True)
        if settings.workers == 1:
            server = uvicorn.Server(uvicorn.Config(app, **server_options(limits)))
            server.run(sockets=[listener])
            if not server.started:
                raise FtcomplyError.at("the server did not start (see the log above)",
                                       _COMMAND_LINE)
            return
        # uvicorn's supervisor starts the workers; each compiles the catalog once.
        app.state.evaluator.close()
        os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
        uvicorn.run(f"{__name__}:app_from_environment", factory=True,
                    workers=settings.workers, fd=listener.fileno(), **server_options(limits))


def app_from_environment() -> Starlette:
    """The app of one worker process, from the settings its parent checked."""
    raw = json.loads(os.environ[SETTINGS_ENV])
    settings = ServeSettings(**{**raw, "policies": tuple(raw["policies"]),
                                "allow_roots": tuple(raw["allow_roots"])})
    token = load_token(Path(settings.token_file) if settings.token_file else None)
    log = sys.stderr if settings.decision_log == STDERR else _open_log(settings.decision_log)
    return build_app(settings, token, log, settings.limits())


@contextmanager
def _decision_stream(target: str) -> Iterator[TextIO]:
    if target == STDERR:
        yield sys.stderr
        return
    with _open_log(target) as stream:
        yield stream


def _open_log(path: str) -> TextIO:
    try:
        return open(path, "a", encoding="utf-8")
    except OSError as exc:
        raise FtcomplyError.at(f"cannot open the decision log: {exc.strerror}", path) from None


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that a taken port is a clear exit 2."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise FtcomplyError.at(f"cannot listen on {host}:{port}: {reason}",
                               _COMMAND_LINE) from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
