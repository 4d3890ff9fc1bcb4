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
