# METADATA
# title: Differential privacy for personal data
# description: >-
#   When a training dataset holds personal data, training uses differential
#   privacy with epsilon and delta no larger than max_dp_epsilon and
#   max_dp_delta, bounding how much the tuned model can memorise and leak
#   about any one person (membership inference, training-data extraction).
# custom:
#   id: DUR-PRIV-01
#   phase: during-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [training data extraction, membership inference on personal data]
#   frameworks:
#     owasp-llm-2025: [LLM02]
#     mitre-atlas: [AML.T0024]
#   params: [max_dp_epsilon, max_dp_delta]
#   remediation: >-
#     Train with differential privacy (for example DP-SGD with Opacus), record
#     `training.privacy.differential_privacy` with `enabled: true` and the
#     epsilon and delta the accountant reports, and keep them within
#     max_dp_epsilon and max_dp_delta; or remove the personal data from the
#     training set.
#   example: |
#     training:
#       privacy:
#         differential_privacy:
#           enabled: true
#           epsilon: 4
#           delta: 0.000001
package ftcomply.controls.dur_priv_01

import data.ftcomply.lib

personal_datasets := sort([lib.label(d, "name", i) |
	some i, d in lib.train_datasets
	d.classification == "personal"
])

applicable if count(personal_datasets) > 0

subject := sprintf("train dataset(s) %s hold personal data", [concat(", ", personal_datasets)])

training := object.get(input.descriptor, "training", {})

privacy := object.get(training, "privacy", {})

dp := object.get(privacy, "differential_privacy", {})

dp_path := "/training/privacy/differential_privacy"

# Each DP budget and the parameter that bounds it.
budgets := {"epsilon": "max_dp_epsilon", "delta": "max_dp_delta"}

deny contains finding if {
	applicable
	not lib.has(privacy, "differential_privacy")
	finding := {
		"msg": sprintf("%s but training.privacy.differential_privacy is not declared", [subject]),
		"path": lib.pointer(["training", "privacy", "differential_privacy"]),
	}
}

deny contains finding if {
	applicable
	lib.has(privacy, "differential_privacy")
	not lib.has(dp, "enabled")
	finding := {
		"msg": sprintf("%s but differential privacy is not enabled", [subject]),
		"path": dp_path,
	}
}

deny contains finding if {
	applicable
	lib.has(dp, "enabled")
	dp.enabled != true
	finding := {
		"msg": sprintf("%s but differential privacy is not enabled", [subject]),
		"path": concat("", [dp_path, "/enabled"]),
	}
}

deny contains finding if {
	applicable
	lib.has(privacy, "differential_privacy")
	some budget, param in budgets
	not lib.has(dp, budget)
	finding := {
		"msg": sprintf("%s but differential privacy declares no %s (at most %s = %s accepted)", [subject, budget, param, lib.number_text(lib.params[param])]),
		"path": dp_path,
	}
}

deny contains finding if {
	applicable
	some budget, _ in budgets
	lib.has(dp, budget)
	not is_number(dp[budget])
	finding := {
		"msg": sprintf("differential privacy %s is not a number", [budget]),
		"path": sprintf("%s/%s", [dp_path, budget]),
	}
}

deny contains finding if {
	applicable
	some budget, param in budgets
	value := dp[budget]
	is_number(value)
	value > lib.params[param]
	finding := {
		"msg": sprintf("differential privacy %s %s exceeds %s %s (%s)", [budget, lib.number_text(value), param, lib.number_text(lib.params[param]), subject]),
		"path": sprintf("%s/%s", [dp_path, budget]),
	}
}
