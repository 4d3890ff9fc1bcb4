"""GitHub Actions workflow commands: one annotation per finding, on the descriptor's line.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from ftcomply.models import InputError, Report, Severity, Status
from ftcomply.output import RenderOptions

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
}


def _data(text: str) -> str:
    """Escape a command's message (GitHub's own escaping rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, file: str, line: int | None, column: int | None,
             title: str) -> str:
    properties = [f"file={_property(file)}"]
    if line is not None:
        properties.append(f"line={line}")
    if column is not None:
        properties.append(f"col={column}")
    properties.append(f"title={_property(title)}")
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _error(error: InputError) -> str:
    where = error.location
    suffix = f" (at {error.pointer})" if error.pointer else ""
    return _command("error", error.message + suffix, where.file, where.line, where.column,
                    "ftcomply: not evaluated")


def render(report: Report, options: RenderOptions) -> str:
    lines = [_error(e) for e in report.errors]
    for document in report.documents:
        lines.extend(_error(e) for e in document.errors)
        for result in document.results:
            if result.status is not Status.FAIL:
                continue
            control = result.control
            level = "notice" if result.baselined else _LEVEL[control.severity]
            title = f"{control.id} {control.title} ({control.severity.value})"
            for finding in result.findings:
                where = finding.location
                lines.append(_command(level, finding.message, where.file, where.line,
                                      where.column, title))
    for state in report.waivers:
        waiver = state.waiver
        if state.expired or state.expiring or state.uses == 0:
            why = ("expired" if state.expired else
                   f"expires in {state.days_left} day(s)" if state.expiring else "matched nothing")
            lines.append(_command("warning", f"waiver {waiver.id} ({waiver.control}) {why}",
                                  waiver.location.file, waiver.location.line,
                                  waiver.location.column, "ftcomply: waiver"))
    verdict = report.status.value.upper()
    lines.append(f"ftcomply: {verdict} (exit {report.exit_code}), "
                 f"{len(report.documents)} document(s), as of {report.info.as_of}")
    return "\n".join(lines) + "\n"
