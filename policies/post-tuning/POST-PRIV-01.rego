# METADATA
# title: Memorisation evaluation
# description: >-
#   A model trained on personal or confidential data is tested for
#   memorisation with a membership-inference attack, and the attack's AUC
#   stays at or below max_membership_inference_auc. A model that memorised
#   its training records leaks them to anyone who can query it.
# custom:
#   id: POST-PRIV-01
#   phase: post-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [training-data extraction, membership inference]
#   frameworks:
#     owasp-llm-2025: [LLM02]
#     mitre-atlas: [AML.T0024]
#   params: [max_membership_inference_auc]
#   remediation: >-
#     Run a membership-inference attack against the tuned model (training
#     records against held-out records of the same distribution) and record
#     its AUC in `evaluation.privacy.membership_inference_auc`. If it is above
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

applicable if {
	some d in lib.train_datasets
	d.classification in sensitive_classifications
}

auc_field := ["evaluation", "privacy", "membership_inference_auc"]

deny contains finding if {
	not is_number(lib.value(auc_field))
	finding := {
		"msg": "no numeric evaluation.privacy.membership_inference_auc is recorded: a model trained on personal or confidential data must be tested for memorisation",
		"path": lib.pointer(auc_field),
	}
}

deny contains finding if {
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
