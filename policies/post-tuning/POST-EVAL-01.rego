# METADATA
# title: Safety regression bound
# description: >-
#   The tuned model has at least one safety evaluation, and on every one its
#   harmful score stays under an absolute bound and rose little from the base
#   model's. Harmful and even benign fine-tuning can erode safety alignment,
#   so the regression must be measured on the tuned model, not assumed. Each
#   evaluation records when it ran (`run_at`), not after the evaluation time
#   and within max_evidence_age_days before it.
# custom:
#   id: POST-EVAL-01
#   phase: post-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [harmful fine-tuning, alignment erosion by benign fine-tuning, jailbreak susceptibility]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     mitre-atlas: [AML.T0054]
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 15]
#   params: [max_harmful_score, max_harmful_score_delta, max_evidence_age_days]
#   remediation: >-
#     Run a safety benchmark (e.g. HarmBench) on both the base and the tuned
#     model with the same judge and record `harmful_score_base` and
#     `harmful_score_tuned` in `evaluation.safety`, with the RFC 3339
#     `run_at` time of the run (re-run evaluations older than
#     max_evidence_age_days). If the tuned score is
#     above max_harmful_score or rose by more than max_harmful_score_delta,
#     do not ship: remove harmful training data, add an alignment-preserving
#     defense or lower the learning rate and epochs, then retrain and
#     re-evaluate.
#   example: |
#     evaluation:
#       safety:
#         - benchmark: harmbench
#           judge: llama-guard-3
#           harmful_score_base: 0.04
#           harmful_score_tuned: 0.05
#           languages: [en]
#           run_at: 2026-11-21T10:00:00Z
package ftcomply.controls.post_eval_01

import data.ftcomply.lib

# Floating-point tolerance of the delta comparison: in binary floating point
# 0.08 - 0.06 is 0.020000000000000004, which must not exceed a 0.02 bound.
# A difference within 1e-9 of the bound counts as equal (scores are ratios in
# [0, 1] with a few decimals, so no real regression is hidden by it).
tolerance := 1e-9

deny contains finding if {
	count(lib.safety_evaluations) == 0
	finding := {
		"msg": "no safety evaluation of the tuned model is recorded in evaluation.safety",
		"path": lib.pointer(["evaluation", "safety"]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	field := ["evaluation", "safety", i, "harmful_score_tuned"]
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("safety evaluation %s records no numeric harmful_score_tuned", [lib.label(e, "benchmark", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	field := ["evaluation", "safety", i, "harmful_score_base"]
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf(
			"safety evaluation %s records no numeric harmful_score_base, so the regression from the base model is unknown",
			[lib.label(e, "benchmark", i)],
		),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	is_number(e.harmful_score_tuned)
	e.harmful_score_tuned > lib.params.max_harmful_score
	finding := {
		"msg": sprintf(
			"safety evaluation %s: tuned harmful score %s exceeds max_harmful_score %s",
			[lib.label(e, "benchmark", i), lib.number_text(e.harmful_score_tuned), lib.number_text(lib.params.max_harmful_score)],
		),
		"path": sprintf("/evaluation/safety/%d/harmful_score_tuned", [i]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	is_number(e.harmful_score_tuned)
	is_number(e.harmful_score_base)
	(e.harmful_score_tuned - e.harmful_score_base) - lib.params.max_harmful_score_delta > tolerance
	finding := {
		"msg": sprintf(
			"safety evaluation %s: harmful score rose from %s (base) to %s (tuned), more than max_harmful_score_delta %s",
			[
				lib.label(e, "benchmark", i), lib.number_text(e.harmful_score_base),
				lib.number_text(e.harmful_score_tuned), lib.number_text(lib.params.max_harmful_score_delta),
			],
		),
		"path": sprintf("/evaluation/safety/%d/harmful_score_tuned", [i]),
	}
}

# Dates are evidence: each run is dated, not after as_of and not older than
# max_evidence_age_days.
deny contains finding if {
	some i, e in lib.safety_evaluations
	not lib.exists(["evaluation", "safety", i, "run_at"])
	finding := {
		"msg": sprintf("safety evaluation %s records no run_at, so its age is unknown", [lib.label(e, "benchmark", i)]),
		"path": lib.pointer(["evaluation", "safety", i, "run_at"]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	ran := lib.value(["evaluation", "safety", i, "run_at"])
	ran != lib.absent
	not lib.is_datetime(ran)
	finding := {
		"msg": sprintf("safety evaluation %s has a run_at that is not an RFC 3339 datetime", [lib.label(e, "benchmark", i)]),
		"path": sprintf("/evaluation/safety/%d/run_at", [i]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	ran := lib.value(["evaluation", "safety", i, "run_at"])
	lib.is_datetime(ran)
	lib.is_future(ran)
	finding := {
		"msg": sprintf("safety evaluation %s ran at %s, after the evaluation time %s", [lib.label(e, "benchmark", i), ran, input.as_of]),
		"path": sprintf("/evaluation/safety/%d/run_at", [i]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	ran := lib.value(["evaluation", "safety", i, "run_at"])
	lib.is_datetime(ran)
	lib.is_stale(ran)
	finding := {
		"msg": sprintf(
			"safety evaluation %s ran at %s, more than max_evidence_age_days (%s) before %s",
			[lib.label(e, "benchmark", i), ran, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": sprintf("/evaluation/safety/%d/run_at", [i]),
	}
}
