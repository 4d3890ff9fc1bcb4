# METADATA
# title: Backdoor scan
# description: >-
#   The tuned model passed a backdoor scan that inspected its weights or
#   internal representations, not only its behaviour. A backdoor stays dormant
#   until its trigger appears, so behavioural probing alone misses triggers it
#   does not guess. The scan records when it ran (`run_at`), not after the
#   evaluation time and within max_evidence_age_days before it.
# custom:
#   id: POST-BD-01
#   phase: post-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [backdoor implanted through poisoned data or adapters, dormant trigger behaviour]
#   frameworks:
#     owasp-llm-2025: [LLM04]
#     mitre-atlas: [AML.T0018]
#     eu-ai-act: [Art. 15]
#   params: [max_evidence_age_days]
#   remediation: >-
#     Scan the tuned artifact with a backdoor detector that analyses weights
#     or activations (e.g. weight-spectrum or representation-probing
#     analysis) in addition to behavioural probing, and record it in
#     `evaluation.backdoor_scan` with its `methods`, `passed: true` and the
#     RFC 3339 `run_at` time of the scan; re-scan when it is older than
#     max_evidence_age_days. If the
#     scan fails, do not ship: trace and remove the poisoned data or adapter
#     and retrain.
#   example: |
#     evaluation:
#       backdoor_scan:
#         tool: weight-inspector
#         methods: [behavioral, weight]
#         passed: true
#         run_at: 2026-11-21T12:00:00Z
package ftcomply.controls.post_bd_01

import data.ftcomply.lib

scan := ["evaluation", "backdoor_scan"]

# Methods that look inside the model rather than at its answers.
internal_methods := {"weight", "representation"}

inspects_internals if {
	methods := lib.value(array.concat(scan, ["methods"]))
	is_array(methods)
	some m in methods
	m in internal_methods
}

deny contains finding if {
	not lib.exists(scan)
	finding := {
		"msg": "no backdoor scan of the tuned model is recorded in evaluation.backdoor_scan",
		"path": lib.pointer(scan),
	}
}

deny contains finding if {
	lib.exists(scan)
	lib.value(array.concat(scan, ["passed"])) != true
	finding := {
		"msg": "the backdoor scan did not pass (evaluation.backdoor_scan.passed is not true)",
		"path": lib.pointer(array.concat(scan, ["passed"])),
	}
}

deny contains finding if {
	lib.exists(scan)
	not inspects_internals
	finding := {
		"msg": "the backdoor scan's methods include neither weight nor representation analysis; behavioural probing alone misses triggers it does not guess",
		"path": lib.pointer(array.concat(scan, ["methods"])),
	}
}

run_at := array.concat(scan, ["run_at"])

deny contains finding if {
	lib.exists(scan)
	not lib.exists(run_at)
	finding := {
		"msg": "the backdoor scan records no run_at, so its age is unknown",
		"path": lib.pointer(run_at),
	}
}

deny contains finding if {
	ran := lib.value(run_at)
	ran != lib.absent
	not lib.is_datetime(ran)
	finding := {
		"msg": "the backdoor scan's run_at is not an RFC 3339 datetime",
		"path": "/evaluation/backdoor_scan/run_at",
	}
}

deny contains finding if {
	ran := lib.value(run_at)
	lib.is_datetime(ran)
	lib.is_future(ran)
	finding := {
		"msg": sprintf("the backdoor scan ran at %s, after the evaluation time %s", [ran, input.as_of]),
		"path": "/evaluation/backdoor_scan/run_at",
	}
}

deny contains finding if {
	ran := lib.value(run_at)
	lib.is_datetime(ran)
	lib.is_stale(ran)
	finding := {
		"msg": sprintf(
			"the backdoor scan ran at %s, more than max_evidence_age_days (%s) before %s",
			[ran, lib.number_text(lib.params.max_evidence_age_days), input.as_of],
		),
		"path": "/evaluation/backdoor_scan/run_at",
	}
}
