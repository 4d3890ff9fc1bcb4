"""Verified evidence about the artifacts a descriptor names: digests, serialization, scans.

A descriptor *declares* digests and formats; this package *checks* them on the
files themselves (`digests.verify_artifacts`), inspects model and adapter files
by content (`serialization.inspect_file`) and reads third-party scanner reports
(`scanners.load_scanner_report`, `scanners.merge_scanner_reports`). The results
are plain frozen data: `as_dict()` gives JSON-ready dicts for policies
(`input.evidence`) and reports. docs/evidence.md describes the rules.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ArtifactKind(StrEnum):
    DATASET = "dataset"
    ADAPTER = "adapter"
    BASE_MODEL = "base_model"


class DigestStatus(StrEnum):
    """What checking an artifact's digest found.

    Only VERIFIED means the declared sha256 was recomputed and matched; every
    other status leaves the declared digest unconfirmed.
    """

    VERIFIED = "verified"  # the content hashes to the declared sha256
    MISMATCH = "mismatch"  # the content hashes to something else
    UNDECLARED = "undeclared"  # hashed, but the descriptor declares no sha256
    MISSING = "missing"  # no such file or directory (inside the allowed roots)
    REMOTE = "remote"  # not a local path: not verifiable here
    OUTSIDE_ROOT = "outside-root"  # the path, or a symlink on it, leaves the allowed roots
    UNREADABLE = "unreadable"  # exists but cannot be read or hashed


class ModelFormat(StrEnum):
    """A serialization format recognised from a file's content, never its name."""

    SAFETENSORS = "safetensors"
    PICKLE = "pickle"
    PYTORCH_ZIP = "pytorch-zip"  # torch.save's zip archive: pickled structure in */data.pkl
    GGUF = "gguf"
    ONNX = "onnx"
    KERAS_H5 = "keras-h5"  # any HDF5 file
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ScannerFinding:
    """One result of a third-party scanner (modelscan, picklescan) about one file.

    `severity` is normalised to critical, high, medium, low, info or error
    (error: the scanner could not scan the file). `file` is the absolute path
    of the scanned file as the report names it (None when it names none);
    `member` the entry inside an archive, such as `archive/data.pkl`.
    """

    tool: str
    severity: str
    description: str
    file: str | None
    member: str | None = None


@dataclass(frozen=True)
class ScannerReport:
    """A scanner report read from disk: its path, the sha256 of its bytes, its findings."""

    path: str
    tool: str
    sha256: str
    findings: tuple[ScannerFinding, ...]


@dataclass(frozen=True)
class SerializationEvidence:
    """What one model or adapter file really is, found from its bytes.

    `path` is the file's POSIX path relative to the artifact directory (its
    name for a single-file artifact). `executes_code` is True when the pickle
    scanner found imports that run code on load, listed in `dangerous_imports`
    as `module.name`. `error` says why the inspection is incomplete or the
    file malformed; a file with an error must not be taken as safe.
    """

    path: str
    detected_format: ModelFormat
    executes_code: bool = False
    dangerous_imports: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class ArtifactEvidence:
    """The checked state of one dataset, adapter or base model of a descriptor.

    `pointer` is the artifact's JSON pointer (`/datasets/0`, `/adapters/1`,
    `/base_model`). `uri` is the declared location with any userinfo, query
    and fragment removed; `path` the resolved local path (None unless the
    artifact is local and inside the allowed roots). `actual_sha256` is the
    file's SHA-256, or a directory's manifest digest. `serialization` holds one
    entry per inspected model file (adapters and base models only). `name` is the
    dataset's or adapter's declared name, for messages (None for the base model, whose
    `uri` is its id).
    """

    pointer: str
    kind: ArtifactKind
    uri: str
    path: str | None
    declared_sha256: str | None
    actual_sha256: str | None
    status: DigestStatus
    detail: str
    serialization: tuple[SerializationEvidence, ...] = ()
    scanner_findings: tuple[ScannerFinding, ...] = ()
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their string values, tuples as lists)."""
        return _plain(dataclasses.asdict(self))

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value
