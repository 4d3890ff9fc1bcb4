"""JUnit XML for CI test views (GitLab, Jenkins): a testsuite per document, a testcase per control.

Only elements and attributes of Jenkins xUnit's junit-10.xsd are used (the strictest
common reader: it rejects a report for one unknown attribute, such as `skipped` on
`<testsuites>`), because consumers differ in what they tolerate. An unevaluated
document is a suite whose single testcase is an `<error>`, so it can never read as
green. A not-applicable control is a skipped testcase whose message says why.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from ftcomply.models import (
    UNMATCHED_FAILING,
    ControlResult,
    DocumentResult,
    EvidenceLevel,
    Finding,
    InputError,
    Location,
    Report,
    Status,
    Waiver,
)
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import DECLARED, VERIFIED, tally
from ftcomply.output.notices import as_of_warning

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
INPUT_CASE = ("input", "FTCOMPLY-INPUT Descriptor could not be evaluated")
_SKIP_REASON = {
    Status.NOT_APPLICABLE: "not applicable to this job",
    Status.DISABLED: "disabled by configuration",
}
_OUTCOMES = {"failure": "failures", "error": "errors", "skipped": "skipped"}
# junit-10.xsd allows no `skipped` count on <testsuites> (only on each <testsuite>).
_TOTALS = ("tests", "failures", "errors")
# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="ftcomply")
    errors = report.run_errors
    if errors:
        root.append(_error_suite("ftcomply", _run_properties(report), errors, report))
    for document in report.documents:
        root.append(_document_suite(document, report))
    if report.unmatched_findings:
        root.append(_unmatched_suite(report))
    for key in _TOTALS:
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in root)))
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _document_suite(document: DocumentResult, report: Report) -> ET.Element:
    name = document.label
    if document.name:
        name += f" ({document.name})"
    properties = {
        "path": document.path,
        "index": str(document.index),
        "sha256": document.sha256 or None,  # empty when the file could not be read
        "job": document.name,  # None (no property) when the document names none
        "risk_tier": document.risk_tier,
        "status": document.status(report.info.fail_on).value,
        **_evidence_properties(document),
        **_artifact_properties(document),
        **_run_properties(report),
    }
    if document.errors:
        return _error_suite(name, properties, document.errors, report)
    return _suite(name, properties, [_testcase(r, report) for r in document.results], report)


def _evidence_properties(document: DocumentResult) -> dict[str, str | None]:
    """Passing controls by what they rest on: checked by ftcomply, or the descriptor's word."""
    if document.errors:
        return {}
    passes = [r.evidence_level for r in document.results if r.status is Status.PASS]
    return {"passed-verified": str(passes.count(EvidenceLevel.VERIFIED)),
            "passed-declared": str(passes.count(EvidenceLevel.DECLARED))}


def _unmatched_suite(report: Report) -> ET.Element:
    """Scanner findings about files no checked artifact holds: a testcase each, failing for
    the severities that fail the run (critical, high), so such a run never reads as green."""
    cases = []
    for finding in report.unmatched_findings:
        name = f"{finding.tool} {finding.severity}: {finding.file or '(no file named)'}"
        if finding.member:
            name += f" ({finding.member})"
        case = ET.Element("testcase", classname="scanner", name=_clean(name))
        text = f"{finding.description}; no checked artifact holds this file"
        if finding.severity in UNMATCHED_FAILING:
            failure = ET.SubElement(case, "failure", message=_clean(text), type=finding.severity)
            failure.text = _clean(text)
        else:
            ET.SubElement(case, "system-out").text = _clean(text)
        cases.append(case)
    return _suite("unmatched scanner findings", _run_properties(report), cases, report)


def _artifact_properties(document: DocumentResult) -> dict[str, str | None]:
    """With --verify: how many artifact digests were verified here, how many only declared."""
    if not document.artifacts:
        return {}
    counts = tally([document])
    return {"artifacts-verified": str(counts[VERIFIED]),
            "artifacts-declared-only": str(counts[DECLARED])}


def _run_properties(report: Report) -> dict[str, str | None]:
    info = report.info
    return {
        "stage": info.stage,
        "as_of": info.as_of,
        "as_of_source": info.as_of_source,
        "fail_on": info.fail_on.value,
        "tool_version": info.tool_version,
        "engine": info.engine,
        "catalog_version": info.catalog_version,
        "catalog_digest": info.catalog_digest,
        "schema_digest": info.schema_digest,
    }


