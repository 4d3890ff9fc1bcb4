"""`ftcomply import` on real upstream configs (LLaMA-Factory, Axolotl) and Croissant cards.

Every input here is a file from its project's repository, unchanged (see the READMEs
beside the fixtures); variants are made in tmp_path from a real file, one key changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import AS_OF, ROOT, run_cli

from ftcomply.importers import draft_descriptor
from ftcomply.loader import load_documents

UPSTREAM = ROOT / "tests" / "fixtures" / "importers" / "upstream"
CARDS = ROOT / "tests" / "fixtures" / "croissant"
LF = UPSTREAM / "llama-factory"
AX = UPSTREAM / "axolotl"
MARK = "TODO(ftcomply)"


def draft(fmt: str, path: Path) -> dict:
    (document,) = load_documents("draft", draft_descriptor(fmt, str(path)).encode())
    return document.data


def at(data, pointer: str):
    for token in pointer.split("/")[1:]:
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def gaps(data: dict) -> list[str]:
    return data["x-import"]["gaps"]


# --- LLaMA-Factory -------------------------------------------------------------------------

def test_llama_factory_v1_lora_config_is_drafted():
    data = draft("llama-factory", LF / "v1__train_lora__train_lora_sft.yaml")
    assert data["base_model"]["id"] == "Qwen/Qwen3-4B"
    assert data["datasets"] == [{"name": "v1_sft_demo", "role": "train",
                                 "uri": "data/v1_sft_demo.yaml"}]
    assert data["training"]["method"] == "lora"
    assert "/training/method" in gaps(data)  # the stage is llamafactory-cli's command
    hyper = data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == 1.0e-4 and hyper["max_steps"] == 10
    assert hyper["lora_alpha"] == 32 and hyper["cutoff_len"] == 2048
    (adapter,) = data["adapters"]
    assert adapter["rank"] == 16 and adapter["target_modules"] == ["all-linear"]
    assert adapter["uri"] == "./outputs/test_lora" and adapter["source"] == "internal"


def test_llama_factory_v1_quantized_lora_is_qlora():
    data = draft("llama-factory", LF / "v1__train_qlora__quantization.yaml")
    assert data["training"]["method"] == "qlora"
    assert data["training"]["hyperparameters"]["quantization_bit"] == 4


def line_of(path: Path, key: str) -> int:
    lines = path.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:"))


@pytest.mark.parametrize(("fixture", "key", "kind"), [
    ("inference__qwen3_lora_sft.yaml", "infer_backend", "inference config"),
    ("merge_lora__qwen3_lora_sft.yaml", "export_dir", "export (merge) config"),
    ("extras__nlg_eval__llama3_lora_predict.yaml", "do_predict", "predict config"),
    ("v1__train_lora__export_lora.yaml", "export_dir", "v1 export (merge) config"),
])
def test_configs_that_train_nothing_are_refused_naming_their_kind(fixture, key, kind):
    result = run_cli("import", "llama-factory", str(LF / fixture))
    assert result.returncode == 2 and result.stdout == ""
    where = f"{LF / fixture}:{line_of(LF / fixture, key)}:"
    assert f"ftcomply: error: {where}" in result.stderr, result.stderr
    assert f"not a training config: this is a LLaMA-Factory {kind}" in result.stderr


def test_a_generic_output_dir_names_the_job_from_its_parts_and_is_a_gap():
    data = draft("llama-factory", LF / "train_lora__qwen3_lora_sft.yaml")
    assert data["metadata"]["name"] == "qwen3-4b-lora-sft"  # saves/qwen3-4b/lora/sft
    assert "/metadata/name" in gaps(data)
    assert data["adapters"][0]["name"] == "qwen3-4b-lora-sft"
    assert "/adapters/0/name" not in gaps(data)


def test_remote_dataset_dir_is_a_hub_location():
    data = draft("llama-factory", LF / "train_lora__qwen3_lora_sft_ray.yaml")
    assert [d["uri"] for d in data["datasets"]] == [
        "hf://datasets/llamafactory/demo_data/dataset_info.json#identity",
        "hf://datasets/llamafactory/demo_data/dataset_info.json#alpaca_en_demo"]
    assert data["metadata"]["name"] == "tmp_dir" and "/metadata/name" in gaps(data)


def test_format_names_are_case_insensitive():
    for fmt in ("LLaMA-Factory", "llama_factory", "LlamaFactory"):
        result = run_cli("import", fmt, str(LF / "train_lora__qwen3_lora_sft.yaml"))
        assert result.returncode == 0, result.stderr
        assert "format: llama-factory" in result.stdout
    assert run_cli("import", "Axolotl", str(AX / "streaming__pretrain.yaml")).returncode == 0


# --- Axolotl -------------------------------------------------------------------------------

def test_a_float_warmup_steps_never_blocks_the_draft():
    data = draft("axolotl", AX / "llama-3__diffusion__sft-1b.yaml")
    hyper = data["training"]["hyperparameters"]
    assert hyper["warmup_steps"] == 0.1  # copied as written
    assert hyper["batch_size"] == 16 and hyper["learning_rate"] == 1e-5
    assert data["datasets"][0]["uri"] == "https://huggingface.co/datasets/teknium/GPT4-LLM-Cleaned"
    assert data["metadata"]["name"] == "model-out" and "/metadata/name" in gaps(data)


def test_pretraining_dataset_is_a_training_dataset():
    data = draft("axolotl", AX / "streaming__pretrain.yaml")
    (dataset,) = data["datasets"]
    assert dataset["name"] == "HuggingFaceFW/fineweb-edu (sample-10BT)"
    assert dataset["uri"] == "https://huggingface.co/datasets/HuggingFaceFW/fineweb-edu"
    assert dataset["role"] == "train" and dataset["x-axolotl"]["pretraining"] is True
    assert data["metadata"]["name"] == "smollm2-135m-pretrain-streaming"
    assert "/metadata/name" not in gaps(data)


def test_lora_out_is_a_generic_name():
    data = draft("axolotl", AX / "archived__tiny-llama__lora.yml")
    assert data["metadata"]["name"] == "lora-out" and "/metadata/name" in gaps(data)
    assert data["adapters"][0]["uri"] == "./outputs/lora-out"


def with_base_model(tmp_path: Path, base_model: str) -> Path:
    config = tmp_path / "config.yml"
    text = (AX / "archived__tiny-llama__lora.yml").read_text()
    config.write_text(text.replace("base_model: TinyLlama/TinyLlama_v1.1",
                                   f"base_model: {base_model}", 1))
    return config


def test_a_hugging_face_cache_path_gives_repo_id_and_commit(tmp_path):
    commit = "3c1d2e4fa9b1c0d2e4f6a8b0c2d4e6f8a0b2c4d6"
    cache = f"/home/u/.cache/huggingface/hub/models--TinyLlama--TinyLlama_v1.1/snapshots/{commit}"
    data = draft("axolotl", with_base_model(tmp_path, cache))
    model = data["base_model"]
    assert model["id"] == "TinyLlama/TinyLlama_v1.1" and model["revision"] == commit
    assert model["x-local-path"] == cache and "/base_model/x-local-path" in gaps(data)


def test_a_local_base_model_path_stays_a_path(tmp_path):
    data = draft("axolotl", with_base_model(tmp_path, "/data/models/tinyllama"))
    assert data["base_model"]["id"] == "/data/models/tinyllama"
    assert "/base_model/source" in gaps(data)
    text = draft_descriptor("axolotl", str(with_base_model(tmp_path, "./tinyllama")))
    assert "from a local path" in text


def test_verify_reports_hub_datasets_as_remote_not_missing(tmp_path):
    out = tmp_path / "draft.yaml"
    assert run_cli("import", "axolotl", str(AX / "llama-3__diffusion__sft-1b.yaml"),
                   "-o", str(out)).returncode == 0
    result = run_cli("check", "--verify", "--as-of", AS_OF, "--format", "json", str(out))
    report = json.loads(result.stdout)
    (document,) = report["documents"]
    text = json.dumps(document)
    assert "teknium/GPT4-LLM-Cleaned" in text
    supply = next(r for r in document["results"] if r["control_id"] == "PRE-SUPPLY-02")
    assert not any("/datasets/0" in f["message"] and "missing" in f["message"]
                   for f in supply["findings"]), supply["findings"]


# --- Croissant -----------------------------------------------------------------------------

def test_croissant_card_with_one_digested_file():
    data = draft("croissant", CARDS / "1.0-simple-parquet.json")
    (dataset,) = data["datasets"]
    assert dataset["name"] == "simple-parquet"
    assert dataset["uri"] == "data/dataframe.parquet" and "/datasets/0/uri" in gaps(data)
    assert dataset["sha256"] == "ac97b111a16d2b29cd2ea006a50d6c286cb7e05f89d942192b6d8df0b4198121"
    assert dataset["license"] == "CC-BY-4.0"
    assert dataset["provenance"]["source_url"] == "https://mlcommons.org"
    assert dataset["classification"] == "personal" and "/datasets/0/classification" in gaps(data)
    assert {"/datasets/0/role", "/datasets/0/provenance/origin"} <= set(gaps(data))
    assert data["x-import"]["format"] == "croissant"


def test_croissant_personal_data_licence_other_and_unusable_digest():
    data = draft("croissant", CARDS / "1.0-bigcode-the-stack.json")
    (dataset,) = data["datasets"]
    assert dataset["uri"] == "https://huggingface.co/datasets/bigcode/the-stack"
    assert "sha256" not in dataset  # the card's sha256 is a URL
    assert dataset["license"] == "other" and "/datasets/0/license" in gaps(data)
    facts = dataset["x-croissant"]
    assert facts["personal_sensitive_information"][0].startswith(
        "The released dataset may contain sensitive information")
    assert facts["data_collection_type"] == ["Web Scraping", "Others"]
    assert facts["files"][0]["sha256"] == "TODO"
    assert "/datasets/0/x-croissant/files/0/sha256" in gaps(data)
    assert dataset["provenance"]["curator"] == "Harm de Vries, Leandro von Werra"
    text = draft_descriptor("croissant", str(CARDS / "1.0-bigcode-the-stack.json"))
    assert "the card describes personal or sensitive information" in text


def test_croissant_md5_only_is_a_gap():
    data = draft("croissant", CARDS / "1.0-world-happiness.json")
    (dataset,) = data["datasets"]
    assert dataset["license"] == "CC0-1.0" and "sha256" not in dataset
    assert "/datasets/0/x-croissant/files/0/sha256" in gaps(data)
    text = draft_descriptor("croissant", str(CARDS / "1.0-world-happiness.json"))
    assert "gives only an md5" in text


def test_croissant_1_1_card():
    data = draft("croissant", CARDS / "1.1-commoncrawl-CC-MAIN-2025-43-draft.json")
    (dataset,) = data["datasets"]
    assert dataset["uri"] == "https://data.commoncrawl.org/crawl-data/CC-MAIN-2025-43/index.html"
    assert dataset["license"] == "https://commoncrawl.org/terms-of-use"
    assert "/datasets/0/license" in gaps(data)
    facts = dataset["x-croissant"]
    assert facts["conforms_to"] == "http://mlcommons.org/croissant/1.1"
    assert facts["date_published"] == "2025-10-19T01:06:58Z"
    assert len(facts["files"]) == 8 and all(len(f["sha256"]) == 64 for f in facts["files"])
    assert dataset["provenance"]["curator"] == "The Common Crawl Foundation"
    squad = draft("croissant", CARDS / "1.1-huggingface-squad_v2.json")
    assert squad["datasets"][0]["license"] == "CC-BY-SA-4.0"
    assert "/datasets/0/license" not in gaps(squad)


def test_croissant_drafts_are_checked_and_owe_evidence(tmp_path):
    out = tmp_path / "draft.yaml"
    assert run_cli("import", "croissant", str(CARDS / "1.0-dices-350.json"),
                   "-o", str(out)).returncode == 0
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", str(out))
    assert result.returncode == 1, result.stderr
    results = json.loads(result.stdout)["documents"][0]["results"]
    gov = next(r for r in results if r["control_id"] == "GOV-DOC-01")
    assert gov["status"] == "fail"


def test_a_file_that_is_no_croissant_card_is_refused():
    other = ROOT / "tests" / "fixtures" / "importers" / "openai-sft-job.json"
    result = run_cli("import", "croissant", str(other))
    assert result.returncode == 2
    assert "not a Croissant dataset card" in result.stderr and f"{other}:1" in result.stderr
