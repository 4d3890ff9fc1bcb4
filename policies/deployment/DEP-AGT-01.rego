# METADATA
# title: Least-privilege agent tools
# description: >-
#   When the model acts as an agent, every tool that can change state, run
#   code, reach the network, move money or delete data requires human
#   approval per call, so a manipulated or backdoored model cannot take
#   consequential actions on its own.
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

applicable if input.descriptor.deployment.interface == "agent"

# The scopes that let a tool act on the world (the catalog's definition, not a threshold).
risky_scopes := {"write", "execute", "network", "payments", "delete"}

tools[i] := tool if {
	all_tools := input.descriptor.deployment.agent.tools
	is_array(all_tools)
	some i, tool in all_tools
}

risky(tool) := {s | some s in tool.scopes; s in risky_scopes} if is_array(tool.scopes)

deny contains finding if {
	applicable
	some i, tool in tools
	scopes := risky(tool)
	count(scopes) > 0
	not tool.requires_approval == true
	finding := {
		"msg": sprintf("agent tool %s has scopes [%s] but does not require human approval (requires_approval must be true)", [lib.label(tool, "name", i), concat(", ", sort(scopes))]),
		"path": lib.pointer(["deployment", "agent", "tools", i, "requires_approval"]),
	}
}
