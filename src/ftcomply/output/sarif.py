"""SARIF 2.1.0 for code-scanning dashboards: one rule per control, one result per finding.

Waived findings stay in the log with `suppressions`, and anything that could not
be evaluated becomes an error result of the `FTCOMPLY-INPUT` rule, so nothing
disappears from the dashboard just because it was excused or unreadable.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from ftcomply.evidence import ArtifactEvidence
from ftcomply.models import (
    Control,
    ControlResult,
    DocumentResult,
    Finding,
    InputError,
    Location,
    Report,
    Severity,
    Status,
    Waiver,
    WaiverState,
)
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import digest, is_verified, local_path

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/ftcomply/"
INPUT_RULE_ID = "FTCOMPLY-INPUT"
FINGERPRINT_KEY = "ftcomplyFinding/v1"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
# GitHub maps security-severity onto critical (>= 9.0), high (>= 7.0), medium (>= 4.0), low.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
_REPORTED = (Status.FAIL, Status.WAIVED)


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    """The whole log as plain data (tests validate it against the OASIS schema)."""
    rule_index = {control.id: i for i, control in enumerate(report.controls)}
    rule_index[INPUT_RULE_ID] = len(report.controls)
    artifacts = _artifacts(report)
    artifact_index = {entry["location"]["uri"]: i for i, entry in enumerate(artifacts)}
    results: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for error in _run_errors(report):
        results.append(_error_result(error, "", rule_index, artifact_index, seen))
    for document in report.documents:
        identity = _document_identity(document)
        for error in document.errors:
            results.append(_error_result(error, identity, rule_index, artifact_index, seen))
        for result in document.results:
            if result.status in _REPORTED:
                for finding in _findings(result, document):
                    results.append(_finding_result(
                        document, result, finding, rule_index, artifact_index, seen))
    info = report.info
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "ftcomply",
            "version": info.tool_version,
            "semanticVersion": info.tool_version,
            "informationUri": INFORMATION_URI,
            "rules": [*(_rule(c) for c in report.controls), _input_rule()],
            "properties": {"engine": info.engine},
        }},
        "invocations": [{
            "executionSuccessful": report.exit_code != 2,
            "exitCode": report.exit_code,
        }],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "as_of": info.as_of,
            "status": report.status.value,
            "fail_on": info.fail_on.value,
            "catalog": {"version": info.catalog_version, "digest": info.catalog_digest},
            "schema_digest": info.schema_digest,
            "params": info.params,
            "waivers": [_waiver_state(state) for state in report.waivers],
        },
    }
    if report.baselined:
        for entry in results:
            entry.setdefault("baselineState", "new")
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _run_errors(report: Report) -> tuple[InputError, ...]:
    """Run-level errors, plus one when nothing at all was evaluated (so it cannot look clean)."""
    if not report.errors and not report.documents:
        return (InputError("no descriptor document was evaluated", Location(".")),)
    return report.errors


def _rule(control: Control) -> dict[str, Any]:
    frameworks = [f"{name}/{ref}" for name in sorted(control.frameworks)
                  for ref in control.frameworks[name]]
    tags = list(dict.fromkeys(["security", control.phase, *frameworks]))
    return {
        "id": control.id,
        "name": _camel_case(control.title),
        "shortDescription": {"text": control.title},
        "fullDescription": {"text": control.description},
        "help": {
            "text": control.remediation,
            "markdown": f"**Remediation:** {control.remediation}\n\n"
                        f"Phase: {control.phase}; severity: {control.severity.value}"
                        + (f"; frameworks: {', '.join(frameworks)}" if frameworks else ""),
        },
        "defaultConfiguration": {"level": _LEVEL[control.severity]},
        "properties": {
            "security-severity": _SECURITY_SEVERITY[control.severity],
            "severity": control.severity.value,
            "tags": tags,
        },
    }


def _input_rule() -> dict[str, Any]:
    text = "The descriptor could not be evaluated"
    why = ("A file that cannot be read, parsed, validated against the descriptor schema or "
           "evaluated by the policy engine is never treated as compliant.")
    fix = "Fix the reported error so every control can be evaluated."
    return {
        "id": INPUT_RULE_ID,
        "name": "DescriptorCouldNotBeEvaluated",
        "shortDescription": {"text": text},
        "fullDescription": {"text": why},
        "help": {"text": fix, "markdown": f"**Remediation:** {fix}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["security", "input"]},
    }


def _camel_case(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title.replace("'", ""))
    return "".join(word[:1].upper() + word[1:] for word in words)


def _findings(result: ControlResult, document: DocumentResult) -> tuple[Finding, ...]:
    """A failing result without findings still gets one SARIF result, at the document."""
    if result.findings:
        return result.findings
    return (Finding(result.control.title, "", Location(document.path)),)


def _finding_result(
    document: DocumentResult,
    result: ControlResult,
    finding: Finding,
    rule_index: dict[str, int],
    artifact_index: dict[str, int],
    seen: Counter[str],
) -> dict[str, Any]:
    control = result.control
    key = "\0".join((_document_identity(document), control.id, finding.pointer))
    seen[key] += 1
    entry: dict[str, Any] = {
        "ruleId": control.id,
        "ruleIndex": rule_index[control.id],
        "level": _LEVEL[control.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, finding.pointer, artifact_index)],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(key, seen[key])},
        "properties": {
            "document": document.path,
            "index": document.index,
            "job": document.name,
            "phase": control.phase,
            "severity": control.severity.value,
            "status": result.status.value,
            "raw_status": result.raw_status.value,
        },
    }
    if result.waiver is not None:
        entry["suppressions"] = [_suppression(result.waiver, artifact_index)]
    if result.baselined:
        entry["baselineState"] = "unchanged"
    return entry


def _error_result(
    error: InputError,
    identity: str,
    rule_index: dict[str, int],
    artifact_index: dict[str, int],
    seen: Counter[str],
) -> dict[str, Any]:
    key = "\0".join((identity, INPUT_RULE_ID, error.pointer or "", error.message))
    seen[key] += 1
    return {
        "ruleId": INPUT_RULE_ID,
        "ruleIndex": rule_index[INPUT_RULE_ID],
        "level": "error",
        "message": {"text": error.message},
        "locations": [_location(error.location, error.pointer, artifact_index)],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(key, seen[key])},
    }


def _suppression(waiver: Waiver, artifact_index: dict[str, int]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": "external",
        "status": "accepted",
        "justification": waiver.justification,
        "properties": {
            "waiver": waiver.id,
            "approved_by": waiver.approved_by,
            "ticket": waiver.ticket,
            "expires": waiver.expires,
        },
    }
    if waiver.location.file:
        entry["location"] = _location(waiver.location, None, artifact_index)
    return entry


def _waiver_state(state: WaiverState) -> dict[str, Any]:
    waiver = state.waiver
    return {
        "id": waiver.id,
        "control": waiver.control,
        "jobs": list(waiver.jobs),
        "approved_by": waiver.approved_by,
        "ticket": waiver.ticket,
        "expires": waiver.expires,
        "days_left": state.days_left,
        "expired": state.expired,
        "expiring": state.expiring,
        "uses": state.uses,
    }


def _location(
    where: Location, pointer: str | None, artifact_index: dict[str, int]
) -> dict[str, Any]:
    uri = _uri(where.file)
    artifact: dict[str, Any] = {"uri": uri}
    if uri in artifact_index:
        artifact["index"] = artifact_index[uri]
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if where.line is not None:
        physical["region"] = {"startLine": where.line}
        if where.column is not None:
            physical["region"]["startColumn"] = where.column
    location: dict[str, Any] = {"physicalLocation": physical}
    if pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": pointer, "kind": "member"}]
    return location


def _artifacts(report: Report) -> list[dict[str, Any]]:
    """Each input file once, with the SHA-256 of its bytes when it could be read."""
    digests: dict[str, str] = {}
    for document in report.documents:
        uri = _uri(document.path)
        if document.sha256 or uri not in digests:
            digests[uri] = document.sha256
    artifacts = []
    for uri, sha256 in digests.items():
        entry: dict[str, Any] = {"location": {"uri": uri}, "roles": ["analysisTarget"]}
        if sha256:
            entry["hashes"] = {"sha-256": sha256}
        artifacts.append(entry)
    return artifacts + _checked_artifacts(report, set(digests))


def _checked_artifacts(report: Report, taken: set[str]) -> list[dict[str, Any]]:
    """The local datasets, adapters and base models `--verify` checked, each location once.

    Only a digest recomputed here and equal to every declaration of it gets
    `hashes`; `ftcomply-digest` and `status` tell verified from only declared.
    Remote artifacts have no location a SARIF consumer could resolve: they
    stay in the JSON and HTML reports.
    """
    uses: dict[str, list[tuple[DocumentResult, ArtifactEvidence]]] = {}
    for document in report.documents:
        for artifact in document.artifacts:
            path = local_path(document, artifact)
            if path is not None and _uri(path) not in taken:
                uses.setdefault(_uri(path), []).append((document, artifact))
    entries = []
    for uri, found in uses.items():
        # The first declaration left unconfirmed speaks for the file, else any verified one.
        shown = next((a for _, a in found if not is_verified(a)), found[0][1])
        entry: dict[str, Any] = {"location": {"uri": uri}}
        if is_verified(shown):
            entry["hashes"] = {"sha-256": shown.actual_sha256}
        entry["properties"] = {
            "ftcomply-digest": digest(shown),
            "status": shown.status.value,
            "kind": shown.kind.value,
            "actual_sha256": shown.actual_sha256,
            "declarations": [
                {"document": d.path, "index": d.index, "pointer": a.pointer,
                 "declared_sha256": a.declared_sha256, "status": a.status.value}
                for d, a in found
            ],
        }
        entries.append(entry)
    return entries


def _uri(path: str) -> str:
    """Relative paths stay relative (code scanning resolves them against the repo root)."""
    if PureWindowsPath(path).is_absolute():
        return PureWindowsPath(path).as_uri()
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return PurePosixPath(posix).as_uri()
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def _document_identity(document: DocumentResult) -> str:
    """Job name when known (stable when files move), else path and index."""
    return document.name or f"{document.path}#{document.index}"


def _fingerprint(key: str, occurrence: int) -> str:
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}:{occurrence}"
