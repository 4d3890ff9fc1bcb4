"""`ftcomply import`: drafts from real configs say what the config says, and owe the rest."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from support import AS_OF, ROOT, run_cli

from ftcomply.importers import FORMATS, draft_descriptor
from ftcomply.loader import load_documents
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator

FIXTURES = ROOT / "tests" / "fixtures" / "importers"
MARK = "TODO(ftcomply)"

# fixture → (format, values the draft must take from it, by JSON pointer)
CASES = {
    "axolotl-lora.yml": ("axolotl", {
        "/metadata/name": "support-bot-lora",
        "/base_model/id": "meta-llama/Llama-3.1-8B-Instruct",
        "/base_model/revision": "0e9e39f249a16976918f6564b8830bc894c89659",
        "/datasets/0/uri": "https://huggingface.co/datasets/acme-ml/support-tickets-2026q3",
        "/datasets/0/role": "train",
        "/datasets/1/uri": "./data/escalations.jsonl",
        "/datasets/2/role": "validation",
        "/training/method": "lora",
        "/training/framework": "axolotl",
        "/training/hyperparameters/learning_rate": 0.0002,
        "/training/hyperparameters/epochs": 2,
        "/training/hyperparameters/batch_size": 8,
        "/training/hyperparameters/lora_alpha": 32,
        "/adapters/0/uri": "acme-ml/support-bot-lora",
        "/adapters/0/source": "internal",
        "/adapters/0/rank": 16,
        "/adapters/0/target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"],
        "/adapters/0/base_model_revision": "0e9e39f249a16976918f6564b8830bc894c89659",
    }),
    "axolotl-qlora.yml": ("axolotl", {
        "/metadata/name": "contract-clauses-qlora",
        "/base_model/revision": "0d4b76e1efeb5eb6f6b5e757c79870472e04bd3a",
        "/datasets/0/uri": "s3://acme-ml-data/contracts/clauses-v4.parquet",
        "/training/method": "qlora",
        "/training/hyperparameters/learning_rate": 0.0002,  # written `2e-4`: a string to YAML
        "/training/hyperparameters/max_steps": 1200,
        "/training/hyperparameters/load_in_4bit": True,
        "/adapters/0/format": "safetensors",
        "/adapters/0/rank": 32,
        "/adapters/0/target_modules": ["all-linear"],
    }),
    "llama-factory-lora-sft.yaml": ("llama-factory", {
        "/metadata/name": "qwen2.5-7b-support-sft",
        "/base_model/id": "Qwen/Qwen2.5-7B-Instruct",
        "/base_model/revision": "a09a35458c702b33eeacc393d103063234e8bc28",
        "/base_model/trust_remote_code": True,
        "/datasets/0/name": "identity",
        "/datasets/1/uri": "data/dataset_info.json#support_tickets_zh",
        "/datasets/2/role": "validation",
        "/training/method": "lora",
        "/training/hyperparameters/learning_rate": 0.0001,
        "/training/hyperparameters/epochs": 3.0,
        "/training/hyperparameters/batch_size": 8,
        "/adapters/0/uri": "saves/qwen2.5-7b/lora/sft",
        "/adapters/0/rank": 8,
        "/adapters/0/target_modules": ["all-linear"],
    }),
    "llama-factory-dpo.yaml": ("llama-factory", {
        "/metadata/name": "llama3-8b-lora-dpo",  # output_dir saves/llama3-8b/lora/dpo: a gap
        "/datasets/0/name": "dpo_en_demo",
        "/training/method": "dpo",
        "/training/hyperparameters/learning_rate": 5.0e-6,
        "/training/hyperparameters/pref_beta": 0.1,
        "/adapters/0/target_modules": ["q_proj", "v_proj"],
    }),
    "support-bot-lora/adapter_config.json": ("peft", {
        "/metadata/name": "support-bot-lora",
        "/base_model/id": "meta-llama/Llama-3.1-8B-Instruct",
        "/base_model/revision": "0e9e39f249a16976918f6564b8830bc894c89659",
        "/training/method": "lora",
        "/training/hyperparameters/lora_alpha": 32,
        "/adapters/0/rank": 16,
        "/adapters/0/target_modules": ["v_proj", "q_proj", "o_proj", "k_proj"],
        "/adapters/0/base_model_revision": "0e9e39f249a16976918f6564b8830bc894c89659",
    }),
    "support-bot-8b/README.md": ("hf-model-card", {
        "/metadata/name": "support-bot-8b-lora",
        "/metadata/languages": ["en", "de", "fr"],
        "/metadata/labels/license": "llama3.1",
        "/base_model/id": "meta-llama/Llama-3.1-8B-Instruct",
        "/datasets/1/uri": "https://huggingface.co/datasets/OpenAssistant/oasst2",
        "/training/method": "lora",
        "/training/framework": "axolotl",
    }),
    "openai-sft-job.json": ("openai", {
        "/metadata/name": "support-bot",
        "/metadata/created": "2026-11-20T09:30:00Z",
        "/base_model/id": "gpt-4o-mini-2024-07-18",
        "/base_model/source": "vendor",
        "/base_model/revision": "2024-07-18",
        "/datasets/0/uri": "file-3Jq7Wn2Xc5Vb8Lm1Kd9Hs4",
        "/datasets/1/role": "validation",
        "/training/provider": "managed-api",
        "/training/hyperparameters/epochs": 3,
        "/training/hyperparameters/batch_size": 8,
        "/training/hyperparameters/learning_rate_multiplier": 1.8,
        "/x-openai/fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:acme::AbC123xy",
    }),
    "openai-dpo-job.json": ("openai", {
        "/metadata/created": "2026-11-21T14:05:00Z",
        "/training/method": "dpo",
        "/training/hyperparameters/epochs": 2,
        "/training/hyperparameters/beta": 0.1,
    }),
}

# Evidence no config holds: every draft owes it, whatever its format.
ALWAYS_OWED = {"PRE-DATA-01", "PRE-DATA-02", "PRE-DATA-04", "PRE-MODEL-01", "PRE-MODEL-03",
               "DUR-IF-01", "POST-BD-01", "POST-EVAL-01", "GOV-APR-01", "GOV-DOC-01"}


def import_to(tmp_path: Path, fmt: str, source: Path | str, *extra: str):
    out = tmp_path / "draft.yaml"
    return run_cli("import", fmt, str(source), "-o", str(out), *extra), out


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """Every fixture imported through the command line."""
    folder = tmp_path_factory.mktemp("drafts")
    written = {}
    for fixture, (fmt, _) in CASES.items():
        out = folder / (fixture.replace("/", "-") + ".yaml")
        result = run_cli("import", fmt, str(FIXTURES / fixture), "-o", str(out))
        assert result.returncode == 0, result.stderr
        written[fixture] = out
    return written


@pytest.fixture(scope="module")
def report(drafts) -> dict:
    """One `ftcomply check` over all drafts, as JSON."""
    result = run_cli("check", "--as-of", AS_OF, "--format", "json",
                     *(str(p) for p in drafts.values()))
    assert result.returncode == 1, result.stdout + result.stderr  # fails, never "not evaluated"
    return json.loads(result.stdout)


def value_at(data, pointer: str):
    for token in pointer.split("/")[1:]:
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def leaves(data, pointer: str = ""):
    if isinstance(data, dict):
        for key, item in data.items():
            yield from leaves(item, f"{pointer}/{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from leaves(item, f"{pointer}/{index}")
    else:
        yield pointer


@pytest.mark.parametrize("fixture", CASES)
def test_draft_is_schema_valid_and_says_what_the_config_says(drafts, fixture):
    text = drafts[fixture].read_text()
    (document,) = load_documents(str(drafts[fixture]), text.encode())
    assert SchemaValidator.load(schema_path()).errors(document) == []
    for pointer, expected in CASES[fixture][1].items():
        assert value_at(document.data, pointer) == expected, pointer
    assert document.data["x-import"]["format"] == CASES[fixture][0]
    assert document.data["x-import"]["source_file"].endswith(fixture)
    digest = hashlib.sha256((FIXTURES / fixture).read_bytes()).hexdigest()
    assert document.data["x-import"]["source_sha256"] == digest


@pytest.mark.parametrize("fixture", CASES)
def test_check_fails_only_for_evidence_the_config_cannot_hold(drafts, report, fixture):
    path = str(drafts[fixture])
    (document,) = [d for d in report["documents"] if d["path"] == path]
    failing = {r["control_id"]: r["findings"] for r in document["results"]
               if r["status"] == "fail"}
    assert set(failing) >= ALWAYS_OWED
    assert "DUR-ENV-02" not in failing  # no credential reached the draft

    # No finding points at a value the draft took from the config (placeholders excepted).
    lines = drafts[fixture].read_text().splitlines()
    (parsed,) = load_documents(path, drafts[fixture].read_bytes())
    stated = {p for p in leaves(parsed.data) if MARK not in lines[parsed.positions[p][0] - 1]}
    blamed = {f["path"] for findings in failing.values() for f in findings}
    assert not blamed & stated, blamed & stated


def test_every_placeholder_is_marked_and_listed_in_the_header(drafts):
    text = drafts["support-bot-lora/adapter_config.json"].read_text()
    header = [line for line in text.splitlines() if line.startswith("#   /")]
    inline = [line for line in text.splitlines()
              if not line.startswith("#") and f"# {MARK}:" in line]
    listed = {line.split()[1] for line in header}
    assert listed == {"/metadata/owner", "/metadata/created", "/metadata/risk_tier",
                      "/base_model/source", "/datasets/0/name", "/datasets/0/uri",
                      "/adapters/0/uri", "/adapters/0/source"}
    assert len(inline) == len(listed)
    data = load_documents("d", text.encode())[0].data
    # Placeholders that ask for the most evidence, never the least.
    assert data["metadata"]["risk_tier"] == "high"
    assert data["base_model"]["source"] == "hub"
    assert data["adapters"][0]["source"] == "third-party"


@pytest.mark.parametrize("fixture", CASES)
def test_gaps_are_data_in_the_draft(drafts, fixture):
    """x-import.gaps lists the pointer of every `# TODO(ftcomply)` mark, in header order."""
    text = drafts[fixture].read_text()
    (document,) = load_documents(str(drafts[fixture]), text.encode())
    header = [line.split()[1] for line in text.splitlines() if line.startswith("#   /")]
    gaps = document.data["x-import"]["gaps"]
    assert gaps == header and len(set(gaps)) == len(gaps)
    lines = text.splitlines()
    marked = [line for line in lines if not line.startswith("#") and f"# {MARK}:" in line]
    assert len(marked) == len(gaps)
    for pointer in gaps:  # each names a field of the draft, on a marked line
        value_at(document.data, pointer)
        assert f"# {MARK}:" in lines[document.positions[pointer][0] - 1], pointer


@pytest.mark.parametrize("fixture", CASES)
def test_gov_doc_01_fails_on_every_gap(drafts, report, fixture):
    path = str(drafts[fixture])
    (document,) = [d for d in report["documents"] if d["path"] == path]
    (result,) = [r for r in document["results"] if r["control_id"] == "GOV-DOC-01"]
    gaps = load_documents(path, drafts[fixture].read_bytes())[0].data["x-import"]["gaps"]
    assert result["status"] == "fail"
    blamed = [f["path"] for f in result["findings"] if "x-import.gaps" in f["message"]]
    assert sorted(blamed) == sorted(gaps)  # one finding per gap, at its field


def test_a_draft_with_its_gaps_filled_in_passes_gov_doc_01(tmp_path):
    result, out = import_to(tmp_path, "peft", FIXTURES / "support-bot-lora" / "adapter_config.json")
    assert result.returncode == 0, result.stderr
    filled = {"owner: TODO": "owner: ml-platform@example.com",
              "name: TODO": "name: support-tickets",
              "uri: TODO": "uri: s3://ml/x"}
    text = out.read_text()
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    text = re.sub(r"(?m)^  created: .*$", "  created: 2026-11-20T09:00:00Z", text)
    lines = text.splitlines()
    start = lines.index("  gaps:")
    out.write_text("\n".join([*lines[:start], "  gaps: []"]) + "\n")
    checked = run_cli("check", "--as-of", AS_OF, "--format", "json", str(out))
    results = json.loads(checked.stdout)["documents"][0]["results"]
    (gov_doc,) = [r for r in results if r["control_id"] == "GOV-DOC-01"]
    assert gov_doc["status"] == "pass", gov_doc["findings"]
    # Leaving one pointer listed fails again, even though its value is set.
    out.write_text("\n".join([*lines[:start], "  gaps: [/metadata/owner]"]) + "\n")
    checked = run_cli("check", "--as-of", AS_OF, "--format", "json", str(out))
    results = json.loads(checked.stdout)["documents"][0]["results"]
    (gov_doc,) = [r for r in results if r["control_id"] == "GOV-DOC-01"]
    assert [f["path"] for f in gov_doc["findings"]] == ["/metadata/owner"]


def test_created_is_the_import_time_when_the_config_has_none(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26T00:00:00Z
    text = draft_descriptor("axolotl", str(FIXTURES / "axolotl-lora.yml"))
    created = next(line for line in text.splitlines() if line.startswith("  created:"))
    assert "2026-11-26T00:00:00Z" in created and MARK in created
    assert text == draft_descriptor("axolotl", str(FIXTURES / "axolotl-lora.yml"))


def test_secrets_in_a_config_never_reach_the_draft(tmp_path):
    token = "hf_" + "Q7x" * 12
    config = tmp_path / "secret.yml"
    config.write_text(
        "base_model: meta-llama/Llama-3.1-8B-Instruct\n"
        f"hf_token: {token}\n"
        "wandb_api_key: 4f9c1e0b7a2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e\n"
        "datasets:\n"
        f"  - path: https://ml:{token}@data.example.com/tickets.jsonl?token=abc&v=2\n"
        "    type: alpaca\n")
    result, out = import_to(tmp_path, "axolotl", config)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert token not in text and "4f9c1e0b" not in text and "token=" not in text
    assert "uri: https://data.example.com/tickets.jsonl?v=2" in text
    assert "a credential was removed" in text
    gaps = load_documents(str(out), text.encode())[0].data["x-import"]["gaps"]
    assert "/datasets/0/uri" in gaps  # the redacted value is a gap too
    checked = run_cli("check", "--as-of", AS_OF, "--format", "json", str(out))
    results = json.loads(checked.stdout)["documents"][0]["results"]
    assert {r["control_id"]: r["status"] for r in results}["DUR-ENV-02"] == "pass"


def test_llama_factory_hub_token_never_reaches_the_draft(tmp_path):
    token = "hf_" + "Zk4" * 12
    config = tmp_path / "lf.yaml"
    config.write_text((FIXTURES / "llama-factory-dpo.yaml").read_text()
                      + f"hf_hub_token: {token}\n")
    result, out = import_to(tmp_path, "llama-factory", config)
    assert result.returncode == 0, result.stderr
    assert token not in out.read_text()


@pytest.mark.parametrize(("fmt", "name", "content", "where", "says"), [
    ("axolotl", "bad.yml", "base_model: a/b\ndatasets:\n  - path: x\n    type: [\n",
     "bad.yml:5:1", "invalid YAML"),
    ("peft", "adapter_config.json", '{"peft_type": "LORA",\n  "r": 16,,\n}',
     "adapter_config.json:2:", "invalid JSON"),
    ("axolotl", "wrong.yml", "base_model: a/b\nadapter: lora\nlora_r: sixteen\n",
     "wrong.yml:3:1", "expected an integer greater than 0"),
    ("llama-factory", "wrong.yaml",
     "model_name_or_path: a/b\nlearning_rate: fast\ndo_train: true\n",
     "wrong.yaml:2:1", "expected a number greater than 0"),
    ("openai", "job.json", '{"object": "fine_tuning.job", "model": "gpt-4o-mini",\n'
     ' "hyperparameters": {"n_epochs": [3]}}', "job.json:2:22", "expected an integer"),
    ("hf-model-card", "README.md", "---\nlicense: mit\nlanguage:\n- en\n- 42\n---\n# Card\n",
     "README.md:5:3", "expected a string"),
    ("axolotl", "job.json", '{"object": "fine_tuning.job"}', "job.json:1:1",
     "not an Axolotl config: no base_model"),
    ("openai", "list.json", '{"object": "list", "data": []}', "list.json:1:2",
     "not an OpenAI fine-tuning job object"),
    ("hf-model-card", "README.md", "# A model\n\nNo front matter.\n", "README.md:1",
     "no YAML front matter"),
    ("peft", "adapter_config.json", "[1, 2]", "adapter_config.json:1:1",
     "expected a mapping of settings"),
])
def test_malformed_or_unknown_configs_exit_2_with_file_and_line(tmp_path, fmt, name, content,
                                                                where, says):
    (tmp_path / name).write_text(content)
    result = run_cli("import", fmt, name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"ftcomply: error: {where}" in result.stderr and says in result.stderr


def test_unknown_format_lists_the_formats():
    result = run_cli("import", "deepspeed", str(FIXTURES / "axolotl-lora.yml"))
    assert result.returncode == 2
    assert all(fmt in result.stderr for fmt in FORMATS)


def test_model_card_languages_that_are_not_iso_639_1_are_flagged_not_dropped(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("---\nbase_model: Qwen/Qwen2.5-7B\nlanguage:\n- en\n- pt-BR\n- yue\n"
                    "- multilingual\n---\n")
    text = draft_descriptor("hf-model-card", str(card))
    data = load_documents("d", text.encode())[0].data
    assert data["metadata"]["languages"] == ["en", "pt"]
    assert data["metadata"]["x-unmapped-languages"] == ["yue", "multilingual"]
    assert any("x-unmapped-languages" in line and MARK in line for line in text.splitlines())


def test_output_file_is_never_overwritten_without_force(tmp_path):
    source = FIXTURES / "openai-sft-job.json"
    result, out = import_to(tmp_path, "openai", source)
    assert result.returncode == 0 and f"wrote {out}" in result.stdout
    out.write_text("mine")
    again, _ = import_to(tmp_path, "openai", source)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert out.read_text() == "mine"
    forced, _ = import_to(tmp_path, "openai", source, "--force")
    assert forced.returncode == 0 and "kind: FineTuningJob" in out.read_text()


def test_stdin_and_stdout():
    result = run_cli("import", "openai", "-",
                     stdin=(FIXTURES / "openai-dpo-job.json").read_bytes())
    assert result.returncode == 0, result.stderr
    assert "source_file: <stdin>" in result.stdout
    assert "method: dpo" in result.stdout
