"""Signed verdict attestations: `check --report intoto=FILE --signing-key KEY.pem` and
`ftcomply attestation verify`, with real keys made here, tampered envelopes and a
standard DSSE verification done independently of ftcomply's code."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from support import AS_OF, EXAMPLES, run_cli

from ftcomply import attestation
from ftcomply.errors import FtcomplyError

COMPLIANT = str(EXAMPLES / "compliant-high-lora.yaml")
FAILING = str(EXAMPLES / "failing-multi-phase.yaml")
MINIMAL = str(EXAMPLES / "minimal-low.yaml")
DEPLOYED = "7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"  # compliant
PAYLOAD_TYPE = "application/vnd.in-toto+json"


def write_private(path: Path, key) -> Path:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return path


def write_public(path: Path, key) -> Path:
    path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return path


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    made = {"ed": ed25519.Ed25519PrivateKey.generate(),
            "ec": ec.generate_private_key(ec.SECP256R1()),
            "other": ed25519.Ed25519PrivateKey.generate(),
            "p384": ec.generate_private_key(ec.SECP384R1()),
            "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048)}
    paths = {}
    for name, key in made.items():
        paths[name] = write_private(folder / f"{name}.pem", key)
        paths[name + ".pub"] = write_public(folder / f"{name}.pub", key)
    return paths


def check(*args: str):
    return run_cli("check", "--as-of", AS_OF, "--no-color", "-q", *args)


def attest(tmp_path: Path, key: Path | None, *args: str, name: str = "a.intoto.jsonl"):
    out = tmp_path / name
    signing = ["--signing-key", str(key)] if key else []
    result = check(*args, "--report", f"intoto={out}", *signing)
    assert result.returncode in (0, 1), result.stderr
    return out


def verify(path: Path, key: Path, *args: str):
    return run_cli("attestation", "verify", str(path), "--key", str(key), *args)


def envelopes(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def statement(envelope: dict) -> dict:
    return json.loads(base64.b64decode(envelope["payload"]))


@pytest.fixture(scope="module")
def signed(keys, tmp_path_factory) -> Path:
    """The compliant example at the default stage, signed with Ed25519, plus its JSON
    report beside it."""
    folder = tmp_path_factory.mktemp("signed")
    result = check(COMPLIANT, "--report", f"intoto={folder / 'a.intoto.jsonl'}",
                   "--report", f"json={folder / 'report.json'}",
                   "--signing-key", str(keys["ed"]))
    assert result.returncode == 0, result.stderr
    return folder / "a.intoto.jsonl"


# ------------------------------------------------------------------ the statement


def test_statement_is_in_toto_v1_with_the_svr_predicate(signed):
    [envelope] = envelopes(signed)
    assert envelope["payloadType"] == PAYLOAD_TYPE
    assert len(envelope["signatures"]) == 1
    body = statement(envelope)
    assert body["_type"] == "https://in-toto.io/Statement/v1"
    assert body["predicateType"] == "https://in-toto.io/attestation/svr/v0.1"
    predicate = body["predicate"]
    assert predicate["timeCreated"] == AS_OF
    assert predicate["verifier"]["id"].startswith("pkg:pypi/ftcomply@")
    assert "FTCOMPLY_GATE_PRE_DEPLOYMENT" in predicate["properties"]
    assert "FTCOMPLY_GATE_PRE_TUNING" in predicate["properties"]
    details = predicate["ftcomply"]
    assert details["verdict"] == "pass"
    assert details["policy"]["stage"] == "pre-deployment"
    assert details["policy"]["failOn"] == "low"
    report = json.loads((signed.parent / "report.json").read_text())
    assert details["policy"]["catalog"]["digest"]["sha256"] == report["catalog"][
        "digest"].removeprefix("sha256:")
    assert details["policy"]["baseline"] is None
    controls = {c["id"]: c for c in details["controls"]}
    assert len(controls) == report["catalog"]["controls"]
    results = {r["control_id"]: r for r in report["documents"][0]["results"]}
    for control_id, control in controls.items():
        assert control["status"] == results[control_id]["status"]
        assert control["evidenceLevel"] == results[control_id]["evidence_level"]
        assert (f"FTCOMPLY_CONTROL_{control_id}" in predicate["properties"]) == (
            control["status"] == "pass")


def test_predicate_holds_the_sha256_of_the_full_json_report(signed):
    details = statement(envelopes(signed)[0])["predicate"]["ftcomply"]
    written = (signed.parent / "report.json").read_bytes()
    assert details["report"]["digest"]["sha256"] == hashlib.sha256(written).hexdigest()


def test_subjects_are_the_adapter_and_the_deployed_artifact_marked_declared(signed):
    subjects = statement(envelopes(signed)[0])["subject"]
    roles = {s["annotations"]["role"]: s for s in subjects}
    assert set(roles) == {"adapter", "deployed-artifact"}
    assert roles["deployed-artifact"]["digest"] == {"sha256": DEPLOYED}
    assert roles["deployed-artifact"]["annotations"]["pointer"] == (
        "/deployment/artifact_sha256")
    assert all(s["annotations"]["evidence"] == "declared" for s in subjects)


def test_pre_tuning_subject_is_the_descriptor(tmp_path, keys):
    out = attest(tmp_path, keys["ed"], COMPLIANT, "--stage", "pre-tuning")
    [subject] = statement(envelopes(out)[0])["subject"]
    assert subject["digest"]["sha256"] == hashlib.sha256(
        Path(COMPLIANT).read_bytes()).hexdigest()
    assert subject["annotations"] == {"role": "descriptor", "pointer": "",
                                      "evidence": "verified"}
    properties = statement(envelopes(out)[0])["predicate"]["properties"]
    assert "FTCOMPLY_GATE_PRE_TUNING" in properties
    assert "FTCOMPLY_GATE_POST_TUNING" not in properties


def test_verified_artifacts_are_marked_verified_and_a_directory_subject_verifies(
        tmp_path, keys):
    """examples/verified at the time its evidence was made (tests/test_examples_verified):
    --verify hashes the adapter folder, and --subject hashes it the same way."""
    out = tmp_path / "verified.intoto.jsonl"
    result = run_cli("check", str(EXAMPLES / "verified" / "support-bot-lora.yaml"),
                     "--verify", "--no-config", "--as-of", "2026-12-07T00:00:00Z", "-q",
                     "--report", f"intoto={out}", "--signing-key", str(keys["ed"]),
                     timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    subjects = statement(envelopes(out)[0])["subject"]
    assert {s["annotations"]["role"] for s in subjects} == {"adapter", "deployed-artifact"}
    assert {s["annotations"]["evidence"] for s in subjects} == {"verified"}
    checked = verify(out, keys["ed.pub"], "--subject", str(EXAMPLES / "verified" / "adapter"),
                     "--require", "PRE-SUPPLY-02", "--max-age", "30d", "--as-of",
                     "2026-12-08")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "(verified)" in checked.stdout


def test_several_documents_write_json_lines_one_envelope_each(tmp_path, keys):
    out = attest(tmp_path, keys["ed"], COMPLIANT, MINIMAL, FAILING)
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    names = [statement(json.loads(line))["predicate"]["ftcomply"]["document"]["name"]
             for line in lines]
    assert len(set(names)) == 3


def test_ed25519_envelopes_are_byte_identical_across_runs(tmp_path, keys):
    first = attest(tmp_path, keys["ed"], COMPLIANT, FAILING, name="1.jsonl").read_bytes()
    second = attest(tmp_path, keys["ed"], COMPLIANT, FAILING, name="2.jsonl").read_bytes()
    assert first == second


def test_without_a_key_the_envelope_is_unsigned_and_does_not_verify(tmp_path, keys):
    out = attest(tmp_path, None, COMPLIANT)
    assert envelopes(out)[0]["signatures"] == []
    result = verify(out, keys["ed.pub"])
    assert result.returncode == 2
    assert "unsigned" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ standard verifiers


def test_dsse_pae_verifies_independently_with_cryptography(signed, keys):
    """DSSE v1 as its spec defines it, written here from the spec, not from ftcomply."""
    envelope = envelopes(signed)[0]
    payload = base64.b64decode(envelope["payload"])
    kind = envelope["payloadType"].encode()
    pae = b"DSSEv1 " + str(len(kind)).encode() + b" " + kind + b" " + str(
        len(payload)).encode() + b" " + payload
    public = serialization.load_pem_public_key(keys["ed.pub"].read_bytes())
    public.verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae)
    der = public.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    assert envelope["signatures"][0]["keyid"] == hashlib.sha256(der).hexdigest()


def test_ecdsa_p256_signature_is_standard_der_over_the_pae(tmp_path, keys):
    out = attest(tmp_path, keys["ec"], COMPLIANT)
    envelope = envelopes(out)[0]
    payload = base64.b64decode(envelope["payload"])
    pae = b"DSSEv1 %d %b %d %b" % (len(PAYLOAD_TYPE), PAYLOAD_TYPE.encode(), len(payload),
                                   payload)
    public = serialization.load_pem_public_key(keys["ec.pub"].read_bytes())
    public.verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae,
                  ec.ECDSA(hashes.SHA256()))
    assert verify(out, keys["ec.pub"], "--digest", f"sha256:{DEPLOYED}").returncode == 0


def test_securesystemslib_dsse_accepts_the_envelope(signed, keys):
    """securesystemslib (in-toto's own library) verifies the envelope."""
    dsse = pytest.importorskip("securesystemslib.dsse",
                               reason="securesystemslib not installed (test extra)")
    from securesystemslib.exceptions import VerificationError
    from securesystemslib.signer import SSlibKey

    envelope = dsse.Envelope.from_dict(envelopes(signed)[0])
    public = serialization.load_pem_public_key(keys["ed.pub"].read_bytes())
    keyid = next(iter(envelope.signatures))
    accepted = envelope.verify([SSlibKey.from_crypto(public, keyid=keyid)], 1)
    assert keyid in accepted
    other = serialization.load_pem_public_key(keys["other.pub"].read_bytes())
    with pytest.raises(VerificationError):
        envelope.verify([SSlibKey.from_crypto(other, keyid=keyid)], 1)


# ------------------------------------------------------------------ verify: exit codes


def test_verify_exit_0_with_subject_digest_required_controls_and_max_age(signed, keys,
                                                                       tmp_path):
    artifact = tmp_path / "adapter.safetensors"
    artifact.write_bytes(b"weights")
    result = verify(signed, keys["ed.pub"], "--digest", f"sha256:{DEPLOYED}",
                    "--require", "PRE-DATA-01", "--require", "POST-EVAL-02",
                    "--max-age", "30d", "--as-of", "2026-12-01", "--stage", "post-tuning")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")


def test_verify_subject_path_is_hashed(signed, keys, tmp_path):
    artifact = tmp_path / "adapter.safetensors"
    artifact.write_bytes(b"not the attested artifact")
    result = verify(signed, keys["ed.pub"], "--subject", str(artifact))
    assert result.returncode == 1
    assert "no attestation has a subject with digest sha256:" + hashlib.sha256(
        b"not the attested artifact").hexdigest() in result.stdout


def test_verify_wrong_digest_exit_1(signed, keys):
    result = verify(signed, keys["ed.pub"], "--digest", "sha256:" + "0" * 64)
    assert result.returncode == 1 and "no attestation has a subject" in result.stdout


def test_verify_stale_exit_1_and_says_why(signed, keys):
    result = verify(signed, keys["ed.pub"], "--digest", f"sha256:{DEPLOYED}",
                    "--max-age", "30d", "--as-of", "2027-02-01T00:00:00Z")
    assert result.returncode == 1
    assert "stale: as_of 2026-11-26T00:00:00Z is 67d old, more than --max-age 30d" in (
        result.stdout)


def test_verify_future_dated_attestation_fails_freshness(signed, keys):
    result = verify(signed, keys["ed.pub"], "--max-age", "30d", "--as-of", "2026-11-01")
    assert result.returncode == 1 and "after the verifier's time" in result.stdout


def test_verify_earlier_stage_exit_1(tmp_path, keys):
    out = attest(tmp_path, keys["ed"], COMPLIANT, "--stage", "post-tuning")
    assert verify(out, keys["ed.pub"], "--stage", "post-tuning").returncode == 0
    assert verify(out, keys["ed.pub"], "--stage", "pre-tuning").returncode == 0
    result = verify(out, keys["ed.pub"])  # pre-deployment by default
    assert result.returncode == 1
    assert "attested at stage post-tuning, earlier than the required pre-deployment" in (
        result.stdout)


def test_verify_failing_verdict_exit_1_names_the_failing_controls(tmp_path, keys):
    out = attest(tmp_path, keys["ed"], FAILING)
    result = verify(out, keys["ed.pub"], "--require", "PRE-DATA-01", "--require",
                    "NOPE-01")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("verdict is fail at stage pre-deployment (fail_on low): failing PRE-DATA-01"
               in line for line in lines)
    assert any("required control PRE-DATA-01 is fail" in line for line in lines)
    assert any("required control NOPE-01 is not in the attestation" in line
               for line in lines)


def test_waived_and_baselined_required_controls_need_allow_waived(tmp_path, keys):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(check(FAILING, "--format", "json").stdout)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(json.dumps({"waivers": [{
        "id": "W-1", "control": "POST-EVAL-02", "jobs": ["sales-*"],
        "justification": "second benchmark not licensed until Q1",
        "approved_by": "jane.doe@example.com", "ticket": "SEC-1",
        "expires": "2026-12-31"}]}))
    out = attest(tmp_path, keys["ed"], FAILING, "--baseline", str(baseline),
                 "--waivers", str(waivers))
    details = statement(envelopes(out)[0])["predicate"]["ftcomply"]
    assert details["verdict"] == "pass"
    assert details["policy"]["waivers"][0]["id"] == "W-1"
    assert details["policy"]["baseline"]["digest"]["sha256"] == hashlib.sha256(
        baseline.read_bytes()).hexdigest()
    assert verify(out, keys["ed.pub"]).returncode == 0
    result = verify(out, keys["ed.pub"], "--require", "POST-EVAL-02", "--require",
                    "PRE-DATA-01")
    assert result.returncode == 1
    assert "required control POST-EVAL-02 is waived (W-1)" in result.stdout
    assert "required control PRE-DATA-01 fails, accepted by the baseline" in result.stdout
    assert verify(out, keys["ed.pub"], "--require", "POST-EVAL-02", "--require",
                  "PRE-DATA-01", "--allow-waived").returncode == 0


def test_bundle_with_subject_passes_when_one_naming_attestation_satisfies(tmp_path, keys):
    """A bundle is not authenticated as a whole: with a subject, one satisfying
    attestation about it is enough, so deleting other lines cannot turn deny to allow."""
    out = attest(tmp_path, keys["ed"], COMPLIANT, FAILING)
    assert verify(out, keys["ed.pub"], "--digest", f"sha256:{DEPLOYED}").returncode == 0
    assert verify(out, keys["ed.pub"]).returncode == 1  # without one: all must satisfy


# ------------------------------------------------------------------ verify: exit 2


def tampered(tmp_path: Path, signed: Path, change) -> Path:
    envelope = envelopes(signed)[0]
    change(envelope)
    out = tmp_path / "tampered.jsonl"
    out.write_text(json.dumps(envelope) + "\n")
    return out


def test_changed_payload_exit_2(tmp_path, signed, keys):
    def flip_verdict(envelope):
        body = statement(envelope)
        body["subject"][0]["digest"]["sha256"] = "f" * 64
        envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
    result = verify(tampered(tmp_path, signed, flip_verdict), keys["ed.pub"])
    assert result.returncode == 2 and "signature does not verify" in result.stderr


def test_wrong_payload_type_exit_2(tmp_path, signed, keys):
    def retype(envelope):
        envelope["payloadType"] = "application/json"
    result = verify(tampered(tmp_path, signed, retype), keys["ed.pub"])
    assert result.returncode == 2 and "payloadType is 'application/json'" in result.stderr


def test_other_key_exit_2(signed, keys):
    result = verify(signed, keys["other.pub"])
    assert result.returncode == 2 and "signature does not verify" in result.stderr


def test_signature_over_the_payload_alone_is_refused(tmp_path, signed, keys):
    """The signature must cover the PAE (type and payload), not the bare payload."""
    private = serialization.load_pem_private_key(keys["ed"].read_bytes(), None)

    def sign_bare(envelope):
        sig = private.sign(base64.b64decode(envelope["payload"]))
        envelope["signatures"] = [{"keyid": "", "sig": base64.b64encode(sig).decode()}]
    result = verify(tampered(tmp_path, signed, sign_bare), keys["ed.pub"])
    assert result.returncode == 2 and "signature does not verify" in result.stderr


@pytest.mark.parametrize(("content", "message"), [
    (b"", "holds no attestation"),
    (b"{not json\n", "is not JSON"),
    (b'{"payload": "x"}\n', "is not a DSSE envelope"),
    (b"\xff\xfe", "is not UTF-8"),
])
def test_malformed_files_exit_2(tmp_path, keys, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    result = verify(path, keys["ed.pub"])
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("change", "message"), [
    (lambda body: {"hello": 1}, "not an in-toto Statement"),
    (lambda body: {**body, "predicateType": "https://slsa.dev/provenance/v1"},
     "predicateType is 'https://slsa.dev/provenance/v1'"),
    (lambda body: {**body, "subject": []}, "not an ftcomply verdict attestation"),
    (lambda body: {**body, "predicate": {**body["predicate"], "properties": [{}]}},
     "not an ftcomply verdict attestation"),
])
def test_signed_but_not_an_ftcomply_statement_exit_2(tmp_path, signed, keys, change,
                                                     message):
    """Signed by the trusted key, yet not a verdict attestation: malformed, exit 2."""
    signer = attestation.load_signer(keys["ed"])
    body = change(statement(envelopes(signed)[0]))
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps(attestation.envelope(json.dumps(body).encode(), signer)))
    result = verify(path, keys["ed.pub"])
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ errors: one line, exit 2


