package ftcomply.controls.pre_data_08_test

import data.ftcomply.controls.pre_data_08

test_pass_declared_licences_default_params if {
	count(pre_data_08.deny) == 0 with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "CC-BY-NC-4.0"},
		{"name": "b", "license": "proprietary"},
	]}}
}

test_pass_licence_not_denied if {
	count(pre_data_08.deny) == 0 with input as {"descriptor": {"datasets": [{"name": "a", "license": "Apache-2.0"}]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*", "GPL-3.0-only"]
}

test_fail_missing_licence if {
	pre_data_08.deny == {{"msg": "dataset \"b\" declares no licence", "path": "/datasets/1"}} with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "MIT"},
		{"name": "b"},
	]}}
}

test_fail_empty_licence if {
	pre_data_08.deny == {{"msg": "dataset \"a\" declares no licence", "path": "/datasets/0/license"}} with input as {"descriptor": {"datasets": [{"name": "a", "license": ""}]}}
}

test_fail_denied_by_glob if {
	pre_data_08.deny == {{
		"msg": "dataset \"b\" has licence \"CC-BY-NC-4.0\", denied by denied_licenses (CC-BY-NC-*)",
		"path": "/datasets/1/license",
	}} with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "CC-BY-4.0"},
		{"name": "b", "license": "CC-BY-NC-4.0"},
	]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*"]
}

test_fail_denied_exact_and_case_insensitive if {
	count(pre_data_08.deny) == 2 with input as {"descriptor": {"datasets": [
		{"name": "a", "license": "GPL-3.0-only"},
		{"name": "b", "license": "cc-by-nc-sa-4.0"},
	]}}
		with data.ftcomply.params.denied_licenses as ["GPL-3.0-only", "CC-BY-NC-*"]
}

test_fail_several_patterns_give_one_finding if {
	pre_data_08.deny == {{
		"msg": "dataset \"a\" has licence \"CC-BY-NC-SA-4.0\", denied by denied_licenses (CC-BY-NC-*, *-SA-*)",
		"path": "/datasets/0/license",
	}} with input as {"descriptor": {"datasets": [{"name": "a", "license": "CC-BY-NC-SA-4.0"}]}}
		with data.ftcomply.params.denied_licenses as ["CC-BY-NC-*", "*-SA-*"]
}

test_fail_no_dataset if {
	pre_data_08.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no licence can be checked",
		"path": "/datasets",
	}} with input as {"descriptor": {"datasets": []}}
	pre_data_08.deny == {{
		"msg": "no dataset is recorded (datasets is missing or empty), so no licence can be checked",
		"path": "",
	}} with input as {"descriptor": {}}
}

# ---------------------------------------------------------------------------
# Under --evidence: Croissant dataset cards

card(status, licenses) := {
	"index": 0, "status": status, "detail": "", "card": "cards/tickets.croissant.json",
	"card_sha256": "ab12", "card_name": "support-tickets", "sha256s": [], "licenses": licenses,
}

carded(license, cards) := {
	"descriptor": {"datasets": [{"name": "support-tickets", "role": "train", "uri": "data/t.jsonl", "license": license}]},
	"as_of": "2026-11-26T00:00:00Z",
	"evidence": {"artifacts": [], "datasets": cards},
}

test_verified_pass_licence_confirmed_by_the_card if {
	count(pre_data_08.deny) == 0 with input as carded("cc-by-4.0", [card("matched", ["CC-BY-4.0"])])
	count(pre_data_08.declared) == 0 with input as carded("cc-by-4.0", [card("matched", ["CC-BY-4.0"])])
}

test_fail_licence_the_card_contradicts if {
	pre_data_08.deny == {{
		"msg": "dataset \"support-tickets\" declares licence \"Apache-2.0\", but its Croissant card cards/tickets.croissant.json gives \"CC-BY-NC-4.0\"",
		"path": "/datasets/0/license",
	}} with input as carded("Apache-2.0", [card("matched", ["CC-BY-NC-4.0"])])
	some finding in pre_data_08.deny with input as carded("Apache-2.0", [object.union(card("matched", ["MIT"]), {"card": null})])
	finding.msg == "dataset \"support-tickets\" declares licence \"Apache-2.0\", but its Croissant card (a card without a path) gives \"MIT\""
}

test_licence_without_a_confirming_card_is_declared if {
	every cards in [[], [card("not-given", [])], [card("ambiguous", [])], [card("matched", [])]] {
		count(pre_data_08.deny) == 0 with input as carded("Apache-2.0", cards)
		pre_data_08.declared == {"dataset \"support-tickets\": licence declared, no Croissant card gives it"} with input as carded("Apache-2.0", cards)
	}
	count(pre_data_08.declared) == 0 with input as json.remove(carded("Apache-2.0", []), ["evidence"])
}
