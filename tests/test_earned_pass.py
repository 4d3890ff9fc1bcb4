"""Every PASS is earned: the ways a high-tier job used to pass on no evidence at all.

Each case starts from the fully evidenced reference job, takes evidence away (or
fakes it the way an attacker would), and requires the control that owns that
evidence to fail. Before issue 12 each of these jobs passed with exit 0.
"""

from __future__ import annotations

import copy

import pytest
from support import AS_OF, EXAMPLES

from ftcomply.loader import SourceDocument, load_documents
from ftcomply.models import DocumentResult, Status
from ftcomply.pipeline import Checker, CheckOptions

ZWSP, WORD_JOINER, SOFT_HYPHEN = "\u200b", "\u2060", "\u00ad"


@pytest.fixture(scope="module")
def checker(catalog) -> Checker:
    return Checker(catalog, CheckOptions(paths=(), as_of=AS_OF))


def reference() -> dict:
    path = EXAMPLES / "compliant-high-lora.yaml"
    return copy.deepcopy(load_documents(str(path), path.read_bytes())[0].data)


def evaluate(checker: Checker, data: dict) -> DocumentResult:
    result = checker.check_document(SourceDocument("job.yaml", 0, data, {}, ""))
    assert not result.errors, result.errors
    return result


def status(result: DocumentResult, control_id: str) -> Status:
    return next(r.status for r in result.results if r.control.id == control_id)


def failing(result: DocumentResult) -> set[str]:
    return {r.control.id for r in result.results if r.status is Status.FAIL}


def test_the_reference_job_still_passes(checker):
    assert failing(evaluate(checker, reference())) == set()


def test_no_train_dataset_is_no_evidence(checker):
    data = reference()
    for dataset in data["datasets"]:
        dataset["role"] = "validation"
        dataset.pop("scans", None)
    fails = failing(evaluate(checker, data))
    assert {"PRE-DATA-04", "PRE-DATA-05", "PRE-DATA-06", "GOV-XPH-01", "DUR-PRIV-01",
            "POST-PRIV-01"} <= fails


def test_a_deployment_without_exposure_fails_the_guardrail_control(checker):
    data = reference()
    del data["deployment"]["exposure"]
    assert status(evaluate(checker, data), "DEP-GR-01") is Status.FAIL


def test_no_deployment_section_fails_the_deployment_controls(checker):
    data = reference()
    del data["deployment"]
    fails = failing(evaluate(checker, data))
    assert {"DEP-IF-01", "DEP-GR-01", "DEP-MON-01"} <= fails


@pytest.mark.parametrize(("mutate", "control_id"), [
    (lambda d: d["evaluation"]["safety"][0].update(run_at="1990-01-01T00:00:00Z"),
     "POST-EVAL-01"),
    (lambda d: d["evaluation"]["backdoor_scan"].update(run_at="2250-01-01T00:00:00Z"),
     "POST-BD-01"),
    (lambda d: d["approvals"][0].update(approved_at="1700-01-01T00:00:00Z"), "GOV-APR-01"),
    (lambda d: d["metadata"].update(created="2250-01-01T00:00:00Z"), "GOV-DOC-01"),
], ids=["evaluation-1990", "backdoor-scan-2250", "approval-1700", "created-2250"])
def test_dates_are_evidence(checker, mutate, control_id):
    data = reference()
    mutate(data)
    assert status(evaluate(checker, data), control_id) is Status.FAIL


def test_an_approval_before_the_evidence_it_approves_fails(checker):
    data = reference()
    data["evaluation"]["red_team"]["completed_at"] = "2026-11-23T12:00:00Z"  # after sign-off
    assert status(evaluate(checker, data), "GOV-APR-01") is Status.FAIL


@pytest.mark.parametrize("twin", ["harmbench" + ZWSP, "h\u0430rmbench"],
                         ids=["zero-width", "cyrillic-a"])
def test_one_benchmark_under_two_spellings_is_one_benchmark(checker, twin):
    data = reference()
    data["evaluation"]["safety"][1]["benchmark"] = twin
    result = evaluate(checker, data)
    if ZWSP in twin:
        assert status(result, "POST-EVAL-02") is Status.FAIL
    else:  # a look-alike is a finding in itself
        assert status(result, "GOV-DOC-01") is Status.FAIL


