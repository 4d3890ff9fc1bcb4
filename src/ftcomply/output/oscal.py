"""OSCAL Assessment Results (JSON): the run as evidence a GRC tool can import.

Shape: one `result` for the run; per document and control one observation
(the evidence: finding messages with file:line:column and JSON pointer) and
one finding whose objective status is `satisfied` or `not-satisfied`. Input
files, the policy set and the schema are back-matter resources carrying their
SHA-256, so an auditor can tell exactly what was checked against what.

The objective state follows the evidence (`raw_status`): a waived result is
`not-satisfied` with an approved-deviation risk beside it, a disabled one
states what the policy found. ftcomply's own status (waived, disabled, …) is
the `ftcomply-status` property (a baselined failure also carries `baselined`).
A control that does not apply has no finding (OSCAL's objective states are only
satisfied and not-satisfied): its observation says why (`not-applicable-reason`).
Documents that could not be evaluated are `not-satisfied` (reason `other`) for
every control: fail closed.

With `--verify`, each document's artifacts are one more observation: per
artifact, whether its digest was *verified* here or is only *declared* (a
remote artifact is not verifiable here), with both digests. The findings of
the controls that judge that evidence point to it, and each verified artifact
is a back-matter resource holding its SHA-256. Signatures, the evaluation and
red-team tools' measurements and Croissant cards bound by --verify are
relevant evidence of the same observation, with their source file's digest.

Every UUID is a uuid5 of content, so identical inputs give identical bytes;
resources (files, artifacts, policy set, schema, tool) keep their UUID across runs.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import quote

from ftcomply.evidence import ArtifactEvidence
from ftcomply.models import (
    Control,
    ControlResult,
    DocumentResult,
    InputError,
    Report,
    RunInfo,
    Status,
    WaiverState,
    printable,
)
from ftcomply.output import RenderOptions
from ftcomply.output.artifacts import (
    DECLARED,
    VERIFIED,
    digest,
    is_verified,
    label,
    local_path,
    summary,
    tally,
    tool_evidence_rows,
)

# The newest version compliance-trestle's models accept (trestle.oscal.OSCAL_VERSION).
OSCAL_VERSION = "1.2.1"
# Namespace of ftcomply's own property names (OSCAL requires one for non-OSCAL names).
NS = "urn:ftcomply:oscal"
_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NS)
# How the evidence was gathered: OSCAL's closed list has no "AUTOMATED"; a tool test is TEST.
METHOD = "TEST"

_MEDIA_TYPES = {".json": "application/json", ".yaml": "application/yaml",
                ".yml": "application/yaml"}


def render(report: Report, options: RenderOptions) -> str:
    document = {"assessment-results": assessment_results(report)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _uuid(*parts: object, base: uuid.UUID = _UUIDS) -> str:
    return str(uuid.uuid5(base, "\n".join(str(p) for p in parts)))


def _line(text: str) -> str:
    """OSCAL titles and property values are one line without outer whitespace."""
    return " ".join(text.split())


# OSCAL titles and descriptions are Markdown (markup-line, markup-multiline): descriptor
# text in them must stay text, never a link (`[x](javascript:…)`) or HTML.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~&])")


def _text(text: str) -> str:
    """Descriptor text for a Markdown field: one line, printable, syntax escaped."""
    return _MARKDOWN.sub(r"\\\1", printable(_line(text)))


def _href(path: str) -> str:
    """A relative URI reference for a file path: percent-encoded, the colon too, so that
    a first segment such as `c:olon.yaml` never reads as a URI scheme."""
    return quote(path, safe="/")


def _prop(name: str, value: object) -> dict[str, str]:
    """An ftcomply property; values must be one line without outer whitespace."""
    text = str(value).replace("\r", " ").replace("\n", " ").strip()
    return {"name": name, "ns": NS, "value": text or "-"}


def _compact(**fields: Any) -> dict[str, Any]:
    """Drop absent and empty fields: OSCAL arrays must not be empty."""
    return {k.replace("_", "-"): v for k, v in fields.items() if v not in (None, [], {})}


def _hex(digest: str) -> str:
    """`sha256:abc…` → `abc…`."""
    return digest.rpartition(":")[2]


class _Ids:
    """UUIDs of one report: resources from their content, run objects from the run."""

    def __init__(self, report: Report) -> None:
        info = report.info
        self.catalog = _uuid("policy-set", info.catalog_digest)
        self.schema = _uuid("schema", info.schema_digest)
        self.tool = _uuid("tool", info.tool_version, info.engine)
        key = json.dumps({
            "tool": [info.tool_version, info.engine],
            "catalog": info.catalog_digest,
            "schema": info.schema_digest,
            "as_of": info.as_of,
            "fail_on": info.fail_on.value,
            "params": info.parameter_values,
            "documents": [[d.path, d.index, d.sha256] for d in report.documents],
            "errors": [str(e) for e in report.errors],
            **_artifacts_key(report),
        }, sort_keys=True, ensure_ascii=False)
        self.run = uuid.UUID(_uuid("run", key))

    def file(self, document: DocumentResult) -> str:
        return _uuid("file", document.path, document.sha256)

    def artifact(self, document: DocumentResult, artifact: ArtifactEvidence) -> str:
        """A verified artifact's resource: its location and digest, the same in every run."""
        return _uuid("artifact", local_path(document, artifact), artifact.actual_sha256)

    def of_run(self, *parts: object) -> str:
        return _uuid(*parts, base=self.run)

    def of_document(self, kind: str, slot: int, document: DocumentResult, control: str = "") -> str:
        """A run object about one document; `slot` (its position) tells apart repeated inputs."""
        return self.of_run(kind, slot, document.path, document.index, control)


