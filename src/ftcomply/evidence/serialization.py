"""What a model or adapter file really is, judged from its bytes, never its name.

Recognised formats, in the order they are tried:

- gguf (the `GGUF` magic, and a header that parses within the file: version,
  counts, every metadata entry and tensor info; `_check_gguf`) and keras-h5 (the
  HDF5 signature at offset 0, 512, 1024 or 2048).
- safetensors: an 8-byte little-endian header length N, then N bytes of JSON
  (starting with `{`). The header is validated as the safetensors reference
  implementation does: N at most 100,000,000 and inside the file, UTF-8 JSON
  object, no duplicate keys, string-valued `__metadata__`, known dtypes,
  non-negative integer shapes, `data_offsets` sized by dtype and shape, and
  covering the data buffer exactly (no holes, no overlaps, no trailing bytes).
- pytorch-zip: a zip archive holding `data.pkl` (`torch.save`'s format). Its
  pickle entries (names ending `.pkl` or `.pickle`) are scanned; a zip with
  pickle entries but no `data.pkl` is reported as pickle.
- pickle with a protocol 2+ header (`\\x80` and the protocol byte).
- onnx, best effort: the leading protobuf fields of an ONNX ModelProto,
  starting with a plausible `ir_version`.
- pickle of protocol 0 or 1 (no header): a stream that pickletools'
  disassembler accepts as one complete pickle.

Whatever the format, every file is also walked as a pickle from offset 0
(`pickles.walk_file`): a file that is valid safetensors or GGUF and also a pickle
that imports or calls code when unpickled is a polyglot that executes code.

Pickles are never loaded. Their imports are listed by ftcomply's own opcode walk
(`pickles`) and by picklescan (PyPI), both without unpickling; any import outside
torch's weights-only allowlist (`pickles.ALLOWED_GLOBALS`) executes code. Every
scan is bounded: at most 8 MiB of pickle bytes per file (the rest is reported as
not scanned), at most 100,000 zip entries and a 64 MiB zip central directory, at
most 64 MiB of GGUF header parsed.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickletools
import struct
import zipfile
from typing import Any, BinaryIO

from picklescan import scanner as picklescan
from picklescan.torch import InvalidMagicError

from ftcomply.evidence import ModelFormat, SerializationEvidence, pickles
from ftcomply.loader import MAX_SAFETENSORS_HEADER_BYTES, unique_keys

# picklescan reports through logging; without a handler of its own, Python's
# last-resort handler would print its warnings on stderr.
logging.getLogger("picklescan").addHandler(logging.NullHandler())

MAX_SAFETENSORS_HEADER = 100_000_000  # the safetensors reference implementation's cap
MAX_PICKLE_SCAN_BYTES = 8 * 1024 * 1024
MAX_ZIP_ENTRIES = 100_000
MAX_ZIP_DIRECTORY_BYTES = 64 * 1024 * 1024
MAX_GGUF_HEADER = 64 * 1024 * 1024  # metadata and tensor infos, parsed (never held) up to this
HEAD_BYTES = 4096

# Names a file in an artifact directory is reported under even when its
# content matches no format (a `.safetensors` that is not one is news).
MODEL_SUFFIXES = (
    ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib",
    ".gguf", ".onnx", ".h5", ".hdf5", ".keras",
)

# dtype → bits per element, as the safetensors reference implementation knows them.
_DTYPE_BITS = {
    "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8,
    "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8,
    "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
    "C64": 64, "F64": 64, "I64": 64, "U64": 64,
}
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_HDF5_OFFSETS = (0, 512, 1024, 2048)
_PICKLE_MEMBER_SUFFIXES = (".pkl", ".pickle")
# ONNX ModelProto: field number → protobuf wire type (0 varint, 2 length-delimited).
_ONNX_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2}
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


class _Malformed(Exception):
    """The file claims a format but breaks its rules; the message says how."""


def inspect_file(handle: BinaryIO, label: str) -> SerializationEvidence:
    """Recognise the format of an open, seekable binary file and scan it if it is a pickle;
    whatever the format, also walk it as a pickle from offset 0 (pickles.walk): a file
    that is another format and also a code-running pickle is a polyglot that runs code.

    `label` names the file in the result (its path relative to the artifact).
    Never raises for bad content: problems land in `error`.
    """
    evidence = _recognise(handle, label)
    if evidence.detected_format is ModelFormat.PICKLE or evidence.executes_code:
        return evidence
    size = handle.seek(0, io.SEEK_END)
    walked = pickles.walk_file(handle, size)
    if not walked.complete:
        note = (f"read {pickles.MAX_WALK_BYTES} bytes as a pickle from offset 0 without "
                "reaching its end: whether loading it with pickle runs code was not checked")
        return dataclasses.replace(
            evidence, error="; ".join(e for e in (evidence.error, note) if e))
    if not walked.runs_code:
        return evidence
    imported = sorted(set(walked.imports))
    note = (f"also a pickle from offset 0 that imports or calls code when loaded "
            f"(a polyglot): {', '.join(imported)}")
    return dataclasses.replace(
        evidence, executes_code=True, dangerous_imports=tuple(imported),
        error="; ".join(e for e in (evidence.error, note) if e))


def _recognise(handle: BinaryIO, label: str) -> SerializationEvidence:
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    if not head:
        return SerializationEvidence(label, ModelFormat.UNKNOWN, error="empty file")
    if head.startswith(b"GGUF"):
        try:
            _check_gguf(handle, size)
        except _Malformed as exc:
            return SerializationEvidence(label, ModelFormat.GGUF, error=str(exc))
        return SerializationEvidence(label, ModelFormat.GGUF)
    if any(head[at:at + 8] == _HDF5_SIGNATURE for at in _HDF5_OFFSETS):
        return SerializationEvidence(label, ModelFormat.KERAS_H5)
    if _looks_like_safetensors(head):
        try:
            _check_safetensors(handle, size)
        except _Malformed as exc:
            return SerializationEvidence(label, ModelFormat.SAFETENSORS, error=str(exc))
        return SerializationEvidence(label, ModelFormat.SAFETENSORS)
    if head.startswith(b"PK\x03\x04"):
        try:
            return _inspect_zip(handle, size, label)
        except _Malformed as exc:
            return SerializationEvidence(label, ModelFormat.UNKNOWN, error=str(exc))
    if head[0] == 0x80 and len(head) > 1 and 2 <= head[1] <= 5:  # PROTO 2..5
        return _inspect_pickle(handle, size, label)
    if _looks_like_onnx(head):
        return SerializationEvidence(label, ModelFormat.ONNX)
    if _is_pickle_opcode(head[0]):
        # Protocol 0 and 1 pickles have no header: accept what parses as one.
        handle.seek(0)
        if _pickle_error(handle.read(MAX_PICKLE_SCAN_BYTES)) is None:
            return _inspect_pickle(handle, size, label)
    return SerializationEvidence(
        label, ModelFormat.UNKNOWN, error="content matches no known model serialization format"
    )


# --- GGUF --------------------------------------------------------------------------------

# Value types: fixed sizes, and the two variable ones (8 string, 9 array).
_GGUF_FIXED = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_GGUF_STRING, _GGUF_ARRAY, _GGUF_UINT32 = 8, 9, 4
_GGUF_MAX_DIMS = 4  # GGML_MAX_DIMS
_GGUF_MAX_NESTING = 4


def _check_gguf(handle: BinaryIO, size: int) -> None:
    """Parse a GGUF header (magic, version, counts, every metadata entry and tensor info)
    within the file and within MAX_GGUF_HEADER bytes: the four-byte magic alone is what
    any polyglot can start with.

    Version 1 wrote 32-bit counts and lengths, versions 2 and 3 64-bit ones. Tensor data
    offsets must be aligned (`general.alignment`, 32 by default) and inside the file;
    tensor sizes are not checked (they need ggml's table of quantized block sizes).
    """
    reader = _GgufReader(handle, size)
    reader.take(4)  # GGUF
    (version,) = reader.unpack("<I")
    if version not in (1, 2, 3):
        raise _Malformed(f"malformed GGUF: unknown version {version}")
    reader.wide = version > 1
    tensors, entries = reader.count(), reader.count()
    # Each metadata entry takes at least 13 bytes, each tensor info 24 (version 1: 9, 20).
    if entries * (13 if reader.wide else 9) + tensors * (24 if reader.wide else 20) > size:
        raise _Malformed(f"malformed GGUF: {tensors} tensors and {entries} metadata entries "
                         f"cannot fit in {size} bytes")
    alignment = 32
    keys: set[bytes] = set()
    for _ in range(entries):
        key = reader.string()
        if key in keys:
            raise _Malformed(f"malformed GGUF: duplicate metadata key {_quoted(_text(key))}")
        keys.add(key)
        (kind,) = reader.unpack("<I")
        if key == b"general.alignment":
            if kind != _GGUF_UINT32:
                raise _Malformed("malformed GGUF: general.alignment is not a uint32")
            (alignment,) = reader.unpack("<I")
            if alignment == 0 or alignment & (alignment - 1):
                raise _Malformed(f"malformed GGUF: alignment {alignment} is not a power of two")
        else:
            reader.value(kind, 0)
    offsets = []
    names: set[bytes] = set()
    for _ in range(tensors):
        name = reader.string()
        if name in names:
            raise _Malformed(f"malformed GGUF: duplicate tensor {_quoted(_text(name))}")
        names.add(name)
        (dimensions,) = reader.unpack("<I")
        if dimensions > _GGUF_MAX_DIMS:
            raise _Malformed(f"malformed GGUF: tensor {_quoted(_text(name))} has "
                             f"{dimensions} dimensions (at most {_GGUF_MAX_DIMS})")
        reader.skip(dimensions * (8 if reader.wide else 4))
        (_, offset) = reader.unpack("<IQ")
        if offset % alignment:
            raise _Malformed(f"malformed GGUF: tensor {_quoted(_text(name))} data offset "
                             f"{offset} is not aligned to {alignment}")
        offsets.append((offset, name))
    data_start = -(-reader.position // alignment) * alignment
    if data_start > size:
        raise _Malformed("malformed GGUF: the tensor data starts past the end of the file")
    for offset, name in offsets:
        if data_start + offset > size:
            raise _Malformed(f"malformed GGUF: tensor {_quoted(_text(name))} data starts past "
                             "the end of the file")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


class _GgufReader:
    """Little-endian reads from a GGUF header, bounded by the file and MAX_GGUF_HEADER."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        self.handle, self.size = handle, size
        self.position = 0
        self.wide = True  # 64-bit counts and lengths (version 2 and later)
        handle.seek(0)

    def _advance(self, count: int) -> None:
        if self.position + count > self.size:
            raise _Malformed("malformed GGUF: the header runs past the end of the file "
                             f"({self.size} bytes)")
        if self.position + count > MAX_GGUF_HEADER:
            raise _Malformed(f"GGUF header longer than the {MAX_GGUF_HEADER}-byte cap on "
                             "headers ftcomply reads: not inspected")
        self.position += count

    def take(self, count: int) -> bytes:
        self._advance(count)
        return self.handle.read(count)

    def skip(self, count: int) -> None:
        self._advance(count)
        self.handle.seek(self.position)

    def unpack(self, layout: str) -> tuple[int, ...]:
        return struct.unpack(layout, self.take(struct.calcsize(layout)))

    def count(self) -> int:
        return self.unpack("<Q" if self.wide else "<I")[0]

    def string(self) -> bytes:
        length = self.count()
        if length > 65536:
            self.skip(length)  # checked against the file, never read
            return b"(%d bytes)" % length
        return self.take(length)

    def value(self, kind: int, depth: int) -> None:
        if kind in _GGUF_FIXED:
            self.skip(_GGUF_FIXED[kind])
        elif kind == _GGUF_STRING:
            self.skip(self.count())
        elif kind == _GGUF_ARRAY:
            (item_kind,) = self.unpack("<I")
            count = self.count()
            if item_kind in _GGUF_FIXED:
                self.skip(count * _GGUF_FIXED[item_kind])
            elif item_kind in (_GGUF_STRING, _GGUF_ARRAY) and depth < _GGUF_MAX_NESTING:
                # Each item takes at least its length: a count the file cannot hold
                # is refused before the loop.
                if count * (8 if self.wide else 4) > self.size - self.position:
                    raise _Malformed(f"malformed GGUF: an array of {count} items runs past "
                                     "the end of the file")
                for _ in range(count):
                    self.value(item_kind, depth + 1)
            else:
                raise _Malformed(f"malformed GGUF: unknown or too deeply nested array item "
                                 f"type {item_kind}")
        else:
            raise _Malformed(f"malformed GGUF: unknown metadata value type {kind}")


def is_model_file(name: str, evidence: SerializationEvidence) -> bool:
    """Whether a file of an artifact directory belongs in its serialization evidence."""
    return (evidence.detected_format is not ModelFormat.UNKNOWN or evidence.executes_code
            or name.lower().endswith(MODEL_SUFFIXES))


# --- safetensors -------------------------------------------------------------------------

def _looks_like_safetensors(head: bytes) -> bool:
    if len(head) < 9 or not head[8:].lstrip(b" \t\r\n").startswith(b"{"):
        return False
    (length,) = struct.unpack_from("<Q", head)
    # Text has no NUL bytes, so its first 8 bytes read as a length far above the
    # cap; an oversized length with a real-looking header is still safetensors,
    # just malformed.
    return 2 <= length <= MAX_SAFETENSORS_HEADER or b'"data_offsets"' in head


def _check_safetensors(handle: BinaryIO, size: int) -> None:
    handle.seek(0)
    (length,) = struct.unpack("<Q", handle.read(8))
    if length > MAX_SAFETENSORS_HEADER_BYTES:  # read into memory: ftcomply's own, lower cap
        raise _Malformed(
            f"safetensors header length {length} exceeds the {MAX_SAFETENSORS_HEADER_BYTES}-"
            "byte cap on headers ftcomply reads"
        )
    if length > size - 8:
        raise _Malformed(
            f"safetensors header length {length} runs past the end of the file ({size} bytes)"
        )
    try:
        header = json.loads(handle.read(length).decode("utf-8"), object_pairs_hook=unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _Malformed(f"safetensors header is not valid JSON: {exc}") from None
    if not isinstance(header, dict):
        raise _Malformed("safetensors header is not a JSON object")
    spans = []
    for name, info in header.items():
        if name == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                raise _Malformed("safetensors __metadata__ is not a map of strings")
            continue
        spans.append((*_tensor_span(name, info), name))
    _check_coverage(sorted(spans), size - 8 - length)


def _tensor_span(name: str, info: Any) -> tuple[int, int]:
    if not isinstance(info, dict):
        raise _Malformed(f"safetensors tensor {_quoted(name)} is not an object")
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if dtype not in _DTYPE_BITS:
        raise _Malformed(f"safetensors tensor {_quoted(name)} has unknown dtype {dtype!r}")
    if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
        raise _Malformed(f"safetensors tensor {_quoted(name)} has an invalid shape")
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(map(_is_count, offsets))
            or offsets[0] > offsets[1]):
        raise _Malformed(f"safetensors tensor {_quoted(name)} has invalid data_offsets")
    span_bits = (offsets[1] - offsets[0]) * 8
    bits = 0 if 0 in shape else _DTYPE_BITS[dtype]
    for dimension in shape:  # stops early: a hostile shape must not grow a huge integer
        bits *= dimension
        if bits > span_bits:
            break
    if bits != span_bits:
        raise _Malformed(f"safetensors tensor {_quoted(name)}: its {dtype} shape does not "
                         f"fill data_offsets {offsets}")
    return offsets[0], offsets[1]


def _quoted(name: str) -> str:
    """A tensor name for a message: names are attacker-chosen and unbounded."""
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_coverage(spans: list[tuple[int, int, str]], buffer_size: int) -> None:
    position = 0
    for begin, end, name in spans:
        if begin != position:
            raise _Malformed(
                f"safetensors tensor {_quoted(name)} starts at {begin}, expected {position} "
                "(overlapping tensors or a hole in the data)"
            )
        position = end
    if position != buffer_size:
        raise _Malformed(
            f"safetensors tensors cover {position} of {buffer_size} data bytes "
            "(data outside any tensor)"
        )


# --- pickle ------------------------------------------------------------------------------

def _inspect_pickle(handle: BinaryIO, size: int, label: str) -> SerializationEvidence:
    handle.seek(0)
    data = handle.read(MAX_PICKLE_SCAN_BYTES)
    imports, errors = _scan_pickle(data, label, whole=size == len(data))
    return _pickle_evidence(label, ModelFormat.PICKLE, imports, errors)


def _scan_pickle(data: bytes, label: str, whole: bool) -> tuple[set[str], list[str]]:
    """The dangerous imports of a pickle stream, and what kept the scan from being complete.

    `whole` is False when `data` is only the first bytes of the stream.
    """
    errors = []
    if not whole:
        errors.append(f"only the first {len(data)} bytes of {label} were scanned")
    else:
        problem = _pickle_error(data)
        if problem is not None:
            errors.append(f"malformed pickle in {label}: {problem}")
    # Any global outside torch's weights-only allowlist counts as executing code: the
    # walk's (the first pickle, names resolved through the stack) and picklescan's
    # (every pickle in a row, as legacy torch.save writes them).
    walked, _ = pickles.walk(data)
    imports = pickles.disallowed(walked)
    stream = io.BytesIO(data)
    try:
        try:
            # Legacy torch.save files are several pickles in a row; picklescan
            # knows their layout and falls back to a plain pickle otherwise.
            result = picklescan.scan_pytorch(stream, label)
        except InvalidMagicError:
            stream.seek(0)
            result = picklescan.scan_pickle_bytes(stream, label)
    except Exception as exc:  # a third-party parser on hostile bytes: report, never crash
        return imports, [*errors, f"picklescan could not scan {label}: {exc}"]
    if result.scan_err and not errors:
        errors.append(f"picklescan could not parse all of {label}")
    imports |= {f"{g.module}.{g.name}" for g in result.globals
                if g.safety is picklescan.SafetyLevel.Dangerous
                or not pickles.is_allowed(f"{g.module}.{g.name}")}
    return imports, errors


def _is_pickle_opcode(byte: int) -> bool:
    return chr(byte) in pickletools.code2op


def _pickle_error(data: bytes) -> str | None:
    """Why `data` does not start with one complete, well-formed pickle (None if it does).

    pickletools' disassembler checks opcodes, arguments, the stack and the memo
    without building any object.
    """
    try:
        pickletools.dis(data, out=_Discard())
    except Exception as exc:  # dis raises ValueError and friends on any malformation
        return str(exc) or type(exc).__name__
    return None


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def _pickle_evidence(label: str, fmt: ModelFormat, imports: set[str],
                     errors: list[str]) -> SerializationEvidence:
    return SerializationEvidence(
        label, fmt, executes_code=bool(imports), dangerous_imports=tuple(sorted(imports)),
        error="; ".join(errors) or None,
    )


# --- zip (PyTorch checkpoints) -----------------------------------------------------------

def _inspect_zip(handle: BinaryIO, size: int, label: str) -> SerializationEvidence:
    entries, directory_bytes = _zip_directory_size(handle, size)
    if entries > MAX_ZIP_ENTRIES or directory_bytes > MAX_ZIP_DIRECTORY_BYTES:
        raise _Malformed(
            f"zip archive lists {entries} entries in a {directory_bytes}-byte directory "
            f"(caps: {MAX_ZIP_ENTRIES} entries, {MAX_ZIP_DIRECTORY_BYTES} bytes)"
        )
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _Malformed(f"malformed zip archive: {exc}") from None
    is_torch = any(m.filename == "data.pkl" or m.filename.endswith("/data.pkl") for m in members)
    pickles = [m for m in members if m.filename.lower().endswith(_PICKLE_MEMBER_SUFFIXES)]
    if not pickles:
        return SerializationEvidence(label, ModelFormat.UNKNOWN,
                                     error="zip archive without pickle entries")
    imports: set[str] = set()
    errors: list[str] = []
    budget = MAX_PICKLE_SCAN_BYTES
    for scanned, member in enumerate(pickles):
        if budget <= 0:
            errors.append(f"{len(pickles) - scanned} pickle entries of {label} were not "
                          f"scanned (scan budget of {MAX_PICKLE_SCAN_BYTES} bytes spent)")
            break
        where = f"{label}:{member.filename}"
        try:
            with archive.open(member) as stream:
                data = stream.read(budget)
                truncated = bool(stream.read(1))
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
                ValueError) as exc:
            errors.append(f"cannot read {where}: {exc}")
            continue
        budget -= len(data)
        found, problems = _scan_pickle(data, where, whole=not truncated)
        imports |= found
        errors += problems
    return _pickle_evidence(label, ModelFormat.PYTORCH_ZIP if is_torch else ModelFormat.PICKLE,
                            imports, errors)


