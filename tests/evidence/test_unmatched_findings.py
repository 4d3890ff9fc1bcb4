"""Scanner findings about files no checked artifact holds are reported, never dropped."""

from __future__ import annotations

import json
import shutil

from support import AS_OF, EXAMPLES, run_cli


def modelscan(path, base, source: str, severity: str):
    """A report in the shape `modelscan -p BASE -r json` (0.8) writes, one issue."""
    report = {
        "summary": {"total_issues_by_severity": {severity: 1}, "total_issues": 1,
                    "input_path": base.name, "absolute_path": str(base),
                    "modelscan_version": "0.8.8", "timestamp": "2026-11-26T04:48:14.976782",
                    "scanned": {"total_scanned": 1, "scanned_files": [source]},
                    "skipped": {"total_skipped": 0, "skipped_files": []}},
        "issues": [{"description": "Use of unsafe operator 'system' from module 'posix'",
                    "operator": "system", "module": "posix", "source": source,
                    "scanner": "modelscan.scanners.PickleUnsafeOpScan", "severity": severity}],
        "errors": [],
    }
    path.write_text(json.dumps(report))
    return path


def test_an_unmatched_critical_finding_fails_the_run_and_is_reported(tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    shutil.copy(EXAMPLES / "minimal-low.yaml", job / "ftjob.yaml")
    report = modelscan(tmp_path / "scan.json", job, "elsewhere/other.pkl", "CRITICAL")
    # Even when only critical controls would fail the run: the finding is critical.
    done = run_cli("check", str(job / "ftjob.yaml"), "--evidence", str(report), "--as-of",
                   AS_OF, "-f", "json", "--fail-on", "critical")
    assert done.returncode == 1, done.stderr
    (finding,) = json.loads(done.stdout)["unmatched_scanner_findings"]
    assert finding["severity"] == "critical"
    assert finding["file"].endswith("elsewhere/other.pkl")


def test_an_unmatched_low_finding_is_reported_but_does_not_fail(tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    shutil.copy(EXAMPLES / "minimal-low.yaml", job / "ftjob.yaml")
    report = modelscan(tmp_path / "scan.json", job, "elsewhere/other.pkl", "LOW")
    done = run_cli("check", str(job / "ftjob.yaml"), "--evidence", str(report), "--as-of",
                   AS_OF, "-f", "json", "--fail-on", "critical")
    assert len(json.loads(done.stdout)["unmatched_scanner_findings"]) == 1
    assert done.returncode == 0, done.stderr


def test_every_format_reports_an_unmatched_finding(tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    shutil.copy(EXAMPLES / "minimal-low.yaml", job / "ftjob.yaml")
    report = modelscan(tmp_path / "scan.json", job, "elsewhere/other.pkl", "CRITICAL")
    for fmt in ("text", "markdown", "html", "oscal", "sarif", "junit", "github", "json"):
        done = run_cli("check", str(job / "ftjob.yaml"), "--evidence", str(report),
                       "--as-of", AS_OF, "-f", fmt)
        assert done.returncode == 1, (fmt, done.stderr)
        assert "other.pkl" in done.stdout, fmt
