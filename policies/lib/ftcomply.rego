# Shared helpers for the built-in controls. Not a control: it has no METADATA.
package ftcomply.lib

# The organisation's parameters (defaults from catalog.json, overrides from config).
params := data.ftcomply.params

# Evaluation time in nanoseconds since the epoch; never the clock, so reports reproduce.
as_of_ns := time.parse_rfc3339_ns(input.as_of)

nanos_per_day := ((24 * 60) * 60) * 1000000000

digest_pattern := `^[0-9a-f]{64}$`

# A string that digest_pattern matches, tested without a regex (several times cheaper here):
# 64 characters, none of them left once lowercase hex digits are trimmed.
is_digest(value) if {
	is_string(value)
	count(value) == 64
	trim(value, hex_digits) == ""
}

hex_digits := "0123456789abcdef"

# Non-empty string.
is_set(value) if {
	is_string(value)
	trim_space(value) != ""
}

# obj has the key, whatever its value (null and false included); false for a non-object.
# One definition so that "declared" means the same thing in every control.
has(obj, key) if _ = obj[key]

# A method of "none" (any case, blanks around it) declares that no defense is applied.
is_none(value) if {
	is_string(value)
	lower(trim_space(value)) == "none"
}

# The job declares an alignment-preserving defense: a set method other than "none".
# DUR-CFG-01, DUR-DEF-01 and GOV-XPH-01 must agree on what counts as one.
has_safety_defense if {
	method := input.descriptor.training.safety_defense.method
	is_set(method)
	not is_none(method)
}

# ---------------------------------------------------------------------------
# Managed providers

# The job is tuned by a managed provider (training.provider: managed-api, a hosted fine-tune)
# that the descriptor holds to account: it names the provider's job id and an assurance
# reference (training.provider_assurance, both set). What only the provider controls (its
# build and network, the base weights it serves) is then not applicable to the job, with
# provider_managed_reason; without the assurance those controls fail as for any job.
provider_managed if {
	value(["training", "provider"]) == "managed-api"
	is_set(value(["training", "provider_assurance", "job_id"]))
	is_set(value(["training", "provider_assurance", "reference"]))
}

# The not_applicable reason of a provider-managed control (defined only when provider_managed).
provider_managed_reason := sprintf("managed by the provider (job %s, assurance %s)", [
	input.descriptor.training.provider_assurance.job_id,
	input.descriptor.training.provider_assurance.reference,
]) if {
	provider_managed
}

# ---------------------------------------------------------------------------
# Datetimes

# Well-formed RFC 3339 datetime that the time builtins accept. They raise on anything else
# (this engine does not return undefined), so every parse is guarded by this check: fields in
# range, a real calendar day (no 30 February, no 31 April), and a year whose instants fit in
# nanoseconds since the epoch as a 64-bit integer (1678–2261, whatever the offset).
is_datetime(value) if {
	is_string(value)
	regex.match(datetime_pattern, value)
	substring(value, 8, 2) <= "28" # every month has the day: the calendar is not consulted
} else if {
	is_string(value)
	regex.match(datetime_pattern, value)
	day := to_number(trim_left(substring(value, 8, 2), "0"))
	day <= days_in_month(to_number(substring(value, 0, 4)), substring(value, 5, 2))
}

# Non-capturing groups: the same matches, found faster.
datetime_pattern := concat("", [
	`^(?:167[89]|16[89][0-9]|1[7-9][0-9]{2}|2[01][0-9]{2}|22[0-5][0-9]|226[01])`, # year
	`-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])`, # month, day
	`T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?`, # time, fraction
	`(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$`, # offset
])

# Days in a month ("01".."12") of a year, by the Gregorian calendar.
days_in_month(year, month) := 29 if {
	month == "02"
	is_leap_year(year)
} else := 28 if {
	month == "02"
} else := 30 if {
	month in {"04", "06", "09", "11"}
} else := 31

is_leap_year(year) if {
	year % 4 == 0
	year % 100 != 0
}

is_leap_year(year) if year % 400 == 0

# Age checks: a datetime is stale when older than max_evidence_age_days before as_of.
# Call them only on values that pass is_datetime.
is_future(ts) if time.parse_rfc3339_ns(ts) > as_of_ns

is_stale(ts) if as_of_ns - time.parse_rfc3339_ns(ts) > params.max_evidence_age_days * nanos_per_day

# A calendar date, YYYY-MM-DD, that exists (no 30 February), years 1000-9999. Dates are
# compared as text, by day, so no time builtin needs to accept them.
is_date(value) if {
	is_string(value)
	regex.match(date_pattern, value)
	substring(value, 8, 2) <= "28"
} else if {
	is_string(value)
	regex.match(date_pattern, value)
	day := to_number(trim_left(substring(value, 8, 2), "0"))
	day <= days_in_month(to_number(substring(value, 0, 4)), substring(value, 5, 2))
}

date_pattern := `^[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$`

# The day of as_of in UTC, YYYY-MM-DD.
as_of_day := sprintf("%04d-%02d-%02d", time.date(as_of_ns))

