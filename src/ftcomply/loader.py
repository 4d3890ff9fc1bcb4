"""Stage 1: read YAML or JSON descriptors into plain data that remembers where each node stood.

Every descriptor is treated as hostile: only the YAML core tags are accepted
(no python/* tags, no binary), and size, document count, nesting depth, node
count (alias expansion) and string length are capped. JSON is read by the same
YAML composer, so both formats get line and column positions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ftcomply.errors import FtcomplyError
from ftcomply.models import Location

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DOCUMENTS = 1000
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_STRING_CHARS = 65_536

STDIN = "-"
STDIN_NAME = "<stdin>"

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("null", "bool", "int", "float", "str", "timestamp")}
# YAML 1.1 wants a dot in a float, so JSON's `2e-4` would stay a string; read it as
# JSON and YAML 1.2 do.
_EXPONENT_NUMBER = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_constructor = yaml.constructor.SafeConstructor()
# The constructor's functions by tag, called directly: its construct_object() would
# remember every node in a dict it never empties (a leak in a long batch or a service).
_CONSTRUCT = yaml.constructor.SafeConstructor.yaml_constructors

_IMPLICIT_TAGS = _BaseLoader.yaml_implicit_resolvers
_STR_TAG, _SEQ_TAG, _MAP_TAG = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with its tag resolution reduced to what the safe loader
    registers: the same implicit-tag table, looked up once per scalar, and no path
    resolvers (it has none). libyaml composes in C but calls these in Python for
    every node: loading took 1.51 ms a descriptor with PyYAML's, 1.35 ms with these."""

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT_TAGS.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


@dataclass(frozen=True)
class SourceDocument:
    """One document of an input file.

    `positions` maps JSON pointers to 1-based (line, column): for a mapping
    member, where its key stands; for a list item, where the item starts.
    `sha256` is the digest of the whole file's bytes (`sha256sum` agrees);
    `index` tells which document of a multi-document file this is.
    A JSON file is parsed by the json module (exact JSON semantics, and fast);
    its positions are worked out from `json_text` only when something is located.
    """

    path: str
    index: int
    data: Any
    positions: dict[str, tuple[int, int]]
    sha256: str
    json_text: str | None = None

    def located_positions(self) -> dict[str, tuple[int, int]]:
        """`positions`, worked out first for a JSON document that has not needed them yet."""
        if self.json_text is not None and not self.positions:
            self.positions.update(_json_positions(self.path, self.json_text, self.data))
        return self.positions

    def locate(self, pointer: str) -> Location:
        """Where `pointer` stands, or its nearest existing parent."""
        positions = self.located_positions()
        current = pointer
        while current not in positions and current:
            current = current.rsplit("/", 1)[0]
        line, column = positions.get(current, (None, None))
        return Location(self.path, line, column)


def escape_token(token: str | int) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def read_source(path: str, stdin: Any = None) -> tuple[str, bytes]:
    """Read a file (or stdin for `-`) within the size cap; returns (display name, bytes)."""
    if path == STDIN:
        import sys

        stream = stdin if stdin is not None else sys.stdin.buffer
        name, raw = STDIN_NAME, stream.read(MAX_FILE_BYTES + 1)
    else:
        name, raw = path, read_bounded(path, MAX_FILE_BYTES)
    if len(raw) > MAX_FILE_BYTES:
        raise FtcomplyError.at(f"file is larger than the {MAX_FILE_BYTES} byte limit", name)
    return name, raw


