# METADATA
# title: Input and output guardrails
# description: >-
#   A model exposed to public or partner traffic filters both what it
#   receives and what it returns, so prompt injection and jailbreaks are
#   screened on the way in and harmful or unsafe output is caught on the way
#   out, even when fine-tuning has weakened the model's own alignment.
# custom:
#   id: DEP-GR-01
#   phase: deployment
#   severity: high
#   tiers: [low, medium, high]
#   threats: [prompt injection, jailbreak, improper output handling]
#   frameworks:
#     owasp-llm-2025: [LLM01, LLM05]
#     mitre-atlas: [AML.T0051, AML.T0054]
#   params: []
#   remediation: >-
#     Put an input filter (prompt-injection and jailbreak screening) and an
#     output filter (harmful-content moderation) in front of the serving
#     endpoint and set `deployment.guardrails.input_filter: true` and
#     `deployment.guardrails.output_filter: true`.
#   example: |
#     deployment:
#       exposure: public
#       guardrails:
#         input_filter: true
#         output_filter: true
package ftcomply.controls.dep_gr_01

import data.ftcomply.lib

exposed := {"public", "partner"}

applicable if input.descriptor.deployment.exposure in exposed

deployment := input.descriptor.deployment

filters := {
	"input_filter": "input (prompt-injection and jailbreak screening)",
	"output_filter": "output (harmful-content moderation)",
}

deny contains finding if {
	applicable
	some field, what in filters
	not deployment.guardrails[field] == true
	finding := {
		"msg": sprintf("deployment exposed to %s traffic has no %s guardrail (guardrails.%s must be true)", [deployment.exposure, what, field]),
		"path": lib.pointer(["deployment", "guardrails", field]),
	}
}
