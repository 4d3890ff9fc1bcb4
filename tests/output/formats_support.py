"""Reports for the sarif, junit and markdown tests: relative paths, a waiver, an error document.

Reports are built from a real run over `examples/` (so they follow the growing
catalog) and then altered with `dataclasses.replace`, never by hand-writing a
whole Report.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

from support import AS_OF, ROOT

from ftcomply.catalog import Catalog
from ftcomply.models import (
    ControlResult,
    DocumentResult,
    Finding,
    InputError,
    Location,
    Report,
    Status,
    Waiver,
    WaiverState,
)
from ftcomply.runner import CheckOptions, run_check

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "golden"

WAIVER = Waiver(
    id="W-2026-014",
    control="",
    jobs=("sales-agent-*",),
    justification="second benchmark not licensed until Q1",
    approved_by="jane.doe@example.com",
    ticket="SEC-1234",
    expires="2026-12-31",
    location=Location("waivers.yaml", 3, 5),
)

ERROR_DOCUMENT = DocumentResult(
    path="jobs/broken.yaml",
    index=0,
    sha256="0" * 64,
    name="broken-job",
    risk_tier=None,
    errors=(
        InputError("'role' is a required property", Location("jobs/broken.yaml", 12, 9),
                   "/datasets/0"),
        InputError("policy evaluation failed: engine stopped", Location("jobs/broken.yaml")),
    ),
)


def relative_report(catalog: Catalog) -> Report:
    """The examples run with repository-relative paths, as CI runs it and goldens need."""
    with contextlib.chdir(ROOT):
        return run_check(catalog, CheckOptions(paths=("examples",), as_of=AS_OF))


def with_waiver(report: Report) -> tuple[Report, ControlResult]:
    """The first failing result waived by a waiver expiring in 5 days; returns that result."""
    d, r, result = _first_failure(report)
    waiver = replace(WAIVER, control=result.control.id)
    waived = replace(result, status=Status.WAIVED, waiver=waiver)
    state = WaiverState(waiver, days_left=5, expired=False, expiring=True, uses=1)
    return replace(_replace_result(report, d, r, waived), waivers=(state,)), waived


def with_baselined(report: Report) -> tuple[Report, ControlResult]:
    """The first failing result marked as already present in a baseline."""
    d, r, result = _first_failure(report)
    baselined = replace(result, baselined=True)
    return _replace_result(report, d, r, baselined), baselined


def with_error_document(report: Report) -> Report:
    return replace(report, documents=(*report.documents, ERROR_DOCUMENT))


def with_finding_text(report: Report, message: str, job: str) -> Report:
    """Every finding's message and every job name replaced by hostile text."""
    documents = tuple(
        replace(document, name=job, results=tuple(
            replace(result, findings=tuple(replace(f, message=message) for f in result.findings))
            for result in document.results))
        for document in report.documents
    )
    return replace(report, documents=documents)


def failing_results(report: Report) -> list[tuple[DocumentResult, ControlResult, Finding]]:
    return [(d, r, f) for d in report.documents for r in d.results
            if r.status is Status.FAIL for f in r.findings]


def assert_matches_golden(name: str, text: str) -> None:
    """Compare with tests/fixtures/golden/NAME; `UPDATE_GOLDEN=1 pytest` rewrites it."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text, (
        f"{name} differs from its golden file; if the change is intended, regenerate with "
        "UPDATE_GOLDEN=1 pytest tests/output")


def _first_failure(report: Report) -> tuple[int, int, ControlResult]:
    for d, document in enumerate(report.documents):
        for r, result in enumerate(document.results):
            if result.status is Status.FAIL and result.findings:
                return d, r, result
    raise AssertionError("the examples have no failing result")


def _replace_result(report: Report, d: int, r: int, result: ControlResult) -> Report:
    document = report.documents[d]
    results = (*document.results[:r], result, *document.results[r + 1:])
    documents = list(report.documents)
    documents[d] = replace(document, results=results)
    return replace(report, documents=tuple(documents))
