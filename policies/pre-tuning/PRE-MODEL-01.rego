# METADATA
# title: Pinned base model
# description: >-
#   The base model is pinned to an exact revision (not a floating reference
#   such as `main` or `latest`) and its weights carry a SHA-256 digest, so the
#   model that is tuned, evaluated and shipped is the one that was reviewed and
#   cannot be replaced upstream. Weights a managed provider serves and never
#   hands out (`training.provider: managed-api` with
#   `training.provider_assurance`) need no digest: their pin is the revision.
# custom:
#   id: PRE-MODEL-01
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [base model substitution upstream, supply-chain compromise of model weights]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010]
#   params: []
#   remediation: >-
#     Set `base_model.revision` to the exact commit id or version tag of the
#     weights (never `main`, `master`, `latest` or `head`), hash the weights
#     or their manifest with SHA-256 (`sha256sum`) and record the digest in
#     `base_model.sha256`. For a managed provider, pin the dated model
#     snapshot in `base_model.revision` and name the provider's job and
#     assurance in `training.provider_assurance`.
#   example: |
#     base_model:
#       id: meta-llama/Llama-3.1-8B-Instruct
#       revision: 0e9e39f249a16976918f6564b8830bc894c89659
#       sha256: 5b0cbe8f0b2e6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c
package ftcomply.controls.pre_model_01

import data.ftcomply.lib

base_model := object.get(input.descriptor, "base_model", {})

model_label := lib.label(base_model, "id", null)

deny contains finding if {
	not lib.has(base_model, "revision")
	finding := {
		"msg": sprintf("base model %s has no pinned revision", [model_label]),
		"path": lib.pointer(["base_model", "revision"]),
	}
}

deny contains finding if {
	lib.has(base_model, "revision")
	not lib.is_set(base_model.revision)
	finding := {
		"msg": sprintf("base model %s has an empty or non-string revision", [model_label]),
		"path": "/base_model/revision",
	}
}

deny contains finding if {
	lib.is_set(base_model.revision)
	lower(trim_space(base_model.revision)) in lib.floating_revisions
	finding := {
		"msg": sprintf("base model %s revision %q is a floating reference; pin a commit id or version", [model_label, base_model.revision]),
		"path": "/base_model/revision",
	}
}

# A managed provider's weights are never in the customer's hands to hash: the provider
# answers for them (lib.provider_managed); a digest that is declared is still checked.
deny contains finding if {
	not lib.has(base_model, "sha256")
	not lib.provider_managed
	finding := {
		"msg": sprintf("base model %s has no sha256 digest of its weights", [model_label]),
		"path": lib.pointer(["base_model", "sha256"]),
	}
}

deny contains finding if {
	lib.has(base_model, "sha256")
	not lib.is_digest(base_model.sha256)
	finding := {
		"msg": sprintf("base model %s has a malformed sha256 (64 lowercase hex characters expected)", [model_label]),
		"path": "/base_model/sha256",
	}
}
