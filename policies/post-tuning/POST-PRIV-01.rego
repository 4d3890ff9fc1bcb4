# METADATA
# title: Memorisation evaluation
# description: >-
#   A model trained on personal or confidential data is tested for
#   memorisation with a membership-inference attack, and the attack's AUC
#   stays at or below max_membership_inference_auc. A model that memorised
#   its training records leaks them to anyone who can query it. The test
#   records when it ran (`run_at`), not after the evaluation time and within
#   max_evidence_age_days before it. Not applicable when every train dataset
#   is classified and none is personal or confidential; a train dataset
#   without a classification fails, since it may hold either.
# custom:
#   id: POST-PRIV-01
#   phase: post-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [training-data extraction, membership inference]
#   frameworks:
#     owasp-llm-2025: [LLM02]
#     mitre-atlas: [AML.T0024]
#   params: [max_membership_inference_auc, max_evidence_age_days]
#   remediation: >-
#     Run a membership-inference attack against the tuned model (training
#     records against held-out records of the same distribution) and record
#     its AUC in `evaluation.privacy.membership_inference_auc` with the
#     RFC 3339 `run_at` time of the test (re-run it when older than
#     max_evidence_age_days); classify every train dataset
#     (`datasets[].classification`). If the AUC is above
#     max_membership_inference_auc, deduplicate and redact the sensitive
#     data, train fewer epochs or with differential privacy, and re-test.
#   example: |
#     evaluation:
#       privacy:
#         membership_inference_auc: 0.52
#         run_at: 2026-11-21T13:00:00Z
package ftcomply.controls.post_priv_01

import data.ftcomply.lib

sensitive_classifications := {"personal", "confidential"}

# A train dataset is classified personal or confidential: the model must be tested.
sensitive if {
	some d in lib.train_datasets
	d.classification in sensitive_classifications
}

unclassified[i] := d if {
	some i, d in lib.train_datasets
	not lib.is_set(object.get(input.descriptor, ["datasets", i, "classification"], null))
}

not_applicable contains "no train dataset is classified personal or confidential" if {
	count(lib.train_datasets) > 0
	count(unclassified) == 0
	not sensitive
}

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so whether the model was trained on personal or confidential data is unknown",
		"path": lib.pointer(["datasets"]),
	}
}

# Only while no other train dataset already requires the test.
deny contains finding if {
	not sensitive
	some i, d in unclassified
	finding := {
		"msg": sprintf(
			"train dataset %s has no classification, so whether the model must be tested for memorisation is unknown",
			[lib.label(d, "name", i)],
		),
		"path": lib.pointer(["datasets", i, "classification"]),
	}
}

auc_field := ["evaluation", "privacy", "membership_inference_auc"]

run_at := ["evaluation", "privacy", "run_at"]

deny contains finding if {
	sensitive
	not is_number(lib.value(auc_field))
	finding := {
		"msg": "no numeric evaluation.privacy.membership_inference_auc is recorded: a model trained on personal or confidential data must be tested for memorisation",
		"path": lib.pointer(auc_field),
	}
}

deny contains finding if {
	sensitive
	auc := lib.value(auc_field)
	is_number(auc)
	auc > lib.params.max_membership_inference_auc
	finding := {
		"msg": sprintf(
			"membership-inference AUC %s exceeds max_membership_inference_auc %s: the model memorises its training data",
			[lib.number_text(auc), lib.number_text(lib.params.max_membership_inference_auc)],
		),
		"path": "/evaluation/privacy/membership_inference_auc",
	}
}

deny contains finding if {
	sensitive
	not lib.exists(run_at)
	finding := {
		"msg": "the membership-inference test records no evaluation.privacy.run_at, so its age is unknown",
		"path": lib.pointer(run_at),
	}
}

deny contains finding if {
	sensitive
	ran := lib.value(run_at)
	ran != lib.absent
	not lib.is_datetime(ran)
	finding := {
		"msg": "evaluation.privacy.run_at is not an RFC 3339 datetime",
		"path": "/evaluation/privacy/run_at",
	}
}

deny contains finding if {
	sensitive
	ran := lib.value(run_at)
	lib.is_datetime(ran)
	lib.is_future(ran)
	finding := {
		"msg": sprintf("the membership-inference test ran at %s, after the evaluation time %s", [ran, input.as_of]),
		"path": "/evaluation/privacy/run_at",
	}
}

deny contains finding if {
	sensitive
	ran := lib.value(run_at)
	lib.is_datetime(ran)
	lib.is_stale(ran)
	finding := {
		"msg": sprintf(
			"the membership-inference test ran at %s, more than max_evidence_age_days (%s) before %s",
			[ran, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": "/evaluation/privacy/run_at",
	}
}
