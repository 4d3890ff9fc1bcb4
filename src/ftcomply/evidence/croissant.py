"""MLCommons Croissant 1.x dataset cards as evidence: what a dataset's publisher states.

A Croissant card (https://docs.mlcommons.org/croissant/) is the JSON-LD
description of a dataset: its name and URL, licence, creators, citation, its
files (`distribution`: FileObjects with a `contentUrl` and a `sha256`) and,
with the Responsible AI vocabulary (`rai:`), how the data was collected and
what personal or sensitive information it holds.

- `sniff_croissant(raw)` tells a card by content, never by file name: a JSON
  object whose `conformsTo` (`dct:conformsTo`) or `@context` names
  `mlcommons.org/croissant`.
- `load_dataset_card(path)` reads one card (at most 16 MiB) into a
  `DatasetCard`; `card_from_bytes(name, raw)` does the same for bytes already
  read (the importer). A card that is not JSON, not a `sc:Dataset`, does not
  conform to Croissant 1.x, or holds a known field of the wrong shape is an
  error naming the file, the line and the JSON pointer.
- `bind_dataset_cards(descriptor, cards)` ties each `datasets[i]` to the card
  that describes it, for the controls (`input.evidence.datasets`).

JSON-LD lets a card write a term compacted (`license`, `sc:license`,
`cr:citeAs`, `rai:dataCollection`) or as a full IRI; each field is looked up
under all of these spellings. Values may be a string, a list, `{"@value": …}`,
`{"@id": …}` or an object with a `name` (a `sc:Person`); text fields collect
the strings of all of them. Strings written as `"None"` (some card generators
write Python's None so) count as absent.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from ftcomply.errors import FtcomplyError
from ftcomply.loader import (
    MAX_INPUT_BYTES,
    SourceDocument,
    check_json_surrogates,
    escape_token,
    read_bounded,
    unique_keys,
)
from ftcomply.models import InputError

MAX_CARD_BYTES = MAX_INPUT_BYTES
CROISSANT = "mlcommons.org/croissant"
_VERSION = re.compile(r"mlcommons\.org/croissant/(\d+)\.(\d+)")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")

# Where a compacted term may live, for the prefixes Croissant cards use.
_NAMESPACES = {
    "sc": ("https://schema.org/", "http://schema.org/"),
    "cr": ("http://mlcommons.org/croissant/",),
    "rai": ("http://mlcommons.org/croissant/RAI/",),
    "dct": ("http://purl.org/dc/terms/",),
}


class CardFile(NamedTuple):
    """One FileObject of the card's `distribution`: its `name` (else its `@id`), its
    `contentUrl` as written (None when absent) and its `sha256`, lowercase (None when the
    card gives none, or gives something that is not a SHA-256 digest)."""

    name: str
    content_url: str | None
    sha256: str | None


@dataclass(frozen=True)
class DatasetCard:
    """What a Croissant card says about its dataset.

    - `path`: the card's path as given; `sha256`: the SHA-256 of its bytes.
    - `conforms_to`: the Croissant version IRI it names (`http://mlcommons.org/croissant/1.1`).
    - `name`, `url`, `version`: the dataset's `name`, `url` and `version` (None when absent).
    - `licenses`: each `license`, SPDX-normalised where it is a known id or licence URL
      (`https://creativecommons.org/licenses/by/4.0/` is `CC-BY-4.0`), else as written;
      `unmapped_licenses` those kept as written.
    - `files`: the FileObjects of `distribution`, in card order (`CardFile`);
      `md5_only`: names of files that give an md5 and no sha256; `unusable_sha256`: names
      of files whose `sha256` is not a SHA-256 digest (a URL, a short hash).
    - `creators`, `publishers`: names of `creator` and `publisher` (persons or
      organisations; a bare string or URL as written); `date_published`: `datePublished`
      as written; `cite_as`: `cr:citeAs`, else `sc:citation`.
    - Responsible AI (`rai:`, Croissant RAI 1.0, used by 1.1 cards), each the texts the card
      gives, in order: `personal_sensitive_information` (`rai:personalSensitiveInformation`),
      `data_collection` (`rai:dataCollection`), `data_collection_type`
      (`rai:dataCollectionType`), `data_collection_raw_data` (`rai:dataCollectionRawData`),
      `data_collection_timeframe` (`rai:dataCollectionTimeframe`, also spelt
      `…TimeFrame`), `data_preprocessing_protocol` (`rai:dataPreprocessingProtocol`),
      `data_manipulation_protocol` (`rai:dataManipulationProtocol`).
    """

    path: str
    sha256: str
    conforms_to: str
    name: str | None
    url: str | None
    version: str | None
    licenses: tuple[str, ...]
    unmapped_licenses: tuple[str, ...]
    files: tuple[CardFile, ...]
    md5_only: tuple[str, ...]
    unusable_sha256: tuple[str, ...]
    creators: tuple[str, ...]
    publishers: tuple[str, ...]
    date_published: str | None
    cite_as: str | None
    personal_sensitive_information: tuple[str, ...]
    data_collection: tuple[str, ...]
    data_collection_type: tuple[str, ...]
    data_collection_raw_data: tuple[str, ...]
    data_collection_timeframe: tuple[str, ...]
    data_preprocessing_protocol: tuple[str, ...]
    data_manipulation_protocol: tuple[str, ...]

    def file_digests(self) -> list[str]:
        """The distinct SHA-256 digests of the card's files, in card order."""
        return list(dict.fromkeys(f.sha256 for f in self.files if f.sha256))


