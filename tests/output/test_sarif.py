"""SARIF: valid against the OASIS 2.1.0 schema and GitHub's upload rules; nothing failing,
waived, not applicable or broken goes missing."""

from __future__ import annotations

import contextlib
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
from support import AS_OF, ROOT

from ftcomply.evidence import DigestStatus
from ftcomply.models import (
    DocumentResult,
    InputError,
    Location,
    Report,
    Severity,
    Status,
    waiver_record,
)
from ftcomply.output import RenderOptions
from ftcomply.output.sarif import INPUT_RULE_ID, SRCROOT, render
from ftcomply.output.workspace import Workspace

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "schemas" / \
    "sarif-schema-2.1.0.json"
# The reports' paths are relative to the repository root, as `check examples` from there.
AT_ROOT = Workspace(str(ROOT), str(ROOT))
# The golden log is written as if the checkout were here, so it holds no machine's path.
GOLDEN_CHECKOUT = Workspace("/home/runner/work/repo", "/home/runner/work/repo")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator  # what the OASIS file declares
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _log(report: Report, where: Workspace = AT_ROOT) -> dict[str, Any]:
    return json.loads(render(report, RenderOptions(), where))


def _assert_valid(validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    problems = _github_upload_problems(log)
    assert not problems, "\n".join(problems[:5])


def _github_upload_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning rejects or mangles, as its SARIF documentation and the
    upload action state: the size limits (runs, results, rules, tags, locations), a result
    without a location ("expected at least one location"), a location without a line
    (fingerprinted at line 1 of whatever file), results sharing a primaryLocationLineHash
    (merged into one alert), relative URIs starting with `./` and non-file URI schemes."""
    problems = []
    if len(log["runs"]) > 20:
        problems.append("more than 20 runs")
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        results = run.get("results", [])
        if len(results) > 25_000 or len(driver.get("rules", [])) > 25_000:
            problems.append("more than 25,000 results or rules in a run")
        for rule in driver.get("rules", []):
            if len(rule.get("properties", {}).get("tags", [])) > 20:
                problems.append(f"rule {rule['id']} has more than 20 tags")
            if not rule.get("help", {}).get("text"):
                problems.append(f"rule {rule['id']} has no help text")
            score = rule.get("properties", {}).get("security-severity")
            if score is not None and not 0 <= float(score) <= 10:
                problems.append(f"rule {rule['id']} security-severity out of range")
        hashes = Counter(r.get("partialFingerprints", {}).get("primaryLocationLineHash")
                         for r in results)
        for result in results:
            where = f"result {result.get('ruleId')} {result['message']['text']!r}"
            if not result.get("ruleId") or not result["message"].get("text"):
                problems.append(f"{where}: no ruleId or message text")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 1000:
                problems.append(f"{where}: {len(locations)} locations")
                continue
            physical = locations[0].get("physicalLocation", {})
            uri = physical.get("artifactLocation", {}).get("uri", "")
            if "region" not in physical or "startLine" not in physical["region"]:
                problems.append(f"{where}: no region with a startLine")
            if uri.startswith("./") or ("://" in uri and not uri.startswith("file://")):
                problems.append(f"{where}: URI {uri!r} does not resolve in the repository")
            line_hash = result.get("partialFingerprints", {}).get("primaryLocationLineHash")
            if line_hash is None or hashes[line_hash] > 1:
                problems.append(f"{where}: primaryLocationLineHash {line_hash!r} not unique")
    return problems


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
        assert physical["artifactLocation"]["uriBaseId"] == SRCROOT
        assert "\\" not in physical["artifactLocation"]["uri"]
        line, column = finding.location.line, finding.location.column
        assert physical["region"] == {"startLine": line, "startColumn": column,
                                      "endLine": line, "endColumn": column + 1}
        assert location["logicalLocations"][0] == {"fullyQualifiedName": finding.pointer,
                                                   "kind": "member"}
        assert "suppressions" not in entry


def test_fingerprints_are_unique_and_stable(report):
    results = _log(report)["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["ftcomplyFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    assert render(report, RenderOptions()) == render(report, RenderOptions())


def test_each_finding_has_its_own_github_fingerprint(report):
    """GitHub matches alerts on primaryLocationLineHash alone and, when it is missing,
    hashes the line's text: findings of one rule on one line became a single alert."""
    results = _log(report)["runs"][0]["results"]
    places = Counter((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]
                      ["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                     for r in results)
    assert max(places.values()) > 1, "the examples have findings sharing rule, file and line"
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == len(hashes) == len(results)


def test_github_fingerprints_survive_moved_lines(report):
    """The hash names the job, control and JSON pointer, not the line number."""
    moved = replace(report, documents=tuple(
        replace(d, results=tuple(
            replace(r, findings=tuple(replace(f, location=replace(
                f.location, line=(f.location.line or 0) + 7)) for f in r.findings))
            for r in d.results))
        for d in report.documents))
    before = [r["partialFingerprints"] for r in _log(report)["runs"][0]["results"]]
    after = [r["partialFingerprints"] for r in _log(moved)["runs"][0]["results"]]
    assert before == after


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
        # The same shape as the JSON report's waiver (models.waiver_record).
        assert suppression["properties"] == waiver_record(waived.waiver)
        assert suppression["properties"]["unscoped"] is True
        assert entry["properties"]["raw_status"] == "fail"


def test_waiver_states_are_recorded(report):
    waived_report, waived = with_waiver(report)
    (state,) = _log(waived_report)["runs"][0]["properties"]["waivers"]
    assert state["id"] == "W-2026-014"
    assert state["control"] == waived.control.id
    assert (state["days_left"], state["expiring"], state["expired"]) == (5, True, False)
    assert (state["paths"], state["unscoped"]) == ([], True)


def test_a_scoped_waiver_names_its_paths(report):
    waived_report, waived = with_waiver(report)
    scoped = replace(waived.waiver, paths=("/datasets/*",))
    waived_report = replace(waived_report, documents=tuple(
        replace(d, results=tuple(replace(r, waiver=scoped) if r.waiver else r
                                 for r in d.results)) for d in waived_report.documents))
    (entry, *_) = [r for r in _log(waived_report)["runs"][0]["results"] if "suppressions" in r]
    properties = entry["suppressions"][0]["properties"]
    assert (properties["paths"], properties["unscoped"]) == (["/datasets/*"], False)


def test_baselined_results_are_unchanged_others_new(report, validator):
    baselined_report, baselined = with_baselined(report)
    log = _log(baselined_report)
    _assert_valid(validator, log)
    states = Counter(r["baselineState"] for r in log["runs"][0]["results"])
    assert states["unchanged"] == len(baselined.findings)
    assert states["new"] == len(log["runs"][0]["results"]) - len(baselined.findings)
    assert all("baselineState" not in r for r in _log(report)["runs"][0]["results"])


def test_errors_at_a_line_are_results_others_notifications(report, validator):
    broken = with_error_document(report)
    assert broken.exit_code == 2
    log = _log(broken)
    _assert_valid(validator, log)
    run = log["runs"][0]
    invocation = run["invocations"][0]
    assert (invocation["executionSuccessful"], invocation["exitCode"]) == (False, 2)
    placed, unplaced = ERROR_DOCUMENT.errors  # at 12:9, and at no line
    (error,) = [r for r in run["results"] if r["ruleId"] == INPUT_RULE_ID]
    assert error["message"]["text"] == placed.message
    assert error["level"] == "error"
    location = error["locations"][0]
    assert location["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 9,
                                                      "endLine": 12, "endColumn": 10}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "/datasets/0"
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == unplaced.message
    assert notification["level"] == "error"
    assert notification["descriptor"] == {"id": INPUT_RULE_ID, "index": 0}
    assert run["tool"]["driver"]["notifications"][0]["id"] == INPUT_RULE_ID
    physical = notification["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == ERROR_DOCUMENT.path
    assert "region" not in physical
    clean = _log(report)["runs"][0]["invocations"][0]
    assert clean["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in clean


def test_a_missing_file_is_a_tool_execution_notification(report, validator):
    """Not a result without a region: GitHub cannot place one, and the file is not there."""
    missing = replace(report, errors=(InputError("no such file or directory",
                                                 Location("jobs/missing.yaml")),))
    log = _log(missing)
    _assert_valid(validator, log)
    run = log["runs"][0]
    assert INPUT_RULE_ID not in {r["ruleId"] for r in run["results"]}
    assert all("region" in r["locations"][0]["physicalLocation"] for r in run["results"])
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "no such file or directory"
    artifact = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "jobs/missing.yaml", "uriBaseId": SRCROOT}
    assert "jobs/missing.yaml" not in {a["location"]["uri"] for a in run["artifacts"]}


def test_an_empty_run_is_unsuccessful_with_a_notification(report, validator):
    log = _log(replace(report, documents=()))
    _assert_valid(validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "no descriptor document was evaluated"
    assert "locations" not in notification


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
    assert properties["params"] == json.loads(json.dumps(info.parameter_values))
    assert run["tool"]["driver"]["version"] == info.tool_version


def test_paths_become_relative_uris(report):
    document = DocumentResult("./jobs\\my job.yaml", 0, "1" * 64, "j", "low",
                              errors=(InputError("bad", Location("./jobs\\my job.yaml", 1, 1)),))
    run = _log(replace(report, documents=(document,)))["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "jobs/my%20job.yaml"
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "jobs/my%20job.yaml", "uriBaseId": SRCROOT, "index": 0}


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
        assert location == {"uri": document.path, "uriBaseId": SRCROOT, "index": 0}


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
    assert_matches_golden("examples.sarif.json", render(report, RenderOptions(),
                                                        GOLDEN_CHECKOUT))


def test_cli_writes_the_same_bytes(report, tmp_path):
    with contextlib.chdir(ROOT):  # the CLI runs there, in this environment
        expected = render(report, RenderOptions())
    assert_cli_writes("sarif", expected, report.exit_code, tmp_path)


# --- issue 12: reasons, evidence, stage, as_of source ------------------------------------


def test_not_applicable_results_are_listed_with_their_reason_not_as_results(report, validator):
    log = _log(report)
    _assert_valid(validator, log)
    run = log["runs"][0]
    listed = {(entry["document"], entry["index"], item["ruleId"]): item["reason"]
              for entry in run["properties"]["not_applicable"] for item in entry["results"]}
    expected = {(d.path, d.index, r.control.id): r.reason for d in report.documents
                for r in d.results if r.status is Status.NOT_APPLICABLE}
    assert expected, "the examples are expected to have not-applicable controls"
    assert all(expected.values()), "every not-applicable result carries a reason"
    assert listed == expected
    for entry in run["properties"]["not_applicable"]:
        document = next(d for d in report.documents
                        if (d.path, d.index) == (entry["document"], entry["index"]))
        assert entry["job"] == document.name
    # GitHub raises an alert for every result whatever its kind: n/a must not be one.
    failing = {(d.path, r.control.id) for d in report.documents for r in d.results
               if r.status in (Status.FAIL, Status.WAIVED)}
    assert {(r["properties"]["document"], r["ruleId"]) for r in run["results"]} == failing


def test_a_not_applicable_result_without_reason_still_says_something(report):
    document = report.documents[0]
    index, result = next((i, r) for i, r in enumerate(document.results)
                         if r.status is Status.NOT_APPLICABLE)
    results = (*document.results[:index], replace(result, reason=None),
               *document.results[index + 1:])
    bare = replace(report, documents=(replace(document, results=results),))
    (entry,) = _log(bare)["runs"][0]["properties"]["not_applicable"]
    reasons = {item["ruleId"]: item["reason"] for item in entry["results"]}
    assert reasons[result.control.id] == "not applicable to this job"


def test_results_carry_their_evidence_level(report, verified):
    for source in (report, verified):
        levels = {(d.path, r.control.id): r.evidence_level.value for d in source.documents
                  for r in d.results}
        run = _log(source)["runs"][0]
        assert run["results"]
        for entry in run["results"]:
            key = (entry["properties"]["document"], entry["ruleId"])
            assert entry["properties"]["evidence_level"] == levels[key]
        assert run["properties"]["evidence"] == source.evidence_counts
    assert {r["properties"]["evidence_level"] for r in _log(report)["runs"][0]["results"]} \
        == {"declared"}


@pytest.mark.parametrize("stage", ["pre-tuning", "post-tuning", "pre-deployment"])
def test_the_stage_is_stated(report, stage):
    staged = replace(report, info=replace(report.info, stage=stage))
    run = _log(staged)["runs"][0]
    assert run["properties"]["stage"] == stage
    assert run["invocations"][0]["properties"]["stage"] == stage


def test_as_of_from_source_date_epoch_is_a_configuration_warning(report, validator):
    clocked = replace(report, info=replace(report.info, as_of_source="--as-of"))
    invocation = _log(clocked)["runs"][0]["invocations"][0]
    assert invocation["properties"]["as_of_source"] == "--as-of"
    assert "toolConfigurationNotifications" not in invocation
    epoch = replace(report, info=replace(report.info, as_of_source="SOURCE_DATE_EPOCH"))
    log = _log(epoch)
    _assert_valid(validator, log)
    run = log["runs"][0]
    assert run["properties"]["as_of_source"] == "SOURCE_DATE_EPOCH"
    (warning,) = run["invocations"][0]["toolConfigurationNotifications"]
    assert warning["level"] == "warning"
    assert "SOURCE_DATE_EPOCH" in warning["message"]["text"]
    assert AS_OF in warning["message"]["text"]
    assert "--as-of" in warning["message"]["text"]
    descriptors = run["tool"]["driver"]["notifications"]
    assert descriptors[warning["descriptor"]["index"]]["id"] == warning["descriptor"]["id"]


# --- issue 13 item 15: paths that resolve, regions -----------------------------------------


def test_paths_resolve_from_a_subdirectory(report, validator):
    """`cd ml && ftcomply check examples` in a repository checked out at /repo: GitHub
    resolves relative URIs against the repository root, so they must start with ml/."""
    log = _log(report, Workspace("/repo/ml", "/repo"))
    _assert_valid(validator, log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == "file:///repo/"
    assert run["invocations"][0]["workingDirectory"] == {"uri": "file:///repo/ml/"}
    for entry in run["results"]:
        artifact = entry["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uri"] == f"ml/{entry['properties']['document']}"
        assert artifact["uriBaseId"] == SRCROOT
        assert run["artifacts"][artifact["index"]]["location"] == {
            "uri": artifact["uri"], "uriBaseId": SRCROOT}


def test_paths_outside_the_root_are_absolute_file_uris(report):
    document = replace(report.documents[0], path="../elsewhere/job.yaml")
    log = _log(replace(report, documents=(document,)), Workspace("/repo/ml", "/repo/ml"))
    run = log["runs"][0]
    assert run["artifacts"][0]["location"] == {"uri": "file:///repo/elsewhere/job.yaml"}
    absolute = replace(report.documents[0], path="/srv/jobs/job.yaml")
    run = _log(replace(report, documents=(absolute,)), Workspace("/repo", "/repo"))["runs"][0]
    assert run["artifacts"][0]["location"] == {"uri": "file:///srv/jobs/job.yaml"}


def test_the_workspace_is_github_workspace_when_it_holds_the_working_directory(tmp_path,
                                                                                monkeypatch):
    from ftcomply.output import workspace

    inner = tmp_path / "ml"
    inner.mkdir()
    monkeypatch.chdir(inner)
    here = workspace.current({"GITHUB_WORKSPACE": str(tmp_path)})
    assert (here.cwd, here.root, here.github) == (str(inner), str(tmp_path), True)
    assert here.relative("jobs/a.yaml") == "ml/jobs/a.yaml"
    assert here.relative("../top.yaml") == "top.yaml"
    assert here.relative("../../out.yaml") is None
    assert here.relative("<stdin>") is None
    elsewhere = workspace.current({"GITHUB_WORKSPACE": str(tmp_path / "other")})
    assert elsewhere.root == str(inner)
    assert workspace.current({}) == Workspace(str(inner), str(inner), github=False)
    assert workspace.current({"GITHUB_WORKSPACE": "relative/dir"}).root == str(inner)


def test_a_report_without_files_names_no_directory(report, validator):
    """The service checks request bodies (`<request>`): its own directories are not the
    caller's business, and nothing is there to resolve."""
    document = replace(report.documents[0], path="<request>")
    log = _log(replace(report, documents=(document,)), Workspace("/srv/ftcomply", "/srv"))
    _assert_valid(validator, log)
    run = log["runs"][0]
    assert "originalUriBaseIds" not in run
    assert "workingDirectory" not in run["invocations"][0]
    assert "/srv" not in json.dumps(log)
    assert run["artifacts"][0]["location"] == {"uri": "%3Crequest%3E"}


def test_regions_end_where_they_start_one_character_on(report):
    for entry in _log(report)["runs"][0]["results"]:
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert region["endLine"] == region["startLine"]
        assert region["endColumn"] == region["startColumn"] + 1
    line_only = replace(ERROR_DOCUMENT, errors=(
        InputError("invalid YAML: tab", Location("jobs/broken.yaml", 4)),))
    (entry,) = _log(replace(report, documents=(line_only,)))["runs"][0]["results"]
    assert entry["locations"][0]["physicalLocation"]["region"] == {"startLine": 4,
                                                                  "endLine": 4}


def test_a_missing_risk_tier_or_job_name_never_prints_none(report):
    anonymous = replace(report, documents=tuple(replace(d, risk_tier=None, name=None)
                                                for d in report.documents))
    text = render(anonymous, RenderOptions(), AT_ROOT)
    assert "None" not in text
    assert all(r["properties"]["job"] is None for r in json.loads(text)["runs"][0]["results"])


def test_unmatched_scanner_findings_are_run_properties(report, validator):
    from ftcomply.evidence import ScannerFinding

    found = ScannerFinding("modelscan", "critical", "os.system call", "/models/x.bin")
    log = _log(replace(report, unmatched_findings=(found,)))
    _assert_valid(validator, log)
    assert log["runs"][0]["properties"]["unmatched_scanner_findings"] == [
        {"tool": "modelscan", "severity": "critical", "description": "os.system call",
         "file": "/models/x.bin", "member": None}]
