"""Signatures and measurements in the Markdown and HTML reports: shown, and escaped."""

from __future__ import annotations

import html
from dataclasses import replace

from test_markdown import HOSTILE

from ftcomply.models import Report
from ftcomply.output import RenderOptions, markdown
from ftcomply.output import html as html_format

MEASURED = {"status": "measured", "detail": "", "report": "evals/tuned.json",
            "report_sha256": "ab" * 32, "tool": "inspect_ai", "tool_version": "0.3.285",
            "task": "refusal_suite", "metric": "accuracy", "value": 0.75, "harmful": 0.25,
            "samples": 4, "model": HOSTILE, "declared_model": "mockllm/model",
            "run_at": "2026-12-02T20:07:55Z"}
TOOL_EVIDENCE = {
    "signatures": [{"pointer": "/adapters/0", "status": "invalid",
                    "reason": "adapter_model.safetensors changed", "bundle": "adapter.sig",
                    "manifest_digest": "sha256:" + "cd" * 32, "signer": None,
                    "signed_files": 3, "artifact_sha256": "ef" * 32}],
    "safety": [{"index": 0, "tuned": MEASURED,
                "base": {**MEASURED, "status": "missing", "report": "evals/base.json",
                         "report_sha256": None, "detail": "report evals/base.json: no such file"}}],
}


def with_tool_evidence(report: Report) -> Report:
    first, *rest = report.documents
    return replace(report, documents=(replace(first, tool_evidence=TOOL_EVIDENCE), *rest))


def test_markdown_lists_each_signature_and_run_with_its_digest(report):
    text = markdown.render(with_tool_evidence(report), RenderOptions())
    assert "**Signatures and measurements**" in text
    assert "signature /adapters/0: **invalid**, adapter.sig (sha256:" + "cd" * 32 in text
    assert "adapter\\_model.safetensors changed" in text
    assert "evals/tuned.json (sha256:" + "ab" * 32 in text
    assert "report evals/base.json: no such file" in text
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_html_has_a_row_per_signature_and_run(report):
    text = html_format.render(with_tool_evidence(report), RenderOptions())
    assert '<section id="tool-evidence">' in text
    assert "evaluation.safety[0] tuned run" in text and "evaluation.safety[0] base run" in text
    assert "sha256:" + "ab" * 32 in text and "sha256:" + "cd" * 32 in text
    assert "<script>alert(1)" not in text and html.escape("<script>alert(1)</script>") in text


def test_no_section_without_verification(report):
    assert "Signatures and measurements" not in markdown.render(report, RenderOptions())
    assert 'id="tool-evidence"' not in html_format.render(report, RenderOptions())
