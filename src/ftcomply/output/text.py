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
        lines.extend(_document(document, report, paint))
    statuses = Counter(d.status(fail_on) for d in report.documents)
    failing = Counter(
        r.control.severity.value
        for d in report.documents
        for r in d.results
        if r.status is Status.FAIL
    )
    lines.extend(_waiver_notices(report, paint))
    if report.baselined:
        lines.append(f"{report.baselined} failing result(s) were already in the baseline "
                     "and do not fail the run")
    severities = ", ".join(f"{s} {failing[s]}" for s in ("critical", "high", "medium", "low"))
    lines.append(
        f"{len(report.documents)} document(s): {statuses[Status.PASS]} passed, "
        f"{statuses[Status.FAIL]} failed, {statuses[Status.ERROR]} error(s); "
        f"failing controls: {severities}; fail-on {fail_on.value}; as of {report.info.as_of}"
    )
    verdict = report.status
    lines.append(paint(f"verdict: {verdict.value.upper()} (exit {report.exit_code})",
                       _STATUS_COLOR[verdict]))
    return "\n".join(lines) + "\n"


def _document(document: DocumentResult, report: Report, paint: _Painter) -> list[str]:
    status = document.status(report.info.fail_on)
    label = printable(document.path) + (f" [{document.index}]" if document.index else "")
    who = f" {document.name} ({document.risk_tier})" if document.name else ""
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
            lines.append(paint(f"  waived {result.control.id} by {waiver.id} (approved by "
                               f"{waiver.approved_by}, expires {waiver.expires}"
                               f"{', unscoped' if waiver.unscoped else ''})", "yellow"))
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
        where = f"{waiver.location}: waiver {waiver.id} ({waiver.control})"
        if state.expired:
            lines.append(paint(f"{where} expired on {waiver.expires}; it no longer applies",
                               "red"))
        elif state.expiring:
            lines.append(paint(f"{where} expires in {state.days_left} day(s), on "
                               f"{waiver.expires}", "yellow"))
        if state.uses == 0 and not state.expired:
            lines.append(paint(f"{where} matched no failing result: unused", "yellow"))
    return lines