@pytest.mark.parametrize(("args", "message"), [
    (["--max-age", "30"], "--max-age '30': expected a number and a unit"),
    (["--digest", "sha256:abc"], "expected sha256: and 64 hex characters"),
    (["--stage", "later"], "--stage 'later': expected pre-tuning"),
    (["--as-of", "yesterday"], "--as-of"),
    (["--digest", "sha256:" + "0" * 64, "--subject", "x"], "contradict"),
    (["--subject", "/nonexistent/adapter"], "no such file or directory"),
])
def test_verify_usage_errors(signed, keys, args, message):
    result = verify(signed, keys["ed.pub"], *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("key", "message"), [
    ("ed", "is a private key: give the public key"),
    ("p384.pub", "ECDSA on secp384r1"),
    ("rsa.pub", "unsupported key type"),
    ("missing.pub", "no such key file"),
])
def test_verify_key_errors(signed, keys, key, message):
    path = keys.get(key, signed.parent / key)
    result = verify(signed, path)
    assert result.returncode == 2 and message in result.stderr, result.stderr


@pytest.mark.parametrize(("key", "message"), [
    ("ed.pub", "not a PEM private key (a public key"),
    ("rsa", "unsupported key type"),
    ("p384", "ECDSA on secp384r1"),
])
def test_signing_key_errors(tmp_path, keys, key, message):
    result = check(COMPLIANT, "--report", f"intoto={tmp_path / 'a.jsonl'}",
                   "--signing-key", str(keys[key]))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "a.jsonl").exists()


