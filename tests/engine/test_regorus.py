"""The embedded engine: the RVM answers exactly what the interpreter answers.

Built-in controls run on regorus's RVM bytecode compiler, the rest on its
interpreter (regorus_backend.py says why). The RVM has known semantic gaps, so
every descriptor here is evaluated both ways and the verdicts must be equal:
the bundled examples, every single-evidence mutation of the reference job, and
a generated corpus of every tier, passing and failing.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, EXAMPLES
from test_bench import generate
from test_catalog_acceptance import MUTATIONS, agent_deployment, reference

from ftcomply.catalog import load_catalog
from ftcomply.engine import Verdicts
from ftcomply.engine import regorus_backend as backend
from ftcomply.engine.regorus_backend import RegorusEngine
from ftcomply.loader import load_documents

CORPUS_SIZE = 150


def _normal(verdicts: Verdicts) -> tuple[dict[str, list[str]], frozenset[str]]:
    """Findings are a set in Rego: compare them in a canonical order."""
    deny = {cid: sorted(json.dumps(f, sort_keys=True) for f in findings)
            for cid, findings in verdicts.deny.items()}
    return deny, verdicts.applicable


@pytest.fixture(scope="module")
def hybrid(catalog) -> RegorusEngine:
    return RegorusEngine.compile(catalog, catalog.parameter_values())


@pytest.fixture(scope="module")
def interpreter(catalog) -> RegorusEngine:
    """Interpreter only: what the Rego unit tests run on."""
    return RegorusEngine.compile(catalog, catalog.parameter_values(), with_tests=True)


def _envelopes_of(paths: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{p.name}#{d.index}", {"descriptor": d.data, "as_of": AS_OF})
            for p in paths for d in load_documents(str(p), p.read_bytes())]


def _mutants() -> list[tuple[str, dict[str, Any]]]:
    cases = [("reference", reference())]
    for name, (mutate, _) in MUTATIONS.items():
        data = reference()
        mutate(data)
        cases.append((name, data))
    agent = reference()
    agent_deployment(agent)
    cases.append(("agent deployment", agent))
    return [(name, {"descriptor": data, "as_of": AS_OF}) for name, data in cases]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[tuple[str, dict[str, Any]]]:
    directory = tmp_path_factory.mktemp("engine-corpus")
    assert generate.main([str(directory), "--count", str(CORPUS_SIZE), "--seed", "7"]) == 0
    return _envelopes_of(sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".json")))


def test_builtin_controls_run_on_the_rvm_except_walk_users(hybrid, catalog):
    assert [c.id for c in hybrid._interpreted] == ["DUR-ENV-02"]
    assert hybrid._vm is not None
    assert len(catalog.controls) == 40


def test_rvm_agrees_on_examples_and_mutations(hybrid, interpreter):
    cases = _envelopes_of(sorted(EXAMPLES.glob("*.yaml"))) + _mutants()
    for name, envelope in cases:
        assert _normal(hybrid.evaluate(envelope)) == _normal(interpreter.evaluate(envelope)), name


def test_rvm_agrees_on_a_generated_corpus(hybrid, interpreter, corpus):
    assert len(corpus) >= CORPUS_SIZE
    failing = 0
    for name, envelope in corpus:
        fast = _normal(hybrid.evaluate(envelope))
        assert fast == _normal(interpreter.evaluate(envelope)), name
        failing += any(fast[0].values())
    assert failing > CORPUS_SIZE // 4  # the corpus exercises findings, not only passes


def test_one_engine_answers_many_documents_without_carrying_state(hybrid, interpreter, corpus):
    """The RVM is reused across documents: answers depend only on the document."""
    first = [_normal(hybrid.evaluate(envelope)) for _, envelope in corpus[:20]]
    again = [_normal(hybrid.evaluate(envelope)) for _, envelope in reversed(corpus[:20])]
    assert first == list(reversed(again))


def test_user_controls_run_on_the_interpreter(tmp_path, catalog):
    (tmp_path / "org.rego").write_text(
        "# METADATA\n# title: Owner is named\n# custom:\n#   id: ORG-OWN-01\n"
        "#   phase: governance\n#   severity: low\n"
        "package ftcomply.controls.org_own_01\n\n"
        'deny contains {"msg": "no owner", "path": "/metadata/owner"} if '
        'not input.descriptor.metadata.owner\n')
    user = load_catalog([tmp_path])
    engine = RegorusEngine.compile(user, user.parameter_values())
    assert {c.id for c in engine._interpreted} == {"DUR-ENV-02", "ORG-OWN-01"}
    verdicts = engine.evaluate({"descriptor": {}, "as_of": AS_OF})
    assert verdicts.deny["ORG-OWN-01"] == [{"msg": "no owner", "path": "/metadata/owner"}]
    assert set(verdicts.deny) == {c.id for c in user.controls}


def test_controls_the_compiler_refuses_are_found_one_by_one(monkeypatch, catalog, interpreter):
    """Should the walk test miss a gap, compiling control by control still sorts them."""
    monkeypatch.setattr(backend, "_USES_WALK", re.compile(r"(?!)"))
    engine = RegorusEngine.compile(catalog, catalog.parameter_values())
    assert [c.id for c in engine._interpreted] == ["DUR-ENV-02"]
    envelope = {"descriptor": reference(), "as_of": AS_OF}
    assert _normal(engine.evaluate(envelope)) == _normal(interpreter.evaluate(envelope))


def test_an_undefined_value_from_the_rvm_is_answered_by_the_interpreter(hybrid, interpreter):
    """A string that looks like the RVM's undefined marker only costs a second evaluation."""
    data = copy.deepcopy(reference())
    data["datasets"][0]["name"] = "<undefined>"
    envelope = {"descriptor": data, "as_of": AS_OF}
    assert _normal(hybrid.evaluate(envelope)) == _normal(interpreter.evaluate(envelope))


def test_descriptors_beyond_the_rvm_instruction_budget_are_answered_by_the_interpreter(
        hybrid, interpreter):
    """The RVM stops after a fixed number of instructions (no setting for it in regorus's
    Python binding); a descriptor with 40 datasets goes past it and still gets its verdicts."""
    data = reference()
    data["datasets"] = [dict(data["datasets"][i % 2], name=f"set-{i}") for i in range(40)]
    envelope = {"descriptor": data, "as_of": AS_OF}
    hybrid._vm.set_input_json(json.dumps(envelope))
    with pytest.raises(BaseException, match="instruction limit"):
        hybrid._vm.execute()
    assert _normal(hybrid.evaluate(envelope)) == _normal(interpreter.evaluate(envelope))
