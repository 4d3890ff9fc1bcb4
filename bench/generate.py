"""Realistic, varied fine-tuning job descriptors for the benchmarks.

    python bench/generate.py OUTDIR --count N --seed S [--check]

Writes N descriptors (documents) under OUTDIR, one sub-directory per owning
team, shaped like `examples/*.yaml`: block-style YAML with unquoted
timestamps and flow-style language lists, so that parsing costs what it costs
on real files. The default mix, per file: 92% one YAML document, 5% JSON,
3% YAML files holding 2 or 3 documents (`---`).

Each descriptor starts fully evidenced for its risk tier (low 30%, medium
35%, high 35%); 60% then get 1 to 5 pieces of evidence removed or broken,
each aimed at a control that applies to the tier, so about 40% pass. Jobs
have 1 to 20 datasets (weighted towards small counts), 0 to 3 adapters (LoRA
and QLoRA jobs), safety evaluations, most a deployment (agents with tools),
and the approvals their tier needs; the mean document is about 6 KB, like
`examples/compliant-high-lora.yaml`.

Document i depends only on (seed, i) and the file layout only on (seed, N):
the same arguments always write the same bytes. `OUTDIR/manifest.tsv` (not a
descriptor suffix, so `ftcomply check OUTDIR` skips it) lists every document
with its intended outcome. `--check` validates every document against the
descriptor schema, checks that the loader reads back exactly what was
generated, and checks the corpus in process to report the measured pass share.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

AS_OF = "2026-11-26T00:00:00Z"  # the evaluation time the corpus is built for
TIERS = ("low", "medium", "high")
TIER_WEIGHTS = (30, 35, 35)
FAILING_SHARE = 0.6
JSON_SHARE = 0.05
MULTI_SHARE = 0.03
# Datasets per job: 1..20, weighted towards small counts (mean about 3).
DATASET_COUNTS = range(1, 21)
DATASET_WEIGHTS = [1 / k**1.6 for k in DATASET_COUNTS]
# Roles each tier needs to sign off (the catalog's default `required_approvals`).
REQUIRED_APPROVALS = {
    "low": ["model-owner"],
    "medium": ["security", "model-owner"],
    "high": ["security", "data-owner", "model-owner"],
}
MANIFEST = "manifest.tsv"
_AS_OF_DAY = dt.datetime(2026, 11, 26)

TEAMS = ("support", "search", "growth", "legal", "risk", "platform", "health", "finance",
         "hr", "devtools", "trust-safety", "localization")
PRODUCTS = {
    "chat": ("support-bot", "hr-helpdesk", "travel-concierge", "it-helpdesk", "tutor"),
    "classification": ("intent-classifier", "ticket-router", "toxicity-filter", "spam-triage"),
    "code": ("code-assistant", "sql-copilot", "test-writer", "refactor-bot"),
    "agent": ("sales-agent", "refund-agent", "ops-agent", "procurement-agent"),
    "extraction": ("claims-extractor", "invoice-parser", "contract-fields", "resume-parser"),
    "other": ("summarizer", "translator", "doc-rewriter"),
}
TASK_WEIGHTS = {"chat": 30, "classification": 15, "code": 15, "agent": 15, "extraction": 15,
                "other": 10}
BASE_MODELS = (
    ("meta-llama/Llama-3.1-8B-Instruct", "hub", "llama3.1"),
    ("meta-llama/Llama-3.1-70B-Instruct", "hub", "llama3.1"),
    ("mistralai/Mistral-7B-Instruct-v0.3", "hub", "Apache-2.0"),
    ("Qwen/Qwen2.5-7B-Instruct", "hub", "Apache-2.0"),
    ("google/gemma-2-9b-it", "hub", "gemma"),
    ("internal/intent-base-1b", "internal", "proprietary"),
    ("registry/llama-3.1-8b-approved", "registry", "llama3.1"),
    ("acme/acme-13b-chat", "vendor", "acme-commercial-1.2"),
)
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ja", "ko", "zh", "pl", "sv")
PUBLIC_LICENSES = ("Apache-2.0", "CC-BY-4.0", "MIT", "CC-BY-SA-4.0", "ODC-By-1.0", "CC0-1.0")
DEFENSES = ("safe-lora", "vaccine", "lisa", "booster", "salora", "safety-mix")
SAFETY_BENCHMARKS = ("harmbench", "advbench", "strongreject", "xstest", "sorry-bench",
                     "do-not-answer", "beavertails")
MULTILINGUAL_BENCHMARKS = ("multijail", "xsafety")
PEOPLE = ("priya.raman", "dana.okafor", "tomas.berg", "lee.marsh", "rita.voss", "sam.idowu",
          "alex.kim", "noor.haddad", "jonas.weber", "mei.tanaka", "ana.silva", "omar.farouk")
TOOLS = ("send_email", "crm_lookup", "issue_refund", "run_query", "create_ticket",
         "web_search", "delete_record", "schedule_meeting")
SCOPES = ("read", "write", "execute", "network", "payments", "delete")


@dataclass(frozen=True)
class Plan:
    """What one generated document is meant to show.

    `broken` names the controls its mutations aim at (empty: fully evidenced).
    """

    name: str
    risk_tier: str
    broken: tuple[str, ...]

    @property
    def expected(self) -> str:
        return "fail" if self.broken else "pass"


@dataclass(frozen=True)
class WrittenFile:
    """One file of the corpus: its path relative to OUTDIR and its documents."""

    path: str
    format: str  # "yaml", "json" or "multi"
    plans: tuple[Plan, ...]
    size: int


# --- values -----------------------------------------------------------------------------


def _hex(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def _digest(rng: random.Random) -> str:
    return _hex(rng, 64)


def _moment(rng: random.Random, earliest_day: int, latest_day: int) -> str:
    """An RFC 3339 UTC time `earliest_day`..`latest_day` days before AS_OF (2026-11-26)."""
    moment = _AS_OF_DAY - dt.timedelta(days=rng.randint(latest_day, earliest_day))
    return (f"{moment:%Y-%m-%d}T{rng.randint(6, 20):02d}:"
            f"{rng.choice((0, 15, 30, 45)):02d}:00Z")


def _date(rng: random.Random, earliest_day: int, latest_day: int) -> str:
    return _moment(rng, earliest_day, latest_day)[:10]


def _email(rng: random.Random) -> str:
    return f"{rng.choice(PEOPLE)}@example.com"


def _pick_languages(rng: random.Random, pool: list[str], most: int) -> list[str]:
    count = min(len(pool), rng.choice([1, 1, 1, 2, 2, most]))
    chosen = set(rng.sample(pool, count))
    return [code for code in pool if code in chosen]


# --- a fully evidenced descriptor --------------------------------------------------------


def _base_model(rng: random.Random, tier: str) -> dict[str, Any]:
    model_id, source, license_id = rng.choice(BASE_MODELS)
    revision = _hex(rng, 40) if source == "hub" else f"v{rng.randint(1, 4)}.{rng.randint(0, 9)}.0"
    model: dict[str, Any] = {
        "id": model_id,
        "source": source,
        "revision": revision,
        "sha256": _digest(rng),
        "format": rng.choice(("safetensors", "safetensors", "safetensors", "gguf")),
        "license": license_id,
        "safety_aligned": True,
        "model_card_reviewed": True,
        "trust_remote_code": False,
    }
    if tier != "low" or rng.random() < 0.5:
        model["signature"] = {"method": "sigstore", "verified": True,
                              "identity": f"releases@{model_id.split('/')[0].lower()}.example"}
    return model


def _scan(rng: random.Random, tool: str, version: str) -> dict[str, Any]:
    return {"tool": tool, "tool_version": version, "run_at": _moment(rng, 60, 2)}


def _dataset(rng: random.Random, index: int, role: str, languages: list[str],
             personal: bool, agent: bool, team: str) -> dict[str, Any]:
    origin = rng.choices(("internal", "public", "vendor", "synthetic", "user-upload"),
                         (45, 25, 10, 10, 10))[0]
    stem = f"{team}-{rng.choice(('tickets', 'chats', 'docs', 'qa', 'logs', 'pairs', 'corpus'))}"
    name = f"{stem}-{index}-{_hex(rng, 4)}"
    if origin == "public":
        classification = "public"
    elif personal and role == "train":
        classification = "personal"
    else:
        classification = rng.choice(("internal", "internal", "confidential"))
    dataset: dict[str, Any] = {
        "name": name,
        "role": role,
        "uri": f"s3://ml-data/{team}/{name}.jsonl",
        "sha256": _digest(rng),
        "records": rng.randint(500, 250_000),
        "license": "proprietary" if origin == "internal" else rng.choice(PUBLIC_LICENSES),
        "languages": _pick_languages(rng, languages, len(languages)),
        "classification": classification,
    }
    provenance: dict[str, Any] = {"origin": origin}
    if origin in ("public", "vendor", "user-upload"):
        provenance["source_url"] = f"https://data.example.org/{origin}/{name}"
    provenance["collected_at"] = _date(rng, 150, 45)
    provenance["curator"] = f"{team}-data-team"
    if origin in ("public", "user-upload") or rng.random() < 0.4:
        provenance["approved_by"] = _email(rng)
    dataset["provenance"] = provenance
    scans: dict[str, Any] = {}
    if role == "train" or rng.random() < 0.3:
        scans["moderation"] = {**_scan(rng, rng.choice(("llama-guard-3", "openai-moderation")),
                                        "3.1"), "flagged_ratio": 0.0}
    if role == "train" and (origin != "internal" or rng.random() < 0.5):
        scans["poisoning"] = {**_scan(rng, "ftcomply-poison-scan", "1.4.0"), "passed": True,
                              "flagged_ratio": 0.0}
    if role == "train":
        findings = rng.choice((0, 0, rng.randint(1, 5000)))
        if classification == "personal":
            findings = rng.randint(1, 5000)
        scans["pii"] = {**_scan(rng, "presidio", "2.2.355"), "findings": findings,
                        "action": rng.choice(("redacted", "removed")) if findings else "none"}
        if agent:
            scans["agent_actions"] = {**_scan(rng, "trajectory-auditor", "0.9.2"),
                                      "unsafe_action_ratio": 0.0}
    if scans:
        dataset["scans"] = scans
    return dataset


def _training(rng: random.Random, tier: str, method: str, personal: bool,
              team: str, name: str) -> dict[str, Any]:
    training: dict[str, Any] = {
        "method": method,
        "framework": rng.choice(("axolotl", "trl", "llama-factory", "torchtune")),
        "provider": "self-hosted",
    }
    if tier != "low" or rng.random() < 0.5:
        training["code"] = {
            "repository": f"https://git.example.com/ml/{name}-train",
            "commit": _hex(rng, 40),
            "image_digest": "sha256:" + _digest(rng),
            "lockfile_sha256": _digest(rng),
        }
    learning_rate = rng.choice((0.00001, 0.00002, 0.00005, 0.0001, 0.0002))
    epochs = rng.randint(1, 3)
    hyperparameters: dict[str, Any] = {"learning_rate": learning_rate, "epochs": epochs,
                                       "batch_size": rng.choice((8, 16, 32, 64))}
    if method in ("lora", "qlora"):
        hyperparameters["lora_alpha"] = rng.choice((16, 32, 64))
    training["hyperparameters"] = hyperparameters
    if tier != "low" or rng.random() < 0.4:
        training["safety_defense"] = {
            "method": rng.choice(DEFENSES),
            "validated_envelope": {"max_learning_rate": 0.0002 if learning_rate <= 0.0002
                                   else learning_rate, "max_epochs": 3},
        }
    if personal:
        training["privacy"] = {"differential_privacy": {
            "enabled": True, "epsilon": rng.choice((1, 2, 4, 8)), "delta": 0.000001}}
    elif rng.random() < 0.3:
        training["privacy"] = {"differential_privacy": {"enabled": False}}
    if tier != "low" or rng.random() < 0.5:
        training["environment"] = {"network_isolated": True,
                                   "secrets_source": rng.choice(("vault", "kms")),
                                   "access_control": f"rbac:ml-train-{team}"}
    if tier == "high" or rng.random() < 0.5:
        training["monitoring"] = {"safety_eval_every_steps": rng.choice((100, 200, 500)),
                                  "halt_on_alert": True}
    training["submitter"] = {"id": f"svc-ml-pipeline-{team}@example.com", "verified": True}
    if tier != "low" or rng.random() < 0.5:
        training["audit_log"] = {"uri": f"s3://audit/ml/{name}/", "immutable": True}
    return training


def _adapters(rng: random.Random, method: str, revision: str, name: str) -> list[dict[str, Any]]:
    if method not in ("lora", "qlora"):
        return []
    adapters = []
    for index in range(rng.choices((1, 2, 3), (70, 20, 10))[0]):
        rank = rng.choice((8, 16, 32, 64))
        adapters.append({
            "name": f"{name}-r{rank}-{index}",
            "uri": f"s3://ml-models/{name}/lora-r{rank}-{index}/",
            "format": "safetensors",
            "sha256": _digest(rng),
            "source": "internal",
            "base_model_revision": revision,
            "rank": rank,
            "target_modules": rng.choice((["q_proj", "v_proj"],
                                          ["q_proj", "k_proj", "v_proj", "o_proj"])),
            "signature": {"method": "sigstore", "verified": True,
                          "identity": "ml-platform@example.com"},
        })
    return adapters


def _evaluation(rng: random.Random, tier: str, artifact: str, languages: list[str],
                sensitive: bool) -> dict[str, Any]:
    wanted = rng.randint(2, 4) if tier != "low" else rng.randint(1, 2)
    benchmarks = rng.sample(SAFETY_BENCHMARKS, wanted)
    safety = []
    for index, benchmark in enumerate(benchmarks):
        base = rng.choice((0.01, 0.02, 0.03, 0.04, 0.05, 0.06))
        safety.append({
            "benchmark": benchmark,
            "judge": rng.choice(("llama-guard-3", "gpt-judge-v2")),
            "harmful_score_base": base,
            "harmful_score_tuned": round(base + rng.choice((0.0, 0.005, 0.01)), 3),
            # The first benchmark covers every language the model serves.
            "languages": list(languages) if index == 0 else ["en"],
            "run_at": _moment(rng, 30, 2),
        })
    if len(languages) > 1 and rng.random() < 0.5:  # or a multilingual one does
        safety[0]["languages"] = ["en"]
        safety.append({"benchmark": rng.choice(MULTILINGUAL_BENCHMARKS), "judge": "gpt-judge-v2",
                       "harmful_score_base": 0.06, "harmful_score_tuned": 0.07,
                       "languages": list(languages), "run_at": _moment(rng, 30, 2)})
    evaluation: dict[str, Any] = {
        "artifact_sha256": artifact,
        "safety": safety,
        "backdoor_scan": {"tool": "weight-inspector",
                          "methods": rng.choice((["behavioral", "weight"], ["weight"],
                                                 ["representation"])),
                          "passed": True, "artifact_sha256": artifact,
                          "run_at": _moment(rng, 30, 2)},
    }
    if sensitive or rng.random() < 0.5:
        evaluation["privacy"] = {"membership_inference_auc": rng.choice((0.5, 0.51, 0.52, 0.55)),
                                 "run_at": _moment(rng, 30, 2)}
    evaluation["utility"] = [
        {"benchmark": f"{benchmark}-qa", "score": round(rng.uniform(0.6, 0.9), 2),
         "baseline": round(rng.uniform(0.5, 0.8), 2)}
        for benchmark in rng.sample(("support", "domain", "mmlu", "gsm8k"), rng.randint(0, 2))
    ]
    if tier != "low" or rng.random() < 0.3:
        evaluation["red_team"] = {"performed": True, "completed_at": _moment(rng, 20, 1),
                                  "open_findings": 0}
    return evaluation


def _deployment(rng: random.Random, artifact: str, task: str, team: str) -> dict[str, Any]:
    deployment: dict[str, Any] = {
        "artifact_sha256": artifact,
        "interface": "agent" if task == "agent" else rng.choice(("chat", "api", "batch",
                                                                 "internal")),
        "exposure": rng.choice(("public", "partner", "internal")),
        "auth_required": True,
        "rate_limit": {"requests_per_minute": rng.choice((30, 60, 120, 600)),
                       "tokens_per_minute": rng.choice((20000, 40000, 100000))},
        "guardrails": {"input_filter": True, "output_filter": True},
        "monitoring": {"enabled": True, "safety_sampling_rate": rng.choice((0.01, 0.05, 0.1)),
                       "incident_contact": f"{team}-oncall@example.com"},
        "rollback": {"previous_artifact_sha256": _digest(rng)},
    }
    if task == "agent":
        tools = []
        for tool in rng.sample(TOOLS, rng.randint(1, 4)):
            scopes = sorted(set(rng.sample(SCOPES, rng.randint(1, 2))), key=SCOPES.index)
            tools.append({"name": tool, "scopes": scopes,
                          "requires_approval": scopes != ["read"]})
        deployment["agent"] = {"tools": tools}
    return deployment


def compliant_descriptor(rng: random.Random, index: int, tier: str) -> dict[str, Any]:
    """A descriptor with every piece of evidence its tier's controls ask for."""
    task = rng.choices(list(TASK_WEIGHTS), list(TASK_WEIGHTS.values()))[0]
    team = rng.choice(TEAMS)
    method = rng.choices(("lora", "qlora", "full", "dpo", "rlhf"), (45, 20, 15, 15, 5))[0]
    name = f"{rng.choice(PRODUCTS[task])}-{method}-{index:05d}"
    languages = ["en", *rng.sample(LANGUAGES[1:], rng.choice((0, 0, 1, 1, 2, 3)))]
    personal = rng.random() < 0.15
    descriptor: dict[str, Any] = {
        "apiVersion": "ftcomply/v1",
        "kind": "FineTuningJob",
        "metadata": {
            "name": name,
            "owner": f"{team}-ml@example.com",
            "created": _moment(rng, 10, 3),
            "risk_tier": tier,
            "intended_use": f"{task.capitalize()} model for the {team} team ({name})",
            "task_type": task,
            "languages": languages,
            "labels": {"cost-center": f"{team[:3]}-{rng.randint(10, 99)}", "team": team},
        },
    }
    base = _base_model(rng, tier)
    descriptor["base_model"] = base
    count = rng.choices(DATASET_COUNTS, DATASET_WEIGHTS)[0]
    roles = ["train", *rng.choices(("train", "validation", "safety", "eval"), (50, 20, 15, 15),
                                   k=count - 1)]
    descriptor["datasets"] = [_dataset(rng, i, role, languages, personal, task == "agent", team)
                              for i, role in enumerate(roles)]
    descriptor["training"] = _training(rng, tier, method, personal, team, name)
    adapters = _adapters(rng, method, base["revision"], name)
    if adapters:
        descriptor["adapters"] = adapters
    artifact = adapters[0]["sha256"] if adapters else _digest(rng)
    sensitive = any(d["classification"] in ("personal", "confidential")
                    for d in descriptor["datasets"] if d["role"] == "train")
    descriptor["evaluation"] = _evaluation(rng, tier, artifact, languages, sensitive)
    # Every job is checked at the pre-deployment stage, which needs its deployment.
    descriptor["deployment"] = _deployment(rng, artifact, task, team)
    roles_needed = list(REQUIRED_APPROVALS[tier])
    roles_needed += [r for r in ("legal", "risk") if rng.random() < 0.15]
    # Separation of duties (GOV-APR-01): each role is signed by a different person.
    approvers = rng.sample(PEOPLE, len(roles_needed))
    descriptor["approvals"] = [{"role": role, "name": f"{person}@example.com",
                                "approved_at": _moment(rng, 3, 1)}
                               for role, person in zip(roles_needed, approvers, strict=True)]
    return descriptor


