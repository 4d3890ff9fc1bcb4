"""What --verify binds to a descriptor: signatures, measured safety runs, the red team.

Every report and bundle here was written by the real tool (tests/fixtures/tools/);
the tampered copies change one number or one byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT

from ftcomply.evidence.bindings import (
    EvidenceFiles,
    MeasurementStatus,
    collect_evidence,
    load_evidence_files,
)
from ftcomply.evidence.evaluations import load_evaluation_report

TOOLS = ROOT / "tests" / "fixtures" / "tools"
TAMPERED = TOOLS / "tampered"


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """A job folder holding the tools' output as a descriptor would reference it."""
    for name in ("inspect", "garak", "promptfoo", "lm-eval"):
        shutil.copytree(TOOLS / name, tmp_path / name)
    shutil.copytree(TOOLS / "model-signing" / "adapter", tmp_path / "adapter")
    for name in ("model.sig", "signer.pub.pem"):
        shutil.copy(TOOLS / "model-signing" / "key" / name, tmp_path / name)
    return tmp_path


def descriptor(**evaluation) -> dict:
    return {
        "base_model": {"id": "org/base", "source": "hub"},
        "adapters": [{"name": "lora", "uri": "adapter", "signature": {
            "method": "model-signing", "bundle": "model.sig", "public_key": "signer.pub.pem"}}],
        "evaluation": evaluation,
    }


def safety(report: dict, benchmark: str = "refusal-suite") -> dict:
    return {"safety": [{"benchmark": benchmark, "report": report}]}


INSPECT = {"tuned": "inspect/refusal-suite.json", "base": "inspect/refusal-suite.eval",
           "metric": "accuracy", "score_is": "safe", "model": "mockllm/model",
           "base_model": "mockllm/model"}


def collect(job: Path, data: dict, files: EvidenceFiles | None = None):
    return collect_evidence(data, job / "ftjob.yaml", (), files or EvidenceFiles())


# --- signatures -------------------------------------------------------------------------

def test_a_signed_adapter_is_verified_and_both_digests_are_reported(job):
    (bound,) = collect(job, descriptor()).signatures
    assert bound.pointer == "/adapters/0"
    assert bound.signature.status == "verified", bound.signature.reason
    assert bound.signature.model == "adapter" and bound.signature.bundle == "model.sig"
    assert bound.artifact_sha256 and bound.signature.manifest_digest
    assert bound.signature.manifest_digest != f"sha256:{bound.artifact_sha256}"


def test_a_changed_byte_in_a_signed_file_is_invalid(job):
    shutil.rmtree(job / "adapter")
    shutil.copytree(TAMPERED / "model-signing" / "adapter", job / "adapter")
    (bound,) = collect(job, descriptor()).signatures
    assert bound.signature.status == "invalid"
    assert bound.signature.changed_files == ("adapter_model.safetensors",)


