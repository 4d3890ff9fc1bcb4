"""OpenSSF Model Signing bundles verified offline with the model-signing library.

The bundles were written by `model_signing sign key` and `model_signing sign
certificate` (tests/fixtures/tools/make_fixtures.sh); the tampered adapter has one
byte changed in a signed file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from support import ROOT

from ftcomply.evidence.digests import verify_artifacts
from ftcomply.evidence.signatures import (
    SignatureMethod,
    SignatureStatus,
    verify_signature,
)

SIGNED = ROOT / "tests" / "fixtures" / "tools" / "model-signing"
ADAPTER = SIGNED / "adapter"
KEY_BUNDLE = SIGNED / "key" / "model.sig"
PUBLIC_KEY = SIGNED / "key" / "signer.pub.pem"
CERT_BUNDLE = SIGNED / "certificate" / "model.sig"
CA = SIGNED / "certificate" / "ca.pem"
TAMPERED = ROOT / "tests" / "fixtures" / "tools" / "tampered" / "model-signing" / "adapter"
SIGNED_FILES = ("README.md", "adapter_config.json", "adapter_model.safetensors")


def statement(bundle: Path) -> dict:
    envelope = json.loads(bundle.read_text())["dsseEnvelope"]
    return json.loads(base64.b64decode(envelope["payload"]))


def copy_adapter(tmp_path: Path) -> Path:
    target = tmp_path / "adapter"
    shutil.copytree(ADAPTER, target)
    return target


def pem_public(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


# --- the real bundles ----------------------------------------------------------------------

def test_key_signed_adapter_verifies():
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.VERIFIED, result.reason
    assert result.reason is None and result.method is SignatureMethod.PUBLIC_KEY
    # The signer is the key's model-signing hint: SHA-256 of its PEM SubjectPublicKeyInfo.
    hint = json.loads(KEY_BUNDLE.read_text())["verificationMaterial"]["publicKey"]["hint"]
    assert result.signer == f"sha256:{hint}"
    subject = statement(KEY_BUNDLE)["subject"][0]
    assert result.manifest_digest == f"sha256:{subject['digest']['sha256']}"
    assert result.manifest_name == subject["name"] == "adapter"
    assert result.signed_files == len(SIGNED_FILES)
    assert result.bundle_sha256 == hashlib.sha256(KEY_BUNDLE.read_bytes()).hexdigest()
    assert result.library_version == "1.1.1"
    assert (result.unsigned_files, result.changed_files, result.missing_files) == ((), (), ())


def test_manifest_digest_is_over_the_signed_file_digests():
    resources = statement(KEY_BUNDLE)["predicate"]["resources"]
    assert [r["name"] for r in resources] == list(SIGNED_FILES)
    files = hashlib.sha256()
    for name in SIGNED_FILES:
        digest = hashlib.sha256((ADAPTER / name).read_bytes()).digest()
        assert digest.hex() == next(r["digest"] for r in resources if r["name"] == name)
        files.update(digest)
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.manifest_digest == f"sha256:{files.hexdigest()}"


def test_manifest_digest_is_not_the_directory_digest():
    descriptor = {"base_model": {"id": "org/base", "source": "hub"},
                  "adapters": [{"name": "lora", "uri": "adapter"}]}
    (artifact,) = [a for a in verify_artifacts(descriptor, SIGNED / "ftjob.yaml")
                   if a.pointer == "/adapters/0"]
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert artifact.actual_sha256 and result.manifest_digest
    assert result.manifest_digest.removeprefix("sha256:") != artifact.actual_sha256


def test_certificate_signed_adapter_verifies():
    result = verify_signature(ADAPTER, CERT_BUNDLE, certificate_chain=[CA])
    assert result.status is SignatureStatus.VERIFIED, result.reason
    assert result.method is SignatureMethod.CERTIFICATE
    assert result.signer == "release-bot@example.org (CN=release-bot)"
    assert result.manifest_digest == verify_signature(
        ADAPTER, KEY_BUNDLE, public_key=PUBLIC_KEY).manifest_digest  # same files, same digest


def test_certificate_chain_as_one_path():
    assert verify_signature(ADAPTER, CERT_BUNDLE, certificate_chain=CA).status is (
        SignatureStatus.VERIFIED)


def test_as_dict_is_plain_json():
    data = verify_signature(ADAPTER, KEY_BUNDLE, public_key=PUBLIC_KEY).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == "verified" and data["method"] == "public-key"
    assert data["unsigned_files"] == [] and data["manifest_digest"].startswith("sha256:")


# --- tampering -----------------------------------------------------------------------------

@pytest.mark.parametrize(("bundle", "trust"), [
    (KEY_BUNDLE, {"public_key": PUBLIC_KEY}), (CERT_BUNDLE, {"certificate_chain": [CA]})],
    ids=["key", "certificate"])
def test_tampered_adapter_is_invalid(bundle, trust):
    changed = (TAMPERED / "adapter_model.safetensors").read_bytes()
    original = (ADAPTER / "adapter_model.safetensors").read_bytes()
    assert len(changed) == len(original)
    assert sum(a != b for a, b in zip(changed, original, strict=True)) == 1
    result = verify_signature(TAMPERED, bundle, **trust)
    assert result.status is SignatureStatus.INVALID
    assert result.changed_files == ("adapter_model.safetensors",)
    assert "1 signed file(s) changed: adapter_model.safetensors" in result.reason
    # The signature itself holds: who signed and what they signed are still reported.
    assert result.signer and result.manifest_digest == verify_signature(
        ADAPTER, bundle, **trust).manifest_digest


def test_extra_file_is_unsigned(tmp_path):
    adapter = copy_adapter(tmp_path)
    (adapter / "training_args.bin").write_bytes(b"\x80\x04N.")
    result = verify_signature(adapter, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNSIGNED_FILES
    assert result.unsigned_files == ("training_args.bin",)
    assert "not covered by the signature: training_args.bin" in result.reason


def test_missing_signed_file_is_invalid(tmp_path):
    adapter = copy_adapter(tmp_path)
    (adapter / "README.md").unlink()
    result = verify_signature(adapter, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.INVALID
    assert result.missing_files == ("README.md",)


def test_git_files_and_the_bundle_inside_the_model_are_not_model_files(tmp_path):
    adapter = copy_adapter(tmp_path)
    shutil.copyfile(KEY_BUNDLE, adapter / "model.sig")
    (adapter / ".gitattributes").write_text("*.safetensors filter=lfs\n")
    result = verify_signature(adapter, adapter / "model.sig", public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.VERIFIED, result.reason


def test_changed_payload_is_invalid(tmp_path):
    bundle = json.loads(KEY_BUNDLE.read_text())
    forged = statement(KEY_BUNDLE)
    forged["predicate"]["resources"][0]["digest"] = "0" * 64
    bundle["dsseEnvelope"]["payload"] = base64.b64encode(json.dumps(forged).encode()).decode()
    path = tmp_path / "model.sig"
    path.write_text(json.dumps(bundle))
    result = verify_signature(ADAPTER, path, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.INVALID
    assert result.reason.startswith("the signature does not verify")
    assert result.signer is None and result.manifest_digest is None


def test_another_key_is_invalid(tmp_path):
    other = tmp_path / "other.pub.pem"
    other.write_bytes(pem_public(ec.generate_private_key(ec.SECP256R1())))
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=other)
    assert result.status is SignatureStatus.INVALID
    assert "Key mismatch" in result.reason


def test_another_certificate_authority_is_invalid(tmp_path):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ftcomply test root CA")])
    now = dt.datetime.now(dt.UTC)
    stranger = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
    path = tmp_path / "other-ca.pem"  # same name as the real root, another key
    path.write_bytes(stranger.public_bytes(serialization.Encoding.PEM))
    result = verify_signature(ADAPTER, CERT_BUNDLE, certificate_chain=[path])
    assert result.status is SignatureStatus.INVALID
    assert result.reason.startswith("the signature does not verify")


def test_key_bundle_checked_as_certificate_bundle_is_invalid():
    result = verify_signature(ADAPTER, KEY_BUNDLE, certificate_chain=[CA])
    assert result.status is SignatureStatus.INVALID


# --- what cannot be checked ---------------------------------------------------------------

@pytest.mark.parametrize(("trust", "reason"), [
    ({}, "no way to trust the signer"),
    ({"public_key": PUBLIC_KEY, "certificate_chain": [CA]}, "several ways"),
    ({"identity": "a@example.org", "oidc_issuer": "https://issuer.example"}, "trust_root"),
    ({"trust_root": CA}, "missing: identity, oidc_issuer"),
])
def test_trust_settings(trust, reason):
    result = verify_signature(ADAPTER, KEY_BUNDLE, **trust)
    assert result.status is SignatureStatus.UNVERIFIABLE
    assert reason in result.reason and result.method is None


def test_unusable_sigstore_trust_root(tmp_path):
    root = tmp_path / "trusted_root.json"
    root.write_text(json.dumps({
        "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "tlogs": [], "certificateAuthorities": [], "ctlogs": [], "timestampAuthorities": []}))
    sigstore = {"identity": "a@example.org", "oidc_issuer": "https://issuer.example"}
    result = verify_signature(ADAPTER, KEY_BUNDLE, trust_root=root, **sigstore)
    assert result.status is SignatureStatus.UNVERIFIABLE
    assert result.method is SignatureMethod.SIGSTORE
    assert "trust root is not usable" in result.reason
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{")
    assert "trust root is not usable" in verify_signature(
        ADAPTER, KEY_BUNDLE, trust_root=garbage, **sigstore).reason


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / "absent.sig", "cannot read the signature bundle: no such file"),
    (lambda d: d, "cannot read the signature bundle: is a directory"),
    (lambda d: write(d / "a.sig", b"\xff{"), "not JSON"),
    (lambda d: write(d / "a.sig", b"[]"), "not a Sigstore bundle"),
    (lambda d: write(d / "a.sig", b'{"mediaType": "x"}'), "not a Sigstore bundle"),
    (lambda d: write(d / "a.sig", b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
     "not JSON"),
], ids=["missing", "directory", "binary", "array", "shapeless", "deep"])
def test_unreadable_bundles(tmp_path, make, reason):
    result = verify_signature(ADAPTER, make(tmp_path), public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNVERIFIABLE
    assert reason in result.reason


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_fifo_bundle_refused_unread(tmp_path):
    fifo = tmp_path / "model.sig"
    os.mkfifo(fifo)
    result = verify_signature(ADAPTER, fifo, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNVERIFIABLE and "FIFO" in result.reason


def test_unusable_public_keys(tmp_path):
    rsa_key = tmp_path / "rsa.pem"
    rsa_key.write_bytes(pem_public(rsa.generate_private_key(public_exponent=65537,
                                                            key_size=2048)))
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=rsa_key)
    assert result.status is SignatureStatus.UNVERIFIABLE and "unsupported" in result.reason
    text = write(tmp_path / "key.pem", b"not a key")
    result = verify_signature(ADAPTER, KEY_BUNDLE, public_key=text)
    assert result.status is SignatureStatus.UNVERIFIABLE and "not a PEM" in result.reason
    missing = verify_signature(ADAPTER, KEY_BUNDLE, public_key=tmp_path / "none.pem")
    assert "cannot read the public key: no such file" in missing.reason


def test_missing_model(tmp_path):
    result = verify_signature(tmp_path / "gone", KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNVERIFIABLE and "no such file" in result.reason
    assert result.bundle_sha256 is not None


def test_symlink_leading_out_of_the_model(tmp_path):
    adapter = copy_adapter(tmp_path)
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", adapter / "notes.txt")
    result = verify_signature(adapter, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNVERIFIABLE
    assert "symlink leading out of it: notes.txt" in result.reason


def test_symlink_inside_the_model_follows_the_signature(tmp_path):
    adapter = copy_adapter(tmp_path)
    os.symlink("README.md", adapter / "README.link")
    # The bundle was signed with allow_symlinks false: model-signing refuses to hash it.
    result = verify_signature(adapter, KEY_BUNDLE, public_key=PUBLIC_KEY)
    assert result.status is SignatureStatus.UNVERIFIABLE
    assert "cannot hash the model" in result.reason


def test_model_signing_imported_only_when_verifying():
    code = ("import sys, ftcomply.evidence.signatures, ftcomply.evidence.evaluations; "
            "print('model_signing' in sys.modules, 'sigstore' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