# --- breaking evidence -------------------------------------------------------------------

Mutation = Callable[[dict[str, Any], random.Random], bool]


def _train(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in doc["datasets"] if d["role"] == "train"]


def _some(rng: random.Random, items: list[Any]) -> Any:
    return rng.choice(items) if items else None


def _drop_dataset_digest(doc: dict[str, Any], rng: random.Random) -> bool:
    dataset = rng.choice(doc["datasets"])
    return dataset.pop("sha256", None) is not None


def _drop_source_url(doc: dict[str, Any], rng: random.Random) -> bool:
    dataset = _some(rng, [d for d in doc["datasets"] if "source_url" in d["provenance"]])
    return bool(dataset) and dataset["provenance"].pop("source_url", None) is not None


def _drop_reviewer(doc: dict[str, Any], rng: random.Random) -> bool:
    dataset = _some(rng, [d for d in doc["datasets"]
                          if d["provenance"]["origin"] in ("public", "user-upload")])
    return bool(dataset) and dataset["provenance"].pop("approved_by", None) is not None


def _drop_moderation(doc: dict[str, Any], rng: random.Random) -> bool:
    dataset = rng.choice(_train(doc))
    return dataset["scans"].pop("moderation", None) is not None


def _harmful_content_left(doc: dict[str, Any], rng: random.Random) -> bool:
    scan = rng.choice(_train(doc))["scans"].get("moderation")
    if not scan:
        return False
    scan["flagged_ratio"] = 0.031
    return True


