package ftcomply.controls.post_eval_03_test

import data.ftcomply.controls.post_eval_03

as_of := "2026-11-26T00:00:00Z"

job(languages, datasets, safety) := {"descriptor": {
	"metadata": {"name": "x", "languages": languages},
	"datasets": datasets,
	"evaluation": {"safety": safety},
}, "as_of": as_of}

train(name, languages) := {"name": name, "role": "train", "languages": languages}

test_pass_union_of_evaluations_covers_all if {
	count(post_eval_03.deny) == 0 with input as job(
		["en", "de"],
		[train("tickets", ["en", "de"]), train("forum", ["fr"])],
		[{"benchmark": "harmbench", "languages": ["en"]}, {"benchmark": "multijail", "languages": ["de", "FR"]}],
	)
}

test_pass_nothing_required if {
	count(post_eval_03.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "role": "train"}]}, "as_of": as_of}
}

test_pass_non_train_dataset_languages_ignored if {
	count(post_eval_03.deny) == 0 with input as job(
		["en"],
		[train("tickets", ["en"]), {"name": "holdout", "role": "safety", "languages": ["ja"]}],
		[{"benchmark": "harmbench", "languages": ["en"]}],
	)
}

test_fail_metadata_language_uncovered if {
	post_eval_03.deny == {{
		"msg": "language \"de\" is not covered by any safety evaluation (required by metadata.languages)",
		"path": "/metadata/languages",
	}} with input as job(["en", "de"], [train("tickets", ["en"])], [{"benchmark": "harmbench", "languages": ["en"]}])
}

test_fail_train_dataset_language_uncovered if {
	post_eval_03.deny == {{
		"msg": "language \"fr\" is not covered by any safety evaluation (required by train dataset \"forum\")",
		"path": "/datasets/1/languages",
	}} with input as job(
		["en"],
		[train("tickets", ["en"]), train("forum", ["en", "fr"])],
		[{"benchmark": "harmbench", "languages": ["en"]}],
	)
}

test_fail_one_finding_per_language_naming_every_source if {
	post_eval_03.deny == {
		{
			"msg": "language \"fr\" is not covered by any safety evaluation (required by metadata.languages, train dataset \"forum\")",
			"path": "/metadata/languages",
		},
		{
			"msg": "language \"it\" is not covered by any safety evaluation (required by train dataset \"forum\")",
			"path": "/datasets/0/languages",
		},
	} with input as job(["en", "fr"], [train("forum", ["fr", "it"])], [{"benchmark": "harmbench", "languages": ["en"]}])
}

test_fail_no_evaluation if {
	count(post_eval_03.deny) == 1 with input as {"descriptor": {"metadata": {"languages": ["en"]}}, "as_of": as_of}
}

test_fail_evaluation_without_languages_covers_nothing if {
	count(post_eval_03.deny) == 1 with input as job(["en"], [], [{"benchmark": "harmbench"}])
}
