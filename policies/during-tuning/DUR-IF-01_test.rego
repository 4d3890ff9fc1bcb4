package ftcomply.controls.dur_if_01_test

import data.ftcomply.controls.dur_if_01

with_submitter(submitter) := {"descriptor": {"training": {"method": "lora", "submitter": submitter}}, "as_of": "2026-11-26T00:00:00Z"}

test_pass_verified_submitter if {
	count(dur_if_01.deny) == 0 with input as with_submitter({"id": "alex.kim@example.com", "verified": true})
}

test_fail_unverified_submitter if {
	dur_if_01.deny == {{
		"msg": "training submitter \"anonymous\" is not verified (verified: true required)",
		"path": "/training/submitter/verified",
	}} with input as with_submitter({"id": "anonymous", "verified": false})
}

test_fail_verified_missing if {
	dur_if_01.deny == {{
		"msg": "training submitter \"alex\" is not verified (verified: true required)",
		"path": "/training/submitter",
	}} with input as with_submitter({"id": "alex"})
}

test_fail_verified_not_boolean if {
	some finding in dur_if_01.deny with input as with_submitter({"id": "alex", "verified": "true"})
	finding.path == "/training/submitter/verified"
}

test_fail_missing_id if {
	dur_if_01.deny == {{
		"msg": "training job does not name its submitter (submitter.id)",
		"path": "/training/submitter",
	}} with input as with_submitter({"verified": true})
}

test_fail_empty_id if {
	dur_if_01.deny == {{
		"msg": "training job does not name its submitter (submitter.id)",
		"path": "/training/submitter/id",
	}} with input as with_submitter({"id": "  ", "verified": true})
}

test_fail_no_submitter if {
	dur_if_01.deny == {
		{"msg": "training job does not name its submitter (submitter.id)", "path": "/training"},
		{"msg": "training submitter is not verified (verified: true required)", "path": "/training"},
	} with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_no_training_section_points_at_root if {
	dur_if_01.deny == {
		{"msg": "training job does not name its submitter (submitter.id)", "path": ""},
		{"msg": "training submitter is not verified (verified: true required)", "path": ""},
	} with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_submitter_not_an_object if {
	dur_if_01.deny == {
		{"msg": "training job does not name its submitter (submitter.id)", "path": "/training/submitter"},
		{"msg": "training submitter is not verified (verified: true required)", "path": "/training/submitter"},
	} with input as with_submitter("alex")
}
