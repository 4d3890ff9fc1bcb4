package ftcomply.controls.pre_data_03_test

import data.ftcomply.controls.pre_data_03

test_pass_untrusted_data_approved if {
	count(pre_data_03.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "public", "approved_by": "lee@example.com"}},
		{"name": "b", "provenance": {"origin": "user-upload", "approved_by": "dana@example.com"}},
	]}}
	count(pre_data_03.not_applicable) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "public", "approved_by": "lee@example.com"}},
	]}}
}

test_not_applicable_when_every_origin_is_trusted if {
	pre_data_03.not_applicable == {"no dataset has origin public or user-upload"} with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "b", "provenance": {"origin": "vendor"}},
		{"name": "c", "provenance": {"origin": "synthetic"}},
	]}}
	count(pre_data_03.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "b", "provenance": {"origin": "vendor"}},
	]}}
}

test_fail_missing_origin_is_not_trusted if {
	pre_data_03.deny == {
		{"msg": "dataset \"d\" has no provenance.origin, so whether it needs a reviewer is unknown", "path": "/datasets/1"},
		{"msg": "dataset \"e\" has no provenance.origin, so whether it needs a reviewer is unknown", "path": "/datasets/2/provenance/origin"},
	} with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "d"},
		{"name": "e", "provenance": {"origin": ""}},
	]}}
	count(pre_data_03.not_applicable) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "d"},
	]}}
}

test_fail_no_dataset if {
	pre_data_03.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no review of untrusted data can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": []}}
	pre_data_03.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no review of untrusted data can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
	count(pre_data_03.not_applicable) == 0 with input as {"descriptor": {"datasets": []}}
}

test_fail_public_without_reviewer if {
	pre_data_03.deny == {{
		"msg": "dataset \"b\" has origin \"public\" but no reviewer in provenance.approved_by",
		"path": "/datasets/1/provenance",
	}} with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "b", "provenance": {"origin": "public"}},
	]}}
}

test_fail_user_upload_with_empty_reviewer if {
	pre_data_03.deny == {{
		"msg": "dataset \"a\" has origin \"user-upload\" but no reviewer in provenance.approved_by",
		"path": "/datasets/0/provenance/approved_by",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "provenance": {"origin": "user-upload", "approved_by": ""}}]}}
}
