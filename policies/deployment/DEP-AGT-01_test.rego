package ftcomply.controls.dep_agt_01_test

import data.ftcomply.controls.dep_agt_01

as_of := "2026-11-26T00:00:00Z"

agent(tools) := {"descriptor": {"deployment": {"interface": "agent", "agent": {"tools": tools}}}, "as_of": as_of}

test_applicable_only_for_agent_interface if {
	dep_agt_01.applicable with input as agent([])
	not dep_agt_01.applicable with input as {"descriptor": {"deployment": {"interface": "chat"}}, "as_of": as_of}
	not dep_agt_01.applicable with input as {"descriptor": {}, "as_of": as_of}
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
	count(dep_agt_01.deny) == 0 with input as {"descriptor": {"deployment": {
		"interface": "chat",
		"agent": {"tools": [{"name": "shell", "scopes": ["execute"]}]},
	}}, "as_of": as_of}
}

test_malformed_tools_do_not_raise if {
	count(dep_agt_01.deny) == 0 with input as {"descriptor": {"deployment": {"interface": "agent", "agent": {"tools": "shell"}}}, "as_of": as_of}
	count(dep_agt_01.deny) == 0 with input as agent([{"name": "shell", "scopes": "execute"}])
}

# A tool without a string name is numbered, not quoted as if "#0" were its name.
test_fail_unnamed_tool_is_numbered if {
	dep_agt_01.deny == {{
		"msg": "agent tool #1 has scopes [delete] but does not require human approval (requires_approval must be true)",
		"path": "/deployment/agent/tools/1",
	}} with input as agent([{"name": "search", "scopes": ["read"]}, {"scopes": ["delete"]}])
}
