# METADATA
# title: Dataset content digests
# description: >-
#   Every dataset declares a well-formed SHA-256 digest of its content (or of
#   its manifest), so the data that trains the model is the data that was
#   reviewed and cannot be swapped silently.
# custom:
#   id: PRE-DATA-01
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [data poisoning by silent substitution]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     mitre-atlas: [AML.T0020]
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 10]
#   params: []
#   remediation: >-
#     Hash each dataset's content or manifest with SHA-256 (`sha256sum`) at
#     the point where it was reviewed and record it in `datasets[].sha256`.
#   example: |
#     datasets:
#       - name: support-tickets
#         sha256: 3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
package ftcomply.controls.pre_data_01

import data.ftcomply.lib

deny contains finding if {
	count(lib.datasets) == 0
	finding := {
		"msg": "no dataset is recorded (datasets is missing or empty), so no content digest can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	not lib.has(d, "sha256")
	finding := {
		"msg": sprintf("dataset %s has no sha256 content digest", [lib.label(d, "name", i)]),
		"path": sprintf("/datasets/%d", [i]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	lib.has(d, "sha256")
	not lib.is_digest(d.sha256)
	finding := {
		"msg": sprintf("dataset %s has a malformed sha256 (64 lowercase hex characters expected)", [lib.label(d, "name", i)]),
		"path": sprintf("/datasets/%d/sha256", [i]),
	}
}
