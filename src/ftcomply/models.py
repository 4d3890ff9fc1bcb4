"""Plain typed results, built once per run and handed to every formatter.

Formatters read these and never evaluate anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ftcomply.evidence import ArtifactEvidence, ScannerFinding


def printable(text: str) -> str:
    """Text safe for one terminal line: control characters (escapes, newlines) shown escaped.

    Error lines quote descriptor keys and file names; a hostile one must not
    move the cursor, recolour the terminal or forge a second line.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Higher is more severe: critical 4 … low 1."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
}

PHASES = ("pre-tuning", "during-tuning", "post-tuning", "deployment", "governance")
RISK_TIERS = ("low", "medium", "high")

# The gates of a job's life, in order: before the GPUs are spent, before the tuned model
# is accepted, before it ships. A control applies from its stage on.
STAGES = ("pre-tuning", "post-tuning", "pre-deployment")
DEFAULT_STAGE = "pre-deployment"

# The stage a control belongs to when its METADATA names none, by phase.
PHASE_STAGES = {
    "pre-tuning": "pre-tuning",
    "during-tuning": "pre-tuning",
    "post-tuning": "post-tuning",
    "deployment": "pre-deployment",
    "governance": "pre-deployment",
}


class EvidenceLevel(StrEnum):
    """What a result rests on: the descriptor's claim, or evidence ftcomply checked itself
    (artifacts it hashed, files it inspected, tools' own output). `none` for results that
    judged nothing (not applicable, disabled before evaluation)."""

    VERIFIED = "verified"
    DECLARED = "declared"
    NONE = "none"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"
    DISABLED = "disabled"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file. `line` and `column` are 1-based; None when unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        name = printable(self.file)
        if self.line is None:
            return name
        if self.column is None:
            return f"{name}:{self.line}"
        return f"{name}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Parameter:
    """A tunable threshold a control reads from `data.ftcomply.params`.

    `schema` is the JSON Schema a configured value must satisfy.
    """

    name: str
    default: Any
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True, slots=True)
class Control:
    """One control of the catalog, as its `# METADATA` block declares it.

    `package` is the Rego package path (`ftcomply.controls.pre_data_01`);
    `source` the policy file it came from; `has_applicable` whether the package
    defines an `applicable` rule (the older form of applicability, without a reason);
    `has_not_applicable` whether it defines `not_applicable` reasons; `reads_evidence`
    whether it judges verified evidence (`input.evidence`, present with --verify)
    besides the descriptor; `has_declared` whether it names, in a `declared` set, what
    its verdict takes on the descriptor's word alone; `stage` the first stage (STAGES)
    at which it applies.
    """

    id: str
    title: str
    description: str
    phase: str
    severity: Severity
    tiers: tuple[str, ...]
    threats: tuple[str, ...]
    frameworks: dict[str, tuple[str, ...]]
    remediation: str
    parameters: tuple[str, ...]
    package: str
    source: str
    has_applicable: bool
    builtin: bool = True
    example: str = ""
    reads_evidence: bool = False
    has_not_applicable: bool = False
    has_declared: bool = False
    stage: str = DEFAULT_STAGE


@dataclass(frozen=True, slots=True)
class Finding:
    """Why a control failed: a message and where in the descriptor it points.

    `pointer` is a JSON pointer; `location` is where that pointer (or its
    nearest existing parent) stands in the file.
    """

    message: str
    pointer: str
    location: Location


@dataclass(frozen=True, slots=True)
class Waiver:
    """A time-boxed, approved exception for one control in matching jobs.

    `paths` (JSON pointer globs) scope it to findings: it waives a failing result only
    when every finding's pointer matches one of them. Without paths it is *unscoped*
    and waives the whole control, whatever fails (reports say so).
    """

    id: str
    control: str
    jobs: tuple[str, ...]
    justification: str
    approved_by: str
    ticket: str
    expires: str
    location: Location
    paths: tuple[str, ...] = ()

    @property
    def unscoped(self) -> bool:
        """Whether it waives its control whatever the findings (no `paths`)."""
        return not self.paths


def waiver_record(waiver: Waiver) -> dict[str, Any]:
    """A waiver as every machine-readable report shows it (JSON, SARIF): one shape."""
    return {
        "id": waiver.id,
        "control": waiver.control,
        "jobs": list(waiver.jobs),
        "justification": waiver.justification,
        "approved_by": waiver.approved_by,
        "ticket": waiver.ticket,
        "expires": waiver.expires,
        "paths": list(waiver.paths),
        "unscoped": waiver.unscoped,
    }


