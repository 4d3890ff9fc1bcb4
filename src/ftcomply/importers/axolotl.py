"""Axolotl YAML configs (https://docs.axolotl.ai/docs/config-reference.html)."""

from __future__ import annotations

from typing import Any

from ftcomply.errors import FtcomplyError
from ftcomply.importers import trainers
from ftcomply.importers.source import Source

KIND = "an Axolotl config"

# `rl:` trainers: preference optimisation is "dpo" in the descriptor, RL with rewards "rlhf".
_RL_METHODS = {"dpo": "dpo", "ipo": "dpo", "kto": "dpo", "orpo": "dpo", "simpo": "dpo",
               "grpo": "rlhf"}
_ADAPTER_METHODS = {"lora": "lora", "qlora": "qlora"}

# Settings kept under their own names in training.hyperparameters.
_HYPERPARAMETERS = {
    "micro_batch_size": "integer",
    "gradient_accumulation_steps": "integer",
    "optimizer": "string",
    "lr_scheduler": "string",
    "warmup_steps": "integer",
    "warmup_ratio": "number",
    "weight_decay": "number",
    "sequence_len": "integer",
    "sample_packing": "boolean",
    "val_set_size": "number",
    "seed": "integer",
    "load_in_8bit": "boolean",
    "load_in_4bit": "boolean",
    "lora_alpha": "number",
    "lora_dropout": "number",
    "peft_use_dora": "boolean",
    "rl_beta": "number",
    "dpo_beta": "number",
}
# What a dataset entry says beyond its path, kept under x-axolotl.
_DATASET_SETTINGS = {"name": "string", "split": "string", "ds_type": "string",
                     "revision": "string"}


def read(name: str, raw: bytes) -> Source:
    return Source.parse(KIND, name, raw)


def to_descriptor(source: Source) -> dict[str, Any]:
    revision = _revision(source)
    base_model = trainers.base_model(source, source.require("/base_model"), revision)
    config_repository = source.string("/base_model_config")
    if config_repository and config_repository != base_model["id"]:
        base_model["x-config-repository"] = config_repository
    adapter = source.string("/adapter")
    hub_model_id = source.string("/hub_model_id")
    output_dir = source.string("/output_dir")
    name = trainers.run_name(source.string("/wandb_name"), hub_model_id=hub_model_id,
                             output_dir=output_dir)
    training: dict[str, Any] = {"method": _method(source, adapter), "framework": "axolotl"}
    hyperparameters = trainers.hyperparameters(
        source, epochs_key="num_epochs", micro_batch_key="micro_batch_size",
        extra=_HYPERPARAMETERS)
    total = source.integer("/batch_size", positive=True)  # Axolotl's own count, set by hand.
    if total:
        hyperparameters["batch_size"] = total
    if hyperparameters:
        training["hyperparameters"] = hyperparameters
    descriptor: dict[str, Any] = {
        "metadata": {"name": name} if name else {},
        "base_model": base_model,
        "datasets": [*_datasets(source, "/datasets", "train"),
                     *_datasets(source, "/pretraining_dataset", "train", pretraining=True),
                     *_datasets(source, "/test_datasets", "validation")],
        "training": training,
    }
    if adapter and adapter.lower() in _ADAPTER_METHODS:
        targets = source.strings("/lora_target_modules")
        if not targets and source.boolean("/lora_target_linear"):
            targets = ["all-linear"]  # PEFT's name for "every linear layer".
        descriptor["adapters"] = [trainers.trained_adapter(
            source, name=trainers.plain(name), uri=hub_model_id or output_dir, revision=revision,
            rank_key="lora_r", target_modules=targets)]
    return descriptor


def _revision(source: Source) -> str | None:
    # `model_revision` is the documented key; `revision_of_model` its name inside Axolotl.
    revision = source.string("/model_revision")
    other = source.string("/revision_of_model")
    if revision and other and revision != other:
        raise source.error("model_revision and revision_of_model disagree; set one",
                           "/revision_of_model")
    return revision or other


def _method(source: Source, adapter: str | None) -> str:
    rl = source.value("/rl")
    if rl is True:  # Older Axolotl: `rl: true` meant DPO.
        return "dpo"
    if rl is not False and (trainer := source.string("/rl")):
        return _RL_METHODS.get(trainer.lower(), "other")
    if source.boolean("/reward_model") or source.boolean("/process_reward_model"):
        return "other"
    if adapter:
        return _ADAPTER_METHODS.get(adapter.lower(), "other")
    return "full"


def _datasets(source: Source, pointer: str, role: str,
              pretraining: bool = False) -> list[dict[str, Any]]:
    """Dataset entries; `pretraining_dataset` (streamed pre-training data) may also be one
    path or one mapping rather than a list."""
    value = source.value(pointer)
    if pretraining and isinstance(value, str) and value.strip():
        return [{"name": value.strip(), "role": role, "uri": trainers.dataset_uri(value.strip()),
                 "x-axolotl": {"pretraining": True}}]
    items = [pointer] if pretraining and isinstance(value, dict) else source.items(pointer)
    datasets = []
    for item in items:
        path = source.string(f"{item}/path")
        if path is None:
            raise source.error("a dataset entry needs a path", item)
        settings = source.loose_settings(item, _DATASET_SETTINGS)
        if pretraining:
            settings["pretraining"] = True
        prompt_format = source.value(f"{item}/type")
        if isinstance(prompt_format, str):  # A mapping is a user-defined prompt format.
            settings["type"] = prompt_format
        try:
            data_files = source.strings(f"{item}/data_files")
        except FtcomplyError:  # only copied: never blocks the draft
            data_files = []
        if data_files:
            settings["data_files"] = data_files
        subset = settings.get("name")
        dataset: dict[str, Any] = {"name": f"{path} ({subset})" if subset else path,
                                   "role": role, "uri": trainers.dataset_uri(path)}
        if settings:
            dataset["x-axolotl"] = settings
        datasets.append(dataset)
    return datasets
