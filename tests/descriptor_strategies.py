"""Hypothesis strategies for descriptors, derived from `schemas/ftjob.v1.schema.json`.

`descriptors()` walks the schema and turns each keyword into a strategy, so a
field added to the schema is generated without touching this file, and a
keyword this builder does not know fails loudly rather than being ignored.
hypothesis-jsonschema was tried first and not used: 0.23.1 (the latest)
supports drafts 4, 6 and 7 only, fails inside hypothesis 6.170 (`'many' object
has no attribute 'more'`), and even with an older hypothesis (6.100) it takes about
0.3 s per descriptor, a budget this suite cannot spend.

Free text carries markup, workflow commands, control characters and non-ASCII
(`<script>`, `::error::`, ANSI escapes, NUL, newlines), so every run also
tests how each report escapes what a descriptor says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import yaml
from hypothesis import strategies as st

from ftcomply.resources import schema_path

SCHEMA: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = (
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "</td></table><SCRIPT src=//evil.example/x.js></SCRIPT>",
    "]]><!-- &amp; &#x3c;",
    "{{ 7 * 7 }}{% raw %}",
    "| cell | cell |\n|---|---|",
    "\n::error file=x.yaml,line=1::injected",
    "%0A::warning::%25",
    "\x1b[31mred\x1b[0m",
    "\x00\x01\x08\x0b\x0c\x7f\x85\u2028",
    "\u202eexe.txt",
    "naïve \u2013 ß \u2013 日本語 \u2013 💥",
    "' OR '1'='1",
    "${{ secrets.TOKEN }}",
    "~1/~0",
    "",
    " ",
)

# The keywords the builder understands; anything else in the schema is an error here.
_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description"}
_KEYWORDS = _ANNOTATIONS | {
    "$ref", "const", "enum", "type", "properties", "required", "additionalProperties",
    "patternProperties", "items", "minItems", "uniqueItems", "pattern", "format",
    "minLength", "minimum", "maximum", "exclusiveMinimum",
}
_EXTENSION_PATTERN = "^x-"
_MAX_ITEMS = 2


def free_text(min_size: int = 0) -> st.SearchStrategy[str]:
    """Strings as a user (or an attacker) might write them: hostile snippets, random text,
    and random text around a hostile snippet."""
    hostile = st.sampled_from(HOSTILE_TEXT)
    text = st.one_of(hostile, st.text(max_size=12),
                     st.tuples(st.text(max_size=4), hostile, st.text(max_size=4)).map("".join))
    return text.map(lambda s: s.ljust(min_size, "x")) if min_size else text


def json_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Any JSON value (finite numbers, big integers, nested lists and mappings)."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        free_text(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=_MAX_ITEMS),
                                st.dictionaries(free_text(), inner, max_size=_MAX_ITEMS)),
        max_leaves=max_leaves,
    )


def extension_keys() -> st.SearchStrategy[str]:
    return st.builds(lambda rest: "x-" + rest, free_text())


def rfc3339_datetimes() -> st.SearchStrategy[str]:
    """Every shape the `datetime` definition accepts: years 0001-9999, 0-12 fraction
    digits, `Z` or an offset up to ±23:59 (`2026-11-20T10:00:00Z`, `…:00.5+05:30`)."""
    moments = st.datetimes(max_value=dt.datetime(9999, 12, 31, 23, 59, 59))
    fractions = st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,12}", fullmatch=True))
    offsets = st.one_of(st.just("Z"), st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
        lambda m: f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"))
    return st.builds(lambda moment, fraction, offset:
                     moment.isoformat(timespec="seconds") + fraction + offset,
                     moments, fractions, offsets)


class _Builder:
    """One strategy per schema node; `$ref` targets are built once and shared."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, st.SearchStrategy[Any]] = {}

    def build(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        unknown = set(schema) - _KEYWORDS
        if unknown:
            raise ValueError(f"descriptor_strategies has no strategy for {sorted(unknown)}; "
                             "extend it")
        if "$ref" in schema:
            return self._ref(schema["$ref"])
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kinds: dict[str, Callable[[dict[str, Any]], st.SearchStrategy[Any]]] = {
            "object": self._object, "array": self._array, "string": self._string,
            "number": self._number, "integer": self._integer,
            "boolean": lambda _: st.booleans(),
        }
        if "type" not in schema:
            return json_values()  # `{}`: anything, as the values of `x-` keys
        return kinds[schema["type"]](schema)

    def _ref(self, ref: str) -> st.SearchStrategy[Any]:
        prefix = "#/$defs/"
        if not ref.startswith(prefix):
            raise ValueError(f"descriptor_strategies resolves only {prefix}… references: {ref}")
        name = ref[len(prefix):]
        if name not in self.refs:
            self.refs[name] = st.deferred(lambda: self.build(self.root["$defs"][name]))
        return self.refs[name]

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        fixed = st.fixed_dictionaries(
            {k: self.build(v) for k, v in properties.items() if k in required},
            optional={k: self.build(v) for k, v in properties.items() if k not in required},
        )
        extras: list[st.SearchStrategy[dict[str, Any]]] = []
        for pattern, value_schema in schema.get("patternProperties", {}).items():
            if pattern != _EXTENSION_PATTERN:
                raise ValueError(f"descriptor_strategies knows only {_EXTENSION_PATTERN} "
                                 f"pattern properties: {pattern}")
            extras.append(st.dictionaries(extension_keys(), self.build(value_schema),
                                          max_size=2))
        additional = schema.get("additionalProperties", True)
        if additional is not False:
            values = json_values() if additional is True else self.build(additional)
            keys = free_text().filter(lambda k: k not in properties)
            extras.append(st.dictionaries(keys, values, max_size=2))
        return st.tuples(fixed, *extras).map(_merge)

    def _array(self, schema: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        low = schema.get("minItems", 0)
        unique = {"unique_by": _canonical} if schema.get("uniqueItems") else {}
        return st.lists(self.build(schema.get("items", {})), min_size=low,
                        max_size=max(low, _MAX_ITEMS), **unique)

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[str]:
        formats = {
            "date-time": rfc3339_datetimes(),
            "date": st.dates().map(dt.date.isoformat),
        }
        if "format" in schema:
            return formats[schema["format"]]
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        return free_text(schema.get("minLength", 0))

    def _number(self, schema: dict[str, Any]) -> st.SearchStrategy[float | int]:
        low, high = schema.get("minimum"), schema.get("maximum")
        above = schema.get("exclusiveMinimum")
        floats = st.floats(min_value=above if above is not None else low, max_value=high,
                           exclude_min=above is not None, allow_nan=False,
                           allow_infinity=False)
        return st.one_of(self._integer(schema), floats)

    def _integer(self, schema: dict[str, Any]) -> st.SearchStrategy[int]:
        above = schema.get("exclusiveMinimum")
        low = above + 1 if above is not None else schema.get("minimum")
        return st.integers(min_value=low, max_value=schema.get("maximum"))


def _merge(parts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update({k: v for k, v in part.items() if k not in merged})
    return merged


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


_BUILDER = _Builder(SCHEMA)
_DESCRIPTORS = _BUILDER.build(SCHEMA)


def descriptors() -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid descriptors: every field of the schema, optional ones sometimes."""
    return _DESCRIPTORS


# --- near-valid descriptors --------------------------------------------------------------

def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every node inside `value`, the root included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_nodes(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_nodes(item, (*path, index)))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _other_type(value: Any) -> st.SearchStrategy[Any]:
    """A JSON value of another type than `value` (bool and int count as different)."""
    by_type: dict[type, st.SearchStrategy[Any]] = {
        type(None): st.none(), bool: st.booleans(), int: st.integers(),
        float: st.floats(allow_nan=False, allow_infinity=False), str: free_text(),
        list: st.lists(json_values(), max_size=_MAX_ITEMS),
        dict: st.dictionaries(free_text(), json_values(), max_size=_MAX_ITEMS),
    }
    return st.one_of(*(strategy for kind, strategy in by_type.items() if kind is not type(value)))


@st.composite
def near_valid_descriptors(draw: st.DrawFn) -> Any:
    """A valid descriptor after 1-4 random edits: a value replaced by JSON of another type,
    a key removed, an unknown key added, a list item dropped or appended."""
    document = json.loads(json.dumps(draw(descriptors())))  # a private deep copy
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_nodes(document)))
        node = _at(document, path)
        edits = ["replace"]
        if isinstance(node, dict | list):
            edits.append("add" if isinstance(node, dict) else "append")
            if node:
                edits.append("remove")
        edit = draw(st.sampled_from(edits))
        if edit == "replace" and not path:
            document = draw(_other_type(document))
        elif edit == "replace":
            _at(document, path[:-1])[path[-1]] = draw(_other_type(node))
        elif edit == "add":
            key = draw(free_text())
            while key in node:
                key += "_"
            node[key] = draw(json_values())
        elif edit == "append":
            node.append(draw(json_values()))
        elif isinstance(node, dict):
            del node[draw(st.sampled_from(sorted(node)))]
        else:
            del node[draw(st.integers(0, len(node) - 1))]
    return document


# --- rendering ---------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper, told that ftcomply reads plain `1e3` as a number (YAML 1.2 does;
    YAML 1.1 wants a dot), so it quotes strings like that."""


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$"), list("-+0123456789"))


def to_yaml(document: Any) -> bytes:
    """Block-style YAML, non-ASCII escaped: PyYAML's emitter writes U+0085 and U+2028
    unescaped inside quotes when allowed Unicode, where YAML reads them as line breaks."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False).encode("utf-8")


# Characters a JSON string may hold literally but YAML (so ftcomply's reader) refuses,
# or reads as line breaks (U+0085, U+2028, U+2029).
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def to_json(document: Any) -> bytes:
    """Indented JSON with literal UTF-8 (ASCII escapes would split characters above U+FFFF
    into surrogate pairs, which ftcomply's reader refuses), and the few characters YAML
    refuses or reads as line breaks escaped."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


RENDERERS = {"yaml": to_yaml, "json": to_json}
