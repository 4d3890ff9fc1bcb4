"""OSCAL Assessment Results: parsed by compliance-trestle, complete, and stable to the byte."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
import trestle.oscal
from formats_support import all_baselined, assert_cli_writes, assert_matches_golden
from support import AS_OF, DECLARED_EXAMPLE_PATHS, EXAMPLES, ROOT
from trestle.oscal.assessment_results import AssessmentResults

from ftcomply.evidence import DigestStatus
from ftcomply.models import Status
from ftcomply.output import RenderOptions
from ftcomply.output.oscal import OSCAL_VERSION, _text, render
from ftcomply.pipeline import CheckOptions, run_check


@pytest.fixture(scope="module")
def text(report) -> str:
    return render(report, RenderOptions())


def parse(text: str) -> dict[str, Any]:
    """The document as trestle's model accepts it, returned as plain JSON."""
    document = json.loads(text)
    assert list(document) == ["assessment-results"]
    AssessmentResults.model_validate(document["assessment-results"])
    return document["assessment-results"]


def by_uuid(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["uuid"]: item for item in items}


def props(item: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("props", [])}


def test_golden(text):
    assert_matches_golden("examples.oscal.json", text)


def test_cli_writes_the_same_bytes(tmp_path, report, text):
    assert_cli_writes("oscal", text, report.exit_code, tmp_path)


def test_trestle_parses_the_examples(text):
    parse(text)


def test_trestle_parses_errors_and_waivers(error_report):
    parse(render(error_report, RenderOptions()))


def test_trestle_parses_a_run_without_documents(catalog, tmp_path):
    options = CheckOptions(paths=(str(tmp_path / "missing.yaml"),), as_of=AS_OF)
    result = parse(render(run_check(catalog, options), RenderOptions()))["results"][0]
    assert "findings" not in result
    assert props(result)["verdict"] == "error"


def test_version_is_the_one_trestle_models(text):
    assert OSCAL_VERSION == trestle.oscal.OSCAL_VERSION
    assert parse(text)["metadata"]["oscal-version"] == OSCAL_VERSION


def test_metadata_records_the_run_identity(report, text):
    document = parse(text)
    info = report.info
    metadata = document["metadata"]
    assert metadata["last-modified"] == info.as_of
    assert metadata["version"] == info.tool_version
    assert props(metadata) | {
        "catalog-version": info.catalog_version,
        "catalog-digest": info.catalog_digest,
        "schema-digest": info.schema_digest,
        "engine": info.engine,
    } == props(metadata)
    [result] = document["results"]
    assert result["start"] == result["end"] == info.as_of
    parameters = dict(p["value"].split("=", 1) for p in result["props"]
                      if p["name"] == "parameter")
    assert {k: json.loads(v) for k, v in parameters.items()} == info.parameter_values


def test_back_matter_holds_every_input_digest(report, text):
    document = parse(text)
    resources = by_uuid(document["back-matter"]["resources"])
    hashes = {(link["href"], h["value"]) for r in resources.values() for link in r["rlinks"]
              for h in link.get("hashes", [])}
    for doc in report.documents:
        assert (doc.path, doc.sha256) in hashes
    values = {value for _, value in hashes}
    assert report.info.catalog_digest.removeprefix("sha256:") in values
    assert report.info.schema_digest.removeprefix("sha256:") in values
    assert all(h["algorithm"] == "SHA-256" for r in resources.values()
               for link in r["rlinks"] for h in link.get("hashes", []))
    assert document["import-ap"]["href"].removeprefix("#") in resources


def test_one_finding_per_applicable_control_and_document(report, text):
    [result] = parse(text)["results"]
    selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    assert [c["control-id"] for c in selected] == [c.id for c in report.controls]
    judged = [r for d in report.documents for r in d.results
              if r.raw_status is not Status.NOT_APPLICABLE]
    assert [f["target"]["target-id"] for f in result["findings"]] == [
        r.control.id for r in judged]
    state = {Status.PASS: "satisfied", Status.FAIL: "not-satisfied"}
    for finding, expected in zip(result["findings"], judged, strict=True):
        assert finding["target"]["type"] == "objective-id"
        assert finding["target"]["status"]["state"] == state[expected.raw_status]
        assert props(finding)["ftcomply-status"] == expected.status.value


