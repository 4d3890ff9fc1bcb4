"""Gates by stage, reasons for not-applicable results, and a gate that cannot be emptied."""

from __future__ import annotations

import json

import pytest
from support import AS_OF, EXAMPLES, run_cli

from ftcomply.errors import FtcomplyError
from ftcomply.models import EvidenceLevel, Status
from ftcomply.pipeline import CheckOptions, run_check

COMPLIANT = str(EXAMPLES / "compliant-high-lora.yaml")
MINIMAL = str(EXAMPLES / "minimal-low.yaml")


def results(catalog, path: str, **options) -> dict[str, object]:
    report = run_check(catalog, CheckOptions(paths=(path,), as_of=AS_OF, **options))
    (document,) = report.documents
    return {r.control.id: r for r in document.results}


def test_controls_of_later_stages_are_not_applicable_and_say_so(catalog):
    by_id = results(catalog, COMPLIANT, stage="pre-tuning")
    for control_id, result in by_id.items():
        stage = result.control.stage
        if stage == "pre-tuning":
            assert result.reason is None or not result.reason.startswith("stage"), control_id
        else:
            assert result.status is Status.NOT_APPLICABLE, control_id
            assert result.reason == "stage pre-tuning", control_id
            assert result.evidence_level is EvidenceLevel.NONE
    assert by_id["PRE-DATA-01"].status is Status.PASS
    assert by_id["POST-EVAL-01"].reason == "stage pre-tuning"
    assert by_id["DEP-IF-01"].reason == "stage pre-tuning"


def test_post_tuning_stage_judges_evaluations_but_not_deployment(catalog):
    by_id = results(catalog, COMPLIANT, stage="post-tuning")
    assert by_id["POST-EVAL-01"].status is Status.PASS
    assert by_id["GOV-XPH-01"].status is Status.PASS
    assert by_id["DEP-IF-01"].reason == "stage post-tuning"
    assert by_id["GOV-APR-01"].reason == "stage post-tuning"


def test_tier_reasons_name_the_tiers(catalog):
    by_id = results(catalog, MINIMAL)
    assert by_id["DUR-MON-01"].status is Status.NOT_APPLICABLE
    assert by_id["DUR-MON-01"].reason == (
        "risk tier low is not among the control's tiers (high)")


def test_every_not_applicable_result_has_a_reason(catalog):
    for path in (COMPLIANT, MINIMAL, str(EXAMPLES / "failing-multi-phase.yaml")):
        for result in results(catalog, path).values():
            if result.raw_status is Status.NOT_APPLICABLE:
                assert result.reason, (path, result.control.id)
            else:
                assert result.reason is None


def test_unknown_stage_is_refused_by_the_library_and_the_cli(tmp_path):
    with pytest.raises(FtcomplyError, match="stage 'deploy'"):
        CheckOptions(paths=(), as_of=AS_OF, stage="deploy")
    done = run_cli("check", MINIMAL, "--stage", "deploy", "--as-of", AS_OF)
    assert done.returncode == 2
    assert "stage 'deploy'" in done.stderr


def test_reports_state_the_stage_and_the_json_result_carries_reason_and_level():
    done = run_cli("check", COMPLIANT, "--stage", "post-tuning", "--as-of", AS_OF,
                   "--format", "json")
    report = json.loads(done.stdout)
    assert report["stage"] == "post-tuning"
    assert report["as_of_source"] == "--as-of"
    results = {r["control_id"]: r for r in report["documents"][0]["results"]}
    assert results["DEP-IF-01"]["reason"] == "stage post-tuning"
    assert results["DEP-IF-01"]["evidence_level"] == "none"
    assert results["POST-EVAL-01"]["evidence_level"] == "declared"
    assert report["summary"]["evidence"]["declared"] > 0


def test_source_date_epoch_is_named_as_the_source_of_as_of():
    import os
    import subprocess
    import sys

    from support import ROOT

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200"}
    done = subprocess.run([sys.executable, "-m", "ftcomply", "check", MINIMAL, "-f", "json"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    report = json.loads(done.stdout)
    assert report["as_of"] == "2025-11-26T00:00:00Z"
    assert report["as_of_source"] == "SOURCE_DATE_EPOCH"


def test_the_stage_can_come_from_the_config_file(tmp_path):
    (tmp_path / "ftcomply.yaml").write_text("stage: pre-tuning\n")
    done = run_cli("check", COMPLIANT, "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["stage"] == "pre-tuning"
    # The command line wins, and --no-config ignores the file entirely.
    done = run_cli("check", COMPLIANT, "--as-of", AS_OF, "-f", "json", "--no-config",
                   cwd=tmp_path)
    assert json.loads(done.stdout)["stage"] == "pre-deployment"


def test_a_config_that_disables_every_control_cannot_pass(catalog, tmp_path):
    ids = [c.id for c in catalog.controls]
    (tmp_path / "ftcomply.yaml").write_text(json.dumps({"disable": ids}))
    done = run_cli("check", MINIMAL, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2
    assert "no enabled control was evaluated" in done.stderr
    # --no-config: the working directory's file (a pull request's) is not read.
    done = run_cli("check", MINIMAL, "--as-of", AS_OF, "--no-config", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_no_config_and_config_together_are_a_usage_error(tmp_path):
    done = run_cli("check", MINIMAL, "--no-config", "--config", str(tmp_path / "c.yaml"))
    assert done.returncode == 2
    assert "--no-config" in done.stderr


def test_reports_name_who_answers_for_the_job(catalog):
    report = run_check(catalog, CheckOptions(paths=(COMPLIANT,), as_of=AS_OF))
    parties = report.documents[0].parties
    assert parties.owner == "ml-platform@example.com"
    assert parties.submitter == "svc-ml-pipeline@example.com"
    assert [(a.role, a.name) for a in parties.approvals] == [
        ("security", "priya.raman@example.com"), ("data-owner", "dana.okafor@example.com"),
        ("model-owner", "tomas.berg@example.com")]
