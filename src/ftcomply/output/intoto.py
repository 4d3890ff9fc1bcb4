"""Verdict attestations: one in-toto Statement v1 per document, in a DSSE envelope
(signed with `--signing-key`, else with no signatures), one envelope per line (JSON
Lines: the in-toto bundle convention, `*.intoto.jsonl`).

The predicate is in-toto's Simple Verification Result (svr/v0.1): `verifier`,
`timeCreated` (the run's as_of) and `properties` (what passed), plus an `ftcomply`
extension field with the policy, the verdict, every control's status and evidence
level, and the sha256 of the full JSON report. docs/attestations.md says why this
predicate and what each field means. Only the Report is read: nothing is re-evaluated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from ftcomply.attestation import (
    PREDICATE_TYPE,
    STATEMENT_TYPE,
    control_property,
    envelope,
    gate_property,
)
from ftcomply.evidence import DigestStatus
from ftcomply.models import STAGES, DocumentResult, Report, Status
from ftcomply.output import FORMATS, RenderOptions
from ftcomply.output.artifacts import DECLARED, VERIFIED

FAILING_UNMATCHED = frozenset({"critical", "high"})


def render(report: Report, options: RenderOptions) -> str:
    return "".join(render_chunks(report, options))


def render_chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """One line per document that has a digest to bind to."""
    report_sha256 = json_report_sha256(report)
    for document in report.documents:
        statement = document_statement(report, document, report_sha256)
        if statement is None:
            continue
        payload = json.dumps(statement, ensure_ascii=False, separators=(",", ":")).encode()
        yield json.dumps(envelope(payload, options.signer)) + "\n"


def json_report_sha256(report: Report) -> str:
    """SHA-256 of the JSON report exactly as `--report json=FILE` writes it."""
    digest = hashlib.sha256()
    for chunk in FORMATS["json"].chunks(report):
        digest.update(chunk.encode("utf-8"))
    return digest.hexdigest()


def _hex(digest: str) -> str:
    return digest.removeprefix("sha256:")


def _canonical_sha256(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verdict(report: Report, document: DocumentResult) -> str:
    """The document's status against fail_on; a high or critical scanner finding that no
    artifact holds fails the run, so it fails every document's verdict too."""
    status = document.status(report.info.fail_on)
    if status is Status.PASS and any(
            f.severity in FAILING_UNMATCHED for f in report.unmatched_findings):
        return Status.FAIL.value
    return status.value


def subjects(report: Report, document: DocumentResult) -> list[dict[str, Any]]:
    """The artifacts the verdict is about: each adapter's declared digest and the deployed
    artifact's, marked verified when --verify hashed an artifact of the job to it; at
    stage pre-tuning (no artifact yet), for an error document, or when the descriptor
    declares no artifact digest: the descriptor file itself."""
    found = []
    if report.info.stage != STAGES[0] and not document.errors:
        verified_pointers = {a.pointer for a in document.artifacts
                             if a.status is DigestStatus.VERIFIED}
        verified_digests = {a.actual_sha256 for a in document.artifacts
                            if a.status is DigestStatus.VERIFIED}
        for pointer, name, sha256 in document.declared_digests:
            if pointer.startswith("/adapters/"):
                role = "adapter"
                checked = pointer.removesuffix("/sha256") in verified_pointers
            else:
                role = "deployed-artifact"
                checked = sha256 in verified_digests
            found.append({"name": name, "digest": {"sha256": sha256}, "annotations": {
                "role": role, "pointer": pointer,
                "evidence": VERIFIED if checked else DECLARED}})
    if not found and document.sha256:
        found.append({"name": document.label, "digest": {"sha256": document.sha256},
                      "annotations": {"role": "descriptor", "pointer": "",
                                      "evidence": VERIFIED}})
    return found


def document_statement(report: Report, document: DocumentResult,
                       report_sha256: str) -> dict[str, Any] | None:
    """The Statement of one document (None when it has no digest at all: unreadable)."""
    subject = subjects(report, document)
    if not subject:
        return None
    info = report.info
    outcome = verdict(report, document)
    properties = []
    if outcome == Status.PASS.value:
        properties += [gate_property(s) for s in STAGES[:STAGES.index(info.stage) + 1]]
    properties += [control_property(r.control.id) for r in document.results
                   if r.status is Status.PASS]
    waivers = {r.waiver.id: r.waiver for r in document.results if r.waiver is not None}
    details: dict[str, Any] = {
        "document": {"path": document.path, "index": document.index, "name": document.name,
                     "riskTier": document.risk_tier, "sha256": document.sha256},
        "asOfSource": info.as_of_source,
        "verdict": outcome,
        "policy": {
            "stage": info.stage,
            "failOn": info.fail_on.value,
            "catalog": {"version": info.catalog_version,
                        "digest": {"sha256": _hex(info.catalog_digest)},
                        "controls": len(report.controls)},
            "parameters": {"digest": {"sha256": _canonical_sha256(info.parameter_values)}},
            "schema": {"digest": {"sha256": _hex(info.schema_digest)}},
            "waivers": [{"id": w.id, "control": w.control, "expires": w.expires,
                         "approvedBy": w.approved_by, "ticket": w.ticket,
                         "unscoped": w.unscoped} for w in waivers.values()],
            "baseline": {"digest": {"sha256": _hex(info.baseline_digest)}}
            if info.baseline_digest else None,
        },
        "controls": [{
            "id": r.control.id,
            "severity": r.control.severity.value,
            "status": r.status.value,
            "evidenceLevel": r.evidence_level.value,
            "baselined": r.baselined,
            "waiver": r.waiver.id if r.waiver else None,
            "reason": r.reason,
        } for r in document.results],
        "errors": [e.message for e in document.errors],
        "report": {"mediaType": "application/json", "digest": {"sha256": report_sha256}},
    }
    return {
        "_type": STATEMENT_TYPE,
        "subject": subject,
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "verifier": {
                "id": f"pkg:pypi/ftcomply@{info.tool_version}",
                "version": {"ftcomply": info.tool_version, "engine": info.engine},
                "policy": {"name": f"ftcomply catalog {info.catalog_version}",
                           "digest": {"sha256": _hex(info.catalog_digest)}},
            },
            "timeCreated": info.as_of,
            "properties": properties,
            "ftcomply": details,
        },
    }
