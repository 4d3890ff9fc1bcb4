"""Stage 3: turn one schema-valid document into a result per control.

Policies see the envelope `{"descriptor": <document>, "as_of": <RFC 3339>}`,
plus `"evidence": {"artifacts": [...]}` when artifacts were verified;
parameters are `data.ftcomply.params`. Tier rules and `applicable` decide
`not_applicable`; disabled controls are still evaluated so reports can show
what they would have said.
"""

from __future__ import annotations

from typing import Any

from ftcomply.catalog import Catalog
from ftcomply.engine import Engine
from ftcomply.evidence import ArtifactEvidence
from ftcomply.loader import SourceDocument
from ftcomply.models import ControlResult, Finding, Status


def envelope(
    document: Any, as_of: str, artifacts: tuple[ArtifactEvidence, ...] | None = None
) -> dict[str, Any]:
    """The policy input for one descriptor; `evidence` only when artifacts were verified."""
    value: dict[str, Any] = {"descriptor": document, "as_of": as_of}
    if artifacts is not None:
        value["evidence"] = {"artifacts": [a.as_dict() for a in artifacts]}
    return value


def evaluate_document(
    engine: Engine,
    catalog: Catalog,
    document: SourceDocument,
    as_of: str,
    disabled: frozenset[str] = frozenset(),
    artifacts: tuple[ArtifactEvidence, ...] | None = None,
) -> tuple[ControlResult, ...]:
    """Evaluate every control; raises EngineError when the engine cannot answer."""
    verdicts = engine.evaluate(envelope(document.data, as_of, artifacts))
    tier = document.data.get("metadata", {}).get("risk_tier")
    results = []
    for control in catalog.controls:
        if tier not in control.tiers or (
            control.has_applicable and control.id not in verdicts.applicable
        ):
            raw, findings = Status.NOT_APPLICABLE, ()
        else:
            findings = tuple(
                sorted(
                    (_finding(item, document) for item in verdicts.deny.get(control.id, [])),
                    key=lambda f: (f.location.line or 0, f.pointer, f.message),
                )
            )
            raw = Status.FAIL if findings else Status.PASS
        status = Status.DISABLED if control.id in disabled else raw
        results.append(ControlResult(control, status, raw, findings))
    return tuple(results)


def _finding(item: Any, document: SourceDocument) -> Finding:
    """A deny element as a Finding; a malformed one still fails its control."""
    if isinstance(item, dict):
        message = item.get("msg")
        pointer = item.get("path", "")
    else:
        message, pointer = None, ""
    if not isinstance(message, str) or not message:
        message = f"policy reported {item!r}"
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        pointer = ""
    return Finding(message, pointer, document.locate(pointer))

