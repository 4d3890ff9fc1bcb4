package ftcomply.controls.gov_doc_01_test

import data.ftcomply.controls.gov_doc_01

as_of := "2026-11-26T00:00:00Z"

no_text := {"confusables": [], "placeholders": [], "unmapped": []}

metadata := {"name": "support-bot-lora", "owner": "ml-platform@example.com", "created": "2026-11-20T09:00:00Z", "risk_tier": "high"}

job(descriptor, text) := {"descriptor": object.union({"metadata": metadata}, descriptor), "as_of": as_of, "text": text}

test_pass_complete_descriptor if {
	count(gov_doc_01.deny) == 0 with input as job({}, no_text)
	count(gov_doc_01.deny) == 0 with input as job({"x-import": {"format": "axolotl", "gaps": []}}, no_text)
}

# Rego unit tests and OPA users may give no input.text: nothing found, not an error.
test_pass_without_text if {
	count(gov_doc_01.deny) == 0 with input as {"descriptor": {"metadata": metadata}, "as_of": as_of}
	count(gov_doc_01.deny) == 0 with input as {"descriptor": {"metadata": metadata}, "as_of": as_of, "text": {}}
	count(gov_doc_01.deny) == 0 with input as {"descriptor": {"metadata": metadata}, "as_of": as_of, "text": "x"}
}

# ---------------------------------------------------------------------------
# x-import.gaps

test_fail_each_gap_at_its_field if {
	gov_doc_01.deny == {
		{
			"msg": "ftcomply import left \"/metadata/owner\" unfilled (listed in x-import.gaps): set its value, then remove it from x-import.gaps",
			"path": "/metadata/owner",
		},
		{
			"msg": "ftcomply import left \"/datasets/0/uri\" unfilled (listed in x-import.gaps): set its value, then remove it from x-import.gaps",
			"path": "/datasets/0/uri",
		},
	} with input as job(
		{
			"datasets": [{"name": "a", "role": "train", "uri": "s3://x"}],
			"x-import": {"gaps": ["/metadata/owner", "/datasets/0/uri"]},
		},
		# The owner is still TODO: reported once, as the gap.
		{"confusables": [], "placeholders": [{"path": "/metadata/owner", "value": "TODO"}], "unmapped": []},
	)
}

# A gap whose field is gone is reported at its x-import.gaps entry.
test_fail_gap_of_a_removed_field if {
	gov_doc_01.deny == {{
		"msg": "ftcomply import left \"/adapters/0/source\" unfilled (listed in x-import.gaps): set its value, then remove it from x-import.gaps",
		"path": "/x-import/gaps/0",
	}} with input as job({"x-import": {"gaps": ["/adapters/0/source"]}}, no_text)
}

test_gap_pointer_escaping if {
	gov_doc_01.deny == {{
		"msg": "ftcomply import left \"/metadata/labels/a~1b~0c\" unfilled (listed in x-import.gaps): set its value, then remove it from x-import.gaps",
		"path": "/metadata/labels/a~1b~0c",
	}} with input as job(
		{"metadata": object.union(metadata, {"labels": {"a/b~c": "x"}}), "x-import": {"gaps": ["/metadata/labels/a~1b~0c"]}},
		no_text,
	)
}

test_gap_with_numeric_object_key if {
	some finding in gov_doc_01.deny with input as job(
		{"metadata": object.union(metadata, {"labels": {"2026": "x"}}), "x-import": {"gaps": ["/metadata/labels/2026"]}},
		no_text,
	)
	finding.path == "/metadata/labels/2026"
}

test_fail_malformed_gaps if {
	gov_doc_01.deny == {{
		"msg": "x-import.gaps is not a list of JSON pointers, so the gaps of the imported draft are unknown",
		"path": "/x-import/gaps",
	}} with input as job({"x-import": {"gaps": "/metadata/owner"}}, no_text)
	gov_doc_01.deny == {{"msg": "x-import.gaps entry #0 is not a JSON pointer", "path": "/x-import/gaps/0"}} with input as job({"x-import": {"gaps": [3]}}, no_text)
	count(gov_doc_01.deny) == 1 with input as job({"x-import": {"gaps": ["metadata/owner"]}}, no_text)
}

