"""Helpers for the report-format tests: the examples run, altered reports, goldens, the CLI.

Reports are built from a real run over `examples/` (so they follow the growing
catalog) and then altered with `dataclasses.replace`, never by hand-writing a
whole Report. The fixtures built on these live in `conftest.py` next to this file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from support import AS_OF, DECLARED_EXAMPLE_PATHS, DECLARED_EXAMPLES, EXAMPLES, ROOT, run_cli

from ftcomply.catalog import Catalog
from ftcomply.evidence import DigestStatus, ScannerFinding
from ftcomply.models import (
    ControlResult,
    DocumentResult,
    Finding,
    InputError,
    Location,
    Report,
    Status,
    Waiver,
)
from ftcomply.pipeline import CheckOptions, VerifySettings, run_check
from ftcomply.waivers import waiver_states

GOLDEN_DIR = ROOT / "tests" / "fixtures" / "golden"

# Markup in artifact text; the onerror one has no slash, so it can be a file name.
ARTIFACT_SCRIPT = "<script>alert(1)</script>"
ARTIFACT_ONERROR = '"><img src=x onerror=alert(1)>'

# A descriptor that parses as YAML but fails the schema (`metadata` is not a mapping).
BROKEN_DESCRIPTOR = "apiVersion: ftcomply/v1\nkind: FineTuningJob\nmetadata: 3\n"

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


def relative_examples_report(catalog: Catalog) -> Report:
    """The bundled examples as `ftcomply check examples/` sees them from the repo root.

    Relative paths keep golden files free of the machine's checkout location.
    """
    with contextlib.chdir(ROOT):
        return run_check(catalog, CheckOptions(paths=DECLARED_EXAMPLES, as_of=AS_OF))


def examples_with_errors(catalog: Catalog, directory: Path) -> Report:
    """The examples, a schema-invalid document, a missing path and a failure waived by a
    waiver 35 days from expiry (outside the warning window)."""
    broken = directory / "broken.yaml"
    broken.write_text(BROKEN_DESCRIPTOR)
    options = CheckOptions(
        paths=(*DECLARED_EXAMPLE_PATHS, str(broken), str(directory / "missing.yaml")), as_of=AS_OF)
    return with_waiver(run_check(catalog, options), expires="2026-12-31")[0]


class _Exploit:
    """Pickles to a call of os.system; written to disk as an adapter, never loaded."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def verified_report(catalog: Catalog, directory: Path, unsafe_name: str = "unsafe.bin",
                    remote_uri: str = "s3://ml-data/search/intents-v7.jsonl") -> Report:
    """`ftcomply check jobs/job.yaml --verify`, run inside `directory`, over a job whose
    artifacts are real files: a dataset and a safetensors adapter matching their digests,
    a pickle adapter named `unsafe_name` matching its digest (but importing os.system), a
    dataset whose content was swapped (mismatch), a dataset at `remote_uri` and a base model
    id (both remote).

    The relative path shows how formats place artifacts next to their descriptor.
    """
    jobs = directory / "jobs"
    (jobs / "data").mkdir(parents=True)
    dataset = jobs / "data" / "intents.jsonl"
    dataset.write_text('{"text": "reset my password", "label": "account"}\n')
    swapped = jobs / "data" / "extra.jsonl"
    swapped.write_text('{"text": "poisoned"}\n')
    adapter = jobs / "adapter.safetensors"
    save_file({"lora_A": np.zeros((4, 2), dtype=np.float32)}, str(adapter))
    unsafe = jobs / unsafe_name
    unsafe.write_bytes(pickle.dumps(_Exploit()))
    text = (EXAMPLES / "minimal-low.yaml").read_text()
    dataset_entry = text[text.index("  - name: intent-labels"):text.index("training:")]
    text = text.replace(dataset_entry, "".join((
        dataset_entry.replace("s3://ml-data/search/intents-v7.jsonl", "data/intents.jsonl")
        .replace("c4ca4238a0b923820dcc509a6f75849bc4ca4238a0b923820dcc509a6f75849b",
                 _sha256(dataset)),
        dataset_entry.replace("intent-labels", "extra-labels")
        .replace("s3://ml-data/search/intents-v7.jsonl", "data/extra.jsonl"),
        dataset_entry.replace("intent-labels", "remote-labels")
        .replace("s3://ml-data/search/intents-v7.jsonl", json.dumps(remote_uri)),
    )))
    text += "adapters:\n" + "".join(
        f"  - name: {name}\n"
        f"    uri: {json.dumps(path.name)}\n"
        "    format: safetensors\n"
        f"    sha256: {_sha256(path)}\n"
        "    source: internal\n"
        "    base_model_revision: v3.2.0\n"
        "    signature: {method: sigstore, verified: true}\n"
        for name, path in (("intents-lora", adapter), ("unsafe-lora", unsafe)))
    (jobs / "job.yaml").write_text(text)
    options = CheckOptions(paths=("jobs/job.yaml",), as_of=AS_OF, verify=VerifySettings())
    with contextlib.chdir(directory):
        return run_check(catalog, options)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hostile_verified_report(catalog: Catalog, directory: Path) -> Report:
    """A `--verify` run whose artifact text carries markup: the remote dataset's URI, the
    pickle adapter's file name (so its serialization entry and PRE-MODEL-03's findings
    quote it) and a scanner finding added to every artifact."""
    report = verified_report(catalog, directory, unsafe_name=f"{ARTIFACT_ONERROR}.bin",
                             remote_uri=f"s3://ml-data/{ARTIFACT_SCRIPT}.jsonl")
    finding = ScannerFinding("modelscan", "critical", ARTIFACT_SCRIPT,
                             f"/models/{ARTIFACT_ONERROR}.bin", ARTIFACT_SCRIPT)
    return replace(report, documents=tuple(
        replace(d, artifacts=tuple(replace(a, scanner_findings=(finding,))
                                   for a in d.artifacts))
        for d in report.documents))


