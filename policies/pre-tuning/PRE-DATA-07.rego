# METADATA
# title: Evidence freshness
# description: >-
#   Every data scan records when it ran, and that time is neither after the
#   evaluation time nor older than max_evidence_age_days. A stale scan says
#   nothing about data that changed since, and a scan dated in the future is
#   not evidence at all.
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
#     as an RFC 3339 datetime with offset in `scans.<kind>.run_at`.
#   example: |
#     datasets:
#       - name: support-tickets-2026q3
#         scans:
#           moderation:
#             tool: llama-guard-3
#             tool_version: "3.1"
#             run_at: 2026-11-18T12:00:00Z
#             flagged_ratio: 0.0
package ftcomply.controls.pre_data_07

import data.ftcomply.lib

# Every scan that exists, keyed by dataset index and scan kind (`x-` extensions are not scans).
scans[[i, kind]] := scan if {
	some i, d in lib.datasets
	is_object(d.scans)
	some kind, scan in d.scans
	not startswith(kind, "x-")
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
