package ftcomply.controls.post_adp_02_test

import data.ftcomply.controls.post_adp_02

as_of := "2026-11-26T00:00:00Z"

approved := ["https://huggingface.co/acme-org/", "s3://mirror/adapters/"]

job(adapters) := {"descriptor": {"adapters": adapters}, "as_of": as_of}

third_party(uri) := {"name": "community", "source": "third-party", "uri": uri}

test_pass_approved_prefix if {
	count(post_adp_02.deny) == 0 with input as job([third_party("https://huggingface.co/acme-org/legal-lora")])
		with data.ftcomply.params.approved_adapter_uri_prefixes as approved
}

test_pass_internal_adapters_not_checked if {
	count(post_adp_02.deny) == 0 with input as job([
		{"name": "ours", "source": "internal", "uri": "https://anywhere.example/x"},
		{"name": "unsourced", "uri": "https://anywhere.example/y"},
	])
}

test_pass_no_adapters if {
	count(post_adp_02.deny) == 0 with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
}

test_fail_none_approved_by_default if {
	post_adp_02.deny == {{
		"msg": "third-party adapter \"community\" is not from an approved source: its uri starts with none of approved_adapter_uri_prefixes (0 listed)",
		"path": "/adapters/0/uri",
	}} with input as job([third_party("https://hub.example.org/someone/sales-lora")])
}

test_fail_unlisted_prefix if {
	some finding in post_adp_02.deny with input as job([
		{"name": "ours", "source": "internal", "uri": "s3://models/x"},
		third_party("https://huggingface.co/acme-org-evil/lora"),
	])
		with data.ftcomply.params.approved_adapter_uri_prefixes as approved
	finding.path == "/adapters/1/uri"
}

test_fail_missing_uri if {
	post_adp_02.deny == {{
		"msg": "third-party adapter \"community\" has no uri, so its source cannot be checked",
		"path": "/adapters/0",
	}} with input as job([{"name": "community", "source": "third-party"}])
}

test_fail_dot_segments_escape_prefix if {
	post_adp_02.deny == {{
		"msg": "third-party adapter \"community\" has a uri with . or .. path segments, which can leave an approved prefix",
		"path": "/adapters/0/uri",
	}} with input as job([third_party("https://huggingface.co/acme-org/../someone/lora")])
		with data.ftcomply.params.approved_adapter_uri_prefixes as approved
	count(post_adp_02.deny) == 1 with input as job([third_party("s3://mirror/adapters/%2E%2e/secret")])
		with data.ftcomply.params.approved_adapter_uri_prefixes as approved
}

test_dots_inside_names_are_fine if {
	count(post_adp_02.deny) == 0 with input as job([third_party("https://huggingface.co/acme-org/lora.v1..2/?ref=../x")])
		with data.ftcomply.params.approved_adapter_uri_prefixes as approved
}

test_blank_prefix_approves_nothing if {
	count(post_adp_02.deny) == 1 with input as job([third_party("https://hub.example.org/x")])
		with data.ftcomply.params.approved_adapter_uri_prefixes as [""]
}

test_message_does_not_reveal_uri if {
	some finding in post_adp_02.deny with input as job([third_party("https://hub.example.org/x?token=hf_secret")])
	not contains(finding.msg, "hf_secret")
}

test_fail_uri_not_a_string if {
	some finding in post_adp_02.deny with input as job([{"name": "community", "source": "third-party", "uri": ""}])
	finding.path == "/adapters/0/uri"
}
