"""Bind what the tools measured to the descriptor entries that claim it.

`--verify` gathers, for one descriptor, every piece of evidence ftcomply checks
itself (`collect_evidence`):

- the artifacts' digests and serialization (`digests.verify_artifacts`), with
  scanner reports merged onto them;
- the OpenSSF Model Signing bundle of the base model and each adapter whose
  `signature.bundle` is set, verified against the artifact's files
  (`signatures.verify_signature`);
- for each `evaluation.safety[]` entry, the tuned and the base run as the
  evaluation tool recorded them (`Measurement`), read from the reports the
  entry names (`report.tuned`, `report.base`) or, when it names none, matched
  by benchmark among the `--evidence` reports;
- for `evaluation.red_team`, the failed attempts its garak or promptfoo report
  records (`RedTeamMeasurement`);
- for each dataset, the Croissant card given to `--evidence` that describes it.

Every referenced file (bundle, key, certificate, trust root, report) is
resolved and confined exactly as artifacts are. What cannot be read, fits
nothing or fits several things is a status with a reason, never a silent
pass: the controls turn it into findings. This module decides nothing; it
only says what was measured and where it came from.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.evidence import ArtifactEvidence, ScannerReport, croissant
from ftcomply.evidence.croissant import DatasetCard, bind_dataset_cards
from ftcomply.evidence.digests import ReferenceRefused, resolve_reference, verify_artifacts
from ftcomply.evidence.evaluations import (
    EvaluationEvidence,
    EvaluationReport,
    EvaluationTool,
    load_evaluation_report,
    sniff_evaluation_report,
)
from ftcomply.evidence.scanners import load_scanner_report, merge_scanner_reports
from ftcomply.evidence.signatures import SignatureEvidence, SignatureStatus, verify_signature
from ftcomply.loader import MAX_INPUT_BYTES, read_bounded

RED_TEAM_TOOLS = frozenset({EvaluationTool.GARAK.value, EvaluationTool.PROMPTFOO.value})


class MeasurementStatus(StrEnum):
    MEASURED = "measured"  # exactly one report entry fits: the value is the tool's
    NOT_GIVEN = "not-given"  # no report named and none matched: the number is declared
    UNDESCRIBED = "undescribed"  # a report matches the benchmark, but how to read it is unsaid
    MISSING = "missing"  # the named report does not exist, or leaves the allowed roots
    UNREADABLE = "unreadable"  # it exists but is not a readable report of a known tool
    NO_MATCH = "no-match"  # the report holds no entry with the metric (and task)
    AMBIGUOUS = "ambiguous"  # several entries or reports fit


@dataclass(frozen=True)
class Measurement:
    """One evaluation run of a safety benchmark, as its tool recorded it.

    `status` says whether the numbers are the tool's (`measured`) or why not;
    `detail` why, in words ("" when measured). `report` is the path as the
    descriptor (or `--evidence`) gives it and `report_sha256` its bytes' digest.
    `value` is the tool's raw metric value and `harmful` the harmful score it
    means (`value`, or `1 - value` when `score_is: safe`). `model` is the model
    the tool recorded and `declared_model` the one the descriptor says was
    evaluated; `run_at` is when the tool says the run started.
    """

    status: MeasurementStatus
    detail: str = ""
    report: str | None = None
    report_sha256: str | None = None
    tool: str | None = None
    tool_version: str | None = None
    task: str | None = None
    metric: str | None = None
    value: float | None = None
    harmful: float | None = None
    samples: int | None = None
    model: str | None = None
    declared_model: str | None = None
    run_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"status": self.status.value}


@dataclass(frozen=True)
class SafetyBinding:
    """The measured tuned and base runs of `evaluation.safety[index]`."""

    index: int
    tuned: Measurement
    base: Measurement

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "tuned": self.tuned.as_dict(), "base": self.base.as_dict()}


@dataclass(frozen=True)
class RedTeamMeasurement:
    """What the red team's tool recorded: `failed` attempts (garak detector hits,
    promptfoo failed and errored tests) summed over the report, `attempts` evaluated (None when
    not every entry counts them), `errors` (promptfoo tests that errored), the
    `model` it targeted (None when it names none or several, then `detail` says so)
    and its earliest `run_at`. Fields as in `Measurement`."""

    status: MeasurementStatus
    detail: str = ""
    report: str | None = None
    report_sha256: str | None = None
    tool: str | None = None
    tool_version: str | None = None
    failed: int = 0
    attempts: int | None = None
    errors: int = 0
    model: str | None = None
    declared_model: str | None = None
    run_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"status": self.status.value}


@dataclass(frozen=True)
class BoundSignature:
    """A signature verified for the artifact at `pointer`; `artifact_sha256` is
    ftcomply's own digest of it (a different hash from the signature's
    `manifest_digest`: both are reported, never compared)."""

    pointer: str
    signature: SignatureEvidence
    artifact_sha256: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"pointer": self.pointer, **self.signature.as_dict(),
                "artifact_sha256": self.artifact_sha256}


@dataclass(frozen=True)
class DocumentEvidence:
    """Everything `--verify` checked for one descriptor, as `input.evidence` holds it.

    `evaluations` lists every entry of every evaluation report read for it (the
    ones it names and the `--evidence` ones); `datasets` one Croissant binding
    per dataset (see `croissant.bind_dataset_cards`).
    """

    artifacts: tuple[ArtifactEvidence, ...]
    signatures: tuple[BoundSignature, ...] = ()
    evaluations: tuple[EvaluationEvidence, ...] = ()
    safety: tuple[SafetyBinding, ...] = ()
    red_team: RedTeamMeasurement | None = None
    datasets: tuple[dict[str, Any], ...] = ()

    def policy_input(self) -> dict[str, Any]:
        return {
            "artifacts": [a.as_dict() for a in self.artifacts],
            "signatures": [s.as_dict() for s in self.signatures],
            "evaluations": [e.as_dict() for e in self.evaluations],
            "safety": [s.as_dict() for s in self.safety],
            "red_team": self.red_team.as_dict() if self.red_team else None,
            "datasets": list(self.datasets),
        }

    def report_dict(self) -> dict[str, Any]:
        """What reports show besides the artifacts (empty parts left out)."""
        data = self.policy_input()
        del data["artifacts"]
        return {key: value for key, value in data.items() if value}


@dataclass(frozen=True)
class EvidenceFiles:
    """The files given to `--evidence`, sorted by what their content is."""

    scanner_reports: tuple[ScannerReport, ...] = ()
    evaluation_reports: tuple[EvaluationReport, ...] = ()
    dataset_cards: tuple[DatasetCard, ...] = ()



def load_evidence_files(paths: Iterable[Path]) -> EvidenceFiles:
    """Read each `--evidence` file as what its content is, never what its name says: an
    evaluation report (inspect_ai, lm-evaluation-harness, garak, promptfoo), a Croissant
    dataset card, else a scanner report (modelscan, picklescan). Raises FtcomplyError
    naming the file when it is none of them or cannot be read."""
    scanners, evaluations, cards = [], [], []
    for path in paths:
        raw = read_bounded(str(path), MAX_INPUT_BYTES)
        if sniff_evaluation_report(raw) is not None:
            evaluations.append(load_evaluation_report(path))
        elif croissant.sniff_croissant(raw):
            cards.append(croissant.load_dataset_card(path))
        else:
            scanners.append(load_scanner_report(path))
    return EvidenceFiles(tuple(scanners), tuple(evaluations), tuple(cards))


def collect_evidence(descriptor: Mapping[str, Any], descriptor_path: Path | None,
                     allow_roots: tuple[Path, ...], files: EvidenceFiles) -> DocumentEvidence:
    """Check and bind every piece of evidence of one schema-valid descriptor."""
    artifacts = verify_artifacts(descriptor, descriptor_path, allow_roots)
    if files.scanner_reports:
        artifacts, _ = merge_scanner_reports(artifacts, files.scanner_reports)
    references = _References(descriptor_path, allow_roots)
    given = tuple(e for r in files.evaluation_reports for e in r.entries)
    signatures = tuple(_signatures(descriptor, artifacts, references))
    evaluation = _section(descriptor, "evaluation")
    safety_entries = evaluation.get("safety")
    safety = tuple(
        _safety(index, entry, descriptor, references, given)
        for index, entry in enumerate(safety_entries if isinstance(safety_entries, list) else ())
        if isinstance(entry, dict))
    red_team = evaluation.get("red_team")
    return DocumentEvidence(
        artifacts=artifacts,
        signatures=signatures,
        safety=safety,
        red_team=(_red_team(red_team, references, files.evaluation_reports)
                  if isinstance(red_team, dict) else None),
        evaluations=(*references.entries(), *given),
        datasets=tuple(bind_dataset_cards(descriptor, files.dataset_cards)),
    )


class _References:
    """Files the descriptor names, resolved and confined as artifacts are; each
    evaluation report read once per descriptor."""

    def __init__(self, descriptor_path: Path | None, allow_roots: tuple[Path, ...]) -> None:
        self.descriptor_path = descriptor_path
        self.allow_roots = allow_roots
        self.reports: dict[str, EvaluationReport | Measurement] = {}

    def path(self, reference: str) -> str:
        """The confined real path; raises ReferenceRefused."""
        return resolve_reference(reference, self.descriptor_path, self.allow_roots)

    def report(self, reference: str) -> EvaluationReport | Measurement:
        """The report, its entries naming it as the descriptor does; or why it is unusable."""
        if reference not in self.reports:
            self.reports[reference] = self._load(reference)
        return self.reports[reference]

    def _load(self, reference: str) -> EvaluationReport | Measurement:
        try:
            report = load_evaluation_report(self.path(reference))
        except ReferenceRefused as refused:
            status = (MeasurementStatus.MISSING if refused.status.value in
                      ("missing", "outside-root") else MeasurementStatus.UNREADABLE)
            return Measurement(status, f"report {reference}: {refused.detail}", reference)
        except FtcomplyError as exc:
            why = "; ".join(error.message for error in exc.errors)
            return Measurement(MeasurementStatus.UNREADABLE,
                               f"report {reference} is not a readable evaluation report: {why}",
                               reference)
        entries = tuple(dataclasses.replace(e, report=reference) for e in report.entries)
        return dataclasses.replace(report, path=reference, entries=entries)

    def entries(self) -> tuple[EvaluationEvidence, ...]:
        return tuple(e for r in self.reports.values() if isinstance(r, EvaluationReport)
                     for e in r.entries)


def _section(descriptor: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = descriptor.get(key)
    return value if isinstance(value, dict) else {}


# --- signatures ---------------------------------------------------------------------------

def _signatures(descriptor: Mapping[str, Any], artifacts: Sequence[ArtifactEvidence],
                references: _References) -> Iterable[BoundSignature]:
    adapters = descriptor.get("adapters")
    signed = [("/base_model", descriptor.get("base_model"))] + [
        (f"/adapters/{i}", a) for i, a in enumerate(adapters if isinstance(adapters, list) else ())]
    by_pointer = {a.pointer: a for a in artifacts}
    for pointer, entry in signed:
        signature = entry.get("signature") if isinstance(entry, dict) else None
        if not isinstance(signature, dict) or not isinstance(signature.get("bundle"), str):
            continue
        artifact = by_pointer.get(pointer)
        evidence = _verify(signature, artifact, references)
        yield BoundSignature(pointer, evidence, artifact.actual_sha256 if artifact else None)


def _verify(signature: Mapping[str, Any], artifact: ArtifactEvidence | None,
            references: _References) -> SignatureEvidence:
    bundle = signature["bundle"]
    model = artifact.uri if artifact else "(no local artifact)"

    def unverifiable(reason: str) -> SignatureEvidence:
        return SignatureEvidence(SignatureStatus.UNVERIFIABLE, reason, None, model, bundle)

    if signature.get("method") != "model-signing":
        return unverifiable(f"a bundle is verified with method model-signing, not "
                            f"{signature.get('method')!r}")
    if artifact is None or artifact.path is None:
        why = f"{artifact.status.value}: {artifact.detail}" if artifact else "no uri or id"
        return unverifiable(f"the signed model is not a readable local path ({why})")
    try:
        paths: dict[str, Any] = {"bundle": references.path(bundle)}
        for key in ("public_key", "trust_root"):
            if isinstance(signature.get(key), str):
                paths[key] = references.path(signature[key])
        chain = signature.get("certificate_chain")
        paths["certificate_chain"] = [references.path(c) for c in chain
                                      ] if isinstance(chain, list) else []
    except ReferenceRefused as refused:
        return unverifiable(f"a signature file cannot be read: {refused.detail}")
    evidence = verify_signature(
        artifact.path, paths.pop("bundle"), identity=signature.get("identity"),
        oidc_issuer=signature.get("oidc_issuer"), **paths)
    # Reports name the files as the descriptor does, not by this machine's paths.
    return dataclasses.replace(evidence, model=model, bundle=bundle)


# --- safety evaluations -------------------------------------------------------------------

def _safety(index: int, entry: Mapping[str, Any], descriptor: Mapping[str, Any],
            references: _References, given: tuple[EvaluationEvidence, ...]) -> SafetyBinding:
    benchmark = entry.get("benchmark") if isinstance(entry.get("benchmark"), str) else ""
    how = entry.get("report") if isinstance(entry.get("report"), dict) else None
    base_model = _section(descriptor, "base_model").get("id")
    if how is None:
        named = [e for e in given if _same(e.task, benchmark)]
        if named:
            first = named[0]
            measurement = Measurement(
                MeasurementStatus.UNDESCRIBED,
                f"{first.tool} report {first.report} measures {benchmark!r}, but "
                f"evaluation.safety[{index}].report does not say its metric and score_is",
                first.report)
            return SafetyBinding(index, measurement, measurement)
        return SafetyBinding(index, Measurement(MeasurementStatus.NOT_GIVEN),
                             Measurement(MeasurementStatus.NOT_GIVEN))
    runs = {"tuned": how.get("model"), "base": how.get("base_model", base_model)}
    measured = {}
    for run, declared_model in runs.items():
        declared_model = declared_model if isinstance(declared_model, str) else None
        if isinstance(how.get(run), str):
            loaded = references.report(how[run])
            if isinstance(loaded, Measurement):
                measured[run] = dataclasses.replace(loaded, declared_model=declared_model)
                continue
            candidates, source = loaded.entries, f"report {how[run]}"
        else:
            # No file named: the --evidence reports that recorded this run's model.
            other = runs["base" if run == "tuned" else "tuned"]
            candidates = tuple(e for e in given if _same(e.task, benchmark)
                               and (e.model == declared_model or e.model != other))
            source = "the --evidence reports"
            if not candidates:
                measured[run] = Measurement(MeasurementStatus.NOT_GIVEN,
                                            declared_model=declared_model)
                continue
        measured[run] = _pick(candidates, benchmark, how, source, declared_model)
    return SafetyBinding(index, measured["tuned"], measured["base"])


def _pick(candidates: Sequence[EvaluationEvidence], benchmark: str, how: Mapping[str, Any],
          source: str, declared_model: str | None) -> Measurement:
    """The one entry with the declared metric (and, among several, the benchmark's task)."""
    metric = how.get("metric")
    fits = [e for e in candidates if e.metric == metric]
    if len(fits) > 1:
        fits = [e for e in fits if _same(e.task, benchmark)] or fits
    if not fits:
        return Measurement(MeasurementStatus.NO_MATCH,
                           f"{source} has no {metric!r} metric for {benchmark!r}",
                           declared_model=declared_model)
    if len(fits) > 1:
        shown = ", ".join(f"{e.report}: {e.task} {e.scorer or ''} {e.metric}".replace("  ", " ")
                          for e in fits[:5])
        return Measurement(MeasurementStatus.AMBIGUOUS,
                           f"{len(fits)} entries of {source} fit {benchmark!r} {metric!r} "
                           f"({shown})", declared_model=declared_model)
    entry = fits[0]
    if not 0 <= entry.value <= 1:  # a perplexity or a count is no harmful score
        return Measurement(MeasurementStatus.NO_MATCH,
                           f"{entry.report}: {entry.metric} {entry.value} for {entry.task!r} is "
                           "not a score between 0 and 1", declared_model=declared_model)
    harmful = entry.value if how.get("score_is") == "harmful" else 1 - entry.value
    return Measurement(
        MeasurementStatus.MEASURED, "", entry.report, entry.report_sha256, entry.tool,
        entry.tool_version, entry.task, entry.metric, entry.value, round(harmful, 12),
        entry.samples, entry.model, declared_model, entry.run_at)


def _same(task: str | None, benchmark: str) -> bool:
    """Task and benchmark names compared as people write them: case and width aside."""
    def key(text: str) -> str:
        return unicodedata.normalize("NFKC", text).strip().casefold()
    return task is not None and bool(benchmark) and key(task) == key(benchmark)


# --- red team -----------------------------------------------------------------------------

def _red_team(red_team: Mapping[str, Any], references: _References,
              given: tuple[EvaluationReport, ...]) -> RedTeamMeasurement:
    declared_model = red_team.get("model") if isinstance(red_team.get("model"), str) else None
    if isinstance(red_team.get("report"), str):
        loaded = references.report(red_team["report"])
        if isinstance(loaded, Measurement):
            return RedTeamMeasurement(loaded.status, loaded.detail, loaded.report,
                                      declared_model=declared_model)
        if loaded.tool not in RED_TEAM_TOOLS:
            return RedTeamMeasurement(
                MeasurementStatus.UNREADABLE,
                f"report {loaded.path} is a {loaded.tool} report, not a red-team report "
                "(garak or promptfoo)", loaded.path, declared_model=declared_model)
        report = loaded
    else:
        # garak is a red-team tool; a promptfoo suite counts only when the descriptor names it.
        candidates = [r for r in given if r.tool == EvaluationTool.GARAK.value]
        if not candidates:
            return RedTeamMeasurement(MeasurementStatus.NOT_GIVEN, declared_model=declared_model)
        if len(candidates) > 1:
            return RedTeamMeasurement(
                MeasurementStatus.AMBIGUOUS,
                f"{len(candidates)} garak reports were given to --evidence "
                f"({', '.join(r.path for r in candidates[:5])}) and evaluation.red_team.report "
                "names none of them", declared_model=declared_model)
        report = candidates[0]
    return _red_team_counts(report, declared_model)


def _red_team_counts(report: EvaluationReport, declared_model: str | None) -> RedTeamMeasurement:
    entries = report.entries
    if not entries or not any(e.samples or e.passed or e.failed or e.errors for e in entries):
        # A report of nothing attempted must not read as a red team that found nothing.
        return RedTeamMeasurement(MeasurementStatus.NO_MATCH,
                                  f"report {report.path} records no attempt", report.path,
                                  report.sha256, report.tool, report.tool_version,
                                  declared_model=declared_model)
    models = sorted({e.model for e in entries if e.model is not None})
    samples = [e.samples for e in entries]
    times = sorted(e.run_at for e in entries if e.run_at is not None)
    detail = f"the report names several models: {', '.join(models)}" if len(models) > 1 else ""
    return RedTeamMeasurement(
        MeasurementStatus.MEASURED, detail, report.path, report.sha256, report.tool,
        report.tool_version,
        # An errored test's outcome is unknown: it counts against the model.
        failed=sum((e.failed or 0) + (e.errors or 0) for e in entries),
        attempts=sum(s for s in samples if s is not None) if None not in samples else None,
        errors=sum(e.errors or 0 for e in entries),
        model=models[0] if len(models) == 1 else None,
        declared_model=declared_model,
        run_at=times[0] if times else None)
