# Shared helpers for the built-in controls. Not a control: it has no METADATA.
package ftcomply.lib

# The organisation's parameters (defaults from catalog.json, overrides from config).
params := data.ftcomply.params

# Evaluation time in nanoseconds since the epoch; never the clock, so reports reproduce.
as_of_ns := time.parse_rfc3339_ns(input.as_of)

nanos_per_day := ((24 * 60) * 60) * 1000000000

digest_pattern := `^[0-9a-f]{64}$`

is_digest(value) if {
	is_string(value)
	regex.match(digest_pattern, value)
}

# Non-empty string.
is_set(value) if {
	is_string(value)
	trim_space(value) != ""
}

# Well-formed RFC 3339 datetime (guards time builtins, which raise on bad input).
is_datetime(value) if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`, value)
}

# Datasets with their index in input.descriptor.datasets.
datasets[i] := d if some i, d in input.descriptor.datasets

train_datasets[i] := d if {
	some i, d in input.descriptor.datasets
	d.role == "train"
}

origin(d) := object.get(d, ["provenance", "origin"], "")

# Age checks: a datetime is stale when older than max_evidence_age_days before as_of.
is_future(ts) if time.parse_rfc3339_ns(ts) > as_of_ns

is_stale(ts) if as_of_ns - time.parse_rfc3339_ns(ts) > params.max_evidence_age_days * nanos_per_day
