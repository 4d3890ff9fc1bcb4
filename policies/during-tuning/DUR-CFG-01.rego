# METADATA
# title: Within the defense's validated envelope
# description: >-
#   When a safety defense is declared, the job declares the envelope the
#   defense was validated for (`max_learning_rate`, `max_epochs`) and its
#   learning rate and epochs stay within it, because alignment-preserving
#   defenses are known to fail at larger learning rates and more epochs than
#   they were validated for. Not applicable when the job declares no safety
#   defense or the method `none`: there is no envelope to keep within, and
#   whether a defense is required is DUR-DEF-01's and GOV-XPH-01's to judge.
#   A `training.safety_defense` without a method fails.
# custom:
#   id: DUR-CFG-01
#   phase: during-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [safety defense bypassed by out-of-envelope hyperparameters, harmful fine-tuning]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: []
#   remediation: >-
#     Record in `training.safety_defense.validated_envelope` the largest
#     learning rate and number of epochs the defense was validated for, declare
#     `training.hyperparameters.learning_rate` and `epochs`, and keep them
#     within that envelope (or re-validate the defense at the new settings and
#     widen the envelope with that evidence).
#   example: |
#     training:
#       hyperparameters:
#         learning_rate: 0.0001
#         epochs: 2
#       safety_defense:
#         method: safe-lora
#         validated_envelope:
#           max_learning_rate: 0.0002
#           max_epochs: 3
package ftcomply.controls.dur_cfg_01

import data.ftcomply.lib

training := object.get(input.descriptor, "training", {})

defense := object.get(training, "safety_defense", {})

hyperparameters := object.get(training, "hyperparameters", {})

# Each training setting and the envelope limit it must not exceed.
bounds := {"learning_rate": "max_learning_rate", "epochs": "max_epochs"}

defense_field := ["training", "safety_defense"]

method_field := ["training", "safety_defense", "method"]

# A declared defense (a set method other than none) has an envelope to keep within.
defended if lib.has_safety_defense

# No defense, no envelope. Whether the job needs a defense is DUR-DEF-01's (safety-aligned base
# models) and GOV-XPH-01's (a defense in every phase) to judge, which fail on its absence.
not_applicable contains "no safety defense is declared (training.safety_defense), so there is no validated envelope to keep within" if {
	not lib.exists(defense_field)
}

not_applicable contains "training.safety_defense.method is none, so there is no validated envelope to keep within" if {
	lib.is_none(lib.value(method_field))
}

# A defense block that does not name its method: which envelope applies is unknown.
deny contains finding if {
	lib.exists(defense_field)
	method := lib.value(method_field)
	not lib.is_set(method)
	finding := {
		"msg": "training.safety_defense declares no method, so the envelope it was validated for cannot be checked",
		"path": lib.pointer(method_field),
	}
}

envelope := defense.validated_envelope

deny contains finding if {
	defended
	not lib.has(defense, "validated_envelope")
	finding := {
		"msg": sprintf("safety defense %q declares no validated_envelope (max_learning_rate, max_epochs)", [defense.method]),
		"path": "/training/safety_defense",
	}
}

deny contains finding if {
	defended
	lib.has(defense, "validated_envelope")
	not is_object(envelope)
	finding := {
		"msg": sprintf("safety defense %q has a validated_envelope that is not an object with max_learning_rate and max_epochs", [defense.method]),
		"path": "/training/safety_defense/validated_envelope",
	}
}

deny contains finding if {
	defended
	is_object(envelope)
	some limit in bounds
	not lib.has(envelope, limit)
	finding := {
		"msg": sprintf("safety defense %q validated_envelope has no %s", [defense.method, limit]),
		"path": "/training/safety_defense/validated_envelope",
	}
}

deny contains finding if {
	defended
	is_object(envelope)
	some limit in bounds
	lib.has(envelope, limit)
	not is_number(envelope[limit])
	finding := {
		"msg": sprintf("safety defense %q validated_envelope.%s is not a number", [defense.method, limit]),
		"path": sprintf("/training/safety_defense/validated_envelope/%s", [limit]),
	}
}

deny contains finding if {
	defended
	some setting, _ in bounds
	not lib.has(hyperparameters, setting)
	finding := {
		"msg": sprintf("training.hyperparameters.%s is not set, so it cannot be checked against the envelope of safety defense %q", [setting, defense.method]),
		"path": lib.pointer(["training", "hyperparameters", setting]),
	}
}

deny contains finding if {
	defended
	some setting, _ in bounds
	lib.has(hyperparameters, setting)
	not is_number(hyperparameters[setting])
	finding := {
		"msg": sprintf("training.hyperparameters.%s is not a number", [setting]),
		"path": sprintf("/training/hyperparameters/%s", [setting]),
	}
}

deny contains finding if {
	defended
	some setting, limit in bounds
	value := hyperparameters[setting]
	maximum := envelope[limit]
	is_number(value)
	is_number(maximum)
	value > maximum
	finding := {
		"msg": sprintf("training.hyperparameters.%s %s exceeds %s %s validated for safety defense %q", [setting, lib.number_text(value), limit, lib.number_text(maximum), defense.method]),
		"path": sprintf("/training/hyperparameters/%s", [setting]),
	}
}
