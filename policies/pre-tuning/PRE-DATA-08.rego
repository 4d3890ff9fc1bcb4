# METADATA
# title: Data licences
# description: >-
#   Every dataset declares its licence and none matches a pattern in
#   denied_licenses (for example non-commercial or share-alike licences the
#   organisation cannot honour). Providers of general-purpose models must
#   respect the rights attached to their training content.
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
