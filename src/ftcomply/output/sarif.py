"""SARIF 2.1.0 for code-scanning dashboards: one rule per control, one result per finding.

Waived findings stay in the log with `suppressions`, and an error placed in a file
(a schema or parse error at a line) becomes an error result of the `FTCOMPLY-INPUT`
rule, so nothing disappears from the dashboard just because it was excused or
unreadable. An error that has no place in a file (a missing path, an unreadable or
empty file) is a tool execution notification of the invocation instead, which
also marks the run unsuccessful: a result must point at a region of a file.

GitHub code scanning treats every result as a problem (it ignores `kind`), so
not-applicable controls are not results: the run's `properties.not_applicable`
lists them with their reasons. GitHub tells results apart by
`partialFingerprints.primaryLocationLineHash` alone, so each finding gets its own
(its job, control and JSON pointer, numbered when repeated), stable when lines move.
Paths are relative to `%SRCROOT%` (GITHUB_WORKSPACE in Actions, else the working
directory), which `originalUriBaseIds` and `invocations[0].workingDirectory` define.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
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
    waiver_record,
    waiver_state_record,
)
from ftcomply.output import RenderOptions, workspace
from ftcomply.output.artifacts import digest, is_verified, local_path
from ftcomply.output.notices import as_of_warning
from ftcomply.output.workspace import Workspace, is_file_name

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/ftcomply/"
INPUT_RULE_ID = "FTCOMPLY-INPUT"
AS_OF_NOTIFICATION_ID = "FTCOMPLY-AS-OF"
FINGERPRINT_KEY = "ftcomplyFinding/v1"
# The fingerprint GitHub code scanning matches alerts on (and computes from the line's
# text when it is absent, so findings on one line would merge into one alert).
GITHUB_FINGERPRINT_KEY = "primaryLocationLineHash"
SRCROOT = "%SRCROOT%"
NOT_APPLICABLE_REASON = "not applicable to this job"

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


def render(report: Report, options: RenderOptions,
           where: Workspace | None = None) -> str:
    """The log as JSON; `where` defaults to this process's workspace (workspace.current)."""
    log = sarif_log(report, workspace.current() if where is None else where)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report, where: Workspace | None = None) -> dict[str, Any]:
    """The whole log as plain data (tests validate it against the OASIS schema).

    Without `where` (or when no location names a file) paths stay as the report
    names them and the log says nothing about the machine's directories.
    """
    if where is not None and not _names_files(report):
        where = None
    uris = _Uris(where)
    rule_index = {control.id: i for i, control in enumerate(report.controls)}
    rule_index[INPUT_RULE_ID] = len(report.controls)
    artifacts = _artifacts(report, uris)
    artifact_index = {entry["location"]["uri"]: i for i, entry in enumerate(artifacts)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for error in report.run_errors:
        notifications.append(_notification(error, uris, artifact_index))
    for document in report.documents:
        identity = _document_identity(document)
        for error in document.errors:
            if error.location.line is None:
                notifications.append(_notification(error, uris, artifact_index))
            else:
                results.append(_error_result(error, identity, rule_index, uris,
                                             artifact_index, seen))
        for result in document.results:
            if result.status in _REPORTED:
                for finding in _findings(result, document):
                    results.append(_finding_result(
                        document, result, finding, rule_index, uris, artifact_index, seen))
    info = report.info
    invocation: dict[str, Any] = {
        "executionSuccessful": report.exit_code != 2,
        "exitCode": report.exit_code,
    }
    if where is not None:
        invocation["workingDirectory"] = {"uri": _directory_uri(where.cwd)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    warning = as_of_warning(info)
    if warning is not None:
        invocation["toolConfigurationNotifications"] = [_as_of_notification(warning)]
    invocation["properties"] = {"stage": info.stage, "as_of": info.as_of,
                                "as_of_source": info.as_of_source}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "ftcomply",
            "version": info.tool_version,
            "semanticVersion": info.tool_version,
            "informationUri": INFORMATION_URI,
            "rules": [*(_rule(c) for c in report.controls), _input_rule()],
            "notifications": [_input_notification_descriptor(), _as_of_descriptor()],
            "properties": {"engine": info.engine},
        }},
        "invocations": [invocation],
    }
    if where is not None:
        run["originalUriBaseIds"] = {SRCROOT: {
            "uri": _directory_uri(where.root),
            "description": {"text": "The directory paths are relative to: GITHUB_WORKSPACE "
                                    "in GitHub Actions, else the working directory."}}}
    run.update({
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "as_of": info.as_of,
            "as_of_source": info.as_of_source,
            "stage": info.stage,
            "status": report.status.value,
            "fail_on": info.fail_on.value,
            "catalog": {"version": info.catalog_version, "digest": info.catalog_digest},
            "schema_digest": info.schema_digest,
            "params": info.parameter_values,
            "evidence": report.evidence_counts,
            "waivers": [waiver_state_record(state) for state in report.waivers],
            "not_applicable": _not_applicable(report),
            # Findings about files no checked artifact holds: no place in the repository
            # to put a result; critical and high ones fail the run (see status).
            "unmatched_scanner_findings": [
                {"tool": f.tool, "severity": f.severity, "description": f.description,
                 "file": f.file, "member": f.member} for f in report.unmatched_findings],
        },
    })
    if report.baselined:
        for entry in results:
            entry.setdefault("baselineState", "new")
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _names_files(report: Report) -> bool:
    """Whether any location of the report is a file (not only `<stdin>` or `<request>`)."""
    return any(is_file_name(d.path) for d in report.documents) or any(
        is_file_name(e.location.file) for e in report.errors)


