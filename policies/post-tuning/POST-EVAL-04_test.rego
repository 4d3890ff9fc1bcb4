package ftcomply.controls.post_eval_04_test

import data.ftcomply.controls.post_eval_04

as_of := "2026-11-26T00:00:00Z"

shipped := "7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

other := "9c1185a5c5e9fc54612808977ee8f548b2258d31f6a2c9e8b7d6c5b4a3f2e1d0"

test_pass_all_digests_equal if {
	count(post_eval_04.deny) == 0 with input as {"descriptor": {
		"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"passed": true, "artifact_sha256": shipped}},
		"deployment": {"artifact_sha256": shipped},
	}, "as_of": as_of}
}

# Before deployment is described (post-tuning stage), the evaluated artifact is the one to ship.
test_pass_no_deployment if {
	count(post_eval_04.deny) == 0 with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"passed": true, "artifact_sha256": shipped}}}, "as_of": as_of}
	count(post_eval_04.deny) == 0 with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped}}, "as_of": as_of}
}

test_fail_backdoor_scan_names_no_artifact if {
	post_eval_04.deny == {{
		"msg": "evaluation.backdoor_scan.artifact_sha256 is not set: record the SHA-256 digest of the artifact the backdoor scan inspected",
		"path": "/evaluation/backdoor_scan",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"passed": true}}}, "as_of": as_of}
}

test_fail_empty_evaluation if {
	post_eval_04.deny == {{
		"msg": "evaluation.artifact_sha256 is not set: record the SHA-256 digest of the artifact the evaluations measured",
		"path": "/evaluation",
	}} with input as {"descriptor": {"evaluation": {}}, "as_of": as_of}
}

test_fail_evaluation_digest_missing if {
	post_eval_04.deny == {{
		"msg": "evaluation.artifact_sha256 is not set: record the SHA-256 digest of the artifact the evaluations measured",
		"path": "/evaluation",
	}} with input as {"descriptor": {"evaluation": {"safety": []}}, "as_of": as_of}
}

test_fail_no_evaluation_at_all if {
	some finding in post_eval_04.deny with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
	finding.path == ""
}

test_fail_evaluation_digest_malformed if {
	post_eval_04.deny == {{
		"msg": "evaluation.artifact_sha256 is not a SHA-256 digest (64 lowercase hex characters expected)",
		"path": "/evaluation/artifact_sha256",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": "sha256:abc"}}, "as_of": as_of}
}

test_fail_deployment_digest_missing if {
	post_eval_04.deny == {{
		"msg": "deployment.artifact_sha256 is not set: record the SHA-256 digest of the artifact that ships",
		"path": "/deployment",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped}, "deployment": {"interface": "chat"}}, "as_of": as_of}
}

test_fail_deployment_digest_malformed if {
	some finding in post_eval_04.deny with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped}, "deployment": {"artifact_sha256": 42}}, "as_of": as_of}
	finding.path == "/deployment/artifact_sha256"
}

test_fail_evaluated_is_not_shipped if {
	post_eval_04.deny == {{
		"msg": "evaluation.artifact_sha256 (9c1185a5c5e9...) is not the shipped deployment.artifact_sha256 (7c6d5e4f3a2b...): the evaluations measured another artifact",
		"path": "/evaluation/artifact_sha256",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": other}, "deployment": {"artifact_sha256": shipped}}, "as_of": as_of}
}

test_fail_backdoor_scan_of_other_artifact if {
	post_eval_04.deny == {{
		"msg": "evaluation.backdoor_scan.artifact_sha256 (9c1185a5c5e9...) is not the shipped deployment.artifact_sha256 (7c6d5e4f3a2b...): the backdoor scan inspected another artifact",
		"path": "/evaluation/backdoor_scan/artifact_sha256",
	}} with input as {"descriptor": {
		"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"artifact_sha256": other}},
		"deployment": {"artifact_sha256": shipped},
	}, "as_of": as_of}
}

test_fail_deployment_without_digest_beside_an_empty_one if {
	post_eval_04.deny == {{
		"msg": "deployment.artifact_sha256 is not set: record the SHA-256 digest of the artifact that ships",
		"path": "/deployment",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped}, "deployment": {}}, "as_of": as_of}
}

test_fail_backdoor_scan_compared_with_evaluated_without_deployment if {
	post_eval_04.deny == {{
		"msg": "evaluation.backdoor_scan.artifact_sha256 (9c1185a5c5e9...) is not the shipped evaluation.artifact_sha256 (7c6d5e4f3a2b...): the backdoor scan inspected another artifact",
		"path": "/evaluation/backdoor_scan/artifact_sha256",
	}} with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"artifact_sha256": other}}}, "as_of": as_of}
}

test_fail_backdoor_scan_digest_malformed if {
	some finding in post_eval_04.deny with input as {"descriptor": {"evaluation": {"artifact_sha256": shipped, "backdoor_scan": {"artifact_sha256": "TBD"}}}, "as_of": as_of}
	finding.path == "/evaluation/backdoor_scan/artifact_sha256"
}

# Under --verify the digests are still the descriptor's word: judged the same, and declared.
test_verify_judges_the_same_and_says_declared if {
	same := {"descriptor": {"evaluation": {"artifact_sha256": shipped}, "deployment": {"artifact_sha256": shipped}}, "as_of": as_of, "evidence": {"artifacts": []}}
	count(post_eval_04.deny) == 0 with input as same
	post_eval_04.declared == {"evaluation.artifact_sha256, deployment.artifact_sha256 and the backdoor scan's artifact_sha256 (no evaluation report records a model digest)"} with input as same
	count(post_eval_04.declared) == 0 with input as json.remove(same, ["evidence"])
	count(post_eval_04.deny) == 1 with input as json.patch(same, [{"op": "replace", "path": "/descriptor/deployment/artifact_sha256", "value": other}])
}
