"""The words every format uses for artifact evidence, and where a local artifact is."""

from __future__ import annotations

import pytest

from ftcomply.evidence import ArtifactEvidence, ArtifactKind, DigestStatus
from ftcomply.models import DocumentResult
from ftcomply.output.artifacts import digest, label, local_path, summary


def _artifact(status: DigestStatus, uri: str = "data/a.jsonl") -> ArtifactEvidence:
    return ArtifactEvidence("/datasets/0", ArtifactKind.DATASET, uri, None, "a" * 64, None,
                            status, "detail")


def test_only_verified_is_verified_and_every_status_has_words():
    for status in DigestStatus:
        artifact = _artifact(status)
        if status is DigestStatus.VERIFIED:
            assert (digest(artifact), label(artifact)) == ("verified", "VERIFIED")
        else:
            assert digest(artifact) == "declared"
            assert label(artifact).startswith("DECLARED ONLY — ")
    assert label(_artifact(DigestStatus.REMOTE)) == "DECLARED ONLY — remote (not verifiable here)"


def test_summary_counts_in_a_fixed_order():
    artifacts = [_artifact(DigestStatus.REMOTE), _artifact(DigestStatus.VERIFIED),
                 _artifact(DigestStatus.MISMATCH), _artifact(DigestStatus.VERIFIED)]
    assert summary(artifacts) == "2 verified, 1 mismatch, 1 remote (not verifiable here)"


@pytest.mark.parametrize(("document", "uri", "expected"), [
    ("jobs/job.yaml", "data/a.jsonl", "jobs/data/a.jsonl"),
    ("jobs/job.yaml", "./a.jsonl", "jobs/a.jsonl"),
    ("jobs/job.yaml", "../shared/a.jsonl", "shared/a.jsonl"),
    ("job.yaml", "a.jsonl", "a.jsonl"),
    ("jobs\\job.yaml", "a.jsonl", "jobs/a.jsonl"),
    ("jobs/job.yaml", "/srv/data/a.jsonl", "/srv/data/a.jsonl"),
    ("jobs/job.yaml", "file:///srv/my%20data/a.jsonl", "/srv/my data/a.jsonl"),
    ("jobs/job.yaml", "file://localhost/srv/a.jsonl", "/srv/a.jsonl"),
    ("jobs/job.yaml", "file:data/a.jsonl", "jobs/data/a.jsonl"),
])
def test_local_paths_are_placed_next_to_their_descriptor(document, uri, expected):
    owner = DocumentResult(document, 0, "0" * 64, "job", "low")
    assert local_path(owner, _artifact(DigestStatus.VERIFIED, uri)) == expected


def test_remote_artifacts_have_no_local_path():
    owner = DocumentResult("jobs/job.yaml", 0, "0" * 64, "job", "low")
    assert local_path(owner, _artifact(DigestStatus.REMOTE, "s3://bucket/a.jsonl")) is None
    assert local_path(owner, _artifact(DigestStatus.REMOTE, "org/model")) is None