def _not_applicable(report: Report) -> list[dict[str, Any]]:
    """Per document, the controls that did not apply and why (GitHub would raise an alert
    for any result, whatever its kind, so these are not results)."""
    entries = []
    for document in report.documents:
        skipped = [{"ruleId": r.control.id, "reason": r.reason or NOT_APPLICABLE_REASON}
                   for r in document.results if r.status is Status.NOT_APPLICABLE]
        if skipped:
            entries.append({"document": document.path, "index": document.index,
                            "job": document.name, "results": skipped})
    return entries


def _as_of_notification(text: str) -> dict[str, Any]:
    return {
        "level": "warning",
        "message": {"text": text},
        "descriptor": {"id": AS_OF_NOTIFICATION_ID, "index": 1},
    }


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


def _input_notification_descriptor() -> dict[str, Any]:
    return {
        "id": INPUT_RULE_ID,
        "name": "InputNotEvaluated",
        "shortDescription": {"text": "An input could not be evaluated"},
        "fullDescription": {"text": "A path that does not exist or a file that cannot be "
                                    "read or parsed at any line; the run is unsuccessful."},
        "defaultConfiguration": {"level": "error"},
    }


def _as_of_descriptor() -> dict[str, Any]:
    return {
        "id": AS_OF_NOTIFICATION_ID,
        "name": "AsOfFromEnvironment",
        "shortDescription": {"text": "The evaluation time came from SOURCE_DATE_EPOCH"},
        "fullDescription": {"text": "Evidence dates are judged against as_of; in CI, "
                                    "SOURCE_DATE_EPOCH may be chosen by a pull request's "
                                    "author."},
        "defaultConfiguration": {"level": "warning"},
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
    uris: _Uris,
    artifact_index: dict[str, int],
    seen: Counter[str],
) -> dict[str, Any]:
    control = result.control
    key = "\0".join((_document_identity(document), control.id, finding.pointer))
    seen[key] += 1
    fingerprint = _fingerprint(key, seen[key])
    entry: dict[str, Any] = {
        "ruleId": control.id,
        "ruleIndex": rule_index[control.id],
        "level": _LEVEL[control.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, finding.pointer, uris, artifact_index)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint,
                                GITHUB_FINGERPRINT_KEY: fingerprint},
        "properties": {
            "document": document.path,
            "index": document.index,
            "job": document.name,
            "phase": control.phase,
            "severity": control.severity.value,
            "status": result.status.value,
            "raw_status": result.raw_status.value,
            "evidence_level": result.evidence_level.value,
        },
    }
    if result.waiver is not None:
        entry["suppressions"] = [_suppression(result.waiver, uris, artifact_index)]
    if result.baselined:
        entry["baselineState"] = "unchanged"
    return entry


def _error_result(
    error: InputError,
    identity: str,
    rule_index: dict[str, int],
    uris: _Uris,
    artifact_index: dict[str, int],
    seen: Counter[str],
) -> dict[str, Any]:
    key = "\0".join((identity, INPUT_RULE_ID, error.pointer or "", error.message))
    seen[key] += 1
    fingerprint = _fingerprint(key, seen[key])
    return {
        "ruleId": INPUT_RULE_ID,
        "ruleIndex": rule_index[INPUT_RULE_ID],
        "level": "error",
        "message": {"text": error.message},
        "locations": [_location(error.location, error.pointer, uris, artifact_index)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint,
                                GITHUB_FINGERPRINT_KEY: fingerprint},
    }


