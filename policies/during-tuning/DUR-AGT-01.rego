# METADATA
# title: Agent trajectories scanned
# description: >-
#   When the model is tuned for agent tasks, every training dataset's
#   trajectories were scanned for unsafe tool calls and none was found, because a
#   model learns the actions it is trained on and unsafe trajectories teach it
#   excessive agency. Not applicable when `metadata.task_type` names another
#   task; a job that does not say its task type fails, since it may be an
#   agent job.
# custom:
#   id: DUR-AGT-01
#   phase: during-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [unsafe tool use learned from agent trajectories, excessive agency]
#   frameworks:
#     owasp-llm-2025: [LLM06]
#   params: []
#   remediation: >-
#     Scan every training dataset of an agent job for unsafe actions (destructive,
#     exfiltrating or unapproved tool calls), remove the trajectories it flags,
#     re-scan, and record the clean result in
#     `datasets[].scans.agent_actions` with `unsafe_action_ratio: 0`.
#   example: |
#     metadata:
#       task_type: agent
#     datasets:
#       - name: support-agent-trajectories
#         role: train
#         scans:
#           agent_actions:
#             tool: trajectory-auditor
#             tool_version: "0.9.2"
#             run_at: 2026-11-18T12:00:00Z
#             unsafe_action_ratio: 0.0
package ftcomply.controls.dur_agt_01

import data.ftcomply.lib

task_type_field := ["metadata", "task_type"]

agent if object.get(input.descriptor, task_type_field, null) == "agent"

not_applicable contains sprintf("metadata.task_type is %s, not agent", [task_type]) if {
	task_type := object.get(input.descriptor, task_type_field, null)
	lib.is_set(task_type)
	task_type != "agent"
}

# Whether the job is an agent job decides whether its trajectories are scanned: unknown fails.
deny contains finding if {
	not lib.is_set(object.get(input.descriptor, task_type_field, null))
	finding := {
		"msg": "metadata.task_type is not set, so whether the job is tuned for agent tasks (and its trajectories must be scanned) is unknown",
		"path": lib.pointer(task_type_field),
	}
}

deny contains finding if {
	agent
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so no agent_actions scan of the training trajectories can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

has_scan(d) if _ = d.scans.agent_actions

deny contains finding if {
	agent
	some i, d in lib.train_datasets
	not has_scan(d)
	finding := {
		"msg": sprintf("train dataset %s has no agent_actions scan of its trajectories", [lib.label(d, "name", i)]),
		"path": lib.pointer(["datasets", i, "scans", "agent_actions"]),
	}
}

deny contains finding if {
	agent
	some i, d in lib.train_datasets
	has_scan(d)
	field := ["datasets", i, "scans", "agent_actions", "unsafe_action_ratio"]
	not is_number(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("agent_actions scan of train dataset %s reports no numeric unsafe_action_ratio", [lib.label(d, "name", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	agent
	some i, d in lib.train_datasets
	ratio := d.scans.agent_actions.unsafe_action_ratio
	is_number(ratio)
	ratio != 0
	finding := {
		"msg": sprintf("agent_actions scan of train dataset %s found unsafe actions (unsafe_action_ratio %s, 0 required)", [lib.label(d, "name", i), lib.number_text(ratio)]),
		"path": lib.pointer(["datasets", i, "scans", "agent_actions", "unsafe_action_ratio"]),
	}
}
