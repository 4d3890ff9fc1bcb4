"""A short Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

Verdict first, then failing controls by phase, then counts. Descriptor text is
hostile: every value printed by the template is HTML-escaped and stripped of
Markdown meaning by the environment's `finalize`, so no template line can
forget it. GitHub rejects comments over 65,536 characters, so whole document
sections are dropped (with a note) until the summary fits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from ftcomply.models import PHASES, ControlResult, DocumentResult, Report, Status, printable
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import summary, tool_evidence_rows
from ftcomply.output.templating import environment

MAX_CHARS = 65_000
MAX_FINDINGS = 5
MAX_ITEMS = 5  # errors, waivers or documents' artifact lines listed per block
MAX_MESSAGE = 300
MAX_REASONS = 60  # distinct (control, reason) pairs listed

_VERDICT = {Status.PASS: "✅", Status.FAIL: "❌", Status.ERROR: "⚠️"}
_INLINE = re.compile(r"([\\`*_\[\]|~$])")
# What would open a block (heading, list, break) if a value came first on a list item.
_LINE_START = re.compile(r"^([#+\-=])|^(\d+)([.)])(?=\s|$)")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class _Section:
    """One document that failed a control or could not be evaluated."""

    document: DocumentResult
    status: Status
    phases: tuple[tuple[str, tuple[ControlResult, ...]], ...]


def render(report: Report, options: RenderOptions) -> str:
    template = _template()
    context = _context(report)
    sections = _sections(report)

    def attempt(shown: int) -> str:
        return template.render(context, sections=sections[:shown],
                               omitted=len(sections) - shown)

    def fits(shown: int) -> bool:
        return len(attempt(shown)) <= MAX_CHARS

    # The largest number of sections that fits: gallop up, then halve back, so
    # a huge run costs a few renders of about the limit, never one of everything.
    shown, step = 0, 1
    while shown + step <= len(sections) and fits(shown + step):
        shown += step
        step *= 2
    while step > 1:
        step //= 2
        if shown + step <= len(sections) and fits(shown + step):
            shown += step
    return attempt(shown)


def _context(report: Report) -> dict[str, Any]:
    info = report.info
    summary_counts = report.summary
    statuses = Counter({Status.PASS.value: summary_counts.passed,
                        Status.FAIL.value: summary_counts.failed,
                        Status.ERROR.value: summary_counts.errors})
    failing = Counter(summary_counts.by_severity)
    reasons = Counter((r.control.id, r.reason or "") for d in report.documents
                      for r in d.results if r.raw_status is Status.NOT_APPLICABLE)
    algorithm, _, digest = info.catalog_digest.rpartition(":")
    return {
        "info": info,
        "verdict": report.status,
        "icon": Markup(_VERDICT[report.status]),
        "catalog_digest": f"{algorithm}:{digest[:12]}" if algorithm else digest[:12],
        "run_errors": report.errors,
        "nothing_evaluated": not report.documents,
        "documents": len(report.documents),
        "statuses": statuses,
        "failing": failing,
        "waived": summary_counts.waived,
        "evidence": summary_counts.evidence,
        "not_applicable": sorted(reasons.items()),
        "parties": [d for d in report.documents if d.parties is not None],
        "unmatched": report.unmatched_findings,
        "max_reasons": MAX_REASONS,
        "expiring": sorted((s for s in report.waivers if s.expiring),
                           key=lambda s: (s.days_left, s.waiver.id)),
        "artifacts": _artifact_lines(report),
        "artifacts_total": summary(a for d in report.documents for a in d.artifacts),
        "tool_evidence": [(d.label, rows) for d in report.documents
                          if (rows := tool_evidence_rows(d))],
        "max_findings": MAX_FINDINGS,
        "max_items": MAX_ITEMS,
    }


def _artifact_lines(report: Report) -> list[tuple[str, str]]:
    """(document, `3 verified, 1 mismatch, …`) for each document whose artifacts were checked."""
    lines = []
    for document in report.documents:
        if document.artifacts:
            label = document.label
            label += f" · {document.name}" if document.name else ""
            lines.append((label, summary(document.artifacts)))
    return lines


def _sections(report: Report) -> list[_Section]:
    sections = []
    for document in report.documents:
        failed = [r for r in document.results if r.status is Status.FAIL]
        if not failed and not document.errors:
            continue
        phases = [*PHASES, *sorted({r.control.phase for r in failed} - set(PHASES))]
        grouped = tuple(
            (phase, tuple(sorted((r for r in failed if r.control.phase == phase),
                                 key=lambda r: (-r.control.severity.rank, r.control.id))))
            for phase in phases
        )
        sections.append(_Section(
            document=document,
            status=document.status(report.info.fail_on),
            phases=tuple((phase, results) for phase, results in grouped if results),
        ))
    return sections


@cache
def _template() -> Template:
    markdown = environment(finalize=_markdown_safe)
    markdown.filters["clip"] = _clip
    markdown.filters["icon"] = lambda status: Markup(_VERDICT[status])
    return markdown.get_template("report.md.j2")


# `@team` in descriptor text would notify people from a pull-request comment (GitHub
# mentions on `(?:^|\W)@`, so `.@team` too); a zero-width space after the `@` keeps the
# text and drops the mention. E-mail addresses (a word character before the `@`) never
# mention anyone and stay intact.
_MENTION = re.compile(r"(?<!\w)@(?=[\w-])")


def _markdown_safe(value: Any) -> Markup:
    """Text that renders as itself: one line, no Markdown syntax, no HTML.

    Markdown escapes come first (backslashes), HTML escaping second, so an
    entity such as `&lt;` is never split by a backslash. Quotes stay as they
    are: values are only ever text, never inside an HTML attribute.
    """
    if isinstance(value, Markup):
        return value
    text = printable(_WHITESPACE.sub(" ", str(value)).strip())  # ESC, BEL shown escaped
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    text = _MENTION.sub("@\u200b", text)
    return Markup(text.translate(_HTML))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"

