"""From what a config states to a complete draft: placeholders for what it cannot know.

A format module returns the descriptor fields its source states, with `Gap`s where it
had to put a placeholder. `complete` adds the required fields no source states (owner,
risk tier, …) as gaps too, removes credentials, and returns the plain descriptor plus
the JSON pointer of every gap. The pointers are also data in the draft,
`x-import.gaps`, since the YAML comments that mark them are invisible to the loader:
GOV-DOC-01 fails on each until it is filled in and removed from the list. Evidence
(digests, scans, evaluations, approvals) is never invented: it stays absent, so
`ftcomply check` reports it as owed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ftcomply.loader import escape_token

TODO = "TODO"

_NAME_CHARS = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class Gap:
    """A placeholder `value` for something the source does not state, and what to fill in."""

    value: Any
    note: str


@dataclass(frozen=True)
class Origin:
    """Where a draft came from (format, file as the user named it, its SHA-256) and when."""

    format: str
    source_file: str
    source_sha256: str
    imported_at: str


def complete(stated: dict[str, Any], origin: Origin,
             fallback_name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The draft descriptor (plain data) and {JSON pointer: note} of each of its gaps."""
    metadata = stated.get("metadata", {})
    base_model = stated.get("base_model", {})
    training = stated.get("training", {})
    given = metadata.get("name", "")
    if isinstance(given, Gap):  # a name the source gives, but not one that names the job
        name: Any = Gap(slug(given.value) or slug(fallback_name) or "imported-job", given.note)
    else:
        name = slug(given) or Gap(slug(fallback_name) or "imported-job",
                                  "named after the source file: use the job's name")
    descriptor: dict[str, Any] = {
        "apiVersion": "ftcomply/v1",
        "kind": "FineTuningJob",
        "metadata": {
            "name": name,
            "owner": Gap(TODO, "the team or e-mail address that answers for this job"),
            "created": metadata.get("created") or Gap(
                origin.imported_at, "when the draft was imported, not when the job was created: "
                "set the job's creation time"),
            "risk_tier": Gap("high", "placeholder: high applies every control; set the job's "
                             "risk tier (low, medium, high)"),
            **_without(metadata, "name", "created"),
        },
        "base_model": {
            "id": base_model.get("id") or Gap(TODO, "the base model's id"),
            "source": base_model.get("source") or Gap(
                "hub", "assumed a public hub, which asks for the most evidence: set registry, "
                "vendor or internal if the weights come from there"),
            **_without(base_model, "id", "source"),
        },
        "datasets": stated.get("datasets") or [{
            "name": Gap(TODO, "the source names no training data: name each dataset"),
            "role": "train",
            "uri": Gap(TODO, "where the training data is stored"),
        }],
        "training": {
            "method": training.get("method") or Gap(
                "other", "the source does not say how the model is tuned: set full, lora, "
                "qlora, prefix, dpo, rlhf or other"),
            **_without(training, "method"),
        },
    }
    if stated.get("adapters"):
        descriptor["adapters"] = [_adapter(a) for a in stated["adapters"]]
    descriptor.update({key: value for key, value in stated.items() if key.startswith("x-")})
    descriptor["x-import"] = {"format": origin.format, "source_file": origin.source_file,
                              "source_sha256": origin.source_sha256}
    gaps: dict[str, str] = {}
    draft = _resolve(descriptor, "", gaps)
    draft["x-import"]["gaps"] = list(gaps)
    return draft, gaps


def slug(text: str) -> str:
    """A metadata.name: lowercase letters, digits, '.', '_' and '-', at most 63 characters."""
    name = _NAME_CHARS.sub("-", text.lower()).lstrip("._-")
    return name[:63].rstrip("._-")


def _without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if key not in keys}


def _adapter(adapter: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": adapter.get("name") or Gap(TODO, "the adapter's name"),
        "uri": adapter.get("uri") or Gap(TODO, "where the adapter's weights are stored"),
        **_without(adapter, "name", "uri"),
    }


def _resolve(value: Any, pointer: str, gaps: dict[str, str]) -> Any:
    """Replace every Gap by its placeholder, recording where it stood; redact credentials."""
    if isinstance(value, Gap):
        gaps[pointer] = value.note
        return _resolve(value.value, pointer, {})
    if isinstance(value, dict):
        return {key: _resolve(item, f"{pointer}/{escape_token(key)}", gaps)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, f"{pointer}/{index}", gaps) for index, item in enumerate(value)]
    if isinstance(value, str):
        clean = redact(value)
        if clean != value:
            gaps.setdefault(pointer, "a credential was removed from this value: rotate it, and "
                            "give the job its credentials from a secret store")
        return clean
    return value


# Credentials a config may carry inside a value it names (an URL, a model id, a path).
_TOKENS = re.compile(
    r"\b(?:hf_[A-Za-z0-9]{30,}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,}"
    r"|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}"
    r"|(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})")
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]+@")
_CREDENTIAL_PARAMETER = re.compile(
    r"(?i)(?:token|access_token|api_key|apikey|password|secret|sig|signature|x-amz-[a-z-]+"
    r"|x-goog-[a-z-]+)=")
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----"
                          r"|$)", re.DOTALL)


def redact(text: str) -> str:
    """`text` without credentials: tokens, user:password@ in URLs, signed query parameters."""
    text = _PRIVATE_KEY.sub("REDACTED", text)
    text = _TOKENS.sub("REDACTED", text)
    text = _USERINFO.sub(r"\g<scheme>", text)
    head, question, rest = text.partition("?")
    if not question:
        return text
    query, hash_mark, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if not _CREDENTIAL_PARAMETER.match(p)]
    return head + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment
