# METADATA
# title: Pinned training code and environment
# description: >-
#   The training code is pinned to a full git commit, the container image to a
#   content digest and the dependency lockfile to a SHA-256 digest, so the
#   code and packages that run the job are the ones that were reviewed and a
#   compromised branch, tag or package cannot slip into training. A managed
#   provider's training code and image are the provider's: with
#   `training.provider: managed-api` and `training.provider_assurance` (the
#   provider's job id and assurance reference) the control is not applicable.
# custom:
#   id: PRE-SUPPLY-01
#   phase: pre-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [compromised training code or dependencies, mutable container tags]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010]
#   params: []
#   remediation: >-
#     Record the full 40-character commit id of the training code in
#     `training.code.commit` (`git rev-parse HEAD`), the image's content
#     digest in `training.code.image_digest` (`sha256:` + 64 hex, the part
#     after `@` in `docker inspect --format '{{index .RepoDigests 0}}' IMAGE`)
#     and the SHA-256 of the dependency lockfile in
#     `training.code.lockfile_sha256` (`sha256sum`), and run the job from
#     exactly those.
#   example: |
#     training:
#       code:
#         repository: https://git.example.com/ml/support-bot-train
#         commit: 4b825dc642cb6eb9a060e54bf8d69288fbee4904
#         image_digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
#         lockfile_sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
package ftcomply.controls.pre_supply_01

import data.ftcomply.lib

# The pinned fields of training.code, their well-formed shape and its description.
pins := {
	"commit": {"pattern": `^[0-9a-f]{40}$`, "expected": "a full commit id of 40 lowercase hex characters"},
	"image_digest": {"pattern": `^sha256:[0-9a-f]{64}$`, "expected": "sha256: followed by 64 lowercase hex characters"},
	"lockfile_sha256": {"pattern": lib.digest_pattern, "expected": "64 lowercase hex characters"},
}

training := object.get(input.descriptor, "training", {})

code := object.get(training, "code", {})

# The provider builds and runs the training code: only its assurance can speak for it.
not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

well_formed(value, pattern) if {
	is_string(value)
	regex.match(pattern, value)
}

deny contains finding if {
	some field, _ in pins
	not lib.has(code, field)
	finding := {
		"msg": sprintf("training.code.%s is not set", [field]),
		"path": lib.pointer(["training", "code", field]),
	}
}

deny contains finding if {
	some field, pin in pins
	lib.has(code, field)
	not well_formed(code[field], pin.pattern)
	finding := {
		"msg": sprintf("training.code.%s is malformed (%s expected)", [field, pin.expected]),
		"path": sprintf("/training/code/%s", [field]),
	}
}
