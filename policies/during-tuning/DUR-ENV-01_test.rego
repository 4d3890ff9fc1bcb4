package ftcomply.controls.dur_env_01_test

import data.ftcomply.controls.dur_env_01

good_env := {"network_isolated": true, "secrets_source": "vault", "access_control": "rbac:ml-train"}

with_env(env) := {"descriptor": {"training": {"method": "lora", "environment": env}}, "as_of": "2026-11-26T00:00:00Z"}

test_pass_isolated_environment if {
	count(dur_env_01.deny) == 0 with input as with_env(good_env)
}

test_pass_kms_and_env_sources if {
	count(dur_env_01.deny) == 0 with input as with_env(object.union(good_env, {"secrets_source": "kms"}))
	count(dur_env_01.deny) == 0 with input as with_env(object.union(good_env, {"secrets_source": "env"}))
}

test_fail_not_isolated if {
	dur_env_01.deny == {{
		"msg": "training environment is not network-isolated (network_isolated: true required)",
		"path": "/training/environment/network_isolated",
	}} with input as with_env(object.union(good_env, {"network_isolated": false}))
}

test_fail_isolation_not_boolean if {
	some finding in dur_env_01.deny with input as with_env(object.union(good_env, {"network_isolated": "yes"}))
	finding.path == "/training/environment/network_isolated"
}

test_fail_inline_secrets if {
	dur_env_01.deny == {{
		"msg": "training secrets are inline (secrets_source: inline); serve them from vault, kms or env",
		"path": "/training/environment/secrets_source",
	}} with input as with_env(object.union(good_env, {"secrets_source": "inline"}))
}

test_fail_missing_secrets_source if {
	dur_env_01.deny == {{
		"msg": "training environment declares no secrets_source (vault, kms or env expected)",
		"path": "/training/environment",
	}} with input as with_env(object.remove(good_env, ["secrets_source"]))
}

test_fail_missing_access_control if {
	dur_env_01.deny == {{
		"msg": "training environment declares no access_control",
		"path": "/training/environment",
	}} with input as with_env(object.remove(good_env, ["access_control"]))
}

test_fail_empty_access_control if {
	dur_env_01.deny == {{
		"msg": "training environment declares no access_control",
		"path": "/training/environment/access_control",
	}} with input as with_env(object.union(good_env, {"access_control": " "}))
}

test_fail_missing_environment_one_finding_per_problem if {
	findings := dur_env_01.deny with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(findings) == 3
	every finding in findings {
		finding.path == "/training"
	}
}

test_fail_everything_wrong if {
	findings := dur_env_01.deny with input as with_env({"network_isolated": false, "secrets_source": "inline"})
	count(findings) == 3
}

# Without a training section the nearest existing parent is the document root.
test_fail_no_training_section_points_at_root if {
	findings := dur_env_01.deny with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(findings) == 3
	every finding in findings {
		finding.path == ""
	}
}

test_fail_environment_not_an_object if {
	findings := dur_env_01.deny with input as with_env("isolated")
	{f.msg | some f in findings} == {
		"training environment is not network-isolated (network_isolated: true required)",
		"training environment declares no secrets_source (vault, kms or env expected)",
		"training environment declares no access_control",
	}
	every finding in findings {
		finding.path == "/training/environment"
	}
}

managed(training) := {"descriptor": {"training": object.union({"method": "other", "provider": "managed-api"}, training)}}

test_not_applicable_for_a_managed_provider_with_assurance if {
	dur_env_01.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}})
}

test_fail_managed_provider_without_assurance if {
	count(dur_env_01.not_applicable) == 0 with input as managed({})
	count(dur_env_01.deny) > 0 with input as managed({})
	count(dur_env_01.not_applicable) == 0 with input as managed({"provider_assurance": {"reference": "https://vendor.example/soc2"}})
	count(dur_env_01.not_applicable) == 0 with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": ""}})
	count(dur_env_01.not_applicable) == 0 with input as {"descriptor": {"training": {"method": "lora", "provider": "self-hosted", "provider_assurance": {"job_id": "j", "reference": "r"}}}}
}
