"""LLaMA-Factory YAML configs (`llamafactory-cli train config.yaml`).

Datasets are names registered in `<dataset_dir>/dataset_info.json`; the draft points
at that entry rather than reading the file (an importer reads only the config).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ftcomply.importers import trainers
from ftcomply.importers.draft import Gap
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
    if source.value("/model_name_or_path") is None and source.value("/model") is not None:
        return _v1(source)
    model_id = source.require("/model_name_or_path")
    _refuse_other_kinds(source)
    revision = source.string("/model_revision")
    base_model = trainers.base_model(source, model_id, revision)
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
            source, name=trainers.plain(name), uri=hub_model_id or output_dir, revision=revision,
            rank_key="lora_rank", target_modules=targets)]
    return descriptor


def _datasets(source: Source, pointer: str, role: str) -> list[dict[str, Any]]:
    names = source.strings(pointer, separator=",")
    directory = source.string("/dataset_dir") or "data"
    if directory == "ONLINE":  # The names are Hugging Face Hub dataset ids.
        return [{"name": name, "role": role, "uri": trainers.dataset_uri(name)}
                for name in names]
    if directory.startswith("REMOTE:"):  # dataset_info.json of a Hub dataset repository.
        registry = f"hf://datasets/{directory.removeprefix('REMOTE:').strip('/')}/dataset_info.json"
    else:
        registry = str(PurePosixPath(directory) / "dataset_info.json")
    return [{"name": name, "role": role, "uri": f"{registry}#{name}"} for name in names]


# Configs of llamafactory-cli's other commands (chat, webchat, api, export, eval): they
# share model_name_or_path with training configs, and train nothing.
def _refuse_other_kinds(source: Source) -> None:
    trains = source.value("/do_train") is True

    def refuse(kind: str, pointer: str) -> None:
        raise source.error(f"not a training config: this is {kind}, which trains nothing "
                           "(import the training config of the job)", pointer)

    if source.value("/export_dir") is not None:
        refuse("a LLaMA-Factory export (merge) config (export_dir)", "/export_dir")
    if not trains and source.value("/do_predict") is True:
        refuse("a LLaMA-Factory predict config (do_predict)", "/do_predict")
    if not trains and source.value("/do_eval") is True:
        refuse("a LLaMA-Factory evaluation config (do_eval)", "/do_eval")
    if source.value("/infer_backend") is not None:
        refuse("a LLaMA-Factory inference config (infer_backend)", "/infer_backend")
    if source.value("/do_train") is False:
        refuse("a LLaMA-Factory config with do_train: false", "/do_train")
    if not trains and source.value("/dataset") is None and source.value("/stage") is None:
        refuse("a LLaMA-Factory inference config (no do_train, stage or dataset)",
               "/model_name_or_path")


# --- LLaMA-Factory v1 (`model:`, `peft_config:`, `train_dataset:`) ---------------------------

_V1_HYPERPARAMETERS = {
    "micro_batch_size": "integer",
    "global_batch_size": "integer",
    "cutoff_len": "integer",
    "seed": "integer",
    "pref_beta": "number",
    "pref_loss": "string",
}
_V1_PEFT_SETTINGS = {"lora_alpha": "number", "lora_dropout": "number"}


def _v1(source: Source) -> dict[str, Any]:
    """A v1 config (`llamafactory-cli sft|dpo|rm config.yaml`). The stage is the command's,
    not the config's: the method says what `peft_config` trains, marked to check."""
    model_id = source.require("/model")
    peft = source.mapping("/peft_config") or {}
    if isinstance(peft.get("export_dir"), str):
        raise source.error("not a training config: this is a LLaMA-Factory v1 export (merge) "
                           "config (peft_config.export_dir), which trains nothing (import the "
                           "training config of the job)", "/peft_config/export_dir")
    if source.value("/train_dataset") is None:
        raise source.error("not a training config: a LLaMA-Factory v1 config without "
                           "train_dataset trains nothing", "/model")
    base_model = trainers.base_model(source, model_id, None)
    peft_name = (source.string("/peft_config/name") or "").lower()
    quant = source.mapping("/quant_config") or {}
    quantized = peft_name == "lora" and quant.get("quantization_bit") is not None
    tuning = {"lora": "qlora" if quantized else "lora", "freeze": "other", "": "full"}.get(
        peft_name, "other")
    method = Gap(tuning, "a LLaMA-Factory v1 config does not say the stage: "
                 "`llamafactory-cli dpo` is dpo, `rm` other; keep this for `sft`")
    output_dir = source.string("/output_dir")
    name = trainers.run_name(hub_model_id=None, output_dir=output_dir)
    hyperparameters: dict[str, Any] = {}
    learning_rate = source.number("/learning_rate", positive=True)
    if learning_rate:
        hyperparameters["learning_rate"] = learning_rate
    max_steps = source.loose("/max_steps", "integer")
    if isinstance(max_steps, int) and max_steps > 0:
        hyperparameters["max_steps"] = max_steps
    else:  # max_steps overrides the epochs when set
        epochs = source.number("/num_train_epochs", positive=True)
        if epochs:
            hyperparameters["epochs"] = epochs
    micro_batch = source.loose("/micro_batch_size", "integer")
    if isinstance(micro_batch, int) and micro_batch > 0:
        hyperparameters["batch_size"] = micro_batch
    hyperparameters.update(source.loose_settings("", _V1_HYPERPARAMETERS))
    hyperparameters.update(source.loose_settings("/peft_config", _V1_PEFT_SETTINGS))
    if quantized:
        hyperparameters["quantization_bit"] = source.loose("/quant_config/quantization_bit",
                                                           "integer")
    training: dict[str, Any] = {"method": method, "framework": "llama-factory"}
    if hyperparameters:
        training["hyperparameters"] = hyperparameters
    descriptor: dict[str, Any] = {
        "metadata": {"name": name} if name else {},
        "base_model": base_model,
        "datasets": [*_v1_dataset(source, "/train_dataset", "train"),
                     *_v1_dataset(source, "/eval_dataset", "validation")],
        "training": training,
    }
    if peft_name == "lora":
        targets = ["all-linear" if t == "all" else t
                   for t in source.strings("/peft_config/target_modules")]
        adapter = trainers.trained_adapter(
            source, name=trainers.plain(name), uri=output_dir, revision=None,
            rank_key="peft_config/r", target_modules=targets)
        descriptor["adapters"] = [adapter]
    return descriptor


def _v1_dataset(source: Source, pointer: str, role: str) -> list[dict[str, Any]]:
    """v1's train_dataset: a dataset YAML (local, or on the Hub), a local path or a Hub id."""
    path = source.string(pointer)
    if path is None:
        return []
    name = PurePosixPath(path).stem if trainers.is_local_path(path) or path.endswith(
        (".yaml", ".yml")) else path
    return [{"name": name or path, "role": role, "uri": trainers.dataset_uri(path)}]
