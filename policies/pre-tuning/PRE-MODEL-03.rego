# METADATA
# title: Safe serialization
# description: >-
#   The base model and every adapter declare a serialization format from
#   allowed_formats. Pickle-based formats execute arbitrary code when the
#   weights are loaded, so a tampered checkpoint compromises the training and
#   serving hosts.
# custom:
#   id: PRE-MODEL-03
#   phase: pre-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [code execution on model load, malicious pickle payloads in checkpoints]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0011]
#   params: [allowed_formats]
#   remediation: >-
#     Use weights and adapters in a format that cannot run code on load
#     (convert pickle checkpoints to safetensors, e.g. with
#     `safetensors.torch.save_file`, in an isolated sandbox) and declare it in
#     `base_model.format` and `adapters[].format`.
#   example: |
#     base_model:
#       id: meta-llama/Llama-3.1-8B-Instruct
#       format: safetensors
#     adapters:
#       - name: support-bot-lora-r16
#         format: safetensors
package ftcomply.controls.pre_model_03

import data.ftcomply.lib

# Everything that carries weights: the base model and each adapter.
artifacts contains {"kind": "base model", "label": lib.label(bm, "id", null), "obj": bm, "path": "/base_model"} if {
	bm := input.descriptor.base_model
}

artifacts contains {"kind": "adapter", "label": lib.label(a, "name", i), "obj": a, "path": sprintf("/adapters/%d", [i])} if {
	some i, a in lib.adapters
}

pickle_like(format) if {
	is_string(format)
	contains(lower(format), "pickle")
}

allowed_list := concat(", ", lib.params.allowed_formats) if count(lib.params.allowed_formats) > 0
else := "none"

reason(format) := "; pickle-based formats execute code on load" if pickle_like(format)
else := ""

deny contains finding if {
	some artifact in artifacts
	not lib.has(artifact.obj, "format")
	finding := {
		"msg": sprintf("%s %s declares no serialization format (allowed: %s)", [artifact.kind, artifact.label, allowed_list]),
		"path": artifact.path,
	}
}

deny contains finding if {
	some artifact in artifacts
	format := artifact.obj.format
	not format in lib.params.allowed_formats
	finding := {
		"msg": sprintf("%s %s has format %s, which is not in allowed_formats (%s)%s", [artifact.kind, artifact.label, json.marshal(format), allowed_list, reason(format)]),
		"path": concat("", [artifact.path, "/format"]),
	}
}
