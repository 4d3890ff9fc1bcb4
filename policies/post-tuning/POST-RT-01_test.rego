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
