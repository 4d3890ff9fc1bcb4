"""The JSON report: the stable, documented contract that tools and tests read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ftcomply.evidence import ArtifactEvidence
from ftcomply.models import (
    ControlResult,
    DocumentResult,
    Finding,
    InputError,
    Parties,
    Report,
    Severity,
    waiver_record,
    waiver_state_record,
)
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import digest


def render(report: Report, options: RenderOptions) -> str:
    return "".join(render_chunks(report, options))


def render_chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The run's fields indented, then one line per document, written as it is made.

    Indenting everything would push thousands of documents through json's pure-Python
    encoder; a line per document keeps the C encoder, and the report stays readable and
    diffable document by document. Writing the lines as they come keeps the report out
    of memory (docs/performance.md has the figures).
    """
    head = json.dumps(_run_fields(report), indent=2, ensure_ascii=False)
    if not report.documents:
        yield f'{head[:-2]},\n  "documents": []\n}}\n'
        return
    yield f'{head[:-2]},\n  "documents": [\n    '
    plain_results: dict[tuple[Any, ...], str] = {}
    for number, document in enumerate(report.documents):
        separator = ",\n    " if number else ""
        yield separator + _document_line(document, report.info.fail_on, plain_results)
    yield "\n  ]\n}\n"


def _document_line(document: DocumentResult, fail_on: Severity,
                   plain_results: dict[tuple[Any, ...], str]) -> str:
    """json.dumps(_document(...)), with each result that has no findings, waiver or
    baseline mark encoded once per run (most results of a batch are such repeats)."""
    if document.errors:
        return json.dumps(_document(document, fail_on), ensure_ascii=False)
    texts = []
    for result in document.results:
        key = result.plain_key
        if key is None:
            texts.append(json.dumps(_result(result), ensure_ascii=False))
            continue
        text = plain_results.get(key)
        if text is None:
            text = plain_results[key] = json.dumps(_result(result), ensure_ascii=False)
        texts.append(text)
    line = json.dumps(_document_head(document, fail_on), ensure_ascii=False)[:-1]
    if document.parties is not None:
        line += f', "parties": {json.dumps(_parties(document.parties), ensure_ascii=False)}'
    line += f', "results": [{", ".join(texts)}]'
    if document.artifacts:
        artifacts = [_artifact(a) for a in document.artifacts]
        line += f', "artifacts": {json.dumps(artifacts, ensure_ascii=False)}'
    if document.tool_evidence:
        line += f', "tool_evidence": {json.dumps(document.tool_evidence, ensure_ascii=False)}'
    return line + "}"


def report_dict(report: Report) -> dict[str, Any]:
    return {**_run_fields(report),
            "documents": [_document(d, report.info.fail_on) for d in report.documents]}


def _run_fields(report: Report) -> dict[str, Any]:
    """Everything but the documents."""
    info = report.info
    fail_on = info.fail_on
    summary = report.summary
    return {
        "tool": {"name": "ftcomply", "version": info.tool_version, "engine": info.engine},
        "as_of": info.as_of,
        "as_of_source": info.as_of_source,
        "stage": info.stage,
        "fail_on": fail_on.value,
        "catalog": {
            "version": info.catalog_version,
            "digest": info.catalog_digest,
            "controls": len(report.controls),
        },
        "schema": {"digest": info.schema_digest},
        "params": info.parameter_values,
        "summary": {
            "status": report.status.value,
            "exit_code": report.exit_code,
            "documents": summary.documents,
            "passed": summary.passed,
            "failed": summary.failed,
            "errors": summary.errors,
            "by_severity": summary.by_severity,
            "waived": summary.waived,
            "baselined": summary.baselined,
            "evidence": summary.evidence,
            "skipped": summary.skipped,
        },
        "errors": [_error(e) for e in report.errors],
        "waivers": [waiver_state_record(w) for w in report.waivers],
        "unmatched_scanner_findings": [
            {"tool": f.tool, "severity": f.severity, "description": f.description,
             "file": f.file, "member": f.member} for f in report.unmatched_findings],
    }


def _document_head(document: DocumentResult, fail_on: Severity) -> dict[str, Any]:
    return {
        "path": document.path,
        "index": document.index,
        "sha256": document.sha256,
        "name": document.name,
        "risk_tier": document.risk_tier,
        "status": document.status(fail_on).value,
    }


def _document(document: DocumentResult, fail_on: Severity) -> dict[str, Any]:
    entry = _document_head(document, fail_on)
    if document.errors:
        entry["errors"] = [_error(e) for e in document.errors]
    else:
        if document.parties is not None:
            entry["parties"] = _parties(document.parties)
        entry["results"] = [_result(r) for r in document.results]
    if document.artifacts:
        entry["artifacts"] = [_artifact(a) for a in document.artifacts]
    if document.tool_evidence:
        entry["tool_evidence"] = document.tool_evidence
    return entry


def _artifact(artifact: ArtifactEvidence) -> dict[str, Any]:
    """Verified evidence; `digest` says whether the sha256 was recomputed here or only declared."""
    return {"digest": digest(artifact), **artifact.as_dict()}


def _result(result: ControlResult) -> dict[str, Any]:
    control = result.control
    return {
        "control_id": control.id,
        "title": control.title,
        "phase": control.phase,
        "severity": control.severity.value,
        "status": result.status.value,
        "raw_status": result.raw_status.value,
        "reason": result.reason,
        "evidence_level": result.evidence_level.value,
        "frameworks": {k: list(v) for k, v in control.frameworks.items()},
        "findings": [_finding(f) for f in result.findings],
        "waiver": waiver_record(result.waiver) if result.waiver else None,
        "baselined": result.baselined,
    }


def _parties(parties: Parties) -> dict[str, Any]:
    return {
        "owner": parties.owner,
        "submitter": parties.submitter,
        "approvals": [{"role": a.role, "name": a.name, "approved_at": a.approved_at}
                      for a in parties.approvals],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "message": finding.message,
        "path": finding.pointer,
        "line": finding.location.line,
        "column": finding.location.column,
    }


def _error(error: InputError) -> dict[str, Any]:
    return {
        "message": error.message,
        "file": error.location.file,
        "path": error.pointer,
        "line": error.location.line,
        "column": error.location.column,
    }


