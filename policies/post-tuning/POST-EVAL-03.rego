# METADATA
# title: Language coverage
# description: >-
#   The safety evaluations together cover every language the model will
#   serve (`metadata.languages`) and every language of its training data.
#   Backdoors and safety behaviour transfer unevenly across languages, so a
#   model that is safe in English may not be safe in the other languages it
#   was tuned on. The languages must be stated: a job whose
#   `metadata.languages`, train datasets or their `languages` are missing
#   fails, since coverage of unknown languages cannot be judged. The
#   languages are the descriptor's word even under --verify (no evaluation
#   tool's report records them), so the result is declared evidence.
# custom:
#   id: POST-EVAL-03
#   phase: post-tuning
#   severity: medium
#   tiers: [low, medium, high]
#   threats: [cross-lingual safety regression, backdoor triggers in untested languages]
#   frameworks: {}
#   params: []
#   remediation: >-
#     Run a safety evaluation in each uncovered language (a multilingual
#     benchmark such as MultiJail, or a translated harmful-prompt set) and
#     list the languages it covers in `evaluation.safety[].languages`; or
#     drop the language from `metadata.languages` and the training data.
#     State the languages the model serves in `metadata.languages` and the
#     languages of each train dataset in `datasets[].languages`.
#   example: |
#     metadata:
#       languages: [en, de]
#     datasets:
#       - name: support-tickets
#         role: train
#         languages: [en, de]
#     evaluation:
#       safety:
#         - benchmark: multijail
#           languages: [en, de]
package ftcomply.controls.post_eval_03

import data.ftcomply.lib

# Language codes of a list, lowercased; other entries are ignored.
codes(list) := {lower(l) | some l in list; is_string(l)}

# A list that names at least one language code.
states_languages(list) if {
	is_array(list)
	count(codes(list)) > 0
}

# Languages covered by at least one safety evaluation.
covered := {l |
	some e in lib.safety_evaluations
	is_array(e.languages)
	some l in codes(e.languages)
}

served := ["metadata", "languages"]

# Lists of languages the evaluations must cover, in descriptor order.
requirements := array.concat(
	[r |
		states_languages(input.descriptor.metadata.languages)
		r := {
			"path": "/metadata/languages",
			"by": "metadata.languages",
			"languages": codes(input.descriptor.metadata.languages),
		}
	],
	[r |
		some i, d in lib.train_datasets
		states_languages(d.languages)
		r := {
			"path": sprintf("/datasets/%d/languages", [i]),
			"by": sprintf("train dataset %s", [lib.label(d, "name", i)]),
			"languages": codes(d.languages),
		}
	],
)

required := {l | some r in requirements; some l in r.languages}

deny contains finding if {
	not states_languages(lib.value(served))
	finding := {
		"msg": "metadata.languages names no language: the languages the model serves are unknown, so their safety coverage cannot be judged",
		"path": lib.pointer(served),
	}
}

deny contains finding if {
	count(lib.train_datasets) == 0
	finding := {
		"msg": "no train dataset is recorded (a dataset with role: train), so the languages of the training data are unknown",
		"path": lib.pointer(["datasets"]),
	}
}

deny contains finding if {
	some i, d in lib.train_datasets
	field := ["datasets", i, "languages"]
	not states_languages(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf(
			"train dataset %s names no languages, so whether the safety evaluations cover them is unknown",
			[lib.label(d, "name", i)],
		),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	count(lib.safety_evaluations) == 0
	finding := {
		"msg": "no safety evaluation is recorded in evaluation.safety, so no language is covered",
		"path": lib.pointer(["evaluation", "safety"]),
	}
}

# One finding per uncovered language, at the first list requiring it.
deny contains finding if {
	count(lib.safety_evaluations) > 0
	some lang in required
	not lang in covered
	sources := [r | some r in requirements; lang in r.languages]
	finding := {
		"msg": sprintf(
			"language %q is not covered by any safety evaluation (required by %s)",
			[lang, concat(", ", [r.by | some r in sources])],
		),
		"path": sources[0].path,
	}
}

# No evaluation tool's report records the languages it covered: under --verify this
# control still judges the descriptor's word, and says so.
declared contains "languages of the safety evaluations, metadata.languages and the train datasets (no evaluation report records languages)" if {
	input.evidence
}
