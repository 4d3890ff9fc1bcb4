package ftcomply.controls.post_rt_01_test

import data.ftcomply.controls.post_rt_01

as_of := "2026-11-26T00:00:00Z"

done := {"performed": true, "completed_at": "2026-11-22T17:00:00Z", "open_findings": 0}

red_team(rt) := {"descriptor": {"evaluation": {"red_team": rt}}, "as_of": as_of}

test_pass_recent_clean_exercise if {
	count(post_rt_01.deny) == 0 with input as red_team(done)
}

test_fail_no_red_team if {
	post_rt_01.deny == {{"msg": "no red-team exercise is recorded in evaluation.red_team", "path": "/evaluation"}} with input as {"descriptor": {"evaluation": {"safety": []}}, "as_of": as_of}
}

test_fail_no_evaluation if {
	some finding in post_rt_01.deny with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
	finding.path == ""
}

test_fail_not_performed if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise is not recorded as performed (evaluation.red_team.performed is not true)",
		"path": "/evaluation/red_team/performed",
	}} with input as red_team(object.union(done, {"performed": false}))
}

test_fail_missing_completed_at if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise records no completed_at, so its age is unknown",
		"path": "/evaluation/red_team",
	}} with input as red_team(object.remove(done, ["completed_at"]))
}

test_fail_malformed_completed_at if {
	post_rt_01.deny == {{
		"msg": "the red-team completed_at is not an RFC 3339 datetime",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "last week"}))
}

test_fail_completed_in_future if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise completed at 2026-12-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "2026-12-01T00:00:00Z"}))
}

test_fail_stale if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise completed at 2026-05-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "2026-05-01T00:00:00Z"}))
}

test_fail_open_findings if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise left 3 finding(s) open",
		"path": "/evaluation/red_team/open_findings",
	}} with input as red_team(object.union(done, {"open_findings": 3}))
}

test_fail_unknown_open_findings if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise records no numeric open_findings; an unknown count is treated as open",
		"path": "/evaluation/red_team",
	}} with input as red_team(object.remove(done, ["open_findings"]))
}

test_params_honoured if {
	older := red_team(object.union(done, {"completed_at": "2026-10-01T00:00:00Z"}))
	count(post_rt_01.deny) == 0 with input as older
	count(post_rt_01.deny) == 1 with input as older with data.ftcomply.params.max_evidence_age_days as 30
}

test_fail_impossible_completed_at_is_malformed if {
	post_rt_01.deny == {{
		"msg": "the red-team completed_at is not an RFC 3339 datetime",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "2026-04-31T17:00:00Z"}))
}

test_fail_empty_red_team_one_finding_per_missing_field if {
	post_rt_01.deny == {
		{"msg": "the red-team exercise is not recorded as performed (evaluation.red_team.performed is not true)", "path": "/evaluation/red_team"},
		{"msg": "the red-team exercise records no completed_at, so its age is unknown", "path": "/evaluation/red_team"},
		{"msg": "the red-team exercise records no numeric open_findings; an unknown count is treated as open", "path": "/evaluation/red_team"},
	} with input as red_team({})
}

test_fail_dates_far_out_of_range if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise completed at 1990-01-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "1990-01-01T00:00:00Z"}))
	post_rt_01.deny == {{
		"msg": "the red-team exercise completed at 2250-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": "2250-01-01T00:00:00Z"}))
	post_rt_01.deny == {{
		"msg": "the red-team completed_at is not an RFC 3339 datetime",
		"path": "/evaluation/red_team/completed_at",
	}} with input as red_team(object.union(done, {"completed_at": null}))
}

# ---------------------------------------------------------------------------
# Under --verify: the red team's tool report

garak := {
	"status": "measured", "detail": "", "report": "redteam/report.jsonl", "report_sha256": "ab12",
	"tool": "garak", "tool_version": "0.13.0", "failed": 0, "attempts": 40, "errors": 0,
	"model": "support-bot-lora", "declared_model": "support-bot-lora", "run_at": "2026-11-22T09:00:00Z",
}

not_given := {
	"status": "not-given", "detail": "", "report": null, "report_sha256": null, "tool": null,
	"tool_version": null, "failed": 0, "attempts": null, "errors": 0, "model": null,
	"declared_model": null, "run_at": null,
}

reported := object.union(done, {"report": "redteam/report.jsonl", "model": "support-bot-lora"})

verified(tier, rt, run) := {
	"descriptor": {"metadata": {"risk_tier": tier}, "evaluation": {"red_team": rt}},
	"as_of": as_of,
	"evidence": {"artifacts": [], "red_team": run},
}

