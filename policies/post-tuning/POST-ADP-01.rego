# METADATA
# title: Adapter integrity
# description: >-
#   Every adapter has a SHA-256 digest and a verified signature, and records
#   the base-model revision it was trained on, which is the pinned
#   `base_model.revision`. An unsigned or unhashed adapter can be swapped for
#   a backdoored one, and an adapter applied to another revision of the base
#   behaves in ways nobody evaluated. A job tuned with lora, qlora or prefix
#   records its adapters; the control is not applicable only when the
#   training method needs none and none is recorded (a full fine-tune).
#   Under --verify, an adapter's OpenSSF Model Signing bundle
#   (`signature.bundle`) is verified against its files: a signature that is
#   invalid, unverifiable or leaves files unsigned fails, a verified one is
#   verified evidence (whatever `signature.verified` says), and `verified:
#   true` without a bundle is the descriptor's word: declared, and for risk
#   tiers in verified_evidence_tiers a failure.
# custom:
#   id: POST-ADP-01
#   phase: post-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [adapter substitution, backdoored adapter, adapter applied to an unevaluated base revision]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010]
#   params: [verified_evidence_tiers]
#   remediation: >-
#     For each adapter, record the SHA-256 digest of its weights in
#     `adapters[].sha256`, sign it (e.g. with Sigstore) and record the
#     verified signature in `adapters[].signature`, and set
#     `base_model_revision` to the base revision it was trained on; retrain
#     or re-pin if it differs from `base_model.revision`. For `--verify`,
#     sign the adapter with model-signing (`model_signing sign`) and record
#     `method: model-signing`, the `bundle` and the `public_key` (or
#     `certificate_chain`, or Sigstore `identity`, `oidc_issuer` and a local
#     `trust_root`).
#   example: |
#     base_model:
#       revision: 0e9e39f249a16976918f6564b8830bc894c89659
#     adapters:
#       - name: support-bot-lora-r16
#         sha256: 7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
#         base_model_revision: 0e9e39f249a16976918f6564b8830bc894c89659
#         signature:
#           method: model-signing
#           verified: true
#           bundle: adapter.sig
#           public_key: keys/signer.pub.pem
package ftcomply.controls.post_adp_01

import data.ftcomply.lib

# Training methods whose product is an adapter: the job must record it.
adapter_methods := {"lora", "qlora", "prefix"}

method := lib.value(["training", "method"])

has_adapters if count(lib.adapters) > 0

not_applicable contains "a full fine-tune has no adapters" if {
	not has_adapters
	method == "full"
}

not_applicable contains reason if {
	not has_adapters
	lib.is_set(method)
	method != "full"
	not method in adapter_methods
	reason := sprintf("no adapter is recorded and training.method %s does not require one", [method])
}

deny contains finding if {
	not has_adapters
	method in adapter_methods
	finding := {
		"msg": sprintf("training.method is %s but no adapter is recorded in adapters", [method]),
		"path": lib.pointer(["adapters"]),
	}
}

deny contains finding if {
	not has_adapters
	not lib.is_set(method)
	finding := {
		"msg": "training.method is not set and no adapter is recorded, so whether adapters are required is unknown",
		"path": lib.pointer(["training", "method"]),
	}
}

deny contains finding if {
	some i, a in lib.adapters
	not lib.has(a, "sha256")
	finding := {
		"msg": sprintf("adapter %s has no sha256 digest", [lib.label(a, "name", i)]),
		"path": sprintf("/adapters/%d", [i]),
	}
}

deny contains finding if {
	some i, a in lib.adapters
	lib.has(a, "sha256")
	not lib.is_digest(a.sha256)
	finding := {
		"msg": sprintf("adapter %s has a malformed sha256 (64 lowercase hex characters expected)", [lib.label(a, "name", i)]),
		"path": sprintf("/adapters/%d/sha256", [i]),
	}
}

# The signature of the adapter at index i: its model-signing bundle checked under --verify
# (whatever the outcome), in which case the check, not the declared `verified`, decides.
pointer(i) := sprintf("/adapters/%d", [i])

checked(i) if lib.signature_checked(pointer(i))

deny contains finding if {
	some i, a in lib.adapters
	not checked(i)
	lib.value(["adapters", i, "signature", "verified"]) != true
	finding := {
		"msg": sprintf("adapter %s has no verified signature (signature.verified is not true)", [lib.label(a, "name", i)]),
		"path": lib.pointer(["adapters", i, "signature", "verified"]),
	}
}

deny contains finding if {
	some i, a in lib.adapters
	field := ["adapters", i, "base_model_revision"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("adapter %s does not record the base_model_revision it was trained on", [lib.label(a, "name", i)]),
		"path": lib.pointer(field),
	}
}

# Only compared when the base revision is set: a missing one is PRE-MODEL-01's finding.
deny contains finding if {
	some i, a in lib.adapters
	lib.is_set(input.descriptor.base_model.revision)
	lib.is_set(a.base_model_revision)
	a.base_model_revision != input.descriptor.base_model.revision
	finding := {
		"msg": sprintf(
			"adapter %s was trained on base revision %q, not on the pinned base_model.revision %q",
			[lib.label(a, "name", i), a.base_model_revision, input.descriptor.base_model.revision],
		),
		"path": sprintf("/adapters/%d/base_model_revision", [i]),
	}
}

# ---------------------------------------------------------------------------
# Under --verify: the model-signing bundles (input.evidence.signatures, docs/evidence.md)

deny contains finding if {
	some i, a in lib.adapters
	check := lib.signature_check(pointer(i))
	check.status in lib.failed_signature_statuses
	finding := {
		"msg": sprintf("adapter %s: %s", [lib.label(a, "name", i), lib.signature_failure(check)]),
		"path": lib.pointer(["adapters", i, "signature", "bundle"]),
	}
}

deny contains finding if {
	lib.verified_required
	some i, a in lib.adapters
	lib.has(a, "signature")
	not checked(i)
	finding := {
		"msg": sprintf(
			"adapter %s: its signature is declared only (no model-signing bundle verified), but risk tier %s requires verified evidence (verified_evidence_tiers)",
			[lib.label(a, "name", i), lib.risk_tier_text],
		),
		"path": lib.pointer(["adapters", i, "signature", "bundle"]),
	}
}

declared contains sprintf("adapter %s: signature declared, no model-signing bundle verified", [lib.label(a, "name", i)]) if {
	input.evidence
	not lib.verified_required
	some i, a in lib.adapters
	not checked(i)
}