def read_bounded(path: str, limit: int) -> bytes:
    """At most `limit + 1` bytes of a file (one more tells the caller it is too large)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise FtcomplyError.at("no such file", path) from None
    except IsADirectoryError:
        raise FtcomplyError.at("is a directory", path) from None
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read: {exc.strerror}", path) from None


def load_documents(name: str, raw: bytes) -> list[SourceDocument]:
    """Parse every document of a file; raises FtcomplyError with file:line:column."""
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(name, raw)
    if _is_json(name, text):
        return [SourceDocument(name, 0, _load_json(name, text), {}, digest, text)]
    documents = []
    for index, node in _compose_all(name, text):
        data, positions = _Builder(name).build(node)
        documents.append(SourceDocument(name, index, data, positions, digest))
    if not documents:
        raise FtcomplyError.at("contains no document", name, 1, 1)
    return documents


def _is_json(name: str, text: str) -> bool:
    """`.json` files, and unnamed input (stdin, a service request) that starts like a JSON
    object; YAML documents written in flow style also start with `{`, and JSON reads
    them only if they are JSON."""
    if name.lower().endswith(".json"):
        return True
    if not name.startswith("<") or not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _reject_constant(token: str) -> None:
    raise ValueError(f"non-finite number {token} is not allowed")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook that refuses duplicate keys: parsers disagree on which
    duplicate wins, so one file would have two readings."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _load_json(name: str, text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=unique_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except ValueError as exc:  # from the hooks, without a position: YAML reading locates it
        for _, node in _compose_all(name, text):
            _Builder(name).build(node)
        raise FtcomplyError.at(f"invalid JSON: {exc}", name) from None
    except RecursionError:
        raise FtcomplyError.at(f"nesting deeper than {MAX_DEPTH} levels", name) from None
    _check_json_limits(name, data)
    return data


def _check_json_limits(name: str, data: Any) -> None:
    """The same caps YAML documents get: depth, node count, string length, finite numbers."""
    stack = [(data, 0)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise FtcomplyError.at(f"more than {MAX_NODES} nodes", name)
        if depth > MAX_DEPTH:
            raise FtcomplyError.at(f"nesting deeper than {MAX_DEPTH} levels", name)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
            if any(len(key) > MAX_STRING_CHARS for key in value):
                raise FtcomplyError.at(f"string longer than {MAX_STRING_CHARS} characters", name)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and len(value) > MAX_STRING_CHARS:
            raise FtcomplyError.at(f"string longer than {MAX_STRING_CHARS} characters", name)
        elif isinstance(value, float) and not math.isfinite(value):
            raise FtcomplyError.at(f"non-finite number {value!r} is not allowed", name)


def _json_positions(name: str, text: str, data: Any) -> dict[str, tuple[int, int]]:
    """Positions of a JSON document, from the YAML composer when it reads the same data.

    JSON is almost YAML; where it is not (escaped surrogate pairs, U+2028 inside a
    string), only the document itself is located.
    """
    try:
        for _, node in _compose_all(name, text):
            parsed, positions = _Builder(name).build(node)
            if parsed == data:
                return positions
    except FtcomplyError:
        pass
    return {"": (1, 1)}


def _decode(name: str, raw: bytes) -> str:
    if b"\x00" in raw:
        raise FtcomplyError.at("binary content (NUL byte): not a YAML or JSON text", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FtcomplyError.at("not valid UTF-8 text", name, line) from None
    if not text.strip():
        raise FtcomplyError.at("file is empty", name)
    return text


def _compose_all(name: str, text: str) -> Iterator[tuple[int, yaml.Node]]:
    loader = _Loader(text)
    try:
        index = 0
        while loader.check_node():
            if index >= MAX_DOCUMENTS:
                raise FtcomplyError.at(f"more than {MAX_DOCUMENTS} documents in one file", name)
            node = loader.get_node()
            # A trailing `---` yields an empty document; it holds nothing to check.
            if not (isinstance(node, yaml.ScalarNode) and node.tag == f"{_TAG}null"
                    and node.value == ""):
                yield index, node
            index += 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in str(exc):
            problem = f"nesting deeper than {MAX_DEPTH} levels"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise FtcomplyError.at(f"invalid YAML: {problem}", name, line, column) from None
    except yaml.reader.ReaderError as exc:  # no mark: its text would span two lines
        line, column = _offset_position(text, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "character"
        raise FtcomplyError.at(f"invalid YAML: unacceptable {what} ({exc.reason})", name,
                               line, column) from None
    except yaml.YAMLError as exc:
        raise FtcomplyError.at(f"invalid YAML: {exc}", name) from None
    except RecursionError:
        raise FtcomplyError.at(f"nesting deeper than {MAX_DEPTH} levels", name) from None
    finally:
        loader.dispose()


class _Builder:
    """Turns a composed node tree into JSON-compatible data plus a pointer→position map."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes = 0
        self.positions: dict[str, tuple[int, int]] = {}

    def build(self, root: yaml.Node) -> tuple[Any, dict[str, tuple[int, int]]]:
        self.positions[""] = _position(root)
        return self._value(root, "", 0), self.positions

    def _fail(self, message: str, node: yaml.Node) -> FtcomplyError:
        line, column = _position(node)
        return FtcomplyError.at(message, self.name, line, column)

    def _value(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(
                f"more than {MAX_NODES} nodes (alias expansion bomb?)", node
            )
        if depth > MAX_DEPTH:
            raise self._fail(f"nesting deeper than {MAX_DEPTH} levels", node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_TAG}map":
                raise self._fail(f"unsupported YAML tag {_short(node.tag)}", node)
            return self._mapping(node, pointer, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self._fail(f"unsupported YAML tag {_short(node.tag)}", node)
            items = []
            for i, item in enumerate(node.value):
                child = f"{pointer}/{i}"
                self.positions[child] = _position(item)
                items.append(self._value(item, child, depth + 1))
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merged.extend(self._merge_sources(value_node))
                continue
            key = self._key(key_node)
            if key in result:
                raise self._fail(f"duplicate key {key!r}", key_node)
            child = f"{pointer}/{escape_token(key)}"
            self.positions[child] = _position(key_node)
            result[key] = self._value(value_node, child, depth + 1)
        # `<<: *anchor` merge keys: explicit keys win, as YAML 1.1 says.
        for source in merged:
            for key_node, value_node in source.value:
                key = self._key(key_node)
                if key not in result:
                    child = f"{pointer}/{escape_token(key)}"
                    self.positions[child] = _position(key_node)
                    result[key] = self._value(value_node, child, depth + 1)
        return result

    def _merge_sources(self, node: yaml.Node) -> list[yaml.MappingNode]:
        if isinstance(node, yaml.MappingNode):
            return [node]
        if isinstance(node, yaml.SequenceNode) and all(
            isinstance(n, yaml.MappingNode) for n in node.value
        ):
            return list(node.value)
        raise self._fail("a merge key (<<) needs a mapping or a list of mappings", node)

    def _key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != f"{_TAG}str":
            value = node.value if isinstance(node, yaml.ScalarNode) else "a collection"
            raise self._fail(f"keys must be strings, got {value!r}; quote it", node)
        return self._string(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._fail(f"unsupported YAML tag {_short(node.tag)}", node)
        if node.tag == f"{_TAG}str":
            if node.style or not _EXPONENT_NUMBER.match(node.value):
                return self._string(node)
            value: Any = float(node.value)  # plain, unquoted `2e-4`; `1e999` is inf
        else:
            try:
                value = _CONSTRUCT[node.tag](_constructor, node)
            except (yaml.constructor.ConstructorError, ValueError) as exc:
                raise self._fail(f"invalid scalar {node.value!r}: {exc}", node) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self._fail(f"non-finite number {node.value!r} is not allowed", node)
        if isinstance(value, dt.datetime):
            return _rfc3339(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def _string(self, node: yaml.ScalarNode) -> str:
        if len(node.value) > MAX_STRING_CHARS:
            raise self._fail(f"string longer than {MAX_STRING_CHARS} characters", node)
        return node.value


def _rfc3339(value: dt.datetime) -> str:
    """PyYAML turns unquoted timestamps into datetimes; give policies the RFC 3339 text back."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a reader error's offset: libyaml counts UTF-8 bytes."""
    before = text[:offset] if _BaseLoader is yaml.SafeLoader else (
        text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
