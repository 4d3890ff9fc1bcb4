package ftcomply.controls.pre_data_08_test

import data.ftcomply.controls.pre_data_08

test_pass_declared_licences_default_params if {
	count(pre_data_08.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "CC-BY-NC-4.0"},
		{"name": "b", "license": "proprietary"},
	]}}
}

test_pass_licence_not_denied if {
	count(pre_data_08.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "license": "Apache-2.0"}]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*", "GPL-3.0-only"]
}

test_fail_missing_licence if {
	pre_data_08.deny == {{"msg": "dataset \"b\" declares no licence", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "MIT"},
		{"name": "b"},
	]}}
}

test_fail_empty_licence if {
	pre_data_08.deny == {{"msg": "dataset \"a\" declares no licence", "path": "/datasets/0/license"}} with input as {"descriptor": {"datasets": [{"name": "a", "license": ""}]}}
}

test_fail_denied_by_glob if {
	pre_data_08.deny == {{
		"msg": "dataset \"b\" has licence \"CC-BY-NC-4.0\", denied by denied_licenses (CC-BY-NC-*)",
		"path": "/datasets/1/license",
	}} with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "CC-BY-4.0"},
		{"name": "b", "license": "CC-BY-NC-4.0"},
	]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*"]
}

test_fail_denied_exact_and_case_insensitive if {
	count(pre_data_08.deny) == 2 with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "GPL-3.0-only"},
		{"name": "b", "license": "cc-by-nc-sa-4.0"},
	]}}
		with data.ftcomply.params.denied_licenses as ["GPL-3.0-only", "CC-BY-NC-*"]
}

test_fail_several_patterns_give_one_finding if {
	pre_data_08.deny == {{
		"msg": "dataset \"a\" has licence \"CC-BY-NC-SA-4.0\", denied by denied_licenses (CC-BY-NC-*, *-SA-*)",
		"path": "/datasets/0/license",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "license": "CC-BY-NC-SA-4.0"}]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*", "*-SA-*"]
}

test_fail_no_dataset if {
	pre_data_08.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no licence can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": []}}
	pre_data_08.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no licence can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
}