# Who answers for the jobs, as OSCAL roles and parties of the results' metadata.
_ROLES = (("job-owner", "Owner of a fine-tuning job"),
          ("job-submitter", "Submitter of a fine-tuning run"),
          ("job-approver", "Approver of a fine-tuning job"))


def _parties(report: Report) -> dict[str, Any]:
    """`roles`, `parties` and `responsible-parties`: one party per distinct name, with
    what it did for which job as properties (role and date of each approval)."""
    acts: dict[str, list[tuple[str, str]]] = {}
    for document in report.documents:
        parties = document.parties
        if parties is None:
            continue
        job = document.name or document.path
        if parties.owner:
            acts.setdefault(parties.owner, []).append(("job-owner", f"owner of {job}"))
        if parties.submitter:
            acts.setdefault(parties.submitter, []).append(
                ("job-submitter", f"submitter of {job}"))
        for approval in parties.approvals:
            if approval.name:
                acts.setdefault(approval.name, []).append((
                    "job-approver", f"{approval.role or '(no role)'} approval of {job} at "
                                    f"{approval.approved_at or '(undated)'}"))
    if not acts:
        return {}
    uuids = {name: _uuid("party", name) for name in acts}
    return {
        "roles": [{"id": role, "title": title} for role, title in _ROLES],
        "parties": [{"uuid": uuids[name], "type": "person", "name": _line(name) or "-",
                     "props": [_prop("acted-as", what) for _, what in acts[name]]}
                    for name in sorted(acts)],
        "responsible-parties": [
            {"role-id": role, "party-uuids": sorted(
                {uuids[n] for n, done in acts.items() if any(r == role for r, _ in done)})}
            for role, _ in _ROLES if any(r == role for done in acts.values() for r, _ in done)],
    }


def _artifacts_key(report: Report) -> dict[str, Any]:
    """What --verify found, part of the run's identity (nothing without --verify)."""
    if not any(d.artifacts for d in report.documents):
        return {}
    return {"artifacts": [[[a.pointer, a.status.value, a.actual_sha256] for a in d.artifacts]
                          for d in report.documents]}


def assessment_results(report: Report) -> dict[str, Any]:
    ids = _Ids(report)
    info = report.info
    return {
        "uuid": str(ids.run),
        "metadata": {
            "title": f"ftcomply assessment results as of {info.as_of}",
            "last-modified": info.as_of,
            "version": info.tool_version,
            "oscal-version": OSCAL_VERSION,
            "props": [
                _prop("tool", "ftcomply"),
                _prop("tool-version", info.tool_version),
                _prop("engine", info.engine),
                _prop("catalog-version", info.catalog_version),
                _prop("catalog-digest", info.catalog_digest),
                _prop("schema-digest", info.schema_digest),
                _prop("stage", info.stage),
                _prop("as-of-source", info.as_of_source),
            ],
            **_parties(report),
        },
        "import-ap": {
            "href": f"#{ids.catalog}",
            "remarks": "ftcomply has no separate assessment plan: the policy set in "
                       "back-matter defines the controls and how each is tested.",
        },
        "results": [_result(report, ids)],
        "back-matter": {"resources": _resources(report, ids)},
    }


