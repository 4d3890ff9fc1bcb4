"""The pipeline: load → schema → policies → report, with everything compiled once per run."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import hashlib
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
from ftcomply.engine import Engine, EngineError, EngineSettings, Verdicts, compile_engine
from ftcomply.errors import FtcomplyError
from ftcomply.evaluate import envelope, evaluate_document
from ftcomply.evidence import ScannerFinding
from ftcomply.evidence.bindings import DocumentEvidence, EvidenceFiles, collect_evidence
from ftcomply.loader import (
    MAX_FILE_NODES,
    STDIN,
    STDIN_NAME,
    SourceDocument,
    load_documents,
    read_source,
)
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
from ftcomply.options import OptionError
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator
from ftcomply.textnorm import normalize_text
from ftcomply.waivers import apply_waivers, waiver_states

DESCRIPTOR_SUFFIXES = (".yaml", ".yml", ".json")


# Below this many files, worker start-up costs more than it saves.
PARALLEL_MIN_FILES = 32


@dataclass(frozen=True)
class VerifySettings:
    """`--verify`: hash and inspect local artifacts, verify signatures, read the tools'
    reports. `allow_roots` widen where artifacts and the files a descriptor names may be
    read (besides each descriptor's own directory); `files` are the `--evidence` files."""

    allow_roots: tuple[Path, ...] = ()
    files: EvidenceFiles = dataclasses.field(default_factory=EvidenceFiles)


@dataclass(frozen=True)
class CheckOptions:
    """What one `check` run evaluates, and against what.

    `baseline` holds (job name, control id, finding pointer, message) keys of failures
    accepted by a previous report; `jobs` is the number of worker processes;
    `stage` the gate being passed (STAGES: controls of later stages are not
    applicable); `as_of_source` where `as_of` came from (`--as-of`,
    `SOURCE_DATE_EPOCH` or `clock`, see as_of_source()); `descriptors_only` skips
    named files that hold no ftcomply document, as directory searches always do;
    `max_nodes` bounds the nodes of all documents of one file, aliases expanded.
    """

    paths: tuple[str, ...]
    as_of: str
    stage: str = DEFAULT_STAGE
    as_of_source: str = "--as-of"
    fail_on: Severity = Severity.LOW
    parameter_overrides: dict[str, Any] | None = None
    disabled: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()
    baseline: frozenset[tuple[str, str, str, str]] = frozenset()
    baseline_digest: str | None = None
    jobs: int = 1
    max_nodes: int = MAX_FILE_NODES
    descriptors_only: bool = False
    verify: VerifySettings | None = None
    engine: EngineSettings = dataclasses.field(default_factory=EngineSettings)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise OptionError("stage", f"{self.stage!r}: expected {', '.join(STAGES)}")


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
            raise OptionError("as_of", f"{value!r} is not an RFC 3339 datetime or a date"
                              ) from None
        if moment.tzinfo is None:
            raise OptionError("as_of", f"{value!r} needs a timezone offset, e.g. Z")
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


@dataclass(frozen=True)
class InputFile:
    """One file to check. `root` is the directory argument it was found in (None for a
    file named on the command line or stdin); `discovered` files, and named ones under
    --descriptors-only, are checked only for their ftcomply documents."""

    path: str
    root: str | None = None
    discovered: bool = False


# Folders a directory search never enters: tool state, not a team's jobs.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv",
                              "env"})


def _skipped_folder(parent: str, name: str) -> bool:
    """Hidden folders (.git, .venv, .github), virtual environments by name or by their
    pyvenv.cfg, and package caches."""
    return (name.startswith(".") or name in _SKIPPED_FOLDERS
            or os.path.isfile(os.path.join(parent, name, "pyvenv.cfg")))


