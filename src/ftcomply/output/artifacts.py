"""How every report format words artifact evidence (`check --verify`): verified or declared.

Only a digest recomputed here and equal to the declared one is *verified*;
every other status leaves the declared digest unconfirmed, so it is shown as
*declared* with the reason. A remote URI is "not verifiable here", never
verified. Formats share these words so that a digest reads the same in each.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from ftcomply.evidence import ArtifactEvidence, DigestStatus
from ftcomply.models import DocumentResult

VERIFIED = "verified"
DECLARED = "declared"

# Why a digest is only declared, in words a reader needs no manual for.
REASONS = {
    DigestStatus.MISMATCH: "mismatch",
    DigestStatus.UNDECLARED: "undeclared (no sha256 to compare with)",
    DigestStatus.MISSING: "missing",
    DigestStatus.REMOTE: "remote (not verifiable here)",
    DigestStatus.OUTSIDE_ROOT: "outside-root (not read)",
    DigestStatus.UNREADABLE: "unreadable",
}

# A scheme has two or more letters: `C:` is a Windows drive, as evidence.digests reads it.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_verified(artifact: ArtifactEvidence) -> bool:
    return artifact.status is DigestStatus.VERIFIED


def digest(artifact: ArtifactEvidence) -> str:
    """`verified` or `declared`, as the JSON report's `digest` field says."""
    return VERIFIED if is_verified(artifact) else DECLARED


def label(artifact: ArtifactEvidence) -> str:
    """`VERIFIED`, or `DECLARED ONLY — <reason>`: readable without colour or a legend."""
    if is_verified(artifact):
        return "VERIFIED"
    return f"DECLARED ONLY — {REASONS[artifact.status]}"


def summary(artifacts: Iterable[ArtifactEvidence]) -> str:
    """`3 verified, 1 mismatch, 1 remote (not verifiable here)`: statuses in a fixed order."""
    counts = Counter(a.status for a in artifacts)
    return ", ".join(
        f"{counts[status]} {VERIFIED if status is DigestStatus.VERIFIED else REASONS[status]}"
        for status in DigestStatus if counts[status]
    )


def tally(documents: Iterable[DocumentResult]) -> Counter[str]:
    """How many artifacts of these documents are verified and how many only declared."""
    return Counter(digest(a) for d in documents for a in d.artifacts)


def local_path(document: DocumentResult, artifact: ArtifactEvidence) -> str | None:
    """A local artifact's path as the report's input paths are written; None when remote.

    A relative path is relative to the descriptor's directory, so it is joined
    to the document's path (lexically: the resolved `artifact.path` would put
    the machine's layout in the report). A `file:` URI becomes its path.
    """
    if artifact.status is DigestStatus.REMOTE:
        return None
    path = artifact.uri
    if _SCHEME.match(path):
        path = unquote(urlsplit(path).path)  # only file: URIs are local
    if posixpath.isabs(path):
        return path
    directory = posixpath.dirname(document.path.replace("\\", "/"))
    return posixpath.normpath(posixpath.join(directory, path))


def tool_evidence_rows(document: DocumentResult) -> list[dict[str, str]]:
    """The signatures, measurements and dataset cards --verify bound to a document, a row
    each: `what` it is about, its `status`, the `source` file, that file's `digest`
    (or, for a signature, the digest it signs) and a `detail` in words. Runs and
    datasets no report or card was given for are left out: their results say
    `declared`."""
    evidence = document.tool_evidence or {}
    rows = [_signature_row(s) for s in evidence.get("signatures", ())]
    for binding in evidence.get("safety", ()):
        for run in ("tuned", "base"):
            if binding[run]["status"] != "not-given":
                    rows.append(_measurement_row(
                    f"evaluation.safety[{binding['index']}] {run} run", binding[run]))
    if evidence.get("red_team") and evidence["red_team"]["status"] != "not-given":
        rows.append(_measurement_row("evaluation.red_team", evidence["red_team"]))
    for card in evidence.get("datasets", ()):
        if card["status"] != "not-given":
                rows.append({"what": f"datasets[{card['index']}] Croissant card",
                         "status": card["status"], "source": card.get("card") or "—",
                         "digest": _sha(card.get("card_sha256")),
                         "detail": card.get("detail") or "licences: " + (
                             ", ".join(card.get("licenses") or ()) or "none recorded")})
    return rows


def _signature_row(signature: dict) -> dict[str, str]:
    detail = (f"signed by {signature['signer']}; {signature['signed_files']} file(s) signed; "
              f"ftcomply's digest of the artifact {_sha(signature['artifact_sha256'])}"
              if signature["status"] == "verified" else signature["reason"] or "")
    return {"what": f"signature {signature['pointer']}", "status": signature["status"],
            "source": signature["bundle"], "digest": signature["manifest_digest"] or "—",
            "detail": detail}


def _measurement_row(what: str, measured: dict) -> dict[str, str]:
    if measured["status"] != "measured":
        detail = measured["detail"] or "no report: the numbers are declared"
    elif "harmful" in measured:
        detail = (f"{measured['tool']} {measured['tool_version'] or ''}: {measured['metric']} "
                  f"{measured['value']} (harmful {measured['harmful']}), "
                  f"{measured['samples']} samples, model {measured['model']}, "
                  f"run {measured['run_at']}")
    else:
        detail = (f"{measured['tool']} {measured['tool_version'] or ''}: {measured['failed']} "
                  f"failed of {measured['attempts']} attempts, model {measured['model']}, "
                  f"run {measured['run_at']}")
    return {"what": what, "status": measured["status"], "source": measured["report"] or "—",
            "digest": _sha(measured["report_sha256"]), "detail": detail}


def _sha(value: str | None) -> str:
    return f"sha256:{value}" if value else "—"
