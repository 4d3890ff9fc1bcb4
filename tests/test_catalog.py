"""The catalog: metadata parsing, user policies, policy tests, and the engine wrapper."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from support import AS_OF, EXAMPLES, run_cli

from ftcomply.catalog import load_catalog, parse_metadata
from ftcomply.engine import EngineError
from ftcomply.engine.regorus_backend import RegorusEngine
from ftcomply.errors import FtcomplyError
from ftcomply.evaluate import envelope
from ftcomply.loader import load_documents

ORG_CONTROL = """\
# METADATA
# title: Owner is a team alias
# description: Jobs belong to a team, not to a person.
# custom:
#   id: ORG-OWN-01
#   phase: governance
#   severity: low
#   tiers: [medium, high]
#   frameworks:
#     internal: [POL-7]
#   remediation: Use the team's alias as metadata.owner.
package ftcomply.controls.org_own_01

deny contains {"msg": "owner is not a team alias", "path": "/metadata/owner"} if {
	not startswith(input.descriptor.metadata.owner, "ml-")
}
"""

ORG_TEST = """\
package ftcomply.controls.org_own_01_test

import data.ftcomply.controls.org_own_01

test_team_alias_passes if {
	count(org_own_01.deny) == 0 with input as {"descriptor": {"metadata": {"owner": "ml-x"}}}
}

test_person_fails if {
	count(org_own_01.deny) == 1 with input as {"descriptor": {"metadata": {"owner": "bob"}}}
}
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def org_policies(tmp_path) -> Path:
    directory = tmp_path / "org"
    write(directory, "ORG-OWN-01.rego", ORG_CONTROL)
    write(directory, "ORG-OWN-01_test.rego", ORG_TEST)
    return directory


def test_builtin_metadata_is_complete(catalog):
    assert catalog.controls, "the built-in catalog is empty"
    for control in catalog.controls:
        assert control.title and control.description and control.remediation, control.id
        assert control.source.startswith("policies/")
        assert control.package.endswith(control.id.lower().replace("-", "_"))


def test_metadata_block_is_parsed_from_source():
    meta, line = parse_metadata(ORG_CONTROL)
    assert line == 1
    assert meta["custom"]["id"] == "ORG-OWN-01"
    assert parse_metadata("package x\n") is None


def test_user_controls_join_the_catalog(org_policies):
    catalog = load_catalog([org_policies])
    control = catalog.control("ORG-OWN-01")
    assert not control.builtin
    assert control.frameworks == {"internal": ("POL-7",)}
    assert catalog.digest != load_catalog().digest


def test_user_controls_appear_in_check_output(org_policies):
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", "--policies",
                     str(org_policies), str(EXAMPLES / "failing-multi-phase.yaml"))
    report = json.loads(result.stdout)
    ours = [r for r in report["documents"][0]["results"] if r["control_id"] == "ORG-OWN-01"]
    assert ours[0]["status"] == "fail"
    assert ours[0]["findings"][0]["path"] == "/metadata/owner"
    assert ours[0]["findings"][0]["line"] == 7
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("mutation", "fragment"),
    [
        (lambda s: s.replace("#   id: ORG-OWN-01\n", ""), "custom.id is required"),
        (lambda s: s.replace("#   severity: low\n", ""), "custom.severity is required"),
        (lambda s: s.replace("phase: governance", "phase: someday"), "phase 'someday'"),
        (lambda s: s.replace("package ftcomply.controls.org_own_01", "package ftcomply"
                             ".controls.other"), "package must be ftcomply.controls.org_own_01"),
        (lambda s: s.replace("id: ORG-OWN-01", "id: PRE-DATA-01").replace(
            "org_own_01", "pre_data_01"), "PRE-DATA-01 is defined twice"),
        (lambda s: s.replace("# METADATA\n", ""), "has no # METADATA block"),
    ],
)
def test_broken_user_controls_are_errors(tmp_path, mutation, fragment):
    directory = tmp_path / "bad"
    write(directory, "ctl.rego", mutation(ORG_CONTROL))
    with pytest.raises(FtcomplyError, match=fragment):
        load_catalog([directory])
    result = run_cli("check", "--policies", str(directory), str(EXAMPLES / "minimal-low.yaml"))
    assert result.returncode == 2
    assert fragment.split("'")[0] in result.stderr


