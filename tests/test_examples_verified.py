"""examples/verified/: a job whose evidence the real tools wrote passes `check --verify`,
and each kind of tampering with that evidence fails the control that judges it.

The example's files come from examples/verified/make_evidence.sh (inspect_ai, garak,
model-signing); the tampered copies are made here, in tmp_path, the way a forger would:
one byte of the adapter, one number in a report, one file swapped for another.
"""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from support import EXAMPLES, run_cli

VERIFIED = EXAMPLES / "verified"
JOB = "support-bot-lora.yaml"
# The evidence was made on 2026-12-03 (examples/verified/README.md); the Makefile's
# demo checks the example at the same time.
AS_OF = "2026-12-07T00:00:00Z"

# Controls whose every judged value the tools' evidence provides here.
TOOL_EVIDENCE_CONTROLS = ("PRE-MODEL-02", "POST-ADP-01", "POST-EVAL-01", "POST-RT-01")
ARTIFACT_CONTROLS = ("PRE-SUPPLY-02", "PRE-MODEL-03")


def check(path: Path, *flags: str) -> tuple[int, dict]:
    process = run_cli("check", str(path), "--as-of", AS_OF, "--no-config", "--format", "json",
                      *flags, timeout=120)
    assert process.returncode in (0, 1), process.stderr
    return process.returncode, json.loads(process.stdout)


def results(report: dict) -> dict[str, dict]:
    (document,) = report["documents"]
    return {r["control_id"]: r for r in document["results"]}


def failing(report: dict) -> set[str]:
    return {c for c, r in results(report).items() if r["status"] == "fail"}


def messages(report: dict, control: str) -> str:
    return "\n".join(f["message"] for f in results(report)[control]["findings"])


