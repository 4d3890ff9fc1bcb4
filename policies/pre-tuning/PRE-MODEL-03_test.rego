package ftcomply.controls.pre_model_03_test

import data.ftcomply.controls.pre_model_03

base := {"id": "org/base", "source": "hub", "format": "safetensors"}

adapter := {"name": "lora-a", "uri": "s3://models/lora-a/", "format": "safetensors"}

test_pass_safe_formats if {
	count(pre_model_03.deny) == 0 with input as {"descriptor": {"base_model": base, "adapters": [adapter, object.union(adapter, {"name": "lora-b", "format": "gguf"})]}, "as_of": "2026-11-26T00:00:00Z"}
}

test_pass_without_adapters if {
	count(pre_model_03.deny) == 0 with input as {"descriptor": {"base_model": object.union(base, {"format": "onnx"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_base_model_pickle if {
	pre_model_03.deny == {{
		"msg": "base model \"org/base\" has format \"pytorch-pickle\", which is not in allowed_formats (safetensors, gguf, onnx); pickle-based formats execute code on load",
		"path": "/base_model/format",
	}} with input as {"descriptor": {"base_model": object.union(base, {"format": "pytorch-pickle"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_base_model_other_format_without_pickle_note if {
	pre_model_03.deny == {{
		"msg": "base model \"org/base\" has format \"keras-h5\", which is not in allowed_formats (safetensors, gguf, onnx)",
		"path": "/base_model/format",
	}} with input as {"descriptor": {"base_model": object.union(base, {"format": "keras-h5"})}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_base_model_format_missing if {
	pre_model_03.deny == {{
		"msg": "base model \"org/base\" declares no serialization format (allowed: safetensors, gguf, onnx)",
		"path": "/base_model",
	}} with input as {"descriptor": {"base_model": object.remove(base, ["format"])}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_adapter_pickle if {
	pre_model_03.deny == {{
		"msg": "adapter \"lora-b\" has format \"pickle\", which is not in allowed_formats (safetensors, gguf, onnx); pickle-based formats execute code on load",
		"path": "/adapters/1/format",
	}} with input as {"descriptor": {"base_model": base, "adapters": [adapter, object.union(adapter, {"name": "lora-b", "format": "pickle"})]}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_adapter_format_missing if {
	pre_model_03.deny == {{
		"msg": "adapter \"lora-a\" declares no serialization format (allowed: safetensors, gguf, onnx)",
		"path": "/adapters/0",
	}} with input as {"descriptor": {"base_model": base, "adapters": [object.remove(adapter, ["format"])]}, "as_of": "2026-11-26T00:00:00Z"}
}

test_fail_non_string_format if {
	some finding in pre_model_03.deny with input as {"descriptor": {"base_model": object.union(base, {"format": 7})}, "as_of": "2026-11-26T00:00:00Z"}
	finding.path == "/base_model/format"
}

test_param_allowed_formats_honoured if {
	pre_model_03.deny == {{
		"msg": "base model \"org/base\" has format \"gguf\", which is not in allowed_formats (safetensors)",
		"path": "/base_model/format",
	}} with input as {"descriptor": {"base_model": object.union(base, {"format": "gguf"})}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.allowed_formats as ["safetensors"]
}

test_param_allowed_formats_can_widen if {
	count(pre_model_03.deny) == 0 with input as {"descriptor": {"base_model": object.union(base, {"format": "keras-h5"})}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.allowed_formats as ["safetensors", "keras-h5"]
}

test_param_empty_allowed_formats_denies_all if {
	pre_model_03.deny == {{
		"msg": "base model \"org/base\" has format \"safetensors\", which is not in allowed_formats (none)",
		"path": "/base_model/format",
	}} with input as {"descriptor": {"base_model": base}, "as_of": "2026-11-26T00:00:00Z"}
		with data.ftcomply.params.allowed_formats as []
}

test_fail_unnamed_adapter_is_numbered if {
	pre_model_03.deny == {{
		"msg": "adapter #1 declares no serialization format (allowed: safetensors, gguf, onnx)",
		"path": "/adapters/1",
	}} with input as {"descriptor": {"base_model": base, "adapters": [adapter, {"uri": "s3://models/x/"}]}, "as_of": "2026-11-26T00:00:00Z"}
}

# Verified evidence.

evidence_input(kind, pointer, files, scans) := {
	"descriptor": {
		"base_model": {"id": "m", "format": "safetensors"},
		"adapters": [{"name": "a", "format": "safetensors"}, {"name": "b", "format": "pytorch-pickle"}],
	},
	"evidence": {"artifacts": [{
		"pointer": pointer, "kind": kind, "serialization": files, "scanner_findings": scans,
	}]},
}

file(format) := {"path": "adapter.safetensors", "detected_format": format, "executes_code": false, "dangerous_imports": [], "error": null}

test_verified_matching_format_passes if {
	count(pre_model_03.deny) == 0 with input as evidence_input("adapter", "/adapters/0", [file("safetensors")], [])
		with data.ftcomply.params.allowed_formats as ["safetensors", "pytorch-pickle"]
}

test_pickle_declared_safetensors_fails if {
	pre_model_03.deny == {{
		"msg": "/adapters/0: file \"adapter.safetensors\" is pickle by its content, not the declared safetensors",
		"path": "/adapters/0/format",
	}} with input as evidence_input("adapter", "/adapters/0", [file("pickle")], [])
		with data.ftcomply.params.allowed_formats as ["safetensors", "pytorch-pickle"]
}

test_torch_zip_matches_declared_pytorch_pickle if {
	count(pre_model_03.deny) == 0 with input as evidence_input("adapter", "/adapters/1", [file("pytorch-zip")], [])
		with data.ftcomply.params.allowed_formats as ["safetensors", "pytorch-pickle"]
}

test_code_executing_pickle_fails if {
	malicious := object.union(file("pickle"), {"executes_code": true, "dangerous_imports": ["posix.system"]})
	some finding in pre_model_03.deny with input as evidence_input("base_model", "/base_model", [malicious], [])
	contains(finding.msg, "imports code that runs on load (posix.system)")
}

test_uninspectable_file_fails if {
	broken := object.union(file("safetensors"), {"error": "header length exceeds the file"})
	some finding in pre_model_03.deny with input as evidence_input("adapter", "/adapters/0", [broken], [])
	contains(finding.msg, "could not be inspected")
}

test_high_scanner_finding_fails_and_low_does_not if {
	high := {"tool": "modelscan", "severity": "high", "description": "unsafe operator", "file": "/x"}
	low := object.union(high, {"severity": "low"})
	count(pre_model_03.deny) == 1 with input as evidence_input("adapter", "/adapters/0", [], [high])
		with data.ftcomply.params.allowed_formats as ["safetensors", "pytorch-pickle"]
	count(pre_model_03.deny) == 0 with input as evidence_input("adapter", "/adapters/0", [], [low])
		with data.ftcomply.params.allowed_formats as ["safetensors", "pytorch-pickle"]
}

test_fail_no_base_model if {
	pre_model_03.deny == {{
		"msg": "base model (unnamed) declares no serialization format (allowed: safetensors, gguf, onnx)",
		"path": "",
	}} with input as {"descriptor": {"adapters": [adapter]}}
}

managed(training, adapters) := {"descriptor": {
	"base_model": {"id": "gpt-4o-mini", "source": "vendor"},
	"training": object.union({"method": "other", "provider": "managed-api"}, training),
	"adapters": adapters,
}}

assurance := {"provider_assurance": {"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"}}

test_not_applicable_when_the_provider_loads_every_weight if {
	pre_model_03.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as managed(assurance, [])
	pre_model_03.not_applicable == {"managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)"} with input as json.remove(managed(assurance, []), ["descriptor/adapters"])
	count(pre_model_03.deny) == 0 with input as managed(assurance, [])
}

test_managed_provider_adapters_loaded_locally_are_checked if {
	count(pre_model_03.not_applicable) == 0 with input as managed(assurance, [adapter])
	count(pre_model_03.deny) == 0 with input as managed(assurance, [adapter])
	pre_model_03.deny == {{
		"msg": "adapter \"lora-a\" has format \"pickle\", which is not in allowed_formats (safetensors, gguf, onnx); pickle-based formats execute code on load",
		"path": "/adapters/0/format",
	}} with input as managed(assurance, [object.union(adapter, {"format": "pickle"})])
}

test_fail_managed_provider_without_assurance if {
	count(pre_model_03.not_applicable) == 0 with input as managed({}, [])
	pre_model_03.deny == {{
		"msg": "base model \"gpt-4o-mini\" declares no serialization format (allowed: safetensors, gguf, onnx)",
		"path": "/base_model",
	}} with input as managed({"provider_assurance": {"job_id": "ftjob-abc123", "reference": " "}}, [])
}