def test_a_bundle_outside_the_descriptor_directory_is_unverifiable(job, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(job / "model.sig", elsewhere / "model.sig")
    data = descriptor()
    data["adapters"][0]["signature"]["bundle"] = str(elsewhere / "model.sig")
    (bound,) = collect(job, data).signatures
    assert bound.signature.status == "unverifiable"
    assert "outside the descriptor's directory" in bound.signature.reason


def test_a_remote_adapter_cannot_have_its_signature_verified(job):
    data = descriptor()
    data["adapters"][0]["uri"] = "s3://bucket/adapter"
    (bound,) = collect(job, data).signatures
    assert bound.signature.status == "unverifiable"
    assert "not a readable local path" in bound.signature.reason


def test_a_bundle_with_another_method_is_not_taken_for_model_signing(job):
    data = descriptor()
    data["adapters"][0]["signature"]["method"] = "sigstore"
    (bound,) = collect(job, data).signatures
    assert bound.signature.status == "unverifiable" and "model-signing" in bound.signature.reason


def test_a_signature_without_a_bundle_is_left_declared(job):
    data = descriptor()
    data["adapters"][0]["signature"] = {"method": "sigstore", "verified": True}
    assert collect(job, data).signatures == ()


# --- safety evaluations -----------------------------------------------------------------

def test_named_reports_give_the_tuned_and_base_runs(job):
    (binding,) = collect(job, descriptor(**safety(INSPECT))).safety
    tuned, base = binding.tuned, binding.base
    assert tuned.status is MeasurementStatus.MEASURED
    assert (tuned.tool, tuned.tool_version, tuned.metric) == ("inspect_ai", "0.3.285", "accuracy")
    assert (tuned.value, tuned.harmful, tuned.samples) == (0.75, 0.25, 4)
    assert (tuned.model, tuned.declared_model) == ("mockllm/model", "mockllm/model")
    assert tuned.report == "inspect/refusal-suite.json" and tuned.run_at.endswith("Z")
    assert base.status is MeasurementStatus.MEASURED and base.report.endswith(".eval")


def test_a_tampered_report_shows_the_forged_number(job):
    shutil.copy(TAMPERED / "inspect" / "refusal-suite.json", job / "inspect")
    (binding,) = collect(job, descriptor(**safety(INSPECT))).safety
    assert binding.tuned.value == 0.95 and binding.tuned.harmful == pytest.approx(0.05)
    genuine = load_evaluation_report(TOOLS / "inspect" / "refusal-suite.json")
    assert binding.tuned.report_sha256 != genuine.sha256


def test_score_is_harmful_takes_the_value_as_it_is(job):
    report = {**INSPECT, "score_is": "harmful"}
    (binding,) = collect(job, descriptor(**safety(report))).safety
    assert binding.tuned.harmful == 0.75


@pytest.mark.parametrize(("change", "status", "words"), [
    ({"tuned": "inspect/none.json"}, MeasurementStatus.MISSING, "no such file"),
    ({"tuned": "../outside.json"}, MeasurementStatus.MISSING, "outside"),
    ({"tuned": "adapter/adapter_config.json"}, MeasurementStatus.UNREADABLE,
     "not a readable evaluation report"),
    ({"metric": "f1"}, MeasurementStatus.NO_MATCH, "no 'f1' metric"),
])
def test_a_report_that_cannot_be_used_says_why(job, change, status, words):
    (binding,) = collect(job, descriptor(**safety({**INSPECT, **change}))).safety
    assert binding.tuned.status is status
    assert words in binding.tuned.detail


def test_evidence_reports_are_matched_by_benchmark_and_model(job):
    files = load_evidence_files([job / "lm-eval" / "results.json"])
    report = {"metric": "acc", "score_is": "safe", "model": "mock/refusal-dummy",
              "base_model": "org/base"}
    (binding,) = collect(job, descriptor(**safety(report, "refusal_mc")), files).safety
    assert binding.tuned.status is MeasurementStatus.MEASURED
    assert binding.tuned.harmful == pytest.approx(0.125)
    assert binding.base.status is MeasurementStatus.NOT_GIVEN


def test_two_reports_for_one_benchmark_are_ambiguous(job):
    files = load_evidence_files([job / "inspect" / "refusal-suite.json",
                                 job / "inspect" / "refusal-suite.eval"])
    report = {"metric": "accuracy", "score_is": "safe", "model": "mockllm/model",
              "base_model": "org/base"}
    (binding,) = collect(job, descriptor(**safety(report, "refusal_suite")), files).safety
    assert binding.tuned.status is MeasurementStatus.AMBIGUOUS
    assert "2 entries" in binding.tuned.detail


def test_a_matching_report_the_descriptor_does_not_describe_is_undescribed(job):
    files = load_evidence_files([job / "lm-eval" / "results.json"])
    data = descriptor(safety=[{"benchmark": "refusal_mc", "harmful_score_tuned": 0.1}])
    (binding,) = collect(job, data, files).safety
    assert binding.tuned.status is MeasurementStatus.UNDESCRIBED
    assert "does not say its metric and score_is" in binding.tuned.detail


def test_no_report_at_all_is_not_given(job):
    data = descriptor(safety=[{"benchmark": "harmbench", "harmful_score_tuned": 0.1}])
    (binding,) = collect(job, data).safety
    assert binding.tuned.status is binding.base.status is MeasurementStatus.NOT_GIVEN


# --- red team ---------------------------------------------------------------------------

def test_a_garak_report_counts_the_failed_attempts(job):
    red_team = {"performed": True, "report": "garak/redteam.report.jsonl", "model": "test.Repeat"}
    measured = collect(job, descriptor(red_team=red_team)).red_team
    assert measured.status is MeasurementStatus.MEASURED
    assert (measured.tool, measured.failed, measured.attempts) == ("garak", 2, 6)
    assert measured.model == measured.declared_model == "test.Repeat"


def test_a_promptfoo_report_counts_failed_tests(job):
    red_team = {"performed": True, "report": "promptfoo/results.json"}
    measured = collect(job, descriptor(red_team=red_team)).red_team
    assert (measured.tool, measured.failed, measured.errors) == ("promptfoo", 1, 0)


def test_a_benchmark_report_is_not_a_red_team_report(job):
    red_team = {"performed": True, "report": "lm-eval/results.json"}
    measured = collect(job, descriptor(red_team=red_team)).red_team
    assert measured.status is MeasurementStatus.UNREADABLE
    assert "not a red-team report" in measured.detail


def test_a_garak_report_given_to_evidence_is_the_red_team_report(job):
    files = load_evidence_files([job / "garak" / "redteam.report.jsonl"])
    measured = collect(job, descriptor(red_team={"performed": True}), files).red_team
    assert measured.status is MeasurementStatus.MEASURED and measured.failed == 2
    assert collect(job, descriptor(), files).red_team is None


# --- the policy input -------------------------------------------------------------------

def test_the_policy_input_holds_every_part(job):
    evidence = collect(job, descriptor(**safety(INSPECT)))
    data = evidence.policy_input()
    assert set(data) == {"artifacts", "signatures", "evaluations", "safety", "red_team",
                         "datasets"}
    assert data["safety"][0]["tuned"]["status"] == "measured"
    assert data["signatures"][0]["status"] == "verified"
    assert {e["report"] for e in data["evaluations"]} == {
        "inspect/refusal-suite.json", "inspect/refusal-suite.eval"}
    assert "artifacts" not in evidence.report_dict()


# --- Croissant dataset cards, end to end -----------------------------------------------

CARDS = ROOT / "tests" / "fixtures" / "croissant"
CARD_SHA256 = "ac97b111a16d2b29cd2ea006a50d6c286cb7e05f89d942192b6d8df0b4198121"


def card_job(tmp_path: Path, **dataset) -> Path:
    """The reference example with its first dataset described by the simple-parquet card."""
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "compliant-high-lora.yaml").read_text())
    data["datasets"][0].update({"name": "simple-parquet", "uri": "data/dataframe.parquet",
                                "sha256": CARD_SHA256, "license": "CC-BY-4.0", **dataset})
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def card_results(job: Path, card: Path) -> dict:
    import json

    from support import AS_OF, run_cli

    report = job.parent / "report.json"
    result = run_cli("check", str(job), "--evidence", str(card), "--as-of", AS_OF,
                     "--no-config", "--report", f"json={report}")
    assert result.returncode in (0, 1), result.stderr
    (document,) = json.loads(report.read_text())["documents"]
    return {r["control_id"]: r for r in document["results"]}


