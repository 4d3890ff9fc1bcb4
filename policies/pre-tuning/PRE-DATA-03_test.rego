package ftcomply.controls.pre_data_03_test

import data.ftcomply.controls.pre_data_03

test_pass_untrusted_data_approved if {
	count(pre_data_03.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "public", "approved_by": "lee@example.com"}},
		{"name": "b", "provenance": {"origin": "user-upload", "approved_by": "dana@example.com"}},
	]}}
}

test_pass_trusted_origins_need_no_reviewer if {
	count(pre_data_03.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "provenance": {"origin": "internal"}},
		{"name": "b", "provenance": {"origin": "vendor"}},
		{"name": "c", "provenance": {"origin": "synthetic"}},
		{"name": "d"},
	]}}
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
