# METADATA
# title: Artifacts match their declared digests
# description: >-
#   With --verify, every local dataset, adapter and base model is hashed (a
#   directory by its manifest digest) and must equal its declared sha256. A
#   mismatch means the artifact is not the one that was reviewed and
#   evaluated: swapped, poisoned or corrupted after the fact. A local artifact
#   that is missing, unreadable or outside the allowed roots cannot be
#   verified and fails too; remote artifacts are reported as not verifiable
#   here and are left to the declared digests. Without --verify there is no
#   evidence to judge, and when no local artifact declares a digest there is
#   nothing to verify: the control is not applicable then, and says so.
#   A Croissant dataset card given to --evidence that describes a dataset
#   must record the declared sha256 among its files' digests (when it
#   records any); a dataset that several cards or records fit fails, since
#   the card cannot be tied to it.
# custom:
#   id: PRE-SUPPLY-02
#   phase: pre-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [silent substitution of data or weights after review, tampered artifacts]
#   frameworks:
#     owasp-llm-2025: [LLM03, LLM04]
#     mitre-atlas: [AML.T0010, AML.T0020]
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 15]
#   params: []
#   remediation: >-
#     Recompute the digest of the artifact you reviewed (`sha256sum FILE`, or the
#     manifest digest of docs/evidence.md for a directory) and either restore
#     that artifact or, after reviewing the new one, declare its digest. Keep
#     artifacts inside the descriptor's directory or pass --allow-root. When
#     a Croissant card disagrees, find out which one describes the data you
#     reviewed: declare that digest, or give --evidence the right card.
#   example: |
#     datasets:
#       - name: support-tickets
#         uri: data/tickets.jsonl
#         sha256: 3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
package ftcomply.controls.pre_supply_02

import data.ftcomply.lib

# Only when artifacts were verified: without --verify there is no evidence to judge.
not_applicable contains "not verified (run with --verify)" if {
	not is_array(object.get(input, ["evidence", "artifacts"], null))
}

# Statuses of an artifact that was looked at here: hashed against its declared digest, or a
# local one that could not be (remote and undeclared ones leave the digest unconfirmed).
judged := {"verified", "mismatch", "missing", "unreadable", "outside-root"}

# Verified, but nothing was verifiable: a pass would claim a verification that never happened.
not_applicable contains "no local artifact with a declared sha256 to verify" if {
	artifacts := object.get(input, ["evidence", "artifacts"], null)
	is_array(artifacts)
	count([a | some a in artifacts; a.status in judged]) == 0
	count([c | some c in lib.evidence_list("datasets"); c.status in carded]) == 0
}

# Croissant card bindings this control judges (docs/evidence.md).
carded := {"matched", "ambiguous"}

# The field that says where an artifact is.
location_field(evidence) := "id" if evidence.kind == "base_model"

location_field(evidence) := "uri" if evidence.kind != "base_model"

unverifiable := {"missing", "unreadable", "outside-root"}

# An artifact as messages name it: `dataset "support-tickets" (/datasets/0)`, or by kind and
# pointer when it has no name (the base model).
artifact_label(evidence) := sprintf("%s %q (%s)", [evidence.kind, evidence.name, evidence.pointer]) if {
	is_string(object.get(evidence, "name", null))
} else := sprintf("%s %s", [evidence.kind, evidence.pointer])

deny contains finding if {
	some evidence in input.evidence.artifacts
	evidence.status == "mismatch"
	finding := {
		"msg": sprintf("%s: its content does not hash to the declared sha256 (%s)", [artifact_label(evidence), evidence.detail]),
		"path": concat("", [evidence.pointer, "/sha256"]),
	}
}

deny contains finding if {
	some evidence in input.evidence.artifacts
	evidence.status in unverifiable
	finding := {
		"msg": sprintf("%s is %s and cannot be verified: %s", [artifact_label(evidence), evidence.status, evidence.detail]),
		"path": concat("", [evidence.pointer, "/", location_field(evidence)]),
	}
}

# Croissant cards given to --evidence (input.evidence.datasets): the card that describes a
# dataset records its files' digests; the declared one must be among them.
deny contains finding if {
	some i, d in lib.datasets
	card := lib.dataset_card(i)
	card.status == "matched"
	lib.is_digest(object.get(d, "sha256", null))
	recorded := {lower(x) | some x in object.get(card, "sha256s", []); is_string(x)}
	count(recorded) > 0
	not d.sha256 in recorded
	finding := {
		"msg": sprintf(
			"dataset %s: the declared sha256 %s... is not among the digests its Croissant card %s records for its files (%s)",
			[
				lib.label(d, "name", i), substring(d.sha256, 0, 12),
				lib.text_or(object.get(card, "card", null), "(a card without a path)"),
				concat(", ", [concat("", [substring(x, 0, 12), "..."]) | some x in sort(recorded)]),
			],
		),
		"path": sprintf("/datasets/%d/sha256", [i]),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	card := lib.dataset_card(i)
	card.status == "ambiguous"
	finding := {
		"msg": sprintf("dataset %s: several Croissant cards or records fit it, so none can be tied to it: %s", [lib.label(d, "name", i), card.detail]),
		"path": sprintf("/datasets/%d", [i]),
	}
}
