"""verify_artifacts: digests of local artifacts, confinement, statuses, directory manifests."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file
from support import ROOT

from ftcomply.evidence import ArtifactKind, DigestStatus, ModelFormat
from ftcomply.evidence.digests import verify_artifacts

# The reproduction recipe of docs/evidence.md, run from inside the directory.
MANIFEST_ONE_LINER = (
    "find -L . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 -r sha256sum -- | sha256sum"
)


class _RunsShell:
    """Pickles to a payload that would run a shell command if it were ever loaded."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """The descriptor's directory; tmp_path/outside is a sibling it must not reach."""
    (tmp_path / "job").mkdir()
    write(tmp_path / "outside" / "secret.bin", b"not yours")
    return tmp_path / "job"


def check(job: Path, *, datasets=(), adapters=(), base_model=None, roots=(), stdin=False):
    descriptor = {
        "base_model": base_model or {"id": "meta-llama/Llama-3.1-8B-Instruct", "source": "hub"},
        "datasets": [
            {"name": f"d{i}", "role": "train", **d} for i, d in enumerate(datasets)
        ],
        "adapters": [{"name": f"a{i}", **a} for i, a in enumerate(adapters)],
    }
    return verify_artifacts(descriptor, None if stdin else job / "ftjob.yaml", tuple(roots))


def dataset(job: Path, uri: str, sha: str | None = None, **kwargs):
    entry = {"uri": uri} | ({"sha256": sha} if sha else {})
    evidence = check(job, datasets=[entry], **kwargs)
    return next(e for e in evidence if e.kind is ArtifactKind.DATASET)


def manifest_digest(directory: Path) -> str:
    """The documented algorithm, written out independently of the implementation."""
    lines = sorted(
        (os.fsencode(p.relative_to(directory).as_posix()), sha256(p.read_bytes()))
        for p in directory.rglob("*") if p.is_file()
    )
    return sha256(b"".join(f"{digest}  ".encode() + rel + b"\n" for rel, digest in lines))


# --- single files --------------------------------------------------------------------------

def test_a_matching_digest_is_verified(job):
    write(job / "data" / "train.jsonl", b'{"text": "hello"}\n')
    evidence = dataset(job, "data/train.jsonl", sha256(b'{"text": "hello"}\n'))
    assert evidence.status is DigestStatus.VERIFIED
    assert evidence.actual_sha256 == evidence.declared_sha256
    assert evidence.pointer == "/datasets/0"
    assert evidence.path == str((job / "data" / "train.jsonl").resolve())


def test_an_uppercase_declared_digest_still_matches(job):
    write(job / "train.jsonl", b"x")
    assert dataset(job, "train.jsonl", sha256(b"x").upper()).status is DigestStatus.VERIFIED


def test_a_different_digest_is_a_mismatch_with_both_digests(job):
    write(job / "train.jsonl", b"tampered")
    evidence = dataset(job, "train.jsonl", sha256(b"original"))
    assert evidence.status is DigestStatus.MISMATCH
    assert evidence.actual_sha256 == sha256(b"tampered")
    assert evidence.declared_sha256 == sha256(b"original")
    assert sha256(b"tampered")[:12] in evidence.detail


def test_a_file_without_declared_digest_is_hashed_but_not_verified(job):
    write(job / "train.jsonl", b"x")
    evidence = dataset(job, "train.jsonl")
    assert evidence.status is DigestStatus.UNDECLARED
    assert evidence.actual_sha256 == sha256(b"x")
    assert "not verified" in evidence.detail


def test_a_missing_file_is_reported_missing(job):
    evidence = dataset(job, "data/nowhere.jsonl", sha256(b"x"))
    assert evidence.status is DigestStatus.MISSING
    assert evidence.actual_sha256 is None


def test_file_uris_are_local(job):
    target = write(job / "data" / "my set.jsonl", b"x")
    absolute = "file://" + str(target).replace(" ", "%20")
    for uri in (absolute, "file://localhost" + str(target).replace(" ", "%20"),
                "file:data/my%20set.jsonl"):
        assert dataset(job, uri, sha256(b"x")).status is DigestStatus.VERIFIED, uri


