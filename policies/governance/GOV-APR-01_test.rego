package ftcomply.controls.gov_apr_01_test

import data.ftcomply.controls.gov_apr_01

as_of := "2026-11-26T00:00:00Z"

submitter := {"id": "svc-ml-pipeline@example.com", "verified": true}

job(tier, approvals) := {"descriptor": {
	"metadata": {"risk_tier": tier},
	"training": {"method": "lora", "submitter": submitter},
	"approvals": approvals,
}, "as_of": as_of}

# The job with its evaluation evidence.
evaluated(tier, approvals, evaluation) := {"descriptor": {
	"metadata": {"risk_tier": tier},
	"training": {"method": "lora", "submitter": submitter},
	"evaluation": evaluation,
	"approvals": approvals,
}, "as_of": as_of}

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
		"descriptor": {"metadata": {"risk_tier": "low"}, "training": {"submitter": submitter}},
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
	gov_apr_01.not_applicable == {"required_approvals lists no role for high-tier jobs"} with input as job("high", [])
		with data.ftcomply.params.required_approvals as {"high": [], "medium": [], "low": ["model-owner"]}
	count(gov_apr_01.deny) == 0 with input as job("high", [])
		with data.ftcomply.params.required_approvals as {"high": [], "medium": [], "low": ["model-owner"]}
	count(gov_apr_01.not_applicable) == 0 with input as job("high", [])
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

test_fail_risk_tier_missing if {
	gov_apr_01.deny == {{"msg": "metadata.risk_tier is not set, so the approvals the job needs are unknown", "path": ""}} with input as {
		"descriptor": {"training": {"submitter": submitter}, "approvals": [model_owner]},
		"as_of": as_of,
	}
	count(gov_apr_01.not_applicable) == 0 with input as {"descriptor": {}, "as_of": as_of}
}

test_fail_empty_approvals_list if {
	gov_apr_01.deny == {{"msg": "no approval by role \"model-owner\" (required for low-tier jobs)", "path": "/approvals"}} with input as job("low", [])
}

test_fail_entry_without_role if {
	gov_apr_01.deny == {{"msg": "approval #1 names no role, so what it approves is unknown", "path": "/approvals/1"}} with input as job("low", [model_owner, {"name": "x", "approved_at": "2026-11-23T11:00:00Z"}])
}

# Roles are compared lower-cased (the parameter and the entry alike).
test_roles_compared_case_insensitively if {
	count(gov_apr_01.deny) == 0 with input as job("low", [object.union(model_owner, {"role": "Model-Owner"})])
	count(gov_apr_01.deny) == 0 with input as job("low", [model_owner])
		with data.ftcomply.params.required_approvals as {"high": [], "medium": [], "low": ["MODEL-OWNER"]}
}

# ---------------------------------------------------------------------------
# Separation of duties

test_fail_submitter_missing if {
	gov_apr_01.deny == {{
		"msg": "training.submitter.id is not set, so the approvals cannot be checked against the submitter (separation of duties)",
		"path": "/training",
	}} with input as {"descriptor": {"metadata": {"risk_tier": "low"}, "training": {"method": "lora"}, "approvals": [model_owner]}, "as_of": as_of}
	some finding in gov_apr_01.deny with input as {"descriptor": {"metadata": {"risk_tier": "low"}, "training": {"submitter": {"id": ""}}, "approvals": [model_owner]}, "as_of": as_of}
	finding.path == "/training/submitter/id"
}

test_fail_submitter_approves if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" is by the job's submitter (training.submitter.id): separation of duties needs another person",
		"path": "/approvals/0/name",
	}} with input as job("low", [object.union(model_owner, {"name": "SVC-ML-Pipeline@example.com"})])
}

test_submitter_approval_does_not_count_but_another_does if {
	count(gov_apr_01.deny) == 0 with input as job("low", [object.union(model_owner, {"name": "svc-ml-pipeline@example.com"}), model_owner])
}

# The submitter approving all three roles: each role is unapproved.
own(role) := {"role": role, "name": "svc-ml-pipeline@example.com", "approved_at": "2026-11-23T09:00:00Z"}

