"""The terminal summary: per document, failing controls by phase with file:line; totals."""

from __future__ import annotations

from collections import Counter

from ftcomply.models import PHASES, DocumentResult, Report, Status, printable
from ftcomply.output import RenderOptions

_COLORS = {"red": "31", "green": "32", "yellow": "33", "dim": "2", "bold": "1"}
_STATUS_COLOR = {Status.PASS: "green", Status.FAIL: "red", Status.ERROR: "red"}


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, color: str) -> str:
        if not self.enabled:
            return text
        return f"\x1b[{_COLORS[color]}m{text}\x1b[0m"


def render(report: Report, options: RenderOptions) -> str:
    paint = _Painter(options.color)
    fail_on = report.info.fail_on
    lines: list[str] = []
    for error in report.errors:
        lines.append(paint(f"error: {error}", "red"))
    for document in report.documents:
        status = document.status(fail_on)
        if options.quiet and status is Status.PASS:
            continue
        lines.extend(_document(document, report, paint, options.quiet))
    summary = report.summary
    lines.extend(_waiver_notices(report, paint))
    for finding in report.unmatched_findings:
        lines.append(paint(f"unmatched {printable(finding.tool)} finding "
                           f"({printable(finding.severity)}) about "
                           f"{printable(finding.file or '(no file)')}: "
                           f"{printable(finding.description)}", "red"))
    if summary.baselined:
        lines.append(f"{summary.baselined} failing result(s) were already in the baseline "
                     "and do not fail the run")
    if summary.skipped:
        lines.append(f"{summary.skipped} file(s) skipped: no ftcomply descriptor in them")
    severities = ", ".join(f"{s} {summary.by_severity[s]}"
                           for s in ("critical", "high", "medium", "low"))
    source = "" if report.info.as_of_source == "--as-of" else (
        f" (from {report.info.as_of_source})")
    lines.append(
        f"{summary.documents} document(s): {summary.passed} passed, "
        f"{summary.failed} failed, {summary.errors} error(s); "
        f"failing controls: {severities}; fail-on {fail_on.value}; "
        f"stage {report.info.stage}; as of {report.info.as_of}{source}"
    )
    lines.append(f"passing results: {summary.evidence['verified']} verified, "
                 f"{summary.evidence['declared']} declared (the descriptor's word)")
    verdict = report.status
    lines.append(paint(f"verdict: {verdict.value.upper()} (exit {report.exit_code})",
                       _STATUS_COLOR[verdict]))
    return "\n".join(lines) + "\n"


def _document(document: DocumentResult, report: Report, paint: _Painter, quiet: bool
              ) -> list[str]:
    status = document.status(report.info.fail_on)
    label = printable(document.label)
    tier = printable(document.risk_tier) if document.risk_tier else "no risk tier"
    who = f" {printable(document.name)} ({tier})" if document.name else ""
    lines = [paint(f"{label}{who}: {status.value.upper()}", _STATUS_COLOR[status])]
    for error in document.errors:
        lines.append(f"  {error}")
    for phase in PHASES:
        failed = [r for r in document.results if r.control.phase == phase
                  and r.status is Status.FAIL]
        if not failed:
            continue
        lines.append(paint(f"  {phase}", "bold"))
        for result in failed:
            control = result.control
            mark = paint(" (baselined: not counted)", "dim") if result.baselined else ""
            lines.append(f"    {paint(control.severity.value.upper(), 'red')} "
                         f"{control.id} {control.title}{mark}")
            for finding in result.findings:
                lines.append(f"      {paint(str(finding.location), 'dim')}: "
                             f"{printable(finding.message)}")
    for result in document.results:
        if result.waiver is not None:
            waiver = result.waiver
            lines.append(paint(f"  waived {result.control.id} by {printable(waiver.id)} "
                               f"(approved by {printable(waiver.approved_by)}, expires "
                               f"{printable(waiver.expires)}"
                               f"{', unscoped' if waiver.unscoped else ''})", "yellow"))
    skipped = [r for r in document.results if r.raw_status is Status.NOT_APPLICABLE]
    if skipped and not quiet:
        lines.append(paint("  not applicable:", "dim"))
        for result in skipped:
            lines.append(paint(f"    {result.control.id}: {printable(result.reason or '')}",
                               "dim"))
    if document.artifacts:
        states = Counter(a.status.value for a in document.artifacts)
        lines.append("  artifacts: " + ", ".join(f"{n} {state}" for state, n in
                                                 sorted(states.items())))
    if document.results:
        counts = Counter(r.status for r in document.results)
        lines.append(paint(
            "  " + ", ".join(f"{counts[s]} {s.value.replace('_', ' ')}" for s in
                             (Status.PASS, Status.FAIL, Status.WAIVED, Status.NOT_APPLICABLE,
                              Status.DISABLED)), "dim"))
    return lines


def _waiver_notices(report: Report, paint: _Painter) -> list[str]:
    """Waivers that need a person's attention: expired, expiring soon, or unused."""
    lines = []
    for state in report.waivers:
        waiver = state.waiver
        where = f"{waiver.location}: waiver {printable(waiver.id)} ({waiver.control})"
        if state.expired:
            lines.append(paint(f"{where} expired on {waiver.expires}; it no longer applies",
                               "red"))
        elif state.expiring:
            lines.append(paint(f"{where} expires in {state.days_left} day(s), on "
                               f"{waiver.expires}", "yellow"))
        if state.uses == 0 and not state.expired:
            lines.append(paint(f"{where} matched no failing result: unused", "yellow"))
    return lines
