"""Static checks at catalog load (policies that cannot fail open), library parameter
validation, and `ftcomply test --coverage`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from support import AS_OF, EXAMPLES, run_cli

from ftcomply import policycheck
from ftcomply.catalog import load_catalog
from ftcomply.errors import FtcomplyError
from ftcomply.models import Location
from ftcomply.pipeline import CheckOptions, run_check
from ftcomply.policytest import line_ranges, run_policy_tests_with_coverage
from ftcomply.resources import schema_path

MINIMAL = str(EXAMPLES / "minimal-low.yaml")

HEADER = """\
# METADATA
# title: A user control
# custom:
#   id: ORG-CHK-01
#   phase: post-tuning
#   severity: low
#   params: [{params}]
package ftcomply.controls.org_chk_01

import data.ftcomply.lib
"""
BODY_LINE = HEADER.count("\n") + 2  # the first line of a body written after the header


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test starts without a remembered catalog (its subprocesses inherit this)."""
    monkeypatch.setenv("FTCOMPLY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(policycheck, "_PASSED", set())


def write_control(directory: Path, body: str, params: str = "", catalog: dict | None = None
                  ) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "ORG-CHK-01.rego"
    path.write_text(HEADER.format(params=params) + "\n" + textwrap.dedent(body))
    if catalog is not None:
        (directory / "catalog.json").write_text(json.dumps({"parameters": catalog}, indent=2))
    return path


def load_errors(directory: Path) -> list[str]:
    with pytest.raises(FtcomplyError) as info:
        load_catalog([directory])
    return [str(error) for error in info.value.errors]


def assert_rejected(directory: Path, where: str, fragment: str) -> None:
    """load_catalog refuses the policy with an error at `where` (file:line[:col]) that
    says `fragment`."""
    errors = load_errors(directory)
    assert any(e.startswith(where) and fragment in e for e in errors), errors


# ---------------------------------------------------------------------------
# The built-in catalog


def test_builtin_catalog_passes_the_static_checks(catalog):
    modules = [policycheck.PolicySource(m.name, m.text) for m in catalog.modules
               if not m.is_test]
    declared = {name: Location("policies/catalog.json", 1, 1) for name in catalog.parameters}
    schema = json.loads(schema_path().read_text())
    assert policycheck.analyse(modules, catalog.controls, declared, schema) == []


def test_builtin_parameters_are_read_by_the_controls_that_list_them(catalog):
    """METADATA params is what each control reads, helpers included (lib.is_stale reads
    max_evidence_age_days, so PRE-DATA-07 and POST-RT-01 list it)."""
    assert "max_evidence_age_days" in catalog.control("PRE-DATA-07").parameters
    assert "max_evidence_age_days" in catalog.control("POST-RT-01").parameters
    listed = {p for c in catalog.controls for p in c.parameters}
    assert listed == set(catalog.parameters)


# ---------------------------------------------------------------------------
# Parameters


@pytest.mark.parametrize("read", [
    "lib.params.max_harmfull_score",
    "data.ftcomply.params.max_harmfull_score",
    'data.ftcomply.params["max_harmfull_score"]',
    'object.get(lib.params, "max_harmfull_score", 0)',
])
def test_reading_an_undeclared_parameter_is_refused(tmp_path, read):
    path = write_control(tmp_path / "org", f"""\
        deny contains "too harmful" if {{
            {read} > 0.5
        }}
        """)
    assert_rejected(tmp_path / "org", f"{path}:{BODY_LINE + 1}:",
                    "parameter 'max_harmfull_score', which no catalog.json declares "
                    "(did you mean 'max_harmful_score'?)")


def test_an_alias_in_a_user_helper_is_followed(tmp_path):
    """`params := data.ftcomply.params` in a helper package, read through the import."""
    directory = tmp_path / "org"
    write_control(directory, """\
        import data.org.helpers

        deny contains "too harmful" if helpers.limits.max_harmfull_score > 0.5
        """)
    (directory / "helpers.rego").write_text(
        "package org.helpers\n\nlimits := data.ftcomply.params\n")
    path = directory / "ORG-CHK-01.rego"
    assert_rejected(directory, f"{path}:{BODY_LINE + 2}:", "'max_harmfull_score'")


def test_a_parameter_read_by_a_computed_name_is_refused(tmp_path):
    path = write_control(tmp_path / "org", """\
        deny contains name if {
            some name in {"max_harmful_score", "max_dp_delta"}
            data.ftcomply.params[concat("", [name])] > 1
        }
        """)
    assert_rejected(tmp_path / "org", f"{path}:{BODY_LINE + 2}:", "by a computed name")


def test_a_declared_parameter_no_control_reads_is_refused(tmp_path):
    directory = tmp_path / "org"
    write_control(directory, 'deny contains "x" if input.descriptor.metadata.owner == "x"\n',
                  catalog={"max_owner_length": {"default": 3, "schema": {"type": "integer"}}})
    assert_rejected(directory, f"{directory / 'catalog.json'}:3:",
                    "parameter 'max_owner_length' is declared but no control reads it")


def test_a_declared_user_parameter_that_is_read_and_listed_passes(tmp_path):
    directory = tmp_path / "org"
    write_control(directory, """\
        deny contains "owner too long" if {
            count(input.descriptor.metadata.owner) > lib.params.max_owner_length
        }
        """, params="max_owner_length",
        catalog={"max_owner_length": {"default": 3, "schema": {"type": "integer"}}})
    assert load_catalog([directory]).control("ORG-CHK-01").parameters == ("max_owner_length",)


def test_metadata_params_must_list_what_helpers_read(tmp_path):
    """lib.is_stale reads max_evidence_age_days: the control reads it too."""
    path = write_control(tmp_path / "org", """\
        deny contains "stale" if lib.is_stale(input.descriptor.evaluation.red_team.completed_at)
        """)
    assert_rejected(tmp_path / "org", f"{path}:7:1",
                    "control ORG-CHK-01 reads parameter 'max_evidence_age_days' (at "
                    "policies/lib/ftcomply.rego:")


def test_metadata_params_must_not_list_what_is_never_read(tmp_path):
    path = write_control(tmp_path / "org", """\
        deny contains "x" if input.descriptor.metadata.owner == "x"
        """, params="max_harmful_score")
    assert_rejected(tmp_path / "org", f"{path}:7:1",
                    "lists parameter 'max_harmful_score' in METADATA params but never reads it")


# ---------------------------------------------------------------------------
# Descriptor paths


@pytest.mark.parametrize(("body", "line", "fragment"), [
    ('deny contains "x" if input.descriptor.evaluation.safty\n', 0,
     "input.descriptor.evaluation.safty: the descriptor schema has no field 'safty' here "
     "(did you mean 'safety'?)"),
    ('deny contains "x" if lib.value(["evaluation", "artifact_sha256x"]) == 1\n', 0,
     "input.descriptor.evaluation.artifact_sha256x"),
    ('auc_field := ["evaluation", "privacy", "membership_inference_aucc"]\n\n'
     'deny contains "x" if lib.value(auc_field) > 0.6\n', 0,
     "input.descriptor.evaluation.privacy.membership_inference_aucc"),
    ('deny contains "x" if object.get(input.descriptor, ["training", "methd"], "") == "x"\n',
     0, "input.descriptor.training.methd"),
    ('deny contains "x" if not lib.exists(["deployment", "exposur"])\n', 0,
     "input.descriptor.deployment.exposur"),
    ('deny contains "x" if input.descriptor.datasets.role == "train"\n', 0,
     "input.descriptor.datasets.role: it is a list"),
    ('deny contains "x" if {\n\tsome d in input.descriptor.datasets\n\td.rolee == "train"\n}\n',
     2, "input.descriptor.datasets[_].rolee"),
    ('deny contains "x" if {\n\tsome i, d in lib.train_datasets\n'
     '\tlib.value(["datasets", i, "scans", "moderaton"])\n}\n', 2,
     "input.descriptor.datasets[_].scans.moderaton"),
    ('deny contains "x" if input.descriptor.metadata.name.first == "x"\n', 0,
     "it is a string: it has no field 'first'"),
    ('deny contains "x" if input.descriptr.metadata\n', 0,
     "input.descriptr is not part of the policy input"),
])
def test_a_path_the_schema_does_not_allow_is_refused(tmp_path, body, line, fragment):
    path = write_control(tmp_path / "org", body)
    assert_rejected(tmp_path / "org", f"{path}:{BODY_LINE + line}:", fragment)


def test_user_helpers_are_followed_to_the_caller(tmp_path):
    """A helper that looks up its argument: the error is at the caller's literal."""
    directory = tmp_path / "org"
    path = write_control(directory, """\
        import data.org.helpers

        deny contains "x" if helpers.field(["base_model", "sha265"]) == null
        """)
    (directory / "helpers.rego").write_text(textwrap.dedent("""\
        package org.helpers

        field(keys) := object.get(input.descriptor, keys, null)
        """))
    assert_rejected(directory, f"{path}:{BODY_LINE + 2}:", "input.descriptor.base_model.sha265")


def test_references_the_schema_allows_pass(tmp_path):
    directory = tmp_path / "org"
    write_control(directory, """\
        deny contains "x" if input.descriptor["x-team"].anything.below == 1

        deny contains "x" if input.descriptor.metadata.labels.whatever == "y"

        deny contains "x" if {
            some i, d in lib.datasets
            lib.value(["datasets", i, "scans", "pii", "run_at"]) == "y"
            d.scans["x-vendor-scan"].score > 1
        }

        deny contains "x" if {
            some k, v in input.descriptor.training.hyperparameters
            v.anything == k
        }

        deny contains "x" if input.text.confusables[_].path == "/metadata/owner"

        deny contains "x" if input.as_of == "x"
        """)
    assert load_catalog([directory]).control("ORG-CHK-01")


# ---------------------------------------------------------------------------
# Builtins


@pytest.mark.parametrize("call", [
    'http.send({"method": "get", "url": "https://example.com"})',
    "time.now_ns()",
    "rand.intn(\"x\", 10)",
    "uuid.rfc4122(\"x\")",
    'net.lookup_ip_addr("example.com")',
    "opa.runtime()",
])
def test_a_non_deterministic_builtin_is_refused(tmp_path, call):
    path = write_control(tmp_path / "org", f"""\
        deny contains "x" if {{
            value := {call}
            value == input.as_of
        }}
        """)
    name = call.split("(")[0]
    assert_rejected(tmp_path / "org", f"{path}:{BODY_LINE + 1}:", f"policy calls {name}")


# ---------------------------------------------------------------------------
# The command line and the cache


def test_check_exits_2_with_file_and_line(tmp_path):
    path = write_control(tmp_path / "org", """\
        deny contains "x" if input.descriptor.evaluation.safty

        deny contains "y" if lib.params.max_harmfull_score > 1

        deny contains "z" if time.now_ns() > 0
        """)
    result = run_cli("check", "--as-of", AS_OF, "--policies", str(tmp_path / "org"), MINIMAL)
    assert result.returncode == 2, result.stdout
    assert f"{path}:{BODY_LINE}:" in result.stderr
    assert f"{path}:{BODY_LINE + 2}:" in result.stderr
    assert f"{path}:{BODY_LINE + 4}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_policy_that_does_not_parse_is_exit_2_at_load(tmp_path):
    path = write_control(tmp_path / "org", 'deny contains "x" if {\n\tinput.descriptor.\n}\n')
    result = run_cli("controls", "--policies", str(tmp_path / "org"))
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "policy does not compile" in result.stderr


def test_a_catalog_that_passed_is_remembered(tmp_path, monkeypatch):
    directory = tmp_path / "org"
    write_control(directory, 'deny contains "x" if input.descriptor.metadata.owner == "x"\n')
    load_catalog([directory])
    assert list((tmp_path / "cache" / "policycheck").glob("*.ok"))

    def fail(*args, **kwargs):
        raise AssertionError("analysed again")

    monkeypatch.setattr(policycheck, "_PASSED", set())
    monkeypatch.setattr(policycheck, "analyse", fail)
    load_catalog([directory])  # the marker answers
    write_control(directory, 'deny contains "x" if input.descriptor.metadata.ownr == "x"\n')
    with pytest.raises(FtcomplyError, match="analysed again"):
        load_catalog([directory])  # another digest: analysed (a checker crash is exit 2)


def test_a_catalog_that_failed_is_not_remembered(tmp_path):
    write_control(tmp_path / "org", 'deny contains "x" if input.descriptor.evaluation.safty\n')
    load_errors(tmp_path / "org")
    load_errors(tmp_path / "org")
    assert not list((tmp_path / "cache").rglob("*.ok"))


# ---------------------------------------------------------------------------
# Parameter values: one validator for config files and library callers


def test_library_callers_get_the_parameter_named(catalog):
    with pytest.raises(FtcomplyError) as info:
        catalog.parameter_values({"max_harmful_score": 2})
    assert str(info.value.errors[0]) == (
        "<params>: parameter 'max_harmful_score': 2 is greater than the maximum of 1 "
        "(at /params/max_harmful_score)")
    with pytest.raises(FtcomplyError, match="unknown parameter 'max_harmfull_score'"):
        catalog.parameter_values({"max_harmfull_score": 0.1})
    assert catalog.parameter_values({"max_harmful_score": 0.5})["max_harmful_score"] == 0.5


def test_run_check_validates_options_params(catalog):
    options = CheckOptions(paths=(MINIMAL,), as_of=AS_OF,
                           parameter_overrides={"allowed_formats": ["safetensors", 3]})
    with pytest.raises(FtcomplyError) as info:
        run_check(catalog, options)
    assert "parameter 'allowed_formats': 3 is not of type 'string'" in str(info.value)
    assert info.value.errors[0].pointer == "/params/allowed_formats/1"


def test_a_config_file_still_points_at_its_line(tmp_path):
    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_dp_epsilon: big\n")
    result = run_cli("check", "--config", str(config), MINIMAL)
    assert result.returncode == 2
    assert f"{config}:2:3: parameter 'max_dp_epsilon': 'big' is not of type 'number'" \
        in result.stderr


# ---------------------------------------------------------------------------
# Coverage

UNDERTESTED_TEST = """\
package ftcomply.controls.org_chk_01_test

import data.ftcomply.controls.org_chk_01

test_no_owner if {
	"no owner" in org_chk_01.deny with input as {"descriptor": {"metadata": {}}}
}
"""


@pytest.fixture
def undertested(tmp_path) -> Path:
    """A user control whose test reaches one of its two rules."""
    directory = tmp_path / "org"
    write_control(directory, """\
        deny contains "no owner" if not input.descriptor.metadata.owner

        deny contains "person" if {
            owner := input.descriptor.metadata.owner
            not startswith(owner, "ml-")
        }
        """)
    (directory / "ORG-CHK-01_test.rego").write_text(UNDERTESTED_TEST)
    return directory


def test_coverage_per_control(undertested):
    results, report = run_policy_tests_with_coverage(load_catalog([undertested]))
    assert all(r.passed for r in results if "org_chk_01" in r.package)
    ours = next(m for m in report.modules if m.control == "ORG-CHK-01")
    assert 0 < ours.percent < 100
    # the second rule's head is never reached and its body stops at its first statement
    assert BODY_LINE + 2 in ours.not_covered and BODY_LINE + 4 in ours.not_covered
    assert BODY_LINE in ours.covered and BODY_LINE + 3 in ours.covered
    assert report.modules[-1].control is None  # helpers (policies/lib) come last
    assert report.below(100) and "ORG-CHK-01" in report.below(ours.percent + 0.1)
    assert report.below(0) == []


def test_test_command_reports_coverage(undertested):
    result = run_cli("test", str(undertested), "--coverage")
    assert result.returncode == 0, result.stdout
    assert "coverage (lines of Rego evaluated by the tests):" in result.stdout
    assert "PRE-DATA-01" in result.stdout and "(helper)" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "ORG-CHK-01" in line)
    assert f"not covered: lines {BODY_LINE + 2}, {BODY_LINE + 4}" in row
    assert next(line for line in result.stdout.splitlines()
                if line.strip().startswith("total"))


def test_min_coverage_fails_an_undertested_control(undertested):
    result = run_cli("test", str(undertested), "--min-coverage", "90")
    assert result.returncode == 1
    assert "coverage below 90%: ORG-CHK-01" in result.stdout
    assert "BELOW" in next(line for line in result.stdout.splitlines() if "ORG-CHK-01" in line)
    assert run_cli("test", str(undertested), "--min-coverage", "40").returncode == 0


def test_line_ranges():
    assert line_ranges((3, 4, 5, 9, 11, 12)) == "3-5, 9, 11-12"
    assert line_ranges(()) == ""