def _result(report: Report, ids: _Ids) -> dict[str, Any]:
    info = report.info
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    risks: list[dict[str, Any]] = []
    states = {state.waiver.id: state for state in report.waivers}
    if report.errors:
        observations.append(_errors_observation(
            report.errors, ids.of_run("run-errors"), "Inputs that could not be read", info, ids))
    if report.unmatched_findings:
        observations.append(_compact(
            uuid=ids.of_run("unmatched-scanner-findings"),
            title="Scanner findings that match no checked artifact",
            description="Findings of --evidence scanner reports about files no artifact of "
                        "the checked jobs holds; high and critical ones fail the run.",
            methods=["EXAMINE"],
            origins=_origins(ids),
            relevant_evidence=[{
                "description": _text(f"{f.severity} ({f.tool}) {f.file or '(no file)'}: "
                                     f"{f.description}"),
                "props": [_prop("severity", f.severity), _prop("tool", f.tool)],
            } for f in report.unmatched_findings],
            collected=info.as_of,
        ))
    for slot, document in enumerate(report.documents):
        if document.errors:
            observation = ids.of_document("errors", slot, document)
            observations.append(_errors_observation(
                document.errors, observation, f"{_label(document)} could not be evaluated",
                info, ids, document))
            findings += [_error_finding(slot, document, c, observation, ids)
                         for c in report.controls]
            continue
        evidence = (_artifacts_observation(slot, document, info, ids)
                    if document.artifacts else None)
        for result in document.results:
            observation = _observation(slot, document, result, info, ids)
            if result.raw_status is Status.NOT_APPLICABLE:
                # OSCAL's objective states are satisfied or not-satisfied: a control that
                # does not apply has no finding, only the observation saying why.
                observations.append(observation)
                continue
            risk = _risk(slot, document, result, observation["uuid"], ids, states)
            observations.append(observation)
            risks += [risk] if risk else []
            related = [observation["uuid"]]
            if evidence and result.control.reads_evidence:  # its finding cites them too
                related.append(evidence["uuid"])
            findings.append(_finding(slot, document, result, related, risk, ids))
        observations += [evidence] if evidence else []
    counts = {s: sum(d.status(info.fail_on) is s for d in report.documents)
              for s in (Status.PASS, Status.FAIL, Status.ERROR)}
    return _compact(
        uuid=ids.of_run("result"),
        title=f"ftcomply check as of {info.as_of}",
        description=(
            f"Evaluation of {len(report.documents)} fine-tuning job descriptor document(s) "
            f"against the ftcomply policy set {info.catalog_version} "
            f"({len(report.controls)} controls): {counts[Status.PASS]} passed, "
            f"{counts[Status.FAIL]} failed, {counts[Status.ERROR]} not evaluated. "
            f"Verdict {report.status.value} (exit code {report.exit_code}), "
            f"failing at {info.fail_on.value} severity and above."
        ),
        start=info.as_of,
        end=info.as_of,
        props=[
            _prop("verdict", report.status.value),
            _prop("exit-code", report.exit_code),
            _prop("fail-on", info.fail_on.value),
            *(_prop("parameter", f"{name}={json.dumps(value, sort_keys=True, ensure_ascii=False)}")
              for name, value in sorted(info.parameter_values.items())),
        ],
        local_definitions={"components": [{
            "uuid": ids.tool,
            "type": "software",
            "title": f"ftcomply {info.tool_version}",
            "description": f"Policy-as-code compliance checker ({info.engine}).",
            "status": {"state": "operational"},
        }]},
        reviewed_controls={
            "description": f"Every control of the ftcomply policy set {info.catalog_version} "
                           f"({info.catalog_digest}).",
            "control-selections": [{
                "include-controls": [{"control-id": c.id} for c in report.controls],
            }],
        },
        observations=observations,
        risks=risks,
        findings=findings,
    )


