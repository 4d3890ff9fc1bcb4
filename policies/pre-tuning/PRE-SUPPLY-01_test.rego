package ftcomply.controls.pre_supply_01_test

import data.ftcomply.controls.pre_supply_01

code := {
	"repository": "https://git.example.com/ml/train",
	"commit": "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
	"image_digest": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	"lockfile_sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
}

test_pass_fully_pinned if {
	count(pre_supply_01.deny) == 0 with input as {"descriptor": {"training": {"method": "lora", "code": code}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_no_code_section if {
	pre_supply_01.deny == {
		{"msg": "training.code.commit is not set", "path": "/training"},
		{"msg": "training.code.image_digest is not set", "path": "/training"},
		{"msg": "training.code.lockfile_sha256 is not set", "path": "/training"},
	} with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_missing_commit if {
	pre_supply_01.deny == {{"msg": "training.code.commit is not set", "path": "/training/code"}} with input as {"descriptor": {"training": {"method": "lora", "code": object.remove(code, ["commit"])}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_short_commit if {
	pre_supply_01.deny == {{
		"msg": "training.code.commit is malformed (a full commit id of 40 lowercase hex characters expected)",
		"path": "/training/code/commit",
	}} with input as {"descriptor": {"training": {"method": "lora", "code": object.union(code, {"commit": "4b825dc"})}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_missing_image_digest if {
	pre_supply_01.deny == {{"msg": "training.code.image_digest is not set", "path": "/training/code"}} with input as {"descriptor": {"training": {"method": "lora", "code": object.remove(code, ["image_digest"])}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_image_tag_instead_of_digest if {
	pre_supply_01.deny == {{
		"msg": "training.code.image_digest is malformed (sha256: followed by 64 lowercase hex characters expected)",
		"path": "/training/code/image_digest",
	}} with input as {"descriptor": {"training": {"method": "lora", "code": object.union(code, {"image_digest": "registry.example.com/train:latest"})}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_missing_lockfile_digest if {
	pre_supply_01.deny == {{"msg": "training.code.lockfile_sha256 is not set", "path": "/training/code"}} with input as {"descriptor": {"training": {"method": "lora", "code": object.remove(code, ["lockfile_sha256"])}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_malformed_lockfile_digest if {
	some finding in pre_supply_01.deny with input as {"descriptor": {"training": {"method": "lora", "code": object.union(code, {"lockfile_sha256": 12345})}}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/training/code/lockfile_sha256"
}

test_fail_one_finding_per_field if {
	count(pre_supply_01.deny) == 3 with input as {"descriptor": {"training": {"method": "lora", "code": {
		"commit": upper(code.commit),
		"image_digest": code.lockfile_sha256,
		"lockfile_sha256": "",
	}}}, "as_of": "2026-11-26T00:00:00Z"}
}

managed(training) := {"descriptor": {"training": object.union({"method": "other", "provider": "managed-api"}, training)}}

test_not_applicable_for_a_managed_provider_with_assurance if {
	pre_supply_01.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}})
}

test_fail_managed_provider_without_assurance if {
	count(pre_supply_01.not_applicable) == 0 with input as managed({})
	count(pre_supply_01.deny) == 3 with input as managed({})
	count(pre_supply_01.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "ftjob-abc123"}})
	count(pre_supply_01.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "", "reference": "https://vendor.example/soc2"}})
	count(pre_supply_01.not_applicable) == 0 with input as {"descriptor": {"training": {"method": "lora", "provider": "self-hosted", "provider_assurance": {"job_id": "j", "reference": "r"}}}}
}

test_fail_no_training_section if {
	pre_supply_01.deny == {
		{"msg": "training.code.commit is not set", "path": ""},
		{"msg": "training.code.image_digest is not set", "path": ""},
		{"msg": "training.code.lockfile_sha256 is not set", "path": ""},
	} with input as {"descriptor": {}}
	count(pre_supply_01.not_applicable) == 0 with input as {"descriptor": {}}
}
