package ftcomply.controls.dep_mon_01_test

import data.ftcomply.controls.dep_mon_01

as_of := "2026-11-26T00:00:00Z"

digest := "6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"

good := {
	"monitoring": {"enabled": true, "incident_contact": "trust-and-safety@example.com"},
	"rollback": {"previous_artifact_sha256": digest},
}

with_dep(deployment) := {"descriptor": {"deployment": deployment}, "as_of": as_of}

test_fail_without_deployment if {
	dep_mon_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so monitoring and rollback cannot be judged",
		"path": "",
	}} with input as {"descriptor": {"metadata": {"risk_tier": "low"}}, "as_of": as_of}
	dep_mon_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so monitoring and rollback cannot be judged",
		"path": "/deployment",
	}} with input as with_dep("on")
}

test_pass_monitored_with_rollback if {
	count(dep_mon_01.deny) == 0 with input as with_dep(good)
}

test_fail_monitoring_disabled if {
	dep_mon_01.deny == {{
		"msg": "deployment monitoring is not enabled (monitoring.enabled must be true)",
		"path": "/deployment/monitoring/enabled",
	}} with input as with_dep({"monitoring": {"enabled": false, "incident_contact": "oncall@example.com"}, "rollback": good.rollback})
}

test_fail_incident_contact_missing if {
	dep_mon_01.deny == {{
		"msg": "deployment has no incident contact (monitoring.incident_contact must name who answers incidents)",
		"path": "/deployment/monitoring",
	}} with input as with_dep({"monitoring": {"enabled": true}, "rollback": good.rollback})
}

test_fail_incident_contact_blank if {
	findings := dep_mon_01.deny with input as with_dep({"monitoring": {"enabled": true, "incident_contact": "  "}, "rollback": good.rollback})
	{f.path | some f in findings} == {"/deployment/monitoring/incident_contact"}
}

test_fail_rollback_missing if {
	dep_mon_01.deny == {{
		"msg": "deployment has no rollback target (rollback.previous_artifact_sha256 must be the digest of the previous artifact)",
		"path": "/deployment",
	}} with input as with_dep({"monitoring": good.monitoring})
}

test_fail_rollback_digest_malformed if {
	findings := dep_mon_01.deny with input as with_dep({"monitoring": good.monitoring, "rollback": {"previous_artifact_sha256": "v1.2"}})
	{f.path | some f in findings} == {"/deployment/rollback/previous_artifact_sha256"}
	count(findings) == 1
}

test_fail_one_finding_each_on_empty_deployment if {
	findings := dep_mon_01.deny with input as with_dep({})
	count(findings) == 3
	{f.path | some f in findings} == {"/deployment"}
}

# A field under a value that is not an object is missing: the evidence fails (on OPA too).
test_fail_monitoring_not_an_object if {
	dep_mon_01.deny == {
		{
			"msg": "deployment monitoring is not enabled (monitoring.enabled must be true)",
			"path": "/deployment/monitoring",
		},
		{
			"msg": "deployment has no incident contact (monitoring.incident_contact must name who answers incidents)",
			"path": "/deployment/monitoring",
		},
	} with input as with_dep({"monitoring": "on", "rollback": good.rollback})
}
