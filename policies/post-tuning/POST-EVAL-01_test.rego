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

# ---------------------------------------------------------------------------
# Under --verify: the tools' reports

# A run the tool measured: harmful is what the report's value means (see docs/evidence.md).
measurement(harmful, report) := {
	"status": "measured", "detail": "", "report": report, "report_sha256": "ab12",
	"tool": "inspect_ai", "tool_version": "0.3.100", "task": "refusal-suite", "metric": "accuracy",
	"value": 1 - harmful, "harmful": harmful, "samples": 60,
	"model": "mockllm/model", "declared_model": "mockllm/model", "run_at": "2026-11-21T09:30:00Z",
}

tuned_run := measurement(0.1, "evals/tuned.eval")

base_run := measurement(0.09, "evals/base.eval")

not_given := {
	"status": "not-given", "detail": "", "report": null, "report_sha256": null, "tool": null,
	"tool_version": null, "task": null, "metric": null, "value": null, "harmful": null,
	"samples": null, "model": null, "declared_model": null, "run_at": null,
}

reported := {
	"benchmark": "refusal-suite", "harmful_score_base": 0.09, "harmful_score_tuned": 0.1,
	"run_at": "2026-11-21T10:00:00Z",
	"report": {"base": "evals/base.eval", "tuned": "evals/tuned.eval", "metric": "accuracy", "score_is": "safe", "model": "mockllm/model"},
}

# A descriptor of the tier with one safety evaluation, and what --verify measured of it.
verified(tier, entry, tuned, base) := {
	"descriptor": {"metadata": {"risk_tier": tier}, "evaluation": {"safety": [entry]}},
	"as_of": as_of,
	"evidence": {"artifacts": [], "safety": [{"index": 0, "tuned": tuned, "base": base}]},
}

test_verified_pass if {
	every tier in ["low", "medium", "high"] {
		count(post_eval_01.deny) == 0 with input as verified(tier, reported, tuned_run, base_run)
		count(post_eval_01.declared) == 0 with input as verified(tier, reported, tuned_run, base_run)
	}
}

test_verified_pass_within_evidence_tolerance if {
	# 1 - 0.9 is 0.09999999999999998 in binary floating point; 0.104 is within 0.005.
	runs := verified("high", object.union(reported, {"harmful_score_tuned": 0.104}), measurement(1 - 0.9, "evals/tuned.eval"), base_run)
	count(post_eval_01.deny) == 0 with input as runs
}

test_verified_measured_scores_need_not_be_declared if {
	entry := json.remove(reported, ["harmful_score_tuned", "harmful_score_base", "run_at"])
	count(post_eval_01.deny) == 0 with input as verified("high", entry, tuned_run, base_run)
}

test_fail_tampered_tuned_score if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": declared harmful_score_tuned 0.1 is not the harmful score 0.25 measured in evals/tuned.eval (more than evidence_tolerance 0.005 apart)",
		"path": "/evaluation/safety/0/harmful_score_tuned",
	}} with input as verified("high", object.union(reported, {"harmful_score_base": 0.24}), measurement(0.25, "evals/tuned.eval"), measurement(0.24, "evals/base.eval"))
		with data.ftcomply.params.max_harmful_score as 0.3
	# a looser tolerance accepts it
	count(post_eval_01.deny) == 0 with input as verified("high", object.union(reported, {"harmful_score_base": 0.24}), measurement(0.25, "evals/tuned.eval"), measurement(0.24, "evals/base.eval"))
		with data.ftcomply.params.max_harmful_score as 0.3 with data.ftcomply.params.evidence_tolerance as 0.2
}

test_fail_tampered_base_score if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": declared harmful_score_base 0.09 is not the harmful score 0.12 measured in evals/base.eval (more than evidence_tolerance 0.005 apart)",
		"path": "/evaluation/safety/0/harmful_score_base",
	}} with input as verified("low", reported, tuned_run, measurement(0.12, "evals/base.eval"))
}