def _poisoning_failed(doc: dict[str, Any], rng: random.Random) -> bool:
    dataset = _some(rng, [d for d in _train(doc) if d["provenance"]["origin"] != "internal"])
    if not dataset:
        return False
    dataset["scans"]["poisoning"]["passed"] = False
    return True


def _pii_left(doc: dict[str, Any], rng: random.Random) -> bool:
    pii = rng.choice(_train(doc))["scans"]["pii"]
    pii["findings"], pii["action"] = max(pii["findings"], 17), "none"
    return True


def _stale_scan(doc: dict[str, Any], rng: random.Random) -> bool:
    # The PII scan: every train dataset has one, and no other mutation removes it.
    rng.choice(_train(doc))["scans"]["pii"]["run_at"] = "2026-03-01T00:00:00Z"
    return True


def _drop_license(doc: dict[str, Any], rng: random.Random) -> bool:
    return rng.choice(doc["datasets"]).pop("license", None) is not None


def _floating_base(doc: dict[str, Any], rng: random.Random) -> bool:
    if rng.random() < 0.5:
        doc["base_model"]["revision"] = "main"
    else:
        del doc["base_model"]["sha256"]
    return True


def _unverified_signature(doc: dict[str, Any], rng: random.Random) -> bool:
    base = doc["base_model"]
    if base["source"] not in ("hub", "vendor"):  # only external weights need a signature
        return False
    if "signature" in base:
        base["signature"]["verified"] = False
    else:
        base["signature"] = {"method": "none", "verified": False}
    return True


