# METADATA
# title: Data licences
# description: >-
#   Every dataset declares its licence and none matches a pattern in
#   denied_licenses (for example non-commercial or share-alike licences the
#   organisation cannot honour). Providers of general-purpose models must
#   respect the rights attached to their training content. A Croissant
#   dataset card given to --evidence that describes a dataset must give the
#   declared licence (compared case-insensitively, SPDX ids where the card
#   allows) when it gives any; a licence no card confirms is the
#   descriptor's word, and the result says so.
# custom:
#   id: PRE-DATA-08
#   phase: pre-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [training on data without the right to use it]
#   frameworks:
#     eu-ai-act: [Art. 53]
#   params: [denied_licenses]
#   remediation: >-
#     Declare each dataset's licence (an SPDX id where one exists) in
#     `datasets[].license`, and replace or drop datasets whose licence matches
#     denied_licenses, or obtain a licence that permits the intended use.
#     When the dataset's Croissant card gives another licence, find out
#     which is right: declare the card's, or correct the card.
#   example: |
#     datasets:
#       - name: open-assistant-subset
#         license: Apache-2.0
package ftcomply.controls.pre_data_08

import data.ftcomply.lib

deny contains finding if {
	count(lib.datasets) == 0
	finding := {
		"msg": "no dataset is recorded (datasets is missing or empty), so no licence can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	not lib.is_set(object.get(d, "license", null))
	finding := {
		"msg": sprintf("dataset %s declares no licence", [lib.label(d, "name", i)]),
		"path": lib.pointer(["datasets", i, "license"]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	lib.is_set(object.get(d, "license", null))
	matched := denied_patterns(d.license)
	count(matched) > 0
	finding := {
		"msg": sprintf("dataset %s has licence %q, denied by denied_licenses (%s)", [lib.label(d, "name", i), d.license, concat(", ", matched)]),
		"path": sprintf("/datasets/%d/license", [i]),
	}
}

# The denied_licenses patterns a licence matches, in the configured order. SPDX
# licence ids compare case-insensitively, so the match does too.
denied_patterns(license) := [p |
	some p in data.ftcomply.params.denied_licenses
	is_string(p)
	glob.match(lower(p), null, lower(trim_space(license)))
]

# Croissant cards given to --evidence (input.evidence.datasets).
card_licenses(card) := {lower(trim_space(l)) | some l in object.get(card, "licenses", []); is_string(l)}

deny contains finding if {
	some i, d in lib.datasets
	card := lib.dataset_card(i)
	card.status == "matched"
	count(card_licenses(card)) > 0
	lib.is_set(object.get(d, "license", null))
	not lower(trim_space(d.license)) in card_licenses(card)
	finding := {
		"msg": sprintf(
			"dataset %s declares licence %q, but its Croissant card %s gives %s",
			[
				lib.label(d, "name", i), d.license,
				lib.text_or(object.get(card, "card", null), "(a card without a path)"),
				concat(", ", [sprintf("%q", [l]) | some l in card.licenses; is_string(l)]),
			],
		),
		"path": sprintf("/datasets/%d/license", [i]),
	}
}

# A licence that no card confirms rests on the descriptor's word.
confirmed(i, d) if {
	card := lib.dataset_card(i)
	card.status == "matched"
	lower(trim_space(d.license)) in card_licenses(card)
}

declared contains sprintf("dataset %s: licence declared, no Croissant card gives it", [lib.label(d, "name", i)]) if {
	input.evidence
	some i, d in lib.datasets
	not confirmed(i, d)
}
