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

managed(training) := {"descriptor": {"training": object.union({"method": "other", "provider": "managed-api"}, training)}}

test_not_applicable_for_a_managed_provider_with_assurance if {
	dur_log_01.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}})
}

test_fail_managed_provider_without_assurance if {
	count(dur_log_01.not_applicable) == 0 with input as managed({})
	count(dur_log_01.deny) > 0 with input as managed({})
	count(dur_log_01.not_applicable) == 0 with input as managed({"provider_assurance": {"reference": "https://vendor.example/soc2"}})
	count(dur_log_01.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": ""}})
	count(dur_log_01.not_applicable) == 0 with input as {"descriptor": {"training": {"method": "lora", "provider": "self-hosted", "provider_assurance": {"job_id": "j", "reference": "r"}}}}
}