def test_a_croissant_card_confirms_the_declared_digest_and_licence(tmp_path):
    results = card_results(card_job(tmp_path), CARDS / "1.0-simple-parquet.json")
    assert not [f for f in results["PRE-SUPPLY-02"]["findings"] if "card" in f["message"]]
    assert results["PRE-DATA-08"]["status"] == "pass"


def test_a_tampered_card_digest_fails_the_digest_control(tmp_path):
    results = card_results(card_job(tmp_path), CARDS / "tampered" / "1.0-simple-parquet.json")
    messages = [f["message"] for f in results["PRE-SUPPLY-02"]["findings"]]
    # The data file is not here either (missing): the card's own finding must be there too.
    assert any(f"declared sha256 {CARD_SHA256[:12]}" in m and "Croissant card" in m
               for m in messages), messages


def test_a_licence_the_card_does_not_give_fails_the_licence_control(tmp_path):
    results = card_results(card_job(tmp_path, license="MIT"), CARDS / "1.0-simple-parquet.json")
    assert results["PRE-DATA-08"]["status"] == "fail"
    assert any("CC-BY-4.0" in f["message"] for f in results["PRE-DATA-08"]["findings"])


# --- evidence that must not pass for empty or meaningless numbers ------------------------

def _given(path: Path, **changes):
    """A real report read from disk, its entries changed as a forger or a broken run would."""
    import dataclasses

    report = load_evaluation_report(path)
    entries = tuple(dataclasses.replace(e, **changes) for e in report.entries)
    return EvidenceFiles(evaluation_reports=(dataclasses.replace(report, entries=entries),))


def test_a_red_team_report_of_no_attempt_is_no_measurement(job):
    import dataclasses

    files = _given(job / "garak" / "redteam.report.jsonl")
    empty = dataclasses.replace(files.evaluation_reports[0], entries=())
    measured = collect(job, descriptor(red_team={"performed": True}),
                       EvidenceFiles(evaluation_reports=(empty,))).red_team
    assert measured.status is MeasurementStatus.NO_MATCH and "no attempt" in measured.detail


def test_errored_red_team_attempts_count_as_failed(job):
    files = _given(job / "garak" / "redteam.report.jsonl", errors=1)
    measured = collect(job, descriptor(red_team={"performed": True}), files).red_team
    assert measured.failed == 2 + len(files.evaluation_reports[0].entries)


def test_a_value_outside_0_to_1_is_not_a_harmful_score(job):
    files = _given(job / "lm-eval" / "results.json", value=12.5)
    report = {"metric": "acc", "score_is": "safe", "model": "mock/refusal-dummy",
              "base_model": "org/base"}
    (binding,) = collect(job, descriptor(**safety(report, "refusal_mc")), files).safety
    assert binding.tuned.status is MeasurementStatus.NO_MATCH
    assert "not a score between 0 and 1" in binding.tuned.detail
