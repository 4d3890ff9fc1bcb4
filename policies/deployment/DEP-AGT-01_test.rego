package ftcomply.controls.dep_agt_01_test

import data.ftcomply.controls.dep_agt_01

as_of := "2026-11-26T00:00:00Z"

agent(tools) := {"descriptor": {"deployment": {"interface": "agent", "agent": {"tools": tools}}}, "as_of": as_of}

test_not_applicable_other_interface if {
	dep_agt_01.not_applicable == {"deployment.interface is chat, not agent"} with input as {"descriptor": {"deployment": {"interface": "chat"}}, "as_of": as_of}
	count(dep_agt_01.not_applicable) == 0 with input as agent([{"name": "search", "scopes": ["read"]}])
}

test_not_applicable_agent_without_tools if {
	dep_agt_01.not_applicable == {"the agent declares no tools (deployment.agent.tools is empty)"} with input as agent([])
	count(dep_agt_01.deny) == 0 with input as agent([])
}

test_fail_no_deployment_section if {
	dep_agt_01.deny == {{
		"msg": "no deployment section is recorded (deployment), so whether the model acts as an agent cannot be judged",
		"path": "",
	}} with input as {"descriptor": {}, "as_of": as_of}
	count(dep_agt_01.not_applicable) == 0 with input as {"descriptor": {}, "as_of": as_of}
}

test_fail_interface_missing if {
	missing := {"descriptor": {"deployment": {"exposure": "public", "agent": {"tools": [{"name": "shell", "scopes": ["execute"]}]}}}, "as_of": as_of}
	dep_agt_01.deny == {{
		"msg": "deployment.interface is not set, so whether the model acts as an agent is unknown",
		"path": "/deployment",
	}} with input as missing
	count(dep_agt_01.not_applicable) == 0 with input as missing
}

test_fail_agent_tools_missing if {
	dep_agt_01.deny == {{
		"msg": "the agent deployment lists no tools (deployment.agent.tools), so their privileges cannot be judged",
		"path": "/deployment",
	}} with input as {"descriptor": {"deployment": {"interface": "agent"}}, "as_of": as_of}
	dep_agt_01.deny == {{
		"msg": "the agent deployment lists no tools (deployment.agent.tools), so their privileges cannot be judged",
		"path": "/deployment/agent",
	}} with input as {"descriptor": {"deployment": {"interface": "agent", "agent": {}}}, "as_of": as_of}
}

test_fail_tool_scopes_missing if {
	dep_agt_01.deny == {{
		"msg": "agent tool \"shell\" does not list its scopes, so what it can do is unknown (list them, or set requires_approval: true)",
		"path": "/deployment/agent/tools/1",
	}} with input as agent([{"name": "search", "scopes": ["read"]}, {"name": "shell"}])
	count(dep_agt_01.deny) == 0 with input as agent([{"name": "shell", "requires_approval": true}])
}

test_pass_risky_tools_gated if {
	count(dep_agt_01.deny) == 0 with input as agent([
		{"name": "send_email", "scopes": ["network", "write"], "requires_approval": true},
		{"name": "crm_lookup", "scopes": ["read"]},
		{"name": "refund", "scopes": ["payments"], "requires_approval": true},
	])
}

test_pass_read_only_tool_without_approval if {
	count(dep_agt_01.deny) == 0 with input as agent([{"name": "search", "scopes": ["read"], "requires_approval": false}])
}

test_fail_risky_tool_not_gated if {
	dep_agt_01.deny == {{
		"msg": "agent tool \"send_email\" has scopes [network, write] but does not require human approval (requires_approval must be true)",
		"path": "/deployment/agent/tools/0/requires_approval",
	}} with input as agent([
		{"name": "send_email", "scopes": ["write", "network", "read"], "requires_approval": false},
		{"name": "crm_lookup", "scopes": ["read"]},
	])
}

test_fail_risky_tool_approval_missing if {
	dep_agt_01.deny == {{
		"msg": "agent tool \"wipe_records\" has scopes [delete] but does not require human approval (requires_approval must be true)",
		"path": "/deployment/agent/tools/1",
	}} with input as agent([
		{"name": "crm_lookup", "scopes": ["read"]},
		{"name": "wipe_records", "scopes": ["delete"]},
	])
}

test_fail_each_risky_scope if {
	every scope in ["write", "execute", "network", "payments", "delete"] {
		count(dep_agt_01.deny) == 1 with input as agent([{"name": "t", "scopes": [scope]}])
	}
}

test_fail_one_finding_per_tool if {
	findings := dep_agt_01.deny with input as agent([
		{"name": "shell", "scopes": ["execute"], "requires_approval": false},
		{"name": "pay", "scopes": ["payments"]},
	])
	{f.path | some f in findings} == {"/deployment/agent/tools/0/requires_approval", "/deployment/agent/tools/1"}
}

test_no_findings_when_not_agent if {
	dep_agt_01.not_applicable == {"deployment.interface is chat, not agent"} with input as {"descriptor": {"deployment": {
		"interface": "chat",
		"agent": {"tools": [{"name": "shell", "scopes": ["execute"]}]},
	}}, "as_of": as_of}
	count(dep_agt_01.deny) == 0 with input as {"descriptor": {"deployment": {
		"interface": "chat",
		"agent": {"tools": [{"name": "shell", "scopes": ["execute"]}]},
	}}, "as_of": as_of}
}

# Malformed tools are missing evidence: findings, never engine errors.
test_malformed_tools_fail_without_raising if {
	dep_agt_01.deny == {{
		"msg": "the agent deployment lists no tools (deployment.agent.tools), so their privileges cannot be judged",
		"path": "/deployment/agent/tools",
	}} with input as {"descriptor": {"deployment": {"interface": "agent", "agent": {"tools": "shell"}}}, "as_of": as_of}
	dep_agt_01.deny == {{
		"msg": "agent tool \"shell\" does not list its scopes, so what it can do is unknown (list them, or set requires_approval: true)",
		"path": "/deployment/agent/tools/0/scopes",
	}} with input as agent([{"name": "shell", "scopes": "execute"}])
}

# A tool without a string name is numbered, not quoted as if "#0" were its name.
test_fail_unnamed_tool_is_numbered if {
	dep_agt_01.deny == {{
		"msg": "agent tool #1 has scopes [delete] but does not require human approval (requires_approval must be true)",
		"path": "/deployment/agent/tools/1",
	}} with input as agent([{"name": "search", "scopes": ["read"]}, {"scopes": ["delete"]}])
}
