"""JUnit XML as junitparser (and a GitLab-style reader) sees it: counts, names, findings, errors.

Every rendering a test makes is validated against Jenkins xUnit's junit-10.xsd (the
strictest reader: it rejects a whole report for one attribute it does not know)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
import xmlschema
from formats_support import (
    ERROR_DOCUMENT,
    assert_cli_writes,
    assert_matches_golden,
    with_baselined,
    with_error_document,
    with_finding_text,
    with_waiver,
)
from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
from support import AS_OF

from ftcomply.evidence import DigestStatus
from ftcomply.models import EvidenceLevel, InputError, Location, Report, Severity, Status
from ftcomply.output import RenderOptions
from ftcomply.output.junit import render

XSD_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "schemas" / "junit-10.xsd"
_SCHEMA = xmlschema.XMLSchema10(str(XSD_PATH))


def _render(report: Report) -> str:
    """The report as JUnit XML, which must be valid against junit-10.xsd."""
    text = render(report, RenderOptions())
    errors = list(_SCHEMA.iter_errors(text))
    assert not errors, "\n".join(f"{e.path}: {e.reason}" for e in errors[:5])
    return text


def _parse(report: Report) -> JUnitXml:
    return JUnitXml.fromstring(_render(report))


def _suites(report: Report) -> list[TestSuite]:
    return list(_parse(report))


def _properties(suite: TestSuite) -> dict[str, str]:
    return {p.name: p.value for p in suite.properties()}


def test_a_suite_per_document_a_case_per_control(report):
    suites = _suites(report)
    assert [_properties(s)["path"] for s in suites] == [d.path for d in report.documents]
    for suite, document in zip(suites, report.documents, strict=True):
        cases = list(suite)
        assert [c.name for c in cases] == [f"{r.control.id} {r.control.title}"
                                           for r in document.results]
        assert len({c.name for c in cases}) == len(cases)
        assert [c.classname for c in cases] == [r.control.phase for r in document.results]
        assert document.name in suite.name


def test_counts_are_consistent(report):
    xml = _parse(with_error_document(with_waiver(report)[0]))
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in xml:
        cases = list(suite)
        counted = {
            "tests": len(cases),
            "failures": sum(isinstance(x, Failure) for c in cases for x in c.result),
            "errors": sum(isinstance(x, Error) for c in cases for x in c.result),
            "skipped": sum(isinstance(x, Skipped) for c in cases for x in c.result),
        }
        assert {k: getattr(suite, k) for k in counted} == counted, suite.name
        for key, value in counted.items():
            totals[key] += value
    assert {k: getattr(xml, k) for k in totals} == totals


def test_statuses_map_to_junit_outcomes(report):
    for suite, document in zip(_suites(report), report.documents, strict=True):
        for case, result in zip(suite, document.results, strict=True):
            kinds = [type(x) for x in case.result]
            if result.status is Status.FAIL:
                assert kinds == [Failure]
            elif result.status in (Status.NOT_APPLICABLE, Status.DISABLED):
                assert kinds == [Skipped]
            else:
                assert case.is_passed


def test_failures_carry_every_finding(report):
    failures = 0
    for suite, document in zip(_suites(report), report.documents, strict=True):
        for case, result in zip(suite, document.results, strict=True):
            if result.status is not Status.FAIL:
                continue
            (failure,) = case.result
            assert failure.type == result.control.severity.value
            assert failure.message.startswith(result.findings[0].message)
            lines = failure.text.splitlines()
            assert len(lines) == len(result.findings)
            for line, finding in zip(lines, result.findings, strict=True):
                where = finding.location
                assert line == (f"{where.file}:{where.line}:{where.column} "
                                f"{finding.pointer} {finding.message}")
            failures += 1
    assert failures, "the examples are expected to fail some control"


def test_failure_below_fail_on_says_it_does_not_fail_the_run(report):
    lenient = replace(report, info=replace(report.info, fail_on=Severity.CRITICAL))
    messages = [x.message for s in _suites(lenient) for c in s for x in c.result
                if isinstance(x, Failure) and x.type != "critical"]
    assert messages
    assert all(m.endswith("(below fail-on critical: does not fail the run)") for m in messages)


def test_baselined_failure_says_it_does_not_fail_the_run(report):
    baselined_report, baselined = with_baselined(report)
    messages = [x.message for s in _suites(baselined_report) for c in s for x in c.result
                if c.name.startswith(baselined.control.id + " ") and isinstance(x, Failure)]
    assert any(m.endswith("(already in the baseline: does not fail the run)") for m in messages)


def test_waived_case_passes_and_names_the_waiver(report):
    waived_report, waived = with_waiver(report)
    case = next(c for s in _suites(waived_report) for c in s
                if c.name.startswith(waived.control.id + " ") and c.system_out)
    assert case.is_passed
    assert "W-2026-014 (unscoped: it waives whatever the control finds)" in case.system_out
    assert "raw status: fail" in case.system_out
    assert "jane.doe@example.com" in case.system_out
    assert "waiver W-2026-014 expires in 5 day(s)" in case.system_out
    assert waived.findings[0].message in case.system_out


def test_error_document_is_a_suite_with_one_error(report):
    suite = _suites(with_error_document(report))[-1]
    assert _properties(suite)["path"] == ERROR_DOCUMENT.path
    assert _properties(suite)["status"] == "error"
    (case,) = suite
    (error,) = case.result
    assert isinstance(error, Error)
    assert error.text.splitlines() == [
        "jobs/broken.yaml:12:9 /datasets/0 'role' is a required property",
        "jobs/broken.yaml policy evaluation failed: engine stopped",
    ]
    assert (suite.tests, suite.errors, suite.failures) == (1, 1, 0)


def test_run_errors_and_empty_runs_are_errors(report):
    missing = replace(report, errors=(InputError("no such file or directory",
                                                 Location("jobs/missing.yaml")),))
    for broken in (missing, replace(report, documents=())):
        xml = _parse(broken)
        assert xml.errors == 1
        assert next(iter(xml)).name == "ftcomply"


def test_suite_properties_record_identity(report):
    info = report.info
    for suite, document in zip(_suites(report), report.documents, strict=True):
        properties = _properties(suite)
        assert properties["sha256"] == document.sha256
        assert properties["risk_tier"] == document.risk_tier
        assert properties["as_of"] == AS_OF
        assert properties["catalog_digest"] == info.catalog_digest
        assert properties["schema_digest"] == info.schema_digest


def test_every_testcase_has_classname_and_name_as_gitlab_reads_them(report):
    """GitLab's parser keys test cases on the classname and name attributes."""
    root = ET.fromstring(_render(with_error_document(report)))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert cases
    for case in cases:
        assert case.get("classname")
        assert case.get("name")


