# METADATA
# title: Evaluated artifact is the shipped artifact
# description: >-
#   The evaluations name the digest of the artifact they measured, and it is
#   the digest of the artifact that ships (`deployment.artifact_sha256` once
#   a deployment is described, else the evaluated one), as is the digest the
#   backdoor scan names. Attack effects depend on the exact model, so
#   evidence about another checkpoint or adapter says nothing about the one
#   deployed. The digests are the descriptor's word even under --verify (no
#   evaluation tool's report records a digest of the model it ran), so the
#   result is declared evidence.
# custom:
#   id: POST-EVAL-04
#   phase: post-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [shipping an unevaluated artifact, evaluation of a different checkpoint]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: []
#   remediation: >-
#     Hash the exact model or adapter artifact you evaluated (`sha256sum`)
#     and record it in `evaluation.artifact_sha256`, the artifact you ship in
#     `deployment.artifact_sha256`, and the one the backdoor scan inspected in
#     `evaluation.backdoor_scan.artifact_sha256`. If they differ, re-run the
#     evaluations on the artifact that ships, or ship the evaluated one.
#   example: |
#     evaluation:
#       artifact_sha256: 7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
#       backdoor_scan:
#         artifact_sha256: 7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
#     deployment:
#       artifact_sha256: 7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
package ftcomply.controls.post_eval_04

import data.ftcomply.lib

evaluated := ["evaluation", "artifact_sha256"]

deployed := ["deployment", "artifact_sha256"]

scanned := ["evaluation", "backdoor_scan", "artifact_sha256"]

deployment_present if lib.exists(["deployment"])

# The artifact that ships: the deployed one when declared, else the evaluated one.
shipped := {"field": "deployment.artifact_sha256", "digest": lib.value(deployed)} if {
	lib.is_digest(lib.value(deployed))
} else := {"field": "evaluation.artifact_sha256", "digest": lib.value(evaluated)} if {
	lib.is_digest(lib.value(evaluated))
}

short(digest) := concat("", [substring(digest, 0, 12), "..."])

missing(keys, what) := {"msg": sprintf("%s is not set: record the SHA-256 digest of %s", [concat(".", keys), what]), "path": lib.pointer(keys)}

malformed(keys) := {"msg": sprintf("%s is not a SHA-256 digest (64 lowercase hex characters expected)", [concat(".", keys)]), "path": lib.pointer(keys)}

# The conditions stay in the rule bodies (the helpers above are total): regorus's RVM
# compiler reads an undefined function result as a value instead of failing the body.
deny contains missing(evaluated, "the artifact the evaluations measured") if not lib.exists(evaluated)

deny contains malformed(evaluated) if {
	lib.exists(evaluated)
	not lib.is_digest(lib.value(evaluated))
}

deny contains missing(deployed, "the artifact that ships") if {
	deployment_present
	not lib.exists(deployed)
}

deny contains malformed(deployed) if {
	deployment_present
	lib.exists(deployed)
	not lib.is_digest(lib.value(deployed))
}

deny contains missing(scanned, "the artifact the backdoor scan inspected") if {
	lib.exists(["evaluation", "backdoor_scan"])
	not lib.exists(scanned)
}

deny contains malformed(scanned) if {
	lib.exists(scanned)
	not lib.is_digest(lib.value(scanned))
}

deny contains finding if {
	lib.is_digest(lib.value(evaluated))
	lib.is_digest(lib.value(deployed))
	lib.value(evaluated) != lib.value(deployed)
	finding := {
		"msg": sprintf(
			"evaluation.artifact_sha256 (%s) is not the shipped deployment.artifact_sha256 (%s): the evaluations measured another artifact",
			[short(lib.value(evaluated)), short(lib.value(deployed))],
		),
		"path": "/evaluation/artifact_sha256",
	}
}

deny contains finding if {
	lib.is_digest(lib.value(scanned))
	lib.value(scanned) != shipped.digest
	finding := {
		"msg": sprintf(
			"evaluation.backdoor_scan.artifact_sha256 (%s) is not the shipped %s (%s): the backdoor scan inspected another artifact",
			[short(lib.value(scanned)), shipped.field, short(shipped.digest)],
		),
		"path": "/evaluation/backdoor_scan/artifact_sha256",
	}
}

# No evaluation tool's report records a digest of the model it ran: under --verify this
# control still judges the declared digests, and says so.
declared contains "evaluation.artifact_sha256, deployment.artifact_sha256 and the backdoor scan's artifact_sha256 (no evaluation report records a model digest)" if {
	input.evidence
}