def _zip_directory_size(handle: BinaryIO, size: int) -> tuple[int, int]:
    """(entry count, central directory bytes) from the end records, read before zipfile
    loads the directory into memory."""
    tail_size = min(size, _EOCD.size + 0xFFFF)  # the record plus the longest comment
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        raise _Malformed("malformed zip archive: no end of central directory record")
    entries, directory_bytes = _EOCD.unpack_from(tail, at)[4:6]
    if entries != 0xFFFF and directory_bytes != 0xFFFFFFFF:
        return entries, directory_bytes
    locator_at = size - tail_size + at - _ZIP64_LOCATOR.size
    if locator_at < 0:
        raise _Malformed("malformed zip archive: no zip64 end of central directory locator")
    handle.seek(locator_at)
    signature, _, record_at, _ = _ZIP64_LOCATOR.unpack(handle.read(_ZIP64_LOCATOR.size))
    handle.seek(record_at)
    record = handle.read(_ZIP64_EOCD.size)
    if signature != b"PK\x06\x07" or len(record) != _ZIP64_EOCD.size:
        raise _Malformed("malformed zip archive: broken zip64 end of central directory")
    fields = _ZIP64_EOCD.unpack(record)
    if fields[0] != b"PK\x06\x06":
        raise _Malformed("malformed zip archive: broken zip64 end of central directory")
    return fields[7], fields[8]


# --- magic numbers -----------------------------------------------------------------------

def _looks_like_onnx(head: bytes) -> bool:
    """Best effort: the leading protobuf fields are those of an ONNX ModelProto."""
    position, fields = 0, 0
    while position < len(head) and fields < 8:
        key, position = _varint(head, position)
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if _ONNX_FIELDS.get(number) != wire or (fields == 0 and number != 1):
            return False
        value, position = _varint(head, position)
        if value is None:
            break
        if fields == 0 and not 1 <= value <= 64:  # ir_version
            return False
        if wire == 2:
            position += value
        fields += 1
    return fields >= 2


def _varint(data: bytes, position: int) -> tuple[int | None, int]:
    value = 0
    for shift in range(0, 70, 7):
        if position >= len(data):
            return None, position
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
    return None, position
