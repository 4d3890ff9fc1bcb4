# METADATA
# title: Verified base model signature
# description: >-
#   Base models obtained from a public hub or from a vendor carry a signature
#   that was verified before tuning, so weights tampered with in the hub, a
#   mirror or in transit are not fine-tuned and shipped. Not applicable to
#   weights from a registry or from inside the organisation, nor to weights a
#   managed provider serves and never hands out (`training.provider:
#   managed-api` with `training.provider_assurance`). Under --verify, an
#   OpenSSF Model Signing bundle (`signature.bundle`) is verified against the
#   weights: a signature that is invalid, unverifiable or leaves files
#   unsigned fails, a verified one is verified evidence (whatever
#   `signature.verified` says), and `verified: true` without a bundle is the
#   descriptor's word: declared, and for risk tiers in
#   verified_evidence_tiers a failure.
# custom:
#   id: PRE-MODEL-02
#   phase: pre-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [tampered third-party model weights, model hub account takeover]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010]
#     nist-ai-rmf: [GOVERN 6.1]
#   params: [verified_evidence_tiers]
#   remediation: >-
#     Verify the publisher's signature of the hub or vendor weights (for
#     example `cosign verify-blob` for sigstore, or `gpg --verify`) against the
#     publisher's identity before tuning, and record the method, the identity
#     and `verified: true` in `base_model.signature`. For `--verify`, record
#     the publisher's model-signing bundle (`method: model-signing`, `bundle`)
#     and how to trust it (`public_key`, `certificate_chain`, or `identity`,
#     `oidc_issuer` and a local `trust_root`).
#   example: |
#     base_model:
#       id: meta-llama/Llama-3.1-8B-Instruct
#       source: hub
#       signature:
#         method: model-signing
#         verified: true
#         bundle: base-model.sig
#         public_key: keys/vendor.pub.pem
package ftcomply.controls.pre_model_02

import data.ftcomply.lib

# Sources whose weights come from outside the organisation.
external_sources := {"hub", "vendor"}

base_model := object.get(input.descriptor, "base_model", {})

model_label := lib.label(base_model, "id", null)

source_field := ["base_model", "source"]

needs_signature if base_model.source in external_sources

pointer := "/base_model"

# A model-signing bundle of the weights was checked under --verify (whatever the outcome);
# then the check, not the declared `verified`, decides.
checked if lib.signature_checked(pointer)

not_applicable contains sprintf("base model source is %s, not hub or vendor", [source]) if {
	source := object.get(input.descriptor, source_field, null)
	lib.is_set(source)
	not source in external_sources
}

not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

# Where the weights come from decides whether a signature is needed: unknown is not excused.
deny contains finding if {
	not lib.is_set(object.get(input.descriptor, source_field, null))
	finding := {
		"msg": sprintf("base model %s declares no source, so whether its signature must be verified is unknown", [model_label]),
		"path": lib.pointer(source_field),
	}
}

deny contains finding if {
	needs_signature
	not lib.has(base_model, "signature")
	finding := {
		"msg": sprintf("base model %s from source %q has no signature", [model_label, base_model.source]),
		"path": lib.pointer(["base_model", "signature"]),
	}
}

deny contains finding if {
	needs_signature
	not checked
	lib.has(base_model, "signature")
	not lib.has(base_model.signature, "verified")
	finding := {
		"msg": sprintf("base model %s from source %q has a signature that is not marked verified", [model_label, base_model.source]),
		"path": lib.pointer(["base_model", "signature", "verified"]),
	}
}

deny contains finding if {
	needs_signature
	not checked
	lib.has(base_model.signature, "verified")
	base_model.signature.verified != true
	finding := {
		"msg": sprintf("base model %s from source %q has an unverified signature", [model_label, base_model.source]),
		"path": "/base_model/signature/verified",
	}
}

# ---------------------------------------------------------------------------
# Under --verify: the model-signing bundle (input.evidence.signatures, docs/evidence.md)

deny contains finding if {
	needs_signature
	check := lib.signature_check(pointer)
	check.status in lib.failed_signature_statuses
	finding := {
		"msg": sprintf("base model %s from source %q: %s", [model_label, base_model.source, lib.signature_failure(check)]),
		"path": lib.pointer(["base_model", "signature", "bundle"]),
	}
}

deny contains finding if {
	needs_signature
	lib.verified_required
	lib.has(base_model, "signature")
	not checked
	finding := {
		"msg": sprintf(
			"base model %s from source %q: its signature is declared only (no model-signing bundle verified), but risk tier %s requires verified evidence (verified_evidence_tiers)",
			[model_label, base_model.source, lib.risk_tier_text],
		),
		"path": lib.pointer(["base_model", "signature", "bundle"]),
	}
}

declared contains sprintf("base model %s: signature declared, no model-signing bundle verified", [model_label]) if {
	input.evidence
	needs_signature
	not lib.verified_required
	not checked
}
