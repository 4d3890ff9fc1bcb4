"""Directory manifests and single files under a concurrent swap: a folder on the path
replaced by a symlink between the moment it is checked or listed and the moment it is
opened never brings a file from outside into the manifest (issue 13, item 13)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from ftcomply.evidence import DigestStatus, digests
from ftcomply.evidence.digests import verify_artifacts

SECRET = b"outside the repository"


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """job/lora/sub/adapter.bin inside; tmp_path/outside/adapter.bin is what must stay out."""
    job = tmp_path / "job"
    (job / "lora" / "sub").mkdir(parents=True)
    (job / "lora" / "top.json").write_bytes(b"{}")
    (job / "lora" / "sub" / "adapter.bin").write_bytes(b"weights")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "adapter.bin").write_bytes(SECRET)
    return job


def swap_for_symlink(folder: Path, target: Path) -> None:
    shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


def verify(job: Path, uri: str):
    (artifact,) = verify_artifacts({"adapters": [{"name": "lora", "uri": uri}]},
                                   job / "ftjob.yaml")
    return artifact


def refused_without_the_secret(artifact) -> None:
    assert artifact.status is DigestStatus.UNREADABLE, artifact
    assert "changed while" in artifact.detail
    assert artifact.actual_sha256 is None
    assert hashlib.sha256(SECRET).hexdigest() not in repr(artifact)


class _ListThenSwap:
    """os.scandir's result, swapping `sub` for a symlink once the listing is read."""

    def __init__(self, entries, swap):
        self.entries, self.swap = entries, swap

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.entries.close()
        self.swap()

    def __iter__(self):
        return iter(self.entries)


def test_a_subfolder_swapped_between_listing_its_parent_and_listing_it(job, monkeypatch):
    """The race the issue names: `lora` is listed (`sub` is a folder in it), then `sub`
    becomes a symlink to a folder outside before it is itself listed."""
    real_scandir = os.scandir
    listings = []

    def scandir_then_swap(path=".", *args, **kwargs):
        listings.append(path)
        entries = real_scandir(path, *args, **kwargs)
        if len(listings) > 1:
            return entries
        return _ListThenSwap(
            entries, lambda: swap_for_symlink(job / "lora" / "sub", job.parent / "outside"))

    monkeypatch.setattr(os, "scandir", scandir_then_swap)
    refused_without_the_secret(verify(job, "lora"))


def test_a_subfolder_swapped_after_the_whole_listing(job, monkeypatch):
    """Listing done, `a-top.json` being hashed when `sub` is swapped: the next file opened,
    `sub/adapter.bin`, must be the one listed or nothing."""
    (job / "lora" / "top.json").rename(job / "lora" / "a-top.json")  # hashed first
    real_file_digest = hashlib.file_digest
    swapped = []

    def swap_while_hashing_the_first_file(handle, digest):
        if not swapped:
            swapped.append(True)
            swap_for_symlink(job / "lora" / "sub", job.parent / "outside")
        return real_file_digest(handle, digest)

    monkeypatch.setattr(hashlib, "file_digest", swap_while_hashing_the_first_file)
    refused_without_the_secret(verify(job, "lora"))
    assert swapped


def test_a_folder_on_a_single_files_path_swapped_after_confinement(job, monkeypatch):
    """`lora/sub/adapter.bin` is confined (its real path is inside), then `sub` becomes a
    symlink out: the file opened must still be the one inside, or nothing."""
    real_confine = digests._confine

    def confine_then_swap(*args, **kwargs):
        path = real_confine(*args, **kwargs)
        swap_for_symlink(job / "lora" / "sub", job.parent / "outside")
        return path

    monkeypatch.setattr(digests, "_confine", confine_then_swap)
    refused_without_the_secret(verify(job, "lora/sub/adapter.bin"))


def test_the_artifact_folder_itself_swapped_after_confinement(job, monkeypatch):
    real_confine = digests._confine

    def confine_then_swap(*args, **kwargs):
        path = real_confine(*args, **kwargs)
        swap_for_symlink(job / "lora", job.parent / "outside")
        return path

    monkeypatch.setattr(digests, "_confine", confine_then_swap)
    refused_without_the_secret(verify(job, "lora"))


def test_without_a_swap_the_same_tree_hashes_as_before(job):
    artifact = verify(job, "lora")
    lines = [  # sorted by path
        f"{hashlib.sha256(b'weights').hexdigest()}  sub/adapter.bin\n",
        f"{hashlib.sha256(b'{}').hexdigest()}  top.json\n",
    ]
    assert artifact.actual_sha256 == hashlib.sha256("".join(lines).encode()).hexdigest()
    assert artifact.status is DigestStatus.UNDECLARED
