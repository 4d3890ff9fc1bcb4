package ftcomply.controls.dur_priv_01_test

import data.ftcomply.controls.dur_priv_01

personal := {"name": "chat-logs", "role": "train", "uri": "s3://d/chat.jsonl", "classification": "personal"}

internal := {"name": "docs", "role": "train", "uri": "s3://d/docs.jsonl", "classification": "internal"}

dp := {"enabled": true, "epsilon": 4, "delta": 0.000001}

job(datasets, training) := {"descriptor": {"datasets": datasets, "training": object.union({"method": "lora"}, training)}, "as_of": "2026-11-26T00:00:00Z"}

test_applicable_with_personal_train_data if {
	count(dur_priv_01.not_applicable) == 0 with input as job([internal, personal], {})
}

test_not_applicable_without_personal_train_data if {
	dur_priv_01.not_applicable == {"no train dataset is classified personal"} with input as job([internal], {})
	count(dur_priv_01.deny) == 0 with input as job([internal], {})
}

test_not_applicable_when_personal_data_is_not_trained_on if {
	dur_priv_01.not_applicable == {"no train dataset is classified personal"} with input as job([internal, object.union(personal, {"role": "eval"})], {})
	count(dur_priv_01.deny) == 0 with input as job([internal, object.union(personal, {"role": "eval"})], {})
}

test_fail_no_train_dataset if {
	dur_priv_01.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so whether the job trains on personal data is unknown",
		"path": "/datasets",
	}} with input as job([object.union(personal, {"role": "validation"})], {})
	count(dur_priv_01.not_applicable) == 0 with input as job([object.union(personal, {"role": "validation"})], {})
	dur_priv_01.deny == {{
		"msg": "no train dataset is recorded (a dataset with role: train), so whether the job trains on personal data is unknown",
		"path": "",
	}} with input as {"descriptor": {"training": {"method": "lora"}}}
}

test_fail_unclassified_train_dataset if {
	dur_priv_01.deny == {{
		"msg": "train dataset \"docs\" has no classification, so whether training needs differential privacy is unknown",
		"path": "/datasets/1",
	}} with input as job([object.union(internal, {"name": "other"}), object.remove(internal, ["classification"])], {})
	dur_priv_01.deny == {{
		"msg": "train dataset \"docs\" has no classification, so whether training needs differential privacy is unknown",
		"path": "/datasets/0/classification",
	}} with input as job([object.union(internal, {"classification": ""})], {})
	count(dur_priv_01.not_applicable) == 0 with input as job([internal, object.remove(internal, ["classification"])], {})
}

test_personal_data_needs_dp_whatever_else_is_unclassified if {
	count(dur_priv_01.deny) == 0 with input as job([personal, object.remove(internal, ["classification"])], {"privacy": {"differential_privacy": dp}})
	count(dur_priv_01.not_applicable) == 0 with input as job([personal, object.remove(internal, ["classification"])], {"privacy": {"differential_privacy": dp}})
}

test_pass_dp_within_budget if {
	count(dur_priv_01.deny) == 0 with input as job([personal], {"privacy": {"differential_privacy": dp}})
}

test_pass_dp_at_budget_limits if {
	count(dur_priv_01.deny) == 0 with input as job([personal], {"privacy": {"differential_privacy": {"enabled": true, "epsilon": 8, "delta": 0.00001}}})
}

test_fail_no_privacy_section if {
	dur_priv_01.deny == {{
		"msg": "train dataset(s) \"chat-logs\" hold personal data but training.privacy.differential_privacy is not declared",
		"path": "/training",
	}} with input as job([personal], {})
}

test_fail_no_dp_section if {
	some finding in dur_priv_01.deny with input as job([personal], {"privacy": {}})
	finding.path == "/training/privacy"
}

test_fail_dp_disabled if {
	dur_priv_01.deny == {{
		"msg": "train dataset(s) \"chat-logs\", \"forum\" hold personal data but differential privacy is not enabled",
		"path": "/training/privacy/differential_privacy/enabled",
	}} with input as job([personal, object.union(personal, {"name": "forum"})], {"privacy": {"differential_privacy": object.union(dp, {"enabled": false})}})
}

test_fail_dp_enabled_missing if {
	some finding in dur_priv_01.deny with input as job([personal], {"privacy": {"differential_privacy": {"epsilon": 4, "delta": 0.000001}}})
	finding.path == "/training/privacy/differential_privacy"
}

test_fail_epsilon_above_budget if {
	dur_priv_01.deny == {{
		"msg": "differential privacy epsilon 10 exceeds max_dp_epsilon 8 (train dataset(s) \"chat-logs\" hold personal data)",
		"path": "/training/privacy/differential_privacy/epsilon",
	}} with input as job([personal], {"privacy": {"differential_privacy": object.union(dp, {"epsilon": 10})}})
}

test_fail_delta_above_budget if {
	dur_priv_01.deny == {{
		"msg": "differential privacy delta 0.0001 exceeds max_dp_delta 0.00001 (train dataset(s) \"chat-logs\" hold personal data)",
		"path": "/training/privacy/differential_privacy/delta",
	}} with input as job([personal], {"privacy": {"differential_privacy": object.union(dp, {"delta": 0.0001})}})
}

test_fail_budgets_missing if {
	dur_priv_01.deny == {
		{
			"msg": "train dataset(s) \"chat-logs\" hold personal data but differential privacy declares no epsilon (at most max_dp_epsilon = 8 accepted)",
			"path": "/training/privacy/differential_privacy",
		},
		{
			"msg": "train dataset(s) \"chat-logs\" hold personal data but differential privacy declares no delta (at most max_dp_delta = 0.00001 accepted)",
			"path": "/training/privacy/differential_privacy",
		},
	} with input as job([personal], {"privacy": {"differential_privacy": {"enabled": true}}})
}

test_fail_budget_not_a_number if {
	some finding in dur_priv_01.deny with input as job([personal], {"privacy": {"differential_privacy": object.union(dp, {"epsilon": "4"})}})
	finding.path == "/training/privacy/differential_privacy/epsilon"
}

test_param_max_dp_epsilon_honoured if {
	count(dur_priv_01.deny) == 1 with input as job([personal], {"privacy": {"differential_privacy": dp}})
		with data.ftcomply.params.max_dp_epsilon as 2
	count(dur_priv_01.deny) == 0 with input as job([personal], {"privacy": {"differential_privacy": object.union(dp, {"epsilon": 10})}})
		with data.ftcomply.params.max_dp_epsilon as 12
}

test_param_max_dp_delta_honoured if {
	some finding in dur_priv_01.deny with input as job([personal], {"privacy": {"differential_privacy": dp}})
		with data.ftcomply.params.max_dp_delta as 0.0000001
	finding.path == "/training/privacy/differential_privacy/delta"
	count(dur_priv_01.deny) == 0 with input as job([personal], {"privacy": {"differential_privacy": object.union(dp, {"delta": 0.0001})}})
		with data.ftcomply.params.max_dp_delta as 0.001
}

test_fail_unnamed_dataset_is_numbered if {
	dur_priv_01.deny == {{
		"msg": "train dataset(s) #1 hold personal data but training.privacy.differential_privacy is not declared",
		"path": "/training",
	}} with input as job([internal, object.remove(personal, ["name"])], {})
}
