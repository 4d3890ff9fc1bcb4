"""CycloneDX 1.6 ML bill of materials (JSON): one BOM per job (descriptor document).

Each BOM's subject (`metadata.component`) is the job's evaluated and deployed artifact,
a `machine-learning-model` with its `modelCard`: model parameters (task, method, the
datasets by reference, the training hyperparameters as properties), quantitative analysis
(each safety evaluation's harmful scores, utility and privacy figures as declared, and
beside them what `--verify` measured in the evaluation and red-team reports) and the
intended use. Its `components` are the base model and the adapters (`machine-learning-
model`; each adapter's pedigree names the base model it was tuned from) and the datasets
(`data`: classification, licence, provenance). Every hash is marked `ftcomply:digest`
`verified` (recomputed by --verify and equal to the declared one) or `declared`, with the
reason, in the words every format shares (output.artifacts).

The verdict is CycloneDX Attestations (CDXA): the catalog is a standard under
`definitions` with one requirement per control; `declarations` hold ftcomply as the
assessor, one claim per control result about the job, its evidence (finding messages
with their JSON pointer and file:line:column; a failing result's are counter-evidence),
and an attestation that maps each requirement to its claim with the conformance (1
passed, 0 failed or waived, none for a control that does not apply or is disabled) and
the evidence level as the confidence's rationale.

A document that could not be evaluated still gets a BOM, saying so: its subject is the
descriptor file (type `file`, with its sha256), `ftcomply:verdict` is `error` and each
error is an `ftcomply:error` property; it has no components, model card or declarations.

A run writes the BOMs as one BOM when there is one document and JSON Lines (one compact
BOM per line, in path order, non-ASCII escaped) when there are several; `--report
cyclonedx=DIR/` writes one file per job instead (`render_files`). The serial number is
a uuid5 of the BOM's content and the timestamp the run's as_of: the same inputs and
`--as-of` give the same bytes. Only the Report is read: nothing is re-evaluated.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

from ftcomply.evidence import ArtifactEvidence, DigestStatus
from ftcomply.evidence.digests import display_uri
from ftcomply.models import ControlResult, DocumentResult, Report, Status
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import DECLARED, REASONS, VERIFIED
from ftcomply.output.intoto import verdict

SPEC_VERSION = "1.6"
NS = "ftcomply"  # the property names' namespace (CycloneDX property taxonomy: `ns:name`)
_SERIALS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ftcomply:cyclonedx")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")

JOB = "job"
BASE_MODEL = "base-model"
ASSESSOR = "assessor:ftcomply"
STANDARD = "standard:ftcomply-catalog"


def render(report: Report, options: RenderOptions) -> str:
    return "".join(render_chunks(report, options))


def render_chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """One indented BOM for one document; JSON Lines (a compact BOM per line) for several."""
    if len(report.documents) == 1:
        yield _text(document_bom(report, report.documents[0]), indent=True)
        return
    for document in report.documents:
        yield _text(document_bom(report, document), indent=False)


def render_files(report: Report, options: RenderOptions) -> Iterator[tuple[str, str]]:
    """(file name, BOM) per document, for a report directory: the job's name (else the
    descriptor file's name and position) made safe as a file name, `.cdx.json`; a name
    that two documents would share (compared without case) gets `-2`, `-3`, … in path
    order."""
    taken: set[str] = set()
    for document in report.documents:
        stem = file_stem(document)
        name, number = stem, 1
        while name.lower() in taken:
            number += 1
            name = f"{stem}-{number}"
        taken.add(name.lower())
        yield f"{name}.cdx.json", _text(document_bom(report, document), indent=True)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(document: DocumentResult) -> str:
    """A file name that stays in its directory whatever the job's name says: only ASCII
    letters, digits, `.`, `_` and `-`, no leading dot, at most 100 characters."""
    if document.name:
        raw = document.name
    else:
        raw = document.path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        raw += f"-{document.index}" if document.index else ""
    stem = _UNSAFE.sub("-", raw).strip("-.")[:100].strip("-.")
    return stem or "job"


def _text(bom: dict[str, Any], indent: bool) -> str:
    if indent:
        return json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
    # ASCII only: no U+2028, U+0085 or form feed that a line splitter would break on.
    return json.dumps(bom, ensure_ascii=True, separators=(",", ":")) + "\n"


def document_bom(report: Report, document: DocumentResult) -> dict[str, Any]:
    """The BOM of one document, its serial number a uuid5 of everything else in it."""
    if document.errors or document.inventory is None:
        body = _error_bom(report, document)
    else:
        body = _job_bom(report, document)
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    serial = uuid.uuid5(_SERIALS, canonical)
    return {"bomFormat": "CycloneDX", "specVersion": SPEC_VERSION,
            "serialNumber": f"urn:uuid:{serial}", "version": 1, **body}


def _prop(name: str, value: Any) -> dict[str, str]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           sort_keys=True)
    return {"name": f"{NS}:{name}", "value": text}


def _props(**fields: Any) -> list[dict[str, str]]:
    return [_prop(k.replace("__", "."), v) for k, v in fields.items() if v is not None]


def _metadata(report: Report, document: DocumentResult, component: dict[str, Any]
              ) -> dict[str, Any]:
    info = report.info
    return {
        "timestamp": info.as_of,
        "tools": {"components": [{
            "type": "application", "bom-ref": "tool:ftcomply", "name": "ftcomply",
            "version": info.tool_version,
            "properties": _props(engine=info.engine)}]},
        "component": component,
        "properties": _props(
            verdict=verdict(report, document),
            stage=info.stage,
            fail_on=info.fail_on.value,
            as_of_source=info.as_of_source,
            descriptor__path=document.path,
            descriptor__index=str(document.index),
            descriptor__sha256=document.sha256 or None,
            risk_tier=document.risk_tier,
            catalog__version=info.catalog_version,
            catalog__digest=info.catalog_digest,
            schema__digest=info.schema_digest,
            parameters=info.parameter_values,
            baseline__digest=info.baseline_digest,
        ),
    }


def _error_bom(report: Report, document: DocumentResult) -> dict[str, Any]:
    subject: dict[str, Any] = {"type": "file", "bom-ref": JOB, "name": document.label}
    if document.sha256:
        subject["hashes"] = [{"alg": "SHA-256", "content": document.sha256}]
    metadata = _metadata(report, document, subject)
    metadata["properties"] += [_prop("error", str(e)) for e in document.errors]
    return {"metadata": metadata}


# --- components -----------------------------------------------------------------------

def _hashes(sha256: Any) -> list[dict[str, str]]:
    if isinstance(sha256, str) and _SHA256.match(sha256):
        return [{"alg": "SHA-256", "content": sha256.lower()}]
    return []


def _digest_props(declared: Any, evidence: ArtifactEvidence | None) -> list[dict[str, str]]:
    """`ftcomply:digest` verified or declared; with --verify, the status, its reason when
    declared, and the digest ftcomply computed when it differs from the declared one."""
    if evidence is None:
        return _props(digest=DECLARED, digest__reason="not checked (no --verify)"
                      if declared else "no sha256 declared")
    verified = evidence.status is DigestStatus.VERIFIED
    return _props(
        digest=VERIFIED if verified else DECLARED,
        digest__status=evidence.status.value,
        digest__reason=None if verified else REASONS[evidence.status],
        digest__actual_sha256=evidence.actual_sha256
        if evidence.actual_sha256 and evidence.actual_sha256 != declared else None,
    )


def _uri(uri: Any) -> str | None:
    """A declared location fit to print: no credentials, signed query or fragment."""
    return display_uri(uri) if isinstance(uri, str) else None


def _licenses(license: Any) -> list[dict[str, Any]]:
    return [{"license": {"name": license}}] if isinstance(license, str) and license else []


def _compact(component: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in component.items() if v not in (None, [], {}, "")}


def _base_model(base: dict[str, Any], evidence: ArtifactEvidence | None) -> dict[str, Any]:
    return _compact({
        "type": "machine-learning-model",
        "bom-ref": BASE_MODEL,
        "name": str(base.get("id") or "base model"),
        "version": base.get("revision") if isinstance(base.get("revision"), str) else None,
        "hashes": _hashes(base.get("sha256")),
        "licenses": _licenses(base.get("license")),
        "properties": _props(role="base-model", source=base.get("source"),
                             format=base.get("format"))
        + _digest_props(base.get("sha256"), evidence),
    })


def _adapter(index: int, adapter: dict[str, Any], base: dict[str, Any] | None,
             evidence: ArtifactEvidence | None) -> dict[str, Any]:
    pedigree = None
    if base is not None:
        revision = adapter.get("base_model_revision") or base.get("revision")
        pedigree = {"ancestors": [_compact({
            "type": "machine-learning-model",
            "name": str(base.get("id") or "base model"),
            "version": revision if isinstance(revision, str) else None})],
            "notes": f"tuned from the base model (bom-ref {BASE_MODEL})"}
    return _compact({
        "type": "machine-learning-model",
        "bom-ref": f"adapter:{index}",
        "name": str(adapter.get("name") or f"adapters/{index}"),
        "hashes": _hashes(adapter.get("sha256")),
        "pedigree": pedigree,
        "properties": _props(role="adapter", pointer=f"/adapters/{index}",
                             format=adapter.get("format"), source=adapter.get("source"),
                             rank=adapter.get("rank"),
                             target_modules=adapter.get("target_modules"))
        + _props(uri=_uri(adapter.get("uri")))
        + _digest_props(adapter.get("sha256"), evidence),
    })


def _dataset(index: int, dataset: dict[str, Any], evidence: ArtifactEvidence | None
             ) -> dict[str, Any]:
    name = str(dataset.get("name") or f"datasets/{index}")
    provenance = dataset.get("provenance") if isinstance(dataset.get("provenance"),
                                                         dict) else {}
    governance = {}
    if isinstance(provenance.get("curator"), str):
        governance["custodians"] = [{"organization": {"name": provenance["curator"]}}]
    if isinstance(provenance.get("approved_by"), str):
        governance["stewards"] = [{"organization": {"name": provenance["approved_by"]}}]
    data = _compact({"type": "dataset", "name": name,
                     "classification": dataset.get("classification")
                     if isinstance(dataset.get("classification"), str) else None,
                     "governance": governance})
    return _compact({
        "type": "data",
        "bom-ref": f"dataset:{index}",
        "name": name,
        "hashes": _hashes(dataset.get("sha256")),
        "licenses": _licenses(dataset.get("license")),
        "data": [data],
        "properties": _props(role=dataset.get("role"), pointer=f"/datasets/{index}",
                             records=dataset.get("records"),
                             languages=dataset.get("languages"),
                             classification=dataset.get("classification"),
                             **{f"provenance__{k}": _uri(v) if k == "source_url" else v
                                for k, v in sorted(provenance.items())})
        + _props(uri=_uri(dataset.get("uri")))
        + _digest_props(dataset.get("sha256"), evidence),
    })


def _job_bom(report: Report, document: DocumentResult) -> dict[str, Any]:
    inventory = document.inventory or {}
    evidence = {a.pointer: a for a in document.artifacts}
    base = inventory.get("base_model")
    datasets = [d for d in inventory.get("datasets", ()) if isinstance(d, dict)]
    adapters = [a for a in inventory.get("adapters", ()) if isinstance(a, dict)]
    components = []
    if isinstance(base, dict):
        components.append(_base_model(base, evidence.get("/base_model")))
    else:
        base = None
    components += [_adapter(i, a, base, evidence.get(f"/adapters/{i}"))
                   for i, a in enumerate(adapters)]
    components += [_dataset(i, d, evidence.get(f"/datasets/{i}"))
                   for i, d in enumerate(datasets)]
    refs = [c["bom-ref"] for c in components]
    dependencies = [{"ref": JOB, "dependsOn": refs}]
    dependencies += [{"ref": f"adapter:{i}", "dependsOn": [BASE_MODEL] if base else []}
                     for i in range(len(adapters))]
    dependencies += [{"ref": ref, "dependsOn": []} for ref in refs
                     if not ref.startswith("adapter:")]
    return {
        "metadata": _metadata(report, document, _subject(document, inventory, datasets)),
        "components": components,
        "dependencies": dependencies,
        "definitions": {"standards": [_standard(report, document)]},
        "declarations": _declarations(report, document),
    }


def _subject(document: DocumentResult, inventory: dict[str, Any],
             datasets: list[dict[str, Any]]) -> dict[str, Any]:
    """The evaluated artifact (evaluation.artifact_sha256, else the deployed one)."""
    evaluation = inventory.get("evaluation") or {}
    deployment = inventory.get("deployment") or {}
    evaluated = evaluation.get("artifact_sha256")
    deployed = deployment.get("artifact_sha256")
    sha256 = evaluated or deployed
    verified = {a.actual_sha256 for a in document.artifacts
                if a.status is DigestStatus.VERIFIED}
    return _compact({
        "type": "machine-learning-model",
        "bom-ref": JOB,
        "name": document.name or document.label,
        "hashes": _hashes(sha256),
        "modelCard": _model_card(document, inventory, datasets),
        "properties": _props(
            role="evaluated-artifact",
            evaluation__artifact_sha256=evaluated,
            deployment__artifact_sha256=deployed,
            digest=(VERIFIED if sha256 in verified else DECLARED) if sha256 else None,
            digest__reason=None if not sha256 or sha256 in verified else
            "no artifact of the job was hashed to it (--verify)"),
    })


# --- model card -----------------------------------------------------------------------

def _metric(kind: str, value: Any, slice: str) -> dict[str, str]:
    return {"type": kind, "value": str(value), "slice": slice}


def _model_card(document: DocumentResult, inventory: dict[str, Any],
                datasets: list[dict[str, Any]]) -> dict[str, Any]:
    metadata = inventory.get("metadata") or {}
    training = inventory.get("training") or {}
    evaluation = inventory.get("evaluation") or {}
    parameters = _compact({
        "task": metadata.get("task_type") if isinstance(metadata.get("task_type"), str)
        else None,
        "modelArchitecture": training.get("method")
        if isinstance(training.get("method"), str) else None,
        "datasets": [{"ref": f"dataset:{i}"} for i in range(len(datasets))],
    })
    metrics = []
    for index, run in enumerate(evaluation.get("safety") or ()):
        where = f"evaluation.safety[{index}] {run.get('benchmark')} judged by {run.get('judge')}"
        for key in ("harmful_score_base", "harmful_score_tuned"):
            if key in run:
                metrics.append(_metric(f"{key} (declared)", run[key], where))
    for index, run in enumerate(evaluation.get("utility") or ()):
        if "score" in run:
            metrics.append(_metric("utility score (declared)", run["score"],
                                   f"evaluation.utility[{index}] {run.get('benchmark')}"))
        if "baseline" in run:
            metrics.append(_metric("utility baseline (declared)", run["baseline"],
                                   f"evaluation.utility[{index}] {run.get('benchmark')}"))
    privacy = evaluation.get("privacy") or {}
    if "membership_inference_auc" in privacy:
        metrics.append(_metric("membership_inference_auc (declared)",
                               privacy["membership_inference_auc"], "evaluation.privacy"))
    red_team = evaluation.get("red_team") or {}
    if "open_findings" in red_team:
        metrics.append(_metric("red team open findings (declared)", red_team["open_findings"],
                               "evaluation.red_team"))
    metrics += _measured(document.tool_evidence or {})
    training_props = _props(training__framework=training.get("framework"),
                            training__method=training.get("method"))
    hyper = training.get("hyperparameters")
    if isinstance(hyper, dict):
        training_props += [_prop(f"training.hyperparameters.{k}", v)
                           for k, v in sorted(hyper.items())]
    card: dict[str, Any] = _compact({
        "bom-ref": "model-card",
        "modelParameters": parameters,
        "quantitativeAnalysis": {"performanceMetrics": metrics} if metrics else None,
        "considerations": {"useCases": [metadata["intended_use"]]}
        if isinstance(metadata.get("intended_use"), str) else None,
        "properties": training_props,
    })
    return card


def _measured(tool_evidence: dict[str, Any]) -> list[dict[str, str]]:
    """What --verify read in the evaluation and red-team reports (measured values only)."""
    metrics = []
    for binding in tool_evidence.get("safety", ()):
        for run in ("base", "tuned"):
            measured = binding.get(run) or {}
            if measured.get("status") != "measured":
                continue
            where = (f"evaluation.safety[{binding.get('index')}] {run} run: "
                     f"{measured.get('tool')} {measured.get('tool_version') or ''} "
                     f"task {measured.get('task')}, {measured.get('samples')} samples, "
                     f"report sha256:{measured.get('report_sha256')}")
            if "harmful" in measured:
                metrics.append(_metric(f"harmful_score_{run} (measured)",
                                       measured["harmful"], where))
            if "value" in measured:
                metrics.append(_metric(f"{measured.get('metric')} (measured)",
                                       measured["value"], where))
    red_team = tool_evidence.get("red_team") or {}
    if red_team.get("status") == "measured":
        metrics.append(_metric(
            "red team failed attempts (measured)",
            f"{red_team.get('failed')}/{red_team.get('attempts')}",
            f"evaluation.red_team: {red_team.get('tool')} {red_team.get('tool_version') or ''}"
            f" report sha256:{red_team.get('report_sha256')}"))
    return metrics


# --- CDXA -----------------------------------------------------------------------------

def _standard(report: Report, document: DocumentResult) -> dict[str, Any]:
    info = report.info
    return {
        "bom-ref": STANDARD,
        "name": "ftcomply control catalog",
        "version": info.catalog_version,
        "owner": "ftcomply",
        "requirements": [_compact({
            "bom-ref": f"requirement:{r.control.id}",
            "identifier": r.control.id,
            "title": r.control.title,
            "text": r.control.description,
            "properties": _props(phase=r.control.phase, severity=r.control.severity.value,
                                 frameworks={k: list(v) for k, v in
                                             sorted(r.control.frameworks.items())}),
        }) for r in document.results],
    }


_CONFORMANCE = {Status.PASS: 1, Status.FAIL: 0, Status.WAIVED: 0}


def _rationale(result: ControlResult) -> str:
    text = f"status {result.status.value}"
    if result.status is not result.raw_status:
        text += f" (the policy found {result.raw_status.value})"
    if result.waiver is not None:
        w = result.waiver
        text += (f"; waiver {w.id} approved by {w.approved_by}, ticket {w.ticket}, "
                 f"expires {w.expires}")
    if result.baselined:
        text += "; baselined: already failing in the baseline report, not gating"
    if result.reason:
        text += f"; {result.reason}"
    return text


def _declarations(report: Report, document: DocumentResult) -> dict[str, Any]:
    info = report.info
    claims, evidence, mapping = [], [], []
    for result in document.results:
        control = result.control
        ref = control.id
        findings = [{
            "name": f"finding {n} at {f.pointer or '/'} ({f.location})",
            "contents": {"attachment": {"contentType": "text/plain", "content": f.message}},
        } for n, f in enumerate(result.findings, 1)]
        evidence.append(_compact({
            "bom-ref": f"evidence:{ref}",
            "propertyName": f"{NS}:control:{ref}",
            "description": f"{control.id} {result.status.value}, evidence level "
                           f"{result.evidence_level.value}: {_rationale(result)}",
            "data": findings,
            "created": info.as_of,
        }))
        against = result.raw_status is Status.FAIL
        claims.append(_compact({
            "bom-ref": f"claim:{ref}",
            "target": JOB,
            "predicate": f"{control.id}: {control.title}",
            "reasoning": _rationale(result),
            "evidence": [] if against else [f"evidence:{ref}"],
            "counterEvidence": [f"evidence:{ref}"] if against else [],
        }))
        conformance: dict[str, Any] = {"rationale": _rationale(result)}
        if result.status in _CONFORMANCE:
            conformance = {"score": _CONFORMANCE[result.status], **conformance}
        mapping.append({
            "requirement": f"requirement:{ref}",
            "claims": [f"claim:{ref}"],
            "conformance": conformance,
            "confidence": {"rationale": f"evidence level {result.evidence_level.value}"},
        })
    outcome = verdict(report, document)
    return {
        "assessors": [{"bom-ref": ASSESSOR, "thirdParty": False,
                       "organization": {"name": f"ftcomply {info.tool_version}"}}],
        "attestations": [{
            "summary": f"ftcomply verdict {outcome} at stage {info.stage} "
                       f"(fail on {info.fail_on.value}), as of {info.as_of}",
            "assessor": ASSESSOR,
            "map": mapping,
        }],
        "claims": claims,
        "evidence": evidence,
    }
