"""What a pickle would import, judged by an allowlist, and pickles hidden in other formats.

A denylist of dangerous imports (picklescan's) misses whatever nobody listed:
`_posixsubprocess.fork_exec`, `importlib.import_module`, `marshal.loads`, … So a
pickle may import only what `torch.load(weights_only=True)` accepts by default
(`ALLOWED_GLOBALS`, written out in docs/evidence.md); any other global counts as
executing code.

Pickle readers start at offset 0 whatever the file claims to be: a valid safetensors
or GGUF file can also be a pickle that runs code under `pickle.load` or
`torch.load(weights_only=False)`. Every model file is therefore also walked as a
pickle from offset 0 (`walk_file`), opcode by opcode, ignoring whether the stack
would be valid. The unpickler runs each opcode as it reads it, so code runs as soon
as a global is imported or called, whether or not the stream goes on to a STOP: the
walk marks the file as running code when it imports a global and then reaches STOP,
calls something (REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX, BUILD), or imports a
well-formed module name (importing a module runs its top-level code). A call needs
a callable, and only an import opcode (GLOBAL, STACK_GLOBAL, INST, EXT*) provides
one. Arguments are checked as the unpickler checks them, and long ones are skipped
without being read, so a walk costs little whatever the file's size. Nothing is
ever unpickled.
"""

from __future__ import annotations

import io
import pickletools
import re
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

MAX_WALK_BYTES = 8 * 1024 * 1024  # bytes a walk may read (skipped arguments are free)
_KEEP_STRING = 4096  # longer strings are skipped, their value unknown

# --- the allowlist -----------------------------------------------------------------------
#
# What torch.load(weights_only=True) accepts by default: `_get_allowed_globals()` in
# PyTorch's torch/_weights_only_unpickler.py, expanded from the sources it reads
# (torch/storage.py `_dtype_to_storage_type_map` and `_new_dtypes`, the storage classes
# of torch/__init__.py and torch/cuda/__init__.py, the legacy tensor types of
# torch/csrc/utils/tensor_types.cpp `all_declared_types`), PyTorch 2.x main, 2025.
# Names are as the pickle writes them: `module.qualname`.

_LEGACY_SCALARS = ("Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half",
                   "Bool", "BFloat16")
_TENSOR_CLASSES = (
    *(f"torch.{s}Tensor" for s in _LEGACY_SCALARS),
    *(f"torch.cuda.{s}Tensor" for s in _LEGACY_SCALARS),
    *(f"torch.sparse.{s}Tensor" for s in _LEGACY_SCALARS if s != "Bool"),
    *(f"torch.cuda.sparse.{s}Tensor" for s in _LEGACY_SCALARS if s != "Bool"),
)
_STORAGE_CLASSES = (
    *(f"torch.{s}Storage" for s in (
        "Double", "Float", "Long", "Int", "Short", "Char", "Byte", "Half", "Bool",
        "BFloat16", "ComplexDouble", "ComplexFloat", "QUInt8", "QInt8", "QInt32",
        "QUInt4x2", "QUInt2x4")),
    *(f"torch.cuda.{s}Storage" for s in (
        "Double", "Float", "Long", "Int", "Short", "Char", "Byte", "Half", "Bool",
        "BFloat16", "ComplexDouble", "ComplexFloat")),
    "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
)
_DTYPES = tuple(f"torch.{name}" for name in (
    # _dtype_to_storage_type_map (as str(dtype) prints them)
    "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8", "bool",
    "bfloat16", "complex128", "complex64", "qint8", "qint32", "quint8", "quint4x2",
    "quint2x4",
    # _new_dtypes
    "float8_e5m2", "float8_e4m3fn", "float8_e5m2fnuz", "float8_e4m3fnuz", "float8_e8m0fnu",
    "float4_e2m1fn_x2", "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2", "complex32",
    "uint16", "uint32", "uint64",
    # sub-byte integers
    *(f"uint{bits}" for bits in range(1, 8)), *(f"int{bits}" for bits in range(1, 8)),
))
_QSCHEMES = tuple(f"torch.{name}" for name in (
    "per_tensor_affine", "per_tensor_symmetric", "per_channel_affine",
    "per_channel_symmetric", "per_channel_affine_float_qparams"))
_REBUILD_FUNCTIONS = tuple(f"torch._utils.{name}" for name in (
    "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor",
    "_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor",
    "_rebuild_meta_tensor_no_storage", "_rebuild_wrapper_subclass",
    "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor"))

ALLOWED_GLOBALS: frozenset[str] = frozenset({
    "collections.OrderedDict", "collections.Counter",
    "torch.nn.parameter.Parameter", "torch.serialization._get_layout", "torch.Size",
    "torch.Tensor", "torch.device", "torch._tensor._rebuild_from_type_v2",
    "_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.complex",
    *_DTYPES, *_TENSOR_CLASSES, *_STORAGE_CLASSES, *_QSCHEMES, *_REBUILD_FUNCTIONS,
})


