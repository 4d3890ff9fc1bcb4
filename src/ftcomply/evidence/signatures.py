"""Model and adapter signatures: OpenSSF Model Signing bundles, verified offline.

A descriptor can point at a `model.sig` bundle written by `model_signing sign`
(the `model-signing` library, OpenSSF Model Signing v1.0) and say how to trust
it. `verify_signature` checks the bundle with that library and then checks the
model's files against the manifest the bundle signs:

- `public_key`: a PEM elliptic-curve public key (P-256, P-384, P-521), for
  bundles from `model_signing sign key`.
- `certificate_chain`: PEM certificates that anchor the signing certificate
  (`model_signing sign certificate`); the bundle carries the signing
  certificate and its intermediates. The chain is checked at the signing
  certificate's start of validity, as model-signing does; the operating
  system's CA store is never used.
- `identity` + `oidc_issuer` + `trust_root`: a Sigstore bundle (keyless,
  `model_signing sign sigstore`), checked against a local Sigstore trusted root
  (`trusted_root.json`, or a client trust config that holds one). Nothing is
  fetched: no TUF update, no Rekor lookup; the bundle's own transparency-log
  proof is checked against the keys in the trusted root.

The result (`SignatureEvidence`) is `verified`, `invalid` (the signature does
not verify, or a signed file is changed or missing), `unsigned-files` (the
signature verifies and every signed file matches, but the model holds files it
does not cover) or `unverifiable` (it could not be checked: no bundle, no or
several trust settings, an unreadable key, a malformed bundle; `reason` says
which). Its `manifest_digest` is the digest the signature signs, SHA-256 over
the signed files' digests in name order: it is not ftcomply's directory digest
(`ArtifactEvidence.actual_sha256`), which hashes names and contents in its own
way. Report both; they never compare equal.

`model-signing` is imported only when a signature is verified (it takes half a
second to import). Paths must already be confined by the caller (as `--verify`
confines artifacts); a symlink inside the model that leads out of it makes the
result `unverifiable`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import hashlib
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.loader import MAX_INPUT_BYTES, read_bounded

MAX_BUNDLE_BYTES = MAX_INPUT_BYTES
MAX_KEY_BYTES = 1024 * 1024  # a public key, a certificate chain or a trusted root
# At most this many file names in a result's file lists (the counts stay exact).
MAX_LISTED_FILES = 50

# Model Signing predicate v1.0 (the one model-signing >= 1.0 writes).
_PREDICATE_V1 = "https://model_signing/signature/v1.0"


class SignatureStatus(StrEnum):
    VERIFIED = "verified"
    INVALID = "invalid"
    UNSIGNED_FILES = "unsigned-files"
    UNVERIFIABLE = "unverifiable"


class SignatureMethod(StrEnum):
    """How the signer is trusted."""

    PUBLIC_KEY = "public-key"
    CERTIFICATE = "certificate"
    SIGSTORE = "sigstore"


@dataclass(frozen=True)
class SignatureEvidence:
    """What verifying one model or adapter's OpenSSF Model Signing bundle found.

    - `status`: a `SignatureStatus` value; only `verified` means the signature
      holds and covers exactly the model's files.
    - `reason`: why the status is not `verified` (None when it is).
    - `method`: the trust setting used (`SignatureMethod`), None if none was
      usable.
    - `model`, `bundle`: the paths as given; `bundle_sha256` the SHA-256 of
      the bundle's bytes (None if it could not be read).
    - `signer`: who signed, once the signature itself verified: for a public
      key `sha256:<hex>` of its PEM SubjectPublicKeyInfo (model-signing's key
      hint), for a certificate its e-mail or URI subject alternative names and
      subject, for Sigstore the verified identity and its OIDC issuer.
    - `manifest_digest`: `sha256:<hex>`, the digest the signature signs (its
      in-toto subject): SHA-256 over the signed files' digests in name order.
      Not ftcomply's directory digest. `manifest_name` is the model name the
      signature records (the signed folder's name).
    - `signed_files`: how many files (or shards) the signature covers;
      `unsigned_files`, `changed_files`, `missing_files`: files in the model
      the signature does not cover, signed files whose digest differs, signed
      files absent from the model (at most MAX_LISTED_FILES names each).
    - `library_version`: the model-signing version that verified.
    """

    status: SignatureStatus
    reason: str | None
    method: SignatureMethod | None
    model: str
    bundle: str
    bundle_sha256: str | None = None
    signer: str | None = None
    manifest_digest: str | None = None
    manifest_name: str | None = None
    signed_files: int | None = None
    unsigned_files: tuple[str, ...] = ()
    changed_files: tuple[str, ...] = ()
    missing_files: tuple[str, ...] = ()
    library_version: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their values, tuples as lists)."""
        data = dataclasses.asdict(self)
        data["status"] = self.status.value
        data["method"] = self.method.value if self.method else None
        for key in ("unsigned_files", "changed_files", "missing_files"):
            data[key] = list(data[key])
        return data


def verify_signature(
    model: Path | str,
    bundle: Path | str,
    *,
    public_key: Path | str | None = None,
    certificate_chain: Sequence[Path | str] = (),
    identity: str | None = None,
    oidc_issuer: str | None = None,
    trust_root: Path | str | None = None,
) -> SignatureEvidence:
    """Verify the model-signing bundle of `model` (a folder or a file), offline.

    Exactly one way to trust the signer: `public_key`, or `certificate_chain`,
    or `identity` with `oidc_issuer` and `trust_root`. Never raises for what it
    finds (a bad bundle, key or model is a result); see the module docs.
    """
    base = {"model": str(model), "bundle": str(bundle)}
    try:
        method = _method(public_key, certificate_chain, identity, oidc_issuer, trust_root)
    except _Unverifiable as why:
        return SignatureEvidence(SignatureStatus.UNVERIFIABLE, str(why), None, **base)
    result = _Result(method, base)
    try:
        _verify(result, Path(model), Path(bundle), public_key, certificate_chain, identity,
                oidc_issuer, trust_root)
    except _Unverifiable as why:
        return result.finish(SignatureStatus.UNVERIFIABLE, str(why))
    except _Invalid as why:
        return result.finish(SignatureStatus.INVALID, str(why))
    return result.finish(result.status, result.reason)


class _Unverifiable(Exception):
    """The signature could not be checked."""


class _Invalid(Exception):
    """The signature was checked and does not hold."""


@dataclass
class _Result:
    method: SignatureMethod
    base: dict[str, str]
    status: SignatureStatus = SignatureStatus.VERIFIED
    reason: str | None = None
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)

    def finish(self, status: SignatureStatus, reason: str | None) -> SignatureEvidence:
        return SignatureEvidence(status, reason, self.method, **self.base, **self.fields)