def test_hostile_text_stays_well_formed(report):
    hostile = with_finding_text(report, "bad \x00\x1b]]></failure><x a='\"'> &amp; \ud800",
                                "job<1>")
    xml = _parse(hostile)
    texts = [x.text for s in xml for c in s for x in c.result if isinstance(x, Failure)]
    assert texts
    assert all("]]></failure><x a='\"'> &amp;" in t for t in texts)
    assert all("\x00" not in t and "\ud800" not in t for t in texts)


def test_multi_document_files_get_an_index(report):
    first = report.documents[0]
    second = replace(first, index=1, name="second-job")
    names = [s.name for s in _suites(replace(report, documents=(first, second)))]
    # One document label for every report (DocumentResult.label): the index once it counts.
    assert names == [f"{first.path} ({first.name})", f"{first.path} [1] (second-job)"]


def test_suites_count_verified_and_declared_only_artifacts(verified):
    (suite,) = _suites(verified)
    (document,) = verified.documents
    verified_count = sum(a.status is DigestStatus.VERIFIED for a in document.artifacts)
    assert 0 < verified_count < len(document.artifacts)
    properties = _properties(suite)
    assert properties["artifacts-verified"] == str(verified_count)
    assert properties["artifacts-declared-only"] == str(len(document.artifacts) - verified_count)
    assert suite.failures == sum(r.status is Status.FAIL for r in document.results)


def test_without_verify_there_are_no_artifact_counts(report):
    for suite in _suites(report):
        assert not {"artifacts-verified", "artifacts-declared-only"} & set(_properties(suite))


def test_golden(report):
    assert_matches_golden("examples.junit.xml", _render(report))


def test_cli_writes_the_same_bytes(report, tmp_path):
    assert_cli_writes("junit", render(report, RenderOptions()), report.exit_code, tmp_path)


# --- Jenkins xUnit (junit-10.xsd), issue 13 item 17 -----------------------------------------


def test_testsuites_carry_no_skipped_count(report):
    """junit-10.xsd allows name, time, tests, failures and errors on <testsuites>."""
    root = ET.fromstring(_render(with_error_document(with_waiver(report)[0])))
    assert "skipped" not in root.attrib
    assert set(root.attrib) <= {"name", "time", "tests", "failures", "errors"}
    assert sum(int(s.get("skipped")) for s in root) > 0  # each suite still counts its own


