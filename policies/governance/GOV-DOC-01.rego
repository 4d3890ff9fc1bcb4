# METADATA
# title: Descriptor is complete and unambiguous
# description: >-
#   The descriptor says what it means: no gap that `ftcomply import` left
#   (listed in `x-import.gaps`), no placeholder value (a whole value of TODO,
#   TBD or FIXME, any case, or text containing TODO(ftcomply)), no
#   `x-unmapped-*` note an importer could not map, no word mixing look-alike
#   letters of different scripts, and a creation time (`metadata.created`)
#   not after the evaluation time. A placeholder passes every "is set" check
#   and a look-alike name compares unequal to the name it imitates, so
#   either lets a control pass on evidence nobody gave.
# custom:
#   id: GOV-DOC-01
#   phase: governance
#   stage: pre-tuning
#   severity: high
#   tiers: [low, medium, high]
#   threats: [placeholder evidence passing presence checks, look-alike names evading de-duplication and separation of duties, unreviewed imported drafts]
#   frameworks:
#     nist-ai-rmf: [GOVERN 1.4]
#     eu-ai-act: [Art. 11]
#   params: []
#   remediation: >-
#     Replace every placeholder with the real value and, in a draft from
#     `ftcomply import`, remove each pointer from `x-import.gaps` once its
#     field is filled in (the `# TODO(ftcomply)` comments list what each one
#     needs). Move the value of each `x-unmapped-*` note to the field it
#     belongs in, then delete the note. Retype any name that mixes scripts
#     (such as a Cyrillic а among Latin letters) in one script. Set
#     `metadata.created` to the RFC 3339 time the job was created.
#   example: |
#     metadata:
#       name: support-bot-lora
#       owner: ml-platform@example.com
#       created: 2026-11-20T09:00:00Z
#     x-import:
#       format: axolotl
#       source_file: axolotl.yml
#       source_sha256: 3f1c0e5e7b6a4d2c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d
#       gaps: []
package ftcomply.controls.gov_doc_01

import data.ftcomply.lib

# A list Python computed over the descriptor's text (input.text); [] when absent.
text(member) := list if {
	list := object.get(input, ["text", member], [])
	is_array(list)
} else := []

# ---------------------------------------------------------------------------
# Gaps an importer recorded: x-import.gaps, a list of JSON pointers.

gaps_field := ["x-import", "gaps"]

gaps := lib.value(gaps_field)

gap_pointers := {g | is_array(gaps); some g in gaps; is_string(g)}

deny contains finding if {
	gaps != lib.absent
	not is_array(gaps)
	finding := {
		"msg": "x-import.gaps is not a list of JSON pointers, so the gaps of the imported draft are unknown",
		"path": "/x-import/gaps",
	}
}

deny contains finding if {
	is_array(gaps)
	some k, g in gaps
	not is_string(g)
	finding := {
		"msg": sprintf("x-import.gaps entry #%d is not a JSON pointer", [k]),
		"path": sprintf("/x-import/gaps/%d", [k]),
	}
}

deny contains finding if {
	is_array(gaps)
	some k, g in gaps
	is_string(g)
	finding := {
		"msg": sprintf("ftcomply import left %q unfilled (listed in x-import.gaps): set its value, then remove it from x-import.gaps", [g]),
		"path": gap_path(k, g),
	}
}

# The finding path of a gap: the field when it exists, else the x-import.gaps entry.
gap_path(k, g) := g if {
	located(g)
} else := sprintf("/x-import/gaps/%d", [k])

located(g) if g == ""

located(g) if {
	startswith(g, "/")
	tokens := array.slice(split(g, "/"), 1, count(split(g, "/")))
	object.get(input.descriptor, [index_or_key(t) | some t in tokens], lib.absent) != lib.absent
}

# Where the numeric tokens are object keys, not array indices.
located(g) if {
	startswith(g, "/")
	tokens := array.slice(split(g, "/"), 1, count(split(g, "/")))
	object.get(input.descriptor, [unescape(t) | some t in tokens], lib.absent) != lib.absent
}

unescape(token) := replace(replace(token, "~1", "/"), "~0", "~")

index_or_key(token) := to_number(token) if {
	regex.match(`^(0|[1-9][0-9]{0,8})$`, token)
} else := unescape(token)

# ---------------------------------------------------------------------------
# What Python found in the normalised text (reported once per field: a gap first).

whole_placeholders := {"TODO", "TBD", "FIXME"}

deny contains finding if {
	some p in text("placeholders")
	is_string(p.path)
	not p.path in gap_pointers
	finding := {"msg": placeholder_message(p), "path": p.path}
}

placeholder_message(p) := sprintf("%s holds the placeholder %q: replace it with the real value", [p.path, p.value]) if {
	is_string(p.value)
	upper(p.value) in whole_placeholders
} else := sprintf("%s holds a TODO(ftcomply) placeholder: replace it with the real value", [p.path])

deny contains finding if {
	some u in text("unmapped")
	is_string(u)
	not u in gap_pointers
	finding := {
		"msg": sprintf("%s is a note an importer could not map to a descriptor field: move its value to the right field, then delete the note", [u]),
		"path": u,
	}
}

# Values are not quoted: they may be long, or carry a credential.
deny contains finding if {
	some c in text("confusables")
	is_string(c.path)
	finding := {
		"msg": sprintf("%s mixes letters of different scripts in one word (a look-alike, such as a Cyrillic а among Latin letters): retype it in one script", [c.path]),
		"path": c.path,
	}
}

# ---------------------------------------------------------------------------
# metadata.created: a real time, not after as_of.

created := ["metadata", "created"]

deny contains finding if {
	not lib.exists(created)
	finding := {
		"msg": "metadata.created is not set: record when the job was created",
		"path": lib.pointer(created),
	}
}

deny contains finding if {
	when := lib.value(created)
	when != lib.absent
	not lib.is_datetime(when)
	finding := {
		"msg": "metadata.created is not an RFC 3339 datetime",
		"path": "/metadata/created",
	}
}

deny contains finding if {
	when := lib.value(created)
	lib.is_datetime(when)
	lib.is_future(when)
	finding := {
		"msg": sprintf("metadata.created is %s, after the evaluation time %s", [when, input.as_of]),
		"path": "/metadata/created",
	}
}
