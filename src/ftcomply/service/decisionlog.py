"""Decision logs: one JSON line per request to a decision endpoint.

A line says who asked (token id, remote address), about what (the SHA-256 of
the request body), what was decided, against which catalog, and how long it
took. It never holds the descriptor or the token: the digest ties a line to the
input the caller kept, and a caller is named by its token id only.

Requests refused for a missing or wrong token are not decisions and get no line of
their own (anyone can send them, as fast as they like): they are counted, and the
count since the last summary goes out as one line of `"event": "unauthorized"` a
minute, and at shutdown.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TextIO


def now_rfc3339() -> str:
    """The current time as RFC 3339 UTC with milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Decision:
    """One request's log entry, filled in as the request proceeds.

    `time` is when the request arrived (RFC 3339 UTC). `token_id` is the
    caller's token id, "anonymous" when the service runs without a token.
    `input_sha256` is the digest of the
    request body (None when it was not read); `verdict` and `exit_code` are
    the report's (pass/fail/error and 0/1/2) when a report was made, else
    None. `status` is the HTTP status of the response.
    """

    request_id: str
    endpoint: str
    remote_addr: str | None
    catalog_digest: str
    time: str = field(default_factory=now_rfc3339)
    token_id: str | None = None
    input_sha256: str | None = None
    as_of: str | None = None
    verdict: str | None = None
    exit_code: int | None = None
    status: int = 0
    duration_ms: float = 0.0

    def entry(self) -> dict[str, object]:
        return {
            "time": self.time,
            "request_id": self.request_id,
            "caller": {"token_id": self.token_id, "remote_addr": self.remote_addr},
            "endpoint": self.endpoint,
            "status": self.status,
            "input_sha256": self.input_sha256,
            "as_of": self.as_of,
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "catalog_digest": self.catalog_digest,
            "duration_ms": self.duration_ms,
        }


# Peer addresses named one by one in a summary line; the rest are counted as "other".
MAX_SUMMARY_PEERS = 100
OTHER_PEERS = "other"


class DecisionLog:
    """Writes decisions as JSON lines to a text stream (None: decisions are not logged).

    Each line goes out in one write and is flushed, so lines from several
    worker processes appending to one file do not interleave.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        self._unauthorized: dict[str, int] = {}
        self._since: str | None = None

    def write(self, decision: Decision) -> None:
        self._emit(decision.entry())

    def unauthorized(self, remote_addr: str | None) -> None:
        """Count one request refused for a missing or wrong token."""
        if self._since is None:
            self._since = now_rfc3339()
        peer = remote_addr or "unknown"
        if peer not in self._unauthorized and len(self._unauthorized) >= MAX_SUMMARY_PEERS:
            peer = OTHER_PEERS
        self._unauthorized[peer] = self._unauthorized.get(peer, 0) + 1

    @property
    def unauthorized_pending(self) -> int:
        """Unauthorized requests counted since the last summary line."""
        return sum(self._unauthorized.values())

    def write_unauthorized(self) -> None:
        """One summary line of the unauthorized requests since the last (none if none):
        `{"time", "event": "unauthorized", "since", "count", "remote_addrs": {addr: n}}`,
        the addresses most frequent first."""
        if not self._unauthorized:
            return
        counts = sorted(self._unauthorized.items(), key=lambda item: (-item[1], item[0]))
        entry = {"time": now_rfc3339(), "event": "unauthorized", "since": self._since,
                 "count": self.unauthorized_pending, "remote_addrs": dict(counts)}
        self._emit(entry)  # counts kept if the line could not be written
        self._unauthorized, self._since = {}, None

    def _emit(self, entry: dict[str, object]) -> None:
        if self._stream is None:
            return
        line = json.dumps(entry, separators=(",", ":"))
        self._stream.write(line + "\n")
        self._stream.flush()
