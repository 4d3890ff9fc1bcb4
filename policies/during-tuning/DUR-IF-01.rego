# METADATA
# title: Verified submitter
# description: >-
#   The fine-tuning job names the identity that submitted it and that identity
#   was verified, because fine-tuning interfaces are abused by anonymous uploads
#   of poisoned or harmful training data.
# custom:
#   id: DUR-IF-01
#   phase: during-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [anonymous harmful fine-tuning through the tuning interface, data poisoning]
#   frameworks:
#     mitre-atlas: [AML.T0020]
#     nist-ai-rmf: [GOVERN 6.1]
#   params: []
#   remediation: >-
#     Accept fine-tuning jobs only from authenticated identities (SSO user or
#     workload identity), record the identity in `training.submitter.id` and set
#     `verified: true` only once the platform has verified it.
#   example: |
#     training:
#       submitter:
#         id: svc-ml-pipeline@example.com
#         verified: true
package ftcomply.controls.dur_if_01

import data.ftcomply.lib

submitter := input.descriptor.training.submitter

id_field := ["training", "submitter", "id"]

deny contains finding if {
	not lib.is_set(object.get(input.descriptor, id_field, null))
	finding := {
		"msg": "training job does not name its submitter (submitter.id)",
		"path": lib.pointer(id_field),
	}
}

deny contains finding if {
	not submitter.verified == true
	lib.is_set(submitter.id)
	finding := {
		"msg": sprintf("training submitter %q is not verified (verified: true required)", [submitter.id]),
		"path": lib.pointer(["training", "submitter", "verified"]),
	}
}

deny contains finding if {
	not submitter.verified == true
	not lib.is_set(object.get(input.descriptor, id_field, null))
	finding := {
		"msg": "training submitter is not verified (verified: true required)",
		"path": lib.pointer(["training", "submitter", "verified"]),
	}
}
