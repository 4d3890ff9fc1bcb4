# METADATA
# title: Approved third-party adapters
# description: >-
#   Every third-party adapter comes from a location the organisation approved
#   (its `uri` starts with one of approved_adapter_uri_prefixes). Adapters
#   from public hubs are an easy way to slip a backdoor or harmful behaviour
#   into a model; none is approved until its source is listed.
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
#     train the adapter in house.
#   example: |
#     # ftcomply.yaml: params: {approved_adapter_uri_prefixes: ["https://huggingface.co/acme-org/"]}
#     adapters:
#       - name: acme-legal-lora
#         source: third-party
#         uri: https://huggingface.co/acme-org/legal-lora
package ftcomply.controls.post_adp_02

import data.ftcomply.lib

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