def artifact_statuses(report: Report) -> dict[str, DigestStatus]:
    """Each artifact's digest status by JSON pointer (one-document reports)."""
    (document,) = report.documents
    return {a.pointer: a.status for a in document.artifacts}


def with_waiver(report: Report, **fields: str) -> tuple[Report, ControlResult]:
    """The first failing result waived, as the waiver stage records it; returns that result.

    The result carries the waiver and `report.waivers` gains the waiver's state,
    computed by the pipeline's own `waiver_states` from the report's as_of. By
    default the waiver expires on 2026-12-01, 5 days after AS_OF, so every
    format shows its expiry warning; `fields` override any Waiver text field
    (`expires="2026-12-31"` gives 35 days, outside the warning window).
    """
    d, r, result = _first_failure(report)
    document = report.documents[d]
    values = {"id": "W-2026-014", "justification": "second benchmark not licensed until Q1",
              "approved_by": "jane.doe@example.com", "ticket": "SEC-1234",
              "expires": "2026-12-01", **fields}
    waiver = Waiver(control=result.control.id, jobs=(document.name or "*",),
                    location=Location("waivers.yaml", 2, 5), **values)
    waived = replace(result, status=Status.WAIVED, waiver=waiver)
    report = _replace_result(report, d, r, waived)
    (state,) = waiver_states(report, (waiver,))
    return replace(report, waivers=(*report.waivers, state)), waived


def with_baselined(report: Report) -> tuple[Report, ControlResult]:
    """The first failing result marked as already present in a baseline; returns that result."""
    d, r, result = _first_failure(report)
    baselined = replace(result, baselined=True)
    return _replace_result(report, d, r, baselined), baselined


def all_baselined(report: Report) -> Report:
    """Every failing result baselined, as a run checked against its own baseline: it passes."""
    return replace(report, documents=tuple(
        replace(d, results=tuple(replace(r, baselined=r.status is Status.FAIL)
                                 for r in d.results))
        for d in report.documents))


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
    """Compare byte for byte with tests/fixtures/golden/NAME; `UPDATE_GOLDEN=1 pytest`
    rewrites it."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden {path}; create it with UPDATE_GOLDEN=1"
    assert path.read_bytes().decode("utf-8") == text, (
        f"{name} differs from its golden file; if the change is intended, regenerate with "
        "UPDATE_GOLDEN=1 pytest tests/output")


def assert_cli_writes(fmt: str, expected: str, exit_code: int, directory: Path) -> None:
    """`ftcomply check examples --format FMT --report FMT=FILE` prints and writes `expected`:
    one rendering, byte-identical across processes and on both outputs."""
    target = directory / f"report.{fmt}"
    process = run_cli("check", *DECLARED_EXAMPLES, "--as-of", AS_OF, "--format", fmt,
                      "--report", f"{fmt}={target}")
    assert process.returncode == exit_code, process.stderr
    assert process.stdout == expected
    assert target.read_bytes().decode("utf-8") == expected


def _first_failure(report: Report) -> tuple[int, int, ControlResult]:
    for d, document in enumerate(report.documents):
        for r, result in enumerate(document.results):
            if result.status is Status.FAIL and result.findings:
                return d, r, result
    raise AssertionError("the report has no failing result")


def _replace_result(report: Report, d: int, r: int, result: ControlResult) -> Report:
    document = report.documents[d]
    results = (*document.results[:r], result, *document.results[r + 1:])
    documents = list(report.documents)
    documents[d] = replace(document, results=results)
    return replace(report, documents=tuple(documents))
