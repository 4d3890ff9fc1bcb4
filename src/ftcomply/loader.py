"""Stage 1: read YAML or JSON descriptors into plain data that remembers where each node stood.

Every descriptor is treated as hostile: only the YAML core tags are accepted
(no python/* tags, no binary), and size, document count, nesting depth, node
count (alias expansion, per document and per file) and string length are capped,
and strings must be Unicode text (no lone UTF-16 surrogates). JSON is read by the
same YAML composer, so both formats get line and column positions.

Every file ftcomply reads as input goes through `read_bounded` (descriptors, config,
waivers, baselines, scanner reports, token files): a regular file, at most a cap's
worth of bytes. A FIFO or a device is refused unread (it could block or never end).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ftcomply.errors import FtcomplyError
from ftcomply.models import InputError, Location

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DOCUMENTS = 1000
MAX_DEPTH = 64
MAX_NODES = 100_000
# All documents of one file (or one service request) together, aliases expanded.
MAX_FILE_NODES = 1_000_000
MAX_STRING_CHARS = 65_536
# Inputs that are not descriptors: baselines (JSON reports), scanner reports.
MAX_INPUT_BYTES = 16 * 1024 * 1024
# The JSON header of a safetensors file, read whole to be validated.
MAX_SAFETENSORS_HEADER_BYTES = 16 * 1024 * 1024

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
_MERGE_TAG = f"{_TAG}merge"

# Surrogates (U+D800..U+DFFF) are halves of UTF-16 pairs, not characters: a string
# holding one cannot be written as UTF-8, so every report would fail on it. Decoded
# UTF-8 never holds one; only an escape (`\ud800`) can make one.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)


class NodeBudgetError(FtcomplyError):
    """One file's (or one service request's) documents hold more nodes together, aliases
    expanded, than its node budget: exit 2 for a file, 413 for a request."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with its tag resolution reduced to what the safe loader
    registers: the same implicit-tag table, looked up once per scalar, and no path
    resolvers (it has none). libyaml composes in C but calls these in Python for
    every node (docs/performance.md has what it saves)."""

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
    """At most `limit + 1` bytes of a regular file (one more tells the caller it is too large).

    Anything else where a file is expected is refused unread: a FIFO would block
    until a writer came (`--baseline <(…)` too), a device such as /dev/zero never
    ends. The file is checked before it is opened (opening some devices acts) and
    again once open, without blocking, so a file swapped in between is caught too.
    """
    try:
        _require_regular(path, os.stat(path).st_mode)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise FtcomplyError.at("no such file", path) from None
    except IsADirectoryError:
        raise FtcomplyError.at("is a directory", path) from None
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read: {exc.strerror}", path) from None
    try:
        with open(fd, "rb", closefd=True) as handle:
            _require_regular(path, os.fstat(fd).st_mode)
            return handle.read(limit + 1)
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read: {exc.strerror}", path) from None


# Opening a FIFO without O_NONBLOCK waits for a writer; on a regular file it changes nothing.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_KINDS = ((stat.S_ISDIR, "is a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _require_regular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    for test, kind in _FILE_KINDS:
        if test(mode):
            if kind == "is a directory":
                raise FtcomplyError.at(kind, path)
            raise FtcomplyError.at(f"not a regular file: {kind}", path)
    raise FtcomplyError.at("not a regular file", path)


def load_documents(name: str, raw: bytes, max_nodes: int = MAX_FILE_NODES
                   ) -> list[SourceDocument]:
    """Parse every document of a file; raises FtcomplyError with file:line:column.

    `max_nodes` is the node budget of the whole file (or request): its documents'
    nodes together, aliases counted as what they expand to. Past it the file is a
    NodeBudgetError. A file with anchors is counted before anything is built, in
    time linear in its size, so a small file of aliases costs milliseconds to refuse.
    """
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(name, raw)
    if _is_json(name, text):
        return [SourceDocument(name, 0, _load_json(name, text, max_nodes), {}, digest, text)]
    surrogates = "\\u" in text or "\\U" in text  # only an escape can make one
    documents = []
    used = 0
    for index, node in _composed(name, text, max_nodes, surrogates):
        builder = _Builder(name, max_nodes, used, surrogates)
        data, positions = builder.build(node)
        used += builder.nodes
        documents.append(SourceDocument(name, index, data, positions, digest))
    if not documents:
        raise FtcomplyError.at("contains no document", name, 1, 1)
    return documents


def _composed(name: str, text: str, max_nodes: int, surrogates: bool
              ) -> Iterator[tuple[int, yaml.Node]]:
    """The composed documents, one at a time; with anchors, all of them first, counted.

    Without an anchor nothing expands: each document is built as it is composed
    (building costs about what composing did), the builder counting against the
    budget. With anchors a few bytes can stand for a million nodes, and building
    them is what costs (4 µs a node): the composed graphs are counted first, each
    node once, and a file over its budget is refused before any is built.
    """
    if "&" not in text:
        yield from _compose_all(name, text)
        return
    composed = []
    total: float = 0
    for index, node in _compose_all(name, text):
        count = _expanded_nodes(node)
        if total + count > max_nodes:
            # Built with what is left of the budget, it stops at the very node (or at an
            # earlier error of the same document).
            _Builder(name, max_nodes, int(total), surrogates).build(node)
            raise _budget_error(name, max_nodes, node)  # pragma: no cover - counts agree
        total += count
        composed.append((index, node))
    composed.reverse()
    while composed:  # each graph is dropped once built
        yield composed.pop()


def _budget_error(name: str, max_nodes: int, node: yaml.Node) -> NodeBudgetError:
    line, column = _position(node)
    return NodeBudgetError(InputError(_budget_message(max_nodes), Location(name, line, column)))


def _budget_message(max_nodes: int) -> str:
    return (f"more than {max_nodes} nodes in all documents of the file, aliases expanded "
            "(node budget; alias expansion bomb?)")


def _expanded_nodes(root: yaml.Node) -> float:
    """How many values _Builder would make of `root`, aliases expanded, in time linear
    in the composed graph: each node is counted once and its count reused wherever an
    alias repeats it. Merge keys count as the builder merges (explicit keys win, then
    earlier sources). A node inside itself (a recursive alias) counts as infinite: the
    builder stops it at the depth or node cap."""
    counts: dict[int, float] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        key = id(node)
        if children is not None:  # every child counted
            open_nodes.discard(key)
            counts[key] = 1 + sum(counts[id(child)] for child in children)
            continue
        if key in counts:
            continue
        if key in open_nodes:  # an ancestor on the current path
            return math.inf
        open_nodes.add(key)
        children = _counted_children(node)
        stack.append((node, children))
        stack.extend((child, None) for child in children if id(child) not in counts)
    return counts[id(root)]


def _counted_children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if not isinstance(node, yaml.MappingNode):
        return []
    children = []
    seen: set[Any] = set()
    sources: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            if isinstance(value_node, yaml.MappingNode):
                sources.append(value_node)
            elif isinstance(value_node, yaml.SequenceNode):
                sources.extend(v for v in value_node.value if isinstance(v, yaml.MappingNode))
            continue
        seen.add(_key_identity(key_node))
        children.append(value_node)
    for source in sources:
        for key_node, value_node in source.value:
            identity = _key_identity(key_node)
            if identity not in seen:
                seen.add(identity)
                children.append(value_node)
    return children


def _key_identity(node: yaml.Node) -> Any:
    return node.value if isinstance(node, yaml.ScalarNode) else id(node)


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


def _load_json(name: str, text: str, max_nodes: int = MAX_FILE_NODES) -> Any:
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
    _check_json_limits(name, data, max_nodes)
    check_json_surrogates(name, text)
    return data


def _check_json_limits(name: str, data: Any, max_nodes: int = MAX_FILE_NODES) -> None:
    """The same caps YAML documents get: depth, node count, string length, finite numbers."""
    stack = [(data, 0)]
    nodes = 0
    cap = min(MAX_NODES, max_nodes)
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > cap:
            if nodes > MAX_NODES:
                raise FtcomplyError.at(f"more than {MAX_NODES} nodes", name)
            raise NodeBudgetError(InputError(_budget_message(max_nodes), Location(name)))
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


def check_json_surrogates(name: str, text: str) -> None:
    """Raise FtcomplyError at the line and column of a `\\uD800`-`\\uDFFF` escape that is
    not half of a pair. For any JSON that json.loads() read (scanner reports, headers):
    such a string reaches a report and no UTF-8 writer accepts it. `text` is valid JSON,
    so its quotes delimit exactly its strings; json pairs a high surrogate with a low one
    only when the low escape follows at once. Costs a regex search when there is none."""
    if not _SURROGATE_ESCAPE.search(text):  # a pair (an emoji, as json.dumps writes it) or not
        return
    for string in _JSON_STRING.finditer(text):
        if not _SURROGATE_ESCAPE.search(string.group()):
            continue
        high: re.Match[str] | None = None
        lone = None
        for escape in _JSON_ESCAPE.finditer(string.group()):
            code = int(escape.group(1), 16) if escape.group(1) else None
            if high is not None:
                if code is not None and 0xDC00 <= code <= 0xDFFF and escape.start() == high.end():
                    high = None
                    continue
                lone = high
                break
            if code is not None and 0xD800 <= code <= 0xDBFF:
                high = escape
            elif code is not None and 0xDC00 <= code <= 0xDFFF:
                lone = escape
                break
        lone = lone or high
        if lone is not None:
            offset = string.start() + lone.start()
            before = text[:offset]
            raise FtcomplyError.at(_surrogate_message(lone.group()), name,
                                   before.count("\n") + 1, offset - before.rfind("\n"))


def _surrogate_message(escape: str) -> str:
    return (f"lone surrogate {escape} in a string: half of a UTF-16 pair, not a character "
            "(it cannot be written as UTF-8)")


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


# YAML allows UTF-16 with a byte-order mark (Windows editors save it); read it as text.
_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}


def _decode(name: str, raw: bytes) -> str:
    for bom, codec in _UTF16_BOMS.items():
        if raw.startswith(bom) and not raw.startswith(codecs.BOM_UTF32_LE):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise FtcomplyError.at("not valid UTF-16 text", name) from None
            if "\x00" in text:
                raise FtcomplyError.at("binary content (NUL character): not a YAML or JSON "
                                       "text", name)
            return _non_empty(name, text)
    if b"\x00" in raw:
        if len(raw) >= 4 and (raw[1::2][:2] == b"\x00\x00" or raw[0::2][:2] == b"\x00\x00"):
            raise FtcomplyError.at("UTF-16 text without a byte-order mark: save it as UTF-8 "
                                   "(or UTF-16 with a BOM)", name)
        raise FtcomplyError.at("binary content (NUL byte): not a YAML or JSON text", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FtcomplyError.at("not valid UTF-8 text", name, line) from None
    return _non_empty(name, text)


def _character_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column of `text`, or "" past its end."""
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