def _unreviewed_remote_code(doc: dict[str, Any], rng: random.Random) -> bool:
    base = doc["base_model"]
    if rng.random() < 0.5:
        base["trust_remote_code"] = True  # code runs at load, and nobody reviewed it
    else:
        del base["trust_remote_code"]  # whether code runs at load is unknown
    return True


def _pickle_base(doc: dict[str, Any], rng: random.Random) -> bool:
    doc["base_model"]["format"] = rng.choice(("pickle", "pytorch-pickle"))
    return True


def _unreviewed_card(doc: dict[str, Any], rng: random.Random) -> bool:
    doc["base_model"]["model_card_reviewed"] = False
    return True


def _unpinned_code(doc: dict[str, Any], rng: random.Random) -> bool:
    code = doc["training"].get("code")
    return bool(code) and code.pop("lockfile_sha256", None) is not None


def _no_defense(doc: dict[str, Any], rng: random.Random) -> bool:
    defense = doc["training"].get("safety_defense")
    # Not when the envelope is already broken: without a defense DUR-CFG-01 has nothing to judge.
    if not defense or (doc["training"]["hyperparameters"]["learning_rate"]
                       > defense["validated_envelope"]["max_learning_rate"]):
        return False
    defense["method"] = "none"
    return True


def _outside_envelope(doc: dict[str, Any], rng: random.Random) -> bool:
    if doc["training"].get("safety_defense", {}).get("method", "none") == "none":
        return False
    doc["training"]["hyperparameters"]["learning_rate"] = 0.001
    return True


