# METADATA
# title: Required approvals
# description: >-
#   Every role the organisation requires for the job's risk tier has signed
#   off, each by a different named person who is not the job's submitter
#   (separation of duties), at a valid time not after the evaluation time and
#   not before the latest safety evaluation, backdoor scan and red-team
#   exercise it approves, so no fine-tuned model ships without accountable
#   review of the evidence it ships with. Not applicable when
#   `required_approvals` lists no role for the tier.
# custom:
#   id: GOV-APR-01
#   phase: governance
#   severity: high
#   tiers: [low, medium, high]
#   threats: [unreviewed release, missing accountability for the shipped model, self-approval by the submitter]
#   frameworks:
#     nist-ai-rmf: [GOVERN 6.1]
#   params: [required_approvals]
#   remediation: >-
#     Obtain sign-off from every role that `required_approvals` lists for the
#     job's risk tier, each from a different person other than the job's
#     submitter (`training.submitter.id`), after the evaluations, backdoor
#     scan and red-team exercise are complete; record each in `approvals`
#     with its `role`, the approver's `name` and the RFC 3339 `approved_at`
#     time of the sign-off (not a future date).
#   example: |
#     training:
#       submitter:
#         id: svc-ml-pipeline@example.com
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

tier_field := ["metadata", "risk_tier"]

tier := lib.value(tier_field)

# The roles the tier requires, lower-cased (approvers' roles are compared the same way).
required_roles contains lower(role) if {
	roles := data.ftcomply.params.required_approvals[tier]
	is_array(roles)
	some role in roles
	is_string(role)
}

not_applicable contains reason if {
	is_string(tier)
	count(required_roles) == 0
	reason := sprintf("required_approvals lists no role for %s-tier jobs", [tier])
}

deny contains finding if {
	not is_string(tier)
	finding := {
		"msg": "metadata.risk_tier is not set, so the approvals the job needs are unknown",
		"path": lib.pointer(tier_field),
	}
}

approvals[i] := approval if {
	all_approvals := input.descriptor.approvals
	is_array(all_approvals)
	some i, approval in all_approvals
}

# The role of each entry that names one, lower-cased.
entry_role[i] := lower(approval.role) if {
	some i, approval in approvals
	lib.is_set(approval.role)
}

deny contains finding if {
	some i, _ in approvals
	not entry_role[i]
	finding := {
		"msg": sprintf("approval #%d names no role, so what it approves is unknown", [i]),
		"path": lib.pointer(["approvals", i, "role"]),
	}
}

# ---------------------------------------------------------------------------
# Who may approve: a named person, not a look-alike name, not the submitter.

submitter_field := ["training", "submitter", "id"]

submitter := lower(lib.value(submitter_field)) if {
	lib.is_set(lib.value(submitter_field))
} else := ""

deny contains finding if {
	count(required_roles) > 0
	not lib.is_set(lib.value(submitter_field))
	finding := {
		"msg": "training.submitter.id is not set, so the approvals cannot be checked against the submitter (separation of duties)",
		"path": lib.pointer(submitter_field),
	}
}

# JSON pointers of the descriptor strings that mix scripts in one word (look-alikes).
confusable_paths := {c.path |
	texts := object.get(input, ["text", "confusables"], [])
	is_array(texts)
	some c in texts
	is_string(c.path)
}

name_path(i) := sprintf("/approvals/%d/name", [i])

# ---------------------------------------------------------------------------
# The evidence an approval approves: its dates (well-formed ones; their controls judge the rest).

evidence_dates contains [time.parse_rfc3339_ns(e.run_at), sprintf("evaluation.safety[%d].run_at", [i]), e.run_at] if {
	some i, e in lib.safety_evaluations
	lib.is_datetime(e.run_at)
}

evidence_dates contains [time.parse_rfc3339_ns(ran), "evaluation.backdoor_scan.run_at", ran] if {
	ran := lib.value(["evaluation", "backdoor_scan", "run_at"])
	lib.is_datetime(ran)
}

evidence_dates contains [time.parse_rfc3339_ns(done), "evaluation.red_team.completed_at", done] if {
	done := lib.value(["evaluation", "red_team", "completed_at"])
	lib.is_datetime(done)
}

# The latest evidence as [nanoseconds, field, datetime]; ["", "", ""] when there is none.
latest := sort(evidence_dates)[count(evidence_dates) - 1] if {
	count(evidence_dates) > 0
} else := ["", "", ""]

before_evidence(at) if {
	count(evidence_dates) > 0
	time.parse_rfc3339_ns(at) < latest[0]
}

# ---------------------------------------------------------------------------
# Approvals that count.

valid(i) if {
	name := lib.value(["approvals", i, "name"])
	lib.is_set(name)
	not name_path(i) in confusable_paths
	lower(name) != submitter
	at := lib.value(["approvals", i, "approved_at"])
	lib.is_datetime(at)
	not lib.is_future(at)
	not before_evidence(at)
}

approved(role) if {
	some i, r in entry_role
	r == role
	valid(i)
}

has_entry(role) if {
	some r in entry_role
	r == role
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
	i := min({j | some j, r in entry_role; r == role})
	problem := issue(i, approvals[i])
	finding := {
		"msg": sprintf("approval by role %q %s", [role, problem.what]),
		"path": problem.path,
	}
}

# The first thing wrong with an approval entry (it is known not to be valid).
issue(i, approval) := {"what": "has no approver name", "path": lib.pointer(["approvals", i, "name"])} if {
	not lib.is_set(lib.value(["approvals", i, "name"]))
} else := {
	"what": "has an approver name that mixes scripts (look-alike letters), so who approved is unclear",
	"path": name_path(i),
} if {
	name_path(i) in confusable_paths
} else := {
	"what": "is by the job's submitter (training.submitter.id): separation of duties needs another person",
	"path": name_path(i),
} if {
	lower(approval.name) == submitter
} else := {"what": "has no approved_at time", "path": sprintf("/approvals/%d", [i])} if {
	not lib.has(approval, "approved_at")
} else := {"what": "has an approved_at that is not an RFC 3339 datetime", "path": sprintf("/approvals/%d/approved_at", [i])} if {
	not lib.is_datetime(lib.value(["approvals", i, "approved_at"]))
} else := {
	"what": sprintf("is dated %s, after the evaluation time %s (a future approval does not count)", [approval.approved_at, input.as_of]),
	"path": sprintf("/approvals/%d/approved_at", [i]),
} if {
	lib.is_future(approval.approved_at)
} else := {
	"what": sprintf(
		"is dated %s, before the evidence it approves (%s is %s): approve after the evaluations are complete",
		[approval.approved_at, latest[1], latest[2]],
	),
	"path": sprintf("/approvals/%d/approved_at", [i]),
}

# ---------------------------------------------------------------------------
# Separation of duties: one person approves at most one of the required roles.

# [approver (lower-cased), role, index] of each approval that counts for a required role.
signatures contains [lower(approvals[i].name), role, i] if {
	some i, role in entry_role
	role in required_roles
	valid(i)
}

deny contains finding if {
	some person in {s[0] | some s in signatures}
	roles := {s[1] | some s in signatures; s[0] == person}
	count(roles) > 1
	indices := sort([s[2] | some s in signatures; s[0] == person])
	finding := {
		"msg": sprintf(
			"%q approved for several roles (%s): each role required for %s-tier jobs needs a different person",
			[person, concat(", ", sort(roles)), tier],
		),
		"path": name_path(indices[1]),
	}
}
