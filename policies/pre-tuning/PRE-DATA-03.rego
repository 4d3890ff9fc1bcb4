# METADATA
# title: Review of untrusted data
# description: >-
#   Every dataset taken from the public web or uploaded by users names the
#   person who reviewed and approved it (`provenance.approved_by`), because
#   untrusted sources are where poisoned samples and backdoor triggers enter
#   the training data.
# custom:
#   id: PRE-DATA-03
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [data poisoning through unreviewed public or user-uploaded data]
#   frameworks:
#     mitre-atlas: [AML.T0020]
#     nist-ai-rmf: [GOVERN 6.1]
#   params: []
#   remediation: >-
#     Have a data owner review every dataset whose origin is `public` or
#     `user-upload` before it is used, and record the reviewer in
#     `provenance.approved_by`.
#   example: |
#     datasets:
#       - name: open-assistant-subset
#         provenance:
#           origin: public
#           approved_by: lee.marsh@example.com
package ftcomply.controls.pre_data_03

import data.ftcomply.lib

untrusted_origins := {"public", "user-upload"}

origin_field := ["provenance", "origin"]

# Datasets that do not say where they came from: whether they need a review is unknown.
undeclared_origin[i] := d if {
	some i, d in lib.datasets
	not lib.is_set(object.get(d, origin_field, null))
}

# Datasets from the public web or uploaded by users.
untrusted[i] := d if {
	some i, d in lib.datasets
	lib.origin(d) in untrusted_origins
}

not_applicable contains "no dataset has origin public or user-upload" if {
	count(lib.datasets) > 0
	count(undeclared_origin) == 0
	count(untrusted) == 0
}

deny contains finding if {
	count(lib.datasets) == 0
	finding := {
		"msg": "no dataset is recorded (datasets is missing or empty), so no review of untrusted data can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in undeclared_origin
	finding := {
		"msg": sprintf("dataset %s has no provenance.origin, so whether it needs a reviewer is unknown", [lib.label(d, "name", i)]),
		"path": lib.pointer(array.concat(["datasets", i], origin_field)),
	}
}

deny contains finding if {
	some i, d in untrusted
	origin := lib.origin(d)
	not lib.is_set(object.get(d, ["provenance", "approved_by"], null))
	finding := {
		"msg": sprintf("dataset %s has origin %q but no reviewer in provenance.approved_by", [lib.label(d, "name", i), origin]),
		"path": lib.pointer(["datasets", i, "provenance", "approved_by"]),
	}
}
