# METADATA
# title: Red-team exercise
# description: >-
#   The tuned model went through a red-team exercise that was completed
#   within max_evidence_age_days before the evaluation time and left no
#   finding open. Benchmarks measure known attacks; adversarial testing finds
#   the jailbreaks and misuse paths specific to this model and its use.
#   Under --verify, a red team that names its tool's report (`report`: garak's
#   report.jsonl or promptfoo's results JSON) is judged on it: the report's
#   failed attempts must all be counted in `open_findings`, the target the
#   tool recorded must be the declared `model` (else the report is not bound
#   to the artifact), and the tool's run time governs freshness (a
#   `completed_at` more than a day from it fails). A report that is missing,
#   unreadable, ambiguous or has no entry that fits fails. For risk tiers in
#   verified_evidence_tiers a red team with no report fails as declared
#   only; for other tiers it is judged as declared, and the result says so.
# custom:
#   id: POST-RT-01
#   phase: post-tuning
#   severity: high
#   tiers: [medium, high]
#   threats: [unknown jailbreaks, misuse paths specific to the tuned model]
#   frameworks:
#     nist-ai-rmf: [MEASURE 2.7]
#     eu-ai-act: [Art. 55]
#   params: [max_evidence_age_days, verified_evidence_tiers]
#   remediation: >-
#     Red-team the tuned artifact (jailbreaks, harmful requests in its
#     domain, prompt injection where it uses tools), fix or formally accept
#     every finding, and record `evaluation.red_team` with `performed: true`,
#     `completed_at` and `open_findings: 0`. Repeat it when the evidence is
#     older than max_evidence_age_days. Under --verify, name the tool's
#     report in `report` and the target it recorded in `model`.
#   example: |
#     evaluation:
#       red_team:
#         performed: true
#         completed_at: 2026-11-22T17:00:00Z
#         open_findings: 0
#         report: redteam/garak.report.jsonl
#         model: support-bot-lora
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

# The declared completed_at governs freshness unless the tool's report was read.
measured if lib.red_team_run.status == "measured"

deny contains finding if {
	recorded
	not measured
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
	not measured
	completed := lib.value(field("completed_at"))
	lib.is_datetime(completed)
	lib.is_future(completed)
	finding := {
		"msg": sprintf("the red-team exercise completed at %s, after the evaluation time %s", [completed, input.as_of]),
		"path": "/evaluation/red_team/completed_at",
	}
}

deny contains finding if {
	not measured
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

# ---------------------------------------------------------------------------
# Under --verify: the red team's tool report (input.evidence.red_team, docs/evidence.md)

deny contains finding if {
	recorded
	run := lib.red_team_run
	run.status in lib.unusable_statuses
	finding := {
		"msg": sprintf("the red-team report cannot be used (%s): %s", [run.status, run.detail]),
		"path": lib.pointer(field("report")),
	}
}

deny contains finding if {
	recorded
	lib.verified_required
	lib.red_team_run.status == "not-given"
	finding := {
		"msg": sprintf(
			"the red-team exercise is declared only (no report of the red-team tool), but risk tier %s requires verified evidence (verified_evidence_tiers)",
			[lib.risk_tier_text],
		),
		"path": lib.pointer(field("report")),
	}
}

declared contains "red team: performed, completed_at and open_findings declared, no report" if {
	input.evidence
	recorded
	not lib.verified_required
	lib.red_team_run.status == "not-given"
}

# Every failed attempt the tool recorded is an open finding until fixed or accepted.
deny contains finding if {
	measured
	run := lib.red_team_run
	open := lib.value(field("open_findings"))
	is_number(open)
	is_number(run.failed)
	open < run.failed
	finding := {
		"msg": sprintf(
			"the red-team report %s records %s failed attempts but open_findings declares %s",
			[lib.report_text(run), lib.number_text(run.failed), lib.number_text(open)],
		),
		"path": "/evaluation/red_team/open_findings",
	}
}

deny contains finding if {
	measured
	run := lib.red_team_run
	not lib.bound(run)
	finding := {
		"msg": sprintf(
			"the red-team report %s is not bound to the artifact: the tool recorded target %s, the descriptor declares %s",
			[lib.report_text(run), lib.quoted(object.get(run, "model", null)), lib.quoted(object.get(run, "declared_model", null))],
		),
		"path": lib.pointer(field("model")),
	}
}

# The tool's recorded run time governs freshness.
deny contains finding if {
	measured
	run := lib.red_team_run
	not lib.is_datetime(object.get(run, "run_at", null))
	finding := {
		"msg": sprintf("the red-team report %s records no run time, so its age is unknown", [lib.report_text(run)]),
		"path": lib.pointer(field("report")),
	}
}

deny contains finding if {
	measured
	run := lib.red_team_run
	lib.is_datetime(run.run_at)
	lib.is_future(run.run_at)
	finding := {
		"msg": sprintf("the red-team report %s ran at %s, after the evaluation time %s", [lib.report_text(run), run.run_at, input.as_of]),
		"path": lib.pointer(field("report")),
	}
}

deny contains finding if {
	measured
	run := lib.red_team_run
	lib.is_datetime(run.run_at)
	lib.is_stale(run.run_at)
	finding := {
		"msg": sprintf(
			"the red-team report %s ran at %s, more than max_evidence_age_days (%s) before %s",
			[lib.report_text(run), run.run_at, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": lib.pointer(field("report")),
	}
}

deny contains finding if {
	measured
	run := lib.red_team_run
	completed := lib.value(field("completed_at"))
	lib.is_datetime(completed)
	lib.is_datetime(run.run_at)
	lib.more_than_a_day_apart(completed, run.run_at)
	finding := {
		"msg": sprintf(
			"the red-team completed_at %s is more than a day from %s, when the run in %s started",
			[completed, run.run_at, lib.report_text(run)],
		),
		"path": "/evaluation/red_team/completed_at",
	}
}