# ---------------------------------------------------------------------------
# input.text, computed by Python

test_fail_placeholders if {
	gov_doc_01.deny == {
		{"msg": "/metadata/owner holds the placeholder \"TODO\": replace it with the real value", "path": "/metadata/owner"},
		{"msg": "/deployment/monitoring/incident_contact holds the placeholder \"tbd\": replace it with the real value", "path": "/deployment/monitoring/incident_contact"},
		{"msg": "/metadata/intended_use holds a TODO(ftcomply) placeholder: replace it with the real value", "path": "/metadata/intended_use"},
	} with input as job({}, {"confusables": [], "unmapped": [], "placeholders": [
		{"path": "/metadata/owner", "value": "TODO"},
		{"path": "/deployment/monitoring/incident_contact", "value": "tbd"},
		{"path": "/metadata/intended_use", "value": "support bot TODO(ftcomply): say more"},
	]})
}

test_fail_unmapped_notes if {
	gov_doc_01.deny == {{
		"msg": "/metadata/x-unmapped-languages is a note an importer could not map to a descriptor field: move its value to the right field, then delete the note",
		"path": "/metadata/x-unmapped-languages",
	}} with input as job({}, {"confusables": [], "placeholders": [], "unmapped": ["/metadata/x-unmapped-languages"]})
	# Listed as a gap too: one finding, the gap's.
	findings := gov_doc_01.deny with input as job(
		{"metadata": object.union(metadata, {"x-unmapped-languages": ["yue"]}), "x-import": {"gaps": ["/metadata/x-unmapped-languages"]}},
		{"confusables": [], "placeholders": [], "unmapped": ["/metadata/x-unmapped-languages"]},
	)
	count(findings) == 1
}

test_fail_confusables if {
	gov_doc_01.deny == {{
		"msg": "/approvals/0/name mixes letters of different scripts in one word (a look-alike, such as a Cyrillic а among Latin letters): retype it in one script",
		"path": "/approvals/0/name",
	}} with input as job({}, {"placeholders": [], "unmapped": [], "confusables": [{"path": "/approvals/0/name", "value": "t\u043emas"}]})
}

test_malformed_text_entries_are_ignored if {
	count(gov_doc_01.deny) == 0 with input as job({}, {"confusables": [3, {"value": "x"}], "placeholders": "TODO", "unmapped": [null]})
}

# ---------------------------------------------------------------------------
# metadata.created

test_fail_created_missing if {
	gov_doc_01.deny == {{"msg": "metadata.created is not set: record when the job was created", "path": "/metadata"}} with input as {
		"descriptor": {"metadata": object.remove(metadata, ["created"])},
		"as_of": as_of,
		"text": no_text,
	}
	gov_doc_01.deny == {{"msg": "metadata.created is not set: record when the job was created", "path": ""}} with input as {"descriptor": {}, "as_of": as_of}
}

test_fail_created_malformed if {
	every when in ["2026-11-20", "2026-02-30T09:00:00Z", "yesterday", null, 20261120] {
		gov_doc_01.deny == {{"msg": "metadata.created is not an RFC 3339 datetime", "path": "/metadata/created"}} with input as job({"metadata": object.union(metadata, {"created": when})}, no_text)
	}
}

test_fail_created_in_future if {
	gov_doc_01.deny == {{
		"msg": "metadata.created is 2250-01-01T00:00:00Z, after the evaluation time 2026-11-26T00:00:00Z",
		"path": "/metadata/created",
	}} with input as job({"metadata": object.union(metadata, {"created": "2250-01-01T00:00:00Z"})}, no_text)
}

test_pass_created_long_ago_or_at_as_of if {
	count(gov_doc_01.deny) == 0 with input as job({"metadata": object.union(metadata, {"created": "1990-01-01T00:00:00Z"})}, no_text)
	count(gov_doc_01.deny) == 0 with input as job({"metadata": object.union(metadata, {"created": "2026-11-26T01:00:00+01:00"})}, no_text)
}
