package ftcomply.controls.post_eval_02_test

import data.ftcomply.controls.post_eval_02

as_of := "2026-11-26T00:00:00Z"

evaluation(safety) := {"descriptor": {"evaluation": {"safety": safety}}, "as_of": as_of}

test_pass_two_benchmarks if {
	count(post_eval_02.deny) == 0 with input as evaluation([{"benchmark": "harmbench"}, {"benchmark": "multijail"}])
}

test_fail_one_benchmark if {
	post_eval_02.deny == {{
		"msg": "1 distinct safety benchmark(s) evaluated (\"harmbench\"); at least min_safety_benchmarks (2) are required",
		"path": "/evaluation/safety",
	}} with input as evaluation([{"benchmark": "harmbench"}])
}

test_fail_repeated_benchmark_counts_once if {
	count(post_eval_02.deny) == 1 with input as evaluation([
		{"benchmark": "harmbench", "languages": ["en"]},
		{"benchmark": "HarmBench ", "languages": ["de"]},
	])
}

test_fail_no_evaluation if {
	post_eval_02.deny == {{
		"msg": "no safety benchmark is evaluated; at least min_safety_benchmarks (2) distinct ones are required",
		"path": "",
	}} with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
}

test_fail_unnamed_entries_do_not_count if {
	some finding in post_eval_02.deny with input as evaluation([{"benchmark": ""}, {"judge": "x"}])
	finding.path == "/evaluation/safety"
}

test_params_honoured if {
	one := evaluation([{"benchmark": "harmbench"}])
	count(post_eval_02.deny) == 0 with input as one with data.ftcomply.params.min_safety_benchmarks as 1
	two := evaluation([{"benchmark": "harmbench"}, {"benchmark": "multijail"}])
	count(post_eval_02.deny) == 1 with input as two with data.ftcomply.params.min_safety_benchmarks as 3
}

test_fail_missing_evaluation_section if {
	post_eval_02.deny == {{
		"msg": "no safety benchmark is evaluated; at least min_safety_benchmarks (2) distinct ones are required",
		"path": "/evaluation",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": "x"}}, "as_of": as_of}
}

test_fail_empty_safety_list if {
	post_eval_02.deny == {{
		"msg": "no safety benchmark is evaluated; at least min_safety_benchmarks (2) distinct ones are required",
		"path": "/evaluation/safety",
	}} with input as evaluation([])
}

# Python hands over normalised strings (HarmBench\u200b arrives as HarmBench); case differs.
test_fail_case_variants_count_once if {
	post_eval_02.deny == {{
		"msg": "1 distinct safety benchmark(s) evaluated (\"harmbench\"); at least min_safety_benchmarks (2) are required",
		"path": "/evaluation/safety",
	}} with input as evaluation([{"benchmark": "HarmBench"}, {"benchmark": "harmbench"}, {"benchmark": "HARMBENCH"}])
}

# A look-alike name (here with a Cyrillic а, listed by Python in input.text.confusables)
# is not a second benchmark.
test_fail_lookalike_name_not_counted if {
	post_eval_02.deny == {{
		"msg": "1 distinct safety benchmark(s) evaluated (\"harmbench\"); 1 benchmark name(s) mixing scripts not counted; at least min_safety_benchmarks (2) are required",
		"path": "/evaluation/safety",
	}} with input as {
		"descriptor": {"evaluation": {"safety": [{"benchmark": "harmbench"}, {"benchmark": "h\u0430rmbench"}]}},
		"as_of": as_of,
		"text": {"confusables": [{"path": "/evaluation/safety/1/benchmark", "value": "h\u0430rmbench"}], "placeholders": [], "unmapped": []},
	}
}

test_missing_text_is_no_confusables if {
	count(post_eval_02.deny) == 0 with input as {
		"descriptor": {"evaluation": {"safety": [{"benchmark": "harmbench"}, {"benchmark": "multijail"}]}},
		"as_of": as_of,
		"text": {},
	}
}

# ---------------------------------------------------------------------------
# Under --verify

run(status) := {"status": status, "detail": "", "report": null}

verified(tier, statuses) := {
	"descriptor": {
		"metadata": {"risk_tier": tier},
		"evaluation": {"safety": [{"benchmark": "harmbench"}, {"benchmark": "multijail"}]},
	},
	"as_of": as_of,
	"evidence": {"artifacts": [], "safety": [{"index": i, "tuned": run(s), "base": run(s)} | some i, s in statuses]},
}

test_verified_pass if {
	count(post_eval_02.deny) == 0 with input as verified("high", ["measured", "measured"])
	count(post_eval_02.declared) == 0 with input as verified("high", ["measured", "measured"])
	count(post_eval_02.declared) == 0 with input as verified("medium", ["measured", "measured"])
}

test_fail_declared_only_benchmark_not_counted_under_a_verified_tier if {
	post_eval_02.deny == {{
		"msg": "1 distinct safety benchmark(s) evaluated (\"harmbench\"); 1 benchmark(s) without a measured tuned run not counted (risk tier high requires verified evidence); at least min_safety_benchmarks (2) are required",
		"path": "/evaluation/safety",
	}} with input as verified("high", ["measured", "not-given"])
	post_eval_02.deny == {{
		"msg": "no safety benchmark is evaluated; 2 benchmark(s) without a measured tuned run not counted (risk tier high requires verified evidence); at least min_safety_benchmarks (2) distinct ones are required",
		"path": "/evaluation/safety",
	}} with input as verified("high", ["missing", "not-given"])
	# inputs without evidence.safety: nothing measured
	count(post_eval_02.deny) == 1 with input as json.remove(verified("high", []), ["evidence/safety"])
}

test_not_given_counts_as_declared_outside_verified_tiers if {
	count(post_eval_02.deny) == 0 with input as verified("medium", ["measured", "not-given"])
	post_eval_02.declared == {"safety benchmark \"multijail\": counted on its declared tuned run, no report"} with input as verified("medium", ["measured", "not-given"])
}

test_without_verify_nothing_is_declared_or_required if {
	plain := json.remove(verified("high", []), ["evidence"])
	count(post_eval_02.deny) == 0 with input as plain
	count(post_eval_02.declared) == 0 with input as plain
}
