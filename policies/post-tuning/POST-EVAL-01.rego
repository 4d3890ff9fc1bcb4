# METADATA
# title: Safety regression bound
# description: >-
#   The tuned model has at least one safety evaluation, and on every one its
#   harmful score stays under an absolute bound and rose little from the base
#   model's. Harmful and even benign fine-tuning can erode safety alignment,
#   so the regression must be measured on the tuned model, not assumed. Each
#   evaluation records when it ran (`run_at`), not after the evaluation time
#   and within max_evidence_age_days before it. Under --verify, a run whose
#   report was read (`report`: the evaluation tool's own output) is judged
#   on the tool's numbers: a declared score further than evidence_tolerance
#   from the measured one fails, the bounds judge the measured scores, a run
#   with fewer than min_eval_samples samples fails, a report whose recorded
#   model is not the declared one is not bound to the artifact, and the
#   tool's run time governs freshness (a declared `run_at` more than a day
#   from it fails). A report that is missing, unreadable, ambiguous, has no
#   entry for the metric or is not described fails. For risk tiers in
#   verified_evidence_tiers a score with no report fails as declared only;
#   for other tiers it is judged as declared, and the result says so.
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
#   params: [max_harmful_score, max_harmful_score_delta, max_evidence_age_days, evidence_tolerance, min_eval_samples, verified_evidence_tiers]
#   remediation: >-
#     Run a safety benchmark (e.g. HarmBench) on both the base and the tuned
#     model with the same judge and record `harmful_score_base` and
#     `harmful_score_tuned` in `evaluation.safety`, with the RFC 3339
#     `run_at` time of the run (re-run evaluations older than
#     max_evidence_age_days). If the tuned score is
#     above max_harmful_score or rose by more than max_harmful_score_delta,
#     do not ship: remove harmful training data, add an alignment-preserving
#     defense or lower the learning rate and epochs, then retrain and
#     re-evaluate. Under --verify, name the tool's reports of both runs in
#     `report` (`base`, `tuned`, the tool's `metric`, `score_is`, and the
#     `model` the tool recorded) and declare the scores they measured.
#   example: |
#     evaluation:
#       safety:
#         - benchmark: harmbench
#           judge: llama-guard-3
#           harmful_score_base: 0.04
#           harmful_score_tuned: 0.05
#           languages: [en]
#           run_at: 2026-11-21T10:00:00Z
#           report:
#             base: evals/harmbench.base.json
#             tuned: evals/harmbench.tuned.json
#             metric: accuracy
#             score_is: safe
#             model: hf/support-bot-lora
package ftcomply.controls.post_eval_01

import data.ftcomply.lib

# Floating-point tolerance of the delta comparison: in binary floating point
# 0.08 - 0.06 is 0.020000000000000004, which must not exceed a 0.02 bound.
# A difference within 1e-9 of the bound counts as equal (scores are ratios in
# [0, 1] with a few decimals, so no real regression is hidden by it).
tolerance := 1e-9

# The two runs of a safety evaluation.
runs := ["tuned", "base"]

score_field(which) := concat("", ["harmful_score_", which])

# The descriptor field naming the model the tool recorded for the run.
model_field(which) := "model" if {
	which == "tuned"
} else := "base_model"

# Under --verify, the run's numbers are the tool's: its report was read and one entry fits.
measured(i, which) if lib.safety_run(i, which).status == "measured"

# The score the bounds judge: the tool's when the run is measured, else the declared one
# (value null when neither is a number: the findings below name that).
score(i, e, which) := {"value": run.harmful, "source": sprintf("measured in %s", [lib.report_text(run)])} if {
	measured(i, which)
	run := lib.safety_run(i, which)
	is_number(run.harmful)
} else := {"value": object.get(e, score_field(which), null), "source": ""}

# " (measured in …)" and ", measured in …" after a number; nothing for a declared one.
in_parentheses(s) := sprintf(" (%s)", [s.source]) if s.source != "" else := ""

after_comma(s) := sprintf(", %s", [s.source]) if s.source != "" else := ""

deny contains finding if {
	count(lib.safety_evaluations) == 0
	finding := {
		"msg": "no safety evaluation of the tuned model is recorded in evaluation.safety",
		"path": lib.pointer(["evaluation", "safety"]),
	}
}

