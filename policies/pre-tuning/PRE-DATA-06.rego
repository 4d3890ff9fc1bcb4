# METADATA
# title: Personal data handling
# description: >-
#   Every training dataset has been scanned for personal data, and where the
#   scan found any or the dataset is classified `personal`, the personal data
#   was redacted or removed. A model memorises what it is trained on and can
#   disclose it to anyone who prompts it.
# custom:
#   id: PRE-DATA-06
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [sensitive information disclosure, memorisation of personal data]
#   frameworks:
#     owasp-llm-2025: [LLM02]
#     mitre-atlas: [AML.T0057]
#     eu-ai-act: [Art. 10]
#   params: []
#   remediation: >-
#     Run a PII scanner (e.g. Presidio) over every `train` dataset and record
#     it in `datasets[].scans.pii`; when it reports findings or the dataset is
#     classified `personal`, redact or remove the personal data and set
#     `action` to `redacted` or `removed`.
#   example: |
#     datasets:
#       - name: support-tickets-2026q3
#         role: train
#         scans:
#           pii:
#             tool: presidio
#             tool_version: "2.2.355"
#             run_at: 2026-11-18T13:00:00Z
#             findings: 312
#             action: redacted
package ftcomply.controls.pre_data_06

import data.ftcomply.lib

handled_actions := {"redacted", "removed"}

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so no pii scan of the training data can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	not is_object(object.get(d, ["scans", "pii"], null))
	finding := {
		"msg": sprintf("train dataset %s has no pii scan", [lib.label(d, "name", i)]),
		"path": lib.pointer(["datasets", i, "scans", "pii"]),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	scan := d.scans.pii
	is_object(scan)
	holds_personal_data(d, scan)
	action := object.get(scan, "action", null)
	not action in handled_actions
	finding := {
		"msg": sprintf("train dataset %s holds personal data (%s) but its pii scan action is %s, not redacted or removed", [lib.label(d, "name", i), reason(d, scan), action_text(action)]),
		"path": lib.pointer(["datasets", i, "scans", "pii", "action"]),
	}
}

# A scan records what it found: without a findings count it is no evidence either way.
deny contains finding if {
	some i, d in lib.train_datasets
	is_object(d.scans.pii)
	field := ["datasets", i, "scans", "pii", "findings"]
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("the pii scan of train dataset %s records no numeric findings count", [lib.label(d, "name", i)]),
		"path": lib.pointer(field),
	}
}

# The scan found no personal data and none was redacted: only the classification can say
# whether the dataset is personal data all the same, so it must be declared.
deny contains finding if {
	some i, d in lib.train_datasets
	scan := d.scans.pii
	is_object(scan)
	scan.findings == 0
	not object.get(scan, "action", null) in handled_actions
	field := ["datasets", i, "classification"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("train dataset %s has no classification, so whether it holds personal data that its pii scan did not find is unknown", [lib.label(d, "name", i)]),
		"path": lib.pointer(field),
	}
}

holds_personal_data(_, scan) if {
	is_number(scan.findings)
	scan.findings > 0
}

holds_personal_data(d, _) if d.classification == "personal"

reason(_, scan) := sprintf("%s pii findings", [lib.number_text(scan.findings)]) if {
	is_number(scan.findings)
	scan.findings > 0
} else := "classification personal"

action_text(action) := sprintf("%q", [action]) if is_string(action) else := "not recorded"
