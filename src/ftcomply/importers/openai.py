"""OpenAI fine-tuning job objects (`fine_tuning.job`, as the API returns them) in JSON.

A managed job: the vendor holds the weights, so the base model's source is `vendor`
and its dated snapshot name is its pinned revision. Training files are named by their
file ids. Hyperparameters the API chose (`"auto"`) are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ftcomply.importers.source import Source

KIND = "an OpenAI fine-tuning job object"

_OBJECT = "fine_tuning.job"
# Supervised fine-tuning does not say whether all weights or an adapter are trained.
_METHODS = {"supervised": "other", "dpo": "dpo", "reinforcement": "rlhf"}
_SNAPSHOT = re.compile(r".*-(\d{4}-\d{2}-\d{2})")
_HYPERPARAMETERS = {"learning_rate_multiplier": "number", "beta": "number",
                    "compute_multiplier": "number", "eval_interval": "integer",
                    "eval_samples": "integer", "reasoning_effort": "string"}


def read(name: str, raw: bytes) -> Source:
    source = Source.parse(KIND, name, raw)
    kind = source.value("/object")
    if kind != _OBJECT:
        where = "/object" if kind is not None else ""
        raise source.error(f"not {KIND}: object is {kind!r}, not {_OBJECT!r}"
                           if kind is not None else f"not {KIND}: no object {_OBJECT!r}",
                           where)
    return source


def to_descriptor(source: Source) -> dict[str, Any]:
    model = source.require("/model")
    base_model: dict[str, Any] = {"id": model, "source": "vendor"}
    snapshot = _SNAPSHOT.fullmatch(model)
    if snapshot:
        base_model["revision"] = snapshot.group(1)
    source.mapping("/method")
    method_type = (source.string("/method/type") or "supervised").lower()
    training: dict[str, Any] = {"method": _METHODS.get(method_type, "other"),
                                "framework": "openai", "provider": "managed-api"}
    hyperparameters = _hyperparameters(source, method_type)
    if hyperparameters:
        training["hyperparameters"] = hyperparameters

    metadata: dict[str, Any] = {}
    name = (source.string("/user_provided_suffix") or source.string("/suffix")
            or source.string("/id"))
    if name:
        metadata["name"] = name
    created_at = source.integer("/created_at", positive=True)
    if created_at:
        metadata["created"] = _rfc3339(source, created_at)
    datasets = [{"name": file_id, "role": role, "uri": file_id}
                for role, key in (("train", "/training_file"), ("validation", "/validation_file"))
                if (file_id := source.string(key))]
    job = {key: value for key in ("id", "status", "fine_tuned_model", "organization_id")
           if (value := source.string(f"/{key}"))}
    descriptor: dict[str, Any] = {"metadata": metadata, "base_model": base_model,
                                  "datasets": datasets, "training": training}
    if job:
        # Facts of the managed job that no descriptor field holds.
        descriptor["x-openai"] = job
    return descriptor


def _hyperparameters(source: Source, method_type: str) -> dict[str, Any]:
    # Newer jobs nest them under method.<type>; older ones have them at the top level.
    pointer = f"/method/{method_type}/hyperparameters"
    if source.mapping(pointer) is None:
        pointer = "/hyperparameters"
        source.mapping(pointer)
    found: dict[str, Any] = {}
    epochs = _unless_auto(source, f"{pointer}/n_epochs", "integer")
    if epochs:
        found["epochs"] = epochs
    batch_size = _unless_auto(source, f"{pointer}/batch_size", "integer")
    if batch_size:
        found["batch_size"] = batch_size
    for key, kind in _HYPERPARAMETERS.items():
        value = _unless_auto(source, f"{pointer}/{key}", kind)
        if value is not None:
            found[key] = value
    seed = source.integer("/seed")
    if seed is not None:
        found["seed"] = seed
    return found


def _unless_auto(source: Source, pointer: str, kind: str) -> Any:
    """The value, or None when the API was left to choose it ("auto")."""
    if source.value(pointer) == "auto":
        return None
    value = source.typed(pointer, kind)
    if kind != "string" and value is not None and value <= 0:
        article = "an" if kind == "integer" else "a"
        raise source.error(f"expected {article} {kind} greater than 0 or \"auto\", got {value}",
                           pointer)
    return value


def _rfc3339(source: Source, seconds: int) -> str:
    try:
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise source.error(f"created_at {seconds} is not a Unix time", "/created_at") from None
    return moment.isoformat().replace("+00:00", "Z")
