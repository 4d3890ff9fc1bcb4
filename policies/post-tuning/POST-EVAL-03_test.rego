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

test_fail_nothing_stated if {
	post_eval_03.deny == {
		{
			"msg": "metadata.languages names no language: the languages the model serves are unknown, so their safety coverage cannot be judged",
			"path": "",
		},
		{
			"msg": "train dataset \"a\" names no languages, so whether the safety evaluations cover them is unknown",
			"path": "/datasets/0",
		},
		{"msg": "no safety evaluation is recorded in evaluation.safety, so no language is covered", "path": ""},
	} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train"}]}, "as_of": as_of}
}

test_fail_metadata_languages_missing_or_empty if {
	post_eval_03.deny == {{
		"msg": "metadata.languages names no language: the languages the model serves are unknown, so their safety coverage cannot be judged",
		"path": "/metadata",
	}} with input as {"descriptor": {
		"metadata": {"name": "x"},
		"datasets": [train("tickets", ["en"])],
		"evaluation": {"safety": [{"benchmark": "harmbench", "languages": ["en"]}]},
	}, "as_of": as_of}
	post_eval_03.deny == {{
		"msg": "metadata.languages names no language: the languages the model serves are unknown, so their safety coverage cannot be judged",
		"path": "/metadata/languages",
	}} with input as job([], [train("tickets", ["en"])], [{"benchmark": "harmbench", "languages": ["en"]}])
}

test_fail_no_train_dataset if {
	post_eval_03.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so the languages of the training data are unknown",
		"path": "/datasets",
	}} with input as job(["en"], [{"name": "holdout", "role": "validation", "languages": ["en"]}], [{"benchmark": "harmbench", "languages": ["en"]}])
	some finding in post_eval_03.deny with input as {"descriptor": {"metadata": {"languages": ["en"]}, "evaluation": {"safety": [{"languages": ["en"]}]}}, "as_of": as_of}
	finding.path == ""
}

test_fail_train_dataset_languages_missing_or_empty if {
	post_eval_03.deny == {
		{
			"msg": "train dataset \"forum\" names no languages, so whether the safety evaluations cover them is unknown",
			"path": "/datasets/1",
		},
		{
			"msg": "train dataset \"crm\" names no languages, so whether the safety evaluations cover them is unknown",
			"path": "/datasets/2/languages",
		},
	} with input as job(
		["en"],
		[train("tickets", ["en"]), {"name": "forum", "role": "train"}, train("crm", [])],
		[{"benchmark": "harmbench", "languages": ["en"]}],
	)
}

test_fail_empty_safety_list if {
	post_eval_03.deny == {{"msg": "no safety evaluation is recorded in evaluation.safety, so no language is covered", "path": "/evaluation/safety"}} with input as job(["en"], [train("tickets", ["en"])], [])
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
	post_eval_03.deny == {{"msg": "no safety evaluation is recorded in evaluation.safety, so no language is covered", "path": ""}} with input as {"descriptor": {
		"metadata": {"languages": ["en"]},
		"datasets": [train("tickets", ["en"])],
	}, "as_of": as_of}
}

test_fail_evaluation_without_languages_covers_nothing if {
	post_eval_03.deny == {{
		"msg": "language \"en\" is not covered by any safety evaluation (required by metadata.languages, train dataset \"tickets\")",
		"path": "/metadata/languages",
	}} with input as job(["en"], [train("tickets", ["en"])], [{"benchmark": "harmbench"}])
}

test_languages_compared_case_insensitively if {
	count(post_eval_03.deny) == 0 with input as job(["EN", "de"], [train("tickets", ["en", "DE"])], [{"benchmark": "multijail", "languages": ["en", "De"]}])
}

# Under --verify the languages are still the descriptor's word: judged the same, and declared.
test_verify_judges_the_same_and_says_declared if {
	covered := job(["en"], [train("tickets", ["en"])], [{"benchmark": "harmbench", "languages": ["en"]}])
	count(post_eval_03.deny) == 0 with input as object.union(covered, {"evidence": {"artifacts": []}})
	post_eval_03.declared == {"languages of the safety evaluations, metadata.languages and the train datasets (no evaluation report records languages)"} with input as object.union(covered, {"evidence": {"artifacts": []}})
	count(post_eval_03.declared) == 0 with input as covered
	uncovered := job(["en", "de"], [train("tickets", ["en"])], [{"benchmark": "harmbench", "languages": ["en"]}])
	count(post_eval_03.deny) == 1 with input as object.union(uncovered, {"evidence": {"artifacts": []}})
}