@pytest.mark.parametrize(("mutate", "control_id"), [
    (lambda d: d["approvals"][0].update(name=ZWSP + WORD_JOINER), "GOV-APR-01"),
    (lambda d: d["training"]["submitter"].update(id=SOFT_HYPHEN + ZWSP), "DUR-IF-01"),
    (lambda d: d["deployment"]["monitoring"].update(incident_contact=ZWSP), "DEP-MON-01"),
], ids=["approver", "submitter", "incident-contact"])
def test_invisible_names_are_not_names(checker, mutate, control_id):
    data = reference()
    mutate(data)
    assert status(evaluate(checker, data), control_id) is Status.FAIL


def test_the_submitter_cannot_approve_their_own_job(checker):
    data = reference()
    submitter = data["training"]["submitter"]["id"]
    for approval in data["approvals"]:
        approval["name"] = submitter
    assert status(evaluate(checker, data), "GOV-APR-01") is Status.FAIL


def test_one_person_cannot_hold_every_required_role(checker):
    data = reference()
    for approval in data["approvals"]:
        approval["name"] = "priya.raman@example.com"
    assert status(evaluate(checker, data), "GOV-APR-01") is Status.FAIL


@pytest.mark.parametrize(("mutate", "control_id"), [
    (lambda d: d["metadata"].update(owner="TODO"), "GOV-DOC-01"),
    (lambda d: d["base_model"].pop("safety_aligned"), "DUR-DEF-01"),
    (lambda d: [x.pop("classification") for x in d["datasets"]], "DUR-PRIV-01"),
    (lambda d: [x.pop("classification") for x in d["datasets"]], "POST-PRIV-01"),
    (lambda d: d["metadata"].pop("languages"), "POST-EVAL-03"),
    (lambda d: d.update({"x-import": {"gaps": ["/base_model/sha256"]}}), "GOV-DOC-01"),
    (lambda d: d["training"].update({"x-unmapped-warmup": 10}), "GOV-DOC-01"),
], ids=["owner-todo", "no-safety-aligned", "no-classification-dp",
        "no-classification-memorisation", "no-languages", "import-gap", "unmapped-note"])
def test_drafts_do_not_pass(checker, mutate, control_id):
    data = reference()
    mutate(data)
    assert status(evaluate(checker, data), control_id) is Status.FAIL


def test_without_verify_pre_supply_02_says_why_it_does_not_apply(checker):
    result = evaluate(checker, reference())
    (supply,) = [r for r in result.results if r.control.id == "PRE-SUPPLY-02"]
    assert supply.status is Status.NOT_APPLICABLE
    assert supply.reason == "not verified (run with --verify)"


def test_a_full_fine_tune_needs_no_adapters_and_says_so(checker):
    data = reference()
    data["training"]["method"] = "full"
    del data["adapters"]
    result = evaluate(checker, data)
    (adapters,) = [r for r in result.results if r.control.id == "POST-ADP-01"]
    assert adapters.status is Status.NOT_APPLICABLE and adapters.reason


def test_a_lora_job_without_adapters_fails(checker):
    data = reference()
    del data["adapters"]
    assert status(evaluate(checker, data), "POST-ADP-01") is Status.FAIL


def test_managed_provider_controls_need_the_providers_assurance(checker):
    data = reference()
    data["training"]["provider"] = "managed-api"
    for key in ("code", "environment"):
        data["training"].pop(key)
    result = evaluate(checker, data)
    assert {"PRE-SUPPLY-01", "DUR-ENV-01"} <= failing(result)
    data["training"]["provider_assurance"] = {"job_id": "ftjob-abc123",
                                              "reference": "https://vendor.example/soc2"}
    result = evaluate(checker, data)
    for control_id in ("PRE-SUPPLY-01", "DUR-ENV-01"):
        (r,) = [r for r in result.results if r.control.id == control_id]
        assert r.status is Status.NOT_APPLICABLE, control_id
        assert "managed by the provider" in r.reason
