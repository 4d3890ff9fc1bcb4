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