def _method(public_key: Any, chain: Sequence[Any], identity: str | None,
            issuer: str | None, trust_root: Any) -> SignatureMethod:
    if isinstance(chain, str | Path):  # one path given where a list is expected
        chain = [chain]
    given = [method for method, present in (
        (SignatureMethod.PUBLIC_KEY, public_key is not None),
        (SignatureMethod.CERTIFICATE, bool(chain)),
        (SignatureMethod.SIGSTORE, any(v is not None for v in (identity, issuer, trust_root))),
    ) if present]
    if not given:
        raise _Unverifiable("no way to trust the signer: give public_key, certificate_chain, "
                            "or identity with oidc_issuer and trust_root")
    if len(given) > 1:
        raise _Unverifiable("several ways to trust the signer given ("
                            + ", ".join(m.value for m in given) + "): give exactly one")
    if given[0] is SignatureMethod.SIGSTORE:
        missing = [name for name, value in (("identity", identity), ("oidc_issuer", issuer),
                                            ("trust_root", trust_root)) if not value]
        if missing:
            raise _Unverifiable("Sigstore verification needs identity, oidc_issuer and a local "
                                "trust_root (nothing is fetched); missing: " + ", ".join(missing))
    return given[0]


def _read(path: Path | str, limit: int, what: str) -> bytes:
    try:
        raw = read_bounded(str(path), limit)
    except FtcomplyError as exc:
        raise _Unverifiable(f"{what}: {exc.errors[0].message}") from None
    if len(raw) > limit:
        raise _Unverifiable(f"{what} is larger than {limit} bytes")
    return raw


