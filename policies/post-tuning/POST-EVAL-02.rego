# METADATA
# title: Evaluation breadth
# description: >-
#   The tuned model is evaluated on at least min_safety_benchmarks distinct
#   safety benchmarks. One benchmark measures one slice of harmful behaviour;
#   a regression it does not probe goes unseen. Names are compared
#   case-insensitively after normalisation, and a name that mixes scripts
#   (a look-alike such as HarmBench with a Cyrillic а) does not count. Under
#   --verify, for risk tiers in verified_evidence_tiers a benchmark counts
#   only when its tuned run was measured from the tool's report; for other
#   tiers a benchmark without one counts on the descriptor's word, and the
#   result says so.
# custom:
#   id: POST-EVAL-02
#   phase: post-tuning
#   severity: medium
#   tiers: [medium, high]
#   threats: [safety regression outside the benchmark's coverage]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: [min_safety_benchmarks, verified_evidence_tiers]
#   remediation: >-
#     Evaluate the tuned model on further safety benchmarks that probe other
#     harm categories or attack styles (e.g. HarmBench plus a multilingual or
#     jailbreak suite such as MultiJail) and record each in
#     `evaluation.safety` under its own `benchmark` name. Under --verify, name
#     each evaluation tool's reports in `evaluation.safety[].report`.
#   example: |
#     evaluation:
#       safety:
#         - benchmark: harmbench
#           harmful_score_base: 0.04
#           harmful_score_tuned: 0.05
#         - benchmark: multijail
#           harmful_score_base: 0.06
#           harmful_score_tuned: 0.07
package ftcomply.controls.post_eval_02

import data.ftcomply.lib

# JSON pointers of the descriptor strings that mix scripts in one word (look-alikes).
confusable_paths := {c.path |
	texts := object.get(input, ["text", "confusables"], [])
	is_array(texts)
	some c in texts
	is_string(c.path)
}

benchmark_path(i) := sprintf("/evaluation/safety/%d/benchmark", [i])

# Named entries that are not counted where the tier requires verified evidence: their
# tuned run was not measured from the tool's report (under --verify).
unmeasured := {i |
	lib.verified_required
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	not benchmark_path(i) in confusable_paths
	lib.safety_run(i, "tuned").status != "measured"
}

# Distinct benchmark names; case and surrounding blanks do not make a new benchmark
# (Python has already normalised the strings: NFKC, no format characters).
benchmarks := {lower(trim_space(e.benchmark)) |
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	not benchmark_path(i) in confusable_paths
	not i in unmeasured
}

# Elsewhere under --verify, a benchmark without a measured tuned run counts on the
# descriptor's word.
declared contains sprintf("safety benchmark %s: counted on its declared tuned run, no report", [lib.label(e, "benchmark", i)]) if {
	input.evidence
	not lib.verified_required
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	not benchmark_path(i) in confusable_paths
	lib.safety_run(i, "tuned").status != "measured"
}

# Named entries whose name is a look-alike: not counted.
lookalikes := {i |
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	benchmark_path(i) in confusable_paths
}

names := concat(", ", [sprintf("%q", [b]) | some b in sort(benchmarks)])

lookalike_note := sprintf("; %d benchmark name(s) mixing scripts not counted", [count(lookalikes)]) if {
	count(lookalikes) > 0
} else := ""

unmeasured_note := sprintf(
	"; %d benchmark(s) without a measured tuned run not counted (risk tier %s requires verified evidence)",
	[count(unmeasured), lib.risk_tier_text],
) if {
	count(unmeasured) > 0
} else := ""

uncounted := concat("", [lookalike_note, unmeasured_note])

deny contains finding if {
	count(benchmarks) == 0
	finding := {
		"msg": sprintf(
			"no safety benchmark is evaluated%s; at least min_safety_benchmarks (%s) distinct ones are required",
			[uncounted, lib.number_text(lib.params.min_safety_benchmarks)],
		),
		"path": lib.pointer(["evaluation", "safety"]),
	}
}

deny contains finding if {
	count(benchmarks) > 0
	count(benchmarks) < lib.params.min_safety_benchmarks
	finding := {
		"msg": sprintf(
			"%d distinct safety benchmark(s) evaluated (%s)%s; at least min_safety_benchmarks (%s) are required",
			[count(benchmarks), names, uncounted, lib.number_text(lib.params.min_safety_benchmarks)],
		),
		"path": "/evaluation/safety",
	}
}
