# METADATA
# title: Poisoning and backdoor-trigger scan
# description: >-
#   Every training dataset that does not originate inside the organisation
#   has passed a scan for poisoned samples and backdoor triggers. Data from
#   outside sources is the usual way an attacker plants a trigger that the
#   tuned model learns to obey.
# custom:
#   id: PRE-DATA-05
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [data poisoning, backdoor triggers planted in training data]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     mitre-atlas: [AML.T0020, AML.T0018]
#     eu-ai-act: [Art. 15]
#   params: []
#   remediation: >-
#     Scan every `train` dataset whose `provenance.origin` is not `internal`
#     for poisoned samples and backdoor triggers, remove what the scan flags
#     until it passes, and record the result in `datasets[].scans.poisoning`
#     with `passed: true`.
#   example: |
#     datasets:
#       - name: open-assistant-subset
#         role: train
#         provenance:
#           origin: public
#         scans:
#           poisoning:
#             tool: ftcomply-poison-scan
#             tool_version: "1.4.0"
#             run_at: 2026-11-18T12:30:00Z
#             passed: true
#             flagged_ratio: 0.0
package ftcomply.controls.pre_data_05

import data.ftcomply.lib

# Train datasets not known to originate inside the organisation: a missing origin counts,
# so a dataset that does not say where it came from is held to the scan, never excused.
external_train_datasets[i] := d if {
	some i, d in lib.train_datasets
	lib.origin(d) != "internal"
}

not_applicable contains "every train dataset has origin internal" if {
	count(lib.train_datasets) > 0
	count(external_train_datasets) == 0
}

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so no poisoning scan of the training data can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in external_train_datasets
	not is_object(object.get(d, ["scans", "poisoning"], null))
	finding := {
		"msg": sprintf("train dataset %s (%s) has no poisoning scan", [lib.label(d, "name", i), origin_text(d)]),
		"path": lib.pointer(["datasets", i, "scans", "poisoning"]),
	}
}

deny contains finding if {
	some i, d in external_train_datasets
	scan := d.scans.poisoning
	is_object(scan)
	not "passed" in object.keys(scan)
	finding := {
		"msg": sprintf("the poisoning scan of train dataset %s (%s) records no result (passed: true expected)", [lib.label(d, "name", i), origin_text(d)]),
		"path": sprintf("/datasets/%d/scans/poisoning", [i]),
	}
}

deny contains finding if {
	some i, d in external_train_datasets
	scan := d.scans.poisoning
	is_object(scan)
	"passed" in object.keys(scan)
	scan.passed != true
	finding := {
		"msg": sprintf("the poisoning scan of train dataset %s (%s) did not pass", [lib.label(d, "name", i), origin_text(d)]),
		"path": sprintf("/datasets/%d/scans/poisoning/passed", [i]),
	}
}

origin_text(d) := sprintf("origin %q", [d.provenance.origin]) if {
	lib.is_set(d.provenance.origin)
} else := "origin not declared"
