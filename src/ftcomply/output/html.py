"""The auditor's report: one self-contained HTML file to read on screen and print.

The page carries its own CSS, no script, and a Content-Security-Policy that
forbids every fetch, so opening it cannot run code or reach the network even
if a descriptor holds markup. Descriptor text reaches the page only through
Jinja2 autoescaping: this module hands the template plain strings, never
`Markup`, and the template never marks descriptor data `|safe`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Template
from markupsafe import Markup, escape

from ftcomply.evidence import ArtifactEvidence, DigestStatus
from ftcomply.models import (
    PHASES,
    Control,
    ControlResult,
    DocumentResult,
    Report,
    Status,
)
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import (
    DECLARED,
    VERIFIED,
    is_verified,
    label,
    tally,
    tool_evidence_rows,
)
from ftcomply.output.templating import environment

TEMPLATE = "report.html.j2"

# The text shown in a matrix cell: the status is always readable without colour.
LABELS = {
    Status.PASS: "PASS",
    Status.FAIL: "FAIL",
    Status.WAIVED: "WAIVED",
    Status.NOT_APPLICABLE: "N/A",
    Status.DISABLED: "DISABLED",
    Status.ERROR: "ERROR",
}


# The digest cell's class: green verified, amber only declared, red when the check
# failed in a way PRE-SUPPLY-02 fails on (the text label says which, without colour).
_FAILED_CHECKS = frozenset({DigestStatus.MISMATCH, DigestStatus.MISSING,
                            DigestStatus.OUTSIDE_ROOT, DigestStatus.UNREADABLE})


@cache
def _template() -> Template:
    html = environment()
    html.filters["inline_code"] = inline_code
    return html.get_template(TEMPLATE)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Remediation text as a reader should see it: `spans` in backticks as <code>, the
    rest escaped (catalog text of user policies is not trusted either)."""
    escaped = str(escape(text))
    return Markup(_CODE_SPAN.sub(lambda m: f"<code>{m[1]}</code>", escaped))


def render(report: Report, options: RenderOptions) -> str:
    return _template().render(**context(report))


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
        "baselined": report.baselined,
        "columns": columns,
        "names": sorted({d.name for d in report.documents if d.name}),
        "tiers": sorted({d.risk_tier for d in report.documents if d.risk_tier}),
        "phases": _matrix(report.controls, columns),
        "findings": [(c, _reported(c.document)) for c in columns if _reported(c.document)],
        "waivers": _waivers(report),
        "params": [(k, json.dumps(v, sort_keys=True, ensure_ascii=False))
                   for k, v in sorted(report.info.parameter_values.items())],
        "artifacts": [(c, [_artifact(a) for a in c.document.artifacts])
                      for c in columns if c.document.artifacts],
        "tool_evidence": [(c, rows) for c in columns
                          if (rows := tool_evidence_rows(c.document))],
        "evidence": report.summary.evidence,
        "unmatched": report.unmatched_findings,
        "parties": [c for c in columns if c.document.parties is not None],
        "not_applicable": [
            (c, [r for r in c.document.results if r.raw_status is Status.NOT_APPLICABLE])
            for c in columns if c.document.results],
        "verification": _verification(report),
    }


def _artifact(artifact: ArtifactEvidence) -> dict[str, Any]:
    """One row of a document's artifact table: the evidence, its label and cell class."""
    if is_verified(artifact):
        css = "verified"
    else:
        css = "failed" if artifact.status in _FAILED_CHECKS else "declared"
    return {"evidence": artifact, "label": label(artifact), "class": css}


def _verification(report: Report) -> dict[str, int] | None:
    """Whether --verify ran (some document has artifact evidence), and what it found."""
    checked = [d for d in report.documents if d.artifacts]
    if not checked:
        return None
    counts = tally(checked)
    return {"documents": len(checked), "artifacts": sum(counts.values()),
            "verified": counts[VERIFIED], "declared": counts[DECLARED]}


def _matrix(
    controls: tuple[Control, ...], columns: list[_Column]
) -> list[tuple[str, list[tuple[Control, list[tuple[str, str, str]]]]]]:
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


def _cell(column: _Column, control: Control) -> tuple[str, str, str]:
    """(status value, label, tooltip); a document without a result for the control was
    not evaluated. A pass says what it rests on; a not-applicable result says why."""
    result = column.results.get(control.id)
    if result is None:
        return Status.ERROR.value, LABELS[Status.ERROR], ""
    label = LABELS[result.status] + (" (baseline)" if result.baselined else "")
    if result.status is Status.PASS:
        label += f" ({result.evidence_level.value})"
    return result.status.value, label, result.reason or ""


def _reported(document: DocumentResult) -> list[ControlResult]:
    """Results an auditor must read: failures and waivers, with their findings."""
    return [r for r in document.results if r.status in (Status.FAIL, Status.WAIVED)]


def _waivers(report: Report) -> list[dict[str, Any]]:
    """Every waiver of the run with its state and the jobs it actually waived."""
    waived: dict[str, set[str]] = {}
    for document in report.documents:
        for result in document.results:
            if result.waiver:
                waived.setdefault(result.waiver.id, set()).add(document.name or document.path)
    return [
        {"state": state, "waiver": state.waiver,
         "waived": sorted(waived.get(state.waiver.id, ()))}
        for state in sorted(report.waivers, key=lambda s: s.waiver.id)
    ]
