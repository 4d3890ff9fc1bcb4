"""The command line as a user meets it: exit codes, errors on stderr, never a traceback."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from support import AS_OF, DECLARED_EXAMPLES, EXAMPLES, run_cli

COMPLIANT = str(EXAMPLES / "compliant-high-lora.yaml")
FAILING = str(EXAMPLES / "failing-multi-phase.yaml")
MINIMAL = str(EXAMPLES / "minimal-low.yaml")


def check(*args: str, stdin: bytes | None = None):
    return run_cli("check", "--as-of", AS_OF, "--no-color", *args, stdin=stdin)


def assert_clean_error(result, fragment: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert fragment in result.stderr


def test_compliant_examples_exit_0():
    result = check(COMPLIANT, MINIMAL)
    assert result.returncode == 0, result.stdout
    assert "verdict: PASS (exit 0)" in result.stdout


def test_failing_example_exits_1_and_names_controls_with_lines():
    result = check(FAILING)
    assert result.returncode == 1
    assert "PRE-DATA-01" in result.stdout
    lines = Path(FAILING).read_text().splitlines()
    first_dataset = lines.index("  - name: scraped-forum-threads") + 1
    assert f"{FAILING}:{first_dataset}:5" in result.stdout


def test_fail_on_threshold_decides_the_exit_code(tmp_path):
    report = json.loads(check(FAILING, "--format", "json").stdout)
    failing = {r["severity"] for d in report["documents"] for r in d["results"]
               if r["status"] == "fail"}
    assert failing  # the example fails something
    highest = max(failing, key=["low", "medium", "high", "critical"].index)
    assert check(FAILING, "--fail-on", highest).returncode == 1
    above = {"low": "medium", "medium": "high", "high": "critical"}.get(highest)
    if above:
        assert check(FAILING, "--fail-on", above).returncode == 0


def test_json_report_follows_the_contract():
    report = json.loads(check(*DECLARED_EXAMPLES, "--format", "json").stdout)
    assert report["tool"]["name"] == "ftcomply"
    assert report["as_of"] == AS_OF
    assert report["catalog"]["digest"].startswith("sha256:")
    assert report["summary"]["documents"] == 3
    assert report["summary"]["status"] == "fail"
    document = report["documents"][0]
    assert set(document) >= {"path", "index", "sha256", "name", "risk_tier", "status",
                             "results"}
    result = document["results"][0]
    assert set(result) >= {"control_id", "title", "phase", "severity", "status",
                           "frameworks", "findings", "waiver"}


def test_output_file_and_extra_reports(tmp_path):
    out, extra = tmp_path / "out.txt", tmp_path / "sub" / "r.json"
    result = check(MINIMAL, "--output", str(out), "--report", f"json={extra}")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "verdict: PASS" in out.read_text()
    assert json.loads(extra.read_text())["summary"]["status"] == "pass"


def test_stdin_is_read_with_dash():
    result = check("-", stdin=(EXAMPLES / "minimal-low.yaml").read_bytes())
    assert result.returncode == 0
    assert "<stdin>" in result.stdout


def test_schema_invalid_document_is_exit_2_with_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "minimal-low.yaml").read_text().replace(
        "risk_tier: low", "risk_tier: lowest"))
    result = check(str(bad))
    assert_clean_error(result, f"{bad}:9:3: \"lowest\" is not one of: low, medium, high")


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    # A broken file that names ftcomply is an error even in a directory search.
    (tmp_path / "a.yaml").write_text("apiVersion: ftcomply/v1\n[not a mapping")
    (tmp_path / "b.yaml").write_bytes((EXAMPLES / "minimal-low.yaml").read_bytes())
    result = check(str(tmp_path), "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert [d["status"] for d in report["documents"]] == ["error", "pass"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"a: !!python/object/apply:os.system ['echo pwned']\n", "unsupported YAML tag"),
        (b"[" * 20000 + b"]" * 20000, "nesting deeper than"),
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "binary content"),
        (b"", "file is empty"),
        (b"- just\n- a list\n", "expected a mapping, got a list"),
        (b"a: &a [1,1,1,1,1,1,1,1,1,1]\n" + b"".join(
            f"b{i}: &b{i} [{','.join(['*a' if i == 0 else f'*b{i - 1}'] * 10)}]\n".encode()
            for i in range(7)), "alias expansion"),
    ],
    ids=["python-tag", "deep-nesting", "binary", "empty", "list", "billion-laughs"],
)
def test_hostile_inputs_end_in_exit_2_quickly(tmp_path, content, fragment):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    started = time.monotonic()
    result = check(str(path))
    assert_clean_error(result, fragment)
    assert time.monotonic() - started < 30  # generous: a bound, not a benchmark


def test_missing_path_and_empty_directory_fail_closed(tmp_path):
    assert_clean_error(check(str(tmp_path / "nope.yaml")), "no such file or directory")
    assert_clean_error(check(str(tmp_path)), "holds no *.yaml")


def test_usage_errors_are_exit_2():
    assert_clean_error(check(MINIMAL, "--fail-on", "severe"), "--fail-on 'severe'")
    assert_clean_error(check(MINIMAL, "--as-of", "yesterday"), "--as-of 'yesterday'")
    assert_clean_error(check(MINIMAL, "--as-of", "2026-11-26T00:00:00"), "timezone offset")
    assert_clean_error(check(MINIMAL, "--format", "pdf"), "unknown format 'pdf'")
    assert_clean_error(check(MINIMAL, "--report", "json"), "expected FORMAT=FILE")
    assert run_cli("check").returncode == 2


def test_config_params_reach_the_policies(tmp_path):
    config = tmp_path / "ftcomply.yaml"
    config.write_text("params:\n  max_evidence_age_days: 1\nfail_on: medium\n")
    result = check(MINIMAL, "--config", str(config), "--format", "json")
    report = json.loads(result.stdout)
    assert report["params"]["max_evidence_age_days"] == 1
    assert report["fail_on"] == "medium"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("colour: blue\n", "ftcomply.yaml:1:1: unknown field 'colour'"),
        ("params:\n  max_harmful_scor: 0.1\n", "ftcomply.yaml:2:3: unknown parameter "
                                                 "'max_harmful_scor'"),
        ("params:\n  max_evidence_age_days: soon\n", "ftcomply.yaml:2:3: parameter "
                                                       "'max_evidence_age_days'"),
        ("disable: [NOPE-01]\n", "ftcomply.yaml:1:11: unknown control 'NOPE-01'"),
        ("fail_on: severe\n", "ftcomply.yaml:1:1"),
    ],
)
def test_bad_config_is_exit_2_with_line(tmp_path, text, fragment):
    config = tmp_path / "ftcomply.yaml"
    config.write_text(text)
    result = check(MINIMAL, "--config", str(config))
    assert_clean_error(result, fragment.replace("ftcomply.yaml", str(config)))


def test_config_is_found_in_the_working_directory(tmp_path):
    (tmp_path / "ftcomply.yaml").write_text("fail_on: critical\n")
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", MINIMAL, cwd=tmp_path)
    assert json.loads(result.stdout)["fail_on"] == "critical"


def test_disabled_controls_are_reported_not_dropped(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("disable: [pre-data-01]\n")
    report = json.loads(check(FAILING, "--config", str(config), "--format", "json").stdout)
    result = next(r for r in report["documents"][0]["results"]
                  if r["control_id"] == "PRE-DATA-01")
    assert result["status"] == "disabled"
    assert result["raw_status"] == "fail"


def test_version_schema_and_init(tmp_path):
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("ftcomply ")
    assert "catalog" in version.stdout and "engine regorus" in version.stdout
    # `--version` alone is answered without typer; through typer it says the same.
    assert run_cli("--version", "controls").stdout == version.stdout
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"].startswith("ftcomply fine-tuning job descriptor")
    target = tmp_path / "ftjob.yaml"
    assert run_cli("init", str(target)).returncode == 0
    assert target.read_text().startswith("# ftcomply fine-tuning job descriptor")
    assert run_cli("init", str(target)).returncode == 2  # never overwrites silently
    started = check(str(target))
    assert started.returncode == 1  # schema-valid, evidence still owed


def test_error_lines_never_carry_terminal_control_characters(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "minimal-low.yaml").read_text()
    bad.write_text(text + '"x\\u001b]0;pwned\\u0007\\nforged: line": 1\n')
    result = check(str(bad))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\\x1b]0;pwned" in result.stderr
