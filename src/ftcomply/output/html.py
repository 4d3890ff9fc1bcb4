"""The auditor's report: one self-contained HTML file to read on screen and print.

The page carries its own CSS, no script, and a Content-Security-Policy that
forbids every fetch, so opening it cannot run code or reach the network even
if a descriptor holds markup. Descriptor text reaches the page only through
Jinja2 autoescaping: this module hands the template plain strings, never
`Markup`, and the template never marks descriptor data `|safe`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ftcomply.models import (
    PHASES,
    Control,
    ControlResult,
    DocumentResult,
    Report,
    Status,
    Waiver,
)
from ftcomply.output import RenderOptions
from ftcomply.resources import templates_dir

TEMPLATE = "report.html.j2"
# Waivers this close to expiry are flagged, as in every report (interface.md).
EXPIRY_WARNING_DAYS = 14

# The text shown in a matrix cell: the status is always readable without colour.
LABELS = {
    Status.PASS: "PASS",
    Status.FAIL: "FAIL",
    Status.WAIVED: "WAIVED",
    Status.NOT_APPLICABLE: "N/A",
    Status.DISABLED: "DISABLED",
    Status.ERROR: "ERROR",
}


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(report: Report, options: RenderOptions) -> str:
    return _environment().get_template(TEMPLATE).render(**context(report))


@dataclass(frozen=True)
class _Column:
    """One input document as a matrix column: `label` (D1, D2, …) keeps the table printable."""

    label: str
    document: DocumentResult
    status: Status
    results: dict[str, ControlResult]


def context(report: Report) -> dict[str, Any]:
    """Everything the template shows, precomputed so the template only lays it out."""
    fail_on = report.info.fail_on
    columns = [
        _Column(f"D{n}", d, d.status(fail_on), {r.control.id: r for r in d.results})
        for n, d in enumerate(report.documents, start=1)
    ]
    return {
        "info": report.info,
        "run_errors": report.errors,
        "verdict": report.status.value,
        "exit_code": report.exit_code,
        "labels": {s.value: label for s, label in LABELS.items()},
        "columns": columns,
        "names": sorted({d.name for d in report.documents if d.name}),
        "tiers": sorted({d.risk_tier for d in report.documents if d.risk_tier}),
        "phases": _matrix(report.controls, columns),
        "findings": [(c, _reported(c.document)) for c in columns if _reported(c.document)],
        "waivers": _waivers(report),
        "params": [(k, json.dumps(v, sort_keys=True, ensure_ascii=False))
                   for k, v in sorted(report.info.params.items())],
    }


def _matrix(
    controls: tuple[Control, ...], columns: list[_Column]
) -> list[tuple[str, list[tuple[Control, list[str]]]]]:
    """Per phase, each control's status in every document (error documents show error)."""
    phases = [*PHASES, *sorted({c.phase for c in controls} - set(PHASES))]
    matrix = []
    for phase in phases:
        rows = [
            (control, [_cell(column, control) for column in columns])
            for control in controls
            if control.phase == phase
        ]
        if rows:
            matrix.append((phase, rows))
    return matrix


def _cell(column: _Column, control: Control) -> str:
    """A status value; a document without a result for the control counts as not evaluated."""
    result = column.results.get(control.id)
    return result.status.value if result else Status.ERROR.value


def _reported(document: DocumentResult) -> list[ControlResult]:
    """Results an auditor must read: failures and waivers, with their findings."""
    return [r for r in document.results if r.status in (Status.FAIL, Status.WAIVED)]


def _waivers(report: Report) -> list[dict[str, Any]]:
    """Each waiver once, with the documents it covered and whether it expires soon."""
    used: dict[str, tuple[Waiver, list[str]]] = {}
    for document in report.documents:
        for result in document.results:
            if result.waiver:
                jobs = used.setdefault(result.waiver.id, (result.waiver, []))[1]
                jobs.append(document.name or document.path)
    return [
        {"waiver": waiver, "jobs": sorted(set(jobs)),
         "days_left": _days_left(waiver.expires, report.info.as_of)}
        for _, (waiver, jobs) in sorted(used.items())
    ]


def _days_left(expires: str, as_of: str) -> int | None:
    """Days from as_of to the expiry date when within the warning window, else None."""
    try:
        end = dt.date.fromisoformat(expires)
        now = dt.datetime.fromisoformat(as_of).date()
    except ValueError:
        return None
    days = (end - now).days
    return days if days <= EXPIRY_WARNING_DAYS else None
