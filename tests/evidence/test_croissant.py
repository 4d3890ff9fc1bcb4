"""Croissant dataset cards: sniffed by content, parsed, bound to the descriptor's datasets.

Every card is a real one from mlcommons/croissant (tests/fixtures/croissant/README.md);
the tampered copy differs from its original in one sha256.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT

from ftcomply.errors import FtcomplyError
from ftcomply.evidence.croissant import (
    bind_dataset_cards,
    load_dataset_card,
    normalise_license,
    sniff_croissant,
)

CARDS = ROOT / "tests" / "fixtures" / "croissant"
REAL = sorted(CARDS.glob("*.json"))
PARQUET_SHA = "ac97b111a16d2b29cd2ea006a50d6c286cb7e05f89d942192b6d8df0b4198121"
KEYS = {"index", "status", "detail", "card", "card_sha256", "card_name", "sha256s", "licenses"}


@pytest.mark.parametrize("card", REAL, ids=lambda p: p.name)
def test_every_real_card_is_sniffed_and_loads(card):
    assert sniff_croissant(card.read_bytes())
    loaded = load_dataset_card(card)
    assert loaded.path == str(card) and len(loaded.sha256) == 64
    assert loaded.conforms_to.startswith("http://mlcommons.org/croissant/1.")


def test_sniffing_is_by_content_never_by_name(tmp_path):
    renamed = tmp_path / "report.txt"
    shutil.copy(CARDS / "1.0-dices-350.json", renamed)
    assert sniff_croissant(renamed.read_bytes())
    for other in (ROOT / "tests" / "fixtures" / "importers" / "openai-sft-job.json",
                  ROOT / "examples" / "compliant-high-lora.yaml"):
        assert not sniff_croissant(other.read_bytes())
    assert not sniff_croissant(b"\xff\xfe{")
    assert not sniff_croissant(b'{"conformsTo": "http://example.com/croissant"}')


def test_fields_of_a_card_with_responsible_ai_fields():
    card = load_dataset_card(CARDS / "1.0-bigcode-the-stack.json")
    assert card.name == "bigcode-the-stack"
    assert card.url == "https://huggingface.co/datasets/bigcode/the-stack"
    assert card.licenses == ("other",) and card.unmapped_licenses == ("other",)
    assert card.files == (("repo", "https://huggingface.co/datasets/bigcode/the-stack", None),)
    assert card.unusable_sha256 == ("repo",)  # the card's "sha256" is a URL
    assert card.creators == ("Harm de Vries", "Leandro von Werra")
    assert card.cite_as and card.cite_as.startswith("@article{Kocetkov2022TheStack")
    assert len(card.personal_sensitive_information) == 1
    assert card.data_collection_type == ("Web Scraping", "Others")
    assert card.data_collection and card.data_preprocessing_protocol


def test_fields_of_a_1_1_card_and_md5_only_files():
    card = load_dataset_card(CARDS / "1.1-commoncrawl-CC-MAIN-2025-43-draft.json")
    assert card.conforms_to == "http://mlcommons.org/croissant/1.1"
    assert card.date_published == "2025-10-19T01:06:58Z"
    assert card.creators == ("The Common Crawl Foundation",)
    assert len(card.file_digests()) == 8
    happiness = load_dataset_card(CARDS / "1.0-world-happiness.json")
    assert happiness.md5_only == ("archive.zip",) and happiness.file_digests() == []
    assert happiness.licenses == ("CC0-1.0",)
    coco = load_dataset_card(CARDS / "1.0-coco2014-mini.json")
    assert coco.url is None  # written "None"
    assert [f.content_url for f in coco.files] == [
        "data/train2014.zip", "data/captions_train2014.json", "data/instances_train2014.json"]


@pytest.mark.parametrize(("given", "spdx"), [
    ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("http://creativecommons.org/licenses/by-nc-sa/4.0", "CC-BY-NC-SA-4.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
    ("http://www.apache.org/licenses/LICENSE-2.0.html", "Apache-2.0"),
    ("https://choosealicense.com/licenses/apache-2.0/", "Apache-2.0"),
    ("https://choosealicense.com/licenses/cc-by-sa-4.0/", "CC-BY-SA-4.0"),
    ("https://spdx.org/licenses/MIT.html", "MIT"),
    ("https://opensource.org/licenses/MIT", "MIT"),
    ("cc-by-sa-4.0", "CC-BY-SA-4.0"), ("odc-by", "ODC-By-1.0"), ("afl-3.0", "AFL-3.0"),
    ("other", None), ("unknown", None), ("Public", None),
    ("https://choosealicense.com/licenses/undefined/", None),
    ("https://commoncrawl.org/terms-of-use", None),
])
def test_licences_are_spdx_normalised(given, spdx):
    assert normalise_license(given) == spdx


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    raw = (CARDS / "1.0-simple-parquet.json").read_text()
    assert old in raw
    path = tmp_path / "card.json"
    path.write_text(raw.replace(old, new, 1))
    return path


@pytest.mark.parametrize(("old", "new", "says", "pointer"), [
    ('"conformsTo": "http://mlcommons.org/croissant/1.0"',
     '"conformsTo": "http://mlcommons.org/croissant/0.8"', "not Croissant 1.x", "/conformsTo"),
    ('"@type": "sc:Dataset"', '"@type": "sc:Recipe"', "not sc:Dataset", "/@type"),
    ('"license": "https://creativecommons.org/licenses/by/4.0/"', '"license": 4',
     "license must be text", "/license"),
])
def test_a_malformed_card_is_an_error_at_its_line_and_pointer(tmp_path, old, new, says, pointer):
    path = write_variant(tmp_path, old, new)
    with pytest.raises(FtcomplyError) as raised:
        load_dataset_card(path)
    (error,) = raised.value.errors
    assert says in error.message and error.pointer == pointer
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if new in text)
    assert error.location.file == str(path) and error.location.line == line


def test_invalid_json_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "card.json"
    path.write_text((CARDS / "1.0-simple-parquet.json").read_text()[:200])
    with pytest.raises(FtcomplyError) as raised:
        load_dataset_card(path)
    assert "invalid JSON" in raised.value.errors[0].message
    assert raised.value.errors[0].location.line is not None


# --- binding -------------------------------------------------------------------------------

def descriptor(*datasets: dict) -> dict:
    return {"datasets": list(datasets)}


def test_bound_by_name_case_and_width_insensitive():
    card = load_dataset_card(CARDS / "1.0-coco2014-mini.json")
    fullwidth = "\uff4d\uff49\uff4e\uff49-coco"  # NFKC: mini-coco
    (binding,) = bind_dataset_cards(
        descriptor({"name": fullwidth, "role": "train", "uri": "s3://x"}), [card])
    assert set(binding) == KEYS
    assert binding["status"] == "matched" and binding["card"] == str(card.path)
    assert binding["card_sha256"] == card.sha256 and binding["card_name"] == "Mini-COCO"
    assert binding["sha256s"] == card.file_digests() and len(binding["sha256s"]) == 3
    assert binding["licenses"] == ["CC-BY-4.0"]


def test_a_uri_that_is_a_files_content_url_takes_only_that_digest():
    card = load_dataset_card(CARDS / "1.0-coco2014-mini.json")
    (binding,) = bind_dataset_cards(descriptor(
        {"name": "captions", "role": "train", "uri": "data/captions_train2014.json"}), [card])
    assert binding["status"] == "matched"
    assert binding["sha256s"] == [
        "6f3755cb987413021018525cbb4c484d696ff41269e6b0b43c5f63eaf576e09f"]


def test_bound_by_card_url():
    card = load_dataset_card(CARDS / "1.1-huggingface-squad_v2.json")
    (binding,) = bind_dataset_cards(descriptor(
        {"name": "squad", "role": "eval",
         "uri": "https://huggingface.co/datasets/rajpurkar/squad_v2"}),
        [card, load_dataset_card(CARDS / "1.0-dices-350.json")])
    assert binding["status"] == "matched" and binding["card_name"] == "squad_v2"
    assert binding["sha256s"] == [] and binding["licenses"] == ["CC-BY-SA-4.0"]


def test_two_cards_that_fit_are_ambiguous_and_none_is_used():
    real = load_dataset_card(CARDS / "1.0-simple-parquet.json")
    tampered = load_dataset_card(CARDS / "tampered" / "1.0-simple-parquet.json")
    assert tampered.file_digests() != real.file_digests()
    (binding,) = bind_dataset_cards(descriptor(
        {"name": "simple-parquet", "role": "train", "uri": "data/dataframe.parquet"}),
        [real, tampered])
    assert binding["status"] == "ambiguous"
    assert binding["detail"] == (f"{real.path} and {tampered.path} both describe simple-parquet")
    assert binding["card"] is None and binding["sha256s"] == [] and binding["licenses"] == []
    # The same card given twice (identical bytes) is one card.
    (again,) = bind_dataset_cards(descriptor({"name": "simple-parquet", "uri": "x"}),
                                  [real, load_dataset_card(CARDS / "1.0-simple-parquet.json")])
    assert again["status"] == "matched" and again["sha256s"] == [PARQUET_SHA]


def test_one_binding_per_dataset_in_order_and_not_given():
    card = load_dataset_card(CARDS / "tampered" / "1.0-simple-parquet.json")
    bindings = bind_dataset_cards(descriptor(
        {"name": "support-tickets", "role": "train", "uri": "data/tickets.jsonl"},
        {"name": "simple-parquet", "role": "train", "uri": "data/dataframe.parquet"}), [card])
    assert [b["index"] for b in bindings] == [0, 1]
    assert bindings[0]["status"] == "not-given" and bindings[0]["card"] is None
    assert bindings[1]["status"] == "matched"
    assert bindings[1]["sha256s"] == ["b" + PARQUET_SHA[1:]]  # not the declared digest
    assert all(set(b) == KEYS for b in bindings)
    assert bind_dataset_cards({}, [card]) == []