# A date (one that passes is_date) after the day of as_of: dates are compared by day, so a
# date on the day of the evaluation is not in the future whatever the time of as_of.
is_future_date(day) if day > as_of_day

# ---------------------------------------------------------------------------
# Descriptor lookups and finding paths

# Default for object.get that no descriptor value equals, so a field that is present but
# null or false is told apart from a missing one.
absent := {"ftcomply.absent": true}

# The descriptor value at a key path, or `absent`. Keys are object keys (strings) and array
# indices (numbers): object.get walks arrays by index, in OPA too.
#
# Missing evidence under `not`: never negate a call whose argument is a reference that may
# be undefined (`not lib.is_set(x.y)`, `not is_number(e.score)`, `not x.y in s`, `not x.y > 0`).
# The embedded engine finds it true, but OPA evaluates the argument outside the `not` (OPA
# issues #1877, #4743), so the rule does not fire and the missing evidence passes. Pass a
# value that is always defined instead; in the built-in controls, the key path read from the
# descriptor, which also gives the finding its path:
#     field := ["datasets", i, "scans", "moderation", "flagged_ratio"]
#     not is_number(object.get(input.descriptor, field, null))
#     ... "path": lib.pointer(field)
# (a builtin call, cheaper than this function; `value(keys)` where null must differ from
# missing). `not x.y == v`, `not x.y` and `not rule_name` are safe on both engines.
value(keys) := object.get(input.descriptor, keys, absent) if {
	is_object(input.descriptor)
} else := absent

# The key path exists in the descriptor, whatever its value (null and false included).
exists(keys) if value(keys) != absent

# The `path` of a finding: the JSON pointer of the field at the key path when it exists,
# else of its nearest existing parent ("" is the document root), as the contract requires.
# (Written out with builtins instead of calls to exists: this runs for every finding.)
pointer(keys) := json_pointer(keys) if {
	is_object(input.descriptor)
	object.get(input.descriptor, keys, absent) != absent
} else := json_pointer(array.slice(keys, 0, depth)) if {
	depth := max({n |
		is_object(input.descriptor)
		some n in numbers.range(1, count(keys) - 1)
		object.get(input.descriptor, array.slice(keys, 0, n), absent) != absent
	} | {0})
}

# RFC 6901 JSON pointer of a key path: in string keys "~" becomes "~0" and "/" becomes "~1";
# array indices are (integer) numbers, written as %v writes them.
json_pointer(keys) := concat("/", array.concat([""], [replace(replace(sprintf("%v", [k]), "~", "~0"), "/", "~1") | some k in keys]))

# How a message names a descriptor element: the string at obj[key] quoted, else "#<i>"
# when the element has an index i in its list, else "(unnamed)" (pass null as i).
# sprintf's %q raises on a non-string in this engine, so names are never quoted directly,
# and a missing name must not make the message (hence the finding) undefined.
label(obj, key, i) := sprintf("%q", [obj[key]]) if {
	is_string(obj[key])
} else := sprintf("#%d", [i]) if {
	is_number(i)
} else := "(unnamed)"

# A number as sprintf's %v writes it in the embedded engine: plain decimal, never an
# exponent. OPA's %v writes small and large floats with one (1e-05 for 0.00001), so every
# number shown in a message goes through this. Any other value: as %v writes it.
number_text(x) := plain_decimal(text) if {
	is_number(x)
	text := sprintf("%v", [x])
	contains(text, "e")
} else := sprintf("%v", [x])

# "1.5e-05" → "0.000015", "-1e+21" → "-1000000000000000000000": the same digits, moved.
plain_decimal(text) := concat("", [sign, shift_point(digits, count(mantissa[0]) + exponent)]) if {
	sign := substring(text, 0, count(text) - count(trim_prefix(text, "-")))
	parts := split(lower(trim_prefix(text, "-")), "e")
	mantissa := split(parts[0], ".")
	digits := concat("", mantissa)
	exponent := exponent_value(parts[1])
}

# "-05" → -5, "+21" → 21 (to_number refuses leading zeros in OPA).
exponent_value(e) := 0 - unsigned_value(trim_prefix(e, "-")) if {
	startswith(e, "-")
} else := unsigned_value(trim_prefix(e, "+"))

unsigned_value(d) := to_number(trim_left(d, "0")) if {
	trim_left(d, "0") != ""
} else := 0

# The digits with a decimal point `point` places from their start (before them when <= 0).
shift_point(digits, point) := concat("", ["0.", zeros(0 - point), digits]) if {
	point <= 0
} else := concat("", [digits, zeros(point - count(digits))]) if {
	point >= count(digits)
} else := concat("", [substring(digits, 0, point), ".", substring(digits, point, -1)])

zeros(n) := concat("", ["0" | some _ in numbers.range(1, n)]) if {
	n > 0
} else := ""

# ---------------------------------------------------------------------------
# Lists of the descriptor, each element with its index (ignored when not a list)

