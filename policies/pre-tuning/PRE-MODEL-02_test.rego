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

test_pass_registry_and_internal_need_no_signature if {
	every source in ["registry", "internal"] {
		count(pre_model_02.deny) == 0 with input as {"descriptor": {"base_model": {"id": "org/base", "source": source}}, "as_of": "2026-11-26T00:00:00Z"}
	}
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
