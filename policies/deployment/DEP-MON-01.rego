# METADATA
# title: Monitoring and rollback
# description: >-
#   A deployed model is monitored, has a named incident contact, and records
#   the digest of the previous artifact it can be rolled back to, so unsafe
#   behaviour that evaluation missed (a dormant backdoor, eroded alignment)
#   is noticed, owned and reversed quickly. A job checked for deployment
#   describes it: without a `deployment` section the control fails.
# custom:
#   id: DEP-MON-01
#   phase: deployment
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [undetected unsafe behaviour in production, no way back from a compromised release]
#   frameworks:
#     nist-ai-rmf: [MANAGE 3.2]
#   params: []
#   remediation: >-
#     Describe the deployment in a `deployment` section. Turn on production
#     safety monitoring and set
#     `deployment.monitoring.enabled: true`; name the team or address that
#     answers incidents in `deployment.monitoring.incident_contact`; record
#     the SHA-256 digest of the last known-good artifact in
#     `deployment.rollback.previous_artifact_sha256`.
#   example: |
#     deployment:
#       monitoring:
#         enabled: true
#         incident_contact: trust-and-safety@example.com
#       rollback:
#         previous_artifact_sha256: 6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c
package ftcomply.controls.dep_mon_01

import data.ftcomply.lib

deployment := input.descriptor.deployment

described if is_object(input.descriptor.deployment)

deny contains finding if {
	not described
	finding := {
		"msg": "no deployment section is recorded (deployment), so monitoring and rollback cannot be judged",
		"path": lib.pointer(["deployment"]),
	}
}

deny contains finding if {
	described
	not deployment.monitoring.enabled == true
	finding := {
		"msg": "deployment monitoring is not enabled (monitoring.enabled must be true)",
		"path": lib.pointer(["deployment", "monitoring", "enabled"]),
	}
}

deny contains finding if {
	described
	field := ["deployment", "monitoring", "incident_contact"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": "deployment has no incident contact (monitoring.incident_contact must name who answers incidents)",
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	described
	not deployment.rollback.previous_artifact_sha256
	finding := {
		"msg": "deployment has no rollback target (rollback.previous_artifact_sha256 must be the digest of the previous artifact)",
		"path": lib.pointer(["deployment", "rollback", "previous_artifact_sha256"]),
	}
}

deny contains finding if {
	described
	deployment.rollback.previous_artifact_sha256
	not lib.is_digest(deployment.rollback.previous_artifact_sha256)
	finding := {
		"msg": "deployment rollback.previous_artifact_sha256 is malformed (64 lowercase hex characters expected)",
		"path": "/deployment/rollback/previous_artifact_sha256",
	}
}
