"""Signed verdict attestations: DSSE envelopes around in-toto Statements, and their
verification at a deploy gate (`ftcomply attestation verify`).

The statements themselves are written by the `intoto` report format
(`ftcomply/output/intoto.py`); this module signs them (DSSE v1: the signature covers
the pre-authentication encoding PAE(payloadType, payload)), loads keys (Ed25519 and
ECDSA P-256, PEM) and judges an attestation file against a deploy gate's requirements.
docs/attestations.md is the user's view.

Exit codes of verification: 0 valid and satisfying, 1 valid but not satisfying (every
reason given), 2 malformed, unsigned or not verifying with the key (FtcomplyError).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.loader import read_bounded
from ftcomply.models import STAGES

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://in-toto.io/attestation/svr/v0.1"
PASSWORD_ENV = "FTCOMPLY_SIGNING_KEY_PASSWORD"

# An attestation file is read whole; a bundle of many documents stays far below this.
MAX_ATTESTATION_BYTES = 64 * 1024 * 1024
MAX_KEY_BYTES = 64 * 1024


# ---------------------------------------------------------------------------- DSSE


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding: what a signature signs."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str, where: str) -> bytes:
    """Standard or URL-safe base64, padded or not (DSSE accepts both)."""
    if not isinstance(text, str):
        raise FtcomplyError.at(f"{what} is not a base64 string", where)
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raise FtcomplyError.at(f"{what} is not valid base64", where) from None


def _spki_keyid(public_key: Any) -> str:
    """The key's id: SHA-256 of its DER SubjectPublicKeyInfo, hex (`openssl pkey -pubin
    -outform DER | sha256sum`)."""
    from cryptography.hazmat.primitives import serialization

    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


@dataclass(frozen=True)
class Signer:
    """A private key that signs DSSE envelopes. Ed25519 signatures are deterministic;
    ECDSA P-256 (SHA-256, DER-encoded signatures) are not."""

    private_key: Any
    algorithm: str  # "ed25519" or "ecdsa-p256"
    keyid: str

    def sign(self, data: bytes) -> bytes:
        if self.algorithm == "ed25519":
            return self.private_key.sign(data)
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        return self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))


@dataclass(frozen=True)
class VerifyKey:
    """A public key that verifies DSSE signatures."""

    public_key: Any
    algorithm: str
    keyid: str

    def verifies(self, signature: bytes, data: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            if self.algorithm == "ed25519":
                self.public_key.verify(signature, data)
            else:
                self.public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            return False
        return True


def _algorithm(key: Any, path: str) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "ed25519"
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        if isinstance(key.curve, ec.SECP256R1):
            return "ecdsa-p256"
        raise FtcomplyError.at(f"unsupported key: ECDSA on {key.curve.name} (expected "
                               "Ed25519 or ECDSA P-256)", path)
    raise FtcomplyError.at(f"unsupported key type {type(key).__name__.lstrip('_')} "
                           "(expected Ed25519 or ECDSA P-256)", path)


def _read_key(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        raise FtcomplyError.at("no such key file", str(path)) from None
    except IsADirectoryError:
        raise FtcomplyError.at("is a directory, not a key file", str(path)) from None
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read key: {exc.strerror}", str(path)) from None
    if len(data) > MAX_KEY_BYTES:
        raise FtcomplyError.at("is too large to be a PEM key", str(path))
    return data


def load_signer(path: Path) -> Signer:
    """A PEM private key (PKCS#8 or traditional; encrypted ones with the password in
    $FTCOMPLY_SIGNING_KEY_PASSWORD)."""
    from cryptography.hazmat.primitives import serialization

    data = _read_key(path)
    password = os.environ.get(PASSWORD_ENV)
    try:
        try:
            key = serialization.load_pem_private_key(
                data, password.encode("utf-8") if password else None)
        except TypeError:
            if not password:
                raise FtcomplyError.at(f"signing key is encrypted: set {PASSWORD_ENV}",
                                       str(path)) from None
            key = serialization.load_pem_private_key(data, None)  # not encrypted after all
    except FtcomplyError:
        raise
    except ValueError:
        hint = (" (a public key: sign with the private one)" if b"PUBLIC KEY" in data
                else " (or a wrong password)" if password else "")
        raise FtcomplyError.at(f"not a PEM private key{hint}", str(path)) from None
    except Exception as exc:  # cryptography raises its own types for unsupported keys
        raise FtcomplyError.at(f"cannot load signing key: {exc}", str(path)) from None
    algorithm = _algorithm(key, str(path))
    return Signer(key, algorithm, _spki_keyid(key.public_key()))


def load_verify_key(path: Path) -> VerifyKey:
    """A PEM public key (SubjectPublicKeyInfo)."""
    from cryptography.hazmat.primitives import serialization

    data = _read_key(path)
    if b"PRIVATE KEY" in data:
        raise FtcomplyError.at("is a private key: give the public key (openssl pkey -in KEY "
                               "-pubout)", str(path))
    try:
        key = serialization.load_pem_public_key(data)
    except Exception:
        raise FtcomplyError.at("not a PEM public key", str(path)) from None
    return VerifyKey(key, _algorithm(key, str(path)), _spki_keyid(key))


def envelope(statement: bytes, signer: Signer | None) -> dict[str, Any]:
    """A DSSE envelope around a serialized Statement; unsigned (no signatures) without a
    signer, as the in-toto bundle convention allows."""
    signatures = []
    if signer is not None:
        signatures.append({"keyid": signer.keyid,
                           "sig": _b64(signer.sign(pae(PAYLOAD_TYPE, statement)))})
    return {"payloadType": PAYLOAD_TYPE, "payload": _b64(statement), "signatures": signatures}


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Attestation:
    """One verified envelope: where it was (`where`: file:line) and its Statement."""

    where: str
    statement: dict[str, Any]

    @property
    def predicate(self) -> dict[str, Any]:
        return self.statement["predicate"]

    @property
    def details(self) -> dict[str, Any]:
        return self.predicate["ftcomply"]

    @property
    def label(self) -> str:
        document = self.details.get("document") or {}
        name = document.get("name") or document.get("path") or "?"
        return f"{self.where} ({name})"


def _envelopes(data: bytes, source: str) -> list[tuple[str, Any]]:
    """The JSON values of the file: one (a single envelope, even pretty-printed) or one
    per non-blank line (JSON Lines, the in-toto bundle)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FtcomplyError.at("is not UTF-8 text", source) from None
    try:
        return [(source, json.loads(text))]
    except (json.JSONDecodeError, RecursionError):
        pass
    values = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            values.append((where, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            raise FtcomplyError.at("is not JSON (expected a DSSE envelope per line)",
                                   where) from None
    if not values:
        raise FtcomplyError.at("holds no attestation", source)
    return values


def _open_envelope(where: str, value: Any, key: VerifyKey) -> Attestation:
    """The Statement of an envelope whose signature verifies with `key`; FtcomplyError
    (exit 2) for anything malformed, unsigned or not verifying."""
    if not isinstance(value, dict) or not {"payload", "payloadType", "signatures"} <= set(
            value):
        raise FtcomplyError.at("is not a DSSE envelope (expected payloadType, payload and "
                               "signatures)", where)
    payload_type = value["payloadType"]
    if payload_type != PAYLOAD_TYPE:
        raise FtcomplyError.at(f"payloadType is {str(payload_type)[:80]!r}, expected "
                               f"{PAYLOAD_TYPE!r}", where)
    payload = _unb64(value["payload"], "payload", where)
    signatures = value["signatures"]
    if not isinstance(signatures, list):
        raise FtcomplyError.at("signatures is not a list", where)
    if not signatures:
        raise FtcomplyError.at("is unsigned (no signatures): sign with check --signing-key",
                               where)
    signed = pae(payload_type, payload)
    for signature in signatures:
        if not isinstance(signature, dict) or "sig" not in signature:
            raise FtcomplyError.at("a signature has no sig", where)
        if key.verifies(_unb64(signature["sig"], "sig", where), signed):
            break
    else:
        raise FtcomplyError.at(
            f"signature does not verify with the key (keyid {key.keyid[:16]}…)", where)
    try:
        statement = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FtcomplyError.at("payload is not a JSON in-toto Statement", where) from None
    _check_statement(statement, where)
    return Attestation(where, statement)


def _check_statement(statement: Any, where: str) -> None:
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise FtcomplyError.at(f"payload is not an in-toto Statement ({STATEMENT_TYPE})",
                               where)
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise FtcomplyError.at(f"predicateType is {str(statement.get('predicateType'))!r}, "
                               f"expected {PREDICATE_TYPE!r}", where)
    subjects = statement.get("subject")
    predicate = statement.get("predicate")
    details = predicate.get("ftcomply") if isinstance(predicate, dict) else None
    if (not isinstance(subjects, list) or not subjects
            or not all(isinstance(s, dict) and isinstance(s.get("digest"), dict)
                       for s in subjects)
            or not isinstance(details, dict)
            or not isinstance(predicate.get("timeCreated"), str)
            or not isinstance(predicate.get("properties"), list)
            or not all(isinstance(p, str) for p in predicate["properties"])
            or not all(isinstance(v, str) for s in subjects for v in s["digest"].values())
            or not isinstance(details.get("document", {}), dict)
            or not isinstance(details.get("policy"), dict)
            or details["policy"].get("stage") not in STAGES
            or not isinstance(details.get("verdict"), str)
            or not isinstance(details.get("controls"), list)
            or not all(isinstance(c, dict) and isinstance(c.get("id"), str)
                       for c in details["controls"])):
        raise FtcomplyError.at("is not an ftcomply verdict attestation (subject, "
                               "predicate.timeCreated, properties or ftcomply fields "
                               "missing)", where)


def read_attestations(path: Path, key: VerifyKey) -> list[Attestation]:
    """Every envelope of the file, each verified with `key` (FtcomplyError otherwise)."""
    source = str(path)
    data = read_bounded(source, MAX_ATTESTATION_BYTES)  # regular files only: never a FIFO
    if len(data) > MAX_ATTESTATION_BYTES:
        raise FtcomplyError.at(f"is larger than {MAX_ATTESTATION_BYTES} bytes", source)
    return [_open_envelope(where, value, key) for where, value in _envelopes(data, source)]


# ---------------------------------------------------------------------------- judging


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> dt.timedelta:
    """`30d`, `12h`, `90m`, `45s`, `2w`."""
    match = _DURATION.match(text)
    if not match:
        raise FtcomplyError.at(f"--max-age {text!r}: expected a number and a unit (s, m, h, "
                               "d, w), e.g. 30d", "<command line>")
    return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def parse_digest(text: str) -> str:
    """`sha256:HEX` (or bare HEX) → lowercase hex."""
    value = text.strip().lower()
    value = value.removeprefix("sha256:")
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise FtcomplyError.at(f"--digest {text!r}: expected sha256: and 64 hex characters",
                               "<command line>")
    return value


def file_digest(path: Path) -> str:
    """SHA-256 of a file (`sha256sum` agrees), or a directory's manifest digest exactly as
    `check --verify` computes it (docs/evidence.md), for `--subject`. Symlinks leading
    out of the directory are refused, as --verify refuses them."""
    from ftcomply.evidence.digests import ReferenceRefused, path_digest

    try:
        return path_digest(path)
    except ReferenceRefused as refused:
        raise FtcomplyError.at(refused.detail, str(path)) from None


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


# A CI runner's clock and the deploy gate's may differ a little.
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Requirements:
    """What a deploy gate asks of an attestation."""

    digest: str | None = None  # hex sha256 one subject must have
    stage: str = "pre-deployment"
    require: tuple[str, ...] = ()
    max_age: dt.timedelta | None = None
    allow_waived: bool = False
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def reasons(attestation: Attestation, wanted: Requirements) -> list[str]:
    """Why an attestation does not satisfy the requirements (empty: it does)."""
    details = attestation.details
    predicate = attestation.predicate
    found: list[str] = []
    if wanted.digest is not None and not any(
            s["digest"].get("sha256") == wanted.digest for s in attestation.statement["subject"]):
        found.append(f"no subject has digest sha256:{wanted.digest}")
    stage = details["policy"]["stage"]
    if STAGES.index(stage) < STAGES.index(wanted.stage):
        found.append(f"attested at stage {stage}, earlier than the required {wanted.stage}")
    properties = set(predicate["properties"])
    gate = gate_property(stage)
    if details["verdict"] != "pass" or gate not in properties:
        failing = ", ".join(c["id"] for c in details["controls"] if c.get("status") == "fail"
                            and not c.get("baselined"))
        fail_on = details["policy"].get("failOn")
        found.append(f"verdict is {details['verdict']} at stage {stage} (fail_on {fail_on})"
                     + (f": failing {failing}" if failing else ""))
    controls = {c["id"]: c for c in details["controls"]}
    for control_id in wanted.require:
        found.extend(_requirement(control_id, controls.get(control_id), properties,
                                  wanted.allow_waived))
    if wanted.max_age is not None:
        created = _moment(predicate["timeCreated"])
        if created is None:
            found.append(f"timeCreated {predicate['timeCreated']!r} is not a datetime")
        elif created - wanted.now > CLOCK_SKEW:
            found.append(f"dated {predicate['timeCreated']}, after the verifier's time "
                         f"{_text(wanted.now)}")
        elif wanted.now - created > wanted.max_age:
            found.append(f"stale: as_of {predicate['timeCreated']} is "
                         f"{_age(wanted.now - created)} old, more than --max-age "
                         f"{_age(wanted.max_age)}")
    return found


def _requirement(control_id: str, control: dict[str, Any] | None, properties: set[str],
                 allow_waived: bool) -> list[str]:
    if control is None:
        return [f"required control {control_id} is not in the attestation"]
    status = control.get("status")
    if status == "pass" and control_property(control_id) in properties:
        return []
    if allow_waived and (status == "waived" or (status == "fail" and control.get("baselined"))):
        return []
    if status == "waived":
        return [f"required control {control_id} is waived ({control.get('waiver')}); "
                "--allow-waived accepts it"]
    if status == "fail" and control.get("baselined"):
        return [f"required control {control_id} fails, accepted by the baseline; "
                "--allow-waived accepts it"]
    reason = f" ({control['reason']})" if control.get("reason") else ""
    return [f"required control {control_id} is {status}{reason}"]


def gate_property(stage: str) -> str:
    """The SVR property of a document that passed the gate of `stage`."""
    return "FTCOMPLY_GATE_" + stage.upper().replace("-", "_")


def control_property(control_id: str) -> str:
    """The SVR property of a control that passed."""
    return "FTCOMPLY_CONTROL_" + control_id


def _text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _age(delta: dt.timedelta) -> str:
    seconds = delta.total_seconds()
    if seconds >= 86400:
        return f"{seconds / 86400:.4g}d"
    if seconds >= 3600:
        return f"{seconds / 3600:.4g}h"
    return f"{seconds:.4g}s"


@dataclass(frozen=True)
class Outcome:
    """The verdict of `attestation verify`: exit code and the lines to print."""

    exit_code: int
    lines: tuple[str, ...]


def verify(attestations: Sequence[Attestation], wanted: Requirements) -> Outcome:
    """With a subject digest: exit 0 when an attestation naming it satisfies everything
    (a bundle is not authenticated as a whole, so a deleted line must never turn a deny
    into an allow, and an added one is signed too: any satisfying one suffices). Without
    one: every attestation of the file must satisfy."""
    judged = [(a, reasons(a, wanted)) for a in attestations]
    if wanted.digest is not None:
        naming = [(a, r) for a, r in judged if any(
            s["digest"].get("sha256") == wanted.digest for s in a.statement["subject"])]
        if not naming:
            return Outcome(1, (f"FAIL: no attestation has a subject with digest "
                               f"sha256:{wanted.digest}",))
        judged = naming
        ok = any(not r for _, r in judged)
    else:
        ok = all(not r for _, r in judged)
    lines = []
    for attestation, found in judged:
        if not found:
            lines.append(f"OK: {attestation.label}: {_summary(attestation)}")
        for reason in found:
            lines.append(f"FAIL: {attestation.label}: {reason}")
    if wanted.digest is None:
        lines.append("note: no --subject or --digest: the attestation was not bound to an "
                     "artifact")
    return Outcome(0 if ok else 1, tuple(lines))


def _summary(attestation: Attestation) -> str:
    details = attestation.details
    subjects = ", ".join(
        f"{s.get('name', '_')} sha256:{s['digest'].get('sha256', '?')[:12]}… "
        f"({(s.get('annotations') or {}).get('evidence', '?')})"
        for s in attestation.statement["subject"])
    return (f"verdict {details['verdict']} at stage {details['policy']['stage']}, as_of "
            f"{attestation.predicate['timeCreated']}; subjects {subjects}")


def verify_file(path: Path, key_path: Path, wanted: Requirements) -> Outcome:
    """Read, check signatures, judge: the whole of `ftcomply attestation verify`."""
    key = load_verify_key(key_path)
    for control_id in wanted.require:
        if not control_id.strip():
            raise FtcomplyError.at("--require needs a control id", "<command line>")
    if wanted.stage not in STAGES:
        raise FtcomplyError.at(f"--stage {wanted.stage!r}: expected {', '.join(STAGES)}",
                               "<command line>")
    return verify(read_attestations(path, key), wanted)


def requirements(*, subject: Path | None, digest: str | None, stage: str | None,
                 require: Iterable[str], max_age: str | None, allow_waived: bool,
                 as_of: str | None) -> Requirements:
    """The command line's requirements, parsed (FtcomplyError on a bad value)."""
    if subject is not None and digest is not None:
        raise FtcomplyError.at("--subject and --digest contradict each other: give one",
                               "<command line>")
    from ftcomply.options import OptionError
    from ftcomply.pipeline import resolve_as_of

    now = dt.datetime.now(dt.UTC)  # the verifier's clock, never SOURCE_DATE_EPOCH
    if as_of is not None:
        try:
            now = _moment(resolve_as_of(as_of)) or now
        except OptionError as exc:
            raise FtcomplyError.at(f"--as-of {exc.message}", "<command line>") from None
    return Requirements(
        digest=file_digest(subject) if subject is not None else (
            parse_digest(digest) if digest is not None else None),
        stage=stage or "pre-deployment",
        require=tuple(dict.fromkeys(r.strip() for r in require)),
        max_age=parse_duration(max_age) if max_age is not None else None,
        allow_waived=allow_waived,
        now=now,
    )