def _label(document: DocumentResult) -> str:
    index = document.label[len(document.path):]
    name = f" ({document.name})" if document.name else ""
    return _text(f"{document.path}{index}{name}")


def _subject(document: DocumentResult, ids: _Ids) -> dict[str, Any]:
    return {
        "subject-uuid": ids.file(document),
        "type": "resource",
        "title": _label(document),
        "props": [_prop("document-index", document.index),
                  *([_prop("job-name", document.name)] if document.name else []),
                  *([_prop("risk-tier", document.risk_tier)] if document.risk_tier else [])],
    }


def _evidence(message: str, location: str, pointer: str | None, href: str) -> dict[str, Any]:
    at = f" (at {pointer})" if pointer else ""
    return _compact(
        href=href,
        description=_text(f"{location}: {message}{at}"),
        props=[_prop("location", location), *([_prop("json-pointer", pointer)] if pointer else [])],
    )


def _origins(ids: _Ids) -> list[dict[str, Any]]:
    return [{"actors": [{"type": "tool", "actor-uuid": ids.tool}]}]


def _observation(
    slot: int, document: DocumentResult, result: ControlResult, info: RunInfo, ids: _Ids
) -> dict[str, Any]:
    control = result.control
    href = f"#{ids.file(document)}"
    evidence = [_evidence(f.message, str(f.location), f.pointer, href) for f in result.findings]
    summary = (f"{len(result.findings)} finding(s)" if result.findings
               else "no finding" if result.raw_status is Status.PASS
               else f"not applicable to this document: {_line(result.reason or '')}")
    return _compact(
        uuid=ids.of_document("observation", slot, document, control.id),
        title=f"{control.id} on {_label(document)}",
        description=f"{control.id} ({_line(control.title)}) evaluated on {_label(document)}: "
                    f"{result.raw_status.value}, {summary}.",
        props=[_prop("ftcomply-status", result.status.value),
               _prop("raw-status", result.raw_status.value),
               _prop("evidence-level", result.evidence_level.value),
               *([_prop("not-applicable-reason", _line(result.reason))]
                 if result.reason else [])],
        methods=[METHOD],
        types=["control-objective"],
        origins=_origins(ids),
        subjects=[_subject(document, ids)],
        relevant_evidence=evidence or [{"href": href, "description": f"{_label(document)}: "
                                        f"{summary} for {control.id}."}],
        collected=info.as_of,
    )


def _artifacts_observation(
    slot: int, document: DocumentResult, info: RunInfo, ids: _Ids
) -> dict[str, Any]:
    """The --verify evidence of one document: one relevant-evidence entry per artifact."""
    counts = tally([document])
    # A verified file is one subject, however many entries of the descriptor name it.
    verified: dict[str, str] = {}
    for artifact in document.artifacts:
        if is_verified(artifact):
            verified.setdefault(ids.artifact(document, artifact),
                                _line(f"{artifact.kind.value} {artifact.uri}"))
    return _compact(
        uuid=ids.of_document("artifacts", slot, document),
        title=f"Artifacts of {_label(document)}",
        description=f"The base model, datasets and adapters of {_label(document)}, hashed and "
                    f"inspected with --verify: {summary(document.artifacts)}. A digest is "
                    "verified when recomputed in this run and equal to the declared SHA-256; "
                    "any other status leaves the declared digest unconfirmed (declared only).",
        props=[_prop("artifacts-verified", counts[VERIFIED]),
               _prop("artifacts-declared-only", counts[DECLARED])],
        methods=[METHOD],
        types=["control-objective"],
        origins=_origins(ids),
        subjects=[_subject(document, ids),
                  *({"subject-uuid": uuid, "type": "resource", "title": title}
                    for uuid, title in verified.items())],
        relevant_evidence=[*(_artifact_evidence(document, a, ids) for a in document.artifacts),
                           *(_tool_evidence(document, row, ids)
                             for row in tool_evidence_rows(document))],
        collected=info.as_of,
    )


