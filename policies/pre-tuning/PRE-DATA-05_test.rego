package ftcomply.controls.pre_data_05_test

import data.ftcomply.controls.pre_data_05

scanned(passed) := {"poisoning": {"tool": "ftcomply-poison-scan", "run_at": "2026-11-18T12:30:00Z", "passed": passed}}

test_pass_external_train_data_scanned if {
	count(pre_data_05.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "public"}, "scans": scanned(true)},
		{"name": "b", "role": "train", "provenance": {"origin": "vendor"}, "scans": scanned(true)},
	]}}
}

test_pass_internal_and_non_train_data_need_no_scan if {
	count(pre_data_05.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "b", "role": "eval", "provenance": {"origin": "public"}},
		{"name": "c", "role": "safety"},
		{"name": "d", "role": "train", "provenance": {"origin": "public"}, "scans": scanned(true)},
	]}}
	count(pre_data_05.not_applicable) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "d", "role": "train", "provenance": {"origin": "public"}, "scans": scanned(true)},
	]}}
}

test_not_applicable_when_every_train_dataset_is_internal if {
	pre_data_05.not_applicable == {"every train dataset has origin internal"} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "b", "role": "eval", "provenance": {"origin": "public"}},
		{"name": "c", "role": "safety"},
	]}}
	count(pre_data_05.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
	]}}
}

test_missing_origin_is_never_excused if {
	count(pre_data_05.not_applicable) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "b", "role": "train"},
	]}}
	pre_data_05.deny == {{"msg": "train dataset \"b\" (origin not declared) has no poisoning scan", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "b", "role": "train"},
	]}}
}

test_fail_no_train_dataset if {
	pre_data_05.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no poisoning scan of the training data can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": [
		{"name": "b", "role": "validation", "provenance": {"origin": "internal"}},
	]}}
	count(pre_data_05.not_applicable) == 0 with input as {"descriptor": {"datasets": [
		{"name": "b", "role": "validation", "provenance": {"origin": "internal"}},
	]}}
	pre_data_05.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no poisoning scan of the training data can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
}

test_fail_external_without_scan if {
	pre_data_05.deny == {{"msg": "train dataset \"b\" (origin \"user-upload\") has no poisoning scan", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "internal"}},
		{"name": "b", "role": "train", "provenance": {"origin": "user-upload"}},
	]}}
}

test_fail_missing_origin_counts_as_external if {
	pre_data_05.deny == {{"msg": "train dataset \"a\" (origin not declared) has no poisoning scan", "path": "/datasets/0/scans"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": {"moderation": {"flagged_ratio": 0}}},
	]}}
}

test_fail_synthetic_needs_scan if {
	count(pre_data_05.deny) == 1 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "synthetic"}},
	]}}
}

test_fail_scan_failed if {
	pre_data_05.deny == {{"msg": "the poisoning scan of train dataset \"a\" (origin \"public\") did not pass", "path": "/datasets/0/scans/poisoning/passed"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "public"}, "scans": scanned(false)},
	]}}
}

test_fail_scan_without_result if {
	pre_data_05.deny == {{"msg": "the poisoning scan of train dataset \"a\" (origin \"public\") records no result (passed: true expected)", "path": "/datasets/0/scans/poisoning"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "public"}, "scans": {"poisoning": {"tool": "x"}}},
	]}}
}

test_fail_non_boolean_result if {
	count(pre_data_05.deny) == 1 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": {"origin": "public"}, "scans": scanned("yes")},
	]}}
}
