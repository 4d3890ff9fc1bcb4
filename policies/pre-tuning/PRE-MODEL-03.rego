# METADATA
# title: Safe serialization
# description: >-
#   The base model and every adapter declare a serialization format from
#   allowed_formats. Pickle-based formats execute arbitrary code when the
#   weights are loaded, so a tampered checkpoint compromises the training and
#   serving hosts. With --verify the files themselves are inspected: a file
#   whose content is not the declared format (a pickle renamed .safetensors),
#   a pickle importing code that runs on load, a file that cannot be
#   inspected, or a high or critical scanner finding fails the control. The
#   weights a managed provider serves and never hands out
#   (`training.provider: managed-api` with `training.provider_assurance`) are
#   loaded by the provider, not by the job: only adapters the job loads
#   itself are checked then, and without any the control is not applicable.
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

# Everything that carries weights: the base model (a missing one declares no format either)
# and each adapter. A managed provider's base model is loaded on the provider's side.
artifacts contains {"kind": "base model", "label": lib.label(bm, "id", null), "obj": bm, "path": lib.pointer(["base_model"])} if {
	not lib.provider_managed
	bm := object.get(input.descriptor, "base_model", {})
}

artifacts contains {"kind": "adapter", "label": lib.label(a, "name", i), "obj": a, "path": sprintf("/adapters/%d", [i])} if {
	some i, a in lib.adapters
}

# The provider answers for the base model; the job loads no weights of its own.
not_applicable contains lib.provider_managed_reason if {
	lib.provider_managed
	count(lib.adapters) == 0
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

# Verified evidence (--verify, --evidence): what the files really are.

# Content formats (as detected) that a declared format may legitimately hold.
matches_declared := {
	"safetensors": {"safetensors"},
	"gguf": {"gguf"},
	"onnx": {"onnx"},
	"keras-h5": {"keras-h5"},
	"pickle": {"pickle"},
	"pytorch-pickle": {"pytorch-zip", "pickle"},
}

declared_format(evidence) := input.descriptor.base_model.format if evidence.kind == "base_model"

declared_format(evidence) := input.descriptor.adapters[to_number(trim_prefix(evidence.pointer, "/adapters/"))].format if {
	evidence.kind == "adapter"
}

inspected contains [evidence, file] if {
	some evidence in input.evidence.artifacts
	evidence.kind != "dataset"
	some file in evidence.serialization
}

deny contains finding if {
	some [evidence, file] in inspected
	declared := declared_format(evidence)
	allowed := matches_declared[declared]
	not file.detected_format in allowed
	finding := {
		"msg": sprintf("%s: file %q is %s by its content, not the declared %s", [evidence.pointer, file.path, file.detected_format, declared]),
		"path": concat("", [evidence.pointer, "/format"]),
	}
}

deny contains finding if {
	some [evidence, file] in inspected
	file.executes_code
	finding := {
		"msg": sprintf("%s: file %q imports code that runs on load (%s)", [evidence.pointer, file.path, concat(", ", file.dangerous_imports)]),
		"path": evidence.pointer,
	}
}

deny contains finding if {
	some [evidence, file] in inspected
	is_string(file.error)
	finding := {
		"msg": sprintf("%s: file %q could not be inspected, so it cannot be taken as safe: %s", [evidence.pointer, file.path, file.error]),
		"path": evidence.pointer,
	}
}

deny contains finding if {
	some evidence in input.evidence.artifacts
	evidence.kind != "dataset"
	some scan in evidence.scanner_findings
	scan.severity in {"critical", "high", "error"}
	finding := {
		"msg": sprintf("%s: %s reports %s: %s", [evidence.pointer, scan.tool, scan.severity, scan.description]),
		"path": evidence.pointer,
	}
}
