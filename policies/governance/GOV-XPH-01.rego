# METADATA
# title: Defense in depth across phases
# description: >-
#   The job evidences at least one defense in each lifecycle phase: every
#   train dataset moderated before tuning, an alignment-preserving defense
#   during tuning, and a passed backdoor scan after it. Single-phase defenses
#   rarely generalise to attacks that enter through another phase. A job
#   without a train dataset has no pre-tuning defense to show.
# custom:
#   id: GOV-XPH-01
#   phase: governance
#   stage: post-tuning
#   severity: medium
#   tiers: [medium, high]
#   threats: [attacks that bypass a single-phase defense, harmful fine-tuning, backdoor implantation]
#   frameworks: {}
#   params: []
#   remediation: >-
#     Add the missing phase's defense: run a harmful-content moderation scan
#     on every train dataset (`datasets[].scans.moderation`), declare an
#     alignment-preserving defense in `training.safety_defense.method`
#     (not `none`), and scan the tuned artifact for backdoors and record
#     `evaluation.backdoor_scan.passed: true`.
#   example: |
#     datasets:
#       - name: support-tickets
#         role: train
#         scans:
#           moderation:
#             tool: llama-guard-3
#             tool_version: "3.1"
#             run_at: 2026-11-18T12:00:00Z
#             flagged_ratio: 0.0
#     training:
#       safety_defense:
#         method: safe-lora
#     evaluation:
#       backdoor_scan:
#         tool: weight-inspector
#         methods: [weight]
#         passed: true
package ftcomply.controls.gov_xph_01

import data.ftcomply.lib

# Pre-tuning: train datasets without a moderation scan object (presence only).
unmoderated[i] := d if {
	some i, d in lib.train_datasets
	not is_object(object.get(d, ["scans", "moderation"], null))
}

subject(names) := sprintf("train dataset %s has", [names]) if count(unmoderated) == 1
else := sprintf("train datasets %s have", [names])

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "pre-tuning phase has no defense: no train dataset is recorded (a dataset with role: train), so no moderation scan of the training data can be shown",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	count(unmoderated) > 0
	names := concat(", ", [lib.label(unmoderated[i], "name", i) | some i in sort(object.keys(unmoderated))])
	finding := {
		"msg": sprintf("pre-tuning phase has no defense: %s no harmful-content moderation scan (scans.moderation)", [subject(names)]),
		"path": lib.pointer(["datasets", min(object.keys(unmoderated)), "scans", "moderation"]),
	}
}

# During tuning: an alignment-preserving defense other than `none`.
deny contains finding if {
	not lib.has_safety_defense
	finding := {
		"msg": "during-tuning phase has no defense: training.safety_defense.method is missing or none",
		"path": lib.pointer(["training", "safety_defense", "method"]),
	}
}

# Post-tuning: a passed backdoor scan.
deny contains finding if {
	not input.descriptor.evaluation.backdoor_scan.passed == true
	finding := {
		"msg": "post-tuning phase has no defense: no passed backdoor scan (evaluation.backdoor_scan.passed must be true)",
		"path": lib.pointer(["evaluation", "backdoor_scan", "passed"]),
	}
}
