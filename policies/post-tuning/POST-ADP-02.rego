# METADATA
# title: Approved third-party adapters
# description: >-
#   Every third-party adapter comes from a location the organisation approved
#   (its `uri` starts with one of approved_adapter_uri_prefixes). Adapters
#   from public hubs are an easy way to slip a backdoor or harmful behaviour
#   into a model; none is approved until its source is listed. Every adapter
#   says whether it is internal or third-party (`source`), and a job tuned
#   with lora, qlora or prefix records its adapters. Not applicable when no
#   adapter is third-party, or when the method needs none and none is
#   recorded.
# custom:
#   id: POST-ADP-02
#   phase: post-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [backdoored third-party adapter, adapter supply-chain compromise]
#   frameworks:
#     owasp-llm-2025: [LLM03]
#     mitre-atlas: [AML.T0010]
#   params: [approved_adapter_uri_prefixes]
#   remediation: >-
#     Review the third-party adapter's publisher, then mirror it into an
#     approved location and point `adapters[].uri` there, or add its
#     publisher's location to approved_adapter_uri_prefixes in ftcomply.yaml
#     (end each prefix with `/` so that it names a whole directory). Otherwise
#     train the adapter in house. Set `source` (internal or third-party) on
#     every adapter.
#   example: |
#     # ftcomply.yaml: params: {approved_adapter_uri_prefixes: ["https://huggingface.co/acme-org/"]}
#     adapters:
#       - name: acme-legal-lora
#         source: third-party
#         uri: https://huggingface.co/acme-org/legal-lora
package ftcomply.controls.post_adp_02

import data.ftcomply.lib

# Training methods whose product is an adapter: the job must record it.
adapter_methods := {"lora", "qlora", "prefix"}

method := lib.value(["training", "method"])

has_adapters if count(lib.adapters) > 0

not_applicable contains "a full fine-tune has no adapters" if {
	not has_adapters
	method == "full"
}

not_applicable contains reason if {
	not has_adapters
	lib.is_set(method)
	method != "full"
	not method in adapter_methods
	reason := sprintf("no adapter is recorded and training.method %s does not require one", [method])
}

# Each adapter states its source and none is third-party.
not_applicable contains "no adapter is third-party" if {
	has_adapters
	count(unsourced) == 0
	count(third_party) == 0
}

deny contains finding if {
	not has_adapters
	method in adapter_methods
	finding := {
		"msg": sprintf("training.method is %s but no adapter is recorded in adapters", [method]),
		"path": lib.pointer(["adapters"]),
	}
}

deny contains finding if {
	not has_adapters
	not lib.is_set(method)
	finding := {
		"msg": "training.method is not set and no adapter is recorded, so whether adapters are required is unknown",
		"path": lib.pointer(["training", "method"]),
	}
}

# Adapters that do not say where they come from: a third-party one would go unchecked.
unsourced[i] := a if {
	some i, a in lib.adapters
	not lib.is_set(object.get(input.descriptor, ["adapters", i, "source"], null))
}

deny contains finding if {
	some i, a in unsourced
	finding := {
		"msg": sprintf(
			"adapter %s does not record its source (internal or third-party), so whether it needs an approved source is unknown",
			[lib.label(a, "name", i)],
		),
		"path": lib.pointer(["adapters", i, "source"]),
	}
}

third_party[i] := a if {
	some i, a in lib.adapters
	a.source == "third-party"
}

# Blank prefixes would approve every URI: they are ignored.
prefixes := [p |
	is_array(lib.params.approved_adapter_uri_prefixes)
	some p in lib.params.approved_adapter_uri_prefixes
	lib.is_set(p)
]

under_prefix(uri) if {
	some p in prefixes
	startswith(uri, p)
}

# `.` or `..` path segments (also percent-encoded) can climb out of an approved prefix.
has_dot_segments(uri) if {
	path := split(split(uri, "?")[0], "#")[0]
	regex.match(`(^|/)(\.|%2[eE]){1,2}(/|$)`, path)
}

# URIs are not quoted in messages: they may carry access tokens.
deny contains finding if {
	some i, a in third_party
	field := ["adapters", i, "uri"]
	not lib.is_set(object.get(input.descriptor, field, null))
	finding := {
		"msg": sprintf("third-party adapter %s has no uri, so its source cannot be checked", [lib.label(a, "name", i)]),
		"path": lib.pointer(field),
	}
}

deny contains finding if {
	some i, a in third_party
	lib.is_set(a.uri)
	not under_prefix(a.uri)
	finding := {
		"msg": sprintf(
			"third-party adapter %s is not from an approved source: its uri starts with none of approved_adapter_uri_prefixes (%d listed)",
			[lib.label(a, "name", i), count(prefixes)],
		),
		"path": sprintf("/adapters/%d/uri", [i]),
	}
}

deny contains finding if {
	some i, a in third_party
	lib.is_set(a.uri)
	under_prefix(a.uri)
	has_dot_segments(a.uri)
	finding := {
		"msg": sprintf(
			"third-party adapter %s has a uri with . or .. path segments, which can leave an approved prefix",
			[lib.label(a, "name", i)],
		),
		"path": sprintf("/adapters/%d/uri", [i]),
	}
}
