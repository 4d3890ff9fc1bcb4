package ftcomply.controls.pre_supply_02_test

import data.ftcomply.controls.pre_supply_02

artifact(status) := {
	"pointer": "/datasets/0", "kind": "dataset", "uri": "data.jsonl", "status": status,
	"detail": "details", "serialization": [], "scanner_findings": [],
}

test_not_applicable_without_verification if {
	pre_supply_02.not_applicable == {"not verified (run with --verify)"} with input as {"descriptor": {}}
	pre_supply_02.not_applicable == {"not verified (run with --verify)"} with input as {"descriptor": {}, "evidence": {}}
	count(pre_supply_02.deny) == 0 with input as {"descriptor": {}}
}

test_applicable_with_evidence if {
	count(pre_supply_02.not_applicable) == 0 with input as {"evidence": {"artifacts": [artifact("verified")]}}
	count(pre_supply_02.not_applicable) == 0 with input as {"evidence": {"artifacts": [artifact("remote"), artifact("missing")]}}
	count(pre_supply_02.not_applicable) == 0 with input as {"evidence": {"artifacts": [artifact("undeclared"), artifact("mismatch")]}}
}

test_not_applicable_when_nothing_was_verifiable if {
	pre_supply_02.not_applicable == {"no local artifact with a declared sha256 to verify"} with input as {"evidence": {"artifacts": [
		artifact("remote"), artifact("undeclared"),
	]}}
	pre_supply_02.not_applicable == {"no local artifact with a declared sha256 to verify"} with input as {"evidence": {"artifacts": []}}
}

test_verified_remote_and_undeclared_pass if {
	count(pre_supply_02.deny) == 0 with input as {"evidence": {"artifacts": [
		artifact("verified"), artifact("remote"), artifact("undeclared"),
	]}}
}

test_mismatch_fails_at_the_digest if {
	pre_supply_02.deny == {{
		"msg": "dataset /datasets/0: its content does not hash to the declared sha256 (details)",
		"path": "/datasets/0/sha256",
	}} with input as {"evidence": {"artifacts": [artifact("mismatch")]}}
}

test_unverifiable_local_artifacts_fail_at_their_location if {
	paths := {f.path | some f in pre_supply_02.deny} with input as {"evidence": {"artifacts": [
		artifact("missing"),
		object.union(artifact("outside-root"), {"pointer": "/adapters/1", "kind": "adapter"}),
		object.union(artifact("unreadable"), {"pointer": "/base_model", "kind": "base_model"}),
	]}}
	paths == {"/datasets/0/uri", "/adapters/1/uri", "/base_model/id"}
}
