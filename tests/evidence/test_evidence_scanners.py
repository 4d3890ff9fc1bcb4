"""Scanner reports (modelscan JSON, picklescan output) read and merged onto artifacts."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ftcomply.errors import FtcomplyError
from ftcomply.evidence import ArtifactKind, ScannerFinding
from ftcomply.evidence.digests import verify_artifacts
from ftcomply.evidence.scanners import load_scanner_report, merge_scanner_reports

SYSTEM = f"{os.system.__module__}.system"


class _RunsShell:
    """Pickles to a payload that would run a shell command if it were ever loaded."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """A job with a dataset, an adapter directory and a PyTorch checkpoint adapter."""
    job = tmp_path / "job"
    (job / "data").mkdir(parents=True)
    (job / "data" / "train.jsonl").write_text('{"text": "hi"}\n')
    (job / "lora" / "sub").mkdir(parents=True)
    (job / "lora" / "sub" / "extra.pkl").write_bytes(pickle.dumps(_RunsShell()))
    (job / "lora" / "adapter_config.json").write_text("{}")
    with zipfile.ZipFile(job / "model.pt", "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(_RunsShell()))
    return job


def evidence_for(job: Path):
    descriptor = {
        "base_model": {"id": "org/base", "source": "hub"},
        "datasets": [{"name": "d", "role": "train", "uri": "data/train.jsonl"}],
        "adapters": [{"name": "lora", "uri": "lora"}, {"name": "ckpt", "uri": "model.pt"}],
    }
    return verify_artifacts(descriptor, job / "ftjob.yaml")


def modelscan_report(tmp_path: Path, base: Path, issues, errors=()) -> Path:
    """A report in the shape `modelscan -p BASE -r json` (0.8) writes."""
    report = {
        "summary": {
            "total_issues_by_severity": {"LOW": 0, "MEDIUM": 0, "HIGH": 0,
                                         "CRITICAL": len(issues)},
            "total_issues": len(issues), "input_path": base.name,
            "absolute_path": str(base), "modelscan_version": "0.8.8",
            "timestamp": "2026-11-26T04:48:14.976782",
            "scanned": {"total_scanned": len(issues),
                        "scanned_files": list(issues)},
            "skipped": {"total_skipped": 0, "skipped_files": []},
        },
        "issues": [
            {"description": "Use of unsafe operator 'system' from module 'posix'",
             "operator": "system", "module": "posix", "source": source,
             "scanner": "modelscan.scanners.PickleUnsafeOpScan", "severity": "CRITICAL"}
            for source in issues
        ],
        "errors": list(errors),
    }
    path = tmp_path / "modelscan.json"
    path.write_text(json.dumps(report, indent=1))
    return path


def by_pointer(evidence):
    return {e.pointer: e for e in evidence}


def test_modelscan_findings_land_on_the_artifact_holding_the_file(tmp_path, job):
    report_path = modelscan_report(tmp_path, job, [
        "lora/sub/extra.pkl",
        "model.pt:archive/data.pkl",
        "elsewhere/other.pkl",
    ])
    report = load_scanner_report(report_path)
    assert report.tool == "modelscan"
    assert report.sha256 == hashlib.sha256(report_path.read_bytes()).hexdigest()
    merged, unmatched = merge_scanner_reports(evidence_for(job), [report])
    artifacts = by_pointer(merged)
    (lora_finding,) = artifacts["/adapters/0"].scanner_findings
    assert lora_finding == ScannerFinding(
        "modelscan", "critical", "Use of unsafe operator 'system' from module 'posix'",
        str(job / "lora" / "sub" / "extra.pkl"))
    (checkpoint_finding,) = artifacts["/adapters/1"].scanner_findings
    assert (checkpoint_finding.file, checkpoint_finding.member) == (
        str(job / "model.pt"), "archive/data.pkl")
    assert artifacts["/datasets/0"].scanner_findings == ()
    assert artifacts["/base_model"].scanner_findings == ()
    assert [f.file for f in unmatched] == [str(job / "elsewhere" / "other.pkl")]


def test_modelscan_errors_become_error_findings(tmp_path, job):
    report = load_scanner_report(modelscan_report(tmp_path, job, [], errors=[
        {"category": "PICKLE_GENOPS", "description": "Parsing error: pickle exhausted",
         "source": "lora/sub/extra.pkl"},
        {"category": "MODEL_SCAN", "description": "something broke"},
    ]))
    merged, unmatched = merge_scanner_reports(evidence_for(job), [report])
    (finding,) = by_pointer(merged)["/adapters/0"].scanner_findings
    assert finding.severity == "error"
    assert "PICKLE_GENOPS" in finding.description
    assert [(f.severity, f.file) for f in unmatched] == [("error", None)]


def test_real_picklescan_output_lands_on_the_artifact(tmp_path, job):
    scan = subprocess.run([sys.executable, "-m", "picklescan", "-p", str(job)],
                          capture_output=True, text=True, timeout=60)
    assert "Dangerous globals: 2" in scan.stdout, scan.stdout + scan.stderr
    report_path = tmp_path / "picklescan.txt"
    report_path.write_text(scan.stdout)
    report = load_scanner_report(report_path)
    assert report.tool == "picklescan"
    merged, unmatched = merge_scanner_reports(evidence_for(job), [report])
    artifacts = by_pointer(merged)
    assert [(f.severity, f.description) for f in artifacts["/adapters/0"].scanner_findings] == [
        ("critical", f"dangerous import {SYSTEM}")]
    assert [f.member for f in artifacts["/adapters/1"].scanner_findings] == ["archive/data.pkl"]
    assert unmatched == ()


def test_picklescan_parse_errors_are_error_findings(tmp_path, job):
    target = job / "lora" / "sub" / "extra.pkl"
    report_path = tmp_path / "picklescan.txt"
    report_path.write_text(
        f"ERROR: parsing pickle in {target}: pickle exhausted before seeing STOP\n"
        f"{target}: dangerous import 'posix system' FOUND\n"
        "----------- SCAN SUMMARY -----------\nScanned files: 1\nInfected files: 1\n"
        "Suspicious globals: 0\nDangerous globals: 1\n")
    findings = load_scanner_report(report_path).findings
    assert [f.severity for f in findings] == ["error", "critical"]
    assert {f.file for f in findings} == {str(target)}


def test_findings_accumulate_across_reports(tmp_path, job):
    first = load_scanner_report(modelscan_report(tmp_path, job, ["lora/sub/extra.pkl"]))
    merged, _ = merge_scanner_reports(evidence_for(job), [first, first])
    assert len(by_pointer(merged)["/adapters/0"].scanner_findings) == 2


# --- malformed reports ---------------------------------------------------------------------

def report_error(tmp_path: Path, content: bytes | str) -> FtcomplyError:
    path = tmp_path / "report"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(FtcomplyError) as caught:
        load_scanner_report(path)
    (error,) = caught.value.errors
    assert error.location.file == str(path)
    return error


def test_invalid_json_names_the_line(tmp_path):
    error = report_error(tmp_path, '{\n  "summary": {},\n  "issues": [,]\n}\n')
    assert error.message.startswith("invalid JSON")
    assert error.location.line == 3


@pytest.mark.parametrize("report, pointer", [
    ({"issues": []}, "/summary"),
    ({"summary": {"absolute_path": "/m"}}, "/issues"),
    ({"summary": {"absolute_path": "relative/dir"}, "issues": []}, "/summary/absolute_path"),
    ({"summary": {"absolute_path": "/m"}, "issues": [{"source": "a.pkl", "description": "x"}]},
     "/issues/0/severity"),
    ({"summary": {"absolute_path": "/m"},
      "issues": [{"source": "a.pkl", "description": "x", "severity": "SEVERE"}]},
     "/issues/0/severity"),
    ({"summary": {"absolute_path": "/m"}, "issues": ["a.pkl"]}, "/issues/0"),
    ({"summary": {"absolute_path": "/m"}, "issues": [], "errors": [{"category": "X"}]},
     "/errors/0/description"),
])
def test_a_json_report_of_the_wrong_shape_names_the_pointer(tmp_path, report, pointer):
    assert report_error(tmp_path, json.dumps(report)).pointer == pointer


def test_text_that_is_no_picklescan_output_names_the_line(tmp_path):
    error = report_error(tmp_path, "/m/a.pkl: dangerous import 'os system' FOUND\nall good!\n")
    assert error.location.line == 2


def test_picklescan_output_without_its_summary_is_an_unfinished_scan(tmp_path):
    error = report_error(tmp_path, "/m/a.pkl: dangerous import 'os system' FOUND\n")
    assert "SCAN SUMMARY" in error.message


def test_a_report_that_is_not_text_is_rejected(tmp_path):
    assert report_error(tmp_path, b"ok\n\xff\xfe").location.line == 2


def test_a_missing_report_is_an_error(tmp_path):
    with pytest.raises(FtcomplyError, match="no such file"):
        load_scanner_report(tmp_path / "nope.json")


def test_only_local_artifacts_receive_findings(tmp_path, job):
    remote = verify_artifacts({"datasets": [{"uri": "s3://b/k"}]}, job / "ftjob.yaml")
    report = load_scanner_report(modelscan_report(tmp_path, job, ["data/train.jsonl"]))
    merged, unmatched = merge_scanner_reports(remote, [report])
    assert merged == remote
    assert len(unmatched) == 1
    assert remote[0].kind is ArtifactKind.DATASET
