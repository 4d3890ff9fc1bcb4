# METADATA
# title: Immutable audit log
# description: >-
#   The training run writes an audit log to a declared location that cannot be
#   altered afterwards, so what was trained, by whom and on what data can be
#   reconstructed after an incident and cannot be covered up. A managed
#   provider runs the job and keeps its record: with `training.provider:
#   managed-api` and `training.provider_assurance` (the provider's job id,
#   which names that record, and assurance reference) the control is not
#   applicable.
# custom:
#   id: DUR-LOG-01
#   phase: during-tuning
#   severity: medium
#   tiers: [medium, high]
#   threats: [untraceable or tampered training runs]
#   frameworks:
#     eu-ai-act: [Art. 12]
#   params: []
#   remediation: >-
#     Send the training run's audit events to write-once storage (e.g. an S3
#     bucket with Object Lock in compliance mode, or an append-only log service),
#     record its location in `training.audit_log.uri` and set `immutable: true`.
#   example: |
#     training:
#       audit_log:
#         uri: s3://audit/ml/support-bot-lora/
#         immutable: true
package ftcomply.controls.dur_log_01

import data.ftcomply.lib

audit_log := input.descriptor.training.audit_log

# The provider runs the job and keeps its record (named by the job id) under its assurance.
not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

deny contains finding if {
	field := ["training", "audit_log", "uri"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": "training declares no audit log location (audit_log.uri)",
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	not audit_log.immutable == true
	finding := {
		"msg": "training audit log is not immutable (immutable: true required)",
		"path": lib.pointer(["training", "audit_log", "immutable"]),
	}
}
