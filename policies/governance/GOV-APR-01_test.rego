package ftcomply.controls.gov_apr_01_test

import data.ftcomply.controls.gov_apr_01

as_of := "2026-11-26T00:00:00Z"

job(tier, approvals) := {"descriptor": {"metadata": {"risk_tier": tier}, "approvals": approvals}, "as_of": as_of}

security := {"role": "security", "name": "priya.raman@example.com", "approved_at": "2026-11-23T09:00:00Z"}

data_owner := {"role": "data-owner", "name": "dana.okafor@example.com", "approved_at": "2026-11-23T10:00:00Z"}

model_owner := {"role": "model-owner", "name": "tomas.berg@example.com", "approved_at": "2026-11-23T11:00:00Z"}

test_pass_high_tier_all_roles if {
	count(gov_apr_01.deny) == 0 with input as job("high", [security, data_owner, model_owner])
}

test_pass_medium_and_low_tiers if {
	count(gov_apr_01.deny) == 0 with input as job("medium", [model_owner, security])
	count(gov_apr_01.deny) == 0 with input as job("low", [model_owner])
}

test_pass_approval_exactly_at_as_of if {
	count(gov_apr_01.deny) == 0 with input as job("low", [object.union(model_owner, {"approved_at": as_of})])
}

test_fail_missing_roles_one_finding_each if {
	gov_apr_01.deny == {
		{"msg": "no approval by role \"security\" (required for high-tier jobs)", "path": "/approvals"},
		{"msg": "no approval by role \"data-owner\" (required for high-tier jobs)", "path": "/approvals"},
	} with input as job("high", [model_owner])
}

test_fail_no_approvals_field if {
	gov_apr_01.deny == {{"msg": "no approval by role \"model-owner\" (required for low-tier jobs)", "path": ""}} with input as {
		"descriptor": {"metadata": {"risk_tier": "low"}},
		"as_of": as_of,
	}
}

test_fail_future_approval_does_not_count if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" is dated 2026-12-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z (a future approval does not count)",
		"path": "/approvals/1/approved_at",
	}} with input as job("medium", [security, object.union(model_owner, {"approved_at": "2026-12-01T00:00:00Z"})])
}

test_fail_approver_name_blank if {
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approver name", "path": "/approvals/0/name"}} with input as job("low", [object.union(model_owner, {"name": " "})])
}

test_fail_approver_name_missing if {
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approver name", "path": "/approvals/0"}} with input as job("low", [{"role": "model-owner", "approved_at": "2026-11-23T11:00:00Z"}])
}

test_fail_approved_at_missing if {
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approved_at time", "path": "/approvals/0"}} with input as job("low", [{"role": "model-owner", "name": "sam"}])
}

test_fail_approved_at_malformed if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" has an approved_at that is not an RFC 3339 datetime",
		"path": "/approvals/0/approved_at",
	}} with input as job("low", [object.union(model_owner, {"approved_at": "2026-11-23"})])
}

test_pass_one_valid_entry_among_invalid_ones if {
	count(gov_apr_01.deny) == 0 with input as job("low", [
		object.union(model_owner, {"approved_at": "2027-01-01T00:00:00Z"}),
		model_owner,
	])
}

test_one_finding_per_role_with_several_bad_entries if {
	findings := gov_apr_01.deny with input as job("low", [
		object.union(model_owner, {"approved_at": "2027-01-01T00:00:00Z"}),
		object.union(model_owner, {"name": ""}),
	])
	count(findings) == 1
}

test_other_roles_do_not_count if {
	findings := gov_apr_01.deny with input as job("low", [security, {"role": "legal", "name": "x", "approved_at": "2026-11-01T00:00:00Z"}])
	{f.msg | some f in findings} == {"no approval by role \"model-owner\" (required for low-tier jobs)"}
}

test_param_required_approvals_honoured if {
	findings := gov_apr_01.deny with input as job("low", [model_owner])
		with data.ftcomply.params.required_approvals as {"high": [], "medium": [], "low": ["model-owner", "legal"]}
	{f.msg | some f in findings} == {"no approval by role \"legal\" (required for low-tier jobs)"}
	count(gov_apr_01.deny) == 0 with input as job("high", [])
		with data.ftcomply.params.required_approvals as {"high": [], "medium": [], "low": ["model-owner"]}
}

# Impossible dates are malformed (the time builtins would raise on them), and a present
# but false approved_at is reported at the field, not as missing.
test_fail_impossible_or_false_approved_at if {
	every when in ["2026-02-30T09:00:00Z", "2026-13-01T09:00:00Z", "9999-01-01T00:00:00Z", false] {
		gov_apr_01.deny == {{
			"msg": "approval by role \"model-owner\" has an approved_at that is not an RFC 3339 datetime",
			"path": "/approvals/0/approved_at",
		}} with input as job("low", [object.union(model_owner, {"approved_at": when})])
	}
}

# The first problem is named: a missing name before a missing or malformed time.
test_fail_approver_name_missing_is_named_first if {
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approver name", "path": "/approvals/0"}} with input as job("low", [{"role": "model-owner"}])
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approver name", "path": "/approvals/0"}} with input as job("low", [{"role": "model-owner", "approved_at": "2026-13-40"}])
	gov_apr_01.deny == {{"msg": "approval by role \"model-owner\" has no approver name", "path": "/approvals/0"}} with input as job("low", [{"role": "model-owner", "approved_at": "2027-01-01T00:00:00Z"}])
}
