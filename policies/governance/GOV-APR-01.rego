# METADATA
# title: Required approvals
# description: >-
#   Every role the organisation requires for the job's risk tier has signed
#   off, with the approver named and a valid approval time not after the
#   evaluation time, so no fine-tuned model ships without accountable
#   review (an approval dated in the future does not count).
# custom:
#   id: GOV-APR-01
#   phase: governance
#   severity: high
#   tiers: [low, medium, high]
#   threats: [unreviewed release, missing accountability for the shipped model]
#   frameworks:
#     nist-ai-rmf: [GOVERN 6.1]
#   params: [required_approvals]
#   remediation: >-
#     Obtain sign-off from every role that `required_approvals` lists for the
#     job's risk tier and record each in `approvals` with its `role`, the
#     approver's `name` and the RFC 3339 `approved_at` time of the sign-off
#     (not a future date).
#   example: |
#     approvals:
#       - role: security
#         name: priya.raman@example.com
#         approved_at: 2026-11-23T09:00:00Z
#       - role: data-owner
#         name: dana.okafor@example.com
#         approved_at: 2026-11-23T10:00:00Z
#       - role: model-owner
#         name: tomas.berg@example.com
#         approved_at: 2026-11-23T11:00:00Z
package ftcomply.controls.gov_apr_01

import data.ftcomply.lib

tier := input.descriptor.metadata.risk_tier

required_roles contains role if {
	roles := data.ftcomply.params.required_approvals[tier]
	is_array(roles)
	some role in roles
}

approvals[i] := approval if {
	all_approvals := input.descriptor.approvals
	is_array(all_approvals)
	some i, approval in all_approvals
}

valid(approval) if {
	lib.is_set(approval.name)
	lib.is_datetime(approval.approved_at)
	not lib.is_future(approval.approved_at)
}

approved(role) if {
	some approval in approvals
	approval.role == role
	valid(approval)
}

deny contains finding if {
	some role in required_roles
	not approved(role)
	not has_entry(role)
	finding := {
		"msg": sprintf("no approval by role %q (required for %s-tier jobs)", [role, tier]),
		"path": lib.pointer(["approvals"]),
	}
}

deny contains finding if {
	some role in required_roles
	not approved(role)
	has_entry(role)
	i := min({j | some j, approval in approvals; approval.role == role})
	problem := issue(i, approvals[i])
	finding := {
		"msg": sprintf("approval by role %q %s", [role, problem.what]),
		"path": problem.path,
	}
}

has_entry(role) if {
	some approval in approvals
	approval.role == role
}

# The first thing wrong with an approval entry (it is known not to be valid).
issue(i, approval) := {"what": "has no approver name", "path": lib.pointer(["approvals", i, "name"])} if {
	not lib.is_set(object.get(input.descriptor, ["approvals", i, "name"], null))
} else := {"what": "has no approved_at time", "path": sprintf("/approvals/%d", [i])} if {
	not lib.has(approval, "approved_at")
} else := {"what": "has an approved_at that is not an RFC 3339 datetime", "path": sprintf("/approvals/%d/approved_at", [i])} if {
	not lib.is_datetime(approval.approved_at)
} else := {
	"what": sprintf("is dated %s, after the evaluation time %s (a future approval does not count)", [approval.approved_at, input.as_of]),
	"path": sprintf("/approvals/%d/approved_at", [i]),
}