test_verified_pass if {
	every tier in ["medium", "high"] {
		count(post_rt_01.deny) == 0 with input as verified(tier, reported, garak)
		count(post_rt_01.declared) == 0 with input as verified(tier, reported, garak)
	}
	# the tool's run time governs: completed_at is not required then
	count(post_rt_01.deny) == 0 with input as verified("high", object.remove(reported, ["completed_at"]), garak)
}

test_fail_failed_attempts_not_counted_as_open if {
	post_rt_01.deny == {{
		"msg": "the red-team report redteam/report.jsonl records 3 failed attempts but open_findings declares 0",
		"path": "/evaluation/red_team/open_findings",
	}} with input as verified("high", reported, object.union(garak, {"failed": 3}))
	# counted, they are open findings
	post_rt_01.deny == {{
		"msg": "the red-team exercise left 3 finding(s) open",
		"path": "/evaluation/red_team/open_findings",
	}} with input as verified("high", object.union(reported, {"open_findings": 3}), object.union(garak, {"failed": 3}))
}

test_fail_not_bound_to_the_artifact if {
	post_rt_01.deny == {{
		"msg": "the red-team report redteam/report.jsonl is not bound to the artifact: the tool recorded target \"openai/gpt-4o\", the descriptor declares \"support-bot-lora\"",
		"path": "/evaluation/red_team/model",
	}} with input as verified("high", reported, object.union(garak, {"model": "openai/gpt-4o"}))
	post_rt_01.deny == {{
		"msg": "the red-team report redteam/report.jsonl is not bound to the artifact: the tool recorded target \"support-bot-lora\", the descriptor declares none",
		"path": "/evaluation/red_team",
	}} with input as verified("high", object.remove(reported, ["model"]), object.union(garak, {"declared_model": null}))
}

test_fail_stale_tool_run if {
	post_rt_01.deny == {
		{
			"msg": "the red-team report redteam/report.jsonl ran at 2026-01-02T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
			"path": "/evaluation/red_team/report",
		},
		{
			"msg": "the red-team completed_at 2026-11-22T17:00:00Z is more than a day from 2026-01-02T00:00:00Z, when the run in redteam/report.jsonl started",
			"path": "/evaluation/red_team/completed_at",
		},
	} with input as verified("high", reported, object.union(garak, {"run_at": "2026-01-02T00:00:00Z"}))
}

test_fail_tool_run_in_future_or_undated if {
	post_rt_01.deny == {{
		"msg": "the red-team report redteam/report.jsonl ran at 2026-11-27T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/red_team/report",
	}} with input as verified("high", object.union(reported, {"completed_at": "2026-11-26T00:00:00Z"}), object.union(garak, {"run_at": "2026-11-27T00:00:00Z"}))
	post_rt_01.deny == {{
		"msg": "the red-team report redteam/report.jsonl records no run time, so its age is unknown",
		"path": "/evaluation/red_team/report",
	}} with input as verified("high", reported, object.union(garak, {"run_at": null}))
}

test_fail_unusable_report if {
	every status in ["missing", "unreadable", "no-match", "ambiguous"] {
		post_rt_01.deny == {{
			"msg": sprintf("the red-team report cannot be used (%s): why", [status]),
			"path": "/evaluation/red_team/report",
		}} with input as verified("high", reported, object.union(not_given, {"status": status, "detail": "why"}))
	}
}

test_fail_declared_only_under_a_verified_tier if {
	post_rt_01.deny == {{
		"msg": "the red-team exercise is declared only (no report of the red-team tool), but risk tier high requires verified evidence (verified_evidence_tiers)",
		"path": "/evaluation/red_team",
	}} with input as verified("high", done, not_given)
	count(post_rt_01.deny) == 1 with input as verified("medium", done, not_given)
		with data.ftcomply.params.verified_evidence_tiers as ["medium"]
}

test_not_given_is_judged_as_declared_outside_verified_tiers if {
	count(post_rt_01.deny) == 0 with input as verified("medium", done, not_given)
	post_rt_01.declared == {"red team: performed, completed_at and open_findings declared, no report"} with input as verified("medium", done, not_given)
	# the declared completed_at governs freshness
	some finding in post_rt_01.deny with input as verified("medium", object.union(done, {"completed_at": "2026-01-01T00:00:00Z"}), not_given)
	finding.path == "/evaluation/red_team/completed_at"
	# inputs made before evidence.red_team existed: the same
	post_rt_01.declared == {"red team: performed, completed_at and open_findings declared, no report"} with input as json.remove(verified("medium", done, not_given), ["evidence/red_team"])
}

test_without_verify_nothing_is_declared_or_required if {
	plain := {"descriptor": {"metadata": {"risk_tier": "high"}, "evaluation": {"red_team": done}}, "as_of": as_of}
	count(post_rt_01.deny) == 0 with input as plain
	count(post_rt_01.declared) == 0 with input as plain
}
