# METADATA
# title: Differential privacy for personal data
# description: >-
#   When a training dataset holds personal data, training uses differential
#   privacy with epsilon and delta no larger than max_dp_epsilon and
#   max_dp_delta, bounding how much the tuned model can memorise and leak
#   about any one person (membership inference, training-data extraction).
#   Not applicable when every train dataset is classified and none is
#   `personal`; a train dataset without a classification, or a job without a
#   train dataset, fails.
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

personal if count(personal_datasets) > 0

# Train datasets that do not say whether they are personal data.
unclassified[i] := d if {
	some i, d in lib.train_datasets
	not lib.is_set(object.get(input.descriptor, ["datasets", i, "classification"], null))
}

not_applicable contains "no train dataset is classified personal" if {
	count(lib.train_datasets) > 0
	count(unclassified) == 0
	not personal
}

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so whether the job trains on personal data is unknown",
		"path": lib.pointer(["datasets"]),
	}
}

# Only while no other train dataset already requires differential privacy.
deny contains finding if {
	not personal
	some i, d in unclassified
	finding := {
		"msg": sprintf("train dataset %s has no classification, so whether training needs differential privacy is unknown", [lib.label(d, "name", i)]),
		"path": lib.pointer(["datasets", i, "classification"]),
	}
}

subject := sprintf("train dataset(s) %s hold personal data", [concat(", ", personal_datasets)])

training := object.get(input.descriptor, "training", {})

privacy := object.get(training, "privacy", {})

dp := object.get(privacy, "differential_privacy", {})

dp_path := "/training/privacy/differential_privacy"

# Each DP budget and the parameter that bounds it.
budgets := {"epsilon": "max_dp_epsilon", "delta": "max_dp_delta"}

deny contains finding if {
	personal
	not lib.has(privacy, "differential_privacy")
	finding := {
		"msg": sprintf("%s but training.privacy.differential_privacy is not declared", [subject]),
		"path": lib.pointer(["training", "privacy", "differential_privacy"]),
	}
}

deny contains finding if {
	personal
	lib.has(privacy, "differential_privacy")
	not lib.has(dp, "enabled")
	finding := {
		"msg": sprintf("%s but differential privacy is not enabled", [subject]),
		"path": dp_path,
	}
}

deny contains finding if {
	personal
	lib.has(dp, "enabled")
	dp.enabled != true
	finding := {
		"msg": sprintf("%s but differential privacy is not enabled", [subject]),
		"path": concat("", [dp_path, "/enabled"]),
	}
}

deny contains finding if {
	personal
	lib.has(privacy, "differential_privacy")
	some budget, param in budgets
	not lib.has(dp, budget)
	finding := {
		"msg": sprintf("%s but differential privacy declares no %s (at most %s = %s accepted)", [subject, budget, param, lib.number_text(lib.params[param])]),
		"path": dp_path,
	}
}

deny contains finding if {
	personal
	some budget, _ in budgets
	lib.has(dp, budget)
	not is_number(dp[budget])
	finding := {
		"msg": sprintf("differential privacy %s is not a number", [budget]),
		"path": sprintf("%s/%s", [dp_path, budget]),
	}
}

deny contains finding if {
	personal
	some budget, param in budgets
	value := dp[budget]
	is_number(value)
	value > lib.params[param]
	finding := {
		"msg": sprintf("differential privacy %s %s exceeds %s %s (%s)", [budget, lib.number_text(value), param, lib.number_text(lib.params[param]), subject]),
		"path": sprintf("%s/%s", [dp_path, budget]),
	}
}