@pytest.fixture(scope="module")
def verified() -> dict:
    code, report = check(VERIFIED / JOB, "--verify")
    assert code == 0, failing(report)
    return report


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the example to tamper with."""
    target = tmp_path / "verified"
    shutil.copytree(VERIFIED, target)
    return target


# --- the example as committed -------------------------------------------------------------

def test_every_applicable_control_passes_under_verify(verified):
    assert verified["summary"]["exit_code"] == 0
    statuses = {r["status"] for r in results(verified).values()}
    assert statuses <= {"pass", "not_applicable"}


@pytest.mark.parametrize("control", TOOL_EVIDENCE_CONTROLS + ARTIFACT_CONTROLS)
def test_controls_on_the_tools_evidence_pass_on_verified_evidence(verified, control):
    result = results(verified)[control]
    assert (result["status"], result["evidence_level"]) == ("pass", "verified")


def test_every_artifact_signature_and_report_is_bound(verified):
    (document,) = verified["documents"]
    assert {a["pointer"]: a["status"] for a in document["artifacts"]} == {
        "/base_model": "verified", "/datasets/0": "verified", "/datasets/1": "verified",
        "/adapters/0": "verified"}
    evidence = document["tool_evidence"]
    assert {s["pointer"]: s["status"] for s in evidence["signatures"]} == {
        "/base_model": "verified", "/adapters/0": "verified"}
    for binding in evidence["safety"]:
        for run, harmful in (("base", 1 / 60), ("tuned", 2 / 60)):
            measurement = binding[run]
            assert measurement["status"] == "measured", measurement
            assert (measurement["tool"], measurement["samples"]) == ("inspect_ai", 60)
            assert measurement["harmful"] == pytest.approx(harmful)
    red_team = evidence["red_team"]
    assert (red_team["status"], red_team["tool"], red_team["failed"]) == ("measured", "garak", 0)
    assert red_team["model"] == red_team["declared_model"] == "support_bot_lora#generate"


def test_the_directory_finds_the_job_and_skips_the_models_config_files():
    code, report = check(VERIFIED, "--verify")
    assert code == 0
    assert [d["path"] for d in report["documents"]] == [str(VERIFIED / JOB)]
    assert report["summary"]["skipped"] == 2  # base-model/config.json, adapter/adapter_config.json


def test_without_verify_the_same_job_passes_on_declared_evidence():
    code, report = check(VERIFIED / JOB)
    assert code == 0
    assert {r["evidence_level"] for r in results(report).values()} <= {"declared", "none"}


def test_only_the_descriptor_carries_the_markers_a_directory_search_reads():
    """Other JSON and YAML files are skipped unread (a tool's report holding "ftcomply/",
    say in a path, would be parsed as a candidate descriptor instead)."""
    for path in sorted(VERIFIED.rglob("*")):
        if path.suffix.lower() in {".json", ".yaml", ".yml"} and path.name != JOB:
            data = path.read_bytes()
            assert b"ftcomply/" not in data and b"FineTuningJob" not in data, path


# --- tampered copies ----------------------------------------------------------------------

def test_a_flipped_byte_in_the_adapter_fails_its_digest_and_its_signature(copy):
    weights = copy / "adapter" / "adapter_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0x01  # the last weight's lowest bits: still valid safetensors
    weights.write_bytes(bytes(data))
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert {"PRE-SUPPLY-02", "POST-ADP-01"} <= failing(report)
    assert "PRE-MODEL-02" not in failing(report)  # the base model is untouched
    (document,) = report["documents"]
    signatures = {s["pointer"]: s for s in document["tool_evidence"]["signatures"]}
    assert signatures["/adapters/0"]["status"] == "invalid"
    assert signatures["/adapters/0"]["changed_files"] == ["adapter_model.safetensors"]
    assert signatures["/base_model"]["status"] == "verified"


def test_an_adapter_signed_by_another_key_fails(copy):
    edit(copy, "public_key: keys/signer.pub.pem", "public_key: keys/vendor.pub.pem")
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert "POST-ADP-01" in failing(report)
    assert "PRE-SUPPLY-02" not in failing(report)  # the adapter itself is the signed one


def test_a_better_score_written_into_the_tuned_report_fails_the_safety_evaluation(copy):
    set_accuracy(copy / "evals" / "refusal-suite-en.tuned.eval", 1.0)  # "no harmful answer"
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert failing(report) == {"POST-EVAL-01"}
    assert "0.033" in messages(report, "POST-EVAL-01")


def test_a_worse_measured_score_fails_the_threshold_even_when_declared_to_match(copy):
    set_accuracy(copy / "evals" / "refusal-suite-de.tuned.eval", 0.85)
    edit(copy, "harmful_score_tuned: 0.033\n      languages: [de]",
         "harmful_score_tuned: 0.15\n      languages: [de]")
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert failing(report) == {"POST-EVAL-01"}


def test_the_base_models_report_passed_off_as_the_tuned_models_fails(copy):
    shutil.copyfile(copy / "evals" / "refusal-suite-en.base.eval",
                    copy / "evals" / "refusal-suite-en.tuned.eval")
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert "POST-EVAL-01" in failing(report)


def test_red_team_hits_in_the_report_fail_the_red_team_control(copy):
    report_file = copy / "redteam" / "report.jsonl"
    lines = report_file.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        entry = json.loads(line)
        if entry.get("entry_type") == "digest":
            detector = entry["eval"]["dan"]["dan.Dan_11_0"]["dan.DAN"]
            detector["passed"] = 0  # both generations jailbroken
            detector["absolute_score"] = 0.0
            lines[number] = json.dumps(entry)
    report_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = check(copy / JOB, "--verify")
    assert code == 1
    assert failing(report) == {"POST-RT-01"}
    (document,) = report["documents"]
    assert document["tool_evidence"]["red_team"]["failed"] == 2


# --- helpers ------------------------------------------------------------------------------

def edit(copy: Path, old: str, new: str) -> None:
    job = copy / JOB
    text = job.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    job.write_text(text.replace(old, new), encoding="utf-8")


def set_accuracy(log: Path, value: float) -> None:
    """Rewrite an inspect_ai .eval archive with another accuracy in header.json, the way a
    forger with the standard zip tools would: every member kept, recompressed (deflate)."""
    members = _members(log)
    header = json.loads(members["header.json"])
    header["results"]["scores"][0]["metrics"]["accuracy"]["value"] = value
    members["header.json"] = json.dumps(header, indent=2).encode()
    with zipfile.ZipFile(log, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _members(log: Path) -> dict[str, bytes]:
    """Every member of a .eval archive, decompressed (inspect_ai writes Zstandard, method
    93, which Python's zipfile reads only from 3.14)."""
    import zstandard  # a runtime dependency of ftcomply

    raw = log.read_bytes()
    members = {}
    with zipfile.ZipFile(log) as archive:
        for info in archive.infolist():
            name_length, extra_length = struct.unpack_from("<HH", raw, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            data = raw[start:start + info.compress_size]
            if info.compress_type == 93:
                data = zstandard.ZstdDecompressor().decompress(
                    data, max_output_size=info.file_size)
            elif info.compress_type == zipfile.ZIP_DEFLATED:
                data = zlib.decompress(data, -15)
            members[info.filename] = data
    return members
