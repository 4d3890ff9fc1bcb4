"""`check --verify` / `--evidence` end to end: real artifacts on disk decide controls."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file
from support import AS_OF, EXAMPLES, run_cli


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def job(tmp_path) -> Path:
    """The minimal example, with a local dataset, a local safetensors adapter."""
    (tmp_path / "data").mkdir()
    dataset = tmp_path / "data" / "intents.jsonl"
    dataset.write_text('{"text": "reset my password", "label": "account"}\n')
    adapter = tmp_path / "adapter.safetensors"
    save_file({"lora_A": np.zeros((4, 2), dtype=np.float32)}, str(adapter))
    text = (EXAMPLES / "minimal-low.yaml").read_text()
    text = text.replace("uri: s3://ml-data/search/intents-v7.jsonl", "uri: data/intents.jsonl")
    text = text.replace("c4ca4238a0b923820dcc509a6f75849bc4ca4238a0b923820dcc509a6f75849b",
                        sha256(dataset))
    text += (
        "adapters:\n"
        "  - name: intents-lora\n"
        "    uri: adapter.safetensors\n"
        "    format: safetensors\n"
        f"    sha256: {sha256(adapter)}\n"
        "    source: internal\n"
        "    base_model_revision: v3.2.0\n"
        "    signature: {method: sigstore, verified: true}\n"
    )
    path = tmp_path / "job.yaml"
    path.write_text(text)
    return path


def check(path: Path, *args: str):
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", str(path), *args)
    return result, json.loads(result.stdout) if result.stdout else None


def statuses(report) -> dict[str, str]:
    return {r["control_id"]: r["status"] for r in report["documents"][0]["results"]}


def test_verified_artifacts_pass_and_reports_mark_them_verified(job):
    result, report = check(job, "--verify")
    assert result.returncode == 0, result.stdout
    artifacts = {a["pointer"]: a for a in report["documents"][0]["artifacts"]}
    assert artifacts["/datasets/0"]["status"] == "verified"
    assert artifacts["/datasets/0"]["digest"] == "verified"
    assert artifacts["/adapters/0"]["serialization"][0]["detected_format"] == "safetensors"
    assert artifacts["/base_model"]["status"] == "remote"  # a model id: not verifiable here
    assert artifacts["/base_model"]["digest"] == "declared"
    assert statuses(report)["PRE-SUPPLY-02"] == "pass"


def test_without_verify_the_evidence_control_is_not_applicable(job):
    _, report = check(job)
    assert statuses(report)["PRE-SUPPLY-02"] == "not_applicable"
    assert "artifacts" not in report["documents"][0]


def test_a_swapped_dataset_is_a_critical_finding_at_its_digest(job):
    (job.parent / "data" / "intents.jsonl").write_text('{"text": "poisoned"}\n')
    result, report = check(job, "--verify")
    assert result.returncode == 1
    failing = next(r for r in report["documents"][0]["results"]
                   if r["control_id"] == "PRE-SUPPLY-02")
    assert failing["severity"] == "critical" and failing["status"] == "fail"
    assert failing["findings"][0]["path"] == "/datasets/0/sha256"
    assert failing["findings"][0]["line"] is not None


def test_a_pickle_renamed_safetensors_fails_safe_serialization(job):
    (job.parent / "adapter.safetensors").write_bytes(pickle.dumps(_Exploit()))
    text = job.read_text()
    old = text.split("    sha256: ")[-1].split("\n")[0]
    job.write_text(text.replace(old, sha256(job.parent / "adapter.safetensors")))
    result, report = check(job, "--verify")
    assert result.returncode == 1
    assert statuses(report)["PRE-MODEL-03"] == "fail"
    assert statuses(report)["PRE-SUPPLY-02"] == "pass"  # the digest is right; the content is not
    messages = [f["message"] for r in report["documents"][0]["results"]
                if r["control_id"] == "PRE-MODEL-03" for f in r["findings"]]
    assert any("is pickle by its content, not the declared safetensors" in m for m in messages)
    assert any("imports code that runs on load" in m and "system" in m for m in messages)


def test_paths_never_escape_the_descriptor_directory(job, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jsonl"
    outside.write_text("secret\n")
    job.write_text(job.read_text().replace("uri: data/intents.jsonl", f"uri: ../{outside.name}"))
    result, report = check(job, "--verify")
    artifact = next(a for a in report["documents"][0]["artifacts"]
                    if a["pointer"] == "/datasets/0")
    assert artifact["status"] == "outside-root"
    assert result.returncode == 1
    # An explicitly allowed root makes it readable (and then a digest mismatch).
    _, allowed = check(job, "--verify", "--allow-root", str(tmp_path.parent))
    artifact = next(a for a in allowed["documents"][0]["artifacts"]
                    if a["pointer"] == "/datasets/0")
    assert artifact["status"] == "mismatch"
    outside.unlink()


def test_a_missing_artifact_is_a_finding(job):
    (job.parent / "data" / "intents.jsonl").unlink()
    result, report = check(job, "--verify")
    assert result.returncode == 1
    failing = next(r for r in report["documents"][0]["results"]
                   if r["control_id"] == "PRE-SUPPLY-02")
    assert failing["findings"][0]["path"] == "/datasets/0/uri"


def test_scanner_reports_feed_the_serialization_control(job, tmp_path):
    adapter = (job.parent / "adapter.safetensors").resolve()
    report_path = tmp_path / "modelscan.json"
    report_path.write_text(json.dumps({
        "summary": {"total_issues_by_severity": {"LOW": 0, "MEDIUM": 0, "HIGH": 0,
                                                 "CRITICAL": 1},
                    "total_issues": 1, "input_path": str(adapter),
                    "absolute_path": str(adapter.parent), "modelscan_version": "0.8.8",
                    "timestamp": "2026-11-25T10:00:00", "scanned": {"total_scanned": 1,
                                                                    "scanned_files": [
                                                                        adapter.name]},
                    "skipped": {"total_skipped": 0, "skipped_files": []}},
        "issues": [{"description": "Use of unsafe operator 'system' from module 'posix'",
                    "operator": "system", "module": "posix", "source": adapter.name,
                    "scanner": "modelscan.scanners.PickleUnsafeOpScan",
                    "severity": "CRITICAL"}],
        "errors": [],
    }))
    result, report = check(job, "--evidence", str(report_path))
    if result.returncode == 2:
        pytest.fail(result.stderr)
    assert statuses(report)["PRE-MODEL-03"] == "fail"


def test_malformed_scanner_report_is_exit_2(job, tmp_path):
    bad = tmp_path / "scan.json"
    bad.write_text("{not json")
    result, _ = check(job, "--evidence", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr and "Traceback" not in result.stderr


def test_verify_from_config(job, tmp_path):
    config = tmp_path / "ftcomply.yaml"
    config.write_text("verify:\n  enabled: true\n")
    _, report = check(job, "--config", str(config))
    assert statuses(report)["PRE-SUPPLY-02"] == "pass"
