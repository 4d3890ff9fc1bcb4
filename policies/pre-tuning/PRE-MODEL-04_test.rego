package ftcomply.controls.pre_model_04_test

import data.ftcomply.controls.pre_model_04

reviewed := {"id": "org/base", "source": "hub", "model_card_reviewed": true}

test_pass_approved_source_reviewed_card if {
	every source in ["registry", "internal", "hub", "vendor"] {
		count(pre_model_04.deny) == 0 with input as {"descriptor": {"base_model": object.union(reviewed, {"source": source})}, "as_of": "2026-11-26T00:00:00Z"}
	}
}

test_fail_source_not_approved if {
	pre_model_04.deny == {{
		"msg": "base model \"org/base\" source \"hub\" is not in approved_model_sources (registry, internal)",
		"path": "/base_model/source",
	}} with input as {"descriptor": {"base_model": reviewed}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.approved_model_sources as ["registry", "internal"]
}

test_fail_source_missing if {
	some finding in pre_model_04.deny with input as {"descriptor": {"base_model": object.remove(reviewed, ["source"])}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model"
}

test_fail_model_card_not_reviewed if {
	pre_model_04.deny == {{
		"msg": "base model \"org/base\" model card has not been reviewed",
		"path": "/base_model/model_card_reviewed",
	}} with input as {"descriptor": {"base_model": object.union(reviewed, {"model_card_reviewed": false})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_model_card_review_missing if {
	pre_model_04.deny == {{
		"msg": "base model \"org/base\" has no record of a model card review",
		"path": "/base_model",
	}} with input as {"descriptor": {"base_model": object.remove(reviewed, ["model_card_reviewed"])}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_both_rules if {
	count(pre_model_04.deny) == 2 with input as {"descriptor": {"base_model": {"id": "org/base", "source": "vendor", "model_card_reviewed": "yes"}}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.approved_model_sources as ["registry"]
}

test_param_approved_model_sources_honoured if {
	count(pre_model_04.deny) == 0 with input as {"descriptor": {"base_model": object.union(reviewed, {"source": "vendor"})}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.approved_model_sources as ["vendor"]
	count(pre_model_04.deny) == 1 with input as {"descriptor": {"base_model": object.union(reviewed, {"source": "vendor"})}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.approved_model_sources as []
}

test_fail_no_base_model if {
	pre_model_04.deny == {
		{"msg": "base model (unnamed) declares no source (approved: registry, internal, hub, vendor)", "path": ""},
		{"msg": "base model (unnamed) has no record of a model card review", "path": ""},
	} with input as {"descriptor": {}}
}