def is_allowed(name: str) -> bool:
    """Whether `module.name` is a global torch's weights-only unpickler accepts by default."""
    return name in ALLOWED_GLOBALS


def disallowed(imported: set[str]) -> set[str]:
    """The imported globals outside the allowlist: each one counts as executing code."""
    return {name for name in imported if not is_allowed(name)}


# --- the walk ----------------------------------------------------------------------------

@dataclass
class Walk:
    """What walking a stream as one pickle from offset 0 found.

    `imports` are `module.name` in the order met (`?` when the walk cannot tell the
    name: a STACK_GLOBAL fed by something other than strings, an extension code).
    `complete` is False when the walk used up its budget still reading valid opcodes:
    then nothing can be said about the rest.
    """

    imports: list[str] = field(default_factory=list)
    stopped: bool = False  # reached STOP
    called: bool = False  # a call opcode after an import
    plain_import: bool = False  # an import of a well-formed module and name
    complete: bool = True

    @property
    def runs_code(self) -> bool:
        """Loading the stream with pickle.load would import or call a global."""
        return bool(self.imports) and (self.stopped or self.called or self.plain_import)


_IMPORTS = frozenset({"GLOBAL", "INST", "STACK_GLOBAL", "EXT1", "EXT2", "EXT4"})
_CALLS = frozenset({"REDUCE", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX", "BUILD"})
_TEXT = frozenset({"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "STRING",
                   "BINSTRING", "SHORT_BINSTRING"})
_PUTS = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})
_PERSISTENT_IDS = frozenset({"PERSID", "BINPERSID"})
_GETS = frozenset({"GET", "BINGET", "LONG_BINGET"})
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_MARK = object()
_UNKNOWN = object()
_LENGTH_PREFIX = {
    pickletools.TAKEN_FROM_ARGUMENT1: (1, "<B"),
    pickletools.TAKEN_FROM_ARGUMENT4: (4, "<i"),
    pickletools.TAKEN_FROM_ARGUMENT4U: (4, "<I"),
    pickletools.TAKEN_FROM_ARGUMENT8U: (8, "<Q"),
}
_INDEXES = {"BINGET": "<B", "BINPUT": "<B", "LONG_BINGET": "<I", "LONG_BINPUT": "<I"}
_OPCODES = {op.code.encode("latin-1")[0]: op for op in pickletools.opcodes}


class _End(Exception):
    """The unpickler would stop here (bad opcode, bad argument, end of file)."""


class _Budget(Exception):
    """The walk read as much as it may."""


def walk(data: bytes) -> tuple[set[str], bool]:
    """(globals imported, whether loading runs code) for a pickle at the start of `data`,
    read by a loader that resolves persistent ids (torch.load does, for its storages)."""
    found = walk_file(io.BytesIO(data), len(data), persistent_ids=True)
    return set(found.imports), found.runs_code


def walk_file(handle: BinaryIO, size: int, budget: int | None = None, *,
              persistent_ids: bool = False) -> Walk:
    """Walk the seekable `handle` (of `size` bytes) as one pickle from offset 0, reading
    at most `budget` bytes (MAX_WALK_BYTES by default).

    Without `persistent_ids` the walk reads as pickle.load does, and as
    torch.load(weights_only=False) reads a file that is not a zip archive: a persistent
    id (PERSID, BINPERSID) ends it, since the unpickler has no persistent_load and fails
    there. (A zip archive, whose `PK` reads as a PERSID, is never unpickled from offset 0.)
    """
    reader = _Reader(handle, size, MAX_WALK_BYTES if budget is None else budget)
    found = Walk()
    stack: list[object] = []
    memo: dict[int, object] = {}
    try:
        while True:
            op = _OPCODES.get(reader.byte())
            if op is None:
                raise _End
            argument = _argument(reader, op)
            name = op.name
            if name in _PERSISTENT_IDS and not persistent_ids:
                raise _End
            if name in _IMPORTS:
                found.imports.append(_imported(name, argument, stack, found))
            if name in _CALLS and found.imports:
                found.called = True
            _simulate(name, op, argument, stack, memo)
            if name == "STOP":
                found.stopped = True
                break
    except _End:
        pass
    except _Budget:
        found.complete = False
    return found


def _imported(name: str, argument: object, stack: list[object], found: Walk) -> str:
    if name in ("GLOBAL", "INST"):
        module, _, attribute = str(argument).partition(" ")
    elif name == "STACK_GLOBAL":
        attribute_value = stack[-1] if stack else _UNKNOWN
        module_value = stack[-2] if len(stack) > 1 else _UNKNOWN
        if not (isinstance(module_value, str) and isinstance(attribute_value, str)):
            return "?"
        module, attribute = module_value, attribute_value
    else:  # EXT1/2/4: a (module, name) from copyreg's extension registry
        return "?"
    if _DOTTED.match(module) and _DOTTED.match(attribute):
        found.plain_import = True
    return f"{module}.{attribute}"