def test_signing_key_without_intoto_report_is_an_error(keys):
    result = check(COMPLIANT, "--signing-key", str(keys["ed"]))
    assert result.returncode == 2 and "add --report intoto=FILE" in result.stderr


def test_encrypted_signing_key_needs_its_password(tmp_path, keys, monkeypatch):
    key = serialization.load_pem_private_key(keys["ed"].read_bytes(), None)
    path = tmp_path / "enc.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.BestAvailableEncryption(b"s3cret")))
    monkeypatch.delenv(attestation.PASSWORD_ENV, raising=False)
    with pytest.raises(FtcomplyError, match="is encrypted"):
        attestation.load_signer(path)
    monkeypatch.setenv(attestation.PASSWORD_ENV, "s3cret")
    assert attestation.load_signer(path).keyid == attestation.load_signer(keys["ed"]).keyid


# ------------------------------------------------------------------ library pieces


@pytest.mark.parametrize(("text", "seconds"), [
    ("30d", 30 * 86400), ("12h", 43200), ("90m", 5400), ("45s", 45), ("2w", 14 * 86400),
    ("1.5d", 129600)])
def test_parse_duration(text, seconds):
    assert attestation.parse_duration(text) == dt.timedelta(seconds=seconds)


def test_pae_matches_the_dsse_spec_example():
    # DSSE's protocol.md test vector: PAE("http://example.com/HelloWorld", "hello world")
    assert attestation.pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world")


