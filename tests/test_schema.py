"""The schema stage: every error of a document, with pointer, line and a readable message."""

from __future__ import annotations

import json

import pytest
from support import EXAMPLES

from ftcomply.loader import load_documents
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator


@pytest.fixture(scope="module")
def validator() -> SchemaValidator:
    return SchemaValidator.load(schema_path())


def minimal() -> dict:
    path = EXAMPLES / "minimal-low.yaml"
    return load_documents(str(path), path.read_bytes())[0].data


def errors_for(validator, text: str):
    return validator.errors(load_documents("job.yaml", text.encode())[0])


def test_examples_are_schema_valid(validator):
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for document in load_documents(str(path), path.read_bytes()):
            assert validator.errors(document) == [], path


@pytest.mark.parametrize("name", ["ftjob.v1.schema.json", "config.v1.schema.json",
                                  "waivers.v1.schema.json"])
def test_shipped_schemas_are_valid_json_schemas(name):
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(schema_path(name).read_text()))


def test_schema_is_2020_12_and_strict():
    schema = json.loads(schema_path().read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "apiVersion", "kind", "metadata", "base_model", "datasets", "training"}


def test_all_errors_are_reported_with_pointer_and_line(validator):
    text = (
        "apiVersion: ftcomply/v1\n"
        "kind: FineTuningJob\n"
        "metadata:\n"
        "  name: Bad Name\n"
        "  owner: me\n"
        "  created: 2026-11-20\n"
        "  risk_tier: extreme\n"
        "base_model: {id: m, source: hub}\n"
        "datasets:\n"
        "  - name: d\n"
        "    role: train\n"
        "    uri: s3://x\n"
        "    sha256: 1234\n"
        "training: {method: lora}\n"
        "colour: blue\n"
    )
    errors = errors_for(validator, text)
    by_pointer = {e.pointer: e for e in errors}
    assert set(by_pointer) == {
        "/metadata/name", "/metadata/created", "/metadata/risk_tier",
        "/datasets/0/sha256", "/colour"}
    assert by_pointer["/metadata/risk_tier"].location.line == 7
    assert "is not one of: low, medium, high" in by_pointer["/metadata/risk_tier"].message
    assert by_pointer["/metadata/created"].message.startswith('"2026-11-20" is not an RFC 3339')
    assert "quote it" in by_pointer["/datasets/0/sha256"].message
    assert by_pointer["/colour"].location.line == 15
    assert "unknown field 'colour'" in by_pointer["/colour"].message
    # errors come in file order
    assert [e.location.line for e in errors] == sorted(e.location.line for e in errors)


def test_unknown_keys_suggest_the_field_meant(validator):
    data = minimal()
    data["metadata"]["risk_teir"] = data["metadata"].pop("risk_tier")
    errors = validator.errors(load_documents("j.json", json.dumps(data).encode())[0])
    messages = [e.message for e in errors]
    assert "missing required field 'risk_tier'" in messages
    assert any("unknown field 'risk_teir' (did you mean 'risk_tier'?)" in m for m in messages)


def test_x_keys_are_allowed_anywhere(validator):
    data = minimal()
    data["x-team"] = {"anything": [1]}
    data["datasets"][0]["x-cost"] = 3
    data["base_model"]["x-note"] = "ok"
    assert validator.errors(load_documents("j.json", json.dumps(data).encode())[0]) == []


def test_evidence_fields_are_optional(validator):
    data = minimal()
    for key in ("evaluation", "approvals"):
        data.pop(key)
    data["datasets"][0] = {"name": "d", "role": "train", "uri": "s3://d"}
    assert validator.errors(load_documents("j.json", json.dumps(data).encode())[0]) == []


def test_yaml_booleans_get_a_quoting_hint(validator):
    text = (EXAMPLES / "minimal-low.yaml").read_text().replace(
        "languages: [en]\nbase_model", "languages: [en, no]\nbase_model")
    errors = errors_for(validator, text)
    assert len(errors) == 1
    assert errors[0].pointer == "/metadata/languages/1"
    assert "YAML reads unquoted yes/no" in errors[0].message


def test_impossible_datetimes_are_rejected(validator):
    text = (EXAMPLES / "minimal-low.yaml").read_text().replace(
        "created: 2026-11-24T08:00:00Z", 'created: "2026-13-40T08:00:00Z"')
    errors = errors_for(validator, text)
    assert [e.pointer for e in errors] == ["/metadata/created"]


def test_a_list_instead_of_a_mapping(validator):
    errors = errors_for(validator, "- a\n- b\n")
    assert errors[0].pointer == ""
    assert errors[0].message == 'expected a mapping, got a list (content not shown)'


def _mutations(data, rng, count):
    """Near-valid variants: one value replaced, one key removed or one key added."""
    import copy

    odd_values = [None, True, 0, -1, 1.5, 2.0, "", "x", "2026-02-30T00:00:00Z", "2026-11-20",
                  "2026-11-20T10:00:00", "A" * 64, "a" * 64, "sha256:" + "a" * 64, [], {},
                  ["en"], [1], {"x-a": 1}, {"unknown": 1}, 1e-9, 10**20]

    def paths(node, prefix=()):
        yield prefix
        if isinstance(node, dict):
            for key, value in node.items():
                yield from paths(value, (*prefix, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from paths(value, (*prefix, index))

    all_paths = [p for p in paths(data) if p]
    for _ in range(count):
        variant = copy.deepcopy(data)
        path = rng.choice(all_paths)
        parent = variant
        for key in path[:-1]:
            parent = parent[key]
        action = rng.random()
        if action < 0.6:
            parent[path[-1]] = copy.deepcopy(rng.choice(odd_values))
        elif action < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rng.choice(["extra", "x-extra", "Name", "sha_256"])] = 1
        yield variant


def test_fast_and_explaining_validators_agree(validator):
    """The fast path may only say "valid" when jsonschema finds nothing wrong, and back."""
    import random

    from ftcomply.loader import SourceDocument

    rng = random.Random(20261126)
    checked = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = load_documents(str(path), path.read_bytes())[0].data
        for variant in _mutations(data, rng, 150):
            explained = list(validator.validator.iter_errors(variant))
            assert validator.is_valid(variant) == (not explained), (variant, explained[:1])
            errors = validator.errors(SourceDocument("v.json", 0, variant, {}, ""))
            assert bool(errors) == bool(explained)
            checked += 1
    assert checked == 450
    assert validator._fast is not None  # the compiled fast path did the work
