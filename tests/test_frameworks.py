"""Frameworks as data (frameworks/*.json) and a catalog's coverage of one."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import tomllib

import pytest
from jsonschema import Draft202012Validator
from support import ROOT

from ftcomply.errors import FtcomplyError
from ftcomply.frameworks import (
    BUILTIN_FRAMEWORKS,
    PLAIN_RELATIONSHIP,
    RELATIONSHIPS,
    Frameworks,
    coverage,
    dump_framework,
    load_framework,
    load_frameworks,
    mapping_entries,
    parse_framework,
    unresolved_mappings,
)
from ftcomply.resources import builtin_frameworks_dir

FRAMEWORKS_DIR = ROOT / "frameworks"
SCHEMA = json.loads((ROOT / "schemas" / "framework.v1.schema.json").read_text())
# Requirements per built-in file: a change to a list shows up here and in docs/frameworks.md.
COUNTS = {
    "eu-ai-act": 77,
    "nist-ai-rmf": 72,
    "nist-ai-600-1": 212,
    "iso-42001": 38,
    "owasp-llm-2025": 10,
    "mitre-atlas": 205,
}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """A cache directory of the test's own, and nothing remembered in the process."""
    import ftcomply.frameworks

    monkeypatch.setenv("FTCOMPLY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(ftcomply.frameworks, "_PASSED", set())
    monkeypatch.setattr(ftcomply.frameworks, "_cache", {})


@pytest.fixture(scope="module")
def frameworks():
    return load_frameworks()


def _files():
    return sorted(FRAMEWORKS_DIR.glob("*.json"))


# ------------------------------------------------------------------ the shipped files

def test_every_builtin_framework_is_shipped_and_nothing_else():
    assert [p.stem for p in _files()] == sorted(BUILTIN_FRAMEWORKS)
    assert builtin_frameworks_dir() == FRAMEWORKS_DIR


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_data_file_validates_against_the_schema(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data)]
    assert not errors
    assert data["id"] == path.stem
    assert data["$schema"] == "../schemas/framework.v1.schema.json"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_requirement_ids_are_unique_and_links_resolve(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = [r["id"] for r in data["requirements"]]
    assert len(ids) == len(set(ids)) == COUNTS[path.stem]
    for requirement in data["requirements"]:
        assert requirement.get("parent", ids[0]) in ids
        assert set(requirement.get("related", ())) <= set(ids)
        assert requirement["title"] == requirement["title"].strip()


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_data_file_is_in_canonical_form(path):
    """One requirement per line, as tools/gen_atlas_framework.py writes: small diffs."""
    text = path.read_text(encoding="utf-8")
    assert dump_framework(json.loads(text)) == text


def test_load_frameworks_lists_the_builtins_in_order(frameworks):
    assert list(frameworks) == list(BUILTIN_FRAMEWORKS)
    for framework in frameworks.values():
        assert framework.builtin
        assert framework.path == f"frameworks/{framework.id}.json"
        assert len(framework.requirements) == COUNTS[framework.id]
        assert framework.version and framework.title and framework.licence
        assert framework.source.url.startswith("https://") and framework.source.date


def test_frameworks_are_frozen(frameworks):
    framework = frameworks["owasp-llm-2025"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.version = "2023"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.requirements[0].title = "x"  # type: ignore[misc]
    assert framework.get("LLM01").title == "Prompt Injection"
    assert "LLM11" not in framework and framework.get("LLM11") is None


def test_nist_ai_rmf_has_every_subcategory(frameworks):
    ids = frameworks["nist-ai-rmf"].ids
    per_function = {f: sum(i.startswith(f + " ") for i in ids)
                    for f in ("GOVERN", "MAP", "MEASURE", "MANAGE")}
    assert per_function == {"GOVERN": 19, "MAP": 18, "MEASURE": 22, "MANAGE": 13}
    assert ids[0] == "GOVERN 1.1" and ids[-1] == "MANAGE 4.3"
    assert all(re.fullmatch(r"(GOVERN|MAP|MEASURE|MANAGE) \d\.\d{1,2}", i) for i in ids)
    assert frameworks["nist-ai-rmf"].get("MEASURE 2.7").group == "MEASURE 2"


def test_nist_ai_600_1_actions_sit_under_rmf_subcategories(frameworks):
    profile, rmf = frameworks["nist-ai-600-1"], frameworks["nist-ai-rmf"]
    prefix = {"GV": "GOVERN", "MP": "MAP", "MS": "MEASURE", "MG": "MANAGE"}
    numbered: dict[str, list[int]] = {}
    for action in profile.requirements:
        match = re.fullmatch(r"(GV|MP|MS|MG)-(\d+\.\d+)-(\d{3})", action.id)
        assert match, action.id
        assert action.group == f"{prefix[match[1]]} {match[2]}" and action.group in rmf
        numbered.setdefault(action.group, []).append(int(match[3]))
    # Numbered 001…n without gaps in every subcategory; 49 of the 72 subcategories.
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in numbered.values())
    assert len(numbered) == 49
    per_function = {f: sum(len(v) for k, v in numbered.items() if k.split()[0] == f)
                    for f in prefix.values()}
    assert per_function == {"GOVERN": 58, "MAP": 39, "MEASURE": 72, "MANAGE": 43}
    assert "GV-4.3-001" in profile and "GV-1.1-002" not in profile


def test_iso_42001_lists_annex_a_controls_only(frameworks):
    iso = frameworks["iso-42001"]
    assert iso.ids[0] == "A.2.2" and iso.ids[-1] == "A.10.4"
    assert all(re.fullmatch(r"A\.(\d+)\.(\d+)(\.\d+)?", i) for i in iso.ids)
    assert not any(re.fullmatch(r"A\.\d+(\.\d+)*\.1", i) for i in iso.ids)
    # Short titles only: no control text.
    assert max(len(r.title) for r in iso.requirements) < 80
    assert all(not r.title.endswith(".") for r in iso.requirements)


def test_owasp_llm_2025_entries(frameworks):
    owasp = frameworks["owasp-llm-2025"]
    assert owasp.ids == tuple(f"LLM{n:02d}" for n in range(1, 11))
    assert owasp.get("LLM10").title == "Unbounded Consumption"


def test_mitre_atlas_is_a_pinned_release(frameworks):
    atlas = frameworks["mitre-atlas"]
    assert atlas.generated_by == "tools/gen_atlas_framework.py"
    assert "/tree/v" in atlas.source.url and "Apache" in atlas.licence
    kinds = {k: sum(r.kind == k for r in atlas.requirements)
             for k in ("technique", "sub-technique", "mitigation")}
    assert kinds == {"technique": 101, "sub-technique": 69, "mitigation": 35}
    for requirement in atlas.requirements:
        if requirement.kind == "sub-technique":
            assert requirement.id.startswith(requirement.parent + ".")
            assert requirement.title.startswith(atlas.get(requirement.parent).title + ": ")
        if requirement.kind == "mitigation":
            assert re.fullmatch(r"AML\.M\d{4}", requirement.id)
            assert all(atlas.get(t).kind != "mitigation" for t in requirement.related)
    assert atlas.get("AML.T0020").title == "Poison Training Data"


def test_eu_ai_act_ids_follow_the_documented_scheme(frameworks):
    act = frameworks["eu-ai-act"]
    pattern = re.compile(r"Art\. \d+(\(\d+\)(\([a-z]\))?)?"
                         r"|Annex IV \d(\([a-h]\))?"
                         r"|Annex XI S[12] \d(\([a-f]\))?")
    assert all(pattern.fullmatch(i) for i in act.ids), [i for i in act.ids
                                                         if not pattern.fullmatch(i)]
    for requirement in act.requirements:
        if requirement.id.startswith("Art.") and "(" in requirement.id:
            assert requirement.parent == requirement.id.split("(")[0]
            assert act.get(requirement.parent).kind == "article"
    assert sum(i.startswith("Annex IV ") for i in act.ids) == 23
    assert sum(i.startswith("Annex XI S1 ") for i in act.ids) == 11
    assert sum(i.startswith("Annex XI S2 ") for i in act.ids) == 3
    assert sum(r.kind == "article" for r in act.requirements) == 30
    assert act.get("Annex XI S1 2(d)").title.startswith("Computational resources")


# ------------------------------------------------------------------ coverage

def test_coverage_of_the_builtin_catalog_has_the_issue_json_shape(catalog, frameworks):
    for framework in frameworks.values():
        result = coverage(framework, catalog.controls).to_dict()
        assert list(result) == ["framework", "requirements", "uncovered"]
        assert result["framework"] == {"id": framework.id, "version": framework.version,
                                       "title": framework.title}
        assert [r["id"] for r in result["requirements"]] == list(framework.ids)
        for requirement in result["requirements"]:
            assert list(requirement) == ["id", "title", "controls"]
            for control in requirement["controls"]:
                assert list(control) == ["id", "relationship"]
                assert control["relationship"] in RELATIONSHIPS
        assert result["uncovered"] == [r["id"] for r in result["requirements"]
                                       if not r["controls"]]
        json.dumps(result)


def test_coverage_lists_the_controls_that_map_and_the_uncovered_rest(catalog, frameworks):
    owasp = coverage(frameworks["owasp-llm-2025"], catalog.controls)
    by_id = {r.requirement.id: r for r in owasp.requirements}
    poisoning = [m.control for m in by_id["LLM04"].controls]
    assert {"PRE-DATA-01", "POST-BD-01"} <= set(poisoning)
    assert all(m.relationship == PLAIN_RELATIONSHIP and m.rationale is None
               for m in by_id["LLM04"].controls)
    # In catalog order, each control once.
    order = [c.id for c in catalog.controls]
    assert poisoning == sorted(poisoning, key=order.index)
    assert len(poisoning) == len(set(poisoning))
    assert set(owasp.uncovered) == {r for r, c in by_id.items() if not c.controls}
    assert "LLM07" in owasp.uncovered  # no control addresses system-prompt leakage today
    act = coverage(frameworks["eu-ai-act"], catalog.controls)
    art15 = next(r for r in act.requirements if r.requirement.id == "Art. 15")
    assert "POST-BD-01" in [m.control for m in art15.controls]
    assert "Annex XI S1 2(d)" in act.uncovered
    iso = coverage(frameworks["iso-42001"], catalog.controls)
    assert len(iso.uncovered) == len(iso.requirements) - sum(r.covered for r in iso.requirements)


def test_every_mapping_of_the_builtin_catalog_resolves(catalog, frameworks):
    """Unknown framework or requirement ids in the shipped policies' METADATA."""
    assert [str(u) for u in unresolved_mappings(frameworks, catalog.controls)] == []


def test_richer_mapping_entries_keep_their_relationship(catalog, frameworks):
    control = dataclasses.replace(catalog.controls[0], id="USR-MAP-01", frameworks={
        "owasp-llm-2025": (
            {"id": "LLM01", "relationship": "subset", "rationale": "input filter only",
             "role": "deployer"},
            "LLM01",
            "LLM99",
            {"requirement": "LLM05", "roles": ["provider", "deployer"]},
        ),
        "no-such-framework": ("X",),
    })
    entries = mapping_entries(control, "owasp-llm-2025")
    assert [(r, m.relationship, m.rationale, m.roles) for r, m in entries] == [
        ("LLM01", "subset", "input filter only", ("deployer",)),
        ("LLM01", "intersects", None, ()),
        ("LLM99", "intersects", None, ()),
        ("LLM05", "intersects", None, ("provider", "deployer")),
    ]
    result = coverage(frameworks["owasp-llm-2025"], [control])
    first = result.requirements[0]
    assert [(m.control, m.relationship) for m in first.controls] == [("USR-MAP-01", "subset")]
    assert [(u.requirement, u.source) for u in result.unresolved] == [("LLM99",
                                                                        control.source)]
    assert "LLM99" not in result.to_dict()["uncovered"]
    unresolved = unresolved_mappings(frameworks, [control])
    assert [(u.framework, u.requirement) for u in unresolved] == [
        ("owasp-llm-2025", "LLM99"), ("no-such-framework", None)]
    assert "unknown framework 'no-such-framework'" in str(unresolved[1])
    bad = dataclasses.replace(control, frameworks={
        "owasp-llm-2025": ({"id": "LLM01", "relationship": "overlaps"},)})
    with pytest.raises(ValueError, match="relationship 'overlaps'"):
        coverage(frameworks["owasp-llm-2025"], [bad])


def test_check_mappings_is_an_input_error_at_the_control(catalog, frameworks):
    from ftcomply.frameworks import check_mappings

    check_mappings(frameworks, catalog.controls)
    control = dataclasses.replace(catalog.controls[0], frameworks={"eu-ai-act": ("Article 15",)})
    with pytest.raises(FtcomplyError) as raised:
        check_mappings(frameworks, [control])
    (error,) = raised.value.errors
    assert error.location.file == control.source
    assert "'Article 15'" in error.message


# ------------------------------------------------------------------ user frameworks

USER = """\
id: acme-ai-policy
version: "2026.1"
title: ACME internal AI policy
source:
  document: ACME-POL-7
  url: https://intranet.example/pol-7
  date: 2026-03-01
licence: internal
scope: every clause
id_scheme: "ACME-n"
requirements:
  - {id: ACME-1, title: Datasets are reviewed}
  - {id: ACME-1a, title: PII scan, parent: ACME-1}
"""


def test_user_frameworks_load_after_the_builtins(tmp_path):
    (tmp_path / "acme-ai-policy.yaml").write_text(USER)
    (tmp_path / "notes.txt").write_text("ignored")
    frameworks = load_frameworks([tmp_path])
    assert list(frameworks)[-1] == "acme-ai-policy"
    acme = frameworks["acme-ai-policy"]
    assert not acme.builtin and acme.path == str(tmp_path / "acme-ai-policy.yaml")
    assert acme.source.date == "2026-03-01"  # a YAML date reads as the string
    assert acme.get("ACME-1a").parent == "ACME-1"


@pytest.mark.parametrize(("change", "message", "pointer"), [
    (lambda t: t.replace("id: acme-ai-policy", "id: Acme Policy"),
     "does not match", "/id"),
    (lambda t: t.replace("id: acme-ai-policy", "id: other-policy"),
     "must be in a file named other-policy.json", "/id"),
    (lambda t: t.replace("ACME-1a,", "ACME-1,"), "'ACME-1' is listed twice",
     "/requirements/1/id"),
    (lambda t: t.replace("parent: ACME-1}", "parent: ACME-9}"),
     "parent 'ACME-9' of 'ACME-1a'", "/requirements/1/parent"),
    (lambda t: t.replace("title: Datasets are reviewed}",
                         "title: Datasets are reviewed, parent: ACME-1a}"),
     "form a cycle", "/requirements/0/parent"),
    (lambda t: t.replace("  - {id: ACME-1, title: Datasets are reviewed}\n", "  - {id: ACME-1}\n"),
     "'title' is a required property", "/requirements/0"),
    (lambda t: t.replace("licence: internal\n", ""), "'licence' is a required property", None),
    (lambda t: t.replace("scope: every clause", "scope: every clause\nowner: me"),
     "Additional properties", None),
])
def test_a_malformed_user_framework_is_an_input_error(tmp_path, change, message, pointer):
    path = tmp_path / "acme-ai-policy.yaml"
    path.write_text(change(USER))
    with pytest.raises(FtcomplyError) as raised:
        load_frameworks([tmp_path])
    error = next(e for e in raised.value.errors if message in e.message)
    assert error.location.file == str(path)
    assert error.pointer == pointer


def test_unreadable_or_clashing_user_frameworks(tmp_path):
    (tmp_path / "owasp-llm-2025.json").write_text(
        (FRAMEWORKS_DIR / "owasp-llm-2025.json").read_text())
    with pytest.raises(FtcomplyError, match="'owasp-llm-2025' is defined twice"):
        load_frameworks([tmp_path])
    with pytest.raises(FtcomplyError, match="framework directory not found"):
        load_frameworks([tmp_path / "missing"])
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.yaml").write_text("id: [unclosed\n")
    with pytest.raises(FtcomplyError) as raised:
        load_frameworks([broken])
    assert raised.value.errors[0].message.startswith("invalid YAML")
    assert raised.value.errors[0].location.line == 2
    (broken / "x.yaml").unlink()
    (broken / "x.json").write_text('{"id": ')
    with pytest.raises(FtcomplyError, match="invalid JSON"):
        load_frameworks([broken])


def test_require_names_the_known_frameworks(frameworks):
    assert frameworks.require("iso-42001").id == "iso-42001"
    with pytest.raises(FtcomplyError) as raised:
        frameworks.require("iso-27001")
    assert "unknown framework 'iso-27001' (known: eu-ai-act, nist-ai-rmf" in str(raised.value)
    assert len(Frameworks()) == 0


def test_schema_check_is_remembered_per_content(tmp_path):
    path = tmp_path / "acme-ai-policy.yaml"
    path.write_text(USER)
    load_framework(path)
    markers = list((tmp_path / "cache" / "frameworks").glob("*.ok"))
    assert len(markers) == 1
    # Other content is checked again, whatever the cache holds.
    path.write_text(USER.replace("licence: internal\n", ""))
    with pytest.raises(FtcomplyError, match="'licence' is a required property"):
        load_framework(path)
    # Content that passed once passes from the marker alone, and still gets the
    # checks the schema does not make.
    path.write_text(USER)
    assert load_framework(path).id == "acme-ai-policy"
    renamed = tmp_path / "other.yaml"
    path.rename(renamed)
    with pytest.raises(FtcomplyError, match="must be in a file named"):
        load_framework(renamed)


def test_parse_framework_without_a_file(frameworks):
    data = json.loads((FRAMEWORKS_DIR / "owasp-llm-2025.json").read_text())
    assert parse_framework(data) == dataclasses.replace(frameworks["owasp-llm-2025"],
                                                        path="<framework>", builtin=False)


# ------------------------------------------------------------------ packaging, generator

def test_frameworks_ship_in_the_wheel_and_the_sdist():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["force-include"]["frameworks"] == "ftcomply/frameworks"
    assert "frameworks" in build["targets"]["sdist"]["include"]


def test_atlas_generator_keeps_ids_names_and_links(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    sys.modules.pop("gen_atlas_framework", None)
    import gen_atlas_framework

    atlas = {"id": "ATLAS", "version": "9.9.0", "matrices": [{
        "id": "ATLAS", "name": "ATLAS Matrix", "tactics": [],
        "techniques": [
            {"id": "AML.T0020", "name": "Poison Training Data", "description": "long text"},
            {"id": "AML.T0010.002", "name": "Data", "subtechnique-of": "AML.T0010"},
            {"id": "AML.T0010", "name": "AI Supply Chain Compromise"},
        ],
        "mitigations": [{"id": "AML.M0007", "name": "Sanitize Training Data",
                         "description": "long text",
                         "techniques": [{"id": "AML.T0020", "use": "…"},
                                        {"id": "AML.T0020", "use": "…"},
                                        {"id": "AML.T9999", "use": "…"}]}],
    }]}
    data = gen_atlas_framework.build(atlas, "v9.9.1", "2030-01-02")
    framework = parse_framework(data, stem="mitre-atlas")
    assert framework.version == "9.9.0 (atlas-data v9.9.1)"
    assert framework.source.date == "2030-01-02"
    assert [(r.id, r.title, r.kind, r.parent, r.related) for r in framework.requirements] == [
        ("AML.T0010", "AI Supply Chain Compromise", "technique", None, ()),
        ("AML.T0010.002", "AI Supply Chain Compromise: Data", "sub-technique", "AML.T0010", ()),
        ("AML.T0020", "Poison Training Data", "technique", None, ()),
        ("AML.M0007", "Sanitize Training Data", "mitigation", None, ("AML.T0020",)),
    ]
    assert "long text" not in dump_framework(data)
