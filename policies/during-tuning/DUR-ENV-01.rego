# METADATA
# title: Isolated training environment
# description: >-
#   The training environment is network-isolated, takes its secrets from a
#   secret store rather than inline values, and restricts who can reach it, so
#   the job cannot exfiltrate data or pull in tampered code and its credentials
#   cannot leak with the job definition. A managed provider's training
#   environment is the provider's: with `training.provider: managed-api` and
#   `training.provider_assurance` (the provider's job id and assurance
#   reference) the control is not applicable.
# custom:
#   id: DUR-ENV-01
#   phase: during-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [supply-chain compromise of the training run, data exfiltration, credential leakage]
#   frameworks:
#     mitre-atlas: [AML.T0010]
#   params: []
#   remediation: >-
#     Run training with no outbound network access and set
#     `training.environment.network_isolated: true`; serve secrets from a secret
#     store (`secrets_source: vault`, `kms` or `env`, never `inline`); restrict the
#     environment to a named role or group and record it in `access_control`.
#   example: |
#     training:
#       environment:
#         network_isolated: true
#         secrets_source: vault
#         access_control: rbac:ml-train-support
package ftcomply.controls.dur_env_01

import data.ftcomply.lib

environment := input.descriptor.training.environment

# The provider's network, secrets and access: only its assurance can speak for them.
not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

deny contains finding if {
	not environment.network_isolated == true
	finding := {
		"msg": "training environment is not network-isolated (network_isolated: true required)",
		"path": lib.pointer(["training", "environment", "network_isolated"]),
	}
}

deny contains finding if {
	field := ["training", "environment", "secrets_source"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": "training environment declares no secrets_source (vault, kms or env expected)",
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	environment.secrets_source == "inline"
	finding := {
		"msg": "training secrets are inline (secrets_source: inline); serve them from vault, kms or env",
		"path": lib.pointer(["training", "environment", "secrets_source"]),
	}
}

deny contains finding if {
	field := ["training", "environment", "access_control"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": "training environment declares no access_control",
		"path": lib.pointer(field),
	}
}
