package ftcomply.controls.pre_data_07_test

import data.ftcomply.controls.pre_data_07

as_of := "2026-11-26T00:00:00Z"

dataset(scans) := {"name": "a", "role": "train", "scans": scans}

test_pass_fresh_scans if {
	count(pre_data_07.deny) == 0 with input as {"as_of": as_of, "descriptor": {"datasets": [
		dataset({
			"moderation": {"run_at": "2026-11-18T12:00:00Z", "flagged_ratio": 0},
			"pii": {"run_at": "2026-11-25T23:59:59+00:00", "findings": 0},
		}),
		{"name": "b", "role": "eval", "scans": {"poisoning": {"run_at": "2026-08-28T00:00:00Z", "passed": true}}},
	]}}
}

test_pass_missing_scans_are_not_checked if {
	count(pre_data_07.deny) == 0 with input as {"as_of": as_of, "descriptor": {"datasets": [
		{"name": "a", "role": "train"},
		dataset({}),
		dataset({"x-notes": "reviewed by hand"}),
	]}}
}

test_fail_missing_run_at if {
	pre_data_07.deny == {{"msg": "the pii scan of dataset \"a\" has no run_at", "path": "/datasets/0/scans/pii"}} with input as {"as_of": as_of, "descriptor": {"datasets": [
		dataset({"pii": {"findings": 0}}),
	]}}
}

test_fail_malformed_run_at if {
	pre_data_07.deny == {{
		"msg": "the moderation scan of dataset \"a\" has a malformed run_at (RFC 3339 datetime with offset expected)",
		"path": "/datasets/0/scans/moderation/run_at",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"moderation": {"run_at": "2026-11-18"}})]}}
}

test_fail_non_string_run_at if {
	count(pre_data_07.deny) == 1 with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"moderation": {"run_at": 20261118}})]}}
}

test_fail_future_run_at if {
	pre_data_07.deny == {{
		"msg": "the poisoning scan of dataset \"a\" ran at 2026-12-01T00:00:00Z, after as_of 2026-11-26T00:00:00Z",
		"path": "/datasets/0/scans/poisoning/run_at",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"poisoning": {"run_at": "2026-12-01T00:00:00Z"}})]}}
}

test_fail_stale_run_at if {
	pre_data_07.deny == {{
		"msg": "the moderation scan of dataset \"b\" ran at 2026-05-01T00:00:00Z, more than max_evidence_age_days (90) days before as_of 2026-11-26T00:00:00Z",
		"path": "/datasets/1/scans/moderation/run_at",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [
		dataset({"moderation": {"run_at": "2026-11-18T12:00:00Z"}}),
		{"name": "b", "role": "safety", "scans": {"moderation": {"run_at": "2026-05-01T00:00:00Z"}}},
	]}}
}

test_fail_one_finding_per_scan if {
	count(pre_data_07.deny) == 3 with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({
		"moderation": {"run_at": "2026-05-01T00:00:00Z"},
		"poisoning": {"run_at": "2027-01-01T00:00:00Z"},
		"pii": {},
		"agent_actions": {"run_at": "2026-11-20T00:00:00Z"},
	})]}}
}

test_param_shortens_max_age if {
	count(pre_data_07.deny) == 1 with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"moderation": {"run_at": "2026-11-18T12:00:00Z"}})]}}
		with data.ftcomply.params.max_evidence_age_days as 7
}

test_param_extends_max_age if {
	count(pre_data_07.deny) == 0 with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"moderation": {"run_at": "2026-05-01T00:00:00Z"}})]}}
		with data.ftcomply.params.max_evidence_age_days as 365
}

test_fail_impossible_run_at_is_malformed if {
	pre_data_07.deny == {{
		"msg": "the pii scan of dataset \"a\" has a malformed run_at (RFC 3339 datetime with offset expected)",
		"path": "/datasets/0/scans/pii/run_at",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [dataset({"pii": {"run_at": "2026-02-30T00:00:00Z"}})]}}
}

# Scan kinds are map keys: the pointer escapes "/" and "~" (RFC 6901); unnamed datasets are numbered.
test_fail_pointer_escapes_scan_kind if {
	pre_data_07.deny == {{
		"msg": "the vendor/x scan of dataset #0 has no run_at",
		"path": "/datasets/0/scans/vendor~1x",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [{"role": "train", "scans": {"vendor/x": {}}}]}}
}
