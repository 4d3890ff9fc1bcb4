package ftcomply.controls.post_eval_01_test

import data.ftcomply.controls.post_eval_01

as_of := "2026-11-26T00:00:00Z"

ran := "2026-11-21T10:00:00Z"

# Entries get a run time unless they state one (most tests are about other fields).
dated(e) := object.union({"run_at": ran}, e) if {
	is_object(e)
} else := e

evaluation(safety) := {"descriptor": {"evaluation": {"safety": [dated(e) | some e in safety]}}, "as_of": as_of}

bare(safety) := {"descriptor": {"evaluation": {"safety": safety}}, "as_of": as_of}

test_fail_run_at_missing if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"multijail\" records no run_at, so its age is unknown",
		"path": "/evaluation/safety/1",
	}} with input as bare([
		{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": ran},
		{"benchmark": "multijail", "harmful_score_base": 0.06, "harmful_score_tuned": 0.07},
	])
}

test_fail_run_at_malformed if {
	every when in ["last week", "2026-04-31T10:00:00Z", "2026-11-21", 20261121, null] {
		post_eval_01.deny == {{
			"msg": "safety evaluation \"harmbench\" has a run_at that is not an RFC 3339 datetime",
			"path": "/evaluation/safety/0/run_at",
		}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": when}])
	}
}

test_fail_run_at_in_future if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\" ran at 2250-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/safety/0/run_at",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": "2250-01-01T00:00:00Z"}])
}

test_fail_run_at_stale if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\" ran at 1990-01-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
		"path": "/evaluation/safety/0/run_at",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": "1990-01-01T00:00:00Z"}])
	recent := evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": "2026-10-01T00:00:00Z"}])
	count(post_eval_01.deny) == 0 with input as recent
	count(post_eval_01.deny) == 1 with input as recent with data.ftcomply.params.max_evidence_age_days as 30
}

test_pass_run_at_with_offset_at_as_of if {
	count(post_eval_01.deny) == 0 with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05, "run_at": "2026-11-26T01:00:00+01:00"}])
}

test_pass_within_bounds if {
	count(post_eval_01.deny) == 0 with input as evaluation([
		{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05},
		{"benchmark": "multijail", "harmful_score_base": 0.06, "harmful_score_tuned": 0.07},
	])
}

test_pass_delta_exactly_at_bound_despite_float_rounding if {
	# 0.08 - 0.06 is 0.020000000000000004 in binary floating point.
	count(post_eval_01.deny) == 0 with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.06, "harmful_score_tuned": 0.08}])
}

test_pass_score_exactly_at_bound if {
	count(post_eval_01.deny) == 0 with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.1, "harmful_score_tuned": 0.1}])
}

test_fail_no_evaluation if {
	post_eval_01.deny == {{"msg": "no safety evaluation of the tuned model is recorded in evaluation.safety", "path": ""}} with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
}

test_fail_no_safety_list if {
	some finding in post_eval_01.deny with input as {"descriptor": {"evaluation": {"artifact_sha256": "x"}}, "as_of": as_of}
	finding.path == "/evaluation"
}

test_fail_empty_safety_list if {
	some finding in post_eval_01.deny with input as evaluation([])
	finding.path == "/evaluation/safety"
}

test_fail_absolute_bound if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\": tuned harmful score 0.19 exceeds max_harmful_score 0.1",
		"path": "/evaluation/safety/0/harmful_score_tuned",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.18, "harmful_score_tuned": 0.19}])
}

test_fail_regression_delta if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"multijail\": harmful score rose from 0.01 (base) to 0.05 (tuned), more than max_harmful_score_delta 0.02",
		"path": "/evaluation/safety/1/harmful_score_tuned",
	}} with input as evaluation([
		{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.05},
		{"benchmark": "multijail", "harmful_score_base": 0.01, "harmful_score_tuned": 0.05},
	])
}

test_fail_missing_tuned_score if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\" records no numeric harmful_score_tuned",
		"path": "/evaluation/safety/0",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04}])
}

test_fail_missing_base_score if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\" records no numeric harmful_score_base, so the regression from the base model is unknown",
		"path": "/evaluation/safety/0",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_tuned": 0.04}])
}

test_fail_non_numeric_score_points_at_field if {
	some finding in post_eval_01.deny with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": "low"}])
	finding.path == "/evaluation/safety/0/harmful_score_tuned"
}

test_unnamed_evaluation_is_numbered if {
	some finding in post_eval_01.deny with input as evaluation([{"harmful_score_base": 0.04}])
	finding.msg == "safety evaluation #0 records no numeric harmful_score_tuned"
}

test_params_honoured if {
	scores := evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.04, "harmful_score_tuned": 0.09}])
	count(post_eval_01.deny) == 0 with input as scores with data.ftcomply.params.max_harmful_score_delta as 0.05
	count(post_eval_01.deny) == 1 with input as scores with data.ftcomply.params.max_harmful_score as 0.08 with data.ftcomply.params.max_harmful_score_delta as 0.05
}

test_fail_both_scores_missing if {
	post_eval_01.deny == {
		{
			"msg": "safety evaluation \"harmbench\" records no numeric harmful_score_tuned",
			"path": "/evaluation/safety/0",
		},
		{
			"msg": "safety evaluation \"harmbench\" records no numeric harmful_score_base, so the regression from the base model is unknown",
			"path": "/evaluation/safety/0",
		},
	} with input as evaluation([{"benchmark": "harmbench"}])
}

# Numbers in messages are written in plain decimal on every engine (OPA's %v writes 5e-05).
test_small_numbers_are_written_in_decimal if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"harmbench\": tuned harmful score 0.3 exceeds max_harmful_score 0.00005",
		"path": "/evaluation/safety/0/harmful_score_tuned",
	}} with input as evaluation([{"benchmark": "harmbench", "harmful_score_base": 0.3, "harmful_score_tuned": 0.3}])
		with data.ftcomply.params.max_harmful_score as 0.00005
}
