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

test_artifacts_are_named_in_messages if {
	named := object.union(artifact("missing"), {"name": "support-tickets"})
	pre_supply_02.deny == {{
		"msg": "dataset \"support-tickets\" (/datasets/0) is missing and cannot be verified: details",
		"path": "/datasets/0/uri",
	}} with input as {"evidence": {"artifacts": [named]}}
}

test_unverifiable_local_artifacts_fail_at_their_location if {
	paths := {f.path | some f in pre_supply_02.deny} with input as {"evidence": {"artifacts": [
		artifact("missing"),
		object.union(artifact("outside-root"), {"pointer": "/adapters/1", "kind": "adapter"}),
		object.union(artifact("unreadable"), {"pointer": "/base_model", "kind": "base_model"}),
	]}}
	paths == {"/datasets/0/uri", "/adapters/1/uri", "/base_model/id"}
}

# ---------------------------------------------------------------------------
# Under --evidence: Croissant dataset cards

declared_digest := "3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

card_digest := "9c1185a5c5e9fc54612808977ee8f548b2258d31f6a2c9e8b7d6c5b4a3f2e1d0"

card(status, sha256s) := {
	"index": 0, "status": status, "detail": "cards/a.json and cards/b.json both describe support-tickets",
	"card": "cards/tickets.croissant.json", "card_sha256": "ab12", "card_name": "support-tickets",
	"sha256s": sha256s, "licenses": [],
}

carded(cards) := {
	"descriptor": {"datasets": [{"name": "support-tickets", "role": "train", "uri": "s3://data/t.jsonl", "sha256": declared_digest}]},
	"evidence": {"artifacts": [artifact("remote")], "datasets": cards},
}

test_verified_pass_digest_recorded_by_the_card if {
	count(pre_supply_02.deny) == 0 with input as carded([card("matched", [card_digest, declared_digest])])
	count(pre_supply_02.not_applicable) == 0 with input as carded([card("matched", [declared_digest])])
	# a card that records no digest, or none for the dataset, confirms nothing and denies nothing
	count(pre_supply_02.deny) == 0 with input as carded([card("matched", [])])
	pre_supply_02.not_applicable == {"no local artifact with a declared sha256 to verify"} with input as carded([card("not-given", [])])
}

test_fail_digest_the_card_contradicts if {
	pre_supply_02.deny == {{
		"msg": "dataset \"support-tickets\": the declared sha256 3f1c0e5e7b6a... is not among the digests its Croissant card cards/tickets.croissant.json records for its files (9c1185a5c5e9...)",
		"path": "/datasets/0/sha256",
	}} with input as carded([card("matched", [card_digest])])
}

test_fail_ambiguous_card if {
	pre_supply_02.deny == {{
		"msg": "dataset \"support-tickets\": several Croissant cards or records fit it, so none can be tied to it: cards/a.json and cards/b.json both describe support-tickets",
		"path": "/datasets/0",
	}} with input as carded([card("ambiguous", [])])
	count(pre_supply_02.not_applicable) == 0 with input as carded([card("ambiguous", [])])
}