test_fail_submitter_approves_every_role if {
	findings := gov_apr_01.deny with input as job("high", [own("security"), own("data-owner"), own("model-owner")])
	count(findings) == 3
	{f.path | some f in findings} == {"/approvals/0/name", "/approvals/1/name", "/approvals/2/name"}
}

test_fail_one_person_holds_two_roles if {
	gov_apr_01.deny == {{
		"msg": "\"tomas.berg@example.com\" approved for several roles (data-owner, model-owner): each role required for high-tier jobs needs a different person",
		"path": "/approvals/2/name",
	}} with input as job("high", [security, object.union(data_owner, {"name": "Tomas.Berg@example.com"}), model_owner])
}

# A role outside the tier's requirement does not make one person hold two required roles.
test_extra_role_by_same_person_is_fine if {
	count(gov_apr_01.deny) == 0 with input as job("low", [model_owner, object.union(model_owner, {"role": "legal"})])
}

test_fail_lookalike_approver_name if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" has an approver name that mixes scripts (look-alike letters), so who approved is unclear",
		"path": "/approvals/0/name",
	}} with input as {
		"descriptor": {"metadata": {"risk_tier": "low"}, "training": {"submitter": submitter}, "approvals": [object.union(model_owner, {"name": "t\u043emas.berg"})]},
		"as_of": as_of,
		"text": {"confusables": [{"path": "/approvals/0/name", "value": "t\u043emas.berg"}]},
	}
}

# ---------------------------------------------------------------------------
# Approvals postdate the evidence they approve

evidence := {
	"safety": [{"benchmark": "harmbench", "run_at": "2026-11-21T10:00:00Z"}, {"benchmark": "multijail", "run_at": "2026-11-21T11:00:00Z"}],
	"backdoor_scan": {"run_at": "2026-11-21T12:00:00Z"},
	"red_team": {"completed_at": "2026-11-22T17:00:00Z"},
}

test_pass_approvals_after_evidence if {
	count(gov_apr_01.deny) == 0 with input as evaluated("high", [security, data_owner, model_owner], evidence)
	count(gov_apr_01.deny) == 0 with input as evaluated("low", [object.union(model_owner, {"approved_at": "2026-11-22T17:00:00Z"})], evidence)
}

test_fail_approval_before_red_team if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" is dated 2026-11-22T09:00:00Z, before the evidence it approves (evaluation.red_team.completed_at is 2026-11-22T17:00:00Z): approve after the evaluations are complete",
		"path": "/approvals/0/approved_at",
	}} with input as evaluated("low", [object.union(model_owner, {"approved_at": "2026-11-22T09:00:00Z"})], evidence)
}

test_fail_approval_before_safety_evaluation if {
	gov_apr_01.deny == {{
		"msg": "approval by role \"model-owner\" is dated 2026-11-21T10:30:00Z, before the evidence it approves (evaluation.safety[1].run_at is 2026-11-21T11:00:00Z): approve after the evaluations are complete",
		"path": "/approvals/0/approved_at",
	}} with input as evaluated("low", [object.union(model_owner, {"approved_at": "2026-11-21T10:30:00Z"})], {"safety": evidence.safety})
}

test_fail_approval_before_backdoor_scan_with_offsets if {
	some finding in gov_apr_01.deny with input as evaluated(
		"low",
		[object.union(model_owner, {"approved_at": "2026-11-21T13:30:00+02:00"})],
		{"backdoor_scan": {"run_at": "2026-11-21T12:00:00Z"}},
	)
	contains(finding.msg, "evaluation.backdoor_scan.run_at is 2026-11-21T12:00:00Z")
}

# Dated 1700: long before any evidence.
test_fail_ancient_approval if {
	some finding in gov_apr_01.deny with input as evaluated("low", [object.union(model_owner, {"approved_at": "1700-01-01T00:00:00Z"})], evidence)
	finding.path == "/approvals/0/approved_at"
}

# Malformed evidence dates are their own controls' findings, not a reason to reject approvals.
test_malformed_evidence_dates_ignored if {
	count(gov_apr_01.deny) == 0 with input as evaluated("low", [model_owner], {"red_team": {"completed_at": "2027-13-01"}, "safety": [{"run_at": 5}]})
}
