package ftcomply.controls.dur_def_01_test

import data.ftcomply.controls.dur_def_01

aligned := {"id": "org/base", "source": "hub", "safety_aligned": true}

test_applicable_when_base_aligned if {
	count(dur_def_01.not_applicable) == 0 with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_not_applicable_when_base_not_aligned if {
	dur_def_01.not_applicable == {"the base model is not safety-aligned (base_model.safety_aligned: false)"} with input as {"descriptor": {"base_model": object.union(aligned, {"safety_aligned": false}), "training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(dur_def_01.deny) == 0 with input as {"descriptor": {"base_model": object.union(aligned, {"safety_aligned": false}), "training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_when_alignment_unknown if {
	dur_def_01.deny == {{
		"msg": "base model \"org/base\" does not say whether it is safety-aligned (base_model.safety_aligned: true or false), so whether the job needs an alignment-preserving defense is unknown",
		"path": "/base_model",
	}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub"}, "training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
	count(dur_def_01.not_applicable) == 0 with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub"}, "training": {"method": "lora"}}}
	dur_def_01.deny == {{
		"msg": "base model \"org/base\" does not say whether it is safety-aligned (base_model.safety_aligned: true or false), so whether the job needs an alignment-preserving defense is unknown",
		"path": "/base_model/safety_aligned",
	}} with input as {"descriptor": {"base_model": {"id": "org/base", "source": "hub", "safety_aligned": "yes"}, "training": {"method": "lora"}}}
	dur_def_01.deny == {{
		"msg": "base model (unnamed) does not say whether it is safety-aligned (base_model.safety_aligned: true or false), so whether the job needs an alignment-preserving defense is unknown",
		"path": "",
	}} with input as {"descriptor": {"training": {"method": "lora"}}}
}

test_pass_defense_declared if {
	count(dur_def_01.deny) == 0 with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora", "safety_defense": {"method": "safe-lora"}}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_no_safety_defense_section if {
	dur_def_01.deny == {{
		"msg": "base model \"org/base\" is safety-aligned but the job declares no alignment-preserving defense",
		"path": "/training",
	}} with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora"}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_no_method if {
	some finding in dur_def_01.deny with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora", "safety_defense": {"validated_envelope": {"max_epochs": 3}}}}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/training/safety_defense"
}

test_fail_empty_method if {
	some finding in dur_def_01.deny with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora", "safety_defense": {"method": " "}}}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/training/safety_defense/method"
}

test_fail_method_none if {
	dur_def_01.deny == {{
		"msg": "base model \"org/base\" is safety-aligned but training.safety_defense.method is \"none\"",
		"path": "/training/safety_defense/method",
	}} with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora", "safety_defense": {"method": "none"}}}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_method_none_any_case if {
	count(dur_def_01.deny) == 1 with input as {"descriptor": {"base_model": aligned, "training": {"method": "lora", "safety_defense": {"method": "None"}}}, "as_of": "2026-11-26T00:00:00Z"}
}
