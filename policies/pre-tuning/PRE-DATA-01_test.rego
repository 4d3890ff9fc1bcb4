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
