"""Typed reads of one parsed fine-tuning config, each error pointing at the key's line.

Configs are read with ftcomply's own safe loader (size caps, safe YAML, positions).
Keys the importer does not know are ignored; a known key holding the wrong type is an
error, because a draft built from a misread value would say something the config does not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.loader import SourceDocument, escape_token, load_documents
from ftcomply.models import InputError

# Trainers coerce numbers written as strings (YAML 1.1 reads `2e-5` as one), so do we.
_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER_TEXT = re.compile(r"\+?\d+")

_TYPE_WORDS = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class Source:
    """One fine-tuning config; `kind` says what it should be, for messages ("an Axolotl config")."""

    kind: str
    document: SourceDocument

    @classmethod
    def parse(cls, kind: str, name: str, raw: bytes) -> Source:
        """Parse a YAML or JSON config that holds exactly one mapping."""
        documents = load_documents(name, raw)
        if len(documents) > 1:
            line = documents[1].locate("").line
            raise FtcomplyError.at(f"expected one document ({kind}), found {len(documents)}",
                                   name, line)
        source = cls(kind, documents[0])
        if not isinstance(source.document.data, dict):
            raise source.error(f"not {kind}: expected a mapping of settings, got "
                               f"{_describe(source.document.data)}", "")
        return source

    @property
    def path(self) -> str:
        return self.document.path

    def error(self, message: str, pointer: str) -> FtcomplyError:
        """A located error about the value at `pointer` ("" is the whole config)."""
        return FtcomplyError(InputError(message, self.document.locate(pointer), pointer or None))

    def value(self, pointer: str) -> Any:
        """The raw value at `pointer`, or None when it is absent, null or inside a non-container."""
        node: Any = self.document.data
        for token in pointer.split("/")[1:]:
            key = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return None
        return node

    def require(self, pointer: str) -> str:
        """A non-empty string the config must hold to be `kind` at all."""
        text = self.string(pointer)
        if text is None:
            raise self.error(f"not {self.kind}: no {pointer.lstrip('/')}", "")
        return text

    def string(self, pointer: str) -> str | None:
        """A string; blank counts as absent."""
        value = self.value(pointer)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._wrong(pointer, "a string", value)
        return value.strip() or None

    def number(self, pointer: str, *, positive: bool = False) -> int | float | None:
        value = self.value(pointer)
        if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
            value = float(value)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong(pointer, "a number greater than 0" if positive else "a number",
                              value)
        if positive and value <= 0:
            raise self.error(f"expected a number greater than 0, got {_show(value)}", pointer)
        return value

    def integer(self, pointer: str, *, positive: bool = False) -> int | None:
        value = self.value(pointer)
        if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(pointer, "an integer greater than 0" if positive else "an integer",
                              value)
        if positive and value <= 0:
            raise self.error(f"expected an integer greater than 0, got {value}", pointer)
        return value

    def boolean(self, pointer: str) -> bool | None:
        value = self.value(pointer)
        if value is None or isinstance(value, bool):
            return value
        raise self._wrong(pointer, "a boolean", value)

    def strings(self, pointer: str, *, separator: str | None = None) -> list[str]:
        """A list of non-blank strings; a single string is a list of one (or `separator`-split)."""
        value = self.value(pointer)
        if value is None:
            return []
        if isinstance(value, str):
            parts = value.split(separator) if separator else [value]
            return [p.strip() for p in parts if p.strip()]
        if not isinstance(value, list):
            raise self._wrong(pointer, "a string or a list of strings", value)
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise self._wrong(f"{pointer}/{index}", "a string", item)
        return [item.strip() for item in value if item.strip()]

    def mapping(self, pointer: str) -> dict[str, Any] | None:
        value = self.value(pointer)
        if value is None or isinstance(value, dict):
            return value
        raise self._wrong(pointer, "a mapping", value)

    def items(self, pointer: str) -> list[str]:
        """Pointers to the entries of a list of mappings."""
        value = self.value(pointer)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(pointer, "a list", value)
        pointers = [f"{pointer}/{index}" for index in range(len(value))]
        for item in pointers:
            if not isinstance(self.value(item), dict):
                raise self._wrong(item, "a mapping", self.value(item))
        return pointers

    def typed(self, pointer: str, kind: str) -> Any:
        """The value read by the accessor named `kind` (string, number, integer, boolean)."""
        return getattr(self, kind)(pointer)

    def settings(self, pointer: str, kinds: dict[str, str]) -> dict[str, Any]:
        """The keys of `kinds` present under `pointer`, each read as its kind, in `kinds` order."""
        found = {key: self.typed(f"{pointer}/{escape_token(key)}", kind)
                 for key, kind in kinds.items()}
        return {key: value for key, value in found.items() if value is not None}

    def loose(self, pointer: str, kind: str) -> Any:
        """A setting that is only copied: read as its kind when it is one, else the scalar
        as written (Axolotl's `warmup_steps: 0.1`); None for absent, lists and mappings.
        It never blocks a draft."""
        try:
            return self.typed(pointer, kind)
        except FtcomplyError:
            value = self.value(pointer)
            return value if isinstance(value, str | int | float | bool) else None

    def loose_settings(self, pointer: str, kinds: dict[str, str]) -> dict[str, Any]:
        """`settings`, each read with `loose`."""
        found = {key: self.loose(f"{pointer}/{escape_token(key)}", kind)
                 for key, kind in kinds.items()}
        return {key: value for key, value in found.items() if value is not None}

    def _wrong(self, pointer: str, expected: str, value: Any) -> FtcomplyError:
        message = f"expected {expected}, got {_describe(value)}"
        if isinstance(value, bool) and "string" in expected:
            message += " (YAML reads unquoted yes/no/on/off/true/false as booleans: quote it)"
        elif isinstance(value, int | float) and "string" in expected:
            message += " (YAML reads unquoted digits as a number: quote it)"
        return self.error(message, pointer)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return _TYPE_WORDS[type(value)]
    return f"{_TYPE_WORDS.get(type(value), type(value).__name__)} {_show(value)}"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
