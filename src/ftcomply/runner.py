"""The pipeline: load → schema → policies → report, with everything compiled once per run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ftcomply import __version__
from ftcomply.baseline import apply_baseline
from ftcomply.catalog import Catalog
from ftcomply.engine import Engine, EngineError, EngineSettings, compile_engine
from ftcomply.errors import FtcomplyError
from ftcomply.evaluate import evaluate_document
from ftcomply.evidence import ArtifactEvidence, ScannerReport
from ftcomply.evidence.digests import verify_artifacts
from ftcomply.evidence.scanners import merge_scanner_reports
from ftcomply.loader import STDIN, STDIN_NAME, SourceDocument, load_documents, read_source
from ftcomply.models import (
    DEFAULT_STAGE,
    STAGES,
    Approval,
    ControlResult,
    DocumentResult,
    InputError,
    Location,
    Parties,
    Report,
    RunInfo,
    Severity,
    Status,
    Waiver,
)
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator
from ftcomply.textnorm import normalize_text
from ftcomply.waivers import apply_waivers, waiver_states

DESCRIPTOR_SUFFIXES = (".yaml", ".yml", ".json")


# Below this many files, worker start-up costs more than it saves.
PARALLEL_MIN_FILES = 32


@dataclass(frozen=True)
class VerifySettings:
    """`--verify`: hash and inspect local artifacts. `allowed_roots` widen where
    artifacts may be read (besides each descriptor's own directory); `reports`
    are scanner reports (`--evidence`) merged onto the artifacts they name."""

    allowed_roots: tuple[Path, ...] = ()
    reports: tuple[ScannerReport, ...] = ()


@dataclass(frozen=True)
class CheckOptions:
    """What one `check` run evaluates, and against what.

    `baseline` holds (job name, control id, finding pointer) keys of failures
    accepted by a previous report; `jobs` is the number of worker processes;
    `stage` the gate being passed (STAGES: controls of later stages are not
    applicable); `as_of_source` where `as_of` came from (`--as-of`,
    `SOURCE_DATE_EPOCH` or `clock`, see as_of_source()).
    """

    paths: tuple[str, ...]
    as_of: str
    stage: str = DEFAULT_STAGE
    as_of_source: str = "--as-of"
    fail_on: Severity = Severity.LOW
    params: dict[str, Any] | None = None
    disabled: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()
    baseline: frozenset[tuple[str, str, str]] = frozenset()
    jobs: int = 1
    verify: VerifySettings | None = None
    engine: EngineSettings = dataclasses.field(default_factory=EngineSettings)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise FtcomplyError.at(f"stage {self.stage!r}: expected {', '.join(STAGES)}",
                                   "<command line>")


def resolve_as_of(value: str | None) -> str:
    """`--as-of`, else SOURCE_DATE_EPOCH (reproducible builds), else now; as RFC 3339 UTC."""
    if value:
        text = value.strip()
        try:
            moment = (
                dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
                if len(text) == 10
                else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            raise FtcomplyError.at(
                f"--as-of {value!r} is not an RFC 3339 datetime or a date", "<command line>"
            ) from None
        if moment.tzinfo is None:
            raise FtcomplyError.at(
                f"--as-of {value!r} needs a timezone offset, e.g. Z", "<command line>"
            )
    elif os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    else:
        moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def as_of_source(value: str | None) -> str:
    """Where resolve_as_of(value) takes the time from; reports say it, because in CI
    SOURCE_DATE_EPOCH often comes from the commit under test, which its author dates."""
    if value:
        return "--as-of"
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return "SOURCE_DATE_EPOCH"
    return "clock"


def collect_inputs(paths: tuple[str, ...]) -> tuple[list[str], list[InputError]]:
    """Expand directories (recursively, sorted) into descriptor files; report missing paths."""
    files: list[str] = []
    errors: list[InputError] = []
    for path in paths:
        if path == STDIN:
            files.append(path)
        elif os.path.isdir(path):
            found = sorted(
                str(p) for p in Path(path).rglob("*")
                if p.suffix.lower() in DESCRIPTOR_SUFFIXES and p.is_file()
            )
            if not found:
                errors.append(InputError("directory holds no *.yaml, *.yml or *.json file",
                                         Location(path)))
            files.extend(found)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append(InputError("no such file or directory", Location(path)))
    return files, errors


class Checker:
    """Compiled schema, catalog and engine for one run, applied to many documents."""

    def __init__(self, catalog: Catalog, options: CheckOptions) -> None:
        self.catalog = catalog
        self.options = options
        self.params = catalog.params(options.params)
        self.schema = SchemaValidator.load(schema_path())
        self.engine: Engine = compile_engine(catalog, self.params, options.engine)

    def check_file(self, path: str, stdin: BinaryIO | None = None) -> Iterator[DocumentResult]:
        """Every document of one file; a file that cannot be read is one error result."""
        try:
            name, raw = read_source(path, stdin)
            documents = load_documents(name, raw)
        except FtcomplyError as exc:
            shown = exc.errors[0].location.file if exc.errors else path
            yield DocumentResult(shown, 0, "", None, None, errors=exc.errors)
            return
        for document in documents:
            yield self.check_document(document)

    def check_document(self, document: SourceDocument) -> DocumentResult:
        data = document.data
        metadata = data.get("metadata") if isinstance(data, dict) else None
        name = metadata.get("name") if isinstance(metadata, dict) else None
        tier = metadata.get("risk_tier") if isinstance(metadata, dict) else None
        identity = dict(
            path=document.path,
            index=document.index,
            sha256=document.sha256,
            name=name if isinstance(name, str) else None,
            risk_tier=tier if isinstance(tier, str) else None,
        )
        errors = self.schema.errors(document)
        if errors:
            return DocumentResult(**identity, errors=tuple(errors))
        artifacts = self.verify_artifacts(document)
        try:
            results = evaluate_document(
                self.engine, self.catalog, document, self.options.as_of, self.options.stage,
                self.options.disabled, artifacts,
            )
        except EngineError as exc:
            error = InputError(f"policy evaluation failed: {exc}", document.locate(""))
            return DocumentResult(**identity, errors=(error,))
        if not any(r.status is not Status.DISABLED and r.raw_status in _EVALUATED
                   for r in results):
            # A gate that judged nothing must not pass: every control disabled or n/a.
            error = InputError(
                f"no enabled control was evaluated at stage {self.options.stage} (every "
                "control is disabled or not applicable): nothing here can pass",
                document.locate(""))
            return DocumentResult(**identity, errors=(error,))
        results = apply_waivers(results, identity["name"], self.options.waivers,
                                self.options.as_of)
        results = apply_baseline(results, identity["name"], self.options.baseline)
        return DocumentResult(**identity, results=results, artifacts=artifacts or (),
                              parties=parties_of(data))

    def verify_artifacts(self, document: SourceDocument) -> tuple[ArtifactEvidence, ...] | None:
        """Hash and inspect the document's local artifacts (None when not verifying)."""
        settings = self.options.verify
        if settings is None:
            return None
        origin = None if document.path == STDIN_NAME else Path(document.path)
        artifacts = verify_artifacts(document.data, origin, settings.allowed_roots)
        if settings.reports:
            artifacts, _ = merge_scanner_reports(artifacts, settings.reports)
        return artifacts

    def run_info(self) -> RunInfo:
        return RunInfo(
            tool_version=__version__,
            engine=self.engine.name,
            catalog_version=self.catalog.version,
            catalog_digest=self.catalog.digest,
            schema_digest="sha256:" + self.schema.sha256,
            as_of=self.options.as_of,
            fail_on=self.options.fail_on,
            params=self.params,
            stage=self.options.stage,
            as_of_source=self.options.as_of_source,
        )


_EVALUATED = frozenset({Status.PASS, Status.FAIL})


def parties_of(data: Any) -> Parties:
    """Who answers for the job, as the descriptor names them (normalised, as judged)."""
    def text(value: Any) -> str | None:
        return normalize_text(value) if isinstance(value, str) else None

    def get(mapping: Any, *keys: str) -> Any:
        for key in keys:
            mapping = mapping.get(key) if isinstance(mapping, dict) else None
        return mapping

    approvals = get(data, "approvals")
    return Parties(
        owner=text(get(data, "metadata", "owner")),
        submitter=text(get(data, "training", "submitter", "id")),
        approvals=tuple(
            Approval(text(get(a, "role")), text(get(a, "name")), text(get(a, "approved_at")))
            for a in (approvals if isinstance(approvals, list) else ())),
    )


_worker_checker: Checker | None = None


def _tune_gc() -> None:
    """Descriptors, results and reports hold no reference cycles, yet every few hundred
    allocations the cycle collector would scan them all: a batch spent a quarter of its
    loading time there. The compiled catalog is frozen out of its view, and it runs less
    often (still bounding garbage from what does make cycles, such as exceptions)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@contextmanager
def _batch_gc() -> Iterator[None]:
    """_tune_gc() for one run, undone after it: run_check is a library call too."""
    thresholds = gc.get_threshold()
    _tune_gc()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _start_worker(catalog: Catalog, options: CheckOptions) -> None:
    """Compile the schema and policies once per worker process, unless the worker was
    forked with the parent's run already compiled (then its pages stay shared)."""
    global _worker_checker
    inherited = _worker_checker
    if inherited is None or inherited.options != options or (
            inherited.catalog.digest != catalog.digest):
        _worker_checker = Checker(catalog, options)
    _tune_gc()


def _check_in_worker(path: str) -> list[DocumentResult]:
    assert _worker_checker is not None
    return list(_worker_checker.check_file(path))


def _share_controls(batch: list[DocumentResult], catalog: Catalog,
                    plain: dict[tuple[Any, ...], ControlResult]) -> list[DocumentResult]:
    """Results from workers carry unpickled copies of each Control; use the run's own.
    A result without findings, waiver or baseline mark is one of a few values per
    control: `plain` keeps one of each for the whole run, so memory grows with findings."""
    by_id = {c.id: c for c in catalog.controls}

    def shared(result: ControlResult) -> ControlResult:
        key = result.plain_key
        if key is None:
            return dataclasses.replace(result, control=by_id[result.control.id])
        if key not in plain:
            plain[key] = dataclasses.replace(result, control=by_id[result.control.id])
        return plain[key]

    return [dataclasses.replace(d, results=tuple(shared(r) for r in d.results)) for d in batch]


def run_check(
    catalog: Catalog,
    options: CheckOptions,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Evaluate every input, in parallel worker processes for large batches.

    Results come back in input order whatever the scheduling; a per-document
    error is kept and never stops the others. `progress(done, total)` is
    called after each file.
    """
    checker = Checker(catalog, options)  # compiles in the parent too: errors surface early
    files, errors = collect_inputs(options.paths)
    with _batch_gc():
        documents = _check_all(checker, files, stdin, progress)
    report = Report(checker.run_info(), catalog.controls, tuple(documents), tuple(errors))
    return dataclasses.replace(report, waivers=waiver_states(report, options.waivers))


def _check_all(checker: Checker, files: list[str], stdin: BinaryIO | None,
               progress: Callable[[int, int], None] | None) -> list[DocumentResult]:
    options, catalog = checker.options, checker.catalog
    parallel = options.jobs > 1 and len(files) >= PARALLEL_MIN_FILES and STDIN not in files
    documents: list[DocumentResult] = []
    if parallel:
        chunk = max(1, min(64, len(files) // (options.jobs * 8)))
        global _worker_checker
        _worker_checker = checker  # what forked workers start with
        with ProcessPoolExecutor(options.jobs, initializer=_start_worker,
                                 initargs=(catalog, options)) as pool:
            plain: dict[tuple[Any, ...], ControlResult] = {}
            for done, batch in enumerate(pool.map(_check_in_worker, files, chunksize=chunk), 1):
                documents.extend(_share_controls(batch, catalog, plain))
                if progress:
                    progress(done, len(files))
    else:
        for done, path in enumerate(files, 1):
            documents.extend(checker.check_file(path, stdin))
            if progress:
                progress(done, len(files))
    return documents
