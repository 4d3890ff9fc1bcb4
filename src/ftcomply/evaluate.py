"""Stage 3: turn one schema-valid document into a result per control.

Policies see the envelope `{"descriptor": <document, strings normalised>, "as_of":
<RFC 3339>, "text": <what normalisation found>}`, plus `"evidence": {...}` (artifacts,
signatures, evaluations, safety, red_team, datasets: `DocumentEvidence`) when the run
verifies; parameters are `data.ftcomply.params`.

A control's result rests on verified evidence only when the run verified, the control
reads `input.evidence`, and its `declared` set (what it took on the descriptor's word
alone, such as a score no report measured) is empty.

A control is `not_applicable` only for a reason a reader can check: the run's stage
comes before the control's, the job's risk tier is not among the control's tiers, or
the control's own `not_applicable` rule names a reason. Disabled controls are still
evaluated so reports can show what they would have said.
"""

from __future__ import annotations

from typing import Any

from ftcomply.catalog import Catalog
from ftcomply.engine import Engine, Verdicts
from ftcomply.evidence.bindings import DocumentEvidence
from ftcomply.loader import SourceDocument
from ftcomply.models import STAGES, Control, ControlResult, EvidenceLevel, Finding, Status
from ftcomply.textnorm import normalize_document

# The reason of a user control that still uses the older `applicable` rule.
APPLICABLE_RULE_REASON = "its applicable rule does not hold"


def envelope(
    document: Any, as_of: str, evidence: DocumentEvidence | None = None
) -> dict[str, Any]:
    """The policy input for one descriptor; `evidence` only when the run verifies."""
    descriptor, text = normalize_document(document)
    value: dict[str, Any] = {"descriptor": descriptor, "as_of": as_of, "text": text.as_dict()}
    if evidence is not None:
        value["evidence"] = evidence.policy_input()
    return value


def evaluate_document(
    engine: Engine,
    catalog: Catalog,
    document: SourceDocument,
    as_of: str,
    stage: str,
    disabled: frozenset[str] = frozenset(),
    evidence: DocumentEvidence | None = None,
) -> tuple[ControlResult, ...]:
    """Evaluate every control at `stage`; raises EngineError when the engine cannot answer."""
    verdicts = engine.evaluate(envelope(document.data, as_of, evidence))
    metadata = document.data.get("metadata")
    tier = metadata.get("risk_tier") if isinstance(metadata, dict) else None
    verified = evidence is not None
    results = []
    for control in catalog.controls:
        reason = not_applicable_reason(control, verdicts, tier, stage)
        if reason is not None:
            raw, findings, level = Status.NOT_APPLICABLE, (), EvidenceLevel.NONE
        else:
            findings = tuple(
                sorted(
                    (_finding(item, document) for item in verdicts.deny.get(control.id, [])),
                    key=lambda f: (f.location.line or 0, f.pointer, f.message),
                )
            )
            raw = Status.FAIL if findings else Status.PASS
            level = (EvidenceLevel.VERIFIED
                     if verified and control.reads_evidence and not verdicts.declared.get(
                         control.id) else EvidenceLevel.DECLARED)
        status = Status.DISABLED if control.id in disabled else raw
        results.append(ControlResult(control, status, raw, findings, reason=reason,
                                     evidence_level=level))
    return tuple(results)


def not_applicable_reason(control: Control, verdicts: Verdicts, tier: Any, stage: str
                          ) -> str | None:
    """Why the control does not apply to this document at this stage; None when it does."""
    if STAGES.index(control.stage) > STAGES.index(stage):
        return f"stage {stage}"
    if tier not in control.tiers:
        return f"risk tier {tier} is not among the control's tiers ({', '.join(control.tiers)})"
    reasons = verdicts.not_applicable.get(control.id)
    if reasons:
        return "; ".join(sorted(str(r) for r in reasons))
    if control.has_applicable and control.id not in verdicts.applicable:
        return APPLICABLE_RULE_REASON
    return None


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
