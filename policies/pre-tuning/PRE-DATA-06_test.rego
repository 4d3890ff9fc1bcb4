package ftcomply.controls.pre_data_06_test

import data.ftcomply.controls.pre_data_06

pii(findings, action) := {"pii": {"tool": "presidio", "run_at": "2026-11-18T13:00:00Z", "findings": findings, "action": action}}

test_pass_clean_and_handled if {
	count(pre_data_06.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "classification": "internal", "scans": pii(0, "none")},
		{"name": "b", "role": "train", "scans": pii(312, "redacted")},
		{"name": "c", "role": "train", "classification": "personal", "scans": pii(0, "removed")},
		{"name": "d", "role": "eval", "classification": "personal"},
	]}}
}

test_fail_no_pii_scan if {
	pre_data_06.deny == {{"msg": "train dataset \"a\" has no pii scan", "path": "/datasets/0"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train"},
	]}}
}

test_fail_no_pii_scan_points_to_scans if {
	pre_data_06.deny == {{"msg": "train dataset \"a\" has no pii scan", "path": "/datasets/0/scans"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "classification": "personal", "scans": {"moderation": {"flagged_ratio": 0}}},
	]}}
}

test_fail_findings_not_handled if {
	pre_data_06.deny == {{
		"msg": "train dataset \"a\" holds personal data (1841 pii findings) but its pii scan action is \"none\", not redacted or removed",
		"path": "/datasets/0/scans/pii/action",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": pii(1841, "none")}]}}
}

test_fail_personal_classification_not_handled if {
	pre_data_06.deny == {{
		"msg": "train dataset \"a\" holds personal data (classification personal) but its pii scan action is \"none\", not redacted or removed",
		"path": "/datasets/0/scans/pii/action",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "classification": "personal", "scans": pii(0, "none")}]}}
}

test_fail_missing_action_points_to_scan if {
	pre_data_06.deny == {{
		"msg": "train dataset \"a\" holds personal data (3 pii findings) but its pii scan action is not recorded, not redacted or removed",
		"path": "/datasets/0/scans/pii",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": {"pii": {"findings": 3}}}]}}
}

test_fail_both_reasons_give_one_finding if {
	count(pre_data_06.deny) == 1 with input as {"descriptor": {"datasets": [
		{"name": "a", "role": "train", "classification": "personal", "scans": pii(5, "none")},
	]}}
}

test_fail_no_train_dataset if {
	pre_data_06.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no pii scan of the training data can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": [{"name": "d", "role": "eval", "classification": "internal", "scans": pii(0, "none")}]}}
	pre_data_06.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no pii scan of the training data can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
}

test_fail_scan_without_findings_count if {
	pre_data_06.deny == {{
		"msg": "the pii scan of train dataset \"a\" records no numeric findings count",
		"path": "/datasets/0/scans/pii",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "classification": "internal", "scans": {"pii": {"tool": "presidio", "action": "none"}}}]}}
	pre_data_06.deny == {{
		"msg": "the pii scan of train dataset \"a\" records no numeric findings count",
		"path": "/datasets/0/scans/pii/findings",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "classification": "internal", "scans": pii("3", "redacted")}]}}
}

test_fail_clean_scan_without_classification if {
	pre_data_06.deny == {{
		"msg": "train dataset \"a\" has no classification, so whether it holds personal data that its pii scan did not find is unknown",
		"path": "/datasets/0",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": pii(0, "none")}]}}
	pre_data_06.deny == {{
		"msg": "train dataset \"a\" has no classification, so whether it holds personal data that its pii scan did not find is unknown",
		"path": "/datasets/0/classification",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "classification": "", "scans": {"pii": {"findings": 0}}}]}}
}

test_pass_redacted_data_needs_no_classification if {
	count(pre_data_06.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "role": "train", "scans": pii(0, "redacted")}]}}
}