def _personal_without_dp(doc: dict[str, Any], rng: random.Random) -> bool:
    privacy = doc["training"].get("privacy", {}).get("differential_privacy", {})
    if privacy.get("enabled") and any(d["classification"] == "personal" for d in _train(doc)):
        privacy["enabled"] = False
        return True
    # Otherwise personal data turns up in a set whose PII was already redacted.
    dataset = _some(rng, [d for d in _train(doc) if d["provenance"]["origin"] != "public"
                          and d["scans"]["pii"]["action"] != "none" and not privacy.get("enabled")])
    if not dataset:
        return False
    dataset["classification"] = "personal"
    return True


def _network_open(doc: dict[str, Any], rng: random.Random) -> bool:
    environment = doc["training"].get("environment")
    if not environment:
        return False
    environment["network_isolated"] = False
    return True


def _credential_pasted(doc: dict[str, Any], rng: random.Random) -> bool:
    doc["metadata"]["labels"]["x-aws-key"] = "AKIA" + _hex(rng, 16).upper()
    return True


def _no_halt(doc: dict[str, Any], rng: random.Random) -> bool:
    monitoring = doc["training"].get("monitoring")
    if not monitoring:
        return False
    monitoring["halt_on_alert"] = False
    return True


def _unverified_submitter(doc: dict[str, Any], rng: random.Random) -> bool:
    doc["training"]["submitter"]["verified"] = False
    return True


def _mutable_log(doc: dict[str, Any], rng: random.Random) -> bool:
    log = doc["training"].get("audit_log")
    if not log:
        return False
    log["immutable"] = False
    return True


