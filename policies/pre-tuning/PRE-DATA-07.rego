# METADATA
# title: Evidence freshness
# description: >-
#   Every data scan records when it ran, and that time is neither after the
#   evaluation time nor older than max_evidence_age_days; every dataset
#   records the day its data was collected, and that day is not after the
#   evaluation day. A stale scan says nothing about data that changed since,
#   and a scan or collection dated in the future is not evidence at all.
# custom:
#   id: PRE-DATA-07
#   phase: pre-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [stale or backdated scan evidence hiding changed training data]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#   params: [max_evidence_age_days]
#   remediation: >-
#     Re-run every dataset scan on the data as it will be used, within
#     max_evidence_age_days of the evaluation, and record its completion time
#     as an RFC 3339 datetime with offset in `scans.<kind>.run_at`; record the
#     day each dataset's data was collected (YYYY-MM-DD) in
#     `provenance.collected_at`.
#   example: |
#     datasets:
#       - name: support-tickets-2026q3
#         provenance:
#           collected_at: 2026-09-30
#         scans:
#           moderation:
#             tool: llama-guard-3
#             tool_version: "3.1"
#             run_at: 2026-11-18T12:00:00Z
#             flagged_ratio: 0.0
package ftcomply.controls.pre_data_07

import data.ftcomply.lib

deny contains finding if {
	count(lib.datasets) == 0
	finding := {
		"msg": "no dataset is recorded (datasets is missing or empty), so no scan or collection date can be checked",
		"path": lib.pointer(["datasets"]),
	}
}

# Every scan that exists, keyed by dataset index and scan kind (`x-` extensions are not scans).
scans[[i, kind]] := scan if {
	some i, d in lib.datasets
	is_object(d.scans)
	some kind, scan in d.scans
	not startswith(kind, "x-")
}

# Freshness judged on no scan at all is no freshness: the scans the data needs are the other
# controls' to name, this one fails when there is no scan date to judge.
deny contains finding if {
	count(lib.datasets) > 0
	count(scans) == 0
	finding := {
		"msg": "no dataset records a scan (datasets[].scans), so no scan date can be checked",
		"path": "/datasets",
	}
}

deny contains finding if {
	some [i, kind], scan in scans
	not lib.has(scan, "run_at")
	finding := {
		"msg": sprintf("the %s scan of dataset %s has no run_at", [kind, name(i)]),
		"path": lib.pointer(["datasets", i, "scans", kind, "run_at"]),
	}
}

# run_at of every scan that has a well-formed one, in nanoseconds: each is checked and parsed
# once, not once per rule. (A value of 0, the epoch, is still a defined one for `not` below.)
run_at_ns[[i, kind]] := time.parse_rfc3339_ns(scan.run_at) if {
	some [i, kind], scan in scans
	lib.is_datetime(scan.run_at)
}

deny contains finding if {
	some [i, kind], scan in scans
	lib.has(scan, "run_at")
	not run_at_ns[[i, kind]]
	finding := {
		"msg": sprintf("the %s scan of dataset %s has a malformed run_at (RFC 3339 datetime with offset expected)", [kind, name(i)]),
		"path": lib.json_pointer(["datasets", i, "scans", kind, "run_at"]),
	}
}

# lib.is_future and lib.is_stale, on the parsed time.
deny contains finding if {
	some [i, kind], ns in run_at_ns
	ns > lib.as_of_ns
	finding := {
		"msg": sprintf("the %s scan of dataset %s ran at %s, after as_of %s", [kind, name(i), scans[[i, kind]].run_at, input.as_of]),
		"path": lib.json_pointer(["datasets", i, "scans", kind, "run_at"]),
	}
}

deny contains finding if {
	some [i, kind], ns in run_at_ns
	lib.as_of_ns - ns > data.ftcomply.params.max_evidence_age_days * lib.nanos_per_day
	finding := {
		"msg": sprintf("the %s scan of dataset %s ran at %s, more than max_evidence_age_days (%s) days before as_of %s", [kind, name(i), scans[[i, kind]].run_at, lib.number_text(data.ftcomply.params.max_evidence_age_days), input.as_of]),
		"path": lib.json_pointer(["datasets", i, "scans", kind, "run_at"]),
	}
}

name(i) := lib.label(lib.datasets[i], "name", i)

# Collection dates: a date, compared by day with the day of as_of. Not aged: old data is
# no stale evidence, but data collected after the evaluation is no evidence at all.
collected_at_field := ["provenance", "collected_at"]

deny contains finding if {
	some i, d in lib.datasets
	object.get(d, collected_at_field, lib.absent) == lib.absent
	finding := {
		"msg": sprintf("dataset %s has no provenance.collected_at, so the day its data was collected cannot be checked", [name(i)]),
		"path": lib.pointer(array.concat(["datasets", i], collected_at_field)),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	collected := object.get(d, collected_at_field, lib.absent)
	collected != lib.absent
	not lib.is_date(collected)
	finding := {
		"msg": sprintf("dataset %s has a malformed provenance.collected_at (a date YYYY-MM-DD expected)", [name(i)]),
		"path": lib.json_pointer(array.concat(["datasets", i], collected_at_field)),
	}
}

deny contains finding if {
	some i, d in lib.datasets
	collected := object.get(d, collected_at_field, lib.absent)
	lib.is_date(collected)
	lib.is_future_date(collected)
	finding := {
		"msg": sprintf("dataset %s was collected on %s, after the day of as_of %s", [name(i), collected, input.as_of]),
		"path": lib.json_pointer(array.concat(["datasets", i], collected_at_field)),
	}
}
