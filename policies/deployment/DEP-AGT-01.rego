# METADATA
# title: Least-privilege agent tools
# description: >-
#   When the model acts as an agent, every tool that can change state, run
#   code, reach the network, move money or delete data requires human
#   approval per call, so a manipulated or backdoored model cannot take
#   consequential actions on its own. Each tool of an agent lists its
#   scopes. Without a `deployment` section or its `interface` the control
#   fails; it is not applicable to an interface other than agent, or to an
#   agent that declares an empty tool list.
# custom:
#   id: DEP-AGT-01
#   phase: deployment
#   severity: high
#   tiers: [low, medium, high]
#   threats: [excessive agency, agent manipulation through injected instructions, backdoor-triggered tool misuse]
#   frameworks:
#     owasp-llm-2025: [LLM06]
#   params: []
#   remediation: >-
#     State the serving interface in `deployment.interface` and list an
#     agent's tools in `deployment.agent.tools`, each with its `scopes`.
#     Gate every agent tool with a `write`, `execute`, `network`, `payments`
#     or `delete` scope behind a human approval step and set its
#     `requires_approval: true`, or reduce the tool's scopes to `read`.
#   example: |
#     deployment:
#       interface: agent
#       agent:
#         tools:
#           - name: send_email
#             scopes: [network, write]
#             requires_approval: true
#           - name: crm_lookup
#             scopes: [read]
package ftcomply.controls.dep_agt_01

import data.ftcomply.lib

interface := ["deployment", "interface"]

tools_field := ["deployment", "agent", "tools"]

described if is_object(input.descriptor.deployment)

agent if lib.value(interface) == "agent"

not_applicable contains reason if {
	value := lib.value(interface)
	lib.is_set(value)
	value != "agent"
	reason := sprintf("deployment.interface is %s, not agent", [value])
}

not_applicable contains "the agent declares no tools (deployment.agent.tools is empty)" if {
	agent
	lib.value(tools_field) == []
}

# The scopes that let a tool act on the world (the catalog's definition, not a threshold).
risky_scopes := {"write", "execute", "network", "payments", "delete"}

tools[i] := tool if {
	all_tools := input.descriptor.deployment.agent.tools
	is_array(all_tools)
	some i, tool in all_tools
}

risky(tool) := {s | some s in tool.scopes; s in risky_scopes} if is_array(tool.scopes)

deny contains finding if {
	not described
	finding := {
		"msg": "no deployment section is recorded (deployment), so whether the model acts as an agent cannot be judged",
		"path": lib.pointer(["deployment"]),
	}
}

deny contains finding if {
	described
	not lib.is_set(lib.value(interface))
	finding := {
		"msg": "deployment.interface is not set, so whether the model acts as an agent is unknown",
		"path": lib.pointer(interface),
	}
}

deny contains finding if {
	agent
	not is_array(lib.value(tools_field))
	finding := {
		"msg": "the agent deployment lists no tools (deployment.agent.tools), so their privileges cannot be judged",
		"path": lib.pointer(tools_field),
	}
}

# A tool without scopes may do anything: unless every call needs approval, it fails.
deny contains finding if {
	agent
	some i, tool in tools
	field := ["deployment", "agent", "tools", i, "scopes"]
	not is_array(object.get(input.descriptor, field, null))
	not tool.requires_approval == true
	finding := {
		"msg": sprintf("agent tool %s does not list its scopes, so what it can do is unknown (list them, or set requires_approval: true)", [lib.label(tool, "name", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	agent
	some i, tool in tools
	scopes := risky(tool)
	count(scopes) > 0
	not tool.requires_approval == true
	finding := {
		"msg": sprintf("agent tool %s has scopes [%s] but does not require human approval (requires_approval must be true)", [lib.label(tool, "name", i), concat(", ", sort(scopes))]),
		"path": lib.pointer(["deployment", "agent", "tools", i, "requires_approval"]),
	}
}
