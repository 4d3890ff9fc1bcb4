package ftcomply.controls.pre_data_07_test

import data.ftcomply.controls.pre_data_07

as_of := "2026-11-26T00:00:00Z"

collected := {"collected_at": "2026-09-30"}

dataset(scans) := {"name": "a", "role": "train", "provenance": collected, "scans": scans}

test_pass_fresh_scans if {
	count(pre_data_07.deny) == 0 with input as {"as_of": as_of, "descriptor": {"datasets": [
		dataset({
			"moderation": {"run_at": "2026-11-18T12:00:00Z", "flagged_ratio": 0},
			"pii": {"run_at": "2026-11-25T23:59:59+00:00", "findings": 0},
		}),
		{"name": "b", "role": "eval", "provenance": collected, "scans": {"poisoning": {"run_at": "2026-08-28T00:00:00Z", "passed": true}}},
	]}}
}

test_pass_datasets_without_scans_are_not_checked if {
	count(pre_data_07.deny) == 0 with input as {"as_of": as_of, "descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": collected},
		dataset({}),
		dataset({"x-notes": "reviewed by hand"}),
		dataset({"pii": {"run_at": "2026-11-25T23:59:59Z"}}),
	]}}
}

test_fail_no_scan_at_all if {
	pre_data_07.deny == {{
		"msg": "no dataset records a scan (datasets[].scans), so no scan date can be checked",
		"path": "/datasets",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [
		{"name": "a", "role": "train", "provenance": collected},
		dataset({}),
		dataset({"x-notes": "reviewed by hand"}),
	]}}
}

test_fail_no_dataset if {
	pre_data_07.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no scan or collection date can be checked",
		"path": "/datasets",
	}} with input as {"as_of": as_of, "descriptor": {"datasets": []}}
	pre_data_07.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no scan or collection date can be checked",
		"path": "",
	}} with input as {"as_of": as_of, "descriptor": {}}
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
		{"name": "b", "role": "safety", "provenance": collected, "scans": {"moderation": {"run_at": "2026-05-01T00:00:00Z"}}},
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
	}} with input as {"as_of": as_of, "descriptor": {"datasets": [{"role": "train", "provenance": collected, "scans": {"vendor/x": {}}}]}}
}

test_pass_collected_on_the_day_of_as_of if {
	count(pre_data_07.deny) == 0 with input as {"as_of": "2026-11-26T00:00:00Z", "descriptor": {"datasets": [
		object.union(dataset({"pii": {"run_at": "2026-11-25T00:00:00Z"}}), {"provenance": {"collected_at": "2026-11-26"}}),
		object.union(dataset({}), {"provenance": {"collected_at": "1998-02-28"}}),
	]}}
}

test_fail_missing_collected_at if {
	pre_data_07.deny == {
		{"msg": "dataset \"a\" has no provenance.collected_at, so the day its data was collected cannot be checked", "path": "/datasets/0"},
		{"msg": "dataset \"b\" has no provenance.collected_at, so the day its data was collected cannot be checked", "path": "/datasets/1/provenance"},
	} with input as {"as_of": as_of, "descriptor": {"datasets": [
		{"name": "a", "role": "train", "scans": {"pii": {"run_at": "2026-11-25T00:00:00Z"}}},
		{"name": "b", "role": "eval", "provenance": {"origin": "internal"}},
	]}}
}

test_fail_collected_after_the_day_of_as_of if {
	pre_data_07.deny == {{
		"msg": "dataset \"a\" was collected on 2026-11-27, after the day of as_of 2026-11-26T23:59:59Z",
		"path": "/datasets/0/provenance/collected_at",
	}} with input as {"as_of": "2026-11-26T23:59:59Z", "descriptor": {"datasets": [
		object.union(dataset({"pii": {"run_at": "2026-11-25T00:00:00Z"}}), {"provenance": {"collected_at": "2026-11-27"}}),
	]}}
	count(pre_data_07.deny) == 1 with input as {"as_of": as_of, "descriptor": {"datasets": [
		object.union(dataset({"pii": {"run_at": "2026-11-25T00:00:00Z"}}), {"provenance": {"collected_at": "2250-01-01"}}),
	]}}
}

test_fail_malformed_collected_at if {
	every bad in ["2026-02-30", "2026-9-30", "2026-09-30T00:00:00Z", "", "yesterday", 20260930, null] {
		pre_data_07.deny == {{
			"msg": "dataset \"a\" has a malformed provenance.collected_at (a date YYYY-MM-DD expected)",
			"path": "/datasets/0/provenance/collected_at",
		}} with input as {"as_of": as_of, "descriptor": {"datasets": [
			object.union(dataset({"pii": {"run_at": "2026-11-25T00:00:00Z"}}), {"provenance": {"collected_at": bad}}),
		]}}
	}
}
