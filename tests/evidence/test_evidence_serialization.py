"""inspect_file: formats recognised by content, malformed safetensors, pickles scanned unloaded."""

from __future__ import annotations

import collections
import io
import json
import os
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from ftcomply.evidence import ModelFormat, serialization
from ftcomply.evidence.serialization import (
    MAX_PICKLE_SCAN_BYTES,
    MAX_SAFETENSORS_HEADER,
    inspect_file,
)

SYSTEM = f"{os.system.__module__}.system"  # how os.system pickles here (posix.system, nt.system)


class _RunsShell:
    """Pickles to a payload that would run a shell command if it were ever loaded."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


# Built before any test patches os.system; never loaded.
RUNS_SHELL = {protocol: pickle.dumps(_RunsShell(), protocol=protocol) for protocol in (0, 1, 2, 5)}
EVIL = pickle.dumps(_RunsShell())


@pytest.fixture(autouse=True)
def never_unpickle(monkeypatch):
    """Loading any pickle, or running a command, fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("something tried to load a pickle or run a command")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    monkeypatch.setattr(os, "system", refuse)


def inspect(path: Path):
    with open(path, "rb") as handle:
        return inspect_file(handle, path.name)


def inspect_bytes(data: bytes, name: str = "model.bin"):
    return inspect_file(io.BytesIO(data), name)


def safetensors_file(tmp_path: Path) -> Path:
    path = tmp_path / "adapter_model.safetensors"
    save_file({"lora_A": np.zeros((4, 2), dtype=np.float32),
               "lora_B": np.ones((2, 4), dtype=np.float16)}, str(path), metadata={"r": "2"})
    return path


def raw_safetensors(header: dict | bytes, data: bytes) -> bytes:
    encoded = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(encoded)) + encoded + data


F32 = {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}


# --- safetensors ---------------------------------------------------------------------------

def test_a_real_safetensors_file_is_recognised_and_valid(tmp_path):
    evidence = inspect(safetensors_file(tmp_path))
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert evidence.error is None and evidence.executes_code is False


def test_a_safetensors_file_is_recognised_whatever_its_name(tmp_path):
    path = safetensors_file(tmp_path).rename(tmp_path / "weights.pt")
    assert inspect(path).detected_format is ModelFormat.SAFETENSORS


def test_a_truncated_safetensors_header_is_rejected(tmp_path):
    raw = safetensors_file(tmp_path).read_bytes()
    evidence = inspect_bytes(raw[:40], "adapter_model.safetensors")
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert "runs past the end of the file" in evidence.error


def test_an_oversized_safetensors_header_is_rejected_without_reading_it(tmp_path):
    raw = safetensors_file(tmp_path).read_bytes()
    evidence = inspect_bytes(struct.pack("<Q", MAX_SAFETENSORS_HEADER + 1) + raw[8:])
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert "-byte cap" in evidence.error


def test_a_safetensors_header_over_16_mib_is_not_read(tmp_path):
    # The reference library reads headers up to 100 MB; ftcomply refuses to hold more
    # than 16 MiB of one in memory (a 99 MB header cost 1.3 GB per worker).
    from ftcomply.loader import MAX_SAFETENSORS_HEADER_BYTES

    raw = safetensors_file(tmp_path).read_bytes()
    evidence = inspect_bytes(struct.pack("<Q", MAX_SAFETENSORS_HEADER_BYTES + 1) + raw[8:])
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert f"exceeds the {MAX_SAFETENSORS_HEADER_BYTES}-byte cap" in evidence.error


@pytest.mark.parametrize("header, data, problem", [
    (b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]', b"\0" * 4, "not valid JSON"),
    (b'{"w": 1, "w": 2}', b"", "duplicate key"),
    ({"w": F32}, b"\0" * 8, "data outside any tensor"),
    ({"w": {**F32, "data_offsets": [4, 8]}}, b"\0" * 8, "hole"),
    ({"w": F32, "v": F32}, b"\0" * 4, "overlapping"),
    ({"w": {**F32, "data_offsets": [0, 400]}}, b"\0" * 4, "does not fill"),
    ({"w": {**F32, "shape": [2]}}, b"\0" * 4, "does not fill"),
    ({"w": {**F32, "shape": [-1]}}, b"\0" * 4, "invalid shape"),
    ({"w": {**F32, "dtype": "Q7"}}, b"\0" * 4, "unknown dtype"),
    ({"w": F32, "__metadata__": {"epochs": 3}}, b"\0" * 4, "__metadata__"),
    ({"w": [1, 2]}, b"", "not an object"),
])
def test_malformed_safetensors_headers_are_rejected(header, data, problem):
    evidence = inspect_bytes(raw_safetensors(header, data), "x.safetensors")
    assert evidence.detected_format is ModelFormat.SAFETENSORS
    assert problem in evidence.error


def test_an_empty_safetensors_file_is_valid():
    assert inspect_bytes(raw_safetensors({}, b"")).error is None


# --- pickles -------------------------------------------------------------------------------

