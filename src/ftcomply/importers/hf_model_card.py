"""Hugging Face model cards: the YAML front matter at the top of a README.md.

The card describes the tuned model: its base, its training data (Hub dataset ids), its
languages and its licence. How it was tuned it says only through tags, if at all.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.importers.draft import TODO, Gap
from ftcomply.importers.source import Source
from ftcomply.loader import STDIN_NAME

KIND = "a Hugging Face model card"

_FENCE = re.compile(r"---[ \t]*\r?$")
_LANGUAGE = re.compile(r"([a-z]{2})(?:[-_][A-Za-z0-9]+)*")
_TASK_TYPES = {"text-classification": "classification", "token-classification": "extraction"}
# Tags naming the trainer, in the order they win when several appear.
_FRAMEWORK_TAGS = ("axolotl", "llama-factory", "unsloth", "trl", "autotrain")
_METHOD_TAGS = (("dpo", "dpo"), ("orpo", "dpo"), ("kto", "dpo"), ("qlora", "qlora"),
                ("lora", "lora"))
_CARD_KEYS = ("base_model", "datasets", "language", "license", "library_name", "model-index",
              "pipeline_tag", "tags")


def read(name: str, raw: bytes) -> Source:
    """Parse the front matter, keeping the README's line numbers in every error."""
    lines = raw.split(b"\n")
    first = lines[0].removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    if not _FENCE.fullmatch(first):
        raise FtcomplyError.at(f"not {KIND}: no YAML front matter (the file must start with a "
                               "line '---')", name, 1)
    for index, line in enumerate(lines[1:], start=1):
        if _FENCE.fullmatch(line.decode("utf-8", "replace")):
            # Blank lines in place of the fence keep the YAML's line numbers the README's.
            front_matter = b"\n" + b"\n".join(lines[1:index])
            break
    else:
        raise FtcomplyError.at(f"not {KIND}: the front matter opened here is never closed by "
                               "a line '---'", name, 1)
    if not front_matter.strip():
        raise FtcomplyError.at(f"not {KIND}: the front matter is empty", name, 1)
    source = Source.parse(KIND, name, front_matter)
    if not any(key in source.document.data for key in _CARD_KEYS):
        raise source.error(f"not {KIND}: the front matter has none of {', '.join(_CARD_KEYS)}",
                           "")
    return source


def to_descriptor(source: Source) -> dict[str, Any]:
    tags = [tag.lower() for tag in source.strings("/tags")]
    library = (source.string("/library_name") or "").lower()
    relation = (source.string("/base_model_relation") or "").lower()
    metadata = _metadata(source)
    base_models = source.strings("/base_model")
    base_model: dict[str, Any] = {}
    if base_models:
        base_model["id"] = base_models[0] if len(base_models) == 1 else Gap(
            base_models[0], f"the card lists {len(base_models)} base models (a merge?): "
            "describe the one this job tunes")
    training: dict[str, Any] = {"method": _method(tags, library, relation)}
    framework = next((tag for tag in _FRAMEWORK_TAGS if tag in tags), None)
    if framework:
        training["framework"] = framework
    descriptor: dict[str, Any] = {
        "metadata": metadata,
        "base_model": base_model,
        "datasets": [{"name": dataset, "role": "train",
                      "uri": f"https://huggingface.co/datasets/{dataset}"}
                     for dataset in source.strings("/datasets")],
        "training": training,
    }
    if library == "peft" or relation == "adapter":
        descriptor["adapters"] = [{
            "name": metadata.get("name"),
            "uri": Gap(TODO, "the Hub repository of this card, where the adapter is stored"),
            "source": Gap("third-party", "assumed downloaded, which asks for the most "
                          "evidence: set internal if your team trained it"),
        }]
    return descriptor


def _metadata(source: Source) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    entries = source.items("/model-index")
    name = source.string(f"{entries[0]}/name") if entries else None
    directory = PurePath(source.path).parent.name if source.path != STDIN_NAME else ""
    if name or directory:
        metadata["name"] = name or directory
    task_type = _TASK_TYPES.get((source.string("/pipeline_tag") or "").lower())
    if task_type:
        metadata["task_type"] = task_type
    languages, unmapped = [], []
    for code in source.strings("/language"):
        match = _LANGUAGE.fullmatch(code)
        if match and match.group(1).lower() not in languages:
            languages.append(match.group(1).lower())
        elif not match:
            unmapped.append(code)
    if languages:
        metadata["languages"] = languages
    if unmapped:
        # Dropping them silently would shrink the languages safety evaluations must cover.
        metadata["x-unmapped-languages"] = Gap(
            unmapped, "not ISO 639-1 codes: add each language's two-letter code to "
            "metadata.languages, then delete this key")
    licence = source.string("/license")
    if licence:
        # The card's licence is the tuned model's; the descriptor has no field for it.
        labels = {"license": licence}
        licence_name = source.string("/license_name")
        if licence_name:
            labels["license_name"] = licence_name
        metadata["labels"] = labels
    return metadata


def _method(tags: list[str], library: str, relation: str) -> Any:
    for tag, method in _METHOD_TAGS:
        if tag in tags:
            return method
    if library == "peft" or relation == "adapter":
        return "lora"
    return None
