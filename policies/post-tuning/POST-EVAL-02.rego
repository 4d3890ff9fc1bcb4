# METADATA
# title: Evaluation breadth
# description: >-
#   The tuned model is evaluated on at least min_safety_benchmarks distinct
#   safety benchmarks. One benchmark measures one slice of harmful behaviour;
#   a regression it does not probe goes unseen. Names are compared
#   case-insensitively after normalisation, and a name that mixes scripts
#   (a look-alike such as HarmBench with a Cyrillic а) does not count.
# custom:
#   id: POST-EVAL-02
#   phase: post-tuning
#   severity: medium
#   tiers: [medium, high]
#   threats: [safety regression outside the benchmark's coverage]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: [min_safety_benchmarks]
#   remediation: >-
#     Evaluate the tuned model on further safety benchmarks that probe other
#     harm categories or attack styles (e.g. HarmBench plus a multilingual or
#     jailbreak suite such as MultiJail) and record each in
#     `evaluation.safety` under its own `benchmark` name.
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

# Distinct benchmark names; case and surrounding blanks do not make a new benchmark
# (Python has already normalised the strings: NFKC, no format characters).
benchmarks := {lower(trim_space(e.benchmark)) |
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	not benchmark_path(i) in confusable_paths
}

# Named entries whose name is a look-alike: not counted.
lookalikes := {i |
	some i, e in lib.safety_evaluations
	lib.is_set(e.benchmark)
	benchmark_path(i) in confusable_paths
}

names := concat(", ", [sprintf("%q", [b]) | some b in sort(benchmarks)])

uncounted := sprintf("; %d benchmark name(s) mixing scripts not counted", [count(lookalikes)]) if {
	count(lookalikes) > 0
} else := ""

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
