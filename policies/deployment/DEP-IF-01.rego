# METADATA
# title: Authenticated, rate-limited interface
# description: >-
#   A deployed model is served only to authenticated callers and under a
#   per-minute request limit, so anonymous users cannot abuse the interface,
#   exhaust it, or query it at the volume that model extraction and
#   membership inference need. A job checked for deployment describes it:
#   without a `deployment` section the control fails.
# custom:
#   id: DEP-IF-01
#   phase: deployment
#   severity: high
#   tiers: [low, medium, high]
#   threats: [unbounded consumption, model extraction through the API, anonymous abuse of the interface]
#   frameworks:
#     owasp-llm-2025: [LLM10]
#     mitre-atlas: [AML.T0029, AML.T0024]
#   params: []
#   remediation: >-
#     Describe the deployment in a `deployment` section. Require
#     authentication on the serving endpoint and set
#     `deployment.auth_required: true`; configure a per-caller request limit
#     at the gateway and record it in
#     `deployment.rate_limit.requests_per_minute` (a number greater than 0).
#   example: |
#     deployment:
#       auth_required: true
#       rate_limit:
#         requests_per_minute: 60
package ftcomply.controls.dep_if_01

import data.ftcomply.lib

deployment := input.descriptor.deployment

described if is_object(input.descriptor.deployment)

deny contains finding if {
	not described
	finding := {
		"msg": "no deployment section is recorded (deployment), so authentication and rate limiting cannot be judged",
		"path": lib.pointer(["deployment"]),
	}
}

deny contains finding if {
	described
	not deployment.auth_required == true
	finding := {
		"msg": "deployment does not require authentication (auth_required must be true)",
		"path": lib.pointer(["deployment", "auth_required"]),
	}
}

deny contains finding if {
	described
	not rate_limited
	finding := {
		"msg": "deployment has no request rate limit (rate_limit.requests_per_minute must be a number greater than 0)",
		"path": lib.pointer(["deployment", "rate_limit", "requests_per_minute"]),
	}
}

rate_limited if {
	rpm := deployment.rate_limit.requests_per_minute
	is_number(rpm)
	rpm > 0
}
