# METADATA
# title: No credentials in the descriptor
# description: >-
#   No string anywhere in the job descriptor looks like a credential (cloud
#   access keys, hub and API tokens, private-key blocks, passwords or signed
#   tokens in URLs, values of secret-named fields). Descriptors are committed,
#   shared and logged, so a credential in one leaks; the finding names the kind
#   and the path, never the value.
# custom:
#   id: DUR-ENV-02
#   phase: during-tuning
#   severity: critical
#   tiers: [low, medium, high]
#   threats: [credential leakage through job definitions, sensitive information disclosure]
#   frameworks:
#     owasp-llm-2025: [LLM02]
#   params: []
#   remediation: >-
#     Remove the credential from the descriptor and revoke and rotate it, since it
#     must be treated as leaked. Give the job its credentials at run time from a
#     secret store (`training.environment.secrets_source: vault` or `kms`) and use
#     URIs without user passwords or signed query parameters (role-based access
#     instead of `?token=` or SAS/presigned URLs).
#   example: |
#     datasets:
#       - name: crm-emails
#         uri: s3://growth/crm-emails.jsonl
#     training:
#       environment:
#         secrets_source: vault
package ftcomply.controls.dur_env_02

import data.ftcomply.lib

# What credentials look like. Each finding names the kind(s), never the value.
secret_patterns := [
	{"kind": "AWS access key id", "pattern": `\b(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`},
	{"kind": "Hugging Face token", "pattern": `\bhf_[A-Za-z0-9]{30,}`},
	{"kind": "OpenAI-style API key", "pattern": `\bsk-[A-Za-z0-9_-]{20,}`},
	{"kind": "GitHub token", "pattern": `\bgh[pousr]_[A-Za-z0-9]{36,}`},
	{"kind": "GitHub token", "pattern": `\bgithub_pat_[A-Za-z0-9_]{22,}`},
	{"kind": "Slack token", "pattern": `\bxox[abprs]-[A-Za-z0-9-]{10,}`},
	{"kind": "Google API key", "pattern": `\bAIza[0-9A-Za-z_-]{35}`},
	{"kind": "private key block", "pattern": `-----BEGIN [A-Z ]*PRIVATE KEY-----`},
	{"kind": "password in URI", "pattern": `[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s:]+:[^/?#@\s]+@`},
	{
		"kind": "credential in URL query",
		"pattern": `(?i)[?&](token|access_token|api_key|apikey|password|secret|sig|x-amz-signature)=[^&#\s]`,
	},
]

# Field names whose (non-empty) string value is a secret, after lower-casing,
# dropping an `x-` prefix and reading `-` as `_`.
secret_field_names := {
	"password", "passwd", "secret", "api_key", "apikey", "access_key",
	"secret_key", "token", "private_key",
}

# The same names as a pattern on raw keys (any case, optional `x-`, `-` or `_`), so the walk
# tests each key with one builtin call.
secret_field_pattern := `(?i)^(x-)?(password|passwd|secret|api[-_]key|apikey|access[-_]key|secret[-_]key|token|private[-_]key)$`

# A field whose name says it holds a secret: lower-cased, without an `x-` prefix, `-` read as `_`.
secret_named_field(path) if {
	key := path[count(path) - 1]
	is_string(key)
	replace(trim_prefix(lower(key), "x-"), "-", "_") in secret_field_names
}

# All patterns in one alternation: most strings are no secret, and one regex
# test per string (instead of one per pattern) keeps the walk cheap.
any_secret_pattern := concat("|", [sprintf("(?:%s)", [p.pattern]) | some p in secret_patterns])

# The descriptor as one JSON text, for the cheap tests below.
descriptor_text := json.marshal(input.descriptor)

# Tests of the whole descriptor text that every string matching a secret pattern trips:
# the token patterns without their leading `\b` (their characters are ones JSON never
# escapes, so a token in a string stands verbatim in the text), `://…@` of a password in
# a URI, `name=` of a credential in a query. Characters that JSON escapes become other
# characters these tests allow, and a test may trip on what is no credential: it only
# decides whether the strings are visited at all. Most descriptors trip none, and then
# no string is (one regex per string is the cost here).
may_hold_secret_value if regex.match(`(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|hf_[A-Za-z0-9]{30,}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|-----BEGIN [A-Z ]*PRIVATE KEY-----`, descriptor_text)

may_hold_secret_value if regex.match(`://[^/?#@\s]*@`, descriptor_text)

may_hold_secret_value if regex.match(`(?i)(token|api_key|apikey|password|secret|sig|x-amz-signature)=`, descriptor_text)

# Likewise for a key that secret_field_pattern matches: it appears quoted, unescaped.
may_have_secret_field if regex.match(`(?i)"(x-)?(password|passwd|secret|api[-_]key|apikey|access[-_]key|secret[-_]key|token|private[-_]key)"`, descriptor_text)

# Strings worth a closer look, found with as few builtin calls per node as possible
# (this control visits every string of every descriptor that trips the tests above).
suspects contains [path, value] if {
	may_hold_secret_value
	walk(input.descriptor, [path, value])
	is_string(value)
	regex.match(any_secret_pattern, value)
}

suspects contains [path, value] if {
	may_have_secret_field
	walk(input.descriptor, [path, value])
	is_string(value)
	key := path[count(path) - 1]
	is_string(key)
	regex.match(secret_field_pattern, key)
	trim_space(value) != ""
}

# The kinds of credential a suspect string looks like.
secret_kinds(path, value) := {p.kind |
	some p in secret_patterns
	regex.match(p.pattern, value)
} | {"value of a secret-named field" |
	secret_named_field(path)
	trim_space(value) != ""
}

# One finding per offending string, naming every kind it matched.
deny contains finding if {
	some [path, value] in suspects
	kinds := secret_kinds(path, value)
	where := lib.json_pointer(path)
	finding := {
		"msg": sprintf("possible credential (%s) at %s; value withheld, remove it and rotate the credential", [concat(", ", kinds), where]),
		"path": where,
	}
}
