package ftcomply.controls.post_priv_01_test

import data.ftcomply.controls.post_priv_01

as_of := "2026-11-26T00:00:00Z"

ran := "2026-11-21T13:00:00Z"

job(classification, evaluation) := {"descriptor": {
	"datasets": [
		{"name": "public-web", "role": "train", "classification": "public"},
		{"name": "crm", "role": "train", "classification": classification},
	],
	"evaluation": evaluation,
}, "as_of": as_of}

privacy(auc) := {"privacy": {"membership_inference_auc": auc, "run_at": ran}}

test_applies_to_personal_and_confidential_data if {
	every classification in ["personal", "confidential"] {
		count(post_priv_01.not_applicable) == 0 with input as job(classification, {})
		count(post_priv_01.deny) == 2 with input as job(classification, {})
	}
}

test_not_applicable_when_every_train_dataset_is_classified_otherwise if {
	post_priv_01.not_applicable == {"no train dataset is classified personal or confidential"} with input as job("internal", {})
	count(post_priv_01.deny) == 0 with input as job("internal", {})
	post_priv_01.not_applicable == {"no train dataset is classified personal or confidential"} with input as {"descriptor": {"datasets": [
		{"name": "crm", "role": "eval", "classification": "personal"},
		{"name": "web", "role": "train", "classification": "public"},
	]}, "as_of": as_of}
}

# Every train relabelled validation: nothing to judge is a finding, not a pass.
test_fail_no_train_dataset if {
	no_train := {"descriptor": {"datasets": [{"name": "crm", "role": "validation", "classification": "personal"}]}, "as_of": as_of}
	post_priv_01.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so whether the model was trained on personal or confidential data is unknown",
		"path": "/datasets",
	}} with input as no_train
	count(post_priv_01.not_applicable) == 0 with input as no_train
	some finding in post_priv_01.deny with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
	finding.path == ""
}

test_fail_train_dataset_unclassified if {
	unclassified := {"descriptor": {"datasets": [
		{"name": "web", "role": "train", "classification": "public"},
		{"name": "crm", "role": "train"},
	]}, "as_of": as_of}
	post_priv_01.deny == {{
		"msg": "train dataset \"crm\" has no classification, so whether the model must be tested for memorisation is unknown",
		"path": "/datasets/1",
	}} with input as unclassified
	count(post_priv_01.not_applicable) == 0 with input as unclassified
	some finding in post_priv_01.deny with input as job("", {})
	finding.path == "/datasets/1/classification"
}

# Another train dataset already requires the test: the missing classification changes nothing.
test_unclassified_beside_personal_judges_the_test if {
	count(post_priv_01.deny) == 0 with input as {"descriptor": {
		"datasets": [{"name": "crm", "role": "train", "classification": "personal"}, {"name": "misc", "role": "train"}],
		"evaluation": privacy(0.52),
	}, "as_of": as_of}
}

test_pass_low_auc if {
	count(post_priv_01.deny) == 0 with input as job("personal", privacy(0.52))
}

test_pass_auc_at_bound if {
	count(post_priv_01.deny) == 0 with input as job("personal", privacy(0.6))
}

test_fail_high_auc if {
	post_priv_01.deny == {{
		"msg": "membership-inference AUC 0.71 exceeds max_membership_inference_auc 0.6: the model memorises its training data",
		"path": "/evaluation/privacy/membership_inference_auc",
	}} with input as job("confidential", privacy(0.71))
}

test_fail_no_privacy_evaluation if {
	post_priv_01.deny == {
		{
			"msg": "no numeric evaluation.privacy.membership_inference_auc is recorded: a model trained on personal or confidential data must be tested for memorisation",
			"path": "/evaluation",
		},
		{"msg": "the membership-inference test records no evaluation.privacy.run_at, so its age is unknown", "path": "/evaluation"},
	} with input as job("personal", {"safety": []})
}

test_fail_no_evaluation_section if {
	findings := post_priv_01.deny with input as {"descriptor": {"datasets": [{"name": "crm", "role": "train", "classification": "personal"}]}, "as_of": as_of}
	count(findings) == 2
	{f.path | some f in findings} == {""}
}

test_fail_non_numeric_auc if {
	some finding in post_priv_01.deny with input as job("personal", {"privacy": {"membership_inference_auc": "low", "run_at": ran}})
	finding.path == "/evaluation/privacy/membership_inference_auc"
}

test_fail_run_at_missing if {
	post_priv_01.deny == {{
		"msg": "the membership-inference test records no evaluation.privacy.run_at, so its age is unknown",
		"path": "/evaluation/privacy",
	}} with input as job("personal", {"privacy": {"membership_inference_auc": 0.5}})
}

test_fail_run_at_malformed if {
	every when in ["soon", "2026-02-29T00:00:00Z", null] {
		post_priv_01.deny == {{
			"msg": "evaluation.privacy.run_at is not an RFC 3339 datetime",
			"path": "/evaluation/privacy/run_at",
		}} with input as job("personal", {"privacy": {"membership_inference_auc": 0.5, "run_at": when}})
	}
}

test_fail_run_at_in_future_or_stale if {
	post_priv_01.deny == {{
		"msg": "the membership-inference test ran at 2250-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/evaluation/privacy/run_at",
	}} with input as job("personal", {"privacy": {"membership_inference_auc": 0.5, "run_at": "2250-01-01T00:00:00Z"}})
	post_priv_01.deny == {{
		"msg": "the membership-inference test ran at 1990-01-01T00:00:00Z, more than max_evidence_age_days (90) before 2026-11-26T00:00:00Z",
		"path": "/evaluation/privacy/run_at",
	}} with input as job("personal", {"privacy": {"membership_inference_auc": 0.5, "run_at": "1990-01-01T00:00:00Z"}})
}

test_params_honoured if {
	scores := job("personal", privacy(0.55))
	count(post_priv_01.deny) == 1 with input as scores with data.ftcomply.params.max_membership_inference_auc as 0.5
	count(post_priv_01.deny) == 0 with input as scores with data.ftcomply.params.max_membership_inference_auc as 0.55
	count(post_priv_01.deny) == 1 with input as scores with data.ftcomply.params.max_evidence_age_days as 1
}
