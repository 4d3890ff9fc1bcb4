package ftcomply.controls.dep_gr_01_test

import data.ftcomply.controls.dep_gr_01

as_of := "2026-11-26T00:00:00Z"

on := {"input_filter": true, "output_filter": true}

dep(exposure, guardrails) := {"descriptor": {"deployment": {"exposure": exposure, "guardrails": guardrails}}, "as_of": as_of}

test_applies_to_public_and_partner if {
	count(dep_gr_01.not_applicable) == 0 with input as dep("public", on)
	count(dep_gr_01.not_applicable) == 0 with input as dep("partner", on)
}

test_not_applicable_internal if {
	dep_gr_01.not_applicable == {"deployment.exposure is internal"} with input as dep("internal", {})
}

test_fail_exposure_missing if {
	missing := {"descriptor": {"deployment": {"auth_required": true, "guardrails": on}}, "as_of": as_of}
	dep_gr_01.deny == {{
		"msg": "deployment.exposure is not set (public, partner or internal), so whether the deployment needs guardrails is unknown",
		"path": "/deployment",
	}} with input as missing
	count(dep_gr_01.not_applicable) == 0 with input as missing
	some finding in dep_gr_01.deny with input as dep("", on)
	finding.path == "/deployment/exposure"
}

test_fail_no_deployment_section if {
	dep_gr_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so its exposure and guardrails cannot be judged",
		"path": "",
	}} with input as {"descriptor": {}, "as_of": as_of}
	count(dep_gr_01.not_applicable) == 0 with input as {"descriptor": {}, "as_of": as_of}
}

# Exposure values outside the schema's list are judged like public ones (fail closed).
test_unknown_exposure_is_judged if {
	count(dep_gr_01.deny) == 2 with input as dep("everyone", {})
	count(dep_gr_01.not_applicable) == 0 with input as dep("everyone", {})
}

test_pass_both_filters_on if {
	count(dep_gr_01.deny) == 0 with input as dep("public", on)
}

test_fail_output_filter_off if {
	dep_gr_01.deny == {{
		"msg": "deployment exposed to public traffic has no output (harmful-content moderation) guardrail (guardrails.output_filter must be true)",
		"path": "/deployment/guardrails/output_filter",
	}} with input as dep("public", {"input_filter": true, "output_filter": false})
}

test_fail_input_filter_missing if {
	dep_gr_01.deny == {{
		"msg": "deployment exposed to partner traffic has no input (prompt-injection and jailbreak screening) guardrail (guardrails.input_filter must be true)",
		"path": "/deployment/guardrails",
	}} with input as dep("partner", {"output_filter": true})
}

test_fail_no_guardrails_one_finding_per_filter if {
	findings := dep_gr_01.deny with input as {"descriptor": {"deployment": {"exposure": "public"}}, "as_of": as_of}
	count(findings) == 2
	{f.path | some f in findings} == {"/deployment"}
}

test_fail_non_boolean_filter if {
	findings := dep_gr_01.deny with input as dep("public", {"input_filter": "yes", "output_filter": true})
	{f.path | some f in findings} == {"/deployment/guardrails/input_filter"}
}

test_no_findings_when_internal if {
	count(dep_gr_01.deny) == 0 with input as dep("internal", {})
}
