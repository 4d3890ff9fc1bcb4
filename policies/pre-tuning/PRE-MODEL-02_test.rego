package ftcomply.controls.pre_model_02_test

import data.ftcomply.controls.pre_model_02

signed := {
	"id": "org/base",
	"source": "hub",
	"signature": {"method": "sigstore", "verified": true, "identity": "releases@org.example"},
}

test_pass_hub_verified if {
	count(pre_model_02.deny) == 0 with input as {"descriptor": {"base_model": signed}, "as_of": "2026-11-26T00:00:00Z"}
}

test_pass_vendor_verified if {
	count(pre_model_02.deny) == 0 with input as {"descriptor": {"base_model": object.union(signed, {"source": "vendor"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_not_applicable_to_registry_and_internal_weights if {
	every source in ["registry", "internal"] {
		count(pre_model_02.deny) == 0 with input as {"descriptor": {"base_model": {"id": "org/base", "source": source}}, "as_of": "2026-11-26T00:00:00Z"}
	}
	pre_model_02.not_applicable == {"base model source is registry, not hub or vendor"} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "registry"}}}
	pre_model_02.not_applicable == {"base model source is internal, not hub or vendor"} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "internal"}}}
	count(pre_model_02.not_applicable) == 0 with input as {"descriptor": {"base_model": signed}}
}

test_fail_missing_source if {
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" declares no source, so whether its signature must be verified is unknown",
		"path": "/base_model",
	}} with input as {"descriptor": {"base_model": {"id": "org/base"}}}
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" declares no source, so whether its signature must be verified is unknown",
		"path": "/base_model/source",
	}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": ""}}}
	count(pre_model_02.not_applicable) == 0 with input as {"descriptor": {"base_model": {"id": "org/base"}}}
	pre_model_02.deny == {{
		"msg": "base model (unnamed) declares no source, so whether its signature must be verified is unknown",
		"path": "",
	}} with input as {"descriptor": {}}
}

managed(training) := {"descriptor": {
	"base_model": {"id": "gpt-4o-mini", "source": "vendor"},
	"training": object.union({"method": "other", "provider": "managed-api"}, training),
}}

test_not_applicable_to_a_managed_providers_weights if {
	pre_model_02.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}})
}

test_fail_managed_provider_without_assurance if {
	count(pre_model_02.not_applicable) == 0 with input as managed({})
	pre_model_02.deny == {{"msg": "base model \"gpt-4o-mini\" from source \"vendor\" has no signature", "path": "/base_model"}} with input as managed({})
	count(pre_model_02.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "", "reference": "soc2"}})
	count(pre_model_02.not_applicable) == 0 with input as json.patch(managed({"provider_assurance": {"job_id": "j", "reference": "r"}}), [{"op": "replace", "path": "/descriptor/training/provider", "value": "self-hosted"}])
}

test_fail_missing_signature if {
	pre_model_02.deny == {{"msg": "base model \"org/base\" from source \"hub\" has no signature", "path": "/base_model"}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_vendor_missing_signature if {
	some finding in pre_model_02.deny with input as {"descriptor": {"base_model": {"id": "org/base", "source": "vendor"}}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model"
}

test_fail_signature_without_verified if {
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" from source \"hub\" has a signature that is not marked verified",
		"path": "/base_model/signature",
	}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub", "signature": {"method": "gpg"}}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_unverified_signature if {
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" from source \"vendor\" has an unverified signature",
		"path": "/base_model/signature/verified",
	}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "vendor", "signature": {"method": "x509", "verified": false}}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_non_boolean_verified if {
	some finding in pre_model_02.deny with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub", "signature": {"verified": "yes"}}}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model/signature/verified"
}

# ---------------------------------------------------------------------------
# Under --verify: the model-signing bundle

bundled := json.patch(signed, [{"op": "replace", "path": "/signature", "value": {"method": "model-signing", "bundle": "base-model.sig", "public_key": "keys/vendor.pub.pem"}}])

check(status, reason) := {
	"pointer": "/base_model", "status": status, "reason": reason, "method": "public-key",
	"model": "/job/base-model", "bundle": "base-model.sig", "bundle_sha256": "ab12",
	"signer": "sha256:77aa", "manifest_digest": "sha256:9f00", "manifest_name": "base-model",
	"signed_files": ["config.json", "model.safetensors"], "unsigned_files": [], "changed_files": [],
	"missing_files": [], "library_version": "1.1.1", "artifact_sha256": "5b0c",
}

verified(tier, base, checks) := {
	"descriptor": {"metadata": {"risk_tier": tier}, "base_model": base},
	"as_of": "2026-11-26T00:00:00Z",
	"evidence": {"artifacts": [], "signatures": checks},
}

test_verified_pass_without_a_declared_verified if {
	every tier in ["medium", "high"] {
		count(pre_model_02.deny) == 0 with input as verified(tier, bundled, [check("verified", null)])
		count(pre_model_02.declared) == 0 with input as verified(tier, bundled, [check("verified", null)])
	}
	# the check decides, not the declared flag
	count(pre_model_02.deny) == 0 with input as verified("high", json.patch(bundled, [{"op": "add", "path": "/signature/verified", "value": false}]), [check("verified", null)])
}

test_fail_signature_check_fails if {
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" from source \"hub\": the model-signing signature base-model.sig is invalid: model.safetensors changed since it was signed",
		"path": "/base_model/signature/bundle",
	}} with input as verified("medium", json.patch(bundled, [{"op": "add", "path": "/signature/verified", "value": true}]), [check("invalid", "model.safetensors changed since it was signed")])
	every status in ["unverifiable", "unsigned-files"] {
		some finding in pre_model_02.deny with input as verified("medium", bundled, [check(status, "why")])
		finding.msg == sprintf("base model \"org/base\" from source \"hub\": the model-signing signature base-model.sig is %s: why", [status])
	}
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" from source \"hub\": the model-signing signature (no bundle path) is unverifiable: no reason given",
		"path": "/base_model/signature/bundle",
	}} with input as verified("medium", bundled, [object.union(check("unverifiable", null), {"bundle": null})])
}

test_fail_declared_only_under_a_verified_tier if {
	pre_model_02.deny == {{
		"msg": "base model \"org/base\" from source \"hub\": its signature is declared only (no model-signing bundle verified), but risk tier high requires verified evidence (verified_evidence_tiers)",
		"path": "/base_model/signature",
	}} with input as verified("high", signed, [])
	# a bundle of another artifact does not count
	count(pre_model_02.deny) == 1 with input as verified("high", signed, [object.union(check("verified", null), {"pointer": "/adapters/0"})])
}

test_declared_signature_outside_verified_tiers if {
	count(pre_model_02.deny) == 0 with input as verified("medium", signed, [])
	pre_model_02.declared == {"base model \"org/base\": signature declared, no model-signing bundle verified"} with input as verified("medium", signed, [])
	# inputs made before evidence.signatures existed
	pre_model_02.declared == {"base model \"org/base\": signature declared, no model-signing bundle verified"} with input as json.remove(verified("medium", signed, []), ["evidence/signatures"])
}

test_without_verify_nothing_is_declared_or_required if {
	plain := {"descriptor": {"metadata": {"risk_tier": "high"}, "base_model": signed}, "as_of": "2026-11-26T00:00:00Z"}
	count(pre_model_02.deny) == 0 with input as plain
	count(pre_model_02.declared) == 0 with input as plain
	# a bundle without --verify is not checked: the declared flag decides
	some finding in pre_model_02.deny with input as {"descriptor": {"base_model": bundled}}
	finding.msg == "base model \"org/base\" from source \"hub\" has a signature that is not marked verified"
}
