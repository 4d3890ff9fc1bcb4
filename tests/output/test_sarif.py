"""SARIF: valid against the OASIS 2.1.0 schema; nothing failing, waived or broken goes missing."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from formats_support import (
    ERROR_DOCUMENT,
    artifact_statuses,
    assert_cli_writes,
    assert_matches_golden,
    failing_results,
    with_baselined,
    with_error_document,
    with_waiver,
)
from support import AS_OF

from ftcomply.evidence import DigestStatus
from ftcomply.models import DocumentResult, InputError, Location, Report, Severity
from ftcomply.output import RenderOptions
from ftcomply.output.sarif import INPUT_RULE_ID, render

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "schemas" / \
    "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator  # what the OASIS file declares
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _log(report: Report) -> dict[str, Any]:
    return json.loads(render(report, RenderOptions()))


def _assert_valid(validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_examples_are_valid_sarif(report, validator):
    log = _log(report)
    _assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1


def test_error_document_and_waiver_are_valid_sarif(report, validator):
    waived_report, _ = with_waiver(report)
    _assert_valid(validator, _log(with_error_document(waived_report)))


def test_one_rule_per_control_with_severity_help_and_tags(report):
    rules = _log(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for c in report.controls] + [INPUT_RULE_ID]
    expected = {Severity.CRITICAL: ("error", "9.5"), Severity.HIGH: ("error", "8.0"),
                Severity.MEDIUM: ("warning", "5.5"), Severity.LOW: ("note", "3.0")}
    for control, rule in zip(report.controls, rules, strict=False):
        level, score = expected[control.severity]
        assert rule["defaultConfiguration"]["level"] == level
        assert rule["properties"]["security-severity"] == score
        assert rule["shortDescription"]["text"] == control.title
        assert rule["fullDescription"]["text"] == control.description
        assert control.remediation in rule["help"]["text"]
        assert control.remediation in rule["help"]["markdown"]
        assert rule["name"].isalnum()
        tags = rule["properties"]["tags"]
        assert tags[:2] == ["security", control.phase]
        for framework, refs in control.frameworks.items():
            assert {f"{framework}/{ref}" for ref in refs} <= set(tags)


def test_every_failing_finding_is_a_result_at_its_location(report):
    failing = failing_results(report)
    assert failing, "the examples are expected to fail some control"
    run = _log(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = [r for r in run["results"] if r["ruleId"] != INPUT_RULE_ID]
    assert len(results) == len(failing)
    for (document, result, finding), entry in zip(failing, results, strict=True):
        assert entry["ruleId"] == result.control.id
        assert rules[entry["ruleIndex"]]["id"] == result.control.id
        assert entry["message"]["text"] == finding.message
        location = entry["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == document.path
        assert "\\" not in physical["artifactLocation"]["uri"]
        assert physical["region"] == {"startLine": finding.location.line,
                                      "startColumn": finding.location.column}
        assert location["logicalLocations"][0] == {"fullyQualifiedName": finding.pointer,
                                                   "kind": "member"}
        assert "suppressions" not in entry


def test_fingerprints_are_unique_and_stable(report):
    results = _log(report)["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["ftcomplyFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    assert render(report, RenderOptions()) == render(report, RenderOptions())


def test_waived_result_carries_a_suppression(report):
    waived_report, waived = with_waiver(report)
    results = _log(waived_report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == len(waived.findings)
    for entry in suppressed:
        assert entry["ruleId"] == waived.control.id
        (suppression,) = entry["suppressions"]
        assert suppression["kind"] == "external"
        assert suppression["status"] == "accepted"
        assert suppression["justification"] == waived.waiver.justification
        assert suppression["properties"] == {
            "waiver": "W-2026-014", "approved_by": "jane.doe@example.com",
            "ticket": "SEC-1234", "expires": "2026-12-01"}
        assert entry["properties"]["raw_status"] == "fail"


def test_waiver_states_are_recorded(report):
    waived_report, waived = with_waiver(report)
    (state,) = _log(waived_report)["runs"][0]["properties"]["waivers"]
    assert state["id"] == "W-2026-014"
    assert state["control"] == waived.control.id
    assert (state["days_left"], state["expiring"], state["expired"]) == (5, True, False)


def test_baselined_results_are_unchanged_others_new(report, validator):
    baselined_report, baselined = with_baselined(report)
    log = _log(baselined_report)
    _assert_valid(validator, log)
    states = Counter(r["baselineState"] for r in log["runs"][0]["results"])
    assert states["unchanged"] == len(baselined.findings)
    assert states["new"] == len(log["runs"][0]["results"]) - len(baselined.findings)
    assert all("baselineState" not in r for r in _log(report)["runs"][0]["results"])


def test_errors_are_results_and_mark_the_run_unsuccessful(report):
    broken = with_error_document(report)
    assert broken.exit_code == 2
    run = _log(broken)["runs"][0]
    assert run["invocations"][0] == {"executionSuccessful": False, "exitCode": 2}
    errors = [r for r in run["results"] if r["ruleId"] == INPUT_RULE_ID]
    assert [e["message"]["text"] for e in errors] == [e.message for e in ERROR_DOCUMENT.errors]
    assert all(e["level"] == "error" for e in errors)
    first, second = (e["locations"][0] for e in errors)
    assert first["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 9}
    assert first["logicalLocations"][0]["fullyQualifiedName"] == "/datasets/0"
    assert "region" not in second["physicalLocation"]  # line unknown: no region at all
    assert _log(report)["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_run_errors_and_empty_runs_are_results(report, validator):
    missing = replace(report, errors=(InputError("no such file or directory",
                                                 Location("jobs/missing.yaml")),))
    empty = replace(report, documents=())
    for broken in (missing, empty):
        log = _log(broken)
        _assert_valid(validator, log)
        run = log["runs"][0]
        assert [r["ruleId"] for r in run["results"]][:1] == [INPUT_RULE_ID]
        assert run["invocations"][0]["executionSuccessful"] is False


def test_artifacts_carry_input_digests_and_run_identity(report):
    run = _log(report)["runs"][0]
    artifacts = {a["location"]["uri"]: a["hashes"]["sha-256"] for a in run["artifacts"]}
    assert artifacts == {d.path: d.sha256 for d in report.documents}
    properties = run["properties"]
    info = report.info
    assert properties["as_of"] == AS_OF
    assert properties["catalog"] == {"version": info.catalog_version,
                                     "digest": info.catalog_digest}
    assert properties["schema_digest"] == info.schema_digest
    assert properties["fail_on"] == info.fail_on.value
    assert properties["params"] == json.loads(json.dumps(info.params))
    assert run["tool"]["driver"]["version"] == info.tool_version


def test_paths_become_relative_uris(report):
    document = DocumentResult("./jobs\\my job.yaml", 0, "1" * 64, "j", "low",
                              errors=(InputError("bad", Location("./jobs\\my job.yaml", 1, 1)),))
    run = _log(replace(report, documents=(document,)))["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "jobs/my%20job.yaml"
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "jobs/my%20job.yaml", "index": 0}


# --- verified artifacts (check --verify) ----------------------------------------------


def _checked(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """run.artifacts entries other than input descriptors, by URI."""
    return {a["location"]["uri"]: a for a in log["runs"][0]["artifacts"]
            if "ftcomply-digest" in a.get("properties", {})}


def test_verified_artifacts_carry_their_digest_others_only_a_declared_mark(verified, validator):
    log = _log(verified)
    _assert_valid(validator, log)
    (document,) = verified.documents
    assert set(artifact_statuses(verified).values()) >= {
        DigestStatus.VERIFIED, DigestStatus.MISMATCH, DigestStatus.REMOTE}
    checked = _checked(log)
    local = [a for a in document.artifacts if a.status is not DigestStatus.REMOTE]
    assert set(checked) == {f"jobs/{a.uri}" for a in local}  # next to jobs/job.yaml
    for artifact in local:
        entry = checked[f"jobs/{artifact.uri}"]
        properties = entry["properties"]
        assert properties["status"] == artifact.status.value
        assert properties["declarations"] == [{
            "document": document.path, "index": 0, "pointer": artifact.pointer,
            "declared_sha256": artifact.declared_sha256, "status": artifact.status.value}]
        if artifact.status is DigestStatus.VERIFIED:
            assert properties["ftcomply-digest"] == "verified"
            assert entry["hashes"] == {"sha-256": artifact.actual_sha256}
        else:
            assert properties["ftcomply-digest"] == "declared"
            assert "hashes" not in entry
    # Remote artifacts (an s3 URI, a model id) have no SARIF location and are never verified.
    assert not [uri for uri in checked if "s3" in uri or "intent-base" in uri]
    run = log["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == document.path
    for result in run["results"]:  # findings still point at the descriptor
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": document.path, "index": 0}


def test_a_file_declared_twice_is_verified_only_if_every_declaration_is(verified):
    (document,) = verified.documents
    verified_dataset = next(a for a in document.artifacts if a.status is DigestStatus.VERIFIED)
    wrong = replace(verified_dataset, declared_sha256="0" * 64, status=DigestStatus.MISMATCH)
    second = replace(document, index=1, artifacts=(wrong,))
    checked = _checked(_log(replace(verified, documents=(document, second))))
    entry = checked[f"jobs/{verified_dataset.uri}"]
    assert entry["properties"]["ftcomply-digest"] == "declared"
    assert entry["properties"]["status"] == "mismatch"
    assert "hashes" not in entry
    assert [d["status"] for d in entry["properties"]["declarations"]] == ["verified", "mismatch"]


def test_hostile_artifact_names_stay_valid_sarif(hostile_verified, validator):
    log = _log(hostile_verified)
    _assert_valid(validator, log)
    assert all(" " not in uri and "<" not in uri for uri in _checked(log))


def test_golden(report):
    assert_matches_golden("examples.sarif.json", render(report, RenderOptions()))


def test_cli_writes_the_same_bytes(report, tmp_path):
    assert_cli_writes("sarif", render(report, RenderOptions()), report.exit_code, tmp_path)