def _artifact_evidence(
    document: DocumentResult, artifact: ArtifactEvidence, ids: _Ids
) -> dict[str, Any]:
    """One artifact: its digest state and both digests, what its files are, what scanners said.

    A verified artifact links its back-matter resource; any other, the descriptor.
    """
    files = artifact.serialization
    resource = ids.artifact(document, artifact) if is_verified(artifact) else ids.file(document)
    return {
        "href": f"#{resource}",
        "description": _line(f"{artifact.kind.value} {artifact.pointer} ({artifact.uri}): "
                             f"{label(artifact)}; {artifact.detail}"),
        "props": [
            _prop("json-pointer", artifact.pointer),
            _prop("artifact-kind", artifact.kind.value),
            _prop("artifact-uri", artifact.uri),
            _prop("digest", digest(artifact)),
            _prop("digest-status", artifact.status.value),
            *([_prop("declared-sha256", artifact.declared_sha256)]
              if artifact.declared_sha256 else []),
            *([_prop("actual-sha256", artifact.actual_sha256)] if artifact.actual_sha256 else []),
            *(_prop("serialization", f"{f.path}: {f.detected_format.value}") for f in files),
            *(_prop("dangerous-import", f"{f.path}: {name}")
              for f in files for name in f.dangerous_imports),
            *(_prop("serialization-error", f"{f.path}: {f.error}") for f in files if f.error),
            *(_prop("scanner-finding", f"{s.tool} {s.severity}: {s.description}")
              for s in artifact.scanner_findings),
        ],
    }


def _tool_evidence(document: DocumentResult, row: dict[str, str], ids: _Ids
                   ) -> dict[str, Any]:
    """A signature, measurement or dataset card --verify bound to the document, with the
    digest of the file it came from."""
    return {
        "href": f"#{ids.file(document)}",
        "description": _line(f"{row['what']}: {row['status']}; {row['detail']}"),
        "props": [_prop("tool-evidence", row["what"]), _prop("tool-evidence-status", row["status"]),
                  _prop("tool-evidence-source", row["source"]),
                  _prop("tool-evidence-digest", row["digest"])],
    }


def _errors_observation(
    errors: tuple[InputError, ...], observation: str, title: str, info: RunInfo, ids: _Ids,
    document: DocumentResult | None = None,
) -> dict[str, Any]:
    href = f"#{ids.file(document)}" if document else None
    return _compact(
        uuid=observation,
        title=title,
        description=f"{title}: " + "; ".join(str(e) for e in errors),
        props=[_prop("ftcomply-status", Status.ERROR.value)],
        methods=[METHOD],
        types=["finding"],
        origins=_origins(ids),
        subjects=[_subject(document, ids)] if document else None,
        relevant_evidence=[_evidence(e.message, str(e.location), e.pointer, href)
                           for e in errors],
        collected=info.as_of,
    )


def _risk(
    slot: int, document: DocumentResult, result: ControlResult, observation: str, ids: _Ids,
    states: dict[str, WaiverState],
) -> dict[str, Any] | None:
    """A waived failure is an approved deviation: the waiver's who, why and until when."""
    waiver = result.waiver
    if not waiver:
        return None
    control = result.control
    return {
        "uuid": ids.of_document("risk", slot, document, control.id),
        "title": _line(f"Waiver {waiver.id}: {control.id} on {_label(document)}"),
        "description": waiver.justification,
        "statement": f"{control.id} ({_line(control.title)}) fails on {_label(document)}; "
                     f"accepted under waiver {waiver.id} until {waiver.expires}.",
        "props": [_prop("waiver-id", waiver.id), _prop("approved-by", waiver.approved_by),
                  _prop("ticket", waiver.ticket), _prop("expires", waiver.expires),
                  _prop("declared-at", waiver.location),
                  *([_prop("days-left", state.days_left),
                     _prop("expiring", str(state.expiring).lower())]
                    if (state := states.get(waiver.id)) else [])],
        "status": "deviation-approved",
        "related-observations": [{"observation-uuid": observation}],
    }


def _target(control: Control, state: str, reason: str, remarks: str | None = None
            ) -> dict[str, Any]:
    return _compact(
        type="objective-id",
        target_id=control.id,
        title=_line(control.title),
        status=_compact(state=state, reason=reason, remarks=remarks),
    )


