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

test_not_applicable_internal_adapters if {
	internal := job([
		{"name": "ours", "source": "internal", "uri": "https://anywhere.example/x"},
		{"name": "also-ours", "source": "internal", "uri": "https://anywhere.example/y"},
	])
	post_adp_02.not_applicable == {"no adapter is third-party"} with input as internal
	count(post_adp_02.deny) == 0 with input as internal
}

test_fail_adapter_source_missing if {
	post_adp_02.deny == {{
		"msg": "adapter \"unsourced\" does not record its source (internal or third-party), so whether it needs an approved source is unknown",
		"path": "/adapters/1",
	}} with input as job([
		{"name": "ours", "source": "internal", "uri": "https://anywhere.example/x"},
		{"name": "unsourced", "uri": "https://anywhere.example/y"},
	])
	count(post_adp_02.not_applicable) == 0 with input as job([{"name": "unsourced", "uri": "https://anywhere.example/y"}])
	some finding in post_adp_02.deny with input as job([{"name": "blank", "source": "", "uri": "s3://x"}])
	finding.path == "/adapters/0/source"
}

test_pass_mixed_internal_and_approved_third_party if {
	mixed := job([{"name": "ours", "source": "internal", "uri": "s3://models/x"}, third_party("https://huggingface.co/acme-org/legal-lora")])
	count(post_adp_02.deny) == 0 with input as mixed with data.ftcomply.params.approved_adapter_uri_prefixes as approved
	count(post_adp_02.not_applicable) == 0 with input as mixed
}

test_not_applicable_full_fine_tune_without_adapters if {
	post_adp_02.not_applicable == {"a full fine-tune has no adapters"} with input as {"descriptor": {"training": {"method": "full"}}, "as_of": as_of}
	post_adp_02.not_applicable == {"a full fine-tune has no adapters"} with input as {"descriptor": {"training": {"method": "full"}, "adapters": []}, "as_of": as_of}
	post_adp_02.not_applicable == {"no adapter is recorded and training.method rlhf does not require one"} with input as {"descriptor": {"training": {"method": "rlhf"}}, "as_of": as_of}
}

test_fail_adapter_method_without_adapters if {
	post_adp_02.deny == {{"msg": "training.method is lora but no adapter is recorded in adapters", "path": ""}} with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": as_of}
	post_adp_02.deny == {{"msg": "training.method is prefix but no adapter is recorded in adapters", "path": "/adapters"}} with input as {"descriptor": {"training": {"method": "prefix"}, "adapters": []}, "as_of": as_of}
	count(post_adp_02.not_applicable) == 0 with input as {"descriptor": {"training": {"method": "lora"}}, "as_of": as_of}
}

test_fail_no_adapters_and_no_method if {
	post_adp_02.deny == {{
		"msg": "training.method is not set and no adapter is recorded, so whether adapters are required is unknown",
		"path": "",
	}} with input as {"descriptor": {"metadata": {"name": "x"}}, "as_of": as_of}
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
