# METADATA
# title: Reviewed remote code
# description: >-
#   A base model loaded with `trust_remote_code: true` runs Python code from
#   its repository at load time: the same risk class as a pickle that imports
#   code. Such a model is pinned to an exact revision (as PRE-MODEL-01
#   defines it), so the code cannot change upstream after review, and its
#   code was reviewed (`base_model.code_review`: who, when, not after the
#   evaluation time, and at exactly the pinned revision). The job must say
#   whether loading runs repository code: when `base_model.trust_remote_code`
#   is missing it is unknown, which fails. Not applicable when it is false,
#   nor to weights a managed provider serves and never hands out
#   (`training.provider: managed-api` with `training.provider_assurance`).
# custom:
#   id: PRE-MODEL-05
#   phase: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [code execution on model load, malicious or compromised model repository code, remote code changed upstream after review]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010, AML.T0011]
#     nist-ai-rmf: [GOVERN 6.1, MAP 4.1]
#   params: []
#   remediation: >-
#     Prefer a model whose architecture your libraries implement and set
#     `base_model.trust_remote_code: false`. If the repository's code must
#     run, pin `base_model.revision` to its exact commit, review the Python
#     files of that commit (modeling and tokenizer code, anything they
#     import or download), and record the review in `base_model.code_review`
#     (`reviewed_by`, `reviewed_at`, the reviewed `revision`, a `reference`
#     to the review). Load with the same revision (`revision=` beside
#     `trust_remote_code=True`).
#   example: |
#     base_model:
#       id: org/custom-arch-7b
#       revision: 2c1f0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d
#       trust_remote_code: true
#       code_review:
#         reviewed_by: security@example.com
#         reviewed_at: 2026-11-18T15:00:00Z
#         revision: 2c1f0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d
#         reference: https://tracker.example.com/SEC-1234
package ftcomply.controls.pre_model_05

import data.ftcomply.lib

base_model := object.get(input.descriptor, "base_model", {})

model_label := lib.label(base_model, "id", null)

remote_code := ["base_model", "trust_remote_code"]

review := ["base_model", "code_review"]

review_field(name) := array.concat(review, [name])

runs_remote_code if lib.value(remote_code) == true

# A code_review object (lib.value's `absent` is an object too, so it is not used here).
review_recorded if is_object(object.get(input.descriptor, review, null))

not_applicable contains "base_model.trust_remote_code is false" if {
	lib.value(remote_code) == false
}

not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
}

# Whether loading runs repository code must be said: unknown is not excused.
deny contains finding if {
	not lib.exists(remote_code)
	finding := {
		"msg": sprintf(
			"base model %s does not record trust_remote_code, so whether loading it runs repository code is unknown",
			[model_label],
		),
		"path": lib.pointer(remote_code),
	}
}

deny contains finding if {
	lib.exists(remote_code)
	not is_boolean(lib.value(remote_code))
	finding := {
		"msg": sprintf("base model %s has a trust_remote_code that is not true or false", [model_label]),
		"path": "/base_model/trust_remote_code",
	}
}

deny contains finding if {
	runs_remote_code
	not lib.is_pinned_revision(object.get(base_model, "revision", null))
	finding := {
		"msg": sprintf(
			"base model %s runs repository code at load (trust_remote_code: true) but its revision is not pinned, so the code can change upstream after review",
			[model_label],
		),
		"path": lib.pointer(["base_model", "revision"]),
	}
}

deny contains finding if {
	runs_remote_code
	not review_recorded
	finding := {
		"msg": sprintf(
			"base model %s runs repository code at load (trust_remote_code: true) but no code_review records a review of that code",
			[model_label],
		),
		"path": lib.pointer(review),
	}
}

deny contains finding if {
	runs_remote_code
	review_recorded
	not lib.is_set(lib.value(review_field("reviewed_by")))
	finding := {
		"msg": sprintf("base model %s: the code review names no reviewer (code_review.reviewed_by)", [model_label]),
		"path": lib.pointer(review_field("reviewed_by")),
	}
}

deny contains finding if {
	runs_remote_code
	review_recorded
	not lib.is_datetime(lib.value(review_field("reviewed_at")))
	finding := {
		"msg": sprintf("base model %s: the code review records no RFC 3339 reviewed_at", [model_label]),
		"path": lib.pointer(review_field("reviewed_at")),
	}
}

deny contains finding if {
	runs_remote_code
	reviewed := lib.value(review_field("reviewed_at"))
	lib.is_datetime(reviewed)
	lib.is_future(reviewed)
	finding := {
		"msg": sprintf("base model %s: the code review is dated %s, after the evaluation time %s", [model_label, reviewed, input.as_of]),
		"path": "/base_model/code_review/reviewed_at",
	}
}

deny contains finding if {
	runs_remote_code
	review_recorded
	not lib.is_set(lib.value(review_field("revision")))
	finding := {
		"msg": sprintf("base model %s: the code review does not record the revision it reviewed (code_review.revision)", [model_label]),
		"path": lib.pointer(review_field("revision")),
	}
}

# Only compared when the base revision is set: a missing one is the pinning finding above.
deny contains finding if {
	runs_remote_code
	reviewed := lib.value(review_field("revision"))
	lib.is_set(reviewed)
	lib.is_set(base_model.revision)
	reviewed != base_model.revision
	finding := {
		"msg": sprintf(
			"base model %s: the code review covers revision %q, not the pinned base_model.revision %q",
			[model_label, reviewed, base_model.revision],
		),
		"path": "/base_model/code_review/revision",
	}
}
