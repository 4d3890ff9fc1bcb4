package ftcomply.controls.pre_data_01_test

import data.ftcomply.controls.pre_data_01

digest := "3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

test_pass_every_dataset_hashed if {
	count(pre_data_01.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "sha256": digest},
		{"name": "b", "sha256": digest},
	]}}
}

test_fail_missing_digest if {
	pre_data_01.deny == {{"msg": "dataset \"b\" has no sha256 content digest", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "sha256": digest},
		{"name": "b"},
	]}}
}

test_fail_malformed_digest if {
	some finding in pre_data_01.deny with input as {"descriptor": {"datasets": [{"name": "a", "sha256": "ABC"}]}}
	finding.path == "/datasets/0/sha256"
}

# A dataset without a usable name is still reported, by its index (sprintf %q would raise
# on a non-string name, and a missing one would drop the finding).
test_fail_unnamed_datasets_are_numbered if {
	pre_data_01.deny == {
		{"msg": "dataset #0 has no sha256 content digest", "path": "/datasets/0"},
		{"msg": "dataset #1 has a malformed sha256 (64 lowercase hex characters expected)", "path": "/datasets/1/sha256"},
	} with input as {"descriptor": {"datasets": [{"role": "train"}, {"name": 42, "sha256": "ABC"}]}}
}

test_fail_non_string_digest_is_malformed if {
	pre_data_01.deny == {{
		"msg": "dataset \"a\" has a malformed sha256 (64 lowercase hex characters expected)",
		"path": "/datasets/0/sha256",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "sha256": false}]}}
}

test_fail_no_dataset if {
	pre_data_01.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no content digest can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": []}}
	pre_data_01.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no content digest can be checked",
		"path": "",
	}} with input as {"descriptor": {"training": {"method": "full"}}}
	count(pre_data_01.deny) == 1 with input as {"descriptor": {"datasets": {"name": "a"}}}
}
