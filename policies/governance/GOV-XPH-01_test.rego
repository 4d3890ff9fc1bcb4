package ftcomply.controls.gov_xph_01_test

import data.ftcomply.controls.gov_xph_01

as_of := "2026-11-26T00:00:00Z"

moderation := {"tool": "llama-guard-3", "tool_version": "3.1", "run_at": "2026-11-18T12:00:00Z", "flagged_ratio": 0.0}

moderated(name) := {"name": name, "role": "train", "scans": {"moderation": moderation}}

defense := {"safety_defense": {"method": "safe-lora"}}

scan := {"backdoor_scan": {"methods": ["weight"], "passed": true}}

job(datasets, training, evaluation) := {"descriptor": {
	"datasets": datasets,
	"training": training,
	"evaluation": evaluation,
}, "as_of": as_of}

test_pass_defense_in_every_phase if {
	count(gov_xph_01.deny) == 0 with input as job(
		[moderated("a"), moderated("b"), {"name": "holdout", "role": "safety"}],
		defense, scan,
	)
}

test_pass_moderation_presence_only if {
	# The ratio is PRE-DATA-04's business: a failing scan is still a pre-tuning defense.
	count(gov_xph_01.deny) == 0 with input as job(
		[{"name": "a", "role": "train", "scans": {"moderation": {"flagged_ratio": 0.4}}}],
		defense, scan,
	)
}

test_fail_pre_one_dataset_unmoderated if {
	gov_xph_01.deny == {{
		"msg": "pre-tuning phase has no defense: train dataset \"b\" has no harmful-content moderation scan (scans.moderation)",
		"path": "/datasets/1/scans",
	}} with input as job(
		[moderated("a"), {"name": "b", "role": "train", "scans": {"pii": {"findings": 0}}}, {"name": "eval", "role": "eval"}],
		defense, scan,
	)
}

test_fail_pre_one_finding_for_several_datasets if {
	gov_xph_01.deny == {{
		"msg": "pre-tuning phase has no defense: train datasets \"b\", \"c\" have no harmful-content moderation scan (scans.moderation)",
		"path": "/datasets/1",
	}} with input as job(
		[moderated("a"), {"name": "b", "role": "train"}, {"name": "c", "role": "train", "scans": {}}],
		defense, scan,
	)
}

test_fail_during_defense_none if {
	gov_xph_01.deny == {{
		"msg": "during-tuning phase has no defense: training.safety_defense.method is missing or none",
		"path": "/training/safety_defense/method",
	}} with input as job([moderated("a")], {"safety_defense": {"method": "none"}}, scan)
}

test_fail_during_defense_missing if {
	findings := gov_xph_01.deny with input as job([moderated("a")], {"method": "lora"}, scan)
	{f.path | some f in findings} == {"/training"}
}

test_fail_post_backdoor_scan_not_passed if {
	gov_xph_01.deny == {{
		"msg": "post-tuning phase has no defense: no passed backdoor scan (evaluation.backdoor_scan.passed must be true)",
		"path": "/evaluation/backdoor_scan/passed",
	}} with input as job([moderated("a")], defense, {"backdoor_scan": {"methods": ["weight"], "passed": false}})
}

test_fail_post_backdoor_scan_missing if {
	findings := gov_xph_01.deny with input as {"descriptor": {"datasets": [moderated("a")], "training": defense}, "as_of": as_of}
	{f.path | some f in findings} == {""}
	count(findings) == 1
}

test_fail_one_finding_per_phase if {
	findings := gov_xph_01.deny with input as job([{"name": "a", "role": "train"}], {}, {})
	count(findings) == 3
	{f.path | some f in findings} == {"/datasets/0", "/training", "/evaluation"}
}

test_fail_unnamed_datasets_are_numbered if {
	some finding in gov_xph_01.deny with input as job([{"role": "train"}, {"name": 3, "role": "train", "scans": {}}], defense, scan)
	finding.msg == "pre-tuning phase has no defense: train datasets #0, #1 have no harmful-content moderation scan (scans.moderation)"
	finding.path == "/datasets/0"
}

# Every train dataset relabelled validation: nothing to moderate is no defense.
test_fail_no_train_dataset if {
	gov_xph_01.deny == {{
		"msg": "pre-tuning phase has no defense: no train dataset is recorded (a dataset with role: train), so no moderation scan of the training data can be shown",
		"path": "/datasets",
	}} with input as job([{"name": "a", "role": "validation", "scans": {"moderation": moderation}}], defense, scan)
	some finding in gov_xph_01.deny with input as {"descriptor": {"training": defense, "evaluation": scan}, "as_of": as_of}
	finding.path == ""
}

test_fail_missing_evaluation_section if {
	gov_xph_01.deny == {{
		"msg": "post-tuning phase has no defense: no passed backdoor scan (evaluation.backdoor_scan.passed must be true)",
		"path": "",
	}} with input as {"descriptor": {"datasets": [moderated("a")], "training": defense}, "as_of": as_of}
}
