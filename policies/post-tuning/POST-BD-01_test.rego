package ftcomply.controls.post_bd_01_test

import data.ftcomply.controls.post_bd_01

as_of := "2026-11-26T00:00:00Z"

ran := "2026-11-21T12:00:00Z"

# A scan with its run time (the checks below are about other fields unless they say so).
scan(s) := {"descriptor": {"evaluation": {"backdoor_scan": object.union({"run_at": ran}, s)}}, "as_of": as_of}

bare_scan(s) := {"descriptor": {"evaluation": {"backdoor_scan": s}}, "as_of": as_of}

test_pass_weight_scan if {
	count(post_bd_01.deny) == 0 with input as scan({"tool": "weight-inspector", "methods": ["behavioral", "weight"], "passed": true})
}

test_pass_representation_scan if {
	count(post_bd_01.deny) == 0 with input as scan({"methods": ["representation"], "passed": true})
}

test_fail_no_scan if {
	post_bd_01.deny == {{"msg": "no backdoor scan of the tuned model is recorded in evaluation.backdoor_scan", "path": "/evaluation"}} with input as {"descriptor": {"evaluation": {"safety": []}}, "as_of": as_of}
}

test_fail_no_evaluation if {
	some finding in post_bd_01.deny with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
	finding.path == ""
}

test_fail_scan_not_passed if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan did not pass (evaluation.backdoor_scan.passed is not true)",
		"path": "/evaluation/backdoor_scan/passed",
	}} with input as scan({"methods": ["weight"], "passed": false})
}

test_fail_empty_scan if {
	post_bd_01.deny == {
		{"msg": "the backdoor scan did not pass (evaluation.backdoor_scan.passed is not true)", "path": "/evaluation/backdoor_scan"},
		{
			"msg": "the backdoor scan's methods include neither weight nor representation analysis; behavioural probing alone misses triggers it does not guess",
			"path": "/evaluation/backdoor_scan",
		},
		{"msg": "the backdoor scan records no run_at, so its age is unknown", "path": "/evaluation/backdoor_scan"},
	} with input as bare_scan({})
}

test_fail_run_at_missing if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan records no run_at, so its age is unknown",
		"path": "/evaluation/backdoor_scan",
	}} with input as bare_scan({"methods": ["weight"], "passed": true})
}

test_fail_run_at_malformed if {
	every when in ["yesterday", "2026-02-30T12:00:00Z", "2026-11-21", false, null] {
		post_bd_01.deny == {{
			"msg": "the backdoor scan's run_at is not an RFC 3339 datetime",
			"path": "/evaluation/backdoor_scan/run_at",
		}} with input as scan({"methods": ["weight"], "passed": true, "run_at": when})
	}
}

test_fail_run_at_in_future if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan ran at 2250-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/backdoor_scan/run_at",
	}} with input as scan({"methods": ["weight"], "passed": true, "run_at": "2250-01-01T00:00:00Z"})
}

test_fail_run_at_stale if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan ran at 1990-01-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
		"path": "/evaluation/backdoor_scan/run_at",
	}} with input as scan({"methods": ["weight"], "passed": true, "run_at": "1990-01-01T00:00:00Z"})
	count(post_bd_01.deny) == 0 with input as scan({"methods": ["weight"], "passed": true, "run_at": "2026-08-28T00:00:00Z"})
	count(post_bd_01.deny) == 1 with input as scan({"methods": ["weight"], "passed": true, "run_at": "2026-08-28T00:00:00Z"})
		with data.ftcomply.params.max_evidence_age_days as 30
}

test_pass_run_at_exactly_at_as_of if {
	count(post_bd_01.deny) == 0 with input as scan({"methods": ["weight"], "passed": true, "run_at": as_of})
}

test_fail_scan_result_missing if {
	some finding in post_bd_01.deny with input as scan({"methods": ["weight"]})
	finding.path == "/evaluation/backdoor_scan"
}

test_fail_behavioral_only if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan's methods include neither weight nor representation analysis; behavioural probing alone misses triggers it does not guess",
		"path": "/evaluation/backdoor_scan/methods",
	}} with input as scan({"methods": ["behavioral"], "passed": true})
}

test_fail_methods_missing if {
	post_bd_01.deny == {{
		"msg": "the backdoor scan's methods include neither weight nor representation analysis; behavioural probing alone misses triggers it does not guess",
		"path": "/evaluation/backdoor_scan",
	}} with input as scan({"passed": true})
}

test_fail_methods_not_a_list if {
	count(post_bd_01.deny) == 1 with input as scan({"methods": "weight", "passed": true})
}