def waiver_state_record(state: WaiverState) -> dict[str, Any]:
    """A loaded waiver and its state as of the run, in the same shape everywhere."""
    return {
        **waiver_record(state.waiver),
        "file": state.waiver.location.file,
        "line": state.waiver.location.line,
        "days_left": state.days_left,
        "expired": state.expired,
        "expiring": state.expiring,
        "uses": state.uses,
        "unused": state.uses == 0,
    }


@dataclass(frozen=True, slots=True)
class WaiverState:
    """A loaded waiver as of the run: days until expiry (negative once expired),
    whether it expires within the warning window, and how many results it waived
    (0 means unused)."""

    waiver: Waiver
    days_left: int
    expired: bool
    expiring: bool
    uses: int


@dataclass(frozen=True, slots=True)
class ControlResult:
    """The outcome of one control on one document.

    `raw_status` is what the policy said before waivers and disabling; `status`
    is what counts. They differ only for waived and disabled results.
    `baselined` marks a failure already present in the baseline report: it is
    shown but does not fail the run. `reason` says why a not-applicable result is
    not applicable (None otherwise); `evidence_level` what the result rests on.
    """

    control: Control
    status: Status
    raw_status: Status
    findings: tuple[Finding, ...] = ()
    waiver: Waiver | None = None
    baselined: bool = False
    reason: str | None = None
    evidence_level: EvidenceLevel = EvidenceLevel.DECLARED

    @property
    def plain_key(self) -> tuple[str, Status, Status, str | None, EvidenceLevel] | None:
        """For a result that carries nothing of its own (no findings, waiver or baseline
        mark), the key it can be shared and cached under: two plain results with the same
        key are interchangeable. None for any other result. A field added to this class
        must be added here (tests/test_models.py fails until it is)."""
        if self.findings or self.waiver is not None or self.baselined:
            return None
        return (self.control.id, self.status, self.raw_status, self.reason,
                self.evidence_level)

    @property
    def gating(self) -> bool:
        """A failure that counts toward the exit code (not waived, not baselined)."""
        return self.status is Status.FAIL and not self.baselined


@dataclass(frozen=True, slots=True)
class InputError:
    """Why something could not be evaluated (a load, schema or engine error)."""

    message: str
    location: Location
    pointer: str | None = None

    def __str__(self) -> str:
        where = f" (at {printable(self.pointer)})" if self.pointer else ""
        return f"{self.location}: {printable(self.message)}{where}"


@dataclass(frozen=True, slots=True)
class Approval:
    """One sign-off as the descriptor records it (strings normalised, as judged)."""

    role: str | None
    name: str | None
    approved_at: str | None