def _verify(result: _Result, model: Path, bundle_path: Path, public_key: Any,
            chain: Sequence[Any], identity: str | None, issuer: str | None,
            trust_root: Any) -> None:
    raw = _read(bundle_path, MAX_BUNDLE_BYTES, "cannot read the signature bundle")
    result.fields["bundle_sha256"] = hashlib.sha256(raw).hexdigest()
    if not os.path.lexists(model):
        raise _Unverifiable("cannot read the model: no such file or directory")
    try:
        bundle_json = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _Unverifiable(f"the signature bundle is not JSON: {exc}") from None
    if not isinstance(bundle_json, dict):
        raise _Unverifiable("the signature bundle is not a Sigstore bundle (not a JSON object)")
    try:
        library = _library()
    except ImportError as exc:
        raise _Unverifiable(f"the model-signing library is not installed ({exc})") from None
    result.fields["library_version"] = library.version
    method = result.method
    if method is SignatureMethod.PUBLIC_KEY:
        verifier, signer = _key_verifier(library, public_key)
        signature = _protobuf_signature(library, bundle_json)
    elif method is SignatureMethod.CERTIFICATE:
        paths = [chain] if isinstance(chain, str | Path) else list(chain)
        verifier = _certificate_verifier(library, paths)
        signature = _protobuf_signature(library, bundle_json)
        signer = _certificate_signer(bundle_json)
    else:
        verifier = _sigstore_verifier(library, identity or "", issuer or "", trust_root)
        signature = _sigstore_signature(library, raw)
        signer = f"{identity} (issuer {issuer})"
    _require_material(method, bundle_json)
    expected = _check_signature(verifier, signature)
    result.fields["signer"] = signer
    subject = _subject(bundle_json)
    if subject is not None:
        result.fields["manifest_name"], digest = subject
        result.fields["manifest_digest"] = f"sha256:{digest}"
    _compare(result, library, model, bundle_path, expected)


# --- the model-signing library -----------------------------------------------------------

@dataclass(frozen=True)
class _Library:
    version: str | None
    hashing: Any
    signing: Any  # model_signing._signing.signing
    ec_key: Any
    certificate: Any
    sigstore_pb: Any
    sigstore_models: Any
    sigstore_verify: Any


def _library() -> _Library:
    """Import model-signing (and sigstore) on first use: they take ~0.5 s to import."""
    from importlib.metadata import PackageNotFoundError, version

    from model_signing import hashing
    from model_signing._signing import sign_certificate, sign_ec_key, sign_sigstore_pb, signing
    from sigstore import models as sigstore_models
    from sigstore import verify as sigstore_verify

    try:
        library_version: str | None = version("model-signing")
    except PackageNotFoundError:  # pragma: no cover - installed without metadata
        library_version = None
    return _Library(library_version, hashing, signing, sign_ec_key, sign_certificate,
                    sign_sigstore_pb, sigstore_models, sigstore_verify)


def _key_verifier(library: _Library, path: Any) -> tuple[Any, str]:
    from cryptography.hazmat.primitives import serialization

    pem = _read(path, MAX_KEY_BYTES, "cannot read the public key")
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise _Unverifiable(f"the public key is not a PEM public key: {exc}") from None

    class KeyVerifier(library.ec_key.Verifier):  # type: ignore[name-defined, misc]
        """model-signing's key verifier, given the key read here (bounded) not a path."""

        def __init__(self, public_key: Any) -> None:
            self._public_key = public_key

    try:
        library.ec_key._check_supported_ec_key(key)
    except (ValueError, AttributeError) as exc:
        raise _Unverifiable(f"unsupported public key: {exc} (model-signing takes EC keys on "
                            "P-256, P-384 or P-521)") from None
    spki = key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return KeyVerifier(key), f"sha256:{hashlib.sha256(spki).hexdigest()}"


def _certificate_verifier(library: _Library, paths: list[Any]) -> Any:
    from cryptography import x509
    from OpenSSL import crypto

    pem = b"".join(_read(path, MAX_KEY_BYTES, f"cannot read certificate {path}")
                   for path in paths)
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise _Unverifiable(f"the certificate chain is not PEM certificates: {exc}") from None
    store = crypto.X509Store()
    for certificate in certificates:
        store.add_cert(crypto.X509.from_cryptography(certificate))

    class CertificateVerifier(library.certificate.Verifier):  # type: ignore[name-defined, misc]
        """model-signing's certificate verifier over exactly these anchors (no OS store)."""

        def __init__(self) -> None:
            self._log_fingerprints = False
            self._store = store

    return CertificateVerifier()


