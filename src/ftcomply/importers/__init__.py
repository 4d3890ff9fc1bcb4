"""Draft descriptors from real fine-tuning configs: one module per source format.

Each format module has `read(name, raw) -> Source` (parse with the safe loader) and
`to_descriptor(source) -> dict` (the descriptor fields the source states, with `Gap`
placeholders where it must guess). `draft_descriptor` completes the draft, proves it
schema-valid and returns it as commented YAML. Nothing is fetched; only the file is read.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import PurePath
from typing import Any, Protocol, cast

from ftcomply.errors import FtcomplyError
from ftcomply.importers.draft import Origin, complete
from ftcomply.importers.source import Source
from ftcomply.importers.yaml_text import MARK, render
from ftcomply.loader import STDIN, load_documents, read_source


class Importer(Protocol):
    """What each format module provides."""

    KIND: str  # what the file should be, for messages: "an Axolotl config"

    def read(self, name: str, raw: bytes) -> Source: ...

    def to_descriptor(self, source: Source) -> dict[str, Any]: ...


# Format name → module under ftcomply.importers.
_MODULES = {
    "axolotl": "axolotl",
    "llama-factory": "llama_factory",
    "peft": "peft",
    "hf-model-card": "hf_model_card",
    "openai": "openai",
    "croissant": "croissant",
}
FORMATS = tuple(_MODULES)


def draft_descriptor(fmt: str, path: str) -> str:
    """The YAML text of a schema-valid draft descriptor built from the config at `path`.

    Raises FtcomplyError (file:line:column where known) for an unknown format, an
    unreadable or malformed config, or a known key holding the wrong type.
    """
    from ftcomply.pipeline import resolve_as_of

    given, fmt = fmt, fmt.strip().lower().replace("_", "-")  # LLaMA-Factory, llama_factory
    if fmt == "llamafactory":
        fmt = "llama-factory"
    if fmt not in _MODULES:
        raise FtcomplyError.at(f"unknown import format {given!r} (available: "
                               f"{', '.join(FORMATS)})", "<command line>")
    module = cast(Importer, importlib.import_module(f"ftcomply.importers.{_MODULES[fmt]}"))
    name, raw = read_source(path)
    source = module.read(name, raw)
    # Of the whole file: a model card's parsed document is only its front matter.
    origin = Origin(fmt, name, hashlib.sha256(raw).hexdigest(), resolve_as_of(None))
    stem = PurePath(name).stem if path != STDIN else ""
    descriptor, gaps = complete(module.to_descriptor(source), origin, stem)
    text = render(descriptor, gaps, _header(origin, module.KIND, gaps))
    _verify(text, descriptor)
    return text


def _header(origin: Origin, kind: str, gaps: dict[str, str]) -> list[str]:
    lines = [
        f"Draft ftcomply descriptor imported from {kind}: {origin.source_file}",
        f"(`ftcomply import {origin.format}`; only that file was read, nothing was fetched).",
        "",
    ]
    if gaps:
        width = max(len(pointer) for pointer in gaps)
        lines += [f"Placeholders to replace, each marked {MARK} below:"]
        lines += [f"  {pointer.ljust(width)}  {note}" for pointer, note in gaps.items()]
        lines += ["The same pointers are listed in x-import.gaps, and `ftcomply check` fails",
                  "(GOV-DOC-01) on each one still listed: remove it once its value is set."]
        lines.append("")
    lines += [
        "Evidence (digests, provenance, scans, evaluations, approvals) is left out on purpose:",
        "`ftcomply check` on this file lists, control by control, what is still owed.",
    ]
    return lines


def _verify(text: str, descriptor: dict[str, object]) -> None:
    """The draft must read back as written and be schema-valid; anything else is a bug here."""
    from ftcomply.resources import schema_path
    from ftcomply.schema import SchemaValidator

    (document,) = load_documents("<draft>", text.encode("utf-8"))
    if document.data != descriptor:
        raise FtcomplyError.at("internal error: the draft does not read back as written; "
                               "please report this", "<draft>")
    errors = SchemaValidator.load(schema_path()).errors(document)
    if errors:
        raise FtcomplyError.at(f"internal error: the draft is not schema-valid ({errors[0]}); "
                               "please report this", "<draft>")
