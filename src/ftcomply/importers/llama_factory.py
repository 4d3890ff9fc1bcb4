"""LLaMA-Factory YAML configs (`llamafactory-cli train config.yaml`).

Datasets are names registered in `<dataset_dir>/dataset_info.json`; the draft points
at that entry rather than reading the file (an importer reads only the config).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ftcomply.importers import trainers
from ftcomply.importers.source import Source

KIND = "a LLaMA-Factory config"

# stage → method when the stage decides it; for sft and pt, finetuning_type decides.
_STAGE_METHODS = {"dpo": "dpo", "kto": "dpo", "ppo": "rlhf", "rm": "other"}
_TUNING_METHODS = {"lora": "lora", "full": "full", "freeze": "other", "oft": "other"}

# Settings kept under their own names in training.hyperparameters.
_HYPERPARAMETERS = {
    "per_device_train_batch_size": "integer",
    "gradient_accumulation_steps": "integer",
    "lr_scheduler_type": "string",
    "warmup_ratio": "number",
    "warmup_steps": "integer",
    "weight_decay": "number",
    "cutoff_len": "integer",
    "max_samples": "integer",
    "val_size": "number",
    "seed": "integer",
    "quantization_bit": "integer",
    "lora_alpha": "number",
    "lora_dropout": "number",
    "use_dora": "boolean",
    "pref_beta": "number",
    "pref_loss": "string",
}


def read(name: str, raw: bytes) -> Source:
    return Source.parse(KIND, name, raw)


def to_descriptor(source: Source) -> dict[str, Any]:
    revision = source.string("/model_revision")
    base_model = trainers.base_model(source, source.require("/model_name_or_path"), revision)
    # LLaMA-Factory's defaults decide the method when the config leaves these out.
    stage = (source.string("/stage") or "sft").lower()
    finetuning_type = (source.string("/finetuning_type") or "lora").lower()
    quantized = source.integer("/quantization_bit") is not None
    method = _STAGE_METHODS.get(stage) or (
        "qlora" if finetuning_type == "lora" and quantized
        else _TUNING_METHODS.get(finetuning_type, "other"))
    hub_model_id = source.string("/hub_model_id")
    output_dir = source.string("/output_dir")
    name = trainers.run_name(source.string("/run_name"), hub_model_id=hub_model_id,
                             output_dir=output_dir)
    training: dict[str, Any] = {"method": method, "framework": "llama-factory"}
    hyperparameters = trainers.hyperparameters(
        source, epochs_key="num_train_epochs", micro_batch_key="per_device_train_batch_size",
        extra=_HYPERPARAMETERS)
    if hyperparameters:
        training["hyperparameters"] = hyperparameters
    descriptor: dict[str, Any] = {
        "metadata": {"name": name} if name else {},
        "base_model": base_model,
        "datasets": [*_datasets(source, "/dataset", "train"),
                     *_datasets(source, "/eval_dataset", "validation")],
        "training": training,
    }
    if finetuning_type == "lora":
        # LLaMA-Factory's "all" is PEFT's "all-linear": every linear layer.
        targets = ["all-linear" if t == "all" else t
                   for t in source.strings("/lora_target", separator=",")]
        descriptor["adapters"] = [trainers.trained_adapter(
            source, name=name, uri=hub_model_id or output_dir, revision=revision,
            rank_key="lora_rank", target_modules=targets)]
    return descriptor


def _datasets(source: Source, pointer: str, role: str) -> list[dict[str, Any]]:
    names = source.strings(pointer, separator=",")
    directory = source.string("/dataset_dir") or "data"
    if directory == "ONLINE":  # The names are Hugging Face Hub dataset ids.
        return [{"name": name, "role": role, "uri": name} for name in names]
    registry = str(PurePosixPath(directory) / "dataset_info.json")
    return [{"name": name, "role": role, "uri": f"{registry}#{name}"} for name in names]
