# METADATA
# title: Alignment-preserving defense
# description: >-
#   When the base model is safety-aligned, the job declares an
#   alignment-preserving defense in `training.safety_defense.method`, because
#   fine-tuning on harmful data, and even on benign data alone, erodes the
#   base model's safety alignment.
# custom:
#   id: DUR-DEF-01
#   phase: during-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [harmful fine-tuning, benign fine-tuning eroding safety alignment]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 15]
#   params: []
#   remediation: >-
#     Train with an alignment-preserving defense (for example Safe LoRA,
#     Vaccine, Lisa or mixing safety data into the training set), record its
#     name in `training.safety_defense.method` and the configuration range it
#     was validated for in `training.safety_defense.validated_envelope`.
#   example: |
#     base_model:
#       safety_aligned: true
#     training:
#       safety_defense:
#         method: safe-lora
#         validated_envelope:
#           max_learning_rate: 0.0002
#           max_epochs: 3
package ftcomply.controls.dur_def_01

import data.ftcomply.lib

base_model := object.get(input.descriptor, "base_model", {})

training := object.get(input.descriptor, "training", {})

defense := object.get(training, "safety_defense", {})

model_label := lib.label(base_model, "id", null)

applicable if base_model.safety_aligned == true

deny contains finding if {
	applicable
	not lib.has(defense, "method")
	finding := {
		"msg": sprintf("base model %s is safety-aligned but the job declares no alignment-preserving defense", [model_label]),
		"path": lib.pointer(["training", "safety_defense", "method"]),
	}
}

deny contains finding if {
	applicable
	lib.has(defense, "method")
	not lib.is_set(defense.method)
	finding := {
		"msg": sprintf("base model %s is safety-aligned but training.safety_defense.method is empty or not a string", [model_label]),
		"path": "/training/safety_defense/method",
	}
}

deny contains finding if {
	applicable
	lib.is_none(defense.method)
	finding := {
		"msg": sprintf("base model %s is safety-aligned but training.safety_defense.method is %q", [model_label, defense.method]),
		"path": "/training/safety_defense/method",
	}
}