def _certificate_signer(bundle_json: dict[str, Any]) -> str | None:
    from cryptography import x509

    try:
        chain = bundle_json["verificationMaterial"]["x509CertificateChain"]["certificates"]
        leaf = x509.load_der_x509_certificate(base64.b64decode(chain[0]["rawBytes"]))
    except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
        return None
    names: list[str] = []
    with contextlib.suppress(x509.ExtensionNotFound):
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names += san.get_values_for_type(x509.RFC822Name)
        names += san.get_values_for_type(x509.UniformResourceIdentifier)
    subject = leaf.subject.rfc4514_string()
    return f"{', '.join(names)} ({subject})" if names else subject


def _protobuf_signature(library: _Library, bundle_json: dict[str, Any]) -> Any:
    """The bundle as model-signing reads key and certificate bundles (Signature.read)."""
    try:
        material = bundle_json["verificationMaterial"]
        material.setdefault("tlogEntries", [])
        if "publicKey" in material:
            material["publicKey"].setdefault("hint", None)
            for key in ("rawBytes", "keyDetails"):
                material["publicKey"].pop(key, None)
        return library.sigstore_pb.Signature(
            library.sigstore_pb.bundle_pb.Bundle.from_dict(bundle_json))
    except Exception as exc:  # pydantic's and our KeyError/TypeError alike
        raise _Unverifiable(f"the signature bundle is not a Sigstore bundle: "
                            f"{_one_line(exc)}") from None


def _sigstore_verifier(library: _Library, identity: str, issuer: str, trust_root: Any) -> Any:
    raw = _read(trust_root, MAX_KEY_BYTES, "cannot read the Sigstore trust root")
    models = library.sigstore_models
    try:
        document = json.loads(raw)
        if isinstance(document, dict) and "trustedRoot" in document:
            root = models.ClientTrustConfig.from_json(raw.decode()).trusted_root
        else:
            root = models.TrustedRoot(models.trustroot_v1.TrustedRoot.from_json(raw))
        verifier = library.sigstore_verify.Verifier(trusted_root=root)
    except Exception as exc:
        raise _Unverifiable(f"the Sigstore trust root is not usable: {_one_line(exc)}") from None
    policy = library.sigstore_verify.policy.Identity(identity=identity, issuer=issuer)

    class SigstoreVerifier(library.signing.Verifier):  # type: ignore[name-defined, misc]
        """model-signing's Sigstore verification over a local trusted root."""

        def _verify_signed_content(self, signature: Any) -> tuple[str, bytes]:
            return verifier.verify_dsse(bundle=signature.bundle, policy=policy)

    return SigstoreVerifier()


def _sigstore_signature(library: _Library, raw: bytes) -> Any:
    from model_signing._signing import sign_sigstore

    try:
        return sign_sigstore.Signature(library.sigstore_models.Bundle.from_json(raw))
    except Exception as exc:
        raise _Unverifiable(f"the signature bundle is not a Sigstore bundle: "
                            f"{_one_line(exc)}") from None


_MATERIAL = {
    SignatureMethod.PUBLIC_KEY: ("publicKey", "a public key (`model_signing sign key`)"),
    SignatureMethod.CERTIFICATE: ("x509CertificateChain",
                                  "a certificate (`model_signing sign certificate`)"),
}
_MATERIAL_NAMES = {"publicKey": "a public key", "x509CertificateChain": "a certificate chain",
                   "certificate": "a Sigstore certificate"}


def _require_material(method: SignatureMethod, bundle_json: dict[str, Any]) -> None:
    """A bundle signed another way than the trust setting expects does not verify."""
    if method not in _MATERIAL:
        return
    material = bundle_json.get("verificationMaterial")
    key, expected = _MATERIAL[method]
    if isinstance(material, dict) and key not in material:
        found = next((name for field, name in _MATERIAL_NAMES.items() if field in material),
                     "no signer")
        raise _Invalid(f"the signature does not verify: the bundle names {found}, but it "
                       f"is to be trusted as signed with {expected}")


