package ftcomply.controls.post_priv_01_test

import data.ftcomply.controls.post_priv_01

as_of := "2026-11-26T00:00:00Z"

job(classification, evaluation) := {"descriptor": {
	"datasets": [
		{"name": "public-web", "role": "train", "classification": "public"},
		{"name": "crm", "role": "train", "classification": classification},
	],
	"evaluation": evaluation,
}, "as_of": as_of}

test_applicable_to_personal_data if {
	post_priv_01.applicable with input as job("personal", {})
}

test_applicable_to_confidential_data if {
	post_priv_01.applicable with input as job("confidential", {})
}

test_not_applicable_to_public_or_internal_data if {
	not post_priv_01.applicable with input as job("internal", {})
	not post_priv_01.applicable with input as {"descriptor": {"datasets": [
		{"name": "crm", "role": "eval", "classification": "personal"},
		{"name": "web", "role": "train", "classification": "public"},
	]}, "as_of": as_of}
}

test_pass_low_auc if {
	count(post_priv_01.deny) == 0 with input as job("personal", {"privacy": {"membership_inference_auc": 0.52}})
}

test_pass_auc_at_bound if {
	count(post_priv_01.deny) == 0 with input as job("personal", {"privacy": {"membership_inference_auc": 0.6}})
}

test_fail_high_auc if {
	post_priv_01.deny == {{
		"msg": "membership-inference AUC 0.71 exceeds max_membership_inference_auc 0.6: the model memorises its training data",
		"path": "/evaluation/privacy/membership_inference_auc",
	}} with input as job("confidential", {"privacy": {"membership_inference_auc": 0.71}})
}

test_fail_no_privacy_evaluation if {
	post_priv_01.deny == {{
		"msg": "no numeric evaluation.privacy.membership_inference_auc is recorded: a model trained on personal or confidential data must be tested for memorisation",
		"path": "/evaluation",
	}} with input as job("personal", {"safety": []})
}

test_fail_non_numeric_auc if {
	some finding in post_priv_01.deny with input as job("personal", {"privacy": {"membership_inference_auc": "low"}})
	finding.path == "/evaluation/privacy/membership_inference_auc"
}

test_params_honoured if {
	scores := job("personal", {"privacy": {"membership_inference_auc": 0.55}})
	count(post_priv_01.deny) == 1 with input as scores with data.ftcomply.params.max_membership_inference_auc as 0.5
	count(post_priv_01.deny) == 0 with input as scores with data.ftcomply.params.max_membership_inference_auc as 0.55
}
