"""Text that means what it shows: the descriptor's strings as the controls compare them.

A name made of zero-width spaces is not a name, `HarmBench\\u200b` is the benchmark
`HarmBench`, and `\\u0430pprover` (a Cyrillic a) only looks like `approver`. Before the
policies see a descriptor, every string value is NFKC-normalised, stripped of Unicode
format characters (category Cf: zero-width spaces and joiners, word joiners, soft
hyphens, bidi controls) and of surrounding whitespace. The same walk records what the
controls must judge but cannot see in the normalised text: words that mix confusable
scripts, placeholders left in the text, and importer notes (`x-unmapped-*` keys).
It is done once, in Python; OPA users who query the bundle directly get raw strings
(docs/opa.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ftcomply.loader import escape_token

# Scripts whose letters pass for one another; a word drawing on two of them is a
# look-alike (Japanese mixing Han and kana, or digits beside letters, is not).
CONFUSABLE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})
PLACEHOLDERS = frozenset({"TODO", "TBD", "FIXME"})
IMPORT_MARKER = "TODO(FTCOMPLY)"


def is_placeholder(text: str) -> bool:
    """`TODO`, `TBD`, `FIXME` (any case), or a value holding ftcomply's import marker."""
    text = text.strip()
    return text.upper() in PLACEHOLDERS or ("(" in text and IMPORT_MARKER in text.upper())
UNMAPPED_PREFIX = "x-unmapped-"

_WORD = re.compile(r"\w+")


@dataclass
class TextFacts:
    """What one walk found, as the policy input's `text` member: each list holds
    {"path": JSON pointer, "value": string} (`unmapped` holds pointers)."""

    confusables: list[dict[str, str]] = field(default_factory=list)
    placeholders: list[dict[str, str]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"confusables": self.confusables, "placeholders": self.placeholders,
                "unmapped": self.unmapped}


def normalize_text(value: str) -> str:
    """NFKC, without format characters, without surrounding whitespace."""
    if value.isascii():  # ASCII is NFKC already and has no format characters
        return value.strip()
    text = unicodedata.normalize("NFKC", value)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.strip()


def mixes_scripts(text: str) -> bool:
    """A word of `text` holds letters of two confusable scripts."""
    if text.isascii():
        return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word if c.isalpha()}
        if len(scripts & CONFUSABLE_SCRIPTS) > 1:
            return True
    return False


def _script(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def normalize_document(data: Any) -> tuple[Any, TextFacts]:
    """The document with every string value normalised, and what the walk found."""
    facts = TextFacts()
    return _walk(data, [], facts), facts


def _pointer(path: list[str | int]) -> str:
    return "".join(f"/{escape_token(token)}" for token in path)


def _walk(value: Any, path: list[str | int], facts: TextFacts) -> Any:
    # `path` is one list, pushed and popped: most nodes never need their pointer, so it
    # is only written out for what the walk reports.
    if isinstance(value, str):
        if value.isascii():  # most strings: no normalisation, no scripts to mix
            text = value.strip()
        else:
            text = normalize_text(value)
            if mixes_scripts(text):
                facts.confusables.append({"path": _pointer(path), "value": text})
        if is_placeholder(text):
            facts.placeholders.append({"path": _pointer(path), "value": text})
        return text
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            path.append(key)
            if isinstance(key, str) and key.startswith(UNMAPPED_PREFIX):
                facts.unmapped.append(_pointer(path))
            result[key] = _walk(item, path, facts)
            path.pop()
        return result
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            path.append(index)
            items.append(_walk(item, path, facts))
            path.pop()
        return items
    return value
