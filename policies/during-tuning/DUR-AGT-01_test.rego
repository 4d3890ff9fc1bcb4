package ftcomply.controls.dur_agt_01_test

import data.ftcomply.controls.dur_agt_01

scan(ratio) := {"agent_actions": {
	"tool": "trajectory-auditor",
	"tool_version": "0.9.2",
	"run_at": "2026-11-18T12:00:00Z",
	"unsafe_action_ratio": ratio,
}}

agent_job(datasets) := {
	"descriptor": {"metadata": {"task_type": "agent"}, "datasets": datasets},
	"as_of": "2026-11-26T00:00:00Z",
}

test_applicable_to_agent_jobs if {
	count(dur_agt_01.not_applicable) == 0 with input as agent_job([{"name": "a", "role": "train", "scans": scan(0)}])
}

test_not_applicable_to_other_tasks if {
	dur_agt_01.not_applicable == {"metadata.task_type is chat, not agent"} with input as {"descriptor": {"metadata": {"task_type": "chat"}, "datasets": []}}
	dur_agt_01.not_applicable == {"metadata.task_type is classification, not agent"} with input as {"descriptor": {"metadata": {"task_type": "classification"}, "datasets": [{"name": "a", "role": "train"}]}}
	count(dur_agt_01.deny) == 0 with input as {"descriptor": {"metadata": {"task_type": "chat"}, "datasets": [{"name": "a", "role": "train"}]}}
}

test_fail_task_type_missing if {
	dur_agt_01.deny == {{
		"msg": "metadata.task_type is not set, so whether the job is tuned for agent tasks (and its trajectories must be scanned) is unknown",
		"path": "/metadata",
	}} with input as {"descriptor": {"metadata": {}, "datasets": [{"name": "a", "role": "train"}]}}
	dur_agt_01.deny == {{
		"msg": "metadata.task_type is not set, so whether the job is tuned for agent tasks (and its trajectories must be scanned) is unknown",
		"path": "/metadata/task_type",
	}} with input as {"descriptor": {"metadata": {"task_type": ""}, "datasets": []}}
	count(dur_agt_01.deny) == 1 with input as {"descriptor": {}}
	count(dur_agt_01.not_applicable) == 0 with input as {"descriptor": {"metadata": {}, "datasets": []}}
	count(dur_agt_01.not_applicable) == 0 with input as {"descriptor": {"metadata": {"task_type": null}, "datasets": []}}
}

test_fail_agent_job_without_train_dataset if {
	dur_agt_01.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no agent_actions scan of the training trajectories can be checked",
		"path": "/datasets",
	}} with input as agent_job([{"name": "val", "role": "validation", "scans": scan(0)}])
	dur_agt_01.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so no agent_actions scan of the training trajectories can be checked",
		"path": "/datasets",
	}} with input as agent_job([])
	count(dur_agt_01.deny) == 1 with input as {"descriptor": {"metadata": {"task_type": "agent"}}}
}

test_pass_every_train_dataset_clean if {
	count(dur_agt_01.deny) == 0 with input as agent_job([
		{"name": "a", "role": "train", "scans": scan(0)},
		{"name": "b", "role": "train", "scans": scan(0.0)},
		{"name": "holdout", "role": "safety"},
		{"name": "val", "role": "validation", "scans": scan(0.2)},
	])
}

test_fail_missing_scan if {
	dur_agt_01.deny == {
		{"msg": "train dataset \"a\" has no agent_actions scan of its trajectories", "path": "/datasets/0/scans"},
		{"msg": "train dataset \"b\" has no agent_actions scan of its trajectories", "path": "/datasets/1"},
	} with input as agent_job([
		{"name": "a", "role": "train", "scans": {"moderation": {"flagged_ratio": 0}}},
		{"name": "b", "role": "train"},
	])
}

test_fail_unsafe_actions if {
	dur_agt_01.deny == {{
		"msg": "agent_actions scan of train dataset \"b\" found unsafe actions (unsafe_action_ratio 0.01, 0 required)",
		"path": "/datasets/1/scans/agent_actions/unsafe_action_ratio",
	}} with input as agent_job([
		{"name": "a", "role": "train", "scans": scan(0)},
		{"name": "b", "role": "train", "scans": scan(0.01)},
	])
}

test_fail_ratio_not_numeric if {
	dur_agt_01.deny == {{
		"msg": "agent_actions scan of train dataset \"a\" reports no numeric unsafe_action_ratio",
		"path": "/datasets/0/scans/agent_actions/unsafe_action_ratio",
	}} with input as agent_job([{"name": "a", "role": "train", "scans": scan("0")}])
}

test_fail_ratio_missing if {
	dur_agt_01.deny == {{
		"msg": "agent_actions scan of train dataset \"a\" reports no numeric unsafe_action_ratio",
		"path": "/datasets/0/scans/agent_actions",
	}} with input as agent_job([{"name": "a", "role": "train", "scans": {"agent_actions": {"tool": "x"}}}])
}

test_fail_scan_not_an_object if {
	dur_agt_01.deny == {{
		"msg": "agent_actions scan of train dataset \"a\" reports no numeric unsafe_action_ratio",
		"path": "/datasets/0/scans/agent_actions",
	}} with input as agent_job([{"name": "a", "role": "train", "scans": {"agent_actions": "done"}}])
}

# Numbers in messages are written in plain decimal on every engine (OPA's %v writes 2e-05).
test_small_ratio_is_written_in_decimal if {
	dur_agt_01.deny == {{
		"msg": "agent_actions scan of train dataset \"a\" found unsafe actions (unsafe_action_ratio 0.00002, 0 required)",
		"path": "/datasets/0/scans/agent_actions/unsafe_action_ratio",
	}} with input as agent_job([{"name": "a", "role": "train", "scans": scan(0.00002)}])
}
