package ftcomply.controls.post_adp_01_test

import data.ftcomply.controls.post_adp_01

as_of := "2026-11-26T00:00:00Z"

digest := "7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

revision := "0e9e39f249a16976918f6564b8830bc894c89659"

good := {
	"name": "lora-r16",
	"uri": "s3://models/lora-r16/",
	"sha256": digest,
	"base_model_revision": revision,
	"signature": {"method": "sigstore", "verified": true},
}

job(adapters) := {"descriptor": {"base_model": {"id": "m", "revision": revision}, "adapters": adapters}, "as_of": as_of}

test_pass_verified_adapter if {
	count(post_adp_01.deny) == 0 with input as job([good])
}

with_method(method, adapters) := {"descriptor": {
	"base_model": {"id": "m", "revision": revision},
	"training": {"method": method},
	"adapters": adapters,
}, "as_of": as_of}

without_adapters(method) := {"descriptor": {"base_model": {"id": "m", "revision": revision}, "training": {"method": method}}, "as_of": as_of}

test_pass_lora_with_verified_adapter if {
	count(post_adp_01.deny) == 0 with input as with_method("lora", [good])
	count(post_adp_01.not_applicable) == 0 with input as with_method("lora", [good])
}

test_not_applicable_full_fine_tune_without_adapters if {
	post_adp_01.not_applicable == {"a full fine-tune has no adapters"} with input as without_adapters("full")
	post_adp_01.not_applicable == {"a full fine-tune has no adapters"} with input as with_method("full", [])
	count(post_adp_01.deny) == 0 with input as without_adapters("full")
}

test_not_applicable_other_method_without_adapters if {
	post_adp_01.not_applicable == {"no adapter is recorded and training.method dpo does not require one"} with input as without_adapters("dpo")
}

# Adapters that are recorded are judged, whatever the method says.
test_adapters_of_a_full_fine_tune_are_still_checked if {
	count(post_adp_01.not_applicable) == 0 with input as with_method("full", [object.remove(good, ["sha256"])])
	count(post_adp_01.deny) == 1 with input as with_method("full", [object.remove(good, ["sha256"])])
}

test_fail_adapter_method_without_adapters if {
	every method in ["lora", "qlora", "prefix"] {
		post_adp_01.deny == {{
			"msg": sprintf("training.method is %s but no adapter is recorded in adapters", [method]),
			"path": "",
		}} with input as without_adapters(method)
		count(post_adp_01.not_applicable) == 0 with input as without_adapters(method)
	}
	post_adp_01.deny == {{"msg": "training.method is qlora but no adapter is recorded in adapters", "path": "/adapters"}} with input as with_method("qlora", [])
}

test_fail_method_missing_without_adapters if {
	post_adp_01.deny == {{
		"msg": "training.method is not set and no adapter is recorded, so whether adapters are required is unknown",
		"path": "",
	}} with input as {"descriptor": {"base_model": {"id": "m", "revision": revision}}, "as_of": as_of}
	post_adp_01.deny == {{
		"msg": "training.method is not set and no adapter is recorded, so whether adapters are required is unknown",
		"path": "/training",
	}} with input as {"descriptor": {"training": {"framework": "axolotl"}, "adapters": []}, "as_of": as_of}
	count(post_adp_01.not_applicable) == 0 with input as {"descriptor": {"training": {}}, "as_of": as_of}
}

test_fail_missing_digest if {
	post_adp_01.deny == {{"msg": "adapter \"lora-r16\" has no sha256 digest", "path": "/adapters/0"}} with input as job([object.remove(good, ["sha256"])])
}

test_fail_malformed_digest if {
	post_adp_01.deny == {{
		"msg": "adapter \"lora-r16\" has a malformed sha256 (64 lowercase hex characters expected)",
		"path": "/adapters/0/sha256",
	}} with input as job([object.union(good, {"sha256": "abc"})])
}

test_fail_unverified_signature if {
	post_adp_01.deny == {{
		"msg": "adapter \"second\" has no verified signature (signature.verified is not true)",
		"path": "/adapters/1/signature/verified",
	}} with input as job([good, object.union(good, {"name": "second", "signature": {"method": "gpg", "verified": false}})])
}

test_fail_no_signature if {
	some finding in post_adp_01.deny with input as job([object.remove(good, ["signature"])])
	finding.path == "/adapters/0"
}

test_fail_signature_without_verification if {
	some finding in post_adp_01.deny with input as job([object.union(object.remove(good, ["signature"]), {"signature": {"method": "sigstore"}})])
	finding.path == "/adapters/0/signature"
}

test_fail_missing_adapter_base_revision if {
	post_adp_01.deny == {{
		"msg": "adapter \"lora-r16\" does not record the base_model_revision it was trained on",
		"path": "/adapters/0",
	}} with input as job([object.remove(good, ["base_model_revision"])])
}