def _simulate(name: str, op: pickletools.OpcodeInfo, argument: object,
              stack: list[object], memo: dict[int, object]) -> None:
    """The opcode's effect on the stack, tracking only strings (for STACK_GLOBAL's names)."""
    if name in _PUTS or name == "MEMOIZE":
        key = len(memo) if name == "MEMOIZE" else argument
        if isinstance(key, int):
            memo[key] = stack[-1] if stack else _UNKNOWN
        return
    if name in _GETS:
        stack.append(memo.get(argument, _UNKNOWN) if isinstance(argument, int) else _UNKNOWN)
        return
    if name == "DUP":
        stack.append(stack[-1] if stack else _UNKNOWN)
        return
    before = op.stack_before
    if pickletools.markobject in before:
        # What is listed after the mark (OBJ's class, the slice) sits above it.
        before = before[:before.index(pickletools.markobject)]
        while stack and stack.pop() is not _MARK:
            pass
    for _ in before:
        if stack:
            stack.pop()
    for item in op.stack_after:
        if item is pickletools.markobject:
            stack.append(_MARK)
        elif name in _TEXT and isinstance(argument, str):
            stack.append(argument)
        else:
            stack.append(_UNKNOWN)


def _argument(reader: _Reader, op: pickletools.OpcodeInfo) -> object:
    """Read (or skip) the opcode's argument, checked as the unpickler checks it."""
    descriptor = op.arg
    if descriptor is None:
        return None
    size = descriptor.n
    if size >= 0:
        raw = reader.take(size)
        layout = _INDEXES.get(op.name)
        return struct.unpack(layout, raw)[0] if layout else raw
    if size == pickletools.UP_TO_NEWLINE:
        return _line_argument(reader, op.name)
    width, layout = _LENGTH_PREFIX[size]
    (length,) = struct.unpack(layout, reader.take(width))
    if length < 0:
        raise _End
    if op.name not in _TEXT or length > _KEEP_STRING:
        reader.skip(length)
        return None
    raw = reader.take(length)
    if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8"):
        try:
            return raw.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise _End from None
    return raw.decode("latin-1")


def _line_argument(reader: _Reader, name: str) -> object:
    """A newline-terminated argument. One too long to keep is not checked (the walk
    goes on as if the unpickler accepted it) and its value is unknown."""
    if name in ("GLOBAL", "INST"):
        (module, whole), (attribute, also_whole) = reader.line(), reader.line()
        try:
            return f"{module.decode('utf-8')} {attribute.decode('utf-8')}" if (
                whole and also_whole) else "? ?"
        except UnicodeDecodeError:
            raise _End from None
    line, whole = reader.line()
    if not whole:
        return None
    try:
        if name in ("INT", "GET", "PUT"):
            return int(line)
        if name == "LONG":
            int(line[:-1] if line.endswith(b"L") else line)
        elif name == "FLOAT":
            float(line)
        elif name == "STRING":
            if len(line) < 2 or line[:1] not in (b"'", b'"') or line[-1:] != line[:1]:
                raise _End
            return line[1:-1].decode("latin-1")
        elif name == "UNICODE":
            return line.decode("raw-unicode-escape")
    except (ValueError, UnicodeDecodeError):
        raise _End from None
    return None


class _Reader:
    """Bounded reads from a seekable stream; skipped bytes do not count against the budget."""

    def __init__(self, handle: BinaryIO, size: int, budget: int) -> None:
        self.handle, self.size, self.budget = handle, size, budget
        self.position = 0
        self.read_bytes = 0
        handle.seek(0)

    def _charge(self, count: int) -> None:
        self.read_bytes += count
        if self.read_bytes > self.budget:
            raise _Budget

    def byte(self) -> int:
        return self.take(1)[0]

    def take(self, count: int) -> bytes:
        if self.position + count > self.size:
            raise _End
        self._charge(count)
        data = self.handle.read(count)
        if len(data) != count:
            raise _End
        self.position += count
        return data

    def skip(self, count: int) -> None:
        if self.position + count > self.size:
            raise _End
        self.position += count
        self.handle.seek(self.position)

    def line(self) -> tuple[bytes, bool]:
        """Up to the next newline (dropped), which the unpickler needs before the end;
        and whether all of it was kept (at most _KEEP_STRING bytes are)."""
        kept: list[bytes] = []
        length = 0
        while True:
            piece = self.handle.readline(min(65536, self.budget - self.read_bytes + 1))
            if not piece or self.position + len(piece) > self.size:
                raise _End
            self.position += len(piece)
            self._charge(len(piece))
            if length < _KEEP_STRING:
                kept.append(piece)
            length += len(piece)
            if piece.endswith(b"\n"):
                return b"".join(kept)[:-1], length <= _KEEP_STRING + 1
