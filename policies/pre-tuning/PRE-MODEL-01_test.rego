package ftcomply.controls.pre_model_01_test

import data.ftcomply.controls.pre_model_01

digest := "5b0cbe8f0b2e6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"

pinned := {"id": "org/base", "source": "hub", "revision": "0e9e39f249a16976918f6564b8830bc894c89659", "sha256": digest}

test_pass_pinned_revision_and_digest if {
	count(pre_model_01.deny) == 0 with input as {"descriptor": {"base_model": pinned}, "as_of": "2026-11-26T00:00:00Z"}
}

test_pass_version_tag if {
	count(pre_model_01.deny) == 0 with input as {"descriptor": {"base_model": object.union(pinned, {"revision": "v3.2.0"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_missing_revision if {
	pre_model_01.deny == {{"msg": "base model \"org/base\" has no pinned revision", "path": "/base_model"}} with input as {"descriptor": {"base_model": object.remove(pinned, ["revision"])}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_empty_revision if {
	some finding in pre_model_01.deny with input as {"descriptor": {"base_model": object.union(pinned, {"revision": "  "})}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model/revision"
}

test_fail_non_string_revision if {
	some finding in pre_model_01.deny with input as {"descriptor": {"base_model": object.union(pinned, {"revision": 3})}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model/revision"
}

test_fail_floating_revision if {
	pre_model_01.deny == {{
		"msg": "base model \"org/base\" revision \"main\" is a floating reference; pin a commit id or version",
		"path": "/base_model/revision",
	}} with input as {"descriptor": {"base_model": object.union(pinned, {"revision": "main"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_floating_revision_any_case if {
	every revision in ["Master", "LATEST", "Head", " main "] {
		count(pre_model_01.deny) == 1 with input as {"descriptor": {"base_model": object.union(pinned, {"revision": revision})}, "as_of": "2026-11-26T00:00:00Z"}
	}
}

test_fail_missing_digest if {
	pre_model_01.deny == {{"msg": "base model \"org/base\" has no sha256 digest of its weights", "path": "/base_model"}} with input as {"descriptor": {"base_model": object.remove(pinned, ["sha256"])}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_malformed_digest if {
	pre_model_01.deny == {{
		"msg": "base model \"org/base\" has a malformed sha256 (64 lowercase hex characters expected)",
		"path": "/base_model/sha256",
	}} with input as {"descriptor": {"base_model": object.union(pinned, {"sha256": upper(digest)})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_both_missing if {
	count(pre_model_01.deny) == 2 with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub"}}, "as_of": "2026-11-26T00:00:00Z"}
}

managed(training) := {"descriptor": {
	"base_model": {"id": "gpt-4o-mini", "source": "vendor", "revision": "gpt-4o-mini-2024-07-18"},
	"training": object.union({"method": "other", "provider": "managed-api"}, training),
}}

assurance := {"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}}

test_pass_managed_provider_weights_need_no_digest if {
	count(pre_model_01.deny) == 0 with input as managed(assurance)
}

test_fail_managed_provider_without_assurance_needs_a_digest if {
	pre_model_01.deny == {{"msg": "base model \"gpt-4o-mini\" has no sha256 digest of its weights", "path": "/base_model"}} with input as managed({})
	count(pre_model_01.deny) == 1 with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": ""}})
}

test_fail_managed_provider_still_pins_a_revision if {
	pre_model_01.deny == {{"msg": "base model \"gpt-4o-mini\" has no pinned revision", "path": "/base_model"}} with input as json.remove(managed(assurance), ["descriptor/base_model/revision"])
	pre_model_01.deny == {{
		"msg": "base model \"gpt-4o-mini\" has a malformed sha256 (64 lowercase hex characters expected)",
		"path": "/base_model/sha256",
	}} with input as json.patch(managed(assurance), [{"op": "add", "path": "/descriptor/base_model/sha256", "value": "abc"}])
}

test_fail_no_base_model if {
	pre_model_01.deny == {
		{"msg": "base model (unnamed) has no pinned revision", "path": ""},
		{"msg": "base model (unnamed) has no sha256 digest of its weights", "path": ""},
	} with input as {"descriptor": {}}
}
