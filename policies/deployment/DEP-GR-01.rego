# METADATA
# title: Input and output guardrails
# description: >-
#   A model exposed to public or partner traffic filters both what it
#   receives and what it returns, so prompt injection and jailbreaks are
#   screened on the way in and harmful or unsafe output is caught on the way
#   out, even when fine-tuning has weakened the model's own alignment. The
#   deployment states its exposure: without a `deployment` section or its
#   `exposure` the control fails; it is not applicable to internal exposure.
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
#     State who can reach the model in `deployment.exposure` (public,
#     partner or internal). Put an input filter (prompt-injection and
#     jailbreak screening) and an
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

deployment := input.descriptor.deployment

exposure := ["deployment", "exposure"]

described if is_object(input.descriptor.deployment)

# Only a stated internal exposure excludes the control; any other value is judged.
not_applicable contains "deployment.exposure is internal" if lib.value(exposure) == "internal"

filters := {
	"input_filter": "input (prompt-injection and jailbreak screening)",
	"output_filter": "output (harmful-content moderation)",
}

deny contains finding if {
	not described
	finding := {
		"msg": "no deployment section is recorded (deployment), so its exposure and guardrails cannot be judged",
		"path": lib.pointer(["deployment"]),
	}
}

deny contains finding if {
	described
	not lib.is_set(lib.value(exposure))
	finding := {
		"msg": "deployment.exposure is not set (public, partner or internal), so whether the deployment needs guardrails is unknown",
		"path": lib.pointer(exposure),
	}
}

deny contains finding if {
	lib.is_set(lib.value(exposure))
	lib.value(exposure) != "internal"
	some field, what in filters
	not deployment.guardrails[field] == true
	finding := {
		"msg": sprintf("deployment exposed to %s traffic has no %s guardrail (guardrails.%s must be true)", [deployment.exposure, what, field]),
		"path": lib.pointer(["deployment", "guardrails", field]),
	}
}