# A measured run stands for its score; otherwise the score must be declared.
deny contains finding if {
	some i, e in lib.safety_evaluations
	field := ["evaluation", "safety", i, "harmful_score_tuned"]
	not measured(i, "tuned")
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("safety evaluation %s records no numeric harmful_score_tuned", [lib.label(e, "benchmark", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	field := ["evaluation", "safety", i, "harmful_score_base"]
	not measured(i, "base")
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
	tuned := score(i, e, "tuned")
	is_number(tuned.value)
	tuned.value > lib.params.max_harmful_score
	finding := {
		"msg": sprintf(
			"safety evaluation %s: tuned harmful score %s%s exceeds max_harmful_score %s",
			[lib.label(e, "benchmark", i), lib.number_text(tuned.value), in_parentheses(tuned), lib.number_text(lib.params.max_harmful_score)],
		),
		"path": sprintf("/evaluation/safety/%d/harmful_score_tuned", [i]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	tuned := score(i, e, "tuned")
	base := score(i, e, "base")
	is_number(tuned.value)
	is_number(base.value)
	(tuned.value - base.value) - lib.params.max_harmful_score_delta > tolerance
	finding := {
		"msg": sprintf(
			"safety evaluation %s: harmful score rose from %s (base%s) to %s (tuned%s), more than max_harmful_score_delta %s",
			[
				lib.label(e, "benchmark", i), lib.number_text(base.value), after_comma(base),
				lib.number_text(tuned.value), after_comma(tuned), lib.number_text(lib.params.max_harmful_score_delta),
			],
		),
		"path": sprintf("/evaluation/safety/%d/harmful_score_tuned", [i]),
	}
}

# Dates are evidence: each run is dated, not after as_of and not older than
# max_evidence_age_days. The declared run_at governs unless the tuned run is measured.
deny contains finding if {
	some i, e in lib.safety_evaluations
	not measured(i, "tuned")
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
	not measured(i, "tuned")
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
	not measured(i, "tuned")
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

# ---------------------------------------------------------------------------
# Under --verify: the tools' reports (input.evidence.safety, docs/evidence.md)

# A named or matched report that cannot stand for the numbers.
deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	run := lib.safety_run(i, which)
	run.status in lib.unusable_statuses
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report cannot be used (%s): %s",
			[lib.label(e, "benchmark", i), which, run.status, run.detail],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

# Declared only, where the tier requires verified evidence.
deny contains finding if {
	lib.verified_required
	some i, e in lib.safety_evaluations
	some which in runs
	lib.safety_run(i, which).status == "not-given"
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s harmful score is declared only (no report of the %s run), but risk tier %s requires verified evidence (verified_evidence_tiers)",
			[lib.label(e, "benchmark", i), which, which, lib.risk_tier_text],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

# Declared only, elsewhere: judged as declared, and the result says so.
declared contains sprintf("safety evaluation %s: %s score declared, no report", [lib.label(e, "benchmark", i), which]) if {
	input.evidence
	not lib.verified_required
	some i, e in lib.safety_evaluations
	some which in runs
	lib.safety_run(i, which).status == "not-given"
}

# A declared score that is not the one the tool measured.
deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	declared_score := object.get(e, score_field(which), null)
	is_number(declared_score)
	is_number(run.harmful)
	abs(declared_score - run.harmful) - lib.params.evidence_tolerance > tolerance
	finding := {
		"msg": sprintf(
			"safety evaluation %s: declared %s %s is not the harmful score %s measured in %s (more than evidence_tolerance %s apart)",
			[
				lib.label(e, "benchmark", i), score_field(which), lib.number_text(declared_score),
				lib.number_text(run.harmful), lib.report_text(run), lib.number_text(lib.params.evidence_tolerance),
			],
		),
		"path": sprintf("/evaluation/safety/%d/%s", [i, score_field(which)]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	not is_number(object.get(run, "harmful", null))
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report %s records no numeric value for the metric",
			[lib.label(e, "benchmark", i), which, lib.report_text(run)],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

deny contains finding if {
	lib.params.min_eval_samples > 0
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	not is_number(object.get(run, "samples", null))
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report %s records no sample count, and min_eval_samples is %s",
			[lib.label(e, "benchmark", i), which, lib.report_text(run), lib.number_text(lib.params.min_eval_samples)],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	is_number(run.samples)
	run.samples < lib.params.min_eval_samples
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report %s scored %s samples, fewer than min_eval_samples %s",
			[lib.label(e, "benchmark", i), which, lib.report_text(run), lib.number_text(run.samples), lib.number_text(lib.params.min_eval_samples)],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

# The report must be of the evaluated artifact: the model the tool recorded is the declared one.
deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	not lib.bound(run)
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report %s is not bound to the artifact: the tool recorded model %s, the descriptor declares %s",
			[lib.label(e, "benchmark", i), which, lib.report_text(run), lib.quoted(object.get(run, "model", null)), lib.quoted(object.get(run, "declared_model", null))],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", model_field(which)]),
	}
}

# The tool's recorded run time governs freshness.
deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	not lib.is_datetime(object.get(run, "run_at", null))
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run's report %s records no run time, so its age is unknown",
			[lib.label(e, "benchmark", i), which, lib.report_text(run)],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	lib.is_datetime(run.run_at)
	lib.is_future(run.run_at)
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run in %s ran at %s, after the evaluation time %s",
			[lib.label(e, "benchmark", i), which, lib.report_text(run), run.run_at, input.as_of],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	some which in runs
	measured(i, which)
	run := lib.safety_run(i, which)
	lib.is_datetime(run.run_at)
	lib.is_stale(run.run_at)
	finding := {
		"msg": sprintf(
			"safety evaluation %s: the %s run in %s ran at %s, more than max_evidence_age_days (%s) before %s",
			[lib.label(e, "benchmark", i), which, lib.report_text(run), run.run_at, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": lib.pointer(["evaluation", "safety", i, "report", which]),
	}
}

deny contains finding if {
	some i, e in lib.safety_evaluations
	measured(i, "tuned")
	run := lib.safety_run(i, "tuned")
	ran := lib.value(["evaluation", "safety", i, "run_at"])
	lib.is_datetime(ran)
	lib.is_datetime(run.run_at)
	lib.more_than_a_day_apart(ran, run.run_at)
	finding := {
		"msg": sprintf(
			"safety evaluation %s: run_at %s is more than a day from %s, when the tuned run in %s started",
			[lib.label(e, "benchmark", i), ran, run.run_at, lib.report_text(run)],
		),
		"path": sprintf("/evaluation/safety/%d/run_at", [i]),
	}
}
