# METADATA
# title: Harmful-content moderation
# description: >-
#   Every training dataset has been scanned for harmful content and the share
#   of flagged records is within max_moderation_flagged_ratio. Harmful
#   fine-tuning needs only a handful of harmful examples to undo a model's
#   safety alignment.
# custom:
#   id: PRE-DATA-04
#   phase: pre-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [harmful fine-tuning, safety alignment erosion by harmful training examples]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     mitre-atlas: [AML.T0020]
#     nist-ai-rmf: [MEASURE 2.7]
#   params: [max_moderation_flagged_ratio]
#   remediation: >-
#     Run a harmful-content classifier (e.g. Llama Guard) over every `train`
#     dataset, remove the flagged records until the flagged share is within
#     max_moderation_flagged_ratio, and record the scan with its
#     `flagged_ratio` in `datasets[].scans.moderation`.
#   example: |
#     datasets:
#       - name: support-tickets-2026q3
#         role: train
#         scans:
#           moderation:
#             tool: llama-guard-3
#             tool_version: "3.1"
#             run_at: 2026-11-18T12:00:00Z
#             flagged_ratio: 0.0
package ftcomply.controls.pre_data_04

import data.ftcomply.lib

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so no moderation scan of the training data can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	not is_object(object.get(d, ["scans", "moderation"], null))
	finding := {
		"msg": sprintf("train dataset %s has no moderation scan", [lib.label(d, "name", i)]),
		"path": lib.pointer(["datasets", i, "scans", "moderation"]),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	is_object(d.scans.moderation)
	field := ["datasets", i, "scans", "moderation", "flagged_ratio"]
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("the moderation scan of train dataset %s records no numeric flagged_ratio", [lib.label(d, "name", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	ratio := d.scans.moderation.flagged_ratio
	is_number(ratio)
	limit := data.ftcomply.params.max_moderation_flagged_ratio
	ratio > limit
	finding := {
		"msg": sprintf("the moderation scan of train dataset %s flagged a ratio of %s, above max_moderation_flagged_ratio %s", [lib.label(d, "name", i), lib.number_text(ratio), lib.number_text(limit)]),
		"path": sprintf("/datasets/%d/scans/moderation/flagged_ratio", [i]),
	}
}
