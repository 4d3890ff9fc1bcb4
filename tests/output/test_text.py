"""The terminal report: what a person reads first."""

from __future__ import annotations

from dataclasses import replace

from ftcomply.models import Status
from ftcomply.output import RenderOptions
from ftcomply.output.text import render


def test_failing_controls_are_listed_with_their_lines(report):
    text = render(report, RenderOptions())
    assert "sales-agent-qlora (high): FAIL" in text
    assert "examples/failing-multi-phase.yaml:" in text
    assert text.rstrip().endswith("verdict: FAIL (exit 1)")


def test_not_applicable_results_say_why_unless_quiet(report):
    text = render(report, RenderOptions())
    assert "  not applicable:" in text
    assert "PRE-SUPPLY-02: not verified (run with --verify)" in text
    quiet = render(report, RenderOptions(quiet=True))
    assert "not applicable:" not in quiet


def test_the_summary_states_stage_as_of_source_and_evidence(report):
    text = render(report, RenderOptions())
    assert f"stage {report.info.stage}" in text
    assert "passing results: 0 verified" in text
    moved = replace(report, info=replace(report.info, as_of_source="SOURCE_DATE_EPOCH"))
    assert "(from SOURCE_DATE_EPOCH)" in render(moved, RenderOptions())


def test_a_missing_risk_tier_is_never_none(report):
    document = next(d for d in report.documents if d.results)
    shown = render(replace(report, documents=(replace(document, risk_tier=None),)),
                   RenderOptions())
    assert "None" not in shown and "no risk tier" in shown


def test_control_characters_in_waiver_fields_are_shown_escaped(report):
    document = next(d for d in report.documents if any(r.status is Status.FAIL
                                                      for r in d.results))
    result = next(r for r in document.results if r.status is Status.FAIL)
    from ftcomply.models import Location, Waiver

    waiver = Waiver("W-\x1b[31m1", result.control.id, ("*",), "why", "ev\x07il", "T-1",
                    "2026-12-31", Location("waivers.yaml", 2))
    waived = replace(result, status=Status.WAIVED, waiver=waiver)
    results = tuple(waived if r is result else r for r in document.results)
    text = render(replace(report, documents=(replace(document, results=results),)),
                  RenderOptions())
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b" in text