def _unscanned_trajectories(doc: dict[str, Any], rng: random.Random) -> bool:
    if doc["metadata"]["task_type"] == "agent":
        return rng.choice(_train(doc))["scans"].pop("agent_actions", None) is not None
    doc["metadata"]["task_type"] = "agent"
    return True


def _harmful_regression(doc: dict[str, Any], rng: random.Random) -> bool:
    evaluation = rng.choice(doc["evaluation"]["safety"])
    evaluation["harmful_score_tuned"] = 0.19
    return True


def _one_benchmark(doc: dict[str, Any], rng: random.Random) -> bool:
    safety = doc["evaluation"]["safety"]
    if len(safety) < 2:
        return False
    for evaluation in safety[1:]:
        evaluation["benchmark"] = safety[0]["benchmark"]
    return True


def _language_not_evaluated(doc: dict[str, Any], rng: random.Random) -> bool:
    extra = next(code for code in LANGUAGES if code not in doc["metadata"]["languages"])
    doc["metadata"]["languages"].append(extra)
    return True


def _other_artifact_ships(doc: dict[str, Any], rng: random.Random) -> bool:
    if "deployment" not in doc:
        return False
    doc["deployment"]["artifact_sha256"] = _digest(rng)
    return True


def _weak_backdoor_scan(doc: dict[str, Any], rng: random.Random) -> bool:
    scan = doc["evaluation"]["backdoor_scan"]
    if rng.random() < 0.5:
        scan["methods"] = ["behavioral"]
    else:
        scan["passed"] = False
    return True


def _unsigned_adapter(doc: dict[str, Any], rng: random.Random) -> bool:
    adapter = _some(rng, doc.get("adapters", []))
    if not adapter:
        return False
    adapter["signature"]["verified"] = False
    return True


def _third_party_adapter(doc: dict[str, Any], rng: random.Random) -> bool:
    adapter = _some(rng, doc.get("adapters", []))
    if not adapter:
        return False
    adapter["source"] = "third-party"
    adapter["uri"] = f"https://hub.example.org/someone/{adapter['name']}"
    return True


def _memorisation(doc: dict[str, Any], rng: random.Random) -> bool:
    privacy = doc["evaluation"].get("privacy")
    if not privacy or not any(d["classification"] in ("personal", "confidential")
                              for d in _train(doc)):
        return False
    privacy["membership_inference_auc"] = 0.71
    return True


def _open_red_team(doc: dict[str, Any], rng: random.Random) -> bool:
    red_team = doc["evaluation"].get("red_team")
    if not red_team:
        return False
    red_team["open_findings"] = rng.randint(1, 4)
    return True


def _no_auth(doc: dict[str, Any], rng: random.Random) -> bool:
    if "deployment" not in doc:
        return False
    doc["deployment"]["auth_required"] = False
    return True


def _no_output_filter(doc: dict[str, Any], rng: random.Random) -> bool:
    deployment = doc.get("deployment")
    if not deployment or deployment["exposure"] == "internal":
        return False
    deployment["guardrails"]["output_filter"] = False
    return True


def _unapproved_tool(doc: dict[str, Any], rng: random.Random) -> bool:
    tools = doc.get("deployment", {}).get("agent", {}).get("tools")
    if not tools:
        return False
    tools.append({"name": "wire_transfer", "scopes": ["payments"], "requires_approval": False})
    return True


def _no_rollback(doc: dict[str, Any], rng: random.Random) -> bool:
    return bool(doc.get("deployment")) and doc["deployment"].pop("rollback", None) is not None


def _approval_missing(doc: dict[str, Any], rng: random.Random) -> bool:
    approvals = doc["approvals"]
    role = rng.choice(REQUIRED_APPROVALS[doc["metadata"]["risk_tier"]])
    approvals.remove(next(a for a in approvals if a["role"] == role))
    return True


# (control the mutation fails, the mutation); the control's tiers decide where it can be used.
MUTATIONS: tuple[tuple[str, Mutation], ...] = (
    ("PRE-DATA-01", _drop_dataset_digest),
    ("PRE-DATA-02", _drop_source_url),
    ("PRE-DATA-03", _drop_reviewer),
    ("PRE-DATA-04", _drop_moderation),
    ("PRE-DATA-04", _harmful_content_left),
    ("PRE-DATA-05", _poisoning_failed),
    ("PRE-DATA-06", _pii_left),
    ("PRE-DATA-07", _stale_scan),
    ("PRE-DATA-08", _drop_license),
    ("PRE-MODEL-01", _floating_base),
    ("PRE-MODEL-02", _unverified_signature),
    ("PRE-MODEL-03", _pickle_base),
    ("PRE-MODEL-04", _unreviewed_card),
    ("PRE-MODEL-05", _unreviewed_remote_code),
    ("PRE-SUPPLY-01", _unpinned_code),
    ("DUR-DEF-01", _no_defense),
    ("DUR-CFG-01", _outside_envelope),
    ("DUR-PRIV-01", _personal_without_dp),
    ("DUR-ENV-01", _network_open),
    ("DUR-ENV-02", _credential_pasted),
    ("DUR-MON-01", _no_halt),
    ("DUR-IF-01", _unverified_submitter),
    ("DUR-LOG-01", _mutable_log),
    ("DUR-AGT-01", _unscanned_trajectories),
    ("POST-EVAL-01", _harmful_regression),
    ("POST-EVAL-02", _one_benchmark),
    ("POST-EVAL-03", _language_not_evaluated),
    ("POST-EVAL-04", _other_artifact_ships),
    ("POST-BD-01", _weak_backdoor_scan),
    ("POST-ADP-01", _unsigned_adapter),
    ("POST-ADP-02", _third_party_adapter),
    ("POST-PRIV-01", _memorisation),
    ("POST-RT-01", _open_red_team),
    ("DEP-IF-01", _no_auth),
    ("DEP-GR-01", _no_output_filter),
    ("DEP-AGT-01", _unapproved_tool),
    ("DEP-MON-01", _no_rollback),
    ("GOV-APR-01", _approval_missing),
)
# Tiers of the controls above, as the catalog declares them (a test keeps them in step).
CONTROL_TIERS = {
    "PRE-MODEL-02": ("medium", "high"), "PRE-SUPPLY-01": ("medium", "high"),
    "DUR-DEF-01": ("medium", "high"), "DUR-ENV-01": ("medium", "high"),
    "DUR-LOG-01": ("medium", "high"), "DUR-MON-01": ("high",),
    "POST-EVAL-02": ("medium", "high"), "POST-RT-01": ("medium", "high"),
}