test_fail_other_base_revision if {
	post_adp_01.deny == {{
		"msg": "adapter \"lora-r16\" was trained on base revision \"v0.2\", not on the pinned base_model.revision \"0e9e39f249a16976918f6564b8830bc894c89659\"",
		"path": "/adapters/0/base_model_revision",
	}} with input as job([object.union(good, {"base_model_revision": "v0.2"})])
}

test_no_comparison_without_base_revision if {
	count(post_adp_01.deny) == 0 with input as {"descriptor": {"base_model": {"id": "m"}, "adapters": [good]}, "as_of": as_of}
}

test_missing_adapter_revision_still_fails_without_base_revision if {
	count(post_adp_01.deny) == 1 with input as {"descriptor": {"base_model": {"id": "m"}, "adapters": [object.remove(good, ["base_model_revision"])]}, "as_of": as_of}
}

# An entry that is not an object has none of the evidence, so every check fails for it.
test_fail_adapter_entry_not_an_object if {
	post_adp_01.deny == {
		{"msg": "adapter #0 has no sha256 digest", "path": "/adapters/0"},
		{"msg": "adapter #0 has no verified signature (signature.verified is not true)", "path": "/adapters/0"},
		{"msg": "adapter #0 does not record the base_model_revision it was trained on", "path": "/adapters/0"},
	} with input as job(["lora-r16"])
}

# ---------------------------------------------------------------------------
# Under --verify: the model-signing bundles

bundled := json.patch(good, [{"op": "replace", "path": "/signature", "value": {"method": "model-signing", "bundle": "adapter.sig", "public_key": "keys/signer.pub.pem"}}])

check(i, status, reason) := {
	"pointer": sprintf("/adapters/%d", [i]), "status": status, "reason": reason, "method": "public-key",
	"model": "/job/adapter", "bundle": "adapter.sig", "bundle_sha256": "ab12", "signer": "sha256:77aa",
	"manifest_digest": "sha256:9f00", "manifest_name": "adapter", "signed_files": ["adapter_model.safetensors"],
	"unsigned_files": [], "changed_files": [], "missing_files": [], "library_version": "1.1.1", "artifact_sha256": digest,
}

verified(tier, adapters, checks) := {
	"descriptor": {"metadata": {"risk_tier": tier}, "base_model": {"id": "m", "revision": revision}, "adapters": adapters},
	"as_of": as_of,
	"evidence": {"artifacts": [], "signatures": checks},
}

test_verified_pass_without_a_declared_verified if {
	every tier in ["low", "medium", "high"] {
		count(post_adp_01.deny) == 0 with input as verified(tier, [bundled], [check(0, "verified", null)])
		count(post_adp_01.declared) == 0 with input as verified(tier, [bundled], [check(0, "verified", null)])
	}
}

test_fail_signature_check_fails if {
	post_adp_01.deny == {{
		"msg": "adapter \"lora-r16\": the model-signing signature adapter.sig is unsigned-files: adapter_config.json is not covered by the signature",
		"path": "/adapters/0/signature/bundle",
	}} with input as verified("low", [bundled], [check(0, "unsigned-files", "adapter_config.json is not covered by the signature")])
	# tampered: a signed file changed, although the descriptor says verified
	some finding in post_adp_01.deny with input as verified("low", [good, bundled], [check(1, "invalid", "adapter_model.safetensors changed")])
	finding.path == "/adapters/1/signature/bundle"
	count(post_adp_01.deny) == 1 with input as verified("low", [good, bundled], [check(1, "invalid", "adapter_model.safetensors changed")])
}

test_fail_declared_only_under_a_verified_tier if {
	post_adp_01.deny == {{
		"msg": "adapter \"lora-r16\": its signature is declared only (no model-signing bundle verified), but risk tier high requires verified evidence (verified_evidence_tiers)",
		"path": "/adapters/0/signature",
	}} with input as verified("high", [good], [])
}

test_declared_signature_outside_verified_tiers if {
	count(post_adp_01.deny) == 0 with input as verified("medium", [good], [])
	post_adp_01.declared == {"adapter \"lora-r16\": signature declared, no model-signing bundle verified"} with input as verified("medium", [good], [])
	post_adp_01.declared == {"adapter \"lora-r16\": signature declared, no model-signing bundle verified"} with input as json.remove(verified("medium", [good], []), ["evidence/signatures"])
}

test_without_verify_nothing_is_declared_or_required if {
	count(post_adp_01.deny) == 0 with input as json.remove(verified("high", [good], []), ["evidence"])
	count(post_adp_01.declared) == 0 with input as json.remove(verified("high", [good], []), ["evidence"])
	# a bundle without --verify is not checked: the declared flag decides
	some finding in post_adp_01.deny with input as job([bundled])
	finding.msg == "adapter \"lora-r16\" has no verified signature (signature.verified is not true)"
}