def _non_empty(name: str, text: str) -> str:
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
        elif mark and _character_at(text, mark.line, mark.column) == "\t":
            problem += " (a tab: YAML indents with spaces, never tabs)"
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

    def __init__(self, name: str, file_budget: int = MAX_FILE_NODES, used: int = 0,
                 surrogates: bool = False) -> None:
        self.name = name
        self.nodes = 0
        self.file_budget = file_budget  # of the whole file, of which `used` went before
        self.cap = min(MAX_NODES, file_budget - used)
        self.surrogates = surrogates  # whether strings may hold a lone surrogate
        self.positions: dict[str, tuple[int, int]] = {}

    def build(self, root: yaml.Node) -> tuple[Any, dict[str, tuple[int, int]]]:
        self.positions[""] = _position(root)
        return self._value(root, "", 0), self.positions

    def _fail(self, message: str, node: yaml.Node) -> FtcomplyError:
        line, column = _position(node)
        return FtcomplyError.at(message, self.name, line, column)

    def _value(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.cap:
            if self.nodes > MAX_NODES:
                raise self._fail(f"more than {MAX_NODES} nodes (alias expansion bomb?)", node)
            raise _budget_error(self.name, self.file_budget, node)
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
        if self.surrogates and (found := _LONE_SURROGATE.search(node.value)):
            # libyaml refuses such escapes itself; PyYAML's pure-Python reader does not.
            raise self._fail(_surrogate_message(f"\\u{ord(found.group()):04x}"), node)
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
