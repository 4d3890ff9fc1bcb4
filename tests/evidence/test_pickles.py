"""Pickles judged by an allowlist, and pickles hidden inside other model formats."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from ftcomply.evidence import ModelFormat
from ftcomply.evidence.pickles import disallowed, is_allowed, walk
from ftcomply.evidence.serialization import inspect_file

# Globals that run code which picklescan's denylist does not name (issue 13, item 2).
MISSED_BY_DENYLISTS = [
    ("multiprocessing.util", "spawnv_passfds"), ("_posixsubprocess", "fork_exec"),
    ("code", "InteractiveInterpreter"), ("importlib", "import_module"),
    ("builtins", "__import__"), ("marshal", "loads"), ("io", "open"),
]


def global_pickle(module: str, name: str) -> bytes:
    """Protocol 2: PROTO, GLOBAL module name, empty tuple, REDUCE, STOP (never loaded)."""
    return b"\x80\x02c" + module.encode() + b"\n" + name.encode() + b"\n)R."


@pytest.mark.parametrize(("module", "name"), MISSED_BY_DENYLISTS)
def test_a_global_outside_the_allowlist_executes_code(module, name):
    evidence = inspect_file(io.BytesIO(global_pickle(module, name)), "x.pkl")
    assert evidence.detected_format is ModelFormat.PICKLE
    assert evidence.executes_code
    assert f"{module}.{name}" in evidence.dangerous_imports


def test_what_torch_loads_weights_only_is_allowed():
    for name in ("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
                 "torch.FloatStorage", "torch.BFloat16Storage", "torch.float16",
                 "torch.Size", "torch.nn.parameter.Parameter"):
        assert is_allowed(name), name
    state_dict = (b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01.")
    evidence = inspect_file(io.BytesIO(state_dict), "weights.pkl")
    assert not evidence.executes_code, evidence


def test_stack_global_names_are_resolved_from_the_strings_before_it():
    data = b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93)R."
    imported, runs_code = walk(data)
    assert imported == {"os.system"} and runs_code
    assert disallowed(imported) == {"os.system"}


def polyglot(marker: str) -> bytes:
    """GGUF magic that is also a pickle: `G` (BINFLOAT) swallows `GUF` and the version,
    then a protocol-0 pickle opens a file for writing when loaded."""
    payload = (b"c__builtin__\nopen\n(V" + marker.encode() + b"\nVw\ntR.")
    return b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" + payload


def test_a_gguf_file_that_is_also_a_pickle_executes_code(tmp_path):
    marker = tmp_path / "ran"
    data = polyglot(str(marker))
    # The pickle part is real: loading it from offset 0 runs its call (in a subprocess).
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    subprocess.run([sys.executable, "-c",
                    f"import pickle; pickle.loads(open({str(path)!r}, 'rb').read())"],
                   check=True, timeout=60)
    assert marker.exists()
    evidence = inspect_file(io.BytesIO(data), "model.gguf")
    assert evidence.detected_format is ModelFormat.GGUF
    assert evidence.executes_code
    assert "builtins.open" in evidence.dangerous_imports or (
        "__builtin__.open" in evidence.dangerous_imports)
    assert "polyglot" in (evidence.error or "")


def test_a_gguf_header_is_checked_beyond_its_magic():
    evidence = inspect_file(io.BytesIO(b"GGUF\x09\x00\x00\x00" + b"\x00" * 16), "m.gguf")
    assert evidence.error and "version" in evidence.error
    good = b"GGUF\x03\x00\x00\x00" + (1).to_bytes(8, "little") + (1).to_bytes(8, "little")
    assert inspect_file(io.BytesIO(good + b"\x00" * 64), "m.gguf").error is None


def test_a_directory_swapped_for_a_symlink_while_hashing_is_refused(tmp_path, monkeypatch):
    import shutil

    from ftcomply.evidence import DigestStatus, digests

    job = tmp_path / "job"
    (job / "lora" / "sub").mkdir(parents=True)
    (job / "lora" / "sub" / "adapter.bin").write_bytes(b"weights")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "adapter.bin").write_bytes(b"secret")
    listing = digests._manifest_files

    def swap_after_listing(top, roots):
        files = listing(top, roots)
        shutil.rmtree(job / "lora" / "sub")
        (job / "lora" / "sub").symlink_to(outside)  # between listing and opening
        return files

    monkeypatch.setattr(digests, "_manifest_files", swap_after_listing)
    (artifact,) = digests.verify_artifacts(
        {"adapters": [{"name": "lora", "uri": "lora"}]}, job / "ftjob.yaml")
    assert artifact.status is DigestStatus.UNREADABLE
    assert "changed while" in artifact.detail
