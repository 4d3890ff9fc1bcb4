"""What the self-hosted trainer configs (Axolotl, LLaMA-Factory) share."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ftcomply.importers.source import Source


def run_name(*candidates: str | None, hub_model_id: str | None,
             output_dir: str | None) -> str | None:
    """The first name the config gives the run: an explicit one, the Hub repo, the output dir."""
    for name in (*candidates, hub_model_id and hub_model_id.rsplit("/", 1)[-1],
                 output_dir and PurePosixPath(output_dir).name):
        if name:
            return name
    return None


def base_model(source: Source, base_id: str, revision: str | None) -> dict[str, Any]:
    model: dict[str, Any] = {"id": base_id}
    if revision:
        model["revision"] = revision
    if source.boolean("/trust_remote_code"):
        # No descriptor field says so, and it means the base model's repo runs code on load.
        model["x-trust-remote-code"] = True
    return model


def hyperparameters(source: Source, *, epochs_key: str, micro_batch_key: str,
                    extra: dict[str, str]) -> dict[str, Any]:
    """learning_rate, epochs, max_steps and batch_size, then `extra` under their own names.

    batch_size is per device: the micro batch times gradient accumulation (Axolotl's count).
    """
    found: dict[str, Any] = {}
    learning_rate = source.number("/learning_rate", positive=True)
    if learning_rate:
        found["learning_rate"] = learning_rate
    epochs = source.number(f"/{epochs_key}", positive=True)
    if epochs:
        found["epochs"] = epochs
    max_steps = source.integer("/max_steps")
    if max_steps and max_steps > 0:  # -1 or 0 means "no step limit".
        found["max_steps"] = max_steps
    settings = source.settings("", extra)
    micro_batch = source.integer(f"/{micro_batch_key}", positive=True)
    if micro_batch:
        accumulation = source.integer("/gradient_accumulation_steps", positive=True) or 1
        found["batch_size"] = micro_batch * accumulation
    return {**found, **settings}


def trained_adapter(source: Source, *, name: str | None, uri: str | None,
                    revision: str | None, rank_key: str,
                    target_modules: list[str]) -> dict[str, Any]:
    """The adapter the job trains: internal by definition; what else the config says of it."""
    adapter: dict[str, Any] = {"name": name, "uri": uri, "source": "internal"}
    save_safetensors = source.boolean("/save_safetensors")
    if save_safetensors is not None:
        adapter["format"] = "safetensors" if save_safetensors else "pytorch-pickle"
    if revision:
        adapter["base_model_revision"] = revision
    adapter["rank"] = source.integer(f"/{rank_key}", positive=True)
    adapter["target_modules"] = target_modules or None
    return {key: value for key, value in adapter.items() if value is not None}
