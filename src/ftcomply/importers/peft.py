"""PEFT `adapter_config.json` (what `PeftModel.save_pretrained` writes beside the weights).

It describes an adapter, not the job that trained it: no data, no hyperparameters of
the run. Whether the adapter is your own or downloaded, it does not say either.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from ftcomply.importers.draft import TODO, Gap
from ftcomply.importers.source import Source
from ftcomply.loader import STDIN_NAME

KIND = "a PEFT adapter_config.json"

_LORA_FAMILY = {"LORA", "ADALORA", "LOHA", "LOKR"}
_PROMPT_FAMILY = {"PREFIX_TUNING", "P_TUNING", "PROMPT_TUNING"}
_TASK_TYPES = {"SEQ_CLS": "classification", "TOKEN_CLS": "extraction"}

# Adapter settings kept under their own names in training.hyperparameters.
_HYPERPARAMETERS = {
    "lora_alpha": "number",
    "lora_dropout": "number",
    "use_rslora": "boolean",
    "use_dora": "boolean",
    "bias": "string",
    "num_virtual_tokens": "integer",
}


def read(name: str, raw: bytes) -> Source:
    return Source.parse(KIND, name, raw)


def to_descriptor(source: Source) -> dict[str, Any]:
    peft_type = source.require("/peft_type").upper()
    revision = source.string("/revision")
    directory = PurePath(source.path).parent.name if source.path != STDIN_NAME else ""
    base_model: dict[str, Any] = {}
    base_id = source.string("/base_model_name_or_path")
    if base_id:
        base_model["id"] = base_id
    if revision:
        base_model["revision"] = revision

    adapter: dict[str, Any] = {
        "name": directory or None,
        "uri": Gap(TODO, "where this adapter's weights are stored (adapter_model.safetensors)"),
        "source": Gap("third-party", "assumed downloaded, which asks for the most evidence: "
                      "set internal if your team trained it"),
    }
    if revision:
        adapter["base_model_revision"] = revision
    if peft_type in _LORA_FAMILY:
        adapter["rank"] = source.integer("/r", positive=True)
        targets = source.strings("/target_modules")
        adapter["target_modules"] = targets or None

    metadata: dict[str, Any] = {"name": directory} if directory else {}
    task_type = source.string("/task_type")
    if task_type and task_type.upper() in _TASK_TYPES:
        metadata["task_type"] = _TASK_TYPES[task_type.upper()]
    training: dict[str, Any] = {"method": _method(peft_type), "framework": "peft"}
    hyperparameters = source.settings("", _HYPERPARAMETERS)
    if hyperparameters:
        training["hyperparameters"] = hyperparameters
    return {
        "metadata": metadata,
        "base_model": base_model,
        "training": training,
        "adapters": [{key: value for key, value in adapter.items() if value is not None}],
    }


def _method(peft_type: str) -> str:
    if peft_type in _LORA_FAMILY:
        return "lora"
    if peft_type in _PROMPT_FAMILY:
        return "prefix"
    return "other"