datasets[i] := d if {
	is_array(input.descriptor.datasets)
	some i, d in input.descriptor.datasets
}

train_datasets[i] := d if {
	some i, d in datasets
	d.role == "train"
}

origin(d) := object.get(d, ["provenance", "origin"], "")

adapters[i] := a if {
	is_array(input.descriptor.adapters)
	some i, a in input.descriptor.adapters
}

# Entries of evaluation.safety.
safety_evaluations[i] := e if {
	is_array(input.descriptor.evaluation.safety)
	some i, e in input.descriptor.evaluation.safety
}

# ---------------------------------------------------------------------------
# Pinned revisions

# References that move with the upstream repository (compared case-insensitively).
floating_revisions := {"main", "master", "latest", "head"}

# A revision that pins the weights (and code) of a model: a set string that is not a
# floating reference. PRE-MODEL-01 and PRE-MODEL-05 must agree on what pins a model.
is_pinned_revision(revision) if {
	is_set(revision)
	not lower(trim_space(revision)) in floating_revisions
}

# ---------------------------------------------------------------------------
# Verified evidence: what --verify (or --evidence) checked itself (docs/evidence.md)
#
# A control that reads input.evidence is reported `verified` only when its `declared` set
# is empty: every value it judged without a measurement goes in that set. Write
# `input.evidence` in the control's own source (its declared rules): the runner looks for it
# there to tell a control that judges evidence.

# The run verifies: input.evidence holds what ftcomply checked itself.
verifying if input.evidence

# Under --verify, the job's risk tier is one of verified_evidence_tiers: its safety
# evaluations, red team and signatures must be verified here, declared ones fail.
verified_required if {
	verifying
	value(["metadata", "risk_tier"]) in params.verified_evidence_tiers
}

# The risk tier as messages show it (only called when verified_required holds).
risk_tier_text := sprintf("%v", [value(["metadata", "risk_tier"])])

# A list of input.evidence (signatures, safety, datasets); [] when absent or malformed
# (inputs made before the list existed).
evidence_list(name) := list if {
	list := object.get(input, ["evidence", name], [])
	is_array(list)
} else := []

# A measurement whose numbers are the descriptor's word: nothing was read or matched.
not_given := {"status": "not-given", "detail": "", "report": null}

# Measurement statuses that mean a report was named or matched but cannot stand for the
# declared numbers (the detail says why): a finding, whatever the tier.
unusable_statuses := {"missing", "unreadable", "no-match", "ambiguous", "undescribed"}

# What --verify measured of the run `which` ("tuned" or "base") of evaluation.safety[i]:
# the measurement of docs/evidence.md, or not_given when nothing was bound.
safety_run(i, which) := runs[0] if {
	runs := [s[which] | some s in evidence_list("safety"); s.index == i; is_object(s[which])]
	count(runs) > 0
} else := not_given

# What --verify measured of evaluation.red_team, or not_given.
red_team_run := run if {
	run := object.get(input, ["evidence", "red_team"], null)
	is_object(run)
} else := not_given

# The verification of the model-signing bundle of the artifact at pointer ("/base_model",
# "/adapters/0"); null when none was verified (no bundle, or no --verify).
signature_check(pointer) := checks[0] if {
	checks := [s | some s in evidence_list("signatures"); s.pointer == pointer]
	count(checks) > 0
} else := null

# A bundle of the artifact was checked here, whatever the outcome.
signature_checked(pointer) if is_object(signature_check(pointer))

# Outcomes of a signature check that fail: it does not verify, could not be checked, or
# leaves files of the artifact unsigned.
failed_signature_statuses := {"invalid", "unverifiable", "unsigned-files"}

# Why a signature check did not verify, as messages show it.
signature_failure(check) := sprintf("the model-signing signature %s is %s: %s", [
	text_or(object.get(check, "bundle", null), "(no bundle path)"),
	check.status,
	text_or(object.get(check, "reason", null), "no reason given"),
])

# The string, or `otherwise` for anything else (null included).
text_or(x, otherwise) := x if {
	is_string(x)
} else := otherwise

# The Croissant card binding of datasets[i] (status matched, not-given or ambiguous),
# or not_given when no card was given.
dataset_card(i) := cards[0] if {
	cards := [d | some d in evidence_list("datasets"); d.index == i; is_object(d)]
	count(cards) > 0
} else := not_given

# The report a measurement was read from, as messages show it.
report_text(run) := run.report if {
	is_string(run.report)
} else := "(a report without a path)"

# A string quoted, or "none" (a recorded or declared model may be null).
quoted(x) := sprintf("%q", [x]) if {
	is_string(x)
} else := "none"

# A measurement bound to the artifact: the model the tool recorded is the one the
# descriptor declares was evaluated (no tool records a digest of the model it ran).
bound(run) if {
	is_string(run.declared_model)
	run.model == run.declared_model
}

# Two datetimes (that pass is_datetime) more than a day apart.
more_than_a_day_apart(a, b) if abs(time.parse_rfc3339_ns(a) - time.parse_rfc3339_ns(b)) > nanos_per_day