def collect_inputs(paths: tuple[str, ...], descriptors_only: bool = False
                   ) -> tuple[list[InputFile], list[InputError]]:
    """Expand directories (recursively, sorted) into candidate files; report missing paths.

    A directory search skips hidden and virtual-environment folders and never leaves
    the directory: a symlink to a file outside it is an error, not read (in CI the
    working tree, and its symlinks, belong to a pull request's author).
    """
    files: list[InputFile] = []
    errors: list[InputError] = []
    for path in paths:
        if path == STDIN:
            files.append(InputFile(path))
        elif os.path.isdir(path):
            found, refused = _search(path)
            errors.extend(InputError(why, Location(shown)) for shown, why in refused)
            if not found and not refused:
                errors.append(InputError("directory holds no *.yaml, *.yml or *.json file",
                                         Location(path)))
            files.extend(InputFile(f, path, True) for f in found)
        elif os.path.exists(path):
            files.append(InputFile(path, discovered=descriptors_only))
        else:
            errors.append(InputError("no such file or directory", Location(path)))
    return files, errors


def _search(directory: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Descriptor-like files under `directory`, sorted, and the files refused, each with
    why: symlinks leading out of it, names that are not UTF-8 (no report could name them)."""
    root = os.path.realpath(directory)
    found: list[str] = []
    refused: list[tuple[str, str]] = []
    for parent, folders, names in os.walk(directory):  # never follows folder symlinks
        folders[:] = [f for f in folders if not _skipped_folder(parent, f)]
        for name in names:
            if os.path.splitext(name)[1].lower() not in DESCRIPTOR_SUFFIXES:
                continue
            path = str(Path(parent, name))  # as pathlib shows it: no "./" prefix
            shown = path.encode("utf-8", "backslashreplace").decode("utf-8")
            real = os.path.realpath(path)
            if shown != path:
                refused.append((shown, "file name is not valid UTF-8: not read"))
            elif real != root and not real.startswith(root + os.sep):
                refused.append((path, f"a symlink to a file outside {directory}: not read"))
            elif os.path.isfile(real):
                found.append(path)
    return sorted(found), sorted(refused)


# A descriptor names its apiVersion; a file without the marker in any encoding YAML
# allows is skipped unread by a directory search.
_MARKERS = tuple(text.encode(codec) for text in ("ftcomply/", "FineTuningJob")
                 for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def is_descriptor(data: Any) -> bool:
    """An ftcomply document: its apiVersion says so, or its kind claims to be a job (then
    a wrong apiVersion is a schema error, never a reason to skip it)."""
    if not isinstance(data, dict):
        return False
    api = data.get("apiVersion")
    return (isinstance(api, str) and api.startswith("ftcomply/")) or (
        data.get("kind") == "FineTuningJob")


@dataclass(frozen=True)
class FileResult:
    """The documents of one file, or `skipped` when a search found no descriptor in it."""

    documents: list[DocumentResult]
    skipped: bool = False


class Checker:
    """Compiled schema, catalog and engine for one run, applied to many documents."""

    def __init__(self, catalog: Catalog, options: CheckOptions) -> None:
        self.catalog = catalog
        self.options = options
        self.parameter_values = catalog.parameter_values(options.parameter_overrides)
        self.schema = SchemaValidator.load(schema_path())
        self.engine: Engine = compile_engine(catalog, self.parameter_values, options.engine)

    def check_file(self, file: InputFile, stdin: BinaryIO | None = None) -> FileResult:
        """Every document of one file; a file that cannot be read is one error result.
        A discovered file is checked for its ftcomply documents only (skipped without one);
        one that cannot be parsed but names ftcomply is an error, never skipped."""
        try:
            name, raw = read_source(file.path, stdin)
            if file.discovered and not any(marker in raw for marker in _MARKERS):
                return FileResult([], skipped=True)
            documents = load_documents(name, raw, self.options.max_nodes)
        except FtcomplyError as exc:
            shown = exc.errors[0].location.file if exc.errors else file.path
            return FileResult([DocumentResult(shown, 0, "", None, None, errors=exc.errors)])
        if file.discovered:
            documents = [d for d in documents if is_descriptor(d.data)]
            if not documents:
                return FileResult([], skipped=True)
        return FileResult([self.check_document(document) for document in documents])

    def at(self, as_of: str) -> Checker:
        """This checker evaluating at another time (RFC 3339, as resolve_as_of() writes
        it), sharing the compiled schema and engine: a service answers each request at
        the time it asks for without compiling again. Same thread as this one."""
        view = copy.copy(self)
        view.options = dataclasses.replace(self.options, as_of=as_of)
        return view

    def check_text(self, name: str, raw: bytes) -> list[DocumentResult]:
        """Every document of an in-memory file (a request body, a notebook cell) named
        `name`; a text that cannot be loaded is one error result."""
        try:
            documents = load_documents(name, raw, self.options.max_nodes)
        except FtcomplyError as exc:
            return [DocumentResult(name, 0, hashlib.sha256(raw).hexdigest(), None, None,
                                   errors=exc.errors)]
        return [self.check_document(document) for document in documents]

    def report(self, documents: list[DocumentResult] | tuple[DocumentResult, ...],
               errors: tuple[InputError, ...] = ()) -> Report:
        """A report over these documents, with the run's identity and waiver states."""
        report = Report(self.run_info(), self.catalog.controls, tuple(documents), errors)
        return dataclasses.replace(report, waivers=waiver_states(report, self.options.waivers))

    def verdicts(self, document: SourceDocument) -> Verdicts:
        """The engine's raw answers for one descriptor (no tiers, stages, waivers): what
        OPA's Data API returns. Raises FtcomplyError when the descriptor is not
        schema-valid (the policies are written for the schema's shapes) and EngineError
        when the engine cannot answer."""
        errors = self.schema.errors(document)
        if errors:
            raise FtcomplyError(*errors)
        return self.engine.evaluate(envelope(document.data, self.options.as_of))

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
        evidence = self.collect_evidence(document)
        try:
            results = evaluate_document(
                self.engine, self.catalog, document, self.options.as_of, self.options.stage,
                self.options.disabled, evidence,
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
        return DocumentResult(**identity, results=results,
                              artifacts=evidence.artifacts if evidence else (),
                              tool_evidence=evidence.report_dict() if evidence else None,
                              parties=parties_of(data),
                              declared_digests=declared_digests_of(data),
                              inventory=inventory_of(data))

    def collect_evidence(self, document: SourceDocument) -> DocumentEvidence | None:
        """Everything --verify checks for the document (None when not verifying)."""
        settings = self.options.verify
        if settings is None:
            return None
        origin = None if document.path == STDIN_NAME else Path(document.path)
        return collect_evidence(document.data, origin, settings.allow_roots, settings.files)

    def run_info(self) -> RunInfo:
        return RunInfo(
            tool_version=__version__,
            engine=self.engine.name,
            catalog_version=self.catalog.version,
            catalog_digest=self.catalog.digest,
            schema_digest="sha256:" + self.schema.sha256,
            as_of=self.options.as_of,
            fail_on=self.options.fail_on,
            parameter_values=self.parameter_values,
            stage=self.options.stage,
            as_of_source=self.options.as_of_source,
            baseline_digest=self.options.baseline_digest,
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


def declared_digests_of(data: Any) -> tuple[tuple[str, str, str], ...]:
    """(pointer, name, sha256) of each adapter's declared sha256 and of the deployed
    artifact's (schema-valid data: digests are 64 lowercase hex characters)."""
    digests = []
    adapters = data.get("adapters") if isinstance(data, dict) else None
    for index, adapter in enumerate(adapters if isinstance(adapters, list) else ()):
        if isinstance(adapter, dict) and isinstance(adapter.get("sha256"), str):
            name = adapter.get("name")
            digests.append((f"/adapters/{index}/sha256",
                            name if isinstance(name, str) else f"adapters/{index}",
                            adapter["sha256"]))
    deployment = data.get("deployment") if isinstance(data, dict) else None
    if isinstance(deployment, dict) and isinstance(deployment.get("artifact_sha256"), str):
        digests.append(("/deployment/artifact_sha256", "deployment",
                        deployment["artifact_sha256"]))
    return tuple(digests)


# What a bill of materials reads of each part of a descriptor (`inventory_of`).
_INVENTORY = {
    "metadata": ("intended_use", "task_type", "languages"),
    "base_model": ("id", "source", "revision", "sha256", "format", "license"),
    "datasets": ("name", "role", "uri", "sha256", "records", "license", "languages",
                 "classification", "provenance"),
    "adapters": ("name", "uri", "format", "sha256", "source", "base_model_revision", "rank",
                 "target_modules"),
    "training": ("method", "framework", "hyperparameters"),
    "evaluation": ("artifact_sha256", "safety", "utility", "privacy", "red_team"),
    "deployment": ("artifact_sha256",),
}


def inventory_of(data: Any) -> dict[str, Any]:
    """The descriptor's parts a bill of materials names, as plain data (the loader gives
    JSON values): for each part in _INVENTORY its listed fields that are present (a list of
    such dicts for datasets and adapters); absent parts are left out."""
    def pick(value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
        return {k: value[k] for k in keys if k in value} if isinstance(value, dict) else {}

    inventory: dict[str, Any] = {}
    for part, keys in _INVENTORY.items():
        value = data.get(part) if isinstance(data, dict) else None
        if isinstance(value, list):
            inventory[part] = [pick(item, keys) for item in value]
        elif isinstance(value, dict):
            inventory[part] = pick(value, keys)
    return inventory


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


def _check_in_worker(file: InputFile) -> FileResult:
    assert _worker_checker is not None
    return _worker_checker.check_file(file)


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
    called after each file. A directory in which no descriptor was found is an
    error: a gate over nothing must not pass.
    """
    checker = Checker(catalog, options)  # compiles in the parent too: errors surface early
    files, errors = collect_inputs(options.paths, options.descriptors_only)
    with _batch_gc():
        results = _check_all(checker, files, stdin, progress)
    documents = [d for r in results for d in r.documents]
    skipped = tuple(f.path for f, r in zip(files, results, strict=True) if r.skipped)
    productive = {f.root for f, r in zip(files, results, strict=True) if r.documents}
    for root in dict.fromkeys(f.root for f in files if f.root is not None):
        if root not in productive:
            count = sum(1 for f in files if f.root == root)
            errors.append(InputError(
                f"directory holds no ftcomply descriptor ({count} YAML/JSON file(s) without "
                "apiVersion ftcomply/... skipped)", Location(root)))
    return dataclasses.replace(checker.report(documents, tuple(errors)), skipped=skipped,
                               unmatched_findings=_unmatched(options, documents))


def _unmatched(options: CheckOptions, documents: list[DocumentResult]
               ) -> tuple[ScannerFinding, ...]:
    """Scanner findings attached to no artifact of any document."""
    if options.verify is None or not options.verify.files.scanner_reports:
        return ()
    attached = {f for d in documents for a in d.artifacts for f in a.scanner_findings}
    return tuple(f for r in options.verify.files.scanner_reports for f in r.findings
                 if f not in attached)


def _check_all(checker: Checker, files: list[InputFile], stdin: BinaryIO | None,
               progress: Callable[[int, int], None] | None) -> list[FileResult]:
    options, catalog = checker.options, checker.catalog
    parallel = options.jobs > 1 and len(files) >= PARALLEL_MIN_FILES and not any(
        f.path == STDIN for f in files)
    results: list[FileResult] = []
    if parallel:
        chunk = max(1, min(64, len(files) // (options.jobs * 8)))
        global _worker_checker
        _worker_checker = checker  # what forked workers start with
        with ProcessPoolExecutor(options.jobs, initializer=_start_worker,
                                 initargs=(catalog, options)) as pool:
            plain: dict[tuple[Any, ...], ControlResult] = {}
            for done, result in enumerate(pool.map(_check_in_worker, files, chunksize=chunk),
                                          1):
                results.append(dataclasses.replace(
                    result, documents=_share_controls(result.documents, catalog, plain)))
                if progress:
                    progress(done, len(files))
    else:
        for done, file in enumerate(files, 1):
            results.append(checker.check_file(file, stdin))
            if progress:
                progress(done, len(files))
    return results