# --- sniffing and loading ----------------------------------------------------------------

def sniff_croissant(raw: bytes) -> bool:
    """True when `raw` is a JSON object whose conformsTo or @context names Croissant."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not text.lstrip().startswith("{"):
        return False
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(document, dict):
        return False
    conforms = [v for _, v in _lookup(document, "conformsTo", ("dct", "sc"))]
    if any(CROISSANT in text for text in _strings(conforms)):
        return True
    return any(CROISSANT in text for text in _strings([document.get("@context")]))


def load_dataset_card(path: Path | str) -> DatasetCard:
    """Read the Croissant card at `path` (see `card_from_bytes`)."""
    name = str(path)
    raw = read_bounded(name, MAX_CARD_BYTES)
    if len(raw) > MAX_CARD_BYTES:
        raise FtcomplyError.at(f"Croissant card is larger than {MAX_CARD_BYTES} bytes", name)
    return card_from_bytes(name, raw)


def card_from_bytes(name: str, raw: bytes) -> DatasetCard:
    """The card these bytes hold; FtcomplyError with file, line and JSON pointer if none."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FtcomplyError.at("Croissant card is not valid UTF-8 text", name, line) from None
    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except ValueError as exc:  # a duplicate key
        raise FtcomplyError.at(f"invalid JSON: {exc}", name) from None
    except RecursionError:
        raise FtcomplyError.at("invalid JSON: nested too deeply", name) from None
    check_json_surrogates(name, text)
    sha256 = hashlib.sha256(raw).hexdigest()
    return _Card(SourceDocument(name, 0, data, {}, sha256, text)).read()