def test_error_document_is_attested_as_error_bound_to_the_descriptor(tmp_path, keys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: ftcomply/v1\nkind: FineTuneJob\nmetadata: {name: x}\n"
                      "surprise: true\n")
    out = tmp_path / "broken.intoto.jsonl"
    result = check(str(broken), "--report", f"intoto={out}", "--signing-key", str(keys["ed"]))
    assert result.returncode == 2
    body = statement(envelopes(out)[0])
    assert body["predicate"]["ftcomply"]["verdict"] == "error"
    assert body["predicate"]["ftcomply"]["errors"]
    assert body["predicate"]["properties"] == []
    [subject] = body["subject"]
    assert subject["digest"]["sha256"] == hashlib.sha256(broken.read_bytes()).hexdigest()
    checked = verify(out, keys["ed.pub"], "--subject", str(broken), "--stage", "pre-tuning")
    assert checked.returncode == 1 and "verdict is error" in checked.stdout


def test_format_intoto_on_stdout_is_not_served(keys):
    result = check(COMPLIANT, "--format", "intoto", "--signing-key", str(keys["ed"]))
    assert result.returncode == 0
    [line] = result.stdout.splitlines()
    assert json.loads(line)["signatures"]
    from ftcomply.output import FORMATS
    assert FORMATS["intoto"].media_type is None  # the service holds no signing key