@dataclass(frozen=True, slots=True)
class Parties:
    """Who answers for a job: its owner, who submitted the training run, who approved it."""

    owner: str | None = None
    submitter: str | None = None
    approvals: tuple[Approval, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One descriptor document: its identity, errors, and per-control results.

    A document with errors has no results. `artifacts` holds the verified
    evidence about its datasets, adapters and base model (only with --verify);
    `tool_evidence` the rest of what --verify checked, as plain data: verified
    signatures, the measurements bound to each safety evaluation and the red team,
    Croissant bindings (`DocumentEvidence.report_dict()`, empty parts left out);
    `parties` who answers for the job (None when it could not be read);
    `declared_digests` the artifact digests the descriptor declares for what a verdict is
    about, as (JSON pointer, name, sha256): each adapter's `sha256` (`/adapters/0/sha256`,
    the adapter's name) and `deployment.artifact_sha256` (name `deployment`), for the
    subjects of attestations; `inventory` what the descriptor says the job is made of, as
    plain JSON data for bills of materials (`pipeline.inventory_of`: selected fields of the
    base model, datasets, adapters, training, evaluation and deployment; None for a
    document with errors).
    """

    path: str
    index: int
    sha256: str
    name: str | None
    risk_tier: str | None
    errors: tuple[InputError, ...] = ()
    results: tuple[ControlResult, ...] = ()
    artifacts: tuple[ArtifactEvidence, ...] = ()
    tool_evidence: dict[str, Any] | None = None
    parties: Parties | None = None
    declared_digests: tuple[tuple[str, str, str], ...] = ()
    inventory: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        """How every report names the document: its path, and its position when it is not
        the first document of its file (`jobs/all.yaml [2]`)."""
        return self.path + (f" [{self.index}]" if self.index else "")

    def failing(self, fail_on: Severity) -> tuple[ControlResult, ...]:
        """Failing results at or above the threshold."""
        return tuple(
            r for r in self.results if r.gating and r.control.severity.rank >= fail_on.rank
        )

    def status(self, fail_on: Severity) -> Status:
        if self.errors:
            return Status.ERROR
        return Status.FAIL if self.failing(fail_on) else Status.PASS


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What produced a report: tool, engine, catalog and schema identity, and the
    stage the run gated. `as_of_source` says where `as_of` came from: `--as-of`,
    `SOURCE_DATE_EPOCH` or `clock`; `baseline_digest` the `sha256:` digest of the
    --baseline report (None without one)."""

    tool_version: str
    engine: str
    catalog_version: str
    catalog_digest: str
    schema_digest: str
    as_of: str
    fail_on: Severity
    parameter_values: dict[str, Any]
    stage: str = DEFAULT_STAGE
    as_of_source: str = "--as-of"
    baseline_digest: str | None = None


# Scanner severities that fail a run even when no checked artifact holds the file: a
# report of a code-executing pickle is not dropped because its path did not match.
UNMATCHED_FAILING = frozenset({"critical", "high"})


@dataclass(frozen=True, slots=True)
class Summary:
    """A run's counts, computed once on the Report for every format: documents by
    status (against fail_on), failing results by severity, waived and baselined results,
    passes by evidence level, and files a directory search skipped."""

    documents: int
    passed: int
    failed: int
    errors: int
    by_severity: dict[str, int]
    waived: int
    baselined: int
    evidence: dict[str, int]
    skipped: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a formatter needs: run identity, catalog, documents, run errors,
    the waivers in force and their states, the files a directory search skipped
    because they hold no ftcomply document, and the scanner findings (--evidence) about
    files that no checked artifact holds."""

    info: RunInfo
    controls: tuple[Control, ...]
    documents: tuple[DocumentResult, ...]
    errors: tuple[InputError, ...] = ()
    waivers: tuple[WaiverState, ...] = ()
    skipped: tuple[str, ...] = ()
    unmatched_findings: tuple[ScannerFinding, ...] = ()

    @property
    def baselined(self) -> int:
        """Failures a baseline report already held (shown, but not failing the run)."""
        return sum(1 for d in self.documents for r in d.results if r.baselined)

    @property
    def summary(self) -> Summary:
        by_severity = {s.value: 0 for s in Severity}
        waived = 0
        for document in self.documents:
            for result in document.results:
                if result.status is Status.FAIL:
                    by_severity[result.control.severity.value] += 1
                elif result.status is Status.WAIVED:
                    waived += 1
        statuses = [d.status(self.info.fail_on) for d in self.documents]
        return Summary(
            documents=len(self.documents),
            passed=statuses.count(Status.PASS),
            failed=statuses.count(Status.FAIL),
            errors=statuses.count(Status.ERROR),
            by_severity=by_severity,
            waived=waived,
            baselined=self.baselined,
            evidence=self.evidence_counts,
            skipped=len(self.skipped),
        )

    @property
    def run_errors(self) -> tuple[InputError, ...]:
        """Run-level errors, plus one when nothing at all was evaluated, so that a report
        over nothing cannot look clean."""
        if not self.errors and not self.documents:
            return (InputError("no descriptor document was evaluated", Location(".")),)
        return self.errors

    @property
    def evidence_counts(self) -> dict[str, int]:
        """Passing results by what they rest on: {"verified": n, "declared": n}. A declared
        pass is the descriptor's word; only a verified one was checked by ftcomply."""
        counts = {EvidenceLevel.VERIFIED.value: 0, EvidenceLevel.DECLARED.value: 0}
        for document in self.documents:
            for result in document.results:
                if result.status is Status.PASS and result.evidence_level is not (
                        EvidenceLevel.NONE):
                    counts[result.evidence_level.value] += 1
        return counts

    @property
    def exit_code(self) -> int:
        """0 pass, 1 a failing control at or above fail_on, 2 anything not evaluated."""
        if self.errors or not self.documents or any(d.errors for d in self.documents):
            return 2
        if any(d.failing(self.info.fail_on) for d in self.documents):
            return 1
        if any(f.severity in UNMATCHED_FAILING for f in self.unmatched_findings):
            return 1
        return 0

    @property
    def status(self) -> Status:
        return {0: Status.PASS, 1: Status.FAIL, 2: Status.ERROR}[self.exit_code]
