# METADATA
# title: Safety monitoring during training
# description: >-
#   The job evaluates safety at a fixed step interval while it trains and halts
#   on a safety alert, so alignment eroded by harmful or even benign training data
#   is caught during the run instead of after the model ships. A managed
#   provider's training loop is not the customer's to instrument: with
#   `training.provider: managed-api` and `training.provider_assurance` (the
#   provider's job id and assurance reference) the control is not applicable,
#   and the tuned model's safety is judged after tuning (POST-EVAL-01).
# custom:
#   id: DUR-MON-01
#   phase: during-tuning
#   severity: medium
#   tiers: [high]
#   threats: [safety alignment erosion during fine-tuning, harmful fine-tuning]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: []
#   remediation: >-
#     Add a periodic safety evaluation to the training loop (e.g. a harmful-prompt
#     probe every few hundred steps), record its interval in
#     `training.monitoring.safety_eval_every_steps` and configure the run to stop
#     on a safety alert (`halt_on_alert: true`).
#   example: |
#     training:
#       monitoring:
#         safety_eval_every_steps: 200
#         halt_on_alert: true
package ftcomply.controls.dur_mon_01

import data.ftcomply.lib

monitoring := input.descriptor.training.monitoring

# The provider's training loop: the job can neither probe it every n steps nor halt it.
not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

is_positive_integer(value) if {
	is_number(value)
	value > 0
	floor(value) == value
}

declares_interval if {
	_ = monitoring.safety_eval_every_steps
}

deny contains finding if {
	not declares_interval
	finding := {
		"msg": "training declares no safety_eval_every_steps: safety is not evaluated during training",
		"path": lib.pointer(["training", "monitoring", "safety_eval_every_steps"]),
	}
}

deny contains finding if {
	declares_interval
	not is_positive_integer(monitoring.safety_eval_every_steps)
	finding := {
		"msg": "training monitoring safety_eval_every_steps must be a positive integer",
		"path": lib.pointer(["training", "monitoring", "safety_eval_every_steps"]),
	}
}

deny contains finding if {
	not monitoring.halt_on_alert == true
	finding := {
		"msg": "training does not halt on a safety alert (halt_on_alert: true required)",
		"path": lib.pointer(["training", "monitoring", "halt_on_alert"]),
	}
}