@pytest.mark.parametrize("uri, shown", [
    ("s3://bucket/train.jsonl", "s3://bucket/train.jsonl"),
    ("hf://datasets/org/set", "hf://datasets/org/set"),
    ("gs://bucket/set", "gs://bucket/set"),
    ("https://alice:s3cr3t@data.example.com/set.jsonl?X-Amz-Signature=t0k3n#part",
     "https://data.example.com/set.jsonl"),
    ("file://fileserver/share/set.jsonl", "file://fileserver/share/set.jsonl"),
])
def test_remote_uris_are_never_verified_and_never_leak_credentials(job, uri, shown):
    evidence = dataset(job, uri, sha256(b"x"))
    assert evidence.status is DigestStatus.REMOTE
    assert evidence.actual_sha256 is None
    assert "not verifiable here" in evidence.detail
    assert evidence.uri == shown
    for secret in ("s3cr3t", "t0k3n", "alice"):
        assert secret not in evidence.to_json()


def test_a_fifo_is_unreadable_and_does_not_block(job):
    os.mkfifo(job / "pipe")
    evidence = dataset(job, "pipe", sha256(b"x"))
    assert evidence.status is DigestStatus.UNREADABLE


# --- confinement ---------------------------------------------------------------------------

def test_dotdot_escapes_are_refused_without_reading_the_file(job):
    evidence = dataset(job, "../outside/secret.bin", sha256(b"not yours"))
    assert evidence.status is DigestStatus.OUTSIDE_ROOT
    assert evidence.actual_sha256 is None and evidence.path is None
    assert "outside the descriptor's directory" in evidence.detail


def test_an_escape_to_a_missing_file_does_not_tell_whether_it_exists(job):
    assert dataset(job, "../outside/nothing").status is DigestStatus.OUTSIDE_ROOT


def test_absolute_paths_outside_are_refused_in_every_spelling(job):
    secret = job.parent / "outside" / "secret.bin"
    for uri in (str(secret), f"file://{secret}", str(job / "data" / ".." / ".." / "outside")):
        assert dataset(job, uri).status is DigestStatus.OUTSIDE_ROOT, uri


def test_an_allowed_root_lets_paths_outside_the_descriptor_directory_in(job):
    outside = job.parent / "outside"
    for uri in ("../outside/secret.bin", str(outside / "secret.bin")):
        evidence = dataset(job, uri, sha256(b"not yours"), roots=[outside])
        assert evidence.status is DigestStatus.VERIFIED, uri


def test_a_symlink_to_a_file_outside_is_refused(job):
    (job / "train.jsonl").symlink_to(job.parent / "outside" / "secret.bin")
    evidence = dataset(job, "train.jsonl", sha256(b"not yours"))
    assert evidence.status is DigestStatus.OUTSIDE_ROOT
    assert "symlink" in evidence.detail


def test_a_symlinked_directory_leading_outside_is_refused(job):
    (job / "data").symlink_to(job.parent / "outside", target_is_directory=True)
    assert dataset(job, "data/secret.bin").status is DigestStatus.OUTSIDE_ROOT
    assert dataset(job, "data").status is DigestStatus.OUTSIDE_ROOT


def test_a_symlink_inside_an_artifact_directory_leading_outside_refuses_the_artifact(job):
    write(job / "data" / "part-0.jsonl", b"x")
    (job / "data" / "nested").mkdir()
    (job / "data" / "nested" / "peek").symlink_to(job.parent / "outside")
    evidence = dataset(job, "data", sha256(b"x"))
    assert evidence.status is DigestStatus.OUTSIDE_ROOT
    assert "nested/peek" in evidence.detail


