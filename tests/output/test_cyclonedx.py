"""CycloneDX 1.6 ML-BOM: valid against CycloneDX's official JSON schema (as the
cyclonedx-python-lib package ships it), one BOM per job, stable to the byte."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from descriptor_strategies import HOSTILE_TEXT, descriptors, near_valid_descriptors, to_yaml
from formats_support import (
    ARTIFACT_ONERROR,
    ARTIFACT_SCRIPT,
    ERROR_DOCUMENT,
    artifact_statuses,
    with_error_document,
    with_finding_text,
    with_waiver,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import AS_OF, DECLARED_EXAMPLES, ROOT, run_cli

from ftcomply.evidence import DigestStatus
from ftcomply.loader import load_documents
from ftcomply.models import Report, Status
from ftcomply.output import FORMATS, RenderOptions
from ftcomply.output.cyclonedx import (
    _SERIALS,
    document_bom,
    file_stem,
    render,
    render_chunks,
    render_files,
)
from ftcomply.pipeline import Checker, CheckOptions

VALIDATOR = JsonStrictValidator(SchemaVersion.V1_6)


def valid(text: str) -> dict[str, Any]:
    """The BOM, after CycloneDX's schema (strict: no unknown fields) accepted it."""
    error = VALIDATOR.validate_str(text)
    assert error is None, getattr(error.data, "message", error)
    return json.loads(text)


def boms(text: str) -> list[dict[str, Any]]:
    """The BOMs of a rendering: one indented BOM, or one compact BOM per line."""
    if text.startswith("{\n"):
        return [valid(text)]
    assert text.endswith("\n") and text.isascii()
    # Each line a BOM, whatever a str.splitlines() would split on (U+2028, U+0085, ...).
    assert len(text.splitlines()) == text.count("\n")
    return [valid(line) for line in text[:-1].split("\n")]


def props(item: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("properties", [])}


def components(bom: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in bom.get("components", [])}


def test_registered_and_served():
    fmt = FORMATS["cyclonedx"]
    assert fmt.per_document and fmt.streamed and fmt.extension == ".cdx.json"
    assert fmt.media_type == "application/vnd.cyclonedx+json"


def test_every_example_is_a_valid_bom(report):
    documents = boms(render(report, RenderOptions()))
    assert len(documents) == len(report.documents) == 3
    for bom, document in zip(documents, report.documents, strict=True):
        assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
        assert bom["metadata"]["timestamp"] == AS_OF
        subject = bom["metadata"]["component"]
        assert subject["type"] == "machine-learning-model"
        assert subject["name"] == document.name
        meta = props(bom["metadata"])
        assert meta["ftcomply:verdict"] == document.status(report.info.fail_on).value
        assert meta["ftcomply:descriptor.sha256"] == document.sha256
        assert meta["ftcomply:catalog.digest"] == report.info.catalog_digest


def test_one_document_is_one_indented_bom(report):
    single = replace(report, documents=report.documents[:1])
    text = render(single, RenderOptions())
    assert text.startswith("{\n  ") and text.endswith("}\n")
    assert text == "".join(render_chunks(single, RenderOptions()))
    assert json.loads(text) == document_bom(single, single.documents[0])