def test_a_pickle_importing_os_system_executes_code(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(EVIL)
    evidence = inspect(path)
    assert evidence.detected_format is ModelFormat.PICKLE
    assert evidence.executes_code is True
    assert evidence.dangerous_imports == (SYSTEM,)
    assert evidence.error is None


def test_a_pickle_renamed_safetensors_is_still_a_pickle(tmp_path):
    path = tmp_path / "adapter_model.safetensors"
    path.write_bytes(EVIL)
    evidence = inspect(path)
    assert (evidence.path, evidence.detected_format) == (path.name, ModelFormat.PICKLE)
    assert evidence.executes_code is True


@pytest.mark.parametrize("protocol", [0, 1, 2, 5])
def test_pickles_of_every_protocol_are_detected(protocol):
    evidence = inspect_bytes(RUNS_SHELL[protocol])
    assert evidence.detected_format is ModelFormat.PICKLE
    assert SYSTEM in evidence.dangerous_imports


def test_a_harmless_pickle_is_a_pickle_that_runs_no_code():
    evidence = inspect_bytes(pickle.dumps(collections.OrderedDict(w=[1.0, 2.0])))
    assert evidence.detected_format is ModelFormat.PICKLE
    assert (evidence.executes_code, evidence.dangerous_imports, evidence.error) == (False, (), None)


def test_a_truncated_pickle_keeps_its_findings_and_says_it_is_malformed():
    evidence = inspect_bytes(EVIL[:-3])
    assert evidence.detected_format is ModelFormat.PICKLE
    assert evidence.executes_code is True
    assert "malformed pickle" in evidence.error


def test_a_pickle_beyond_the_scan_cap_is_marked_partly_scanned():
    evidence = inspect_bytes(pickle.dumps(b"\0" * (MAX_PICKLE_SCAN_BYTES + 1)))
    assert evidence.detected_format is ModelFormat.PICKLE
    assert f"only the first {MAX_PICKLE_SCAN_BYTES} bytes" in evidence.error


def torch_zip(path: Path, payload: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", payload)
        archive.writestr("archive/data/0", b"\0" * 16)
        archive.writestr("archive/version", "3\n")
    return path


def test_a_pytorch_zip_checkpoint_has_its_pickle_scanned(tmp_path):
    evidence = inspect(torch_zip(tmp_path / "pytorch_model.bin", EVIL))
    assert evidence.detected_format is ModelFormat.PYTORCH_ZIP
    assert evidence.dangerous_imports == (SYSTEM,)


def test_a_harmless_pytorch_zip_checkpoint_runs_no_code(tmp_path):
    evidence = inspect(torch_zip(tmp_path / "model.pt", pickle.dumps({"step": 3})))
    assert evidence.detected_format is ModelFormat.PYTORCH_ZIP
    assert (evidence.executes_code, evidence.error) == (False, None)


def test_a_zip_without_pickles_is_unknown(tmp_path):
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("config.json", "{}")
    assert inspect(tmp_path / "bundle.zip").detected_format is ModelFormat.UNKNOWN


def test_a_zip_carrying_a_pickle_without_data_pkl_is_a_pickle(tmp_path):
    with zipfile.ZipFile(tmp_path / "model.keras", "w") as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("extra/state.pkl", EVIL)
    evidence = inspect(tmp_path / "model.keras")
    assert (evidence.detected_format, evidence.dangerous_imports) == (ModelFormat.PICKLE, (SYSTEM,))


def test_a_zip_listing_too_many_entries_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(serialization, "MAX_ZIP_ENTRIES", 2)
    evidence = inspect(torch_zip(tmp_path / "model.pt", EVIL))
    assert (evidence.detected_format, evidence.executes_code) == (ModelFormat.UNKNOWN, False)
    assert "3 entries" in evidence.error


def test_a_broken_zip_is_unknown_with_the_reason():
    evidence = inspect_bytes(b"PK\x03\x04" + b"\0" * 64, "model.pt")
    assert evidence.detected_format is ModelFormat.UNKNOWN
    assert "malformed zip archive" in evidence.error


# --- other formats -------------------------------------------------------------------------

ONNX = (bytes([0x08, 0x08, 0x12, 0x07]) + b"pytorch" + bytes([0x1A, 0x03]) + b"2.1"
        + bytes([0x3A, 0x05]) + b"\x0a\x03abc")


@pytest.mark.parametrize("data, expected", [
    (b"GGUF\x03\x00\x00\x00" + b"\0" * 64, ModelFormat.GGUF),
    (b"\x89HDF\r\n\x1a\n" + b"\0" * 64, ModelFormat.KERAS_H5),
    (b"\0" * 512 + b"\x89HDF\r\n\x1a\n" + b"\0" * 64, ModelFormat.KERAS_H5),
    (ONNX, ModelFormat.ONNX),
])
def test_magic_numbers_decide_the_format_not_the_name(data, expected):
    assert inspect_bytes(data, "adapter_model.safetensors").detected_format is expected


@pytest.mark.parametrize("data", [
    b'{"model_type": "llama", "torch_dtype": "bfloat16"}',
    b"# Model card\n\nFine-tuned.\n",
    b"hello world.\n",
    b"\x00\x01\x02\x03",
])
def test_other_content_is_unknown_with_a_reason(data):
    evidence = inspect_bytes(data, "weights.bin")
    assert evidence.detected_format is ModelFormat.UNKNOWN
    assert evidence.error == "content matches no known model serialization format"


def test_an_empty_file_is_unknown():
    assert inspect_bytes(b"").error == "empty file"
