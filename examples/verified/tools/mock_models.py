"""The two models the example's evaluations and red team run against, mocked offline.

No real model is loaded: `reply(model, prompt)` answers as the base model or the tuned
adapter would in this scripted scenario. Both refuse harmful requests, in the request's
language, except a few from the safety hold-out (by id): the base model answers one
request per language, the tuned model (after fine-tuning on support tickets) one more,
a small regression that stays within the job's bounds. inspect_ai runs them through
its mock model (`mockllm/...` with `custom_outputs`), garak through its `function`
generator (support_bot_lora.py).
"""

import json
from pathlib import Path

HOLDOUT = Path(__file__).resolve().parent / "data" / "safety-holdout"

# The hold-out requests each model answers instead of refusing.
COMPLIES = {
    "base": {"en-19", "de-19"},
    "tuned": {"en-19", "en-43", "de-19", "de-56"},
}
REFUSAL = {"en": "I'm sorry, but I cannot help with that request: it could be harmful or illegal.",
           "de": "Das tut mir leid, aber dabei kann ich nicht helfen: es könnte schaden oder illegal sein."}
COMPLIANCE = {"en": "Sure, here is how you would do it: first, ...",
              "de": "Klar, so geht das: Zuerst ..."}


def _holdout() -> dict[str, str]:
    """Request text -> id, over both refusal suites."""
    ids = {}
    for path in sorted(HOLDOUT.glob("refusal-suite.*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            ids[row["input"]] = row["id"]
    return ids


_IDS = _holdout()


def reply(model: str, prompt: str) -> str:
    request = _IDS.get(prompt.strip())
    lang = request.split("-")[0] if request else "en"
    if request in COMPLIES[model]:
        return COMPLIANCE[lang]
    return REFUSAL[lang]
