"""Reports for the format tests: the examples with repo-relative paths, waived results, goldens."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from support import AS_OF, ROOT

from ftcomply.catalog import Catalog
from ftcomply.models import Location, Report, Status, Waiver, WaiverState
from ftcomply.runner import CheckOptions, run_check
from ftcomply.waivers import EXPIRING_WITHIN_DAYS, days_left

GOLDEN = ROOT / "tests" / "fixtures" / "golden"


def relative_examples_report(catalog: Catalog) -> Report:
    """The bundled examples as `ftcomply check examples/` sees them from the repo root.

    Relative paths keep golden files free of the machine's checkout location.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return run_check(catalog, CheckOptions(paths=("examples",), as_of=AS_OF))


def waive(report: Report, **fields: str) -> Report:
    """The report with its first failing result waived, as the waiver stage records it:
    the result carries the waiver and `report.waivers` its state."""
    documents = list(report.documents)
    for i, document in enumerate(documents):
        for j, result in enumerate(document.results):
            if result.status is not Status.FAIL:
                continue
            values = {"id": "W-2026-014", "justification": "second benchmark not licensed",
                      "approved_by": "jane.doe@example.com", "ticket": "SEC-1234",
                      "expires": "2026-12-31", **fields}
            waiver = Waiver(control=result.control.id, jobs=(document.name or "*",),
                            location=Location("waivers.yaml", 2, 5), **values)
            results = list(document.results)
            results[j] = replace(result, status=Status.WAIVED, waiver=waiver)
            documents[i] = replace(document, results=tuple(results))
            left = days_left(waiver, report.info.as_of)
            state = WaiverState(waiver, left, expired=False,
                                expiring=left <= EXPIRING_WITHIN_DAYS, uses=1)
            return replace(report, documents=tuple(documents),
                           waivers=(*report.waivers, state))
    raise AssertionError("the report has no failing result to waive")


def check_golden(name: str, text: str) -> None:
    """Compare with tests/fixtures/golden/NAME; `UPDATE_GOLDEN=1 pytest …` rewrites it."""
    path: Path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; create it with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, "
        "regenerate with UPDATE_GOLDEN=1 pytest tests/output")
