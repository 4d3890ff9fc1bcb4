"""MLCommons Croissant 1.x dataset cards (JSON-LD): a `datasets[]` entry from what the
dataset's publisher states (name, location, licence, provenance, personal data, digests).

The card is read by the evidence parser (`ftcomply.evidence.croissant`), so `import`
and `--evidence` read a card the same way. A card describes data, not a job: the base
model, the method and the job's name stay placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.evidence.croissant import DatasetCard, card_from_bytes, sniff_croissant
from ftcomply.importers.draft import TODO, Gap
from ftcomply.importers.source import Source
from ftcomply.loader import SourceDocument

KIND = "a Croissant dataset card"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


@dataclass(frozen=True)
class CardSource(Source):
    """The card's JSON document, and the card read from it."""

    card: DatasetCard | None = None


def read(name: str, raw: bytes) -> Source:
    if not sniff_croissant(raw):
        raise FtcomplyError.at(f"not {KIND}: not a JSON-LD object whose conformsTo or "
                               "@context names mlcommons.org/croissant", name, 1)
    card = card_from_bytes(name, raw)
    return CardSource(KIND, SourceDocument(name, 0, {}, {}, card.sha256), card)


def to_descriptor(source: Source) -> dict[str, Any]:
    card = source.card if isinstance(source, CardSource) else None
    if card is None:  # pragma: no cover - read() always sets it
        raise source.error(f"not {KIND}", "")
    return {"metadata": {}, "base_model": {}, "datasets": [dataset(card)], "training": {}}


def dataset(card: DatasetCard) -> dict[str, Any]:
    """The `datasets[]` entry the card states, with gaps where it cannot say."""
    entry: dict[str, Any] = {
        "name": card.name or Gap(TODO, "the card gives no name: name the dataset"),
        "role": Gap("train", "a card does not say how the job uses its data: set train, "
                    "validation, safety or eval"),
    }
    uri, sha256 = _location(card)
    entry["uri"] = uri
    if sha256:
        entry["sha256"] = sha256
    licence = _licence(card)
    if licence is not None:
        entry["license"] = licence
    entry["classification"] = Gap("personal", (
        "the card describes personal or sensitive information (x-croissant."
        "personal_sensitive_information): set personal, or public once it is removed"
        if card.personal_sensitive_information else
        "the card says nothing of personal or sensitive information "
        "(rai:personalSensitiveInformation): personal applies the privacy controls; set "
        "public, internal or confidential once someone has checked"))
    entry["provenance"] = _provenance(card)
    entry["x-croissant"] = _facts(card)
    return entry


def _location(card: DatasetCard) -> tuple[Any, str | None]:
    """(uri, sha256): the one file whose digest the card gives, else the card's url."""
    digested = [f for f in card.files if f.sha256 and f.content_url]
    if len(digested) == 1 and len(card.files) == 1:
        file = digested[0]
        uri: Any = file.content_url
        if not _SCHEME.match(file.content_url or ""):
            uri = Gap(file.content_url, "the card gives this path relative to the card's "
                      "own folder: write it relative to this descriptor")
        return uri, file.sha256
    if card.url:
        return card.url, None
    located = [f.content_url for f in card.files if f.content_url]
    if len(located) == 1:
        return located[0], None
    return Gap(TODO, "the card gives no url and no single file: where the data is stored"), None


def _licence(card: DatasetCard) -> Any:
    if not card.licenses:
        return None
    if len(card.licenses) > 1:
        return Gap(" AND ".join(card.licenses), "the card gives several licences: keep the "
                   "SPDX expression that governs this use of the data")
    (licence,) = card.licenses
    if card.unmapped_licenses:
        return Gap(licence, "not an SPDX licence id: give the SPDX id (or LicenseRef-…) of "
                   "these terms")
    return licence


def _provenance(card: DatasetCard) -> dict[str, Any]:
    provenance: dict[str, Any] = {"origin": Gap(
        "public", "assumed public (the card publishes the dataset), which asks for a "
        "reviewer: set vendor, internal, synthetic or user-upload when that is true")}
    if card.url:
        provenance["source_url"] = card.url
    dates = [found.group() for text in card.data_collection_timeframe
             if (found := _DATE.match(text.strip()))]
    if dates:
        provenance["collected_at"] = max(dates)  # the end of the collection timeframe
    curators = card.creators or card.publishers
    if curators:
        provenance["curator"] = ", ".join(curators)
    return provenance


def _facts(card: DatasetCard) -> dict[str, Any]:
    """What the card states that no descriptor field holds, for the reviewer."""
    facts: dict[str, Any] = {"card_sha256": card.sha256, "conforms_to": card.conforms_to}
    for key, value in (("version", card.version), ("date_published", card.date_published),
                       ("cite_as", card.cite_as)):
        if value:
            facts[key] = value
    for key in ("creators", "publishers", "personal_sensitive_information", "data_collection",
                "data_collection_type", "data_collection_raw_data", "data_collection_timeframe",
                "data_preprocessing_protocol", "data_manipulation_protocol"):
        if getattr(card, key):
            facts[key] = list(getattr(card, key))
    files = []
    for file in card.files:
        item: dict[str, Any] = {"name": file.name}
        if file.content_url:
            item["content_url"] = file.content_url
        if file.sha256:
            item["sha256"] = file.sha256
        elif file.name in card.md5_only:
            item["sha256"] = Gap(TODO, "the card gives only an md5 for this file: compute its "
                                 "sha256 (ftcomply compares SHA-256 digests)")
        elif file.name in card.unusable_sha256:
            item["sha256"] = Gap(TODO, "the card's sha256 for this file is not a SHA-256 "
                                 "digest: compute the file's sha256")
        files.append(item)
    if files:
        facts["files"] = files
    return facts