def test_a_symlink_that_stays_inside_is_hashed_as_its_target(job):
    write(job / "blobs" / "abc", b"shard")
    write(job / "data" / "part-1.jsonl", b"one")
    (job / "data" / "part-0.jsonl").symlink_to(job / "blobs" / "abc")
    copy = write(job.parent / "copy" / "part-0.jsonl", b"shard")
    write(copy.parent / "part-1.jsonl", b"one")
    evidence = dataset(job, "data", manifest_digest(copy.parent))
    assert evidence.status is DigestStatus.VERIFIED


def test_a_symlink_loop_is_unreadable(job):
    write(job / "data" / "part-0.jsonl", b"x")
    (job / "data" / "again").symlink_to(job / "data", target_is_directory=True)
    evidence = dataset(job, "data")
    assert evidence.status is DigestStatus.UNREADABLE
    assert "loop" in evidence.detail


def test_stdin_descriptors_cannot_resolve_relative_paths(job):
    write(job / "train.jsonl", b"x")
    evidence = dataset(job, "train.jsonl", sha256(b"x"), stdin=True)
    assert evidence.status is DigestStatus.UNREADABLE
    assert "stdin" in evidence.detail


def test_stdin_descriptors_reach_absolute_paths_only_under_allow_roots(job):
    target = str(write(job / "train.jsonl", b"x"))
    assert dataset(job, target, stdin=True).status is DigestStatus.OUTSIDE_ROOT
    verified = dataset(job, target, sha256(b"x"), stdin=True, roots=[job])
    assert verified.status is DigestStatus.VERIFIED


# --- directories ---------------------------------------------------------------------------

TREE = {
    "a.txt": b"a",
    "B.txt": b"upper case sorts first",
    "a-b": b"dash sorts before slash",
    "a/b": b"nested",
    "deep/er/still/x.bin": b"\x00\x01",
    ".hidden": b"hidden files count",
    "caf\u00e9.txt": b"non-ASCII names sort by their bytes",
}


def build(directory: Path, order) -> Path:
    for name in order:
        write(directory / name, TREE[name])
    return directory


def test_the_manifest_digest_does_not_depend_on_creation_order(job):
    build(job / "one", list(TREE))
    build(job / "two", list(reversed(TREE)))
    one, two = dataset(job, "one"), dataset(job, "two")
    assert one.actual_sha256 == two.actual_sha256 == manifest_digest(job / "one")
    assert str(len(TREE)) in one.detail


def test_the_manifest_digest_changes_with_content_and_names(job):
    original = dataset(job, str(build(job / "d", TREE))).actual_sha256
    (job / "d" / "a.txt").write_bytes(b"A")
    changed = dataset(job, "d").actual_sha256
    (job / "d" / "a.txt").rename(job / "d" / "a2.txt")
    renamed = dataset(job, "d").actual_sha256
    assert len({original, changed, renamed}) == 3


@pytest.mark.skipif(shutil.which("sha256sum") is None or shutil.which("find") is None,
                    reason="needs GNU find and coreutils")
def test_the_manifest_digest_is_the_documented_shell_one_liner(job):
    directory = build(job / "model", TREE)
    os.mkfifo(directory / "a" / "pipe")  # not a regular file: skipped by both
    (directory / "dangling").symlink_to(job / "nowhere")  # skipped by both
    shell = subprocess.run(["bash", "-c", MANIFEST_ONE_LINER], cwd=directory,
                           capture_output=True, text=True, check=True)
    assert dataset(job, "model").actual_sha256 == shell.stdout.split()[0]


