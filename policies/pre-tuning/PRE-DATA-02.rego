# METADATA
# title: Dataset provenance
# description: >-
#   Every dataset records where it came from (origin and collection date, plus
#   the source URL for public, vendor and user-uploaded data) and under which
#   licence it is used, so that data entering through the supply chain can be
#   traced, assessed and withdrawn when a source turns out to be poisoned.
# custom:
#   id: PRE-DATA-02
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [supply-chain compromise of training data, data poisoning through untraced sources]
#   frameworks:
#     owasp-llm-2025: [LLM03, LLM04]
#     mitre-atlas: [AML.T0010]
#     nist-ai-rmf: [MAP 4.1]
#     eu-ai-act: [Art. 10]
#   params: []
#   remediation: >-
#     Record `provenance.origin`, `provenance.collected_at` (YYYY-MM-DD) and
#     `license` for every dataset, and `provenance.source_url` for every
#     dataset whose origin is `public`, `vendor` or `user-upload`.
#   example: |
#     datasets:
#       - name: open-assistant-subset
#         license: Apache-2.0
#         provenance:
#           origin: public
#           source_url: https://huggingface.co/datasets/OpenAssistant/oasst2
#           collected_at: 2026-08-15
package ftcomply.controls.pre_data_02

import data.ftcomply.lib

# Fields every dataset declares, as key paths inside the dataset.
required_fields := [["provenance", "origin"], ["provenance", "collected_at"], ["license"]]

# Origins outside the organisation also need the address they were taken from.
source_url_origins := {"public", "vendor", "user-upload"}

deny contains finding if {
	count(lib.datasets) == 0
	finding := {
		"msg": "no dataset is recorded (datasets is missing or empty), so no provenance or licence can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	some field in required_fields
	not lib.is_set(object.get(d, field, null))
	finding := missing(i, d, field)
}

deny contains finding if {
	some i, d in lib.datasets
	lib.origin(d) in source_url_origins
	field := ["provenance", "source_url"]
	not lib.is_set(object.get(d, field, null))
	finding := missing(i, d, field)
}

missing(i, d, field) := {
	"msg": sprintf("dataset %s has no %s", [lib.label(d, "name", i), concat(".", field)]),
	"path": lib.pointer(array.concat(["datasets", i], field)),
}
