"""The catalog against the descriptor contract: evidence present passes, each piece removed
or broken fails exactly the control that names it, and risk tiers switch controls off."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from support import AS_OF, EXAMPLES

from ftcomply.loader import SourceDocument, load_documents
from ftcomply.models import PHASES, DocumentResult, Status
from ftcomply.pipeline import Checker, CheckOptions

OTHER_DIGEST = "f" * 64


@pytest.fixture(scope="module")
def checker(catalog) -> Checker:
    return Checker(catalog, CheckOptions(paths=(), as_of=AS_OF))


def reference() -> dict:
    path = EXAMPLES / "compliant-high-lora.yaml"
    return load_documents(str(path), path.read_bytes())[0].data


def evaluate(checker: Checker, data: dict) -> DocumentResult:
    result = checker.check_document(SourceDocument("job.yaml", 0, data, {}, ""))
    assert not result.errors, result.errors
    return result


def failing(result: DocumentResult) -> set[str]:
    return {r.control.id for r in result.results if r.status is Status.FAIL}


def test_the_reference_job_passes_every_control(checker):
    result = evaluate(checker, reference())
    assert failing(result) == set()
    assert len(result.results) == len(checker.catalog.controls)
    not_applicable = {r.control.id for r in result.results
                      if r.status is Status.NOT_APPLICABLE}
    # PRE-SUPPLY-02 judges verified evidence (--verify); tests/evidence/test_verify.py covers it.
    assert not_applicable == {"DUR-PRIV-01", "DUR-AGT-01", "DEP-AGT-01", "PRE-SUPPLY-02",
                              "POST-ADP-02", "PRE-MODEL-05"}
    assert all(r.reason for r in result.results if r.status is Status.NOT_APPLICABLE)


def set_path(*keys, value) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return mutate


def delete(*keys) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]
    return mutate


def agent_deployment(data: dict) -> None:
    data["deployment"]["interface"] = "agent"
    data["deployment"]["agent"] = {"tools": [{"name": "refund", "scopes": ["payments"],
                                              "requires_approval": False}]}


MUTATIONS = {
    "dataset digest removed": (delete("datasets", 0, "sha256"), {"PRE-DATA-01"}),
    "source url removed": (delete("datasets", 1, "provenance", "source_url"), {"PRE-DATA-02"}),
    "review of public data removed": (delete("datasets", 1, "provenance", "approved_by"),
                                      {"PRE-DATA-03"}),
    "moderation scan removed": (delete("datasets", 0, "scans", "moderation"),
                                {"PRE-DATA-04", "GOV-XPH-01"}),
    "poisoning scan failed": (set_path("datasets", 1, "scans", "poisoning", "passed",
                                       value=False), {"PRE-DATA-05"}),
    "pii left in": (set_path("datasets", 0, "scans", "pii", "action", value="none"),
                    {"PRE-DATA-06"}),
    "stale scan": (set_path("datasets", 0, "scans", "pii", "run_at",
                            value="2026-01-01T00:00:00Z"), {"PRE-DATA-07"}),
    "licence removed": (delete("datasets", 0, "license"), {"PRE-DATA-02", "PRE-DATA-08"}),
    "base digest removed": (delete("base_model", "sha256"), {"PRE-MODEL-01"}),
    "signature unverified": (set_path("base_model", "signature", "verified", value=False),
                             {"PRE-MODEL-02"}),
    "pickle base model": (set_path("base_model", "format", value="pickle"), {"PRE-MODEL-03"}),
    "model card unreviewed": (set_path("base_model", "model_card_reviewed", value=False),
                              {"PRE-MODEL-04"}),
    "remote code unreviewed": (set_path("base_model", "trust_remote_code", value=True),
                               {"PRE-MODEL-05"}),
    "remote code unstated": (delete("base_model", "trust_remote_code"), {"PRE-MODEL-05"}),
    "lockfile unpinned": (delete("training", "code", "lockfile_sha256"), {"PRE-SUPPLY-01"}),
    "no safety defense": (set_path("training", "safety_defense", "method", value="none"),
                          {"DUR-DEF-01", "GOV-XPH-01"}),
    "outside the envelope": (set_path("training", "hyperparameters", "learning_rate",
                                      value=0.001), {"DUR-CFG-01"}),
    "personal data without DP": (set_path("datasets", 0, "classification", value="personal"),
                                 {"DUR-PRIV-01"}),
    "network open": (set_path("training", "environment", "network_isolated", value=False),
                     {"DUR-ENV-01"}),
    "credential pasted": (set_path("metadata", "labels", "x-key", value="AKIAIOSFODNN7EXAMPLE"),
                          {"DUR-ENV-02"}),
    "no halt on alert": (set_path("training", "monitoring", "halt_on_alert", value=False),
                         {"DUR-MON-01"}),
    "unverified submitter": (set_path("training", "submitter", "verified", value=False),
                             {"DUR-IF-01"}),
    "mutable audit log": (set_path("training", "audit_log", "immutable", value=False),
                          {"DUR-LOG-01"}),
    "agent task without trajectory scans": (set_path("metadata", "task_type", value="agent"),
                                            {"DUR-AGT-01"}),
    "harmful regression": (set_path("evaluation", "safety", 0, "harmful_score_tuned",
                                    value=0.2), {"POST-EVAL-01"}),
    "one benchmark twice": (set_path("evaluation", "safety", 1, "benchmark", value="harmbench"),
                            {"POST-EVAL-02"}),
    "language not evaluated": (set_path("evaluation", "safety", 1, "languages", value=["en"]),
                               {"POST-EVAL-03"}),
    "another artifact ships": (set_path("deployment", "artifact_sha256", value=OTHER_DIGEST),
                               {"POST-EVAL-04"}),
    "behavioural backdoor scan only": (set_path("evaluation", "backdoor_scan", "methods",
                                                value=["behavioral"]), {"POST-BD-01"}),
    "backdoor scan failed": (set_path("evaluation", "backdoor_scan", "passed", value=False),
                             {"POST-BD-01", "GOV-XPH-01"}),
    "adapter unsigned": (set_path("adapters", 0, "signature", "verified", value=False),
                         {"POST-ADP-01"}),
    "unapproved third-party adapter": (set_path("adapters", 0, "source", value="third-party"),
                                       {"POST-ADP-02"}),
    "memorisation": (set_path("evaluation", "privacy", "membership_inference_auc", value=0.7),
                     {"POST-PRIV-01"}),
    "open red-team findings": (set_path("evaluation", "red_team", "open_findings", value=2),
                               {"POST-RT-01"}),
    "no auth": (set_path("deployment", "auth_required", value=False), {"DEP-IF-01"}),
    "no output filter": (set_path("deployment", "guardrails", "output_filter", value=False),
                         {"DEP-GR-01"}),
    "agent tool without approval": (agent_deployment, {"DEP-AGT-01"}),
    "no rollback": (delete("deployment", "rollback"), {"DEP-MON-01"}),
    "security approval missing": (delete("approvals", 0), {"GOV-APR-01"}),
    "owner left as a placeholder": (set_path("metadata", "owner", value="TODO"),
                                    {"GOV-DOC-01"}),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_breaking_one_piece_of_evidence_fails_exactly_its_control(checker, name):
    mutate, expected = MUTATIONS[name]
    data = copy.deepcopy(reference())
    mutate(data)
    assert failing(evaluate(checker, data)) == expected


def test_every_control_is_exercised_by_a_mutation(catalog):
    covered = set().union(*(expected for _, expected in MUTATIONS.values()))
    assert covered == {c.id for c in catalog.controls} - {"PRE-SUPPLY-02"}


@pytest.mark.parametrize("tier", ["low", "medium", "high"])
def test_risk_tiers_switch_controls_to_not_applicable(checker, catalog, tier):
    data = copy.deepcopy(reference())
    data["metadata"]["risk_tier"] = tier
    result = evaluate(checker, data)
    for control_result in result.results:
        if tier not in control_result.control.tiers:
            assert control_result.status is Status.NOT_APPLICABLE, control_result.control.id
    assert failing(result) == set()


def test_failing_example_fails_in_every_phase(examples_report):
    document = next(d for d in examples_report.documents if d.name == "sales-agent-qlora")
    phases = {r.control.phase for r in document.results if r.status is Status.FAIL}
    assert phases == set(PHASES)


def test_minimal_example_passes(examples_report):
    document = next(d for d in examples_report.documents if d.name == "intent-classifier")
    assert failing(document) == set()
    assert document.risk_tier == "low"