def test_every_variant_is_valid_against_junit_10_xsd(report, verified, hostile_verified):
    epoch = replace(report.info, as_of_source="SOURCE_DATE_EPOCH")
    missing = InputError("no such file or directory", Location("jobs/missing.yaml"))
    for variant in (
        report, verified, hostile_verified, with_error_document(report),
        with_waiver(report)[0], with_baselined(report)[0], replace(report, documents=()),
        replace(report, errors=(missing,)), replace(report, info=epoch),
        with_finding_text(report, "bad \x00\x1b]]></failure> &amp; \ud800", "job<1>"),
    ):
        _render(variant)


def test_a_missing_file_names_no_position_zero(report):
    missing = replace(report, errors=(InputError("no such file or directory",
                                                 Location("jobs/missing.yaml")),))
    (suite, *_) = _suites(missing)
    ((error,),) = [case.result for case in suite]
    assert error.text == "jobs/missing.yaml no such file or directory"
    assert ":0" not in error.text


def test_a_line_without_a_column_is_file_and_line(report):
    broken = replace(report, documents=(replace(report.documents[0], results=(), errors=(
        InputError("invalid YAML: a tab", Location("jobs/a.yaml", 4)),)),))
    (suite,) = _suites(broken)
    ((error,),) = [case.result for case in suite]
    assert error.text == "jobs/a.yaml:4 invalid YAML: a tab"


# --- issue 12: reasons, stage, as_of source, evidence ---------------------------------------


def test_skipped_cases_say_why_the_control_does_not_apply(report):
    seen = 0
    for suite, document in zip(_suites(report), report.documents, strict=True):
        for case, result in zip(suite, document.results, strict=True):
            if result.status is Status.NOT_APPLICABLE:
                (skipped,) = case.result
                assert result.reason
                assert skipped.message == f"not applicable: {result.reason}"
                seen += 1
            elif result.status is Status.DISABLED:
                (skipped,) = case.result
                assert skipped.message == "disabled by configuration"
    assert seen, "the examples are expected to have not-applicable controls"


def test_stage_reasons_are_shown(report):
    staged = replace(report, documents=tuple(
        replace(d, results=tuple(
            replace(r, status=Status.NOT_APPLICABLE, raw_status=Status.NOT_APPLICABLE,
                    findings=(), reason="stage pre-tuning",
                    evidence_level=EvidenceLevel.NONE)
            if r.control.phase == "deployment" else r for r in d.results))
        for d in report.documents), info=replace(report.info, stage="pre-tuning"))
    suites = _suites(staged)
    messages = {x.message for s in suites for c in s for x in c.result
                if c.classname == "deployment"}
    assert messages == {"not applicable: stage pre-tuning"}
    assert {_properties(s)["stage"] for s in suites} == {"pre-tuning"}


def test_a_reason_with_control_characters_stays_well_formed(report):
    document = report.documents[0]
    index = next(i for i, r in enumerate(document.results)
                 if r.status is Status.NOT_APPLICABLE)
    results = list(document.results)
    results[index] = replace(results[index], reason="bad \x1b[31m\x00 reason")
    (suite,) = _suites(replace(report, documents=(replace(document, results=tuple(results)),)))
    (skipped,) = list(suite)[index].result
    assert skipped.message == "not applicable: bad \ufffd[31m\ufffd reason"


@pytest.mark.parametrize("source", ["--as-of", "clock", "SOURCE_DATE_EPOCH"])
def test_suites_state_the_stage_and_where_as_of_came_from(report, source):
    info = replace(report.info, as_of_source=source)
    root = ET.fromstring(_render(replace(report, info=info)))
    for suite in root:
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["stage"] == info.stage
        assert properties["as_of_source"] == source
        warnings = [e.text for e in suite.findall("system-err")]
        if source == "SOURCE_DATE_EPOCH":
            (warning,) = warnings
            assert warning.startswith(f"warning: as_of {AS_OF} was taken from SOURCE_DATE_EPOCH")
            assert "--as-of" in warning
        else:
            assert warnings == []


def test_suites_count_passes_by_evidence_level(report, verified):
    for source in (report, verified):
        for suite, document in zip(_suites(source), source.documents, strict=True):
            passes = [r.evidence_level for r in document.results if r.status is Status.PASS]
            properties = _properties(suite)
            assert properties["passed-verified"] == str(passes.count(EvidenceLevel.VERIFIED))
            assert properties["passed-declared"] == str(passes.count(EvidenceLevel.DECLARED))


def test_a_missing_risk_tier_or_job_name_never_prints_none(report):
    anonymous = replace(report, documents=tuple(replace(d, risk_tier=None, name=None)
                                                for d in with_error_document(report).documents))
    text = _render(anonymous)
    assert "None" not in text
    for suite in _suites(anonymous):
        assert not {"risk_tier", "job"} & set(_properties(suite))