def _notification(error: InputError, uris: _Uris,
                  artifact_index: dict[str, int]) -> dict[str, Any]:
    """An error with no place in a file: a missing path, an unreadable or empty file."""
    entry: dict[str, Any] = {
        "level": "error",
        "message": {"text": error.message},
        "descriptor": {"id": INPUT_RULE_ID, "index": 0},
    }
    if is_file_name(error.location.file) and error.location.file != ".":
        entry["locations"] = [_location(error.location, error.pointer, uris, artifact_index)]
    return entry


def _suppression(waiver: Waiver, uris: _Uris,
                 artifact_index: dict[str, int]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": "external",
        "status": "accepted",
        "justification": waiver.justification,
        # The waiver as the JSON report shows it; `unscoped`: it waives whatever the
        # control finds.
        "properties": waiver_record(waiver),
    }
    if waiver.location.file:
        entry["location"] = _location(waiver.location, None, uris, artifact_index)
    return entry




def _location(where: Location, pointer: str | None, uris: _Uris,
              artifact_index: dict[str, int]) -> dict[str, Any]:
    """A physical location; its region, when the line is known, spans the line from the
    column on (one character when the column is known, SARIF's whole line when not)."""
    artifact = uris.artifact_location(where.file)
    if artifact["uri"] in artifact_index:
        artifact["index"] = artifact_index[artifact["uri"]]
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if where.line is not None:
        region: dict[str, int] = {"startLine": where.line}
        if where.column is not None:
            region["startColumn"] = where.column
        region["endLine"] = where.line
        if where.column is not None:
            region["endColumn"] = where.column + 1
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": pointer, "kind": "member"}]
    return location


def _artifacts(report: Report, uris: _Uris) -> list[dict[str, Any]]:
    """Each input file once, with the SHA-256 of its bytes when it could be read."""
    digests: dict[str, tuple[dict[str, str], str]] = {}
    for document in report.documents:
        location = uris.artifact_location(document.path)
        uri = location["uri"]
        if document.sha256 or uri not in digests:
            digests[uri] = (location, document.sha256)
    artifacts = []
    for location, sha256 in digests.values():
        entry: dict[str, Any] = {"location": location, "roles": ["analysisTarget"]}
        if sha256:
            entry["hashes"] = {"sha-256": sha256}
        artifacts.append(entry)
    return artifacts + _checked_artifacts(report, uris, set(digests))


def _checked_artifacts(report: Report, uris: _Uris, taken: set[str]) -> list[dict[str, Any]]:
    """The local datasets, adapters and base models `--verify` checked, each location once.

    Only a digest recomputed here and equal to every declaration of it gets
    `hashes`; `ftcomply-digest` and `status` tell verified from only declared.
    Remote artifacts have no location a SARIF consumer could resolve: they
    stay in the JSON and HTML reports.
    """
    uses: dict[str, tuple[dict[str, str], list[tuple[DocumentResult, ArtifactEvidence]]]] = {}
    for document in report.documents:
        for artifact in document.artifacts:
            path = local_path(document, artifact)
            if path is None:
                continue
            location = uris.artifact_location(path)
            if location["uri"] not in taken:
                uses.setdefault(location["uri"], (location, []))[1].append((document, artifact))
    entries = []
    for location, found in uses.values():
        # The first declaration left unconfirmed speaks for the file, else any verified one.
        shown = next((a for _, a in found if not is_verified(a)), found[0][1])
        entry: dict[str, Any] = {"location": location}
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


class _Uris:
    """Artifact locations for the report's file names: relative to %SRCROOT% when a
    workspace is known and the file lies in it, else an absolute file URI (a path
    outside the root) or, without a workspace, the name as the report gives it."""

    def __init__(self, where: Workspace | None) -> None:
        self.where = where

    def artifact_location(self, path: str) -> dict[str, str]:
        if self.where is None or not is_file_name(path):
            return {"uri": _uri(path)}
        relative = self.where.relative(path)
        if relative is None:
            absolute = path if _is_absolute(path) else posixpath.join(self.where.cwd, path)
            return {"uri": _uri(posixpath.normpath(absolute))}
        return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _is_absolute(path: str) -> bool:
    return PureWindowsPath(path).is_absolute() or path.replace("\\", "/").startswith("/")


def _directory_uri(path: str) -> str:
    """A directory as a file URI ending in `/` (SARIF resolves relative URIs against it)."""
    windows = PureWindowsPath(path)
    uri = windows.as_uri() if windows.drive else PurePosixPath(path).as_uri()
    return uri if uri.endswith("/") else uri + "/"


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