def _suite(
    name: str, properties: dict[str, str | None], cases: list[ET.Element], report: Report
) -> ET.Element:
    """A testsuite with counts consistent with its cases (properties first, as the schema
    wants), and a warning on system-err when as_of came from SOURCE_DATE_EPOCH."""
    suite = ET.Element("testsuite", name=_clean(name))
    counts = Counter(tag for case in cases for tag in _OUTCOMES if case.find(tag) is not None)
    suite.set("tests", str(len(cases)))
    for tag, key in _OUTCOMES.items():
        suite.set(key, str(counts[tag]))
    holder = ET.SubElement(suite, "properties")
    for key, value in properties.items():
        if value is not None:
            ET.SubElement(holder, "property", name=key, value=_clean(value))
    suite.extend(cases)
    warning = as_of_warning(report.info)
    if warning is not None:
        ET.SubElement(suite, "system-err").text = f"warning: {warning}"
    return suite


def _error_suite(
    name: str, properties: dict[str, str | None], errors: tuple[InputError, ...],
    report: Report,
) -> ET.Element:
    classname, case_name = INPUT_CASE
    case = ET.Element("testcase", classname=classname, name=case_name)
    error = ET.SubElement(case, "error", message=_clean(_summary(errors[0].message, len(errors))),
                          type="input")
    error.text = _clean("\n".join(_error_line(e) for e in errors))
    return _suite(name, properties, [case], report)


def _testcase(result: ControlResult, report: Report) -> ET.Element:
    control = result.control
    case = ET.Element("testcase", classname=control.phase, name=f"{control.id} {control.title}")
    if result.status is Status.FAIL:
        messages = [f.message for f in result.findings] or [control.title]
        message = _summary(messages[0], len(messages))
        if result.baselined:
            message += " (already in the baseline: does not fail the run)"
        elif control.severity.rank < report.info.fail_on.rank:
            message += f" (below fail-on {report.info.fail_on.value}: does not fail the run)"
        failure = ET.SubElement(case, "failure", message=_clean(message),
                                type=control.severity.value)
        failure.text = _clean("\n".join(_finding_line(f) for f in result.findings)
                              or control.title)
    elif result.status is Status.NOT_APPLICABLE:
        reason = result.reason or _SKIP_REASON[result.status]
        ET.SubElement(case, "skipped", message=_clean(f"not applicable: {reason}"))
    elif result.status in _SKIP_REASON:
        ET.SubElement(case, "skipped", message=_SKIP_REASON[result.status])
    elif result.status is Status.WAIVED:
        ET.SubElement(case, "system-out").text = _clean(_waived_text(result, report))
    return case


def _waived_text(result: ControlResult, report: Report) -> str:
    lines = [f"waived (raw status: {result.raw_status.value})"]
    if result.waiver is not None:
        lines[0] += " " + _waiver_text(result.waiver)
        expiring = [s for s in report.waivers if s.waiver.id == result.waiver.id and s.expiring]
        lines.extend(f"warning: waiver {s.waiver.id} expires in {s.days_left} day(s)"
                     for s in expiring)
    lines.extend(_finding_line(f) for f in result.findings)
    return "\n".join(lines)


def _waiver_text(waiver: Waiver) -> str:
    scope = (f"scoped to {', '.join(waiver.paths)}" if waiver.paths
             else "unscoped: it waives whatever the control finds")
    return (f"by waiver {waiver.id} ({scope}), approved by {waiver.approved_by}, ticket "
            f"{waiver.ticket}, expires {waiver.expires}: {waiver.justification}")


def _finding_line(finding: Finding) -> str:
    return _line(finding.location, finding.pointer, finding.message)


def _error_line(error: InputError) -> str:
    return _line(error.location, error.pointer, error.message)


def _line(location: Location, pointer: str | None, message: str) -> str:
    """`file:line:column pointer message`, as compilers write it; an unknown column or line
    is left out (`file:line`, `file`), never written as a position 0 that does not exist."""
    where = location.file
    if location.line is not None:
        where += f":{location.line}"
        if location.column is not None:
            where += f":{location.column}"
    return f"{where} {pointer} {message}" if pointer else f"{where} {message}"


def _summary(first: str, count: int) -> str:
    return first if count == 1 else f"{first} (+{count - 1} more)"


def _clean(text: str) -> str:
    """Replace characters XML 1.0 forbids (a descriptor may hold control characters)."""
    return _INVALID_XML.sub("\ufffd", text)