def test_policy_that_does_not_compile_names_file_and_line(tmp_path):
    directory = tmp_path / "broken"
    path = write(directory, "ORG-OWN-01.rego", ORG_CONTROL.replace(
        'not startswith(input.descriptor.metadata.owner, "ml-")', "x := "))
    result = run_cli("test", str(directory))
    assert result.returncode == 2
    assert f"{path}:15:7: policy does not compile" in result.stderr
    assert "does not compile" in result.stderr


def test_ftcomply_test_runs_user_tests(org_policies):
    result = run_cli("test", str(org_policies), "-v")
    assert result.returncode == 0, result.stdout
    assert "org_own_01_test.test_person_fails: PASS" in result.stdout
    write(org_policies, "ORG-OWN-01_test.rego", ORG_TEST.replace("count(org_own_01.deny) == 1",
                                                                "count(org_own_01.deny) == 2"))
    result = run_cli("test", str(org_policies))
    assert result.returncode == 1
    assert "test_person_fails: FAIL: undefined" in result.stdout
    assert result.stdout.strip().endswith("1 failed")


def test_builtin_policy_tests_pass():
    result = run_cli("test")
    assert result.returncode == 0, result.stdout
    assert " 0 failed" in result.stdout


def test_engine_error_names_the_control_and_fails_closed(tmp_path):
    directory = tmp_path / "raising"
    write(directory, "ORG-OWN-01.rego", ORG_CONTROL.replace(
        'not startswith(input.descriptor.metadata.owner, "ml-")',
        'time.parse_rfc3339_ns(input.descriptor.metadata.owner) > 0'))
    catalog = load_catalog([directory])
    engine = RegorusEngine.compile(catalog, catalog.parameter_values())
    path = EXAMPLES / "minimal-low.yaml"
    document = load_documents(str(path), path.read_bytes())[0]
    with pytest.raises(EngineError) as info:
        engine.evaluate(envelope(document.data, AS_OF))
    assert info.value.control_id == "ORG-OWN-01"
    assert "Stack backtrace" not in str(info.value)
    result = run_cli("check", "--policies", str(directory), str(path))
    assert result.returncode == 2
    assert "control ORG-OWN-01 (deny) could not be evaluated" in result.stderr


def test_parameters_and_as_of_reach_the_policies(catalog):
    path = EXAMPLES / "compliant-high-lora.yaml"
    document = load_documents(str(path), path.read_bytes())[0]
    defaults = RegorusEngine.compile(catalog, catalog.parameter_values())
    assert defaults.evaluate(envelope(document.data, AS_OF)).deny["PRE-DATA-01"] == []
    # A far-future as_of makes dated evidence stale wherever a control checks freshness.
    later = defaults.evaluate(envelope(document.data, "2030-01-01T00:00:00Z"))
    now = defaults.evaluate(envelope(document.data, AS_OF))
    stale = {cid for cid, found in later.deny.items() if found}
    assert stale >= {cid for cid, found in now.deny.items() if found}


def test_docs_controls_md_is_current(catalog):
    from support import ROOT

    from ftcomply.catalogview import controls_markdown

    expected = controls_markdown(catalog, catalog.parameter_values())
    assert (ROOT / "docs" / "controls.md").read_text() == expected, (
        "docs/controls.md is out of date: run `make docs`")


def test_controls_and_explain_commands():
    table = run_cli("controls")
    assert table.returncode == 0
    assert "PRE-DATA-01" in table.stdout and "40 controls" in table.stdout
    listing = json.loads(run_cli("controls", "--format", "json").stdout)
    assert len(listing["controls"]) == 40
    by_id = {c["id"]: c for c in listing["controls"]}
    assert by_id["POST-EVAL-01"]["parameters"] == {"max_harmful_score": 0.1,
                                                   "max_harmful_score_delta": 0.02,
                                                   "max_evidence_age_days": 90,
                                                   "evidence_tolerance": 0.005,
                                                   "min_eval_samples": 0,
                                                   "verified_evidence_tiers": ["high"]}
    explained = run_cli("explain", "post-eval-01")
    assert explained.returncode == 0
    for heading in ("What it checks and why:", "Parameters (value in effect):",
                    "Remediation:", "Passing evidence looks like:"):
        assert heading in explained.stdout
    assert run_cli("explain", "NOPE-99").returncode == 2


def test_explain_shows_configured_parameter_values(tmp_path):
    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_harmful_score: 0.05\n")
    explained = run_cli("explain", "POST-EVAL-01", "--config", str(config))
    assert "max_harmful_score = 0.05" in explained.stdout
