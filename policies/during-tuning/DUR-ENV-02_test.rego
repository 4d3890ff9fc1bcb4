package ftcomply.controls.dur_env_02_test

import data.ftcomply.controls.dur_env_02

# Fake credentials are assembled from pieces so this file does not itself look
# like it holds secrets to repository scanners.
aws_key := concat("", ["AKIA", "IOSFODNN7", "EXAMPLE"])

aws_session_key := concat("", ["ASIA", "Y34FZKBOKMUTVV7A"])

hf_token := concat("", ["hf_", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"])

openai_key := concat("", ["sk-", "Abc123Def456Ghi789Jkl012Mno345"])

openai_project_key := concat("", ["sk-", "proj-", "Q1w2E3r4T5y6U7i8O9p0_Zx-Cv"])

github_token := concat("", ["ghp", "_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"])

github_pat := concat("", ["github", "_pat_", "11ABCDEFG0123456789_abcdefghijKLMNOP"])

slack_token := concat("", ["xox", "b-", "1234567890-0987654321-AbCdEfGh"])

google_key := concat("", ["AIza", "SyD-1a2B3c4D5e6F7g8H9i0J_kLmNoPqRsT"])

private_key := concat("", ["-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7qZ\n-----END RSA PRIVATE KEY-----"])

uri_password := "Hunter2Secret"

digest := "3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

job(descriptor) := {"descriptor": descriptor, "as_of": "2026-11-26T00:00:00Z"}

# A descriptor holding value at datasets[0].uri.
in_uri(value) := job({"datasets": [{"name": "a", "role": "train", "uri": value}]})

# The single finding raised on datasets[0].uri.
uri_finding(value) := finding if {
	findings := dur_env_02.deny with input as in_uri(value)
	count(findings) == 1
	some finding in findings
	finding.path == "/datasets/0/uri"
}

names_kind(value, kind) if contains(uri_finding(value).msg, kind)

# No 6-character piece of the secret appears in any message.
withholds(input_doc, secret) if {
	findings := dur_env_02.deny with input as input_doc
	count(findings) > 0
	every finding in findings {
		every i in numbers.range(0, count(secret) - 6) {
			not contains(finding.msg, substring(secret, i, 6))
		}
	}
}

# --- passing cases and look-alikes -------------------------------------------

test_pass_clean_descriptor if {
	count(dur_env_02.deny) == 0 with input as job({
		"metadata": {"name": "support-bot", "owner": "ml@example.com", "labels": {"cost-center": "cs-42"}},
		"base_model": {"id": "meta-llama/Llama-3.1-8B-Instruct", "revision": "0e9e39f249a16976918f6564b8830bc894c89659", "sha256": digest},
		"datasets": [{"name": "tickets", "role": "train", "uri": "s3://ml-data/support/tickets.jsonl", "sha256": digest}],
		"training": {
			"code": {"image_digest": concat("", ["sha256:", digest]), "commit": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
			"environment": {"network_isolated": true, "secrets_source": "vault", "access_control": "rbac:ml"},
		},
		"deployment": {"rate_limit": {"tokens_per_minute": 40000}},
	})
}

test_pass_sha256_digest if {
	count(dur_env_02.deny) == 0 with input as in_uri(digest)
}

test_pass_uppercase_hex_digest if {
	# Upper-case hex may contain ACCA followed by 16 hex characters; it is not a key id.
	count(dur_env_02.deny) == 0 with input as in_uri("3F1C0E5EACCA4D2C9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F9A8B7C6D")
}

test_pass_git_commit if {
	count(dur_env_02.deny) == 0 with input as in_uri("4b825dc642cb6eb9a060e54bf8d69288fbee4904")
}

test_pass_image_digest if {
	count(dur_env_02.deny) == 0 with input as in_uri(concat("", ["sha256:", digest]))
}

test_pass_email_addresses if {
	count(dur_env_02.deny) == 0 with input as in_uri("jane.doe@example.com")
	count(dur_env_02.deny) == 0 with input as in_uri("mailto:jane.doe@example.com")
	count(dur_env_02.deny) == 0 with input as job({"approvals": [{"role": "security", "name": "jane.doe@example.com"}]})
}

test_pass_plain_urls if {
	count(dur_env_02.deny) == 0 with input as in_uri("https://huggingface.co/datasets/OpenAssistant/oasst2")
	count(dur_env_02.deny) == 0 with input as in_uri("https://files.example.net/dump.jsonl?revision=main&download=true")
	count(dur_env_02.deny) == 0 with input as in_uri("https://git.example.com:8443/ml/train@v2")
	count(dur_env_02.deny) == 0 with input as in_uri("https://deploy@git.example.com/ml/train")
	count(dur_env_02.deny) == 0 with input as in_uri("s3://bucket/path/to/data.jsonl")
}

test_pass_words_containing_prefixes if {
	count(dur_env_02.deny) == 0 with input as in_uri("s3://ml-data/risk-assessment-questions-2026-v2.jsonl")
	count(dur_env_02.deny) == 0 with input as in_uri("s3://ml-data/desk-booking-assistant-trajectories.jsonl")
}

test_pass_empty_credential_parameter if {
	count(dur_env_02.deny) == 0 with input as in_uri("https://files.example.net/dump.jsonl?token=&x=1")
}

test_pass_empty_secret_named_field if {
	count(dur_env_02.deny) == 0 with input as job({"metadata": {"labels": {"token": "", "password": "  "}}})
}

test_pass_fields_merely_mentioning_secrets if {
	count(dur_env_02.deny) == 0 with input as job({"training": {"environment": {"secrets_source": "vault"}}, "metadata": {"labels": {"token-budget": "large"}}})
}

# --- one test per kind of secret ------------------------------------------------

test_fail_aws_access_key_id if {
	names_kind(aws_key, "AWS access key id")
	names_kind(concat("", ["key=", aws_session_key]), "AWS access key id")
}

test_fail_hugging_face_token if {
	names_kind(hf_token, "Hugging Face token")
}

test_fail_openai_key if {
	names_kind(openai_key, "OpenAI-style API key")
	names_kind(openai_project_key, "OpenAI-style API key")
}

test_fail_github_tokens if {
	names_kind(github_token, "GitHub token")
	names_kind(github_pat, "GitHub token")
}

test_fail_slack_token if {
	names_kind(slack_token, "Slack token")
}

test_fail_google_api_key if {
	names_kind(google_key, "Google API key")
}

test_fail_private_key_block if {
	names_kind(private_key, "private key block")
	names_kind(concat("", ["-----BEGIN ", "PRIVATE KEY-----"]), "private key block")
	names_kind(concat("", ["-----BEGIN ", "OPENSSH PRIVATE KEY-----"]), "private key block")
}

test_fail_password_in_uri if {
	names_kind(concat("", ["postgres://svc:", uri_password, "@db.example.com:5432/ml"]), "password in URI")
	names_kind(concat("", ["https://user:", uri_password, "@files.example.net/x"]), "password in URI")
}

test_fail_credential_query_parameters if {
	every value in [
		"s3://growth/crm-emails.jsonl?token=x",
		"https://files.example.net/x?a=1&access_token=abc",
		"https://files.example.net/x?api_key=abc",
		"https://files.example.net/x?APIKEY=abc",
		"https://files.example.net/x?password=abc",
		"https://files.example.net/x?Secret=abc",
		"https://acct.blob.core.windows.net/c/x.jsonl?sv=2024-01-01&sr=b&sig=abc%3D",
		"https://b.s3.amazonaws.com/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc",
		"https://b.s3.amazonaws.com/x?x-amz-signature=abc",
	] {
		names_kind(value, "credential in URL query")
	}
}

test_fail_secret_named_fields if {
	findings := dur_env_02.deny with input as job({
		"metadata": {"labels": {"password": "p4ss", "Token": "abc", "x-api-key": "abc", "API_KEY": "abc"}},
		"training": {"x-secret": "abc", "hyperparameters": {"private_key": "abc", "passwd": "abc", "secret_key": "abc", "access_key": "abc", "apikey": "abc", "secret": "abc"}},
	})
	{f.path | some f in findings} == {
		"/metadata/labels/password", "/metadata/labels/Token", "/metadata/labels/x-api-key", "/metadata/labels/API_KEY",
		"/training/x-secret", "/training/hyperparameters/private_key", "/training/hyperparameters/passwd",
		"/training/hyperparameters/secret_key", "/training/hyperparameters/access_key",
		"/training/hyperparameters/apikey", "/training/hyperparameters/secret",
	}
	every f in findings {
		contains(f.msg, "value of a secret-named field")
	}
}

# --- paths, one finding per string, and the value withheld ----------------------

test_path_is_json_pointer if {
	findings := dur_env_02.deny with input as job({"metadata": {"labels": {"a/b~c": hf_token}}, "adapters": [{"name": "x"}, {"name": "y", "target_modules": ["q", github_token]}]})
	{f.path | some f in findings} == {"/metadata/labels/a~1b~0c", "/adapters/1/target_modules/1"}
}

test_path_names_failing_example_uri if {
	findings := dur_env_02.deny with input as job({"datasets": [
		{"name": "ok", "uri": "s3://growth/ok.jsonl"},
		{"name": "crm-emails", "uri": "s3://growth/crm-emails.jsonl?token=x"},
	]})
	findings == {{
		"msg": "possible credential (credential in URL query) at /datasets/1/uri; value withheld, remove it and rotate the credential",
		"path": "/datasets/1/uri",
	}}
}

test_one_finding_per_string_with_every_kind if {
	value := concat("", ["https://u:", uri_password, "@h.example.com/x?token=", hf_token])
	findings := dur_env_02.deny with input as job({"training": {"token": value}})
	count(findings) == 1
	some f in findings
	f.path == "/training/token"
	contains(f.msg, "Hugging Face token")
	contains(f.msg, "password in URI")
	contains(f.msg, "credential in URL query")
	contains(f.msg, "value of a secret-named field")
}

test_message_withholds_secret if {
	every secret in [aws_key, hf_token, openai_key, openai_project_key, github_token, github_pat, slack_token, google_key, private_key] {
		withholds(in_uri(secret), secret)
	}
	withholds(in_uri(concat("", ["https://user:", uri_password, "@h.example.com/"])), uri_password)
	withholds(in_uri(concat("", ["https://h.example.com/x?token=", uri_password])), uri_password)
	withholds(job({"metadata": {"labels": {"password": uri_password}}}), uri_password)
}

test_non_string_values_ignored if {
	count(dur_env_02.deny) == 0 with input as job({"training": {"token": 42, "secret": true, "password": null, "hyperparameters": {"api_key": {"nested": 1}}}})
}