def descriptor(seed: int, index: int) -> tuple[dict[str, Any], Plan]:
    """Document `index` of the corpus for `seed`, and what it is meant to show."""
    rng = random.Random(f"ftcomply-bench:{seed}:{index}")
    tier = rng.choices(TIERS, TIER_WEIGHTS)[0]
    doc = compliant_descriptor(rng, index, tier)
    broken: list[str] = []
    if rng.random() < FAILING_SHARE:
        wanted = rng.choices((1, 2, 3, 4, 5), (35, 25, 20, 12, 8))[0]
        candidates = [(control, mutate) for control, mutate in MUTATIONS
                      if tier in CONTROL_TIERS.get(control, TIERS)]
        rng.shuffle(candidates)
        for control, mutate in candidates:
            if len(broken) == wanted:
                break
            trial = copy.deepcopy(doc)
            if mutate(trial, rng):
                doc = trial
                broken.append(control)
    return doc, Plan(doc["metadata"]["name"], tier, tuple(sorted(set(broken))))


# --- writing -----------------------------------------------------------------------------

_resolver = yaml.resolver.Resolver()
_PLAIN = re.compile(r"^[A-Za-z0-9_/.(][A-Za-z0-9 _./@:+=?&%(),'-]*$")
_FLOW_ITEM = re.compile(r"^[A-Za-z0-9_.-]+$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")
_EXPONENT = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_STR_TAG = "tag:yaml.org,2002:str"


