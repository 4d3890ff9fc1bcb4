"""Pickles judged by an allowlist, and pickles hidden inside other model formats
(issue 13, items 1 and 2). Hostile pickles are built from raw opcodes and never loaded
here; where a test proves that one really runs code, it loads it in a subprocess that
only creates a marker file in tmp_path."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load as load_safetensors
from safetensors.numpy import save as save_safetensors
from support import AS_OF, EXAMPLES, ROOT, run_cli

from ftcomply.evidence import DigestStatus, ModelFormat, pickles
from ftcomply.evidence.digests import verify_artifacts
from ftcomply.evidence.pickles import ALLOWED_GLOBALS, disallowed, is_allowed, walk
from ftcomply.evidence.serialization import inspect_file

SYSTEM_MODULE = os.system.__module__  # posix (nt on Windows): how os.system pickles
SYSTEM = f"{SYSTEM_MODULE}.system"


def inspect(data: bytes, name: str = "model.bin"):
    return inspect_file(io.BytesIO(data), name)


def runs_when_unpickled(path: Path, marker: Path) -> bool:
    """Load `path` with pickle.load in a subprocess; True when that created `marker`.
    The subprocess may fail afterwards (a polyglot need not be a whole pickle)."""
    subprocess.run([sys.executable, "-c",
                    "import pickle, sys; pickle.load(open(sys.argv[1], 'rb'))", str(path)],
                   capture_output=True, timeout=60, check=False)
    return marker.exists()


def touch(marker: Path) -> bytes:
    """Protocol-0 opcodes calling os.system('touch MARKER') (GLOBAL, MARK, UNICODE, TUPLE,
    REDUCE), without the closing STOP."""
    assert "\n" not in str(marker) and "\\" not in str(marker)
    return (b"c" + SYSTEM_MODULE.encode() + b"\nsystem\n(V" + f"touch {marker}".encode()
            + b"\ntR")


# --- item 2: any global outside the allowlist executes code ------------------------------

# Globals outside the allowlist, most of which run code or reach it; the first seven are
# the ones the issue names as missed by picklescan's denylist.
OUTSIDE_THE_ALLOWLIST = [
    "multiprocessing.util.spawnv_passfds", "_posixsubprocess.fork_exec",
    "code.InteractiveInterpreter", "importlib.import_module", "builtins.__import__",
    "marshal.loads", "io.open",
    "_io.open", "io.FileIO", "code.InteractiveConsole", "code.interact", "pty.spawn",
    "ctypes.CDLL", "ctypes.cdll", "_ctypes.dlopen", "types.FunctionType", "types.CodeType",
    "functools.partial", "operator.attrgetter", "operator.methodcaller", "builtins.getattr",
    "builtins.setattr", "builtins.compile", "builtins.exec", "builtins.eval",
    "builtins.open", "runpy.run_path", "subprocess.Popen", "os.posix_spawn",
    "posix.system", "nt.system", "os.execv", "webbrowser.open", "pickle.loads",
    "_pickle.loads", "shelve.open", "numpy.load", "numpy.core.multiarray._reconstruct",
    "torch.load", "torch.hub.load", "torch.jit.load", "torch.storage._load_from_bytes",
    "torch._utils._rebuild_xla_tensor", "collections.OrderedDict.fromkeys",
    "collections.defaultdict", "builtins.set.__class__", "copyreg._reconstructor",
    "torch.serialization.load",
]


def global_pickle(name: str, *, stack_global: bool) -> bytes:
    """A pickle importing `name` and calling it with no arguments (never loaded)."""
    module, _, attribute = name.rpartition(".")
    if stack_global:  # protocol 4: the names are strings on the stack
        strings = b"".join(b"\x8c" + bytes([len(s)]) + s + b"\x94"
                           for s in (module.encode(), attribute.encode()))
        return b"\x80\x04" + strings + b"\x93)R."
    return b"\x80\x02c" + module.encode() + b"\n" + attribute.encode() + b"\n)R."


@pytest.mark.parametrize("stack_global", [False, True], ids=["GLOBAL", "STACK_GLOBAL"])
@pytest.mark.parametrize("name", OUTSIDE_THE_ALLOWLIST)
def test_a_global_outside_the_allowlist_executes_code(name, stack_global):
    evidence = inspect(global_pickle(name, stack_global=stack_global), "x.pkl")
    assert evidence.detected_format is ModelFormat.PICKLE
    assert evidence.executes_code
    assert name in evidence.dangerous_imports


@pytest.mark.parametrize("name", sorted(ALLOWED_GLOBALS))
def test_every_allowlisted_global_is_accepted(name):
    module, _, attribute = name.rpartition(".")
    evidence = inspect(b"\x80\x02c" + module.encode() + b"\n" + attribute.encode() + b"\n.")
    assert (evidence.executes_code, evidence.dangerous_imports, evidence.error) == (
        False, (), None)


def test_the_allowlist_is_what_torch_load_weights_only_accepts_by_default():
    for name in ("collections.OrderedDict", "collections.Counter",
                 "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
                 "torch.FloatStorage", "torch.BFloat16Storage", "torch.cuda.HalfStorage",
                 "torch.storage.UntypedStorage", "torch.float16", "torch.float8_e4m3fn",
                 "torch.Size", "torch.nn.parameter.Parameter", "torch.cuda.sparse.FloatTensor",
                 "_codecs.encode", "builtins.set", "torch.per_channel_affine"):
        assert is_allowed(name), name
    for name in ("torch.storage._load_from_bytes", "torch.load", "builtins.eval",
                 "torch.sparse.BoolTensor", "torch.cuda.QInt8Storage", "collections.deque"):
        assert not is_allowed(name), name
    assert disallowed({"torch.Size", "io.open"}) == {"io.open"}


def state_dict_pickle() -> bytes:
    """What torch.save writes for {'w': FloatTensor of 2}: OrderedDict, _rebuild_tensor_v2,
    a persistent id naming torch.FloatStorage (never loaded)."""
    return (b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x01\x00\x00\x00wq\x02"
            b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04"
            b"ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07"
            b"K\x02tq\x08QK\x00K\x02\x85q\tK\x01\x85q\n\x89h\x00)Rq\x0btq\x0cRq\rs.")


def test_a_state_dict_runs_no_code():
    evidence = inspect(state_dict_pickle(), "pytorch_model.bin")
    assert evidence.detected_format is ModelFormat.PICKLE
    assert (evidence.executes_code, evidence.dangerous_imports) == (False, ())


def test_stack_global_names_follow_the_stack_not_the_last_strings_pushed():
    # Push "os", "system", then "collections", "OrderedDict" and pop them again: the
    # unpickler imports os.system; the last two strings written name OrderedDict.
    data = (b"\x80\x04\x8c\x02os\x8c\x06system\x8c\x0bcollections\x8c\x0bOrderedDict"
            b"00\x93)R.")
    imported, runs_code = walk(data)
    assert imported == {"os.system"} and runs_code
    # Through the memo too: memo 1 holds "os" although "collections" was pushed last.
    data = (b"\x80\x04\x8c\x02os\x8c\x0bcollections0\x94\x8c\x06system\x94"
            b"\x8c\x0bOrderedDict0h\x00h\x01\x93)R.")
    assert walk(data)[0] == {"os.system"}
    assert "os.system" in inspect(data, "x.pkl").dangerous_imports
    # OBJ takes its class and arguments from above the mark, nothing from below it.
    obj = b"(ccollections\nOrderedDict\no0"  # MARK, GLOBAL, OBJ, POP
    data = (b"\x80\x04\x8c\x0bcollections\x8c\x0bOrderedDict\x8c\x02os\x8c\x06system"
            + obj + obj + b"\x93)R.")
    assert walk(data)[0] == {"collections.OrderedDict", "os.system"}


def test_the_allowlist_is_written_out_in_the_docs():
    text = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    section = text.split("<!-- allowlist -->")[1].split("<!-- /allowlist -->")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    listed = [name for row in rows for name in re.findall(r"`([^`]+)`", row.split(" | ")[-1])]
    assert len(listed) == len(set(listed)) and set(listed) == ALLOWED_GLOBALS


# --- item 1: a model file that is also a pickle ------------------------------------------

def safetensors_polyglot(pickle_tail: bytes) -> bytes:
    """A safetensors file whose first byte is `V` (UNICODE, a protocol-0 string up to the
    next newline): the string swallows the header length and the JSON header, which ends
    in a newline (whitespace to JSON), and the pickle goes on in the tensor data, a U8
    tensor holding `pickle_tail`."""
    data = pickle_tail
    header = json.dumps({"w": {"dtype": "U8", "shape": [len(data)],
                               "data_offsets": [0, len(data)]}}).encode()
    padding = 0
    while True:
        length = len(header) + padding + 1
        prefix = struct.pack("<Q", length)
        if prefix[0] == ord("V") and b"\n" not in prefix and b"\\" not in prefix:
            break
        padding += 1
    return prefix + header + b" " * padding + b"\n" + data


@pytest.mark.parametrize("ending", [b".", b"\x00 trailing bytes the unpickler never reads"],
                         ids=["whole pickle", "runs then fails"])
def test_a_safetensors_file_that_is_also_a_pickle_executes_code(tmp_path, ending):
    marker = tmp_path / "ran"
    data = safetensors_polyglot(touch(marker) + ending)
    # Valid safetensors by the reference implementation...
    assert list(load_safetensors(data)) == ["w"]
    # ...and a pickle that runs os.system when loaded from offset 0 (even when the
    # unpickler fails right after the call).
    path = tmp_path / "adapter_model.safetensors"
    path.write_bytes(data)
    assert runs_when_unpickled(path, marker)
    evidence = inspect(data, path.name)
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert evidence.executes_code
    assert evidence.dangerous_imports == (SYSTEM,)
    assert "polyglot" in evidence.error


def test_check_verify_fails_pre_model_03_on_a_safetensors_polyglot(tmp_path):
    """End to end: the adapter declares safetensors, its digest matches, the reference
    library loads it, and it still fails PRE-MODEL-03 because it is also a pickle."""
    adapter = tmp_path / "adapter.safetensors"
    adapter.write_bytes(safetensors_polyglot(touch(tmp_path / "ran") + b"."))
    digest = hashlib.sha256(adapter.read_bytes()).hexdigest()
    job = tmp_path / "job.yaml"
    job.write_text((EXAMPLES / "minimal-low.yaml").read_text() + (
        "adapters:\n  - name: intents-lora\n    uri: adapter.safetensors\n"
        f"    format: safetensors\n    sha256: {digest}\n    source: internal\n"
        "    base_model_revision: v3.2.0\n    signature: {method: sigstore, verified: true}\n"))
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", "--verify", str(job))
    report = json.loads(result.stdout)
    (artifact,) = [a for a in report["documents"][0]["artifacts"]
                   if a["pointer"] == "/adapters/0"]
    assert artifact["status"] == "verified"
    assert artifact["serialization"][0]["detected_format"] == "safetensors"
    assert artifact["serialization"][0]["executes_code"] is True
    (control,) = [r for r in report["documents"][0]["results"]
                  if r["control_id"] == "PRE-MODEL-03"]
    assert control["status"] == "fail"
    assert any(SYSTEM in f["message"] for f in control["findings"]), control
    assert result.returncode == 1
    assert not (tmp_path / "ran").exists()


def test_a_polyglot_pickle_that_skips_megabytes_before_its_call_is_still_walked():
    # BINBYTES8 of 9 MiB, more than any walk reads: skipped, not read.
    skipped = 9 * 1024 * 1024
    data = safetensors_polyglot(b"\x8e" + struct.pack("<Q", skipped) + b"\0" * skipped
                                + touch(Path("/nonexistent/ran")) + b".")
    evidence = inspect(data, "model.safetensors")
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert evidence.executes_code and evidence.dangerous_imports == (SYSTEM,)


def test_a_walk_that_runs_out_of_budget_says_so(monkeypatch):
    monkeypatch.setattr(pickles, "MAX_WALK_BYTES", 64)
    data = safetensors_polyglot(b"N" * 200 + b".")  # 200 NONEs: valid opcodes, no code
    evidence = inspect(data, "model.safetensors")
    assert not evidence.executes_code
    assert "without reaching its end" in evidence.error


@pytest.mark.parametrize("first_byte", range(256))
def test_real_safetensors_files_are_not_taken_for_pickles(first_byte):
    """Whatever byte the header length starts with (opcodes included), a safetensors file
    with random tensor data walks as no code-running pickle."""
    generator = np.random.default_rng(first_byte)
    tensors = {f"layer.{i}.weight": generator.integers(0, 256, size=(int(n),), dtype=np.uint8)
               for i, n in enumerate(generator.integers(1, 4096, size=4))}
    data = save_safetensors(tensors)
    (length,) = struct.unpack_from("<Q", data)
    header = data[8:8 + length].rstrip(b" ")
    padding = (first_byte - len(header)) % 256
    relaid = struct.pack("<Q", len(header) + padding) + header + b" " * padding + data[8 + length:]
    assert relaid[0] == first_byte and set(load_safetensors(relaid)) == set(tensors)
    evidence = inspect(relaid, "model.safetensors")
    assert (evidence.executes_code, evidence.error) == (False, None), evidence


def test_a_stream_that_is_no_listed_format_but_unpickles_to_code_executes_code(tmp_path):
    # Two objects left on the stack at STOP: pickletools' disassembler refuses it, the
    # unpickler does not.
    marker = tmp_path / "ran"
    data = b"Vleft over\n" + touch(marker) + b"."
    (tmp_path / "notes.txt").write_bytes(data)
    assert runs_when_unpickled(tmp_path / "notes.txt", marker)
    evidence = inspect(data, "notes.txt")
    assert evidence.detected_format is ModelFormat.UNKNOWN
    assert evidence.executes_code and evidence.dangerous_imports == (SYSTEM,)
    # In an adapter directory it is reported even without a model file name.
    (tmp_path / "job" / "lora").mkdir(parents=True)
    (tmp_path / "notes.txt").rename(tmp_path / "job" / "lora" / "notes.txt")
    (artifact,) = verify_artifacts({"adapters": [{"name": "lora", "uri": "lora"}]},
                                   tmp_path / "job" / "ftjob.yaml")
    assert artifact.status is DigestStatus.UNDECLARED
    assert [f.path for f in artifact.serialization if f.executes_code] == ["notes.txt"]


def test_a_persistent_id_ends_the_walk_from_offset_0(tmp_path):
    """pickle.load has no persistent_load: it fails at the first PERSID, before anything
    after it runs. A zip archive's `PK` reads as one, so a PyTorch checkpoint is never
    taken for a polyglot through the pickle stored inside it."""
    marker = tmp_path / "ran"
    data = b"Pid\n" + touch(marker) + b"."
    (tmp_path / "model.bin").write_bytes(data)
    assert not runs_when_unpickled(tmp_path / "model.bin", marker)
    assert pickles.walk_file(io.BytesIO(data), len(data)).imports == []
    # Inside a checkpoint's data.pkl, torch.load resolves them: the walk goes on.
    assert walk(b"\x80\x02K\x00Q" + global_pickle("os.system", stack_global=False)[2:])[0] == {
        "os.system"}


# --- GGUF: checked beyond its magic, and walked as a pickle ------------------------------

def gguf_string(text: bytes) -> bytes:
    return struct.pack("<Q", len(text)) + text


def gguf(kvs: list[tuple[bytes, int, bytes]], tensors: list[tuple[bytes, list[int], int]],
         *, alignment: int = 32, counts: tuple[int, int] | None = None,
         offsets: list[int] | None = None) -> bytes:
    """A GGUF v3 file: metadata (key, type, encoded value) and F32 tensors (name, dims,
    element count) laid out one after the other (or at `offsets`)."""
    tensor_count, kv_count = counts or (len(tensors), len(kvs))
    out = b"GGUF" + struct.pack("<IQQ", 3, tensor_count, kv_count)
    for key, kind, value in kvs:
        out += gguf_string(key) + struct.pack("<I", kind) + value
    offset = 0
    for index, (name, dims, elements) in enumerate(tensors):
        out += gguf_string(name) + struct.pack("<I", len(dims))
        at = offset if offsets is None else offsets[index]
        out += b"".join(struct.pack("<Q", d) for d in dims) + struct.pack("<IQ", 0, at)
        offset += -(-elements * 4 // alignment) * alignment
    out += b"\0" * (-len(out) % alignment)
    return out + b"\0" * offset


def u32(value: int) -> bytes:
    return struct.pack("<I", value)


VOCAB = struct.pack("<IQ", 8, 3) + b"".join(gguf_string(t) for t in (b"<s>", b"a", b"b"))
GOOD_GGUF = gguf([(b"general.architecture", 8, gguf_string(b"llama")),
                  (b"general.alignment", 4, u32(32)),
                  (b"tokenizer.ggml.tokens", 9, VOCAB),
                  (b"llama.context_length", 4, u32(4096))],
                 [(b"tok_embd.weight", [4, 3], 12), (b"output.weight", [4], 4)])


def test_a_real_gguf_file_is_valid():
    evidence = inspect(GOOD_GGUF, "model.gguf")
    assert (evidence.detected_format, evidence.error, evidence.executes_code) == (
        ModelFormat.GGUF, None, False)


def test_a_version_1_gguf_file_with_32_bit_counts_is_valid():
    string = struct.pack("<I", 5) + b"llama"
    data = (b"GGUF" + struct.pack("<III", 1, 1, 1)
            + struct.pack("<I", 20) + b"general.architecture" + u32(8) + string
            + struct.pack("<I", 1) + b"t" + u32(1) + u32(4) + struct.pack("<IQ", 0, 0))
    data += b"\0" * (-len(data) % 32) + b"\0" * 16
    evidence = inspect(data, "model.gguf")
    assert (evidence.detected_format, evidence.error) == (ModelFormat.GGUF, None)


@pytest.mark.parametrize("data, problem", [
    (GOOD_GGUF[:4] + u32(9) + GOOD_GGUF[8:], "unknown version 9"),
    (gguf([], [], counts=(0, 10**12)), "cannot fit"),
    (GOOD_GGUF[:150], "runs past the end of the file"),
    (gguf([(b"k", 4, u32(1)), (b"k", 4, u32(2))], []), "duplicate metadata key"),
    (gguf([(b"k", 13, b"")], []), "unknown metadata value type 13"),
    (gguf([(b"k", 9, struct.pack("<IQ", 8, 10**15))], []), "an array of 1000000000000000"),
    (gguf([(b"general.alignment", 4, u32(24))], []), "not a power of two"),
    (gguf([], [(b"t", [1, 1, 1, 1, 1], 1)]), "5 dimensions"),
    (gguf([], [(b"t", [1], 1), (b"t", [1], 1)]), "duplicate tensor"),
    (gguf([], [(b"t", [4], 4)], offsets=[8]), "not aligned"),
    (gguf([], [(b"t", [4], 4)], offsets=[64]), "past the end of the file"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_a_gguf_header_is_checked_beyond_its_magic(data, problem):
    evidence = inspect(data, "model.gguf")
    assert evidence.detected_format is ModelFormat.GGUF
    assert problem in evidence.error


def test_a_gguf_header_over_the_cap_is_not_read(monkeypatch):
    from ftcomply.evidence import serialization

    monkeypatch.setattr(serialization, "MAX_GGUF_HEADER", 64)
    assert "cap on headers" in inspect(GOOD_GGUF, "model.gguf").error


def test_gguf_magic_followed_by_a_pickle_executes_code(tmp_path):
    """`G` (BINFLOAT) swallows `GUF`, the version and a byte; a pickle follows."""
    marker = tmp_path / "ran"
    data = b"GGUF" + u32(3) + b"\0" + touch(marker) + b"."
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    assert runs_when_unpickled(path, marker)
    evidence = inspect(data, "model.gguf")
    assert evidence.detected_format is ModelFormat.GGUF
    assert evidence.executes_code and evidence.dangerous_imports == (SYSTEM,)
    assert "malformed GGUF" in evidence.error and "polyglot" in evidence.error


def test_a_valid_gguf_file_that_is_also_a_pickle_executes_code(tmp_path):
    """A GGUF file valid down to its tensor offsets whose bytes are also a pickle: `G`
    swallows `GUF`, the version and the tensor count's low byte; the count's next byte is
    `V` (22,016 tensors), a string that runs through the zeros, the metadata count and
    the first key's length into the key, where a newline ends it and the key goes on with
    the pickle."""
    marker = tmp_path / "ran"
    key = b"k\n" + touch(marker) + b"."
    while {10, 92} & set(struct.pack("<Q", len(key))):  # no newline or backslash in it
        key = b"k" + key
    tensors = [(b"t%d" % i, [1], 1) for i in range(0x5600)]
    data = gguf([(key, 4, u32(7))], tensors)
    assert data[8:10] == b"\0V"  # the tensor count, 0x5600, little-endian
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    assert runs_when_unpickled(path, marker)
    evidence = inspect(data, "model.gguf")
    assert evidence.detected_format is ModelFormat.GGUF
    assert evidence.executes_code and evidence.dangerous_imports == (SYSTEM,)
    assert evidence.error.startswith("also a pickle from offset 0")  # no GGUF complaint


def test_random_gguf_files_are_not_taken_for_pickles():
    generator = random.Random(13)
    for _ in range(50):
        tensors = [(b"blk.%d.w" % i, [generator.randint(1, 64)], 1)
                   for i in range(generator.randint(1, 300))]
        data = gguf([(b"general.name", 8, gguf_string(bytes(generator.randbytes(12))))],
                    tensors)
        evidence = inspect(data, "model.gguf")
        assert (evidence.error, evidence.executes_code) == (None, False), evidence
