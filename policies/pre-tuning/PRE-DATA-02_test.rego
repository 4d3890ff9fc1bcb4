package ftcomply.controls.pre_data_02_test

import data.ftcomply.controls.pre_data_02

test_pass_internal_without_source_url if {
	count(pre_data_02.deny) == 0 with input as {"descriptor": {"datasets": [{
		"name": "a", "role": "train", "license": "proprietary",
		"provenance": {"origin": "internal", "collected_at": "2026-10-01"},
	}]}}
}

test_pass_public_with_source_url if {
	count(pre_data_02.deny) == 0 with input as {"descriptor": {"datasets": [{
		"name": "a", "role": "eval", "license": "Apache-2.0",
		"provenance": {"origin": "public", "collected_at": "2026-10-01", "source_url": "https://example.org/a"},
	}]}}
}

test_fail_missing_provenance_names_each_field_at_dataset if {
	pre_data_02.deny == {
		{"msg": "dataset \"a\" has no provenance.origin", "path": "/datasets/0"},
		{"msg": "dataset \"a\" has no provenance.collected_at", "path": "/datasets/0"},
	} with input as {"descriptor": {"datasets": [{"name": "a", "role": "safety", "license": "MIT"}]}}
}

test_fail_missing_collected_at_points_to_provenance if {
	pre_data_02.deny == {{"msg": "dataset \"b\" has no provenance.collected_at", "path": "/datasets/1/provenance"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "MIT", "provenance": {"origin": "synthetic", "collected_at": "2026-10-01"}},
		{"name": "b", "license": "MIT", "provenance": {"origin": "synthetic"}},
	]}}
}

test_fail_missing_license if {
	pre_data_02.deny == {{"msg": "dataset \"a\" has no license", "path": "/datasets/0"}} with input as {"descriptor": {"datasets": [{
		"name": "a", "provenance": {"origin": "internal", "collected_at": "2026-10-01"},
	}]}}
}

test_fail_empty_license_points_to_field if {
	pre_data_02.deny == {{"msg": "dataset \"a\" has no license", "path": "/datasets/0/license"}} with input as {"descriptor": {"datasets": [{
		"name": "a", "license": "  ", "provenance": {"origin": "internal", "collected_at": "2026-10-01"},
	}]}}
}

test_fail_empty_origin_points_to_field if {
	pre_data_02.deny == {{"msg": "dataset \"a\" has no provenance.origin", "path": "/datasets/0/provenance/origin"}} with input as {"descriptor": {"datasets": [{
		"name": "a", "license": "MIT", "provenance": {"origin": "", "collected_at": "2026-10-01"},
	}]}}
}

test_fail_external_origins_need_source_url if {
	every origin in ["public", "vendor", "user-upload"] {
		pre_data_02.deny == {{"msg": "dataset \"a\" has no provenance.source_url", "path": "/datasets/0/provenance"}} with input as {"descriptor": {"datasets": [{
			"name": "a", "license": "MIT", "provenance": {"origin": origin, "collected_at": "2026-10-01"},
		}]}}
	}
}

test_fail_one_finding_per_missing_field if {
	count(pre_data_02.deny) == 3 with input as {"descriptor": {"datasets": [{
		"name": "a", "provenance": {"origin": "vendor"},
	}]}}
}

test_fail_no_dataset if {
	pre_data_02.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no provenance or licence can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": []}}
	pre_data_02.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no provenance or licence can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
}

test_fail_non_string_fields_are_not_set if {
	pre_data_02.deny == {
		{"msg": "dataset \"a\" has no provenance.origin", "path": "/datasets/0/provenance/origin"},
		{"msg": "dataset \"a\" has no license", "path": "/datasets/0/license"},
	} with input as {"descriptor": {"datasets": [{
		"name": "a", "license": 7, "provenance": {"origin": null, "collected_at": "2026-10-01"},
	}]}}
}
