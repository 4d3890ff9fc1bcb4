"""Bearer-token authentication: where the token comes from, and who a caller is.

The token is read from `--token-file` or else the `FTCOMPLY_TOKEN` variable,
compared in constant time, and never logged: a caller is named by the first 8
hex digits of the token's SHA-256 (`token_id`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ftcomply.errors import FtcomplyError
from ftcomply.loader import read_bounded

TOKEN_ENV = "FTCOMPLY_TOKEN"
ANONYMOUS = "anonymous"
MIN_TOKEN_CHARS = 16
_MAX_TOKEN_FILE_BYTES = 4096
# RFC 6750 b64token: what may follow "Bearer " in an Authorization header.
_TOKEN = re.compile(r"^[A-Za-z0-9._~+/-]+=*$")
_BEARER = re.compile(r"^Bearer +(\S+) *$", re.IGNORECASE)


def load_token(token_file: Path | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """The configured token: the file's content when given, else FTCOMPLY_TOKEN, else None."""
    if token_file is not None:
        where = str(token_file)
        try:
            raw = read_bounded(where, _MAX_TOKEN_FILE_BYTES)
        except FtcomplyError as exc:
            raise FtcomplyError.at(f"cannot read token file: {exc.errors[0].message}",
                                   where) from None
        if len(raw) > _MAX_TOKEN_FILE_BYTES:
            raise FtcomplyError.at(f"token file is larger than {_MAX_TOKEN_FILE_BYTES} bytes",
                                   where)
        try:
            token = raw.decode("ascii").strip()
        except UnicodeDecodeError:
            raise FtcomplyError.at("token file is not ASCII text", where) from None
    else:
        where = f"${TOKEN_ENV}"
        token = environ.get(TOKEN_ENV, "").strip()
        if not token:
            return None
    if not _TOKEN.match(token):
        raise FtcomplyError.at("the token must be one word of letters, digits and -._~+/ "
                               "(e.g. from `openssl rand -hex 32`)", where)
    if len(token) < MIN_TOKEN_CHARS:
        raise FtcomplyError.at(f"the token is shorter than {MIN_TOKEN_CHARS} characters "
                               "(e.g. use `openssl rand -hex 32`)", where)
    return token


def token_id(token: str) -> str:
    """A name for a token that reveals nothing usable: 8 hex digits of its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()[:8]


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name could resolve anywhere


class BearerAuth:
    """Checks `Authorization: Bearer <token>`; with no token configured everyone is anonymous."""

    def __init__(self, token: str | None) -> None:
        self._expected = _digest(token.encode()) if token else None
        self._id = token_id(token) if token else ANONYMOUS

    @property
    def required(self) -> bool:
        return self._expected is not None

    def caller(self, authorization: str | None) -> str | None:
        """The caller's token id (or "anonymous" when no token is configured); None if refused."""
        if self._expected is None:
            return self._id
        match = _BEARER.match(authorization or "")
        presented = match.group(1).encode("utf-8", "replace") if match else b""
        # Constant time over equal-length digests: neither how much of a guess matched nor
        # the token's length may show in the response time.
        if hmac.compare_digest(_digest(presented), self._expected):
            return self._id
        return None


def _digest(value: bytes) -> bytes:
    return hashlib.sha256(value).digest()