def _check_signature(verifier: Any, signature: Any) -> Any:
    """The manifest the signature signs; _Invalid when the signature does not hold."""
    quiet = io.StringIO()
    try:
        # model-signing prints a warning for old key bundles without a key hint.
        with contextlib.redirect_stdout(quiet):
            return verifier.verify(signature)
    except Exception as exc:  # cryptography, OpenSSL, sigstore and ValueError alike
        raise _Invalid(f"the signature does not verify: {_one_line(exc)}") from None


def _subject(bundle_json: dict[str, Any]) -> tuple[str, str] | None:
    """(name, sha256) of the in-toto subject: read once the signature has verified."""
    try:
        payload = base64.b64decode(bundle_json["dsseEnvelope"]["payload"])
        statement = json.loads(payload)
        if statement.get("predicateType") != _PREDICATE_V1:
            return None  # the v0.1 predicate signs each file as a subject: no manifest digest
        (subject,) = statement["subject"]
        return str(subject["name"]), str(subject["digest"]["sha256"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


def _compare(result: _Result, library: _Library, model: Path, bundle_path: Path,
             expected: Any) -> None:
    _refuse_escaping_links(model)
    serialization = expected.serialization_type
    try:
        config = _hashing_config(library, serialization)
        ignored = [str(p) for p in serialization.get("ignore_paths", ())]
        inside = _inside(bundle_path, model)
        if inside is not None:
            ignored.append(inside)
        config.add_ignored_paths(model_path=model, paths=ignored)
        actual = config.hash(model)
    except Exception as exc:  # an unreadable file, a symlink the signature disallows
        raise _Unverifiable(f"cannot hash the model as the signature requires: "
                            f"{_one_line(exc)}") from None
    signed = {d.identifier: d.digest.digest_hex for d in expected.resource_descriptors()}
    found = {d.identifier: d.digest.digest_hex for d in actual.resource_descriptors()}
    unsigned = sorted(set(found) - set(signed))
    missing = sorted(set(signed) - set(found))
    changed = sorted(name for name in set(signed) & set(found) if signed[name] != found[name])
    result.fields.update(signed_files=len(signed), unsigned_files=_listed(unsigned),
                         changed_files=_listed(changed), missing_files=_listed(missing))
    if changed or missing:
        parts = []
        if changed:
            parts.append(f"{len(changed)} signed file(s) changed: {_names(changed)}")
        if missing:
            parts.append(f"{len(missing)} signed file(s) missing: {_names(missing)}")
        result.status, result.reason = SignatureStatus.INVALID, "; ".join(parts)
    elif unsigned:
        result.status = SignatureStatus.UNSIGNED_FILES
        result.reason = f"{len(unsigned)} file(s) not covered by the signature: {_names(unsigned)}"


def _hashing_config(library: _Library, serialization: dict[str, Any]) -> Any:
    """The hashing model-signing's verifier guesses from the manifest (verifying.Config)."""
    method = serialization.get("method")
    common = {"hashing_algorithm": serialization["hash_type"],
              "allow_symlinks": serialization["allow_symlinks"],
              "ignore_paths": serialization.get("ignore_paths", frozenset())}
    if method == "files":
        return library.hashing.Config().use_file_serialization(**common)
    if method == "shards":
        return library.hashing.Config().use_shard_serialization(
            shard_size=serialization["shard_size"], **common)
    raise ValueError(f"unknown serialization method {method!r}")


def _inside(path: Path, folder: Path) -> str | None:
    """`path` relative to `folder` if it lies inside it (the bundle is never hashed)."""
    if not folder.is_dir():
        return None
    real, root = os.path.realpath(path), os.path.realpath(folder)
    if real.startswith(root.rstrip(os.sep) + os.sep):
        return os.path.relpath(real, root)
    return None


def _refuse_escaping_links(model: Path) -> None:
    root = os.path.realpath(model)
    if not os.path.isdir(root):
        if os.path.islink(model) and not os.path.exists(model):
            raise _Unverifiable("the model is a dangling symlink")
        return
    for folder, dirs, files in os.walk(model, followlinks=False):
        for entry in (*dirs, *files):
            path = os.path.join(folder, entry)
            if not os.path.islink(path):
                continue
            target = os.path.realpath(path)
            if target != root and not target.startswith(root.rstrip(os.sep) + os.sep):
                raise _Unverifiable(f"the model holds a symlink leading out of it: "
                                    f"{os.path.relpath(path, model)}")


def _listed(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)[:MAX_LISTED_FILES]


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
