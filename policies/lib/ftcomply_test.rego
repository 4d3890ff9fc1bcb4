package ftcomply.lib_test

import data.ftcomply.lib

test_is_digest if {
	lib.is_digest("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	not lib.is_digest("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")
	not lib.is_digest(42)
}

test_is_set if {
	lib.is_set("x")
	not lib.is_set(" \t")
	not lib.is_set(3)
}

test_has if {
	lib.has({"a": null}, "a")
	lib.has({"a": false}, "a")
	not lib.has({"a": 1}, "b")
	not lib.has("text", "a")
}

test_is_none if {
	lib.is_none("none")
	lib.is_none(" None ")
	not lib.is_none("safe-lora")
	not lib.is_none(null)
}

test_has_safety_defense if {
	lib.has_safety_defense with input as {"descriptor": {"training": {"safety_defense": {"method": "safe-lora"}}}}
	not lib.has_safety_defense with input as {"descriptor": {"training": {"safety_defense": {"method": " NONE"}}}}
	not lib.has_safety_defense with input as {"descriptor": {"training": {"safety_defense": {"method": ""}}}}
	not lib.has_safety_defense with input as {"descriptor": {"training": {}}}
}

test_is_datetime if {
	lib.is_datetime("2026-11-20T10:00:00Z")
	lib.is_datetime("2026-11-20T10:00:00.5+02:00")
	lib.is_datetime("2026-12-31T23:59:59.123456789-23:59")
	not lib.is_datetime("2026-11-20")
	not lib.is_datetime("2026-11-20T10:00:00")
	not lib.is_datetime("2026-11-20t10:00:00z")
	not lib.is_datetime(null)
	not lib.is_datetime(20261120)
}

test_is_datetime_rejects_out_of_range_fields if {
	not lib.is_datetime("2026-13-01T00:00:00Z")
	not lib.is_datetime("2026-00-01T00:00:00Z")
	not lib.is_datetime("2026-01-00T00:00:00Z")
	not lib.is_datetime("2026-01-32T00:00:00Z")
	not lib.is_datetime("2026-01-01T24:00:00Z")
	not lib.is_datetime("2026-01-01T00:60:00Z")
	not lib.is_datetime("2026-01-01T00:00:60Z")
	not lib.is_datetime("2026-01-01T00:00:00+24:00")
	not lib.is_datetime("2026-01-01T00:00:00+05:60")
}

test_is_datetime_checks_days_in_month if {
	lib.is_datetime("2026-01-31T00:00:00Z")
	lib.is_datetime("2026-04-30T00:00:00Z")
	lib.is_datetime("2026-02-28T00:00:00Z")
	not lib.is_datetime("2026-02-29T00:00:00Z")
	not lib.is_datetime("2026-02-30T00:00:00Z")
	not lib.is_datetime("2026-02-31T00:00:00Z")
	not lib.is_datetime("2026-04-31T00:00:00Z")
	not lib.is_datetime("2026-06-31T00:00:00Z")
	not lib.is_datetime("2026-09-31T00:00:00Z")
	not lib.is_datetime("2026-11-31T00:00:00Z")
}

test_is_datetime_leap_years if {
	lib.is_datetime("2024-02-29T00:00:00Z")
	lib.is_datetime("2000-02-29T00:00:00Z")
	not lib.is_datetime("1900-02-29T00:00:00Z")
	not lib.is_datetime("2100-02-29T00:00:00Z")
	not lib.is_datetime("2025-02-29T00:00:00Z")
}

# Years whose instants do not fit in int64 nanoseconds make the time builtins raise.
test_is_datetime_year_range if {
	lib.is_datetime("1678-01-01T00:00:00+23:59")
	lib.is_datetime("2261-12-31T23:59:59-23:59")
	not lib.is_datetime("1677-12-31T00:00:00Z")
	not lib.is_datetime("2262-01-01T00:00:00Z")
	not lib.is_datetime("9999-12-31T00:00:00Z")
	not lib.is_datetime("0000-01-01T00:00:00Z")
}

# Every value is_datetime accepts parses without raising.
test_is_datetime_values_parse if {
	every ts in [
		"2024-02-29T00:00:00Z", "1678-01-01T00:00:00+23:59", "2261-12-31T23:59:59-23:59",
		"2026-11-30T23:59:59.999999999+00:00",
	] {
		lib.is_datetime(ts)
		is_number(time.parse_rfc3339_ns(ts))
	}
}

test_staleness if {
	lib.is_stale("2026-01-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
	not lib.is_stale("2026-11-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
	lib.is_future("2026-12-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
}

doc := {"descriptor": {
	"datasets": [{"name": "a", "scans": {"pii": null}}, {"name": "b", "flag": false}],
	"a/b": {"c~d": 1},
}}

test_value_and_exists if {
	lib.value(["datasets", 1, "name"]) == "b" with input as doc
	lib.value(["datasets", 2]) == lib.absent with input as doc
	lib.value(["datasets", "1"]) == lib.absent with input as doc
	lib.exists(["datasets", 0, "scans", "pii"]) with input as doc
	lib.exists(["datasets", 1, "flag"]) with input as doc
	lib.exists([]) with input as doc
	not lib.exists(["datasets", 0, "name", "x"]) with input as doc
	not lib.exists(["datasets"]) with input as {"descriptor": ["not", "an", "object"]}
}

test_pointer_of_existing_field if {
	lib.pointer(["datasets", 1, "name"]) == "/datasets/1/name" with input as doc
	lib.pointer(["datasets", 0, "scans", "pii"]) == "/datasets/0/scans/pii" with input as doc
}

test_pointer_of_nearest_existing_parent if {
	lib.pointer(["datasets", 1, "scans", "pii"]) == "/datasets/1" with input as doc
	lib.pointer(["datasets", 0, "scans", "moderation", "passed"]) == "/datasets/0/scans" with input as doc
	lib.pointer(["datasets", 5, "name"]) == "/datasets" with input as doc
	lib.pointer(["training", "code"]) == "" with input as doc
	lib.pointer([]) == "" with input as doc
	lib.pointer(["training"]) == "" with input as {}
}

test_pointer_escapes_keys if {
	lib.pointer(["a/b", "c~d"]) == "/a~1b/c~0d" with input as doc
	lib.pointer(["a/b", "missing"]) == "/a~1b" with input as doc
	lib.json_pointer(["x", 0, "~/"]) == "/x/0/~0~1"
	lib.json_pointer([]) == ""
}

test_label if {
	lib.label({"name": "chat"}, "name", 3) == `"chat"`
	lib.label({"name": "a \"b\""}, "name", 3) == `"a \"b\""`
	lib.label({"name": 7}, "name", 3) == "#3"
	lib.label({}, "name", 0) == "#0"
	lib.label({"id": null}, "id", null) == "(unnamed)"
	lib.label("not an object", "id", null) == "(unnamed)"
}

test_lists if {
	lib.datasets == {0: {"name": "a", "role": "train"}, 1: {"name": "b", "role": "eval"}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train"}, {"name": "b", "role": "eval"}]}}
	lib.train_datasets == {0: {"name": "a", "role": "train"}} with input as {"descriptor": {"datasets": [{"name": "a", "role": "train"}, {"name": "b", "role": "eval"}]}}
	count(lib.datasets) == 0 with input as {"descriptor": {"datasets": {"a": {"role": "train"}}}}
	lib.adapters == {0: {"name": "x"}} with input as {"descriptor": {"adapters": [{"name": "x"}]}}
	lib.safety_evaluations == {0: {"benchmark": "b"}} with input as {"descriptor": {"evaluation": {"safety": [{"benchmark": "b"}]}}}
	count(lib.safety_evaluations) == 0 with input as {"descriptor": {"evaluation": {"safety": {"benchmark": "b"}}}}
}

# A key path read with object.get (or lib.value) is always defined, so a negated call on it
# holds for a missing field on every engine (OPA finds `not lib.is_set(x.y)` undefined when
# x.y is missing): the idiom the controls use.
test_object_get_under_not_holds_for_missing_fields if {
	not lib.is_set(object.get(input.descriptor, ["training", "audit_log", "uri"], null)) with input as {"descriptor": {}}
	not lib.is_set(object.get(input.descriptor, ["training", "audit_log", "uri"], null)) with input as {"descriptor": {"training": {"audit_log": "s3://x"}}}
	not is_number(object.get(input.descriptor, ["evaluation", "safety", 0, "harmful_score_base"], null)) with input as {"descriptor": {"evaluation": {"safety": ["harmbench"]}}}
	not lib.is_set(object.get(input.descriptor, ["adapters", 1, "uri"], null)) with input as {"descriptor": {"adapters": [{"uri": "s3://a"}]}}
	lib.is_set(object.get(input.descriptor, ["adapters", 0, "uri"], null)) with input as {"descriptor": {"adapters": [{"uri": "s3://a"}]}}
}

test_value_under_not_holds_for_missing_fields if {
	not lib.is_set(lib.value(["training", "audit_log", "uri"])) with input as {"descriptor": {}}
	not lib.is_set(lib.value(["training", "audit_log", "uri"])) with input as {"descriptor": {"training": {"audit_log": "s3://x"}}}
	not is_number(lib.value(["evaluation", "safety", 0, "harmful_score_base"])) with input as {"descriptor": {"evaluation": {"safety": [{}]}}}
	not lib.is_set(lib.value(["adapters", 1, "uri"])) with input as {"descriptor": {"adapters": [{"uri": "s3://a"}]}}
	lib.is_set(lib.value(["adapters", 0, "uri"])) with input as {"descriptor": {"adapters": [{"uri": "s3://a"}]}}
}

test_number_text_is_plain_decimal if {
	lib.number_text(0.00001) == "0.00001"
	lib.number_text(0.000025) == "0.000025"
	lib.number_text(-0.0000001) == "-0.0000001"
	lib.number_text(0.0002) == "0.0002"
	lib.number_text(0.35) == "0.35"
	lib.number_text(8) == "8"
	lib.number_text(0) == "0"
	lib.number_text(-3) == "-3"
	lib.number_text(1e21) == "1000000000000000000000"
	lib.number_text("1e-05") == "1e-05"
	lib.number_text(null) == "null"
}

# OPA's %v spellings, converted whatever the engine writes (the embedded one never uses an exponent).
test_plain_decimal_moves_the_point if {
	lib.plain_decimal("1e-05") == "0.00001"
	lib.plain_decimal("2.5e-06") == "0.0000025"
	lib.plain_decimal("-1e-07") == "-0.0000001"
	lib.plain_decimal("1.2345678912345679e+08") == "123456789.12345679"
	lib.plain_decimal("1e+21") == "1000000000000000000000"
	lib.plain_decimal("-1.5e+22") == "-15000000000000000000000"
	lib.plain_decimal("1.25E+2") == "125"
	lib.plain_decimal("1.5e+00") == "1.5"
}

managed(assurance) := {"descriptor": {"training": {"method": "full", "provider": "managed-api", "provider_assurance": assurance}}}

test_provider_managed_needs_both_assurance_fields if {
	lib.provider_managed with input as managed({"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"})
	lib.provider_managed_reason == "managed by the provider (job ftjob-abc123, assurance https://vendor.example/soc2)" with input as managed({"job_id": "ftjob-abc123", "reference": "https://vendor.example/soc2"})
	not lib.provider_managed with input as managed({"job_id": "ftjob-abc123"})
	not lib.provider_managed with input as managed({"job_id": "ftjob-abc123", "reference": ""})
	not lib.provider_managed with input as managed({"job_id": " ", "reference": "soc2"})
	not lib.provider_managed with input as managed({"job_id": 7, "reference": "soc2"})
	not lib.provider_managed with input as managed(null)
	not lib.provider_managed_reason with input as managed({"job_id": "ftjob-abc123"})
}

test_provider_managed_only_for_managed_api if {
	not lib.provider_managed with input as {"descriptor": {"training": {"provider": "self-hosted", "provider_assurance": {"job_id": "j", "reference": "r"}}}}
	not lib.provider_managed with input as {"descriptor": {"training": {"provider_assurance": {"job_id": "j", "reference": "r"}}}}
	not lib.provider_managed with input as {"descriptor": {}}
	not lib.provider_managed with input as {}
	not lib.provider_managed with input as {"descriptor": "text"}
}

test_is_date if {
	lib.is_date("2026-09-30")
	lib.is_date("2024-02-29")
	lib.is_date("2000-02-29")
	not lib.is_date("2026-02-29")
	not lib.is_date("1900-02-29")
	not lib.is_date("2026-04-31")
	not lib.is_date("2026-13-01")
	not lib.is_date("2026-00-10")
	not lib.is_date("2026-01-00")
	not lib.is_date("0999-01-01")
	not lib.is_date("2026-9-30")
	not lib.is_date("2026-09-30T00:00:00Z")
	not lib.is_date(" 2026-09-30")
	not lib.is_date(20260930)
	not lib.is_date(null)
}

test_as_of_day_is_the_utc_day if {
	lib.as_of_day == "2026-11-26" with input as {"as_of": "2026-11-26T23:59:59Z"}
	lib.as_of_day == "2026-11-27" with input as {"as_of": "2026-11-26T23:30:00-05:00"}
	lib.as_of_day == "2026-01-05" with input as {"as_of": "2026-01-05T00:00:00Z"}
}

test_is_future_date_compares_by_day if {
	not lib.is_future_date("2026-11-26") with input as {"as_of": "2026-11-26T00:00:00Z"}
	not lib.is_future_date("2026-11-25") with input as {"as_of": "2026-11-26T00:00:00Z"}
	lib.is_future_date("2026-11-27") with input as {"as_of": "2026-11-26T23:59:59Z"}
	lib.is_future_date("2250-01-01") with input as {"as_of": "2026-11-26T00:00:00Z"}
}

test_verified_evidence_helpers if {
	not lib.verifying with input as {"descriptor": {}}
	lib.verifying with input as {"descriptor": {}, "evidence": {"artifacts": []}}
	lib.verified_required with input as {"descriptor": {"metadata": {"risk_tier": "high"}}, "evidence": {}}
	not lib.verified_required with input as {"descriptor": {"metadata": {"risk_tier": "medium"}}, "evidence": {}}
	not lib.verified_required with input as {"descriptor": {"metadata": {"risk_tier": "high"}}}
	lib.evidence_list("safety") == [] with input as {"evidence": {"safety": "malformed"}}
	lib.safety_run(0, "tuned") == lib.not_given with input as {"evidence": {"safety": [{"index": 1, "tuned": {"status": "measured"}}]}}
	lib.safety_run(1, "tuned") == {"status": "measured"} with input as {"evidence": {"safety": [{"index": 1, "tuned": {"status": "measured"}}]}}
	lib.red_team_run == lib.not_given with input as {"evidence": {"red_team": null}}
	lib.signature_check("/base_model") == null with input as {"evidence": {"signatures": [{"pointer": "/adapters/0"}]}}
	lib.signature_checked("/adapters/0") with input as {"evidence": {"signatures": [{"pointer": "/adapters/0"}]}}
	lib.is_pinned_revision("v1.2.0")
	not lib.is_pinned_revision(" Main ")
	not lib.is_pinned_revision(null)
	lib.more_than_a_day_apart("2026-11-20T00:00:00Z", "2026-11-21T00:00:01Z")
	not lib.more_than_a_day_apart("2026-11-21T00:00:00+01:00", "2026-11-21T23:00:00Z")
	lib.quoted(null) == "none"
	lib.report_text({"report": null}) == "(a report without a path)"
}
