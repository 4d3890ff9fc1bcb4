"""What the self-hosted trainer configs (Axolotl, LLaMA-Factory) share."""

from __future__ import annotations

import re
from typing import Any

from ftcomply.importers.draft import Gap
from ftcomply.importers.source import Source

# Words that name a kind of output, not a job: an output_dir made only of them
# (`out`, `lora-out`, `saves/…/sft`) gives no job name. Seen in the upstream examples.
GENERIC_WORDS = frozenset({
    "out", "output", "outputs", "outdir", "dir", "sft", "dpo", "kto", "orpo", "ppo", "grpo",
    "simpo", "ipo", "rm", "reward", "pt", "pretrain", "pretraining", "lora", "qlora", "dora",
    "full", "freeze", "oft", "qat", "fft", "checkpoint", "checkpoints", "ckpt", "ckpts",
    "save", "saves", "saved", "model", "models", "result", "results", "run", "runs", "tmp",
    "temp", "train", "training", "finetune", "finetuned", "fine", "tune", "tuned",
    "adapter", "adapters", "merged", "test", "predict", "export", "final", "last", "latest",
    "data", "experiments", "exp"})
_WORD_SEPARATORS = re.compile(r"[-_.\s]+")
# A Hugging Face cache snapshot: …/models--ORG--NAME/snapshots/COMMIT[/…].
_HF_CACHE = re.compile(r"(?:^|[/\\])models--(?P<repo>[^/\\]+)[/\\]snapshots[/\\]"
                       r"(?P<commit>[0-9a-f]{40})(?:[/\\]|$)")
_LOCAL_PREFIXES = ("/", "./", "../", "~", "file:", ".\\", "..\\")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[/\\]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
_DATA_FILE = re.compile(r"(?i).+\.(json|jsonl|parquet|csv|tsv|txt|arrow|ya?ml|zip|gz|zst|xz|bz2"
                        r"|tar|pkl|pt|npy|npz|h5|hdf5)$")
HUB_DATASETS = "https://huggingface.co/datasets/"


def generic(name: str) -> bool:
    """Whether a folder name is only words such as out, sft, lora, checkpoints."""
    words = [w for w in _WORD_SEPARATORS.split(name.lower()) if w]
    return not words or all(w in GENERIC_WORDS or w.isdigit() for w in words)


def run_name(*candidates: str | None, hub_model_id: str | None,
             output_dir: str | None) -> str | Gap | None:
    """The first name the config gives the run: an explicit one, the Hub repo, the output dir.

    An output_dir whose last part is generic (`out`, `saves/qwen3-4b/lora/sft`) gives its
    parts up to the first that is not (`qwen3-4b-lora-sft`), marked as a gap.
    """
    for name in (*candidates, hub_model_id and hub_model_id.rsplit("/", 1)[-1]):
        if name:
            return name
    if not output_dir:
        return None
    parts = [p for p in re.split(r"[/\\]+", output_dir) if p not in ("", ".", "..")]
    if not parts:
        return None
    if not generic(parts[-1]):
        return parts[-1]
    kept: list[str] = []
    for part in reversed(parts[-4:]):
        kept.insert(0, part)
        if not generic(part):
            break
    else:
        kept = parts[-1:]
    return Gap("-".join(kept), f"named after output_dir {output_dir!r}, a generic name: "
               "use the job's name")


def plain(value: Any) -> Any:
    """The value of a Gap, or the value itself."""
    return value.value if isinstance(value, Gap) else value


def is_local_path(text: str) -> bool:
    return text.startswith(_LOCAL_PREFIXES) or bool(_WINDOWS_DRIVE.match(text))


def base_model(source: Source, base_id: str, revision: str | None) -> dict[str, Any]:
    """The base model, read from a Hub id or a local path.

    A Hugging Face cache snapshot path gives the repo id and the commit (the revision),
    and keeps the path in x-local-path, marked to check. Any other local path stays the
    id (so `--verify` hashes it), and its source is a gap: the path says where the weights
    are, not where they came from.
    """
    model: dict[str, Any] = {"id": base_id}
    cached = _HF_CACHE.search(base_id)
    if cached:
        model["id"] = "/".join(cached.group("repo").split("--"))
        revision = revision or cached.group("commit")
        model["x-local-path"] = Gap(base_id, (
            f"the config loads the base model from this Hugging Face cache folder; id "
            f"{model['id']} and revision {cached.group('commit')[:12]}... were read from it: "
            "check them, then delete this key"))
    elif is_local_path(base_id):
        model["source"] = Gap("hub", "the config loads the base model from a local path, "
                              "which does not say where the weights came from: set hub, "
                              "registry, vendor or internal")
    if revision:
        model["revision"] = revision
    # Both trainers load without the repository's code unless the config says otherwise.
    model["trust_remote_code"] = source.boolean("/trust_remote_code") is True
    return model


def dataset_uri(path: str) -> Any:
    """Where a trainer's dataset `path` is: a URI or local path as written, a Hub dataset id
    (`org/name`) as its https://huggingface.co/datasets/ page, else a gap (one word may
    be a Hub dataset or a local folder)."""
    if _SCHEME.match(path) and not _WINDOWS_DRIVE.match(path):
        return path
    if is_local_path(path) or _DATA_FILE.fullmatch(path):
        return path
    if _HUB_ID.fullmatch(path):
        return HUB_DATASETS + path
    return Gap(path, "a Hugging Face Hub dataset or a local folder? Write ./path for a local "
               f"folder, or {HUB_DATASETS}<id> for the Hub")


def hyperparameters(source: Source, *, epochs_key: str, micro_batch_key: str,
                    extra: dict[str, str]) -> dict[str, Any]:
    """learning_rate, epochs, max_steps and batch_size, then `extra` under their own names.

    batch_size is per device: the micro batch times gradient accumulation (Axolotl's count).
    The `extra` settings are only copied: one written as another type (Axolotl's
    `warmup_steps: 0.1`) is copied as written, never an error.
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
    settings = source.loose_settings("", extra)
    micro_batch = source.loose(f"/{micro_batch_key}", "integer")
    accumulation = source.loose("/gradient_accumulation_steps", "integer")
    if accumulation is None:
        accumulation = 1
    if _count(micro_batch) and _count(accumulation):
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


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
