"""GitHub Actions workflow commands: one annotation per finding, on the descriptor's line.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and
drops the rest silently, so annotations are sorted most severe first within each
level (input errors, then critical, then high findings; baselined findings last),
at most 10 of each are printed, and the closing line says how many were left out
(the job summary, which `check` writes when GITHUB_STEP_SUMMARY is set, lists every
finding). In Actions, paths are relative to GITHUB_WORKSPACE, where GitHub looks
for them, whichever directory `check` ran in.

Descriptor text (messages, JSON pointers, file names) is escaped as GitHub unescapes
it (`%`, CR and LF; `:` and `,` in properties), and every other non-printable
character (ESC, BEL, bidi controls) is shown escaped, so no value can colour the
log, forge a line or start a command of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftcomply.evidence import ScannerFinding
from ftcomply.models import InputError, Location, Report, Severity, Status, printable
from ftcomply.output import RenderOptions, workspace
from ftcomply.output.notices import as_of_warning
from ftcomply.output.workspace import Workspace

# Annotations GitHub shows per step and level; the rest are not displayed.
CAP = 10
LEVELS = ("error", "warning", "notice")

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
}
_SCANNER_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "error": "warning"}


@dataclass(frozen=True)
class _Annotation:
    level: str
    rank: int  # lower is shown first within its level
    line: str


def _data(text: str) -> str:
    """Escape a command's message (GitHub's own escaping rules), other controls shown escaped."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, file: str | None, line: int | None, column: int | None,
             title: str) -> str:
    properties = []
    if file:
        properties.append(f"file={_property(file)}")
        if line is not None:
            properties.append(f"line={line}")
            if column is not None:
                properties.append(f"col={column}")
    properties.append(f"title={_property(title)}")
    return f"::{level} {','.join(properties)}::{_data(message)}"


def render(report: Report, options: RenderOptions, where: Workspace | None = None) -> str:
    where = workspace.current() if where is None else where
    annotations = _annotations(report, where)
    shown: list[str] = []
    left_out: dict[str, int] = {}
    for level in LEVELS:
        of_level = sorted((a for a in annotations if a.level == level), key=lambda a: a.rank)
        shown.extend(a.line for a in of_level[:CAP])
        if len(of_level) > CAP:
            left_out[level] = len(of_level) - CAP
    return "\n".join([*shown, _closing(report, left_out)]) + "\n"


def _annotations(report: Report, where: Workspace) -> list[_Annotation]:
    """Every annotation the report makes, in report order (sorting is stable)."""
    errors = report.errors
    if not errors and not report.documents:  # a gate over nothing must not look clean
        errors = (InputError("no descriptor document was evaluated", Location(".")),)
    annotations = [_error(e, where) for e in errors]
    warning = as_of_warning(report.info)
    if warning is not None:
        annotations.append(_Annotation("warning", 0, _command(
            "warning", warning, None, None, None, "ftcomply: as_of from SOURCE_DATE_EPOCH")))
    for document in report.documents:
        annotations.extend(_error(e, where) for e in document.errors)
        for result in document.results:
            if result.status is not Status.FAIL:
                continue
            control = result.control
            severity = 4 - control.severity.rank  # critical 0 … low 3
            if result.baselined:  # already known, does not fail the run: after the rest
                level, rank = "notice", 10 + severity
            else:
                level, rank = _LEVEL[control.severity], 1 + severity
            title = f"{control.id} {control.title} ({control.severity.value})"
            for finding in result.findings:
                location = finding.location
                annotations.append(_Annotation(level, rank, _command(
                    level, finding.message, _path(location.file, where), location.line,
                    location.column, title)))
    annotations.extend(_scanner(f, where) for f in report.unmatched_findings)
    for state in report.waivers:
        waiver = state.waiver
        if state.expired or state.expiring or state.uses == 0:
            why = ("expired" if state.expired else
                   f"expires in {state.days_left} day(s)" if state.expiring else "matched nothing")
            annotations.append(_Annotation("warning", 5, _command(
                "warning", f"waiver {waiver.id} ({waiver.control}) {why}",
                _path(waiver.location.file, where), waiver.location.line,
                waiver.location.column, "ftcomply: waiver")))
    return annotations


def _error(error: InputError, where: Workspace) -> _Annotation:
    location = error.location
    suffix = f" (at {error.pointer})" if error.pointer else ""
    file = _path(location.file, where) if location.file != "." else None
    return _Annotation("error", 0, _command(
        "error", error.message + suffix, file, location.line, location.column,
        "ftcomply: not evaluated"))


def _scanner(finding: ScannerFinding, where: Workspace) -> _Annotation:
    """A scanner finding about a file no checked artifact holds (critical and high ones
    fail the run)."""
    level = _SCANNER_LEVEL.get(finding.severity, "notice")
    rank = {"critical": 1, "high": 2, "medium": 3}.get(finding.severity, 4)
    member = f" ({finding.member})" if finding.member else ""
    message = (f"{finding.tool} reports {finding.severity}: {finding.description}{member}; "
               "no checked artifact holds this file")
    return _Annotation(level, rank, _command(
        level, message, _path(finding.file, where) if finding.file else None, None, None,
        f"ftcomply: unmatched scanner finding ({finding.severity})"))


def _path(path: str, where: Workspace) -> str:
    """In GitHub Actions, the path relative to GITHUB_WORKSPACE, where GitHub looks for it
    (as given outside it); elsewhere as given."""
    relative = where.relative(path) if where.github else None
    return path if relative is None else relative


def _closing(report: Report, left_out: dict[str, int]) -> str:
    info = report.info
    line = (f"ftcomply: {report.status.value.upper()} (exit {report.exit_code}), "
            f"{len(report.documents)} document(s), stage {info.stage}, as of {info.as_of}")
    if info.as_of_source != "--as-of":
        line += f" (from {info.as_of_source})"
    if left_out:
        counts = ", ".join(f"{count} {level}(s)" for level, count in left_out.items())
        line += (f"; {sum(left_out.values())} annotation(s) not shown ({counts}): GitHub "
                 f"shows at most {CAP} errors, {CAP} warnings and {CAP} notices per step; "
                 "the job summary lists every finding")
    return printable(line)
