package ftcomply.controls.dep_if_01_test

import data.ftcomply.controls.dep_if_01

as_of := "2026-11-26T00:00:00Z"

good := {"auth_required": true, "rate_limit": {"requests_per_minute": 60}}

test_fail_without_deployment if {
	dep_if_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so authentication and rate limiting cannot be judged",
		"path": "",
	}} with input as {"descriptor": {"metadata": {"risk_tier": "high"}}, "as_of": as_of}
	dep_if_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so authentication and rate limiting cannot be judged",
		"path": "/deployment",
	}} with input as {"descriptor": {"deployment": null}, "as_of": as_of}
}

test_pass_authenticated_and_rate_limited if {
	count(dep_if_01.deny) == 0 with input as {"descriptor": {"deployment": good}, "as_of": as_of}
}

test_fail_auth_not_required if {
	dep_if_01.deny == {{
		"msg": "deployment does not require authentication (auth_required must be true)",
		"path": "/deployment/auth_required",
	}} with input as {"descriptor": {"deployment": object.union(good, {"auth_required": false})}, "as_of": as_of}
}

test_fail_auth_missing if {
	dep_if_01.deny == {{
		"msg": "deployment does not require authentication (auth_required must be true)",
		"path": "/deployment",
	}} with input as {"descriptor": {"deployment": {"rate_limit": {"requests_per_minute": 60}}}, "as_of": as_of}
}

test_fail_rate_limit_missing if {
	findings := dep_if_01.deny with input as {"descriptor": {"deployment": {"auth_required": true}}, "as_of": as_of}
	count(findings) == 1
	some f in findings
	f.path == "/deployment"
	contains(f.msg, "rate limit")
}

test_fail_requests_per_minute_missing if {
	findings := dep_if_01.deny with input as {"descriptor": {"deployment": {
		"auth_required": true,
		"rate_limit": {"tokens_per_minute": 40000},
	}}, "as_of": as_of}
	{f.path | some f in findings} == {"/deployment/rate_limit"}
}

test_fail_requests_per_minute_not_positive if {
	findings := dep_if_01.deny with input as {"descriptor": {"deployment": {
		"auth_required": true,
		"rate_limit": {"requests_per_minute": 0},
	}}, "as_of": as_of}
	{f.path | some f in findings} == {"/deployment/rate_limit/requests_per_minute"}
}

test_fail_requests_per_minute_not_a_number if {
	findings := dep_if_01.deny with input as {"descriptor": {"deployment": {
		"auth_required": true,
		"rate_limit": {"requests_per_minute": "60"},
	}}, "as_of": as_of}
	{f.path | some f in findings} == {"/deployment/rate_limit/requests_per_minute"}
}

test_fail_both_rules_empty_deployment if {
	findings := dep_if_01.deny with input as {"descriptor": {"deployment": {}}, "as_of": as_of}
	count(findings) == 2
	{f.path | some f in findings} == {"/deployment"}
}
