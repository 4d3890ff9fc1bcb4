package ftcomply.controls.pre_data_04_test

import data.ftcomply.controls.pre_data_04

moderated(ratio) := {"moderation": {"tool": "llama-guard-3", "run_at": "2026-11-18T12:00:00Z", "flagged_ratio": ratio}}

test_pass_train_datasets_moderated if {
	count(pre_data_04.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": moderated(0)},
		{"name": "b", "role": "train", "scans": moderated(0.0)},
	]}}
}

test_pass_other_roles_need_no_scan if {
	count(pre_data_04.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "t", "role": "train", "scans": moderated(0)},
		{"name": "a", "role": "safety"},
		{"name": "b", "role": "eval", "scans": moderated(0.5)},
	]}}
}

test_fail_no_train_dataset if {
	pre_data_04.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no moderation scan of the training data can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "safety"},
		{"name": "b", "role": "validation", "scans": moderated(0)},
	]}}
	pre_data_04.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no moderation scan of the training data can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
	count(pre_data_04.deny) == 1 with input as {"descriptor": {"datasets": []}}
}

test_fail_no_scans if {
	pre_data_04.deny == {{"msg": "train dataset \"b\" has no moderation scan", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": moderated(0)},
		{"name": "b", "role": "train"},
	]}}
}

test_fail_no_moderation_scan_points_to_scans if {
	pre_data_04.deny == {{"msg": "train dataset \"a\" has no moderation scan", "path": "/datasets/0/scans"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": {"pii": {"findings": 0}}},
	]}}
}

test_fail_missing_ratio if {
	pre_data_04.deny == {{
		"msg": "the moderation scan of train dataset \"a\" records no numeric flagged_ratio",
		"path": "/datasets/0/scans/moderation",
	}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": {"moderation": {"tool": "llama-guard-3"}}},
	]}}
}

test_fail_non_numeric_ratio if {
	pre_data_04.deny == {{
		"msg": "the moderation scan of train dataset \"a\" records no numeric flagged_ratio",
		"path": "/datasets/0/scans/moderation/flagged_ratio",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated("low")}]}}
}

test_fail_ratio_exceeded if {
	pre_data_04.deny == {{
		"msg": "the moderation scan of train dataset \"a\" flagged a ratio of 0.031, above max_moderation_flagged_ratio 0",
		"path": "/datasets/0/scans/moderation/flagged_ratio",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(0.031)}]}}
}

test_param_raises_threshold if {
	count(pre_data_04.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(0.031)}]}}
		with data.ftcomply.params.max_moderation_flagged_ratio as 0.05
}

test_param_at_threshold_passes if {
	count(pre_data_04.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(0.05)}]}}
		with data.ftcomply.params.max_moderation_flagged_ratio as 0.05
}

test_param_lowers_threshold if {
	count(pre_data_04.deny) == 1 with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(0.06)}]}}
		with data.ftcomply.params.max_moderation_flagged_ratio as 0.05
}

test_fail_ratio_null if {
	pre_data_04.deny == {{
		"msg": "the moderation scan of train dataset \"a\" records no numeric flagged_ratio",
		"path": "/datasets/0/scans/moderation/flagged_ratio",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(null)}]}}
}

# Numbers in messages are written in plain decimal on every engine (OPA's %v writes 1e-05).
test_small_numbers_are_written_in_decimal if {
	pre_data_04.deny == {{
		"msg": "the moderation scan of train dataset \"a\" flagged a ratio of 0.00002, above max_moderation_flagged_ratio 0.00001",
		"path": "/datasets/0/scans/moderation/flagged_ratio",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": moderated(0.00002)}]}}
		with data.ftcomply.params.max_moderation_flagged_ratio as 0.00001
}
