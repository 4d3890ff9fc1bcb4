package ftcomply.controls.post_bd_01_test

import data.ftcomply.controls.post_bd_01

as_of := "2026-11-26T00:00:00Z"

scan(s) := {"descriptor": {"evaluation": {"backdoor_scan": s}}, "as_of": as_of}

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
