# METADATA
# title: Alignment-preserving defense
# description: >-
#   When the base model is safety-aligned, the job declares an
#   alignment-preserving defense in `training.safety_defense.method`, because
#   fine-tuning on harmful data, and even on benign data alone, erodes the
#   base model's safety alignment. Not applicable when
#   `base_model.safety_aligned` is false; a base model that does not say
#   fails.
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

aligned_field := ["base_model", "safety_aligned"]

aligned if object.get(input.descriptor, aligned_field, null) == true

not_applicable contains "the base model is not safety-aligned (base_model.safety_aligned: false)" if {
	object.get(input.descriptor, aligned_field, null) == false
}

# Whether the base model is aligned decides whether a defense is required: unknown fails.
deny contains finding if {
	not is_boolean(object.get(input.descriptor, aligned_field, null))
	finding := {
		"msg": sprintf("base model %s does not say whether it is safety-aligned (base_model.safety_aligned: true or false), so whether the job needs an alignment-preserving defense is unknown", [model_label]),
		"path": lib.pointer(aligned_field),
	}
}

deny contains finding if {
	aligned
	not lib.has(defense, "method")
	finding := {
		"msg": sprintf("base model %s is safety-aligned but the job declares no alignment-preserving defense", [model_label]),
		"path": lib.pointer(["training", "safety_defense", "method"]),
	}
}

deny contains finding if {
	aligned
	lib.has(defense, "method")
	not lib.is_set(defense.method)
	finding := {
		"msg": sprintf("base model %s is safety-aligned but training.safety_defense.method is empty or not a string", [model_label]),
		"path": "/training/safety_defense/method",
	}
}

deny contains finding if {
	aligned
	lib.is_none(defense.method)
	finding := {
		"msg": sprintf("base model %s is safety-aligned but training.safety_defense.method is %q", [model_label, defense.method]),
		"path": "/training/safety_defense/method",
	}
}
