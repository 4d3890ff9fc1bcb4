package ftcomply.controls.dur_cfg_01_test

import data.ftcomply.controls.dur_cfg_01

defense := {"method": "safe-lora", "validated_envelope": {"max_learning_rate": 0.0002, "max_epochs": 3}}

hyperparameters := {"learning_rate": 0.0001, "epochs": 2, "batch_size": 16}

job(training) := {"descriptor": {"base_model": {"id": "org/base", "source": "hub"}, "training": object.union({"method": "lora"}, training)}, "as_of": "2026-11-26T00:00:00Z"}

test_applicable_when_defense_declared if {
	count(dur_cfg_01.not_applicable) == 0 with input as job({"safety_defense": defense, "hyperparameters": hyperparameters})
}

test_not_applicable_without_defense if {
	dur_cfg_01.not_applicable == {"no safety defense is declared (training.safety_defense), so there is no validated envelope to keep within"} with input as job({"hyperparameters": hyperparameters})
	count(dur_cfg_01.deny) == 0 with input as job({"hyperparameters": hyperparameters})
}

test_not_applicable_when_defense_is_none if {
	every method in ["none", "None", " NONE "] {
		dur_cfg_01.not_applicable == {"training.safety_defense.method is none, so there is no validated envelope to keep within"} with input as job({"safety_defense": {"method": method}, "hyperparameters": {"learning_rate": 0.1, "epochs": 50}})
		count(dur_cfg_01.deny) == 0 with input as job({"safety_defense": {"method": method}, "hyperparameters": {"learning_rate": 0.1, "epochs": 50}})
	}
}

test_fail_defense_without_method if {
	every training in [
		{"safety_defense": {"validated_envelope": defense.validated_envelope}, "hyperparameters": hyperparameters},
		{"safety_defense": {}, "hyperparameters": hyperparameters},
		{"safety_defense": null, "hyperparameters": hyperparameters},
	] {
		count(dur_cfg_01.not_applicable) == 0 with input as job(training)
		count(dur_cfg_01.deny) == 1 with input as job(training)
	}
	dur_cfg_01.deny == {{
		"msg": "training.safety_defense declares no method, so the envelope it was validated for cannot be checked",
		"path": "/training/safety_defense",
	}} with input as job({"safety_defense": {}, "hyperparameters": hyperparameters})
	dur_cfg_01.deny == {{
		"msg": "training.safety_defense declares no method, so the envelope it was validated for cannot be checked",
		"path": "/training/safety_defense/method",
	}} with input as job({"safety_defense": {"method": ""}, "hyperparameters": hyperparameters})
}

test_pass_within_envelope if {
	count(dur_cfg_01.deny) == 0 with input as job({"safety_defense": defense, "hyperparameters": hyperparameters})
}

test_pass_at_envelope_limits if {
	count(dur_cfg_01.deny) == 0 with input as job({"safety_defense": defense, "hyperparameters": {"learning_rate": 0.0002, "epochs": 3}})
}

test_fail_no_envelope if {
	dur_cfg_01.deny == {{
		"msg": "safety defense \"safe-lora\" declares no validated_envelope (max_learning_rate, max_epochs)",
		"path": "/training/safety_defense",
	}} with input as job({"safety_defense": {"method": "safe-lora"}, "hyperparameters": hyperparameters})
}

test_fail_envelope_missing_limit if {
	dur_cfg_01.deny == {{
		"msg": "safety defense \"safe-lora\" validated_envelope has no max_epochs",
		"path": "/training/safety_defense/validated_envelope",
	}} with input as job({"safety_defense": {"method": "safe-lora", "validated_envelope": {"max_learning_rate": 0.0002}}, "hyperparameters": hyperparameters})
}

test_fail_envelope_limit_not_a_number if {
	some finding in dur_cfg_01.deny with input as job({"safety_defense": {"method": "safe-lora", "validated_envelope": {"max_learning_rate": "2e-4", "max_epochs": 3}}, "hyperparameters": hyperparameters})
	finding.path == "/training/safety_defense/validated_envelope/max_learning_rate"
}

test_fail_envelope_not_an_object if {
	dur_cfg_01.deny == {{
		"msg": "safety defense \"safe-lora\" has a validated_envelope that is not an object with max_learning_rate and max_epochs",
		"path": "/training/safety_defense/validated_envelope",
	}} with input as job({"safety_defense": {"method": "safe-lora", "validated_envelope": "see wiki"}, "hyperparameters": hyperparameters})
}

test_fail_learning_rate_above_envelope if {
	dur_cfg_01.deny == {{
		"msg": "training.hyperparameters.learning_rate 0.0005 exceeds max_learning_rate 0.0002 validated for safety defense \"safe-lora\"",
		"path": "/training/hyperparameters/learning_rate",
	}} with input as job({"safety_defense": defense, "hyperparameters": {"learning_rate": 0.0005, "epochs": 2}})
}

test_fail_epochs_above_envelope if {
	dur_cfg_01.deny == {{
		"msg": "training.hyperparameters.epochs 5 exceeds max_epochs 3 validated for safety defense \"safe-lora\"",
		"path": "/training/hyperparameters/epochs",
	}} with input as job({"safety_defense": defense, "hyperparameters": {"learning_rate": 0.0001, "epochs": 5}})
}

test_fail_hyperparameters_missing if {
	dur_cfg_01.deny == {
		{
			"msg": "training.hyperparameters.learning_rate is not set, so it cannot be checked against the envelope of safety defense \"safe-lora\"",
			"path": "/training",
		},
		{
			"msg": "training.hyperparameters.epochs is not set, so it cannot be checked against the envelope of safety defense \"safe-lora\"",
			"path": "/training",
		},
	} with input as job({"safety_defense": defense})
}

test_fail_epochs_missing if {
	dur_cfg_01.deny == {{
		"msg": "training.hyperparameters.epochs is not set, so it cannot be checked against the envelope of safety defense \"safe-lora\"",
		"path": "/training/hyperparameters",
	}} with input as job({"safety_defense": defense, "hyperparameters": {"learning_rate": 0.0001}})
}

test_fail_hyperparameter_not_a_number if {
	some finding in dur_cfg_01.deny with input as job({"safety_defense": defense, "hyperparameters": {"learning_rate": "1e-4", "epochs": 2}})
	finding.path == "/training/hyperparameters/learning_rate"
}

# Learning rates are small: written in plain decimal on every engine (OPA's %v writes 3e-05).
test_small_learning_rates_are_written_in_decimal if {
	dur_cfg_01.deny == {{
		"msg": "training.hyperparameters.learning_rate 0.00003 exceeds max_learning_rate 0.00002 validated for safety defense \"safe-lora\"",
		"path": "/training/hyperparameters/learning_rate",
	}} with input as job({
		"safety_defense": {"method": "safe-lora", "validated_envelope": {"max_learning_rate": 0.00002, "max_epochs": 3}},
		"hyperparameters": {"learning_rate": 0.00003, "epochs": 2},
	})
}