class _Card:
    """Typed access to one card's JSON, failing at a JSON pointer with its line."""

    def __init__(self, document: SourceDocument) -> None:
        self.document = document

    def fail(self, message: str, pointer: str) -> NoReturn:
        raise FtcomplyError(InputError(f"Croissant card: {message}",
                                       self.document.locate(pointer), pointer or "/"))

    def read(self) -> DatasetCard:
        data = self.document.data
        if not isinstance(data, dict):
            self.fail("expected a JSON-LD object", "")
        conforms = self._conforms_to(data)
        types = _strings([data.get("@type")])
        if not any(_local_name(t) == "Dataset" for t in types):
            self.fail(f"@type is {', '.join(types) or 'missing'}, not sc:Dataset",
                      "/@type" if "@type" in data else "")
        licenses, unmapped = [], []
        for given in self.texts(data, "", "license", ("sc",)):
            spdx = normalise_license(given)
            licenses.append(spdx or given)
            if spdx is None:
                unmapped.append(given)
        files, md5_only, unusable = self._files(data)
        cite_as = self.texts(data, "", "citeAs", ("cr",)) or self.texts(
            data, "", "citation", ("sc",))
        return DatasetCard(
            path=self.document.path,
            sha256=self.document.sha256,
            conforms_to=conforms,
            name=self.text(data, "", "name", ("sc",)),
            url=self.text(data, "", "url", ("sc",)),
            version=self.text(data, "", "version", ("sc",)),
            licenses=tuple(dict.fromkeys(licenses)),
            unmapped_licenses=tuple(dict.fromkeys(unmapped)),
            files=files,
            md5_only=md5_only,
            unusable_sha256=unusable,
            creators=self.texts(data, "", "creator", ("sc",)),
            publishers=self.texts(data, "", "publisher", ("sc",)),
            date_published=self.text(data, "", "datePublished", ("sc",)),
            cite_as=cite_as[0] if cite_as else None,
            personal_sensitive_information=self.texts(
                data, "", "personalSensitiveInformation", ("rai", "cr")),
            data_collection=self.texts(data, "", "dataCollection", ("rai", "cr")),
            data_collection_type=self.texts(data, "", "dataCollectionType", ("rai", "cr")),
            data_collection_raw_data=self.texts(
                data, "", "dataCollectionRawData", ("rai", "cr")),
            data_collection_timeframe=(
                self.texts(data, "", "dataCollectionTimeframe", ("rai", "cr"))
                + self.texts(data, "", "dataCollectionTimeFrame", ("rai", "cr"))),
            data_preprocessing_protocol=self.texts(
                data, "", "dataPreprocessingProtocol", ("rai", "cr")),
            data_manipulation_protocol=self.texts(
                data, "", "dataManipulationProtocol", ("rai", "cr")),
        )

    def _conforms_to(self, data: dict[str, Any]) -> str:
        found = list(_lookup(data, "conformsTo", ("dct", "sc")))
        if not found:
            self.fail("no conformsTo: a Croissant 1.x card names "
                      "http://mlcommons.org/croissant/1.0 or 1.1 there", "")
        key, value = found[0]
        for text in _strings([value]):
            version = _VERSION.search(text)
            if version and version.group(1) == "1":
                return text
        self.fail(f"conformsTo is {_show(value)}, not Croissant 1.x "
                  "(http://mlcommons.org/croissant/1.0 or 1.1)", f"/{escape_token(key)}")

    def _files(self, data: dict[str, Any]
               ) -> tuple[tuple[CardFile, ...], tuple[str, ...], tuple[str, ...]]:
        found = list(_lookup(data, "distribution", ("sc",)))
        if not found:
            return (), (), ()
        key, distribution = found[0]
        pointer = f"/{escape_token(key)}"
        items = distribution if isinstance(distribution, list) else [distribution]
        files, md5_only, unusable = [], [], []
        for index, item in enumerate(items):
            where = f"{pointer}/{index}" if isinstance(distribution, list) else pointer
            if not isinstance(item, dict):
                self.fail("a distribution entry must be a JSON object", where)
            if not any(_local_name(t) == "FileObject" for t in _strings([item.get("@type")])):
                continue  # a FileSet: its files are matched by glob, and carry no digest
            name = self.text(item, where, "name", ("sc",)) or (
                item["@id"] if isinstance(item.get("@id"), str) else f"distribution[{index}]")
            url = self.text(item, where, "contentUrl", ("sc",))
            digest = self.text(item, where, "sha256", ("sc",))
            md5 = self.text(item, where, "md5", ("cr", "sc"))
            if digest is not None and not _SHA256.fullmatch(digest):
                unusable.append(name)
                digest = None
            elif digest is None and md5 is not None:
                md5_only.append(name)
            files.append(CardFile(name, url, digest.lower() if digest else None))
        return tuple(files), tuple(md5_only), tuple(unusable)

    def texts(self, data: dict[str, Any], pointer: str, term: str,
              prefixes: tuple[str, ...]) -> tuple[str, ...]:
        """Every string the card gives for `term`, in order, "None" and blanks left out."""
        found = []
        for key, value in _lookup(data, term, prefixes):
            where = f"{pointer}/{escape_token(key)}"
            scalars = value if isinstance(value, list) else [value]
            if any(isinstance(v, int | float | bool) for v in scalars):
                self.fail(f"{key} must be text, a list of texts or objects, "
                          f"not {_show(value)}", where)
            found.extend(_strings([value], names=True))
        return tuple(dict.fromkeys(t.strip() for t in found if _given(t)))

    def text(self, data: dict[str, Any], pointer: str, term: str,
             prefixes: tuple[str, ...]) -> str | None:
        """The first string the card gives for `term` (a number, as a version may be, too)."""
        for key, value in _lookup(data, term, prefixes):
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            texts = self.texts({key: value}, pointer, term, prefixes)
            if texts:
                return texts[0]
        return None