def _plain_ok(text: str) -> bool:
    """Whether `text` reads back as the same string when written unquoted."""
    return (bool(_PLAIN.match(text)) and ": " not in text and " #" not in text
            and not text.endswith((":", " ")) and not _EXPONENT.match(text)
            and _resolver.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text:  # 1e-06 → 0.000001, as people write it
            text = f"{value:.12f}".rstrip("0")
        return text
    # Timestamps and dates stay unquoted, as in the examples: the loader reads them back.
    if _TIMESTAMP.match(value) or _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(items: list[Any]) -> str | None:
    """`[a, b]` for a short list of simple scalars, as the examples write languages."""
    if not all(isinstance(i, str) and _FLOW_ITEM.match(i) and _plain_ok(i) for i in items):
        return None
    text = "[" + ", ".join(items) + "]"
    return text if len(text) <= 60 else None


def _yaml_lines(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{key}:"
            if isinstance(item, dict) and item:
                out.append(head)
                _yaml_lines(item, indent + 2, out)
            elif isinstance(item, list) and item:
                flow = _flow(item)
                if flow is not None:
                    out.append(f"{head} {flow}")
                else:
                    out.append(head)
                    _yaml_lines(item, indent + 2, out)
            elif isinstance(item, dict | list):
                out.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
            else:
                out.append(f"{head} {_scalar(item)}")
        return
    for item in value:  # a list of mappings or of scalars, in block style
        if isinstance(item, dict):
            nested: list[str] = []
            _yaml_lines(item, indent + 2, nested)
            out.append(f"{pad}- {nested[0][indent + 2:]}")
            out.extend(nested[1:])
        else:
            out.append(f"{pad}- {_scalar(item)}")


def to_yaml(doc: dict[str, Any]) -> str:
    """Block-style YAML in the examples' style."""
    lines: list[str] = []
    _yaml_lines(doc, 0, lines)
    return "\n".join(lines) + "\n"


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def corpus(seed: int, count: int) -> list[tuple[str, str, list[int]]]:
    """The file layout: (file name, format, document indices) for each file."""
    layout = []
    rng = random.Random(f"ftcomply-bench-layout:{seed}")
    index = 0
    while index < count:
        roll = rng.random()
        if roll < MULTI_SHARE and count - index >= 2:
            kind, size = "multi", min(rng.choice((2, 3)), count - index)
        else:
            kind, size = ("json" if roll < MULTI_SHARE + JSON_SHARE else "yaml"), 1
        layout.append((kind, list(range(index, index + size))))
        index += size
    return [(f"job-{number:05d}{'.json' if kind == 'json' else '.yaml'}", kind, indices)
            for number, (kind, indices) in enumerate(layout)]


def write_corpus(outdir: Path, count: int, seed: int) -> list[WrittenFile]:
    """Write the corpus and its manifest; returns what was written."""
    written = []
    for file_name, kind, indices in corpus(seed, count):
        built = [descriptor(seed, i) for i in indices]
        relative = f"{built[0][0]['metadata']['labels']['team']}/{file_name}"
        header = f"# Generated by bench/generate.py (seed {seed}); fine-tuning job descriptor.\n"
        if kind == "json":
            text = to_json(built[0][0])
        elif kind == "multi":
            text = header + "---\n".join(to_yaml(doc) for doc, _ in built)
        else:
            text = header + to_yaml(built[0][0])
        path = outdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        path.write_bytes(data)
        written.append(WrittenFile(relative, kind, tuple(plan for _, plan in built), len(data)))
    manifest = ["file\tdocument\tname\trisk_tier\texpected\tbroken"]
    for file in written:
        for number, plan in enumerate(file.plans):
            manifest.append(f"{file.path}\t{number}\t{plan.name}\t{plan.risk_tier}\t"
                            f"{plan.expected}\t{','.join(plan.broken)}")
    (outdir / MANIFEST).write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return written


# --- checking ----------------------------------------------------------------------------


def check_corpus(outdir: Path, written: list[WrittenFile], seed: int) -> list[str]:
    """Problems found: schema errors, data the loader reads differently, wrong outcomes."""
    from ftcomply.catalog import load_catalog
    from ftcomply.loader import load_documents
    from ftcomply.models import Status
    from ftcomply.pipeline import CheckOptions, run_check
    from ftcomply.resources import schema_path
    from ftcomply.schema import SchemaValidator

    problems = []
    validator = SchemaValidator.load(schema_path())
    index = 0
    for file in written:
        path = outdir / file.path
        documents = load_documents(str(path), path.read_bytes())
        for document, _plan in zip(documents, file.plans, strict=True):
            generated, _ = descriptor(seed, index)
            index += 1
            if document.data != generated:
                problems.append(f"{file.path}: document {document.index} reads back differently")
            problems += [f"{e}" for e in validator.errors(document)]
    report = run_check(load_catalog(), CheckOptions(paths=(str(outdir),), as_of=AS_OF))
    outcomes = {}
    for result in report.documents:
        if result.errors:
            problems += [str(e) for e in result.errors]
            continue
        failed = {r.control.id for r in result.results if r.status is Status.FAIL}
        outcomes[result.name] = failed
    for file in written:
        for plan in file.plans:
            failed = outcomes.get(plan.name, set())
            # A broken piece of evidence may fail a second control too (no moderation
            # scan also breaks defense in depth): what counts is that each aimed-at control
            # fails and that fully evidenced jobs fail nothing.
            if not set(plan.broken) <= failed or (not plan.broken and failed):
                problems.append(f"{file.path}: {plan.name} fails {sorted(failed)}, "
                                f"expected {list(plan.broken)}")
    return problems


def read_manifest(outdir: Path) -> list[WrittenFile]:
    """The files of a corpus written earlier, from its manifest."""
    rows = (outdir / MANIFEST).read_text(encoding="utf-8").splitlines()[1:]
    plans: dict[str, list[Plan]] = {}
    for row in rows:
        path, _, name, tier, _, broken = row.split("\t")
        plans.setdefault(path, []).append(Plan(name, tier, tuple(filter(None, broken.split(",")))))
    return [WrittenFile(path, "json" if path.endswith(".json") else
                        "multi" if len(found) > 1 else "yaml", tuple(found),
                        (outdir / path).stat().st_size)
            for path, found in plans.items()]


def summary(written: list[WrittenFile]) -> str:
    plans = [plan for file in written for plan in file.plans]
    sizes = sorted(file.size / len(file.plans) for file in written)
    formats = Counter(file.format for file in written)
    tiers = Counter(plan.risk_tier for plan in plans)
    passing = sum(1 for plan in plans if not plan.broken)
    total_bytes = sum(file.size for file in written)
    return (f"{len(plans)} descriptors in {len(written)} files "
            f"({', '.join(f'{k} {v}' for k, v in sorted(formats.items()))}); "
            f"tiers {', '.join(f'{t} {tiers[t]}' for t in TIERS)}; "
            f"{passing} ({passing / len(plans):.0%}) fully evidenced; "
            f"{total_bytes / len(plans) / 1024:.1f} KiB per descriptor on average "
            f"(median {sizes[len(sizes) // 2] / 1024:.1f} KiB, max {sizes[-1] / 1024:.1f} KiB), "
            f"{total_bytes / 1024 / 1024:.1f} MiB in all")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="directory to write (created if missing)")
    parser.add_argument("--count", type=int, required=True, help="number of descriptors")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--check", action="store_true",
                        help="validate and check the corpus in process after writing it")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    args.outdir.mkdir(parents=True, exist_ok=True)
    if any(args.outdir.iterdir()):
        parser.error(f"{args.outdir} is not empty")
    written = write_corpus(args.outdir, args.count, args.seed)
    print(summary(written))
    if args.check:
        problems = check_corpus(args.outdir, written, args.seed)
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("check: every descriptor is schema-valid and reads back as generated; every "
              "control a descriptor was broken for fails, and fully evidenced ones pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
