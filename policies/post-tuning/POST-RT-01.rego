# METADATA
# title: Red-team exercise
# description: >-
#   The tuned model went through a red-team exercise that was completed
#   within max_evidence_age_days before the evaluation time and left no
#   finding open. Benchmarks measure known attacks; adversarial testing finds
#   the jailbreaks and misuse paths specific to this model and its use.
# custom:
#   id: POST-RT-01
#   phase: post-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [unknown jailbreaks, misuse paths specific to the tuned model]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 55]
#   params: [max_evidence_age_days]
#   remediation: >-
#     Red-team the tuned artifact (jailbreaks, harmful requests in its
#     domain, prompt injection where it uses tools), fix or formally accept
#     every finding, and record `evaluation.red_team` with `performed: true`,
#     `completed_at` and `open_findings: 0`. Repeat it when the evidence is
#     older than max_evidence_age_days.
#   example: |
#     evaluation:
#       red_team:
#         performed: true
#         completed_at: 2026-11-22T17:00:00Z
#         open_findings: 0
package ftcomply.controls.post_rt_01

import data.ftcomply.lib

red_team := ["evaluation", "red_team"]

field(name) := array.concat(red_team, [name])

recorded if lib.exists(red_team)

deny contains finding if {
	not recorded
	finding := {
		"msg": "no red-team exercise is recorded in evaluation.red_team",
		"path": lib.pointer(red_team),
	}
}

deny contains finding if {
	recorded
	lib.value(field("performed")) != true
	finding := {
		"msg": "the red-team exercise is not recorded as performed (evaluation.red_team.performed is not true)",
		"path": lib.pointer(field("performed")),
	}
}

deny contains finding if {
	recorded
	not lib.exists(field("completed_at"))
	finding := {
		"msg": "the red-team exercise records no completed_at, so its age is unknown",
		"path": lib.pointer(field("completed_at")),
	}
}

deny contains finding if {
	completed := lib.value(field("completed_at"))
	completed != lib.absent
	not lib.is_datetime(completed)
	finding := {
		"msg": "the red-team completed_at is not an RFC 3339 datetime",
		"path": "/evaluation/red_team/completed_at",
	}
}

deny contains finding if {
	completed := lib.value(field("completed_at"))
	lib.is_datetime(completed)
	lib.is_future(completed)
	finding := {
		"msg": sprintf("the red-team exercise completed at %s, after the evaluation time %s", [completed, input.as_of]),
		"path": "/evaluation/red_team/completed_at",
	}
}

deny contains finding if {
	completed := lib.value(field("completed_at"))
	lib.is_datetime(completed)
	lib.is_stale(completed)
	finding := {
		"msg": sprintf(
			"the red-team exercise completed at %s, more than max_evidence_age_days (%s) before %s",
			[completed, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": "/evaluation/red_team/completed_at",
	}
}

deny contains finding if {
	recorded
	not is_number(lib.value(field("open_findings")))
	finding := {
		"msg": "the red-team exercise records no numeric open_findings; an unknown count is treated as open",
		"path": lib.pointer(field("open_findings")),
	}
}

deny contains finding if {
	open := lib.value(field("open_findings"))
	is_number(open)
	open != 0
	finding := {
		"msg": sprintf("the red-team exercise left %s finding(s) open", [lib.number_text(open)]),
		"path": "/evaluation/red_team/open_findings",
	}
}