def _lookup(data: Mapping[str, Any], term: str,
            prefixes: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """(key, value) of `term` in each spelling present: bare, prefixed, full IRI."""
    keys = [term] + [f"{p}:{term}" for p in prefixes] + [
        iri + term for p in prefixes for iri in _NAMESPACES[p]]
    for key in keys:
        if key in data and data[key] is not None:
            yield key, data[key]


def _strings(values: Sequence[Any], names: bool = False) -> list[str]:
    """The strings in JSON-LD values: plain, in lists, `@value`, `@id`; with `names`,
    also an object's `name` (a Person, an Organization, a CreativeWork licence)."""
    found: list[str] = []
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(_strings(value, names))
        elif isinstance(value, dict):
            keys = ("@value", "name", "sc:name", "@id", "url", "sc:url") if names else (
                "@value", "@id")
            for key in keys:
                if isinstance(value.get(key), str) and _given(value[key]):
                    found.append(value[key])
                    break
            else:
                if not names:  # @context: every IRI it maps
                    found.extend(_strings(list(value.values())))
    return found


def _given(text: str) -> bool:
    return bool(text.strip()) and text.strip() != "None"


def _local_name(type_name: str) -> str:
    return re.split(r"[:/#]", type_name)[-1]


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# --- licences ----------------------------------------------------------------------------

# SPDX ids that cards write (often lowercase, as Hugging Face's licence tags do).
_SPDX_IDS = (
    "0BSD", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "Artistic-2.0",
    "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSL-1.0", "CC-BY-1.0", "CC-BY-2.0",
    "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-NC-2.0", "CC-BY-NC-3.0", "CC-BY-NC-4.0",
    "CC-BY-NC-ND-3.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0",
    "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ECL-2.0", "EPL-1.0",
    "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "GFDL-1.3-only", "GPL-2.0-only", "GPL-2.0-or-later",
    "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1-only", "LGPL-3.0-only", "LPPL-1.3c",
    "MIT", "MPL-2.0", "MS-PL", "NCSA", "ODbL-1.0", "ODC-By-1.0", "OFL-1.1", "OSL-3.0",
    "PDDL-1.0", "PostgreSQL", "Unlicense", "WTFPL", "Zlib",
)
_BY_LOWER = {spdx.lower(): spdx for spdx in _SPDX_IDS}
# Short names that are not SPDX ids but name one unambiguously (Hugging Face's tags).
_ALIASES = {"odc-by": "ODC-By-1.0", "odbl": "ODbL-1.0", "pddl": "PDDL-1.0", "cc0": "CC0-1.0",
            "apache 2.0": "Apache-2.0", "apache license 2.0": "Apache-2.0",
            "mit license": "MIT", "bsl-1.0": "BSL-1.0"}
_CC = re.compile(r"creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)(?:/([a-z]+))?")
_CC_ZERO = re.compile(r"creativecommons\.org/publicdomain/zero/1\.0")
_APACHE = re.compile(r"apache\.org/licenses/license-2\.0(?:\.html|\.txt)?")
_ODC = {"opendatacommons.org/licenses/by": "ODC-By-1.0",
        "opendatacommons.org/licenses/odbl": "ODbL-1.0",
        "opendatacommons.org/licenses/pddl": "PDDL-1.0"}
_ID_IN_URL = re.compile(
    r"(?:spdx\.org/licenses|opensource\.org/licenses?|choosealicense\.com/licenses)/"
    r"([A-Za-z0-9.+-]+?)(?:\.html|\.php)?$")


def normalise_license(text: str) -> str | None:
    """The SPDX id a licence name or URL stands for, or None when it is not a known one."""
    given = text.strip()
    lowered = given.lower()
    if lowered in _BY_LOWER:
        return _BY_LOWER[lowered]
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    url = re.sub(r"^https?://(?:www\.)?", "", lowered).rstrip("/")
    if url == lowered.rstrip("/") and "/" not in url:
        return None  # a word that is no known id: "other", "unknown", "Public"
    if cc := _CC.fullmatch(url):
        kind, version, port = cc.groups()
        spdx = f"CC-{kind.upper()}-{version}" + (f"-{port.upper()}" if port else "")
        return _BY_LOWER.get(spdx.lower(), spdx if port else None)
    if _CC_ZERO.fullmatch(url):
        return "CC0-1.0"
    if _APACHE.fullmatch(url):
        return "Apache-2.0"
    for prefix, spdx in _ODC.items():
        if url.startswith(prefix):
            return spdx
    if found := _ID_IN_URL.search(url):
        name = found.group(1)
        return _BY_LOWER.get(name) or _ALIASES.get(name)
    return None


# --- binding cards to the descriptor's datasets -------------------------------------------

def bind_dataset_cards(descriptor: Mapping[str, Any],
                       cards: Sequence[DatasetCard]) -> list[dict[str, Any]]:
    """One binding per `datasets[i]`: the card that describes it, or why none does.

    A card describes a dataset when the dataset's `name` equals the card's name (NFKC,
    case-insensitive), or its `uri` equals the card's `url` or a FileObject's
    `contentUrl`. Exactly one card (cards with identical bytes count once) is `matched`;
    none is `not-given`; several are `ambiguous`, and then none is used. `sha256s` are
    the digests the matched card records for this dataset: the file whose `contentUrl`
    is the dataset's uri when there is one (an empty list if that file has no sha256),
    else every file's; `licenses` the card's licences.
    """
    entries = descriptor.get("datasets")
    bindings = []
    for index, dataset in enumerate(entries if isinstance(entries, list) else ()):
        dataset = dataset if isinstance(dataset, dict) else {}
        name = dataset.get("name") if isinstance(dataset.get("name"), str) else None
        uri = dataset.get("uri").strip() if isinstance(dataset.get("uri"), str) else None
        label = name or uri or f"datasets[{index}]"
        matches: dict[str, tuple[DatasetCard, str]] = {}
        for card in cards:
            how = _describes(card, name, uri)
            if how and card.sha256 not in matches:
                matches[card.sha256] = (card, how)
        if not matches:
            bindings.append(_binding(index, "not-given",
                                     f"no Croissant card names {label!r} or its uri"))
        elif len(matches) > 1:
            paths = [card.path for card, _ in matches.values()]
            listed = (f"{paths[0]} and {paths[1]} both" if len(paths) == 2
                      else f"{', '.join(paths[:-1])} and {paths[-1]} all")
            bindings.append(_binding(index, "ambiguous", f"{listed} describe {label}"))
        else:
            ((card, how),) = matches.values()
            named = [f for f in card.files if uri is not None and f.content_url == uri]
            sha256s = ([f.sha256 for f in named if f.sha256] if named
                       else card.file_digests())
            bindings.append(_binding(
                index, "matched", f"card {card.path} {how}", card=card.path,
                card_sha256=card.sha256, card_name=card.name,
                sha256s=list(dict.fromkeys(sha256s)), licenses=list(card.licenses)))
    return bindings


def _describes(card: DatasetCard, name: str | None, uri: str | None) -> str | None:
    """How `card` describes the dataset (for the binding's detail), or None."""
    if name and card.name and _key(name) == _key(card.name):
        return f"is named {card.name!r}"
    if uri and card.url and uri == card.url.strip():
        return f"has url {uri}"
    for file in card.files:
        if uri and file.content_url and uri == file.content_url.strip():
            return f"has file {file.name!r} at {uri}"
    return None


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _binding(index: int, status: str, detail: str, *, card: str | None = None,
             card_sha256: str | None = None, card_name: str | None = None,
             sha256s: list[str] | None = None,
             licenses: list[str] | None = None) -> dict[str, Any]:
    return {"index": index, "status": status, "detail": detail, "card": card,
            "card_sha256": card_sha256, "card_name": card_name,
            "sha256s": sha256s or [], "licenses": licenses or []}