test_fail_bounds_judge_the_measured_scores if {
	# declared 0.1 and 0.09 pass; measured 0.3 (tuned) fails both bounds
	post_eval_01.deny == {
		{
			"msg": "safety evaluation \"refusal-suite\": tuned harmful score 0.3 (measured in evals/tuned.eval) exceeds max_harmful_score 0.1",
			"path": "/evaluation/safety/0/harmful_score_tuned",
		},
		{
			"msg": "safety evaluation \"refusal-suite\": harmful score rose from 0.09 (base, measured in evals/base.eval) to 0.3 (tuned, measured in evals/tuned.eval), more than max_harmful_score_delta 0.02",
			"path": "/evaluation/safety/0/harmful_score_tuned",
		},
	} with input as verified("high", json.remove(reported, ["harmful_score_tuned"]), measurement(0.3, "evals/tuned.eval"), base_run)
}

test_fail_measured_tuned_minus_declared_base if {
	entry := json.patch(reported, [{"op": "remove", "path": "/report/base"}, {"op": "replace", "path": "/harmful_score_tuned", "value": 0.08}])
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": harmful score rose from 0.05 (base) to 0.08 (tuned, measured in evals/tuned.eval), more than max_harmful_score_delta 0.02",
		"path": "/evaluation/safety/0/harmful_score_tuned",
	}} with input as verified("low", object.union(entry, {"harmful_score_base": 0.05}), measurement(0.08, "evals/tuned.eval"), not_given)
}

test_fail_not_bound_to_the_artifact if {
	other := object.union(tuned_run, {"model": "openai/gpt-4o"})
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the tuned run's report evals/tuned.eval is not bound to the artifact: the tool recorded model \"openai/gpt-4o\", the descriptor declares \"mockllm/model\"",
		"path": "/evaluation/safety/0/report/model",
	}} with input as verified("high", reported, other, base_run)
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the tuned run's report evals/tuned.eval is not bound to the artifact: the tool recorded model \"mockllm/model\", the descriptor declares none",
		"path": "/evaluation/safety/0/report",
	}} with input as verified("high", json.remove(reported, ["report/model"]), object.union(tuned_run, {"declared_model": null}), base_run)
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the base run's report evals/base.eval is not bound to the artifact: the tool recorded model none, the descriptor declares \"org/base\"",
		"path": "/evaluation/safety/0/report",
	}} with input as verified("high", reported, tuned_run, object.union(base_run, {"model": null, "declared_model": "org/base"}))
}

test_fail_stale_tool_run if {
	old := object.union(tuned_run, {"run_at": "2026-01-01T00:00:00Z"})
	post_eval_01.deny == {
		{
			"msg": "safety evaluation \"refusal-suite\": the tuned run in evals/tuned.eval ran at 2026-01-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
			"path": "/evaluation/safety/0/report/tuned",
		},
		{
			"msg": "safety evaluation \"refusal-suite\": run_at 2026-11-21T10:00:00Z is more than a day from 2026-01-01T00:00:00Z, when the tuned run in evals/tuned.eval started",
			"path": "/evaluation/safety/0/run_at",
		},
	} with input as verified("high", reported, old, base_run)
	# the declared run_at no longer governs: a recent one does not hide the stale run
	count(post_eval_01.deny) == 1 with input as verified("high", object.union(reported, {"run_at": "2026-01-01T12:00:00Z"}), old, base_run)
}

test_fail_tool_run_in_future_or_undated if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the base run in evals/base.eval ran at 2027-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/safety/0/report/base",
	}} with input as verified("high", reported, tuned_run, object.union(base_run, {"run_at": "2027-01-01T00:00:00Z"}))
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the base run's report evals/base.eval records no run time, so its age is unknown",
		"path": "/evaluation/safety/0/report/base",
	}} with input as verified("high", reported, tuned_run, object.union(base_run, {"run_at": null}))
}

test_declared_run_at_within_a_day_of_the_tool_run if {
	count(post_eval_01.deny) == 0 with input as verified("high", object.union(reported, {"run_at": "2026-11-22T09:00:00Z"}), tuned_run, base_run)
}

