# METADATA
# title: Approved model source
# description: >-
#   The base model comes from a source the organisation has approved
#   (approved_model_sources) and its model card was reviewed, so known
#   limitations, intended uses and licence terms of the base are accounted for
#   before it is tuned.
# custom:
#   id: PRE-MODEL-04
#   phase: pre-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [unvetted base model, undisclosed base model limitations]
#   frameworks:
#     nist-ai-rmf: [GOVERN 6.1, MANAGE 3.1]
#   params: [approved_model_sources]
#   remediation: >-
#     Take the base model from a source listed in approved_model_sources (or
#     have the source approved and added to the `params` of `ftcomply.yaml`),
#     review its model card (intended use, limitations, safety evaluation,
#     licence) and set `base_model.model_card_reviewed: true`.
#   example: |
#     base_model:
#       id: meta-llama/Llama-3.1-8B-Instruct
#       source: hub
#       model_card_reviewed: true
package ftcomply.controls.pre_model_04

import data.ftcomply.lib

base_model := object.get(input.descriptor, "base_model", {})

model_label := lib.label(base_model, "id", null)

approved_list := concat(", ", lib.params.approved_model_sources) if count(lib.params.approved_model_sources) > 0
else := "none"

deny contains finding if {
	not lib.has(base_model, "source")
	finding := {
		"msg": sprintf("base model %s declares no source (approved: %s)", [model_label, approved_list]),
		"path": lib.pointer(["base_model", "source"]),
	}
}

deny contains finding if {
	source := base_model.source
	not source in lib.params.approved_model_sources
	finding := {
		"msg": sprintf("base model %s source %s is not in approved_model_sources (%s)", [model_label, json.marshal(source), approved_list]),
		"path": "/base_model/source",
	}
}

deny contains finding if {
	not lib.has(base_model, "model_card_reviewed")
	finding := {
		"msg": sprintf("base model %s has no record of a model card review", [model_label]),
		"path": lib.pointer(["base_model", "model_card_reviewed"]),
	}
}

deny contains finding if {
	lib.has(base_model, "model_card_reviewed")
	base_model.model_card_reviewed != true
	finding := {
		"msg": sprintf("base model %s model card has not been reviewed", [model_label]),
		"path": "/base_model/model_card_reviewed",
	}
}
