# METADATA
# title: Evaluation breadth
# description: >-
#   The tuned model is evaluated on at least min_safety_benchmarks distinct
#   safety benchmarks. One benchmark measures one slice of harmful behaviour;
#   a regression it does not probe goes unseen.
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

# Distinct benchmark names; case and surrounding blanks do not make a new benchmark.
benchmarks := {lower(trim_space(e.benchmark)) |
	some e in lib.safety_evaluations
	lib.is_set(e.benchmark)
}

names := concat(", ", [sprintf("%q", [b]) | some b in sort(benchmarks)])

deny contains finding if {
	count(benchmarks) == 0
	finding := {
		"msg": sprintf(
			"no safety benchmark is evaluated; at least min_safety_benchmarks (%s) distinct ones are required",
			[lib.number_text(lib.params.min_safety_benchmarks)],
		),
		"path": lib.pointer(["evaluation", "safety"]),
	}
}

deny contains finding if {
	count(benchmarks) > 0
	count(benchmarks) < lib.params.min_safety_benchmarks
	finding := {
		"msg": sprintf(
			"%d distinct safety benchmark(s) evaluated (%s); at least min_safety_benchmarks (%s) are required",
			[count(benchmarks), names, lib.number_text(lib.params.min_safety_benchmarks)],
		),
		"path": "/evaluation/safety",
	}
}