def test_the_documented_one_liner_is_the_one_tested():
    assert MANIFEST_ONE_LINER in (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")


def test_an_empty_directory_hashes_to_the_digest_of_nothing(job):
    (job / "empty").mkdir()
    assert dataset(job, "empty").actual_sha256 == sha256(b"")


def test_file_names_a_manifest_line_cannot_hold_make_the_directory_unreadable(job):
    write(job / "d" / "two\nlines", b"x")
    evidence = dataset(job, "d")
    assert evidence.status is DigestStatus.UNREADABLE
    assert "newline" in evidence.detail


# --- base model, adapters and what gets inspected -----------------------------------------

def test_a_hub_model_id_is_remote(job):
    base = next(e for e in check(job) if e.kind is ArtifactKind.BASE_MODEL)
    assert base.status is DigestStatus.REMOTE
    assert base.pointer == "/base_model"


def test_a_local_base_model_directory_is_verified_and_inspected(job):
    (job / "base").mkdir()
    save_file({"w": np.zeros((2, 2), dtype=np.float32)}, str(job / "base" / "model.safetensors"))
    write(job / "base" / "config.json", b'{"model_type": "llama"}')
    digest = manifest_digest(job / "base")
    for model_id in ("./base", "file:base", str(job / "base")):
        (base,) = [e for e in check(job, base_model={"id": model_id, "sha256": digest})
                   if e.kind is ArtifactKind.BASE_MODEL]
        assert base.status is DigestStatus.VERIFIED, model_id
        assert [(s.path, s.detected_format) for s in base.serialization] == [
            ("model.safetensors", ModelFormat.SAFETENSORS)]


def test_adapters_are_inspected_by_content_and_datasets_are_not(job):
    payload = pickle.dumps(_RunsShell())  # built, never loaded
    write(job / "adapter" / "adapter_model.safetensors", payload)
    write(job / "adapter" / "README.md", b"# an adapter\n")
    write(job / "train.pkl", payload)
    evidence = check(job, datasets=[{"uri": "train.pkl"}],
                     adapters=[{"uri": "adapter", "format": "safetensors"}])
    by_kind = {e.kind: e for e in evidence}
    assert by_kind[ArtifactKind.DATASET].serialization == ()
    (inspected,) = by_kind[ArtifactKind.ADAPTER].serialization
    assert inspected.path == "adapter_model.safetensors"
    assert inspected.detected_format is ModelFormat.PICKLE
    assert inspected.executes_code is True
    assert f"{os.system.__module__}.system" in inspected.dangerous_imports


def test_a_symlinked_model_file_is_labelled_by_the_link_name(job):
    blob = write(job / "cache" / "blobs" / "3f2a9c", pickle.dumps(_RunsShell()))
    (job / "cache" / "snapshot").mkdir()
    (job / "cache" / "snapshot" / "model.safetensors").symlink_to(blob)
    (adapter,) = [e for e in check(job, adapters=[{"uri": "cache/snapshot/model.safetensors"}])
                  if e.kind is ArtifactKind.ADAPTER]
    assert [(s.path, s.detected_format) for s in adapter.serialization] == [
        ("model.safetensors", ModelFormat.PICKLE)]


def test_evidence_serialises_to_plain_json(job):
    save_file({"w": np.ones(3, dtype=np.float16)}, str(job / "lora.safetensors"))
    evidence = check(job, adapters=[{"uri": "lora.safetensors"}])
    data = json.loads(json.dumps([e.as_dict() for e in evidence]))
    adapter = next(d for d in data if d["kind"] == "adapter")
    assert adapter["status"] == "undeclared"
    assert adapter["serialization"] == [{
        "path": "lora.safetensors", "detected_format": "safetensors", "executes_code": False,
        "dangerous_imports": [], "error": None,
    }]
    assert adapter["scanner_findings"] == []
    assert json.loads(evidence[-1].to_json()) == adapter


@pytest.mark.parametrize("uri", ["TODO", "tbd", "TODO(ftcomply): where the data is"])
def test_a_placeholder_is_not_a_missing_file(job, uri):
    evidence = dataset(job, uri)
    assert evidence.status is DigestStatus.REMOTE
    assert "placeholder" in evidence.detail


def test_a_bare_hub_dataset_id_is_remote_unless_such_a_folder_is_here(job):
    evidence = dataset(job, "tatsu-lab/alpaca")
    assert evidence.status is DigestStatus.REMOTE and "Hub dataset id" in evidence.detail
    write(job / "tatsu-lab" / "alpaca" / "train.jsonl", b"{}\n")
    assert dataset(job, "tatsu-lab/alpaca").status is DigestStatus.UNDECLARED
    assert dataset(job, "data/train.jsonl").status is DigestStatus.MISSING  # a file name
