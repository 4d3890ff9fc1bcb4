"""Markdown summary: verdict first, failing controls by phase, counts; escaped and size-capped."""

from __future__ import annotations

import re
from dataclasses import replace

from formats_support import (
    ARTIFACT_ONERROR,
    ARTIFACT_SCRIPT,
    assert_cli_writes,
    assert_matches_golden,
    failing_results,
    with_baselined,
    with_error_document,
    with_finding_text,
    with_waiver,
)
from markdown_it import MarkdownIt
from support import AS_OF

from ftcomply.models import Report, Status
from ftcomply.output import RenderOptions
from ftcomply.output.markdown import MAX_CHARS, MAX_FINDINGS, MAX_ITEMS, render

HOSTILE = "<script>alert(1)</script> | `code` <img src=x onerror=alert(2)> [x](javascript:y) *b*"


def _html(markdown: str) -> str:
    """Render as GitHub would: CommonMark with tables and raw HTML allowed."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]) \
        .render(markdown)


def _render(report: Report) -> str:
    return render(report, RenderOptions())


def test_verdict_comes_first(report):
    passing = replace(report, documents=tuple(
        replace(d, results=tuple(r for r in d.results if r.status is not Status.FAIL))
        for d in report.documents))
    assert _render(report).startswith("## ❌ ftcomply: FAIL\n")
    assert _render(passing).startswith("## ✅ ftcomply: PASS\n")
    assert _render(with_error_document(report)).startswith("## ⚠️ ftcomply: ERROR\n")
    second_line = _render(report).splitlines()[2]
    info = report.info
    assert AS_OF in second_line
    assert f"fail-on {info.fail_on.value}" in second_line
    assert f"catalog {info.catalog_version} ({info.catalog_digest[:19]})" in second_line


def test_failing_controls_are_grouped_by_phase_then_counted(report):
    text = _render(report)
    for _document, result, finding in failing_results(report):
        assert f"{result.control.id} {result.control.title}" in text
        assert f"{finding.location}:" in text
    phases = [line.strip("*") for line in text.splitlines() if re.fullmatch(r"\*\*[a-z-]+\*\*",
                                                                             line)]
    order = ["pre-tuning", "during-tuning", "post-tuning", "deployment", "governance"]
    assert phases == sorted(phases, key=order.index)
    assert text.index("### Counts") > text.index("**" + phases[-1] + "**")
    statuses = [d.status(report.info.fail_on).value for d in report.documents]
    row = (f"| {len(statuses)} | {statuses.count('pass')} | {statuses.count('fail')} | "
           f"{statuses.count('error')} |")
    assert row in text.splitlines()


def test_findings_are_capped_per_control(report):
    document, result, finding = failing_results(report)[0]
    many = tuple(replace(finding, message=f"finding {i}") for i in range(MAX_FINDINGS + 3))
    results = tuple(replace(r, findings=many) if r is result else r for r in document.results)
    documents = tuple(replace(d, results=results) if d is document else d
                      for d in report.documents)
    text = _render(replace(report, documents=documents))
    assert f"finding {MAX_FINDINGS - 1}" in text
    assert f"finding {MAX_FINDINGS}" not in text
    assert "… +3 more" in text


def test_error_documents_show_their_errors(report):
    text = _render(with_error_document(report))
    assert "### ⚠️ jobs/broken.yaml · broken-job: ERROR" in text
    assert "- jobs/broken.yaml:12:9: 'role' is a required property" in text


def test_expiring_waivers_and_baselined_failures_are_flagged(report):
    waived_report, waived = with_waiver(report)
    text = _render(waived_report)
    assert ("- ⏳ W-2026-014 (" + waived.control.id + ") expires 2026-12-01, in 5 day(s); "
            "approved by jane.doe@example.com, ticket SEC-1234") in text
    assert text.rstrip().splitlines()[-1].endswith(" | 1 |")  # the waived count
    baselined_report, baselined = with_baselined(report)
    assert f"{baselined.control.id} {baselined.control.title} (in baseline)" in _render(
        baselined_report)


def test_descriptor_text_is_escaped(report):
    hostile = with_finding_text(report, HOSTILE + " | a | b |", job=HOSTILE)
    text = _render(hostile)
    assert "<" not in text
    html = _html(text)
    for tag in ("<script", "<img", "<a ", "<code", "<em"):
        assert tag not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | `code`" in html
    for line in text.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) in (5, 7)  # the counts tables only
    assert html.count("<table>") == 2


def test_newlines_in_descriptor_text_cannot_start_blocks(report):
    hostile = with_finding_text(report, "first\n# heading\n\n| a | b |\n|---|---|\n- item",
                                job="job")
    html = _html(_render(hostile))
    assert "<h1>" not in html
    assert html.count("<table>") == 2


def test_long_runs_are_cut_to_fit(report):
    document, _result, finding = failing_results(report)[0]
    long_finding = replace(finding, message="x" * 5000)
    results = tuple(replace(r, findings=(long_finding,) * 3) if r.status is Status.FAIL else r
                    for r in document.results)
    documents = tuple(replace(document, path=f"jobs/job-{i:04d}.yaml", results=results)
                      for i in range(400))
    big = replace(report, documents=documents)
    text = _render(big)
    assert len(text) <= MAX_CHARS
    shown = text.count("### ❌ jobs/job-")
    assert 0 < shown < 400
    assert f"> {400 - shown} more document section(s) omitted" in text
    assert "| 400 | 0 | 400 | 0 |" in text
    assert "x" * 5000 not in text


# --- verified artifacts (check --verify) ----------------------------------------------

ARTIFACT_LINE = ("- jobs/job.yaml · intent-classifier: 3 verified, 1 mismatch, "
                 "2 remote (not verifiable here)")


def test_one_line_per_document_counts_verified_and_declared(verified, report):
    text = _render(verified)
    assert "\n**Artifacts** (digests checked with --verify)\n\n" + ARTIFACT_LINE + "\n" in text
    assert text.index(ARTIFACT_LINE) < text.index("### Counts")
    assert "**Artifacts**" not in _render(report)


def test_artifact_lines_are_capped(verified):
    (document,) = verified.documents
    many = tuple(replace(document, path=f"jobs/job-{i:02d}.yaml") for i in range(MAX_ITEMS + 7))
    text = _render(replace(verified, documents=many))
    artifacts = text[text.index("**Artifacts**"):]  # the parties list names the jobs too
    lines = [line for line in artifacts.splitlines() if line.startswith("- jobs/job-")]
    assert len(lines) == MAX_ITEMS
    assert (f"- … +7 more document(s); in all: {3 * len(many)} verified, {len(many)} mismatch, "
            f"{2 * len(many)} remote (not verifiable here)") in text
    assert len(text) <= MAX_CHARS


def test_artifact_markup_in_findings_is_escaped(hostile_verified):
    text = _render(hostile_verified)
    # The pickle adapter's file name reaches the summary through PRE-MODEL-03's findings.
    assert "&lt;img src=x onerror=alert(1)&gt;.bin" in text
    assert "<" not in text and ARTIFACT_ONERROR not in text and ARTIFACT_SCRIPT not in text
    html = _html(text)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.bin" in html


def test_golden(report):
    assert_matches_golden("examples.md", _render(report))


def test_cli_writes_the_same_bytes(report, tmp_path):
    assert_cli_writes("markdown", _render(report), report.exit_code, tmp_path)


def test_descriptor_text_cannot_mention_people():
    from ftcomply.output.markdown import _markdown_safe

    assert str(_markdown_safe("ping @security-team now")) == "ping @\u200bsecurity-team now"
    assert str(_markdown_safe("jane.doe@example.com")) == "jane.doe@example.com"