def _finding(
    slot: int, document: DocumentResult, result: ControlResult, observations: list[str],
    risk: dict[str, Any] | None, ids: _Ids,
) -> dict[str, Any]:
    control = result.control
    raw = result.raw_status
    if raw is Status.FAIL:
        target = _target(control, "not-satisfied", "fail")
    else:
        target = _target(control, "satisfied", "pass")
    if result.status is Status.DISABLED:
        target["status"]["remarks"] = "disabled by configuration: the verdict ignores it"
    return _compact(
        uuid=ids.of_document("finding", slot, document, control.id),
        title=f"{control.id} on {_label(document)}: {result.status.value}",
        description=_line(control.description) or control.id,
        props=[*_control_props(control, result.status),
               *([_prop("baselined", "true")] if result.baselined else [])],
        target=target,
        related_observations=[{"observation-uuid": o} for o in observations],
        related_risks=[{"risk-uuid": risk["uuid"]}] if risk else None,
    )


def _error_finding(
    slot: int, document: DocumentResult, control: Control, observation: str, ids: _Ids
) -> dict[str, Any]:
    return {
        "uuid": ids.of_document("finding", slot, document, control.id),
        "title": f"{control.id} on {_label(document)}: {Status.ERROR.value}",
        "description": "The document could not be evaluated, so the control is not met.",
        "props": _control_props(control, Status.ERROR),
        "target": _target(control, "not-satisfied", "other", "document not evaluated"),
        "related-observations": [{"observation-uuid": observation}],
    }


def _control_props(control: Control, status: Status) -> list[dict[str, str]]:
    return [
        _prop("ftcomply-status", status.value),
        _prop("severity", control.severity.value),
        _prop("phase", control.phase),
        *(_prop("framework", f"{name}: {ref}")
          for name, refs in sorted(control.frameworks.items()) for ref in refs),
    ]


def _resources(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    info = report.info
    files: dict[str, dict[str, Any]] = {}
    for document in report.documents:
        suffix = document.path[document.path.rfind("."):].lower() if "." in document.path else ""
        files.setdefault(ids.file(document), _compact(
            uuid=ids.file(document),
            title=_line(f"Input {document.path}"),
            description="A fine-tuning job descriptor file checked in this run.",
            props=[_prop("resource-type", "input-document")],
            rlinks=[_compact(
                href=_href(document.path),
                media_type=_MEDIA_TYPES.get(suffix),
                hashes=[{"algorithm": "SHA-256", "value": document.sha256}]
                if document.sha256 else None,
            )],
        ))
    return [
        *files.values(),
        *_artifact_resources(report, ids),
        {
            "uuid": ids.catalog,
            "title": f"ftcomply policy set {info.catalog_version}",
            "description": f"The {len(report.controls)} controls (Rego policies and their "
                           "metadata) this run evaluated.",
            "props": [_prop("resource-type", "policy-set"),
                      _prop("catalog-version", info.catalog_version)],
            "rlinks": [{"href": f"urn:ftcomply:policy-set:{info.catalog_version}",
                        "hashes": [{"algorithm": "SHA-256", "value": _hex(info.catalog_digest)}]}],
        },
        {
            "uuid": ids.schema,
            "title": "ftcomply descriptor JSON Schema",
            "description": "The JSON Schema every descriptor was validated against.",
            "props": [_prop("resource-type", "schema")],
            "rlinks": [{"href": "urn:ftcomply:descriptor-schema",
                        "media-type": "application/schema+json",
                        "hashes": [{"algorithm": "SHA-256", "value": _hex(info.schema_digest)}]}],
        },
    ]


def _artifact_resources(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    """Each artifact whose digest was verified in this run, once, with that SHA-256."""
    resources: dict[str, dict[str, Any]] = {}
    for document in report.documents:
        for artifact in document.artifacts:
            if not is_verified(artifact):
                continue
            path = local_path(document, artifact) or artifact.uri
            kind = artifact.kind.value
            resources.setdefault(ids.artifact(document, artifact), {
                "uuid": ids.artifact(document, artifact),
                "title": _line(f"Artifact {path}"),
                "description": f"Verified {kind.replace('_', ' ')}: its SHA-256 was recomputed "
                               "in this run and matches the declared digest (a directory's is "
                               "the manifest digest of ftcomply's docs/evidence.md).",
                "props": [_prop("resource-type", "artifact"), _prop("artifact-kind", kind),
                          _prop("digest", VERIFIED)],
                "rlinks": [{"href": _href(path),
                            "hashes": [{"algorithm": "SHA-256",
                                        "value": artifact.actual_sha256}]}],
            })
    return list(resources.values())
