"""The benchmark corpus generator (bench/generate.py): valid, varied, reproducible.
No timing here: benchmarks are run on purpose, never in the test suite."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from support import AS_OF, ROOT

from ftcomply.loader import load_documents
from ftcomply.models import Status
from ftcomply.pipeline import CheckOptions, run_check
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator

COUNT = 20


def _load_generator():
    spec = importlib.util.spec_from_file_location("ftcomply_bench_generate",
                                                  ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    assert generate.main([str(directory), "--count", str(COUNT), "--seed", "1"]) == 0
    return directory


@pytest.fixture(scope="module")
def report(catalog, corpus):
    return run_check(catalog, CheckOptions(paths=(str(corpus),), as_of=AS_OF))


def test_every_descriptor_is_schema_valid(corpus):
    validator = SchemaValidator.load(schema_path())
    documents = [document
                 for path in sorted(corpus.rglob("*")) if path.suffix in (".yaml", ".json")
                 for document in load_documents(str(path), path.read_bytes())]
    assert len(documents) == COUNT
    for document in documents:
        assert validator.errors(document) == [], document.path


def test_the_corpus_is_varied(report):
    assert len(report.documents) == COUNT
    assert not any(d.errors for d in report.documents)
    assert {d.risk_tier for d in report.documents} == {"low", "medium", "high"}
    outcomes = {any(r.status is Status.FAIL for r in d.results) for d in report.documents}
    assert outcomes == {True, False}  # some pass, some fail
    assert len({d.name for d in report.documents}) == COUNT


def test_broken_evidence_fails_its_control_and_the_rest_passes(corpus):
    written = generate.read_manifest(corpus)
    assert generate.check_corpus(corpus, written, seed=1) == []


def test_the_same_seed_writes_the_same_bytes(corpus, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    generate.main([str(again), "--count", str(COUNT), "--seed", "1"])
    generate.main([str(other), "--count", str(COUNT), "--seed", "2"])
    assert _files(again) == _files(corpus)
    assert _files(other) != _files(corpus)


def test_the_mutations_aim_at_controls_of_the_right_tiers(catalog):
    tiers = {c.id: tuple(c.tiers) for c in catalog.controls}
    for control, _ in generate.MUTATIONS:
        assert set(generate.CONTROL_TIERS.get(control, generate.TIERS)) == set(tiers[control])
