"""Third-party scanner reports as evidence: modelscan JSON and picklescan output.

The format is told by content. A report that does not parse, or holds
anything this module does not understand, is an error (exit 2) naming the
file and, where known, the line or JSON pointer: a misread report must not
pass as a clean one.

- modelscan (`modelscan -p PATH -r json -o report.json`, 0.8): a JSON object
  `{"summary": {"absolute_path": DIR, …}, "issues": […], "errors": […]}`. Each
  issue has `description`, `severity` (LOW, MEDIUM, HIGH, CRITICAL) and
  `source`, a path relative to `absolute_path` with `:member` for an archive
  entry (`model.pt:archive/data.pkl`). Each error has `category`,
  `description` and, when it concerns one file, `source`.
- picklescan (`picklescan -p PATH > report.txt`, 1.0, at its default log
  level): one line per dangerous import, `PATH[:member]: dangerous import
  'MODULE NAME' FOUND`, parse errors as `ERROR: parsing pickle in PATH: …`,
  then the `----------- SCAN SUMMARY -----------` block, which must be there
  (without it, picklescan crashed).

Severities become critical, high, medium, low, info or error: modelscan's
own in lower case and its errors as error; picklescan's dangerous imports as
critical (medium when only `--strict` promoted them), its parse errors as
error, and files it could not parse as pickles as info.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from ftcomply.errors import FtcomplyError
from ftcomply.evidence import ArtifactEvidence, ScannerFinding, ScannerReport
from ftcomply.loader import MAX_INPUT_BYTES, check_json_surrogates, read_bounded
from ftcomply.models import InputError, Location

MAX_REPORT_BYTES = MAX_INPUT_BYTES

_MODELSCAN_SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")
_PICKLESCAN_SUMMARY = "----------- SCAN SUMMARY -----------"
_PICKLESCAN_FOUND = re.compile(
    r"^(?P<file>.+): dangerous import '(?P<module>[^ ']+) (?P<name>.*)' FOUND"
    r"(?P<strict> \(promoted by --strict\))?$"
)
_PICKLESCAN_PARSE_ERROR = re.compile(r"^ERROR: parsing pickle in (?P<file>.+?): (?P<message>.*)$")
_PICKLESCAN_NOT_PICKLE = re.compile(
    r"^WARNING: could not parse (?P<file>.+) as pickle: (?P<message>.*)$"
)
_PICKLESCAN_BAD_MEMBER = re.compile(
    r"^Invalid file (?P<member>.+) in zip archive (?P<file>.+?): (?P<message>.*)$"
)
_PICKLESCAN_RETRY = re.compile(r"^WARNING: Invalid PyTorch magic number for file .*")


def load_scanner_report(path: Path) -> ScannerReport:
    """Read a modelscan JSON report or a picklescan output file into findings."""
    name = str(path)
    raw = _read(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FtcomplyError.at("scanner report is not valid UTF-8 text", name, line) from None
    digest = hashlib.sha256(raw).hexdigest()
    if text.lstrip().startswith("{"):
        return ScannerReport(name, "modelscan", digest, _modelscan(name, text))
    return ScannerReport(name, "picklescan", digest, _picklescan(name, text))


def merge_scanner_reports(
    evidence: Iterable[ArtifactEvidence], reports: Iterable[ScannerReport]
) -> tuple[tuple[ArtifactEvidence, ...], tuple[ScannerFinding, ...]]:
    """Attach each finding to every artifact holding its file; return (artifacts, unmatched).

    A finding belongs to an artifact when its file, symlinks resolved, is the
    artifact's file or lies inside the artifact's directory. Findings about
    files no local artifact holds come back as unmatched.
    """
    artifacts = list(evidence)
    attached: list[list[ScannerFinding]] = [[] for _ in artifacts]
    unmatched = []
    for report in reports:
        for finding in report.findings:
            owners = _owners(finding, artifacts)
            for index in owners:
                attached[index].append(finding)
            if not owners:
                unmatched.append(finding)
    merged = tuple(
        dataclasses.replace(a, scanner_findings=a.scanner_findings + tuple(found)) if found else a
        for a, found in zip(artifacts, attached, strict=True)
    )
    return merged, tuple(unmatched)


def _owners(finding: ScannerFinding, artifacts: list[ArtifactEvidence]) -> list[int]:
    if finding.file is None or "\0" in finding.file:  # a NUL names no file on this system
        return []
    real = os.path.realpath(finding.file)
    return [
        index for index, artifact in enumerate(artifacts)
        if artifact.path is not None
        and (real == artifact.path or real.startswith(artifact.path.rstrip(os.sep) + os.sep))
    ]


def _read(path: Path) -> bytes:
    name = str(path)
    raw = read_bounded(name, MAX_REPORT_BYTES)
    if len(raw) > MAX_REPORT_BYTES:
        raise FtcomplyError.at(f"scanner report is larger than {MAX_REPORT_BYTES} bytes", name)
    return raw


def _split_member(location: str) -> tuple[str, str | None]:
    """`/m/model.pt:archive/data.pkl` → (`/m/model.pt`, `archive/data.pkl`).

    Scanners join an archive and its entry with `:`, which a file name may
    also hold: the longest prefix that exists on disk is the file.
    """
    path = os.path.normpath(location)
    if os.path.lexists(path):
        return path, None
    at = location.rfind(":")
    while at > 0:
        candidate = os.path.normpath(location[:at])
        if os.path.lexists(candidate):
            return candidate, location[at + 1:]
        at = location.rfind(":", 0, at)
    return path, None


# --- modelscan ---------------------------------------------------------------------------

def _modelscan(name: str, text: str) -> tuple[ScannerFinding, ...]:
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise FtcomplyError.at("invalid JSON: nested too deeply", name) from None
    check_json_surrogates(name, text)  # a lone surrogate would break every report
    summary = _field(name, report, "", "summary", dict)
    base = _field(name, summary, "/summary", "absolute_path", str)
    if not os.path.isabs(base):
        _fail(name, "summary.absolute_path is not an absolute path", "/summary/absolute_path")
    findings = []
    for index, issue in enumerate(_field(name, report, "", "issues", list)):
        pointer = f"/issues/{index}"
        severity = _field(name, issue, pointer, "severity", str)
        if severity.upper() not in _MODELSCAN_SEVERITIES:
            _fail(name, f"unknown modelscan severity {severity!r}", f"{pointer}/severity")
        file, member = _split_member(
            os.path.join(base, _field(name, issue, pointer, "source", str)))
        findings.append(ScannerFinding(
            "modelscan", severity.lower(), _field(name, issue, pointer, "description", str),
            file, member))
    for index, error in enumerate(_field(name, report, "", "errors", list, required=False)):
        pointer = f"/errors/{index}"
        category = _field(name, error, pointer, "category", str)
        description = _field(name, error, pointer, "description", str)
        source = _field(name, error, pointer, "source", str, required=False)
        file, member = _split_member(os.path.join(base, source)) if source else (None, None)
        findings.append(ScannerFinding("modelscan", "error",
                                       f"scan error ({category}): {description}", file, member))
    return tuple(findings)


def _field(name: str, container: Any, pointer: str, key: str, kind: type,
           required: bool = True) -> Any:
    if not isinstance(container, dict):
        _fail(name, "expected a JSON object (not a modelscan JSON report?)", pointer or "/")
    if key not in container and not required:
        return kind()
    value = container.get(key)
    if not isinstance(value, kind):
        what = "missing" if key not in container else f"not a {_JSON_TYPE[kind]}"
        _fail(name, f"modelscan report: {key} is {what}", f"{pointer}/{key}")
    return value


_JSON_TYPE = {dict: "JSON object", list: "JSON array", str: "string"}


def _fail(name: str, message: str, pointer: str) -> NoReturn:
    raise FtcomplyError(InputError(message, Location(name), pointer))


# --- picklescan --------------------------------------------------------------------------

def _picklescan(name: str, text: str) -> tuple[ScannerFinding, ...]:
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line == _PICKLESCAN_SUMMARY:
            return tuple(findings)
        finding = _picklescan_line(line)
        if finding is None and line.strip() and not _PICKLESCAN_RETRY.match(line):
            raise FtcomplyError.at(
                "not a modelscan JSON report or picklescan output: unrecognised line",
                name, number)
        if finding is not None:
            findings.append(finding)
    raise FtcomplyError.at(
        "picklescan output has no SCAN SUMMARY: the scan did not finish", name)


def _picklescan_line(line: str) -> ScannerFinding | None:
    if match := _PICKLESCAN_FOUND.match(line):
        promoted = match["strict"] is not None
        description = f"dangerous import {match['module']}.{match['name']}"
        if promoted:
            description += " (non-allowlisted, promoted by --strict)"
        file, member = _split_member(match["file"])
        return ScannerFinding("picklescan", "medium" if promoted else "critical", description,
                              file, member)
    if match := _PICKLESCAN_PARSE_ERROR.match(line):
        file, member = _split_member(match["file"])
        return ScannerFinding("picklescan", "error", f"cannot parse pickle: {match['message']}",
                              file, member)
    if match := _PICKLESCAN_NOT_PICKLE.match(line):
        file, member = _split_member(match["file"])
        return ScannerFinding("picklescan", "info",
                              f"not scanned: could not parse as pickle ({match['message']})",
                              file, member)
    if match := _PICKLESCAN_BAD_MEMBER.match(line):
        file, _ = _split_member(match["file"])
        return ScannerFinding("picklescan", "error",
                              f"cannot read archive entry: {match['message']}",
                              file, match["member"])
    return None
