package ftcomply.controls.dur_log_01_test

import data.ftcomply.controls.dur_log_01

with_log(log) := {"descriptor": {"training": {"method": "lora", "audit_log": log}}, "as_of": "2026-11-26T00:00:00Z"}

test_pass_immutable_log if {
	count(dur_log_01.deny) == 0 with input as with_log({"uri": "s3://audit/ml/job/", "immutable": true})
}

test_fail_mutable_log if {
	dur_log_01.deny == {{
		"msg": "training audit log is not immutable (immutable: true required)",
		"path": "/training/audit_log/immutable",
	}} with input as with_log({"uri": "s3://audit/ml/job/", "immutable": false})
}

test_fail_immutable_missing if {
	dur_log_01.deny == {{
		"msg": "training audit log is not immutable (immutable: true required)",
		"path": "/training/audit_log",
	}} with input as with_log({"uri": "s3://audit/ml/job/"})
}

test_fail_missing_uri if {
	dur_log_01.deny == {{
		"msg": "training declares no audit log location (audit_log.uri)",
		"path": "/training/audit_log",
	}} with input as with_log({"immutable": true})
}

test_fail_empty_uri if {
	dur_log_01.deny == {{
		"msg": "training declares no audit log location (audit_log.uri)",
		"path": "/training/audit_log/uri",
	}} with input as with_log({"uri": "", "immutable": true})
}

test_fail_no_audit_log if {
	findings := dur_log_01.deny with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(findings) == 2
	every finding in findings {
		finding.path == "/training"
	}
}

test_fail_no_training_section_points_at_root if {
	dur_log_01.deny == {
		{"msg": "training declares no audit log location (audit_log.uri)", "path": ""},
		{"msg": "training audit log is not immutable (immutable: true required)", "path": ""},
	} with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_uri_null if {
	dur_log_01.deny == {{
		"msg": "training declares no audit log location (audit_log.uri)",
		"path": "/training/audit_log/uri",
	}} with input as with_log({"uri": null, "immutable": true})
}
