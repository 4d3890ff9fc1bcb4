package ftcomply.controls.dur_mon_01_test

import data.ftcomply.controls.dur_mon_01

good := {"safety_eval_every_steps": 200, "halt_on_alert": true}

with_monitoring(monitoring) := {"descriptor": {"training": {"method": "lora", "monitoring": monitoring}}, "as_of": "2026-11-26T00:00:00Z"}

test_pass_monitored_and_halting if {
	count(dur_mon_01.deny) == 0 with input as with_monitoring(good)
}

test_fail_missing_interval if {
	dur_mon_01.deny == {{
		"msg": "training declares no safety_eval_every_steps: safety is not evaluated during training",
		"path": "/training/monitoring",
	}} with input as with_monitoring({"halt_on_alert": true})
}

test_fail_interval_not_positive_integer if {
	every steps in [0, -5, 2.5, "200", null, false] {
		dur_mon_01.deny == {{
			"msg": "training monitoring safety_eval_every_steps must be a positive integer",
			"path": "/training/monitoring/safety_eval_every_steps",
		}} with input as with_monitoring({"safety_eval_every_steps": steps, "halt_on_alert": true})
	}
}

test_fail_no_halt if {
	dur_mon_01.deny == {{
		"msg": "training does not halt on a safety alert (halt_on_alert: true required)",
		"path": "/training/monitoring/halt_on_alert",
	}} with input as with_monitoring({"safety_eval_every_steps": 200, "halt_on_alert": false})
}

test_fail_halt_missing if {
	some finding in dur_mon_01.deny with input as with_monitoring({"safety_eval_every_steps": 200})
	finding.path == "/training/monitoring"
}

test_fail_no_monitoring if {
	findings := dur_mon_01.deny with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(findings) == 2
	every finding in findings {
		finding.path == "/training"
	}
}

managed(training) := {"descriptor": {"training": object.union({"method": "other", "provider": "managed-api"}, training)}}

test_not_applicable_for_a_managed_provider_with_assurance if {
	dur_mon_01.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}})
}

test_fail_managed_provider_without_assurance if {
	count(dur_mon_01.not_applicable) == 0 with input as managed({})
	count(dur_mon_01.deny) > 0 with input as managed({})
	count(dur_mon_01.not_applicable) == 0 with input as managed({"provider_assurance": {"reference": "https://vendor.example/soc2"}})
	count(dur_mon_01.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": ""}})
	count(dur_mon_01.not_applicable) == 0 with input as {"descriptor": {"training": {"method": "lora", "provider": "self-hosted", "provider_assurance": {"job_id": "j", "reference": "r"}}}}
}