test_fail_low_sample_count if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the tuned run's report evals/tuned.eval scored 20 samples, fewer than min_eval_samples 50",
		"path": "/evaluation/safety/0/report/tuned",
	}} with input as verified("high", reported, object.union(tuned_run, {"samples": 20}), base_run)
		with data.ftcomply.params.min_eval_samples as 50
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the tuned run's report evals/tuned.eval records no sample count, and min_eval_samples is 50",
		"path": "/evaluation/safety/0/report/tuned",
	}} with input as verified("high", reported, object.union(tuned_run, {"samples": null}), base_run)
		with data.ftcomply.params.min_eval_samples as 50
	# off by default
	count(post_eval_01.deny) == 0 with input as verified("high", reported, object.union(tuned_run, {"samples": null}), base_run)
}

test_fail_measured_without_value if {
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the tuned run's report evals/tuned.eval records no numeric value for the metric",
		"path": "/evaluation/safety/0/report/tuned",
	}} with input as verified("high", reported, object.union(tuned_run, {"value": null, "harmful": null}), base_run)
}

test_fail_unusable_reports if {
	every status in ["missing", "unreadable", "no-match", "ambiguous"] {
		post_eval_01.deny == {{
			"msg": sprintf("safety evaluation \"refusal-suite\": the tuned run's report cannot be used (%s): why", [status]),
			"path": "/evaluation/safety/0/report/tuned",
		}} with input as verified("high", reported, object.union(not_given, {"status": status, "detail": "why", "report": "evals/tuned.eval"}), base_run)
	}
	post_eval_01.deny == {{
		"msg": "safety evaluation \"refusal-suite\": the base run's report cannot be used (undescribed): evals/x.json measures refusal-suite, but the entry has no report",
		"path": "/evaluation/safety/0",
	}} with input as verified(
		"low", json.remove(reported, ["report"]), not_given,
		object.union(not_given, {"status": "undescribed", "detail": "evals/x.json measures refusal-suite, but the entry has no report"}),
	)
}

test_fail_declared_only_under_a_verified_tier if {
	entry := json.remove(reported, ["report"])
	post_eval_01.deny == {
		{
			"msg": "safety evaluation \"refusal-suite\": the tuned harmful score is declared only (no report of the tuned run), but risk tier high requires verified evidence (verified_evidence_tiers)",
			"path": "/evaluation/safety/0",
		},
		{
			"msg": "safety evaluation \"refusal-suite\": the base harmful score is declared only (no report of the base run), but risk tier high requires verified evidence (verified_evidence_tiers)",
			"path": "/evaluation/safety/0",
		},
	} with input as verified("high", entry, not_given, not_given)
	count(post_eval_01.deny) == 2 with input as verified("medium", entry, not_given, not_given)
		with data.ftcomply.params.verified_evidence_tiers as ["medium", "high"]
}

test_not_given_is_judged_as_declared_outside_verified_tiers if {
	entry := json.remove(reported, ["report"])
	count(post_eval_01.deny) == 0 with input as verified("medium", entry, not_given, not_given)
	post_eval_01.declared == {
		"safety evaluation \"refusal-suite\": tuned score declared, no report",
		"safety evaluation \"refusal-suite\": base score declared, no report",
	} with input as verified("medium", entry, not_given, not_given)
	# the declared numbers are judged as before
	some finding in post_eval_01.deny with input as verified("medium", object.union(entry, {"harmful_score_tuned": 0.5}), not_given, not_given)
	finding.msg == "safety evaluation \"refusal-suite\": tuned harmful score 0.5 exceeds max_harmful_score 0.1"
	# and the declared run_at governs freshness
	some stale in post_eval_01.deny with input as verified("medium", object.union(entry, {"run_at": "2026-01-01T00:00:00Z"}), not_given, not_given)
	stale.path == "/evaluation/safety/0/run_at"
}

test_evidence_without_safety_list_is_not_given if {
	# inputs made before evidence.safety existed: declared, as without --verify
	old := {"descriptor": {"metadata": {"risk_tier": "low"}, "evaluation": {"safety": [json.remove(reported, ["report"])]}}, "as_of": as_of, "evidence": {"artifacts": []}}
	count(post_eval_01.deny) == 0 with input as old
	count(post_eval_01.declared) == 2 with input as old
}

test_without_verify_nothing_is_declared_or_required if {
	plain := {"descriptor": {"metadata": {"risk_tier": "high"}, "evaluation": {"safety": [reported]}}, "as_of": as_of}
	count(post_eval_01.deny) == 0 with input as plain
	count(post_eval_01.declared) == 0 with input as plain
}