def test_components_models_and_datasets(report):
    (document,) = [d for d in report.documents if d.name == "support-bot-lora"]
    bom = document_bom(report, document)
    valid(json.dumps(bom))
    parts = components(bom)
    base = parts["base-model"]
    assert base["type"] == "machine-learning-model"
    assert base["name"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert base["version"] == "0e9e39f249a16976918f6564b8830bc894c89659"
    assert base["licenses"] == [{"license": {"name": "llama3.1"}}]
    adapter = parts["adapter:0"]
    assert adapter["type"] == "machine-learning-model"
    assert adapter["hashes"] == [{"alg": "SHA-256", "content": "7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
                                  "3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"}]
    (ancestor,) = adapter["pedigree"]["ancestors"]
    assert ancestor["name"] == base["name"] and ancestor["version"] == base["version"]
    assert {"ref": "adapter:0", "dependsOn": ["base-model"]} in bom["dependencies"]
    dataset = parts["dataset:1"]
    assert dataset["type"] == "data" and dataset["name"] == "open-assistant-subset"
    assert dataset["licenses"] == [{"license": {"name": "Apache-2.0"}}]
    (data,) = dataset["data"]
    assert data["classification"] == "public"
    assert data["governance"]["custodians"] == [{"organization": {"name": "support-data-team"}}]
    dataset_props = props(dataset)
    assert dataset_props["ftcomply:provenance.origin"] == "public"
    assert dataset_props["ftcomply:provenance.source_url"] == (
        "https://huggingface.co/datasets/OpenAssistant/oasst2")
    assert dataset_props["ftcomply:uri"] == "s3://ml-data/public/oasst2-subset.jsonl"
    # Without --verify every digest is the descriptor's word.
    assert {props(c)["ftcomply:digest"] for c in parts.values()} == {"declared"}
    assert props(bom["metadata"]["component"])["ftcomply:digest"] == "declared"


def test_model_card(report):
    (document,) = [d for d in report.documents if d.name == "support-bot-lora"]
    card = document_bom(report, document)["metadata"]["component"]["modelCard"]
    assert card["modelParameters"]["task"] == "chat"
    assert card["modelParameters"]["modelArchitecture"] == "lora"
    assert card["modelParameters"]["datasets"] == [{"ref": f"dataset:{i}"} for i in range(3)]
    metrics = card["quantitativeAnalysis"]["performanceMetrics"]
    assert {"type": "harmful_score_tuned (declared)", "value": "0.05",
            "slice": "evaluation.safety[0] harmbench judged by llama-guard-3"} in metrics
    assert {"type": "harmful_score_base (declared)", "value": "0.06",
            "slice": "evaluation.safety[1] multijail judged by gpt-judge-v2"} in metrics
    assert props(card)["ftcomply:training.hyperparameters.learning_rate"] == "0.0001"
    assert card["considerations"]["useCases"] == [
        "Customer-support assistant answering product questions"]


def test_declarations_map_each_control_to_a_claim(report):
    report, waived = with_waiver(report)
    for document in report.documents:
        bom = document_bom(report, document)
        valid(json.dumps(bom))
        (standard,) = bom["definitions"]["standards"]
        declarations = bom["declarations"]
        (attestation,) = declarations["attestations"]
        assert attestation["assessor"] == declarations["assessors"][0]["bom-ref"]
        requirements = {r["bom-ref"]: r for r in standard["requirements"]}
        claims = {c["bom-ref"]: c for c in declarations["claims"]}
        evidence = {e["bom-ref"] for e in declarations["evidence"]}
        assert len(attestation["map"]) == len(document.results) == len(claims)
        for entry, result in zip(attestation["map"], document.results, strict=True):
            assert requirements[entry["requirement"]]["identifier"] == result.control.id
            (claim,) = (claims[c] for c in entry["claims"])
            assert claim["target"] == "job"
            supporting = claim.get("evidence", []) + claim.get("counterEvidence", [])
            assert supporting and set(supporting) <= evidence
            if result.raw_status is Status.FAIL:
                assert claim["counterEvidence"] == [f"evidence:{result.control.id}"]
            expected = {Status.PASS: 1, Status.FAIL: 0, Status.WAIVED: 0}.get(result.status)
            assert entry["conformance"].get("score") == expected
            assert result.evidence_level.value in entry["confidence"]["rationale"]
            if result.waiver is not None:
                assert waived.waiver.id in entry["conformance"]["rationale"]
                assert "the policy found fail" in entry["conformance"]["rationale"]


def test_findings_are_evidence_data(report):
    document = next(d for d in report.documents if d.status(report.info.fail_on) is Status.FAIL)
    result = next(r for r in document.results if r.findings)
    declarations = document_bom(report, document)["declarations"]
    (item,) = [e for e in declarations["evidence"]
               if e["bom-ref"] == f"evidence:{result.control.id}"]
    finding = result.findings[0]
    assert item["data"][0]["contents"]["attachment"]["content"] == finding.message
    assert finding.pointer in item["data"][0]["name"]
    assert str(finding.location.line) in item["data"][0]["name"]


def test_verified_and_declared_hashes(verified):
    statuses = artifact_statuses(verified)
    (document,) = verified.documents
    bom = document_bom(verified, document)
    valid(json.dumps(bom))
    parts = components(bom)
    by_pointer = {props(c)["ftcomply:pointer"]: c for c in parts.values()
                  if "ftcomply:pointer" in props(c)}
    for pointer, status in statuses.items():
        component = parts["base-model"] if pointer == "/base_model" else by_pointer[pointer]
        marked = props(component)
        assert marked["ftcomply:digest.status"] == status.value
        if status is DigestStatus.VERIFIED:
            assert marked["ftcomply:digest"] == "verified"
            assert "ftcomply:digest.reason" not in marked
        else:
            assert marked["ftcomply:digest"] == "declared"
            assert marked["ftcomply:digest.reason"]
    assert DigestStatus.VERIFIED in statuses.values()
    mismatched = [p for p, s in statuses.items() if s is DigestStatus.MISMATCH]
    assert mismatched
    artifact = next(a for a in document.artifacts if a.pointer == mismatched[0])
    component = by_pointer[mismatched[0]]
    # The hash listed is the declared one; what the file really hashes to is beside it.
    assert component["hashes"][0]["content"] == artifact.declared_sha256
    assert props(component)["ftcomply:digest.actual_sha256"] == artifact.actual_sha256


def test_measured_values_from_tool_evidence(tmp_path):
    """examples/verified: the evaluation and red-team reports' numbers, and every
    artifact verified."""
    process = run_cli("check", "examples/verified/", "--verify", "--as-of",
                      "2026-12-07T00:00:00Z", "--no-config", "--format", "cyclonedx",
                      cwd=ROOT)
    assert process.returncode == 0, process.stderr
    (bom,) = boms(process.stdout)
    metrics = bom["metadata"]["component"]["modelCard"]["quantitativeAnalysis"][
        "performanceMetrics"]
    measured = [m for m in metrics if m["type"].endswith("(measured)")]
    assert {m["type"] for m in measured} >= {
        "harmful_score_base (measured)", "harmful_score_tuned (measured)",
        "red team failed attempts (measured)"}
    assert all("report sha256:" in m["slice"] for m in measured)
    assert {props(c)["ftcomply:digest"] for c in bom["components"]} == {"verified"}
    assert props(bom["metadata"]["component"])["ftcomply:digest"] == "verified"


HOSTILE = 'x"}\n{"bomFormat": "evil", </script><script>alert(1)</script> \u202e\x1b[31m\\'


def test_hostile_strings_stay_data(report, hostile_verified):
    hostile = with_finding_text(report, HOSTILE, HOSTILE)
    assert any(r.findings for d in hostile.documents for r in d.results)
    for document in hostile.documents:
        bom = document_bom(hostile, document)
        text = json.dumps(bom)
        assert valid(text) == bom
        assert bom["metadata"]["component"]["name"] == HOSTILE
        messages = [d["contents"]["attachment"]["content"]
                    for e in bom["declarations"]["evidence"] for d in e.get("data", [])]
        assert set(messages) == ({HOSTILE} if any(r.findings for r in document.results)
                                 else set())
    # JSON Lines stay one BOM per line whatever the text holds.
    lines = render(hostile, RenderOptions()).splitlines()
    assert len(lines) == len(hostile.documents)
    assert [json.loads(line)["metadata"]["component"]["name"] for line in lines] == [
        HOSTILE] * len(lines)
    (document,) = hostile_verified.documents
    bom = valid(render(hostile_verified, RenderOptions()))
    uris = [props(c).get("ftcomply:uri") for c in bom["components"]]
    assert f"s3://ml-data/{ARTIFACT_SCRIPT}.jsonl" in uris
    assert f"{ARTIFACT_ONERROR}.bin" in uris


def test_uris_lose_credentials(report):
    document = report.documents[0]
    inventory = dict(document.inventory)
    inventory["datasets"] = [{**inventory["datasets"][0],
                              "uri": "https://user:pa55w0rd@data.example/d.jsonl?sig=TOKEN#frag"}]
    bom = document_bom(report, replace(document, inventory=inventory))
    text = json.dumps(bom)
    assert "pa55w0rd" not in text and "TOKEN" not in text and "frag" not in text
    assert props(components(bom)["dataset:0"])["ftcomply:uri"] == (
        "https://data.example/d.jsonl")


def test_error_document_gets_a_bom_saying_so(report):
    broken = with_error_document(report)
    bom = document_bom(broken, ERROR_DOCUMENT)
    valid(json.dumps(bom))
    subject = bom["metadata"]["component"]
    assert subject["type"] == "file" and subject["name"] == "jobs/broken.yaml"
    assert subject["hashes"] == [{"alg": "SHA-256", "content": "0" * 64}]
    meta = props(bom["metadata"])
    assert meta["ftcomply:verdict"] == "error"
    errors = [p["value"] for p in bom["metadata"]["properties"] if p["name"] == "ftcomply:error"]
    assert errors == [str(e) for e in ERROR_DOCUMENT.errors]
    assert "components" not in bom and "declarations" not in bom
    assert len(boms(render(broken, RenderOptions()))) == len(broken.documents)


def test_error_report_from_a_run(error_report):
    """A schema-invalid document gets a BOM saying so; a missing file is a run error, no
    job: it has none (the run exits 2 all the same)."""
    documents = boms(render(error_report, RenderOptions()))
    verdicts = [props(b["metadata"])["ftcomply:verdict"] for b in documents]
    assert verdicts == ["pass", "fail", "pass", "error"]
    assert error_report.errors and error_report.exit_code == 2


def test_serial_numbers_are_uuid5_of_content(report):
    serials = []
    for document in report.documents:
        bom = document_bom(report, document)
        body = {k: v for k, v in bom.items()
                if k not in ("bomFormat", "specVersion", "serialNumber", "version")}
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert bom["serialNumber"] == f"urn:uuid:{uuid.uuid5(_SERIALS, canonical)}"
        serials.append(bom["serialNumber"])
    assert len(set(serials)) == len(serials)
    later = replace(report, info=replace(report.info, as_of="2026-11-27T00:00:00Z"))
    assert document_bom(later, report.documents[0])["serialNumber"] != serials[0]
    assert render(report, RenderOptions()) == render(report, RenderOptions())


def test_file_stems_stay_in_their_directory():
    document = ERROR_DOCUMENT
    assert file_stem(replace(document, name="../../etc/passwd")) == "etc-passwd"
    assert file_stem(replace(document, name=".hidden")) == "hidden"
    assert file_stem(replace(document, name="\u00e9t\u00e9 /\\:*?")) == "t"
    assert file_stem(replace(document, name="...")) == "job"
    assert file_stem(replace(document, name=None, path="jobs/all.yaml", index=2)) == "all-2"
    assert len(file_stem(replace(document, name="a" * 500))) == 100


def test_files_one_per_job_names_unique(report):
    twins = replace(report, documents=(
        *report.documents, replace(report.documents[0], name=report.documents[0].name.upper()),
        replace(report.documents[0], name="../" + report.documents[0].name)))
    files = list(render_files(twins, RenderOptions()))
    names = [name for name, _ in files]
    first = report.documents[0].name
    assert names == [f"{d.name}.cdx.json" for d in report.documents] + [
        f"{first.upper()}-2.cdx.json", f"{first}-3.cdx.json"]
    for _, text in files:
        valid(text)


def test_cli_writes_one_file_per_job_byte_identical(tmp_path):
    outputs = []
    for run in ("a", "b"):
        directory = tmp_path / run
        process = run_cli("check", *DECLARED_EXAMPLES, "--as-of", AS_OF, "--no-config",
                          "--format", "cyclonedx", "--report", f"cyclonedx={directory}/",
                          cwd=ROOT)
        assert process.returncode == 1, process.stderr
        files = {p.name: p.read_bytes() for p in sorted(directory.iterdir())}
        outputs.append((process.stdout, files))
    (stdout, files), (stdout_again, files_again) = outputs
    assert stdout == stdout_again and files == files_again
    assert sorted(files) == ["intent-classifier.cdx.json", "sales-agent-qlora.cdx.json",
                             "support-bot-lora.cdx.json"]
    by_serial = {valid(text.decode())["serialNumber"]: text for text in files.values()}
    # stdout holds the same BOMs, one per line.
    assert {b["serialNumber"] for b in boms(stdout)} == set(by_serial)


def test_cli_existing_directory_and_single_file(tmp_path):
    directory = tmp_path / "boms"
    directory.mkdir()
    single = tmp_path / "one.cdx.json"
    process = run_cli("check", DECLARED_EXAMPLES[0], "--as-of", AS_OF, "--no-config",
                      "--report", f"cyclonedx={directory}", "--report", f"cyclonedx={single}",
                      cwd=ROOT)
    assert process.returncode in (0, 1), process.stderr
    # The later --report of a format wins, as for every format: the file.
    assert not list(directory.iterdir())
    (bom,) = boms(single.read_text())
    process = run_cli("check", DECLARED_EXAMPLES[0], "--as-of", AS_OF, "--no-config",
                      "--report", f"cyclonedx={directory}", cwd=ROOT)
    (written,) = directory.iterdir()
    assert valid(written.read_text()) == bom


@pytest.mark.parametrize("fmt", ["json", "intoto"])
def test_cli_directory_only_for_per_job_formats(tmp_path, fmt):
    process = run_cli("check", DECLARED_EXAMPLES[0], "--as-of", AS_OF, "--no-config",
                      "--report", f"{fmt}={tmp_path}/out/", cwd=ROOT)
    assert process.returncode == 2
    assert "writes one file, not one per job" in process.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def checker(catalog) -> Checker:
    return Checker(catalog, CheckOptions(paths=(), as_of=AS_OF))


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.one_of(descriptors(), near_valid_descriptors()), min_size=1,
                          max_size=3))
def test_random_descriptors_give_valid_boms(checker, documents):
    """Whatever a schema-valid (or nearly valid) descriptor holds, hostile text included,
    every BOM passes CycloneDX's strict schema and every job has one."""
    results = []
    for index, document in enumerate(documents):
        name = f"jobs/{HOSTILE_TEXT[index % 3]}-{index}.yaml"
        results += [checker.check_document(source)
                    for source in load_documents(name, to_yaml(document))]
    report = Report(checker.run_info(), checker.catalog.controls, tuple(results))
    assert len(boms(render(report, RenderOptions()))) == len(results)
    for _, text in render_files(report, RenderOptions()):
        valid(text)
