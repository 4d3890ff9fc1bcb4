"""Write a draft descriptor as block YAML with `# TODO(ftcomply): …` beside every gap.

PyYAML cannot write comments, so this emits the few shapes a descriptor has (mappings,
lists of mappings, lists of scalars) itself and lets PyYAML quote each scalar. The
caller reads the text back to prove it says exactly what was meant.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ftcomply.loader import escape_token

MARK = "TODO(ftcomply)"

# A scalar that may stand unquoted inside a flow list `[a, b]`.
_FLOW_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+/-]*")


def render(descriptor: dict[str, Any], gaps: dict[str, str], header: list[str]) -> str:
    lines = [f"# {comment(line)}".rstrip() for line in header]
    _mapping(descriptor, "", 0, None, gaps, lines)
    return "\n".join(lines) + "\n"


def comment(text: str) -> str:
    """Text safe inside a YAML comment: one line, printable characters only."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _mapping(mapping: dict[str, Any], pointer: str, indent: int, lead: str | None,
             gaps: dict[str, str], lines: list[str]) -> None:
    """Emit `mapping` with keys at `indent`; `lead` replaces the first key's indentation ("- ")."""
    for index, (key, value) in enumerate(mapping.items()):
        child = f"{pointer}/{escape_token(key)}"
        start = lead if lead is not None and index == 0 else " " * indent
        note = f"  # {MARK}: {comment(gaps[child])}" if child in gaps else ""
        head = f"{start}{scalar(key)}:"
        if isinstance(value, dict) and value:
            lines.append(head + note)
            _mapping(value, child, indent + 2, None, gaps, lines)
        elif isinstance(value, list) and value and not _flow_list(value):
            lines.append(head + note)
            for position, item in enumerate(value):
                item_pointer = f"{child}/{position}"
                dash = " " * (indent + 2) + "- "
                if isinstance(item, dict) and item:
                    _mapping(item, item_pointer, indent + 4, dash, gaps, lines)
                else:
                    item_note = (f"  # {MARK}: {comment(gaps[item_pointer])}"
                                 if item_pointer in gaps else "")
                    lines.append(dash + _inline(item) + item_note)
        else:
            lines.append(f"{head} {_inline(value)}{note}")


def _flow_list(items: list[Any]) -> bool:
    texts = [scalar(i) for i in items if not isinstance(i, dict | list)]
    return len(texts) == len(items) and all(
        _FLOW_SAFE.fullmatch(t) or t[0] in "'\"" for t in texts)


def _inline(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(i) for i in value) + "]"
    if isinstance(value, dict):
        # Only `{}` or nested data no descriptor field has; JSON is valid flow YAML.
        return json.dumps(value, ensure_ascii=False) if value else "{}"
    return scalar(value)


def scalar(value: Any) -> str:
    """One scalar as PyYAML would write it, kept on one line."""
    if isinstance(value, str) and not value.isprintable():
        # Line breaks (\n, NEL, LS, PS) and control characters: escape them all ourselves.
        return '"' + "".join(_escape(c) for c in value) + '"'
    text = yaml.safe_dump(value, allow_unicode=True, width=2**31 - 1, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...")


def _escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else (
        f"\\U{code:08x}")
