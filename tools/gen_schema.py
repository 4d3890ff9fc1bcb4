import json
D = "#/$defs/"
def obj(props, required=(), extra=False, desc=None):
    o = {"type": "object"}
    if desc: o["description"] = desc
    o["properties"] = props
    if required: o["required"] = list(required)
    o["patternProperties"] = {"^x-": {}}
    o["additionalProperties"] = extra if extra else False
    if extra is True: o.pop("additionalProperties"); 
    return o
def ref(n): return {"$ref": D + n}
def arr(items, **kw): return {"type": "array", "items": items, **kw}
def enum(*v): return {"type": "string", "enum": list(v)}
S = {"type": "string"}
B = {"type": "boolean"}
NZ = {"type": "integer", "minimum": 0}
scan_base = {"tool": S, "tool_version": S, "run_at": ref("datetime")}
defs = {
  "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "a SHA-256 digest: 64 lowercase hex characters"},
  "image_digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$", "description": "an image digest: sha256: followed by 64 lowercase hex characters"},
  "git_commit": {"type": "string", "pattern": "^[0-9a-f]{40}$", "description": "a full git commit id: 40 lowercase hex characters"},
  "datetime": {"type": "string", "format": "date-time", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", "description": "an RFC 3339 datetime with offset, e.g. 2026-11-20T10:00:00Z"},
  "date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "a date, YYYY-MM-DD"},
  "ratio": {"type": "number", "minimum": 0, "maximum": 1},
  "language": {"type": "string", "pattern": "^[a-z]{2}$", "description": "an ISO 639-1 language code (two lowercase letters)"},
  "languages": arr(ref("language"), uniqueItems=True),
  "model_format": enum("safetensors", "gguf", "onnx", "pytorch-pickle", "pickle", "keras-h5", "other"),
  "signature": obj({"method": enum("sigstore", "gpg", "x509", "none"), "verified": B, "identity": S}),
  "moderation_scan": obj({**scan_base, "flagged_ratio": ref("ratio")}),
  "poisoning_scan": obj({**scan_base, "passed": B, "flagged_ratio": ref("ratio")}),
  "pii_scan": obj({**scan_base, "findings": NZ, "action": enum("none", "redacted", "removed")}),
  "agent_actions_scan": obj({**scan_base, "unsafe_action_ratio": ref("ratio")}),
  "dataset": obj({
      "name": {"type": "string", "minLength": 1},
      "role": enum("train", "validation", "safety", "eval"),
      "uri": {"type": "string", "minLength": 1},
      "sha256": ref("digest"),
      "records": NZ,
      "license": S,
      "languages": ref("languages"),
      "classification": enum("public", "internal", "confidential", "personal"),
      "provenance": obj({
          "origin": enum("internal", "public", "vendor", "synthetic", "user-upload"),
          "source_url": S, "collected_at": ref("date"), "curator": S, "approved_by": S}),
      "scans": obj({"moderation": ref("moderation_scan"), "poisoning": ref("poisoning_scan"),
                    "pii": ref("pii_scan"), "agent_actions": ref("agent_actions_scan")}),
  }, required=("name", "role", "uri")),
  "adapter": obj({
      "name": {"type": "string", "minLength": 1},
      "uri": {"type": "string", "minLength": 1},
      "format": ref("model_format"),
      "sha256": ref("digest"),
      "source": enum("internal", "third-party"),
      "base_model_revision": S,
      "rank": {"type": "integer", "exclusiveMinimum": 0},
      "target_modules": arr(S),
      "signature": ref("signature"),
  }, required=("name", "uri")),
  "safety_eval": obj({
      "benchmark": {"type": "string", "minLength": 1}, "judge": S,
      "harmful_score_base": ref("ratio"), "harmful_score_tuned": ref("ratio"),
      "languages": ref("languages"), "run_at": ref("datetime")}, required=("benchmark",)),
  "approval": obj({"role": enum("security", "data-owner", "model-owner", "legal", "risk"),
                   "name": S, "approved_at": ref("datetime")}, required=("role",)),
  "agent_tool": obj({"name": S, "scopes": arr(enum("read", "write", "execute", "network", "payments", "delete"), uniqueItems=True),
                     "requires_approval": B}, required=("name",)),
}
pos_num = {"type": "number", "exclusiveMinimum": 0}
pos_int = {"type": "integer", "exclusiveMinimum": 0}
root = obj({
  "apiVersion": {"const": "ftcomply/v1", "description": "must be ftcomply/v1"},
  "kind": {"const": "FineTuningJob", "description": "must be FineTuningJob"},
  "metadata": obj({
      "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,62}$", "description": "a job name: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters"},
      "owner": {"type": "string", "minLength": 1},
      "created": ref("datetime"),
      "risk_tier": enum("low", "medium", "high"),
      "intended_use": S,
      "task_type": enum("chat", "classification", "code", "agent", "extraction", "other"),
      "languages": ref("languages"),
      "labels": {"type": "object", "additionalProperties": S},
  }, required=("name", "owner", "created", "risk_tier")),
  "base_model": obj({
      "id": {"type": "string", "minLength": 1},
      "source": enum("registry", "hub", "vendor", "internal"),
      "revision": S, "sha256": ref("digest"), "format": ref("model_format"),
      "license": S, "safety_aligned": B, "model_card_reviewed": B, "signature": ref("signature"),
  }, required=("id", "source")),
  "datasets": arr(ref("dataset"), minItems=1),
  "training": obj({
      "method": enum("full", "lora", "qlora", "prefix", "dpo", "rlhf", "other"),
      "framework": S,
      "provider": enum("self-hosted", "managed-api"),
      "code": obj({"repository": S, "commit": ref("git_commit"), "image_digest": ref("image_digest"), "lockfile_sha256": ref("digest")}),
      "hyperparameters": {"type": "object", "properties": {"learning_rate": pos_num, "epochs": pos_num, "max_steps": pos_int, "batch_size": pos_int}},
      "safety_defense": obj({"method": S, "validated_envelope": obj({"max_learning_rate": pos_num, "max_epochs": pos_num})}),
      "privacy": obj({"differential_privacy": obj({"enabled": B, "epsilon": pos_num, "delta": {"type": "number", "minimum": 0}})}),
      "environment": obj({"network_isolated": B, "secrets_source": enum("vault", "kms", "env", "inline"), "access_control": S}),
      "monitoring": obj({"safety_eval_every_steps": pos_int, "halt_on_alert": B}),
      "submitter": obj({"id": S, "verified": B}),
      "audit_log": obj({"uri": S, "immutable": B}),
  }, required=("method",)),
  "adapters": arr(ref("adapter")),
  "evaluation": obj({
      "artifact_sha256": ref("digest"),
      "safety": arr(ref("safety_eval")),
      "backdoor_scan": obj({"tool": S, "methods": arr(enum("behavioral", "weight", "representation"), uniqueItems=True),
                            "passed": B, "artifact_sha256": ref("digest"), "run_at": ref("datetime")}),
      "privacy": obj({"membership_inference_auc": ref("ratio"), "run_at": ref("datetime")}),
      "utility": arr(obj({"benchmark": S, "score": {"type": "number"}, "baseline": {"type": "number"}})),
      "red_team": obj({"performed": B, "completed_at": ref("datetime"), "open_findings": NZ}),
  }),
  "deployment": obj({
      "artifact_sha256": ref("digest"),
      "interface": enum("api", "chat", "agent", "batch", "internal"),
      "exposure": enum("public", "partner", "internal"),
      "auth_required": B,
      "rate_limit": obj({"requests_per_minute": pos_int, "tokens_per_minute": pos_int}),
      "guardrails": obj({"input_filter": B, "output_filter": B}),
      "monitoring": obj({"enabled": B, "safety_sampling_rate": ref("ratio"), "incident_contact": S}),
      "rollback": obj({"previous_artifact_sha256": ref("digest")}),
      "agent": obj({"tools": arr(ref("agent_tool"))}),
  }),
  "approvals": arr(ref("approval")),
}, required=("apiVersion", "kind", "metadata", "base_model", "datasets", "training"))
schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://ftcomply.dev/schemas/ftjob.v1.schema.json",
          "title": "ftcomply fine-tuning job descriptor v1",
          "description": "Structure of a fine-tuning job descriptor (apiVersion ftcomply/v1, kind FineTuningJob). Evidence fields are optional: missing evidence fails a control, not the schema. Keys starting with x- are allowed anywhere.",
          **root, "$defs": defs}
print(json.dumps(schema, indent=2))
