"""Text that means what it shows: normalisation before the policies compare strings."""

from __future__ import annotations

from ftcomply.textnorm import mixes_scripts, normalize_document, normalize_text


def test_format_characters_and_blanks_are_removed():
    assert normalize_text("HarmBench\u200b") == "HarmBench"
    assert normalize_text("\u2060\u00ad\u200b") == ""
    assert normalize_text("  jane.doe@example.com \t") == "jane.doe@example.com"


def test_compatibility_forms_fold_to_one_name():
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "Harmbench")
    assert normalize_text(fullwidth) == "Harmbench"
    assert normalize_text("ﬁlter") == "filter"  # ligature


def test_words_mixing_confusable_scripts_are_found():
    assert mixes_scripts("H\u0430rmBench")  # Cyrillic a inside a Latin word
    assert not mixes_scripts("HarmBench")
    assert not mixes_scripts("Привет world")  # two scripts, two words
    assert not mixes_scripts("東京タワー")  # Han and katakana are not look-alikes


def test_the_walk_records_confusables_placeholders_and_importer_notes():
    data = {
        "metadata": {"owner": "TODO", "x-unmapped-foo": 1},
        "evaluation": {"safety": [{"benchmark": "H\u0430rmBench"},
                                  {"benchmark": "see TODO(ftcomply): fill"}]},
        "approvals": [{"name": "\u200b"}],
        "a/b": "tbd",
    }
    normalized, facts = normalize_document(data)
    assert normalized["approvals"][0]["name"] == ""
    assert facts.confusables == [{"path": "/evaluation/safety/0/benchmark",
                                  "value": "H\u0430rmBench"}]
    assert [p["path"] for p in facts.placeholders] == [
        "/metadata/owner", "/evaluation/safety/1/benchmark", "/a~1b"]
    assert facts.unmapped == ["/metadata/x-unmapped-foo"]
    assert data["approvals"][0]["name"] == "\u200b"  # the loaded document is not changed
