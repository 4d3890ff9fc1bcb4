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