def test_not_applicable_is_never_satisfied_and_says_why(report, text):
    # OSCAL 1.2.1 knows only satisfied and not-satisfied: a control that does not apply
    # gets no finding, and its observation carries the reason.
    [result] = parse(text)["results"]
    skipped = [r for d in report.documents for r in d.results
               if r.raw_status is Status.NOT_APPLICABLE]
    assert skipped
    reasons = [props(o).get("not-applicable-reason") for o in result["observations"]]
    assert sorted(r for r in reasons if r) == sorted(r.reason for r in skipped)


def test_every_output_is_valid_against_nists_schema(text, error_report, verified):
    """NIST's official assessment-results schema for the declared oscal-version."""
    import jsonschema
    import regex

    schema = json.loads((ROOT / "tests" / "fixtures" / "schemas" /
                         f"oscal_assessment-results_schema-{OSCAL_VERSION}.json").read_text())

    def pattern(validator, expected, instance, schema):  # NIST writes \p{L}: `regex` reads it
        if isinstance(instance, str) and not regex.search(expected, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")

    validator_class = jsonschema.validators.extend(jsonschema.Draft7Validator,
                                                   {"pattern": pattern})
    validator = validator_class(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    from test_tool_evidence import TOOL_EVIDENCE

    (job,) = verified.documents
    measured = replace(verified, documents=(replace(job, tool_evidence=TOOL_EVIDENCE),))
    for rendered in (text, render(error_report, RenderOptions()),
                     render(measured, RenderOptions())):
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in validator.iter_errors(json.loads(rendered))]
        assert errors == []


def test_descriptor_text_stays_text_and_paths_never_read_as_a_scheme():
    from ftcomply.output.oscal import _href

    assert _text("[x](javascript:alert(1)) <b>") == "\\[x\\](javascript:alert(1)) \\<b\\>"
    assert _href("c:olon.yaml") == "c%3Aolon.yaml"
    assert _href("jobs/a b.yaml") == "jobs/a%20b.yaml"


def test_observations_hold_the_evidence(report, text):
    document = parse(text)
    [result] = document["results"]
    observations = by_uuid(result["observations"])
    resources = by_uuid(document["back-matter"]["resources"])
    failing = [(d, r) for d in report.documents for r in d.results if r.status is Status.FAIL]
    assert failing
    findings = {(f["target"]["target-id"], f["related-observations"][0]["observation-uuid"])
                for f in result["findings"]}
    for observation in observations.values():
        assert observation["methods"] == ["TEST"]
        assert observation["collected"] == report.info.as_of
        for subject in observation["subjects"]:
            assert subject["subject-uuid"] in resources
        for evidence in observation["relevant-evidence"]:
            assert evidence["href"].removeprefix("#") in resources
    for document_result, control_result in failing:
        [uuid] = [o for c, o in findings if c == control_result.control.id
                  and _text(document_result.path) in observations[o]["title"]]
        descriptions = [e["description"] for e in observations[uuid]["relevant-evidence"]]
        for finding in control_result.findings:
            at = f" (at {finding.pointer})" if finding.pointer else ""
            # Descriptions are Markdown: descriptor text arrives with its syntax escaped.
            assert _text(f"{finding.location}: {finding.message}{at}") in descriptions


def test_error_documents_fail_closed_and_waivers_are_approved_deviations(error_report):
    document = parse(render(error_report, RenderOptions()))
    [result] = document["results"]
    assert props(result)["verdict"] == "error"
    broken = next(d for d in error_report.documents if d.errors)
    on_broken = [f for f in result["findings"] if _text(broken.path) in f["title"]]
    assert len(on_broken) == len(error_report.controls)
    assert {f["target"]["status"]["state"] for f in on_broken} == {"not-satisfied"}
    assert {props(f)["ftcomply-status"] for f in on_broken} == {"error"}
    observations = by_uuid(result["observations"])
    evidence = observations[on_broken[0]["related-observations"][0]["observation-uuid"]]
    assert _text(str(broken.errors[0].location)) in evidence["relevant-evidence"][0][
        "description"]
    assert any("missing.yaml" in o["description"] for o in observations.values())

    [risk] = result["risks"]
    [waived] = [f for f in result["findings"] if props(f)["ftcomply-status"] == "waived"]
    assert waived["target"]["status"]["state"] == "not-satisfied"
    assert waived["related-risks"] == [{"risk-uuid": risk["uuid"]}]
    assert risk["status"] == "deviation-approved"
    assert props(risk) == {"waiver-id": "W-2026-014", "approved-by": "jane.doe@example.com",
                           "ticket": "SEC-1234", "expires": "2026-12-31",
                           "declared-at": "waivers.yaml:2:5", "days-left": "35",
                           "expiring": "false"}


def test_baselined_failures_are_marked(report):
    result = parse(render(all_baselined(report), RenderOptions()))["results"][0]
    marked = [f for f in result["findings"] if props(f).get("baselined") == "true"]
    failing = sum(r.status is Status.FAIL for d in report.documents for r in d.results)
    assert len(marked) == failing > 0
    assert {f["target"]["status"]["state"] for f in marked} == {"not-satisfied"}
    assert props(result)["verdict"] == "pass"


def test_uuids_are_unique_and_derived_from_content(report, text, catalog):
    assert render(report, RenderOptions()) == text
    uuids = [value for key, value in _walk(json.loads(text)) if key == "uuid"]
    assert len(uuids) == len(set(uuids))
    later = run_check(catalog, CheckOptions(paths=DECLARED_EXAMPLE_PATHS,
                                            as_of="2026-11-27T00:00:00Z"))
    other = parse(render(later, RenderOptions()))
    assert other["uuid"] != parse(text)["uuid"]


def test_a_file_given_twice_keeps_uuids_unique(catalog):
    twice = CheckOptions(paths=(str(EXAMPLES), str(EXAMPLES / "minimal-low.yaml")), as_of=AS_OF)
    text = render(run_check(catalog, twice), RenderOptions())
    parse(text)
    uuids = [value for key, value in _walk(json.loads(text)) if key == "uuid"]
    assert len(uuids) == len(set(uuids))


# --- verified artifacts (check --verify) ----------------------------------------------


def _artifacts_observation(result: dict[str, Any]) -> dict[str, Any]:
    (observation,) = [o for o in result["observations"] if "artifacts-verified" in props(o)]
    return observation


def test_verified_artifacts_are_one_observation_with_both_digests(verified):
    document = parse(render(verified, RenderOptions()))
    [result] = document["results"]
    observation = _artifacts_observation(result)
    assert observation["methods"] == ["TEST"]
    (job,) = verified.documents
    expected = {a.pointer: a for a in job.artifacts}
    evidence = {props(e)["json-pointer"]: e for e in observation["relevant-evidence"]}
    assert set(evidence) == set(expected)
    counts = {"verified": 0, "declared": 0}
    for pointer, artifact in expected.items():
        entry = props(evidence[pointer])
        state = "verified" if artifact.status is DigestStatus.VERIFIED else "declared"
        counts[state] += 1
        assert entry["digest"] == state
        assert entry["digest-status"] == artifact.status.value
        assert entry.get("declared-sha256") == artifact.declared_sha256
        assert entry.get("actual-sha256") == artifact.actual_sha256
        assert ("VERIFIED" if state == "verified" else "DECLARED ONLY") in \
            evidence[pointer]["description"]
    assert props(evidence["/datasets/2"])["digest-status"] == "remote"
    assert "remote (not verifiable here)" in evidence["/datasets/2"]["description"]
    assert props(observation) == {"artifacts-verified": str(counts["verified"]),
                                  "artifacts-declared-only": str(counts["declared"])}
    pickle_adapter = [p["value"] for p in evidence["/adapters/1"]["props"]]
    assert "unsafe.bin: pickle" in pickle_adapter
    assert "unsafe.bin: posix.system" in pickle_adapter


def test_signatures_and_measurements_are_relevant_evidence_with_digests(verified):
    from test_tool_evidence import TOOL_EVIDENCE

    (job,) = verified.documents
    measured = replace(verified, documents=(replace(job, tool_evidence=TOOL_EVIDENCE),))
    [result] = parse(render(measured, RenderOptions()))["results"]
    entries = {props(e)["tool-evidence"]: props(e)
               for e in _artifacts_observation(result)["relevant-evidence"]
               if "tool-evidence" in props(e)}
    assert entries["signature /adapters/0"]["tool-evidence-status"] == "invalid"
    assert entries["signature /adapters/0"]["tool-evidence-digest"] == "sha256:" + "cd" * 32
    tuned = entries["evaluation.safety[0] tuned run"]
    assert tuned["tool-evidence-source"] == "evals/tuned.json"
    assert tuned["tool-evidence-digest"] == "sha256:" + "ab" * 32
    assert entries["evaluation.safety[0] base run"]["tool-evidence-status"] == "missing"


def test_evidence_controls_cite_the_artifacts_observation(verified):
    [result] = parse(render(verified, RenderOptions()))["results"]
    observation = _artifacts_observation(result)["uuid"]
    citing = {f["target"]["target-id"] for f in result["findings"]
              if {"observation-uuid": observation} in f["related-observations"]}
    (job,) = verified.documents
    reading = {r.control.id for r in job.results
               if r.control.reads_evidence and r.raw_status is not Status.NOT_APPLICABLE}
    assert {"PRE-SUPPLY-02", "PRE-MODEL-03", "POST-EVAL-01", "POST-ADP-01"} <= reading
    assert citing == reading  # the controls reading input.evidence
    for finding in result["findings"]:  # each control's own observation stays first
        assert finding["related-observations"][0]["observation-uuid"] != observation


def test_verified_artifacts_are_back_matter_resources_with_their_digest(verified):
    document = parse(render(verified, RenderOptions()))
    resources = by_uuid(document["back-matter"]["resources"])
    [result] = document["results"]
    observation = _artifacts_observation(result)
    hashed = {}
    for evidence in observation["relevant-evidence"]:
        resource = resources[evidence["href"].removeprefix("#")]
        if props(evidence)["digest"] == "verified":
            [link] = resource["rlinks"]
            assert props(resource)["resource-type"] == "artifact"
            hashed[link["href"]] = link["hashes"]
        else:
            assert props(resource)["resource-type"] == "input-document"
    (job,) = verified.documents
    assert hashed == {f"jobs/{a.uri}": [{"algorithm": "SHA-256", "value": a.actual_sha256}]
                      for a in job.artifacts if a.status is DigestStatus.VERIFIED}
    for subject in observation["subjects"]:
        assert subject["subject-uuid"] in resources


def test_verification_is_part_of_the_run_identity(verified):
    (job,) = verified.documents
    unverified = replace(verified, documents=(replace(job, artifacts=()),))
    first = json.loads(render(verified, RenderOptions()))["assessment-results"]
    second = json.loads(render(unverified, RenderOptions()))["assessment-results"]
    assert first["uuid"] != second["uuid"]
    assert render(verified, RenderOptions()) == render(verified, RenderOptions())
    uuids = [value for key, value in _walk(first) if key == "uuid"]
    assert len(uuids) == len(set(uuids))


def test_a_file_named_twice_is_one_subject_and_one_resource(verified):
    (job,) = verified.documents
    dataset = next(a for a in job.artifacts if a.status is DigestStatus.VERIFIED)
    twice = replace(job, artifacts=(*job.artifacts, replace(dataset, pointer="/datasets/9")))
    document = parse(render(replace(verified, documents=(twice,)), RenderOptions()))
    subjects = [s["subject-uuid"] for s in _artifacts_observation(document["results"][0])
                ["subjects"]]
    assert len(subjects) == len(set(subjects))
    hrefs = [link["href"] for r in document["back-matter"]["resources"] for link in r["rlinks"]]
    assert hrefs.count(f"jobs/{dataset.uri}") == 1


def test_trestle_parses_hostile_artifact_text(hostile_verified):
    document = parse(render(hostile_verified, RenderOptions()))
    observation = _artifacts_observation(document["results"][0])
    assert any("<script>" in e["description"] for e in observation["relevant-evidence"])


def _walk(node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [*node.items(), *(p for v in node.values() for p in _walk(v))]
    if isinstance(node, list):
        return [p for v in node for p in _walk(v)]
    return []
