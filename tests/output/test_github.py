"""GitHub Actions annotations: within GitHub's per-step caps, most severe first, paths where
GitHub looks for them, and no descriptor text that can act on the log."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from formats_support import failing_results, with_baselined, with_error_document, with_waiver
from support import AS_OF, DECLARED_EXAMPLES, ROOT, run_cli

from ftcomply.evidence import ScannerFinding
from ftcomply.models import InputError, Location, Report, Severity, Status
from ftcomply.output import RenderOptions
from ftcomply.output.github import CAP, render
from ftcomply.output.workspace import Workspace

AT_ROOT = Workspace(str(ROOT), str(ROOT))
_COMMAND = re.compile(r"^::(error|warning|notice) (?:file=([^,:]*),)?(?:line=(\d+),)?"
                      r"(?:col=(\d+),)?title=([^:]*)::(.*)$")
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "notice"}


def _lines(report: Report, where: Workspace = AT_ROOT) -> tuple[list[re.Match[str]], str]:
    """The annotations, parsed as the runner reads them, and the closing line."""
    *annotations, closing = render(report, RenderOptions(), where).rstrip("\n").split("\n")
    parsed = [_COMMAND.match(line) for line in annotations]
    assert all(parsed), [a for a, p in zip(annotations, parsed, strict=True) if not p][:3]
    assert closing.startswith("ftcomply: ")
    return parsed, closing  # type: ignore[return-value]


def _expected(report: Report) -> dict[str, list[tuple[int, str]]]:
    """Every finding annotation the report makes, by level, with its severity rank."""
    by_level: dict[str, list[tuple[int, str]]] = {"error": [], "warning": [], "notice": []}
    for _, result, finding in failing_results(report):
        level = "notice" if result.baselined else _LEVEL[result.control.severity]
        by_level[level].append((result.control.severity.rank, finding.message))
    return by_level


def test_at_most_ten_annotations_per_level_and_the_rest_counted(report):
    expected = _expected(report)
    assert len(expected["error"]) > CAP, "the examples are expected to overflow the error cap"
    parsed, closing = _lines(report)
    shown = {level: [p for p in parsed if p[1] == level] for level in expected}
    for level, made in expected.items():
        assert len(shown[level]) == min(CAP, len(made)), level
    left = {level: len(a) - CAP for level, a in expected.items() if len(a) > CAP}
    total = sum(left.values())
    assert f"; {total} annotation(s) not shown (" in closing
    for level, count in left.items():
        assert f"{count} {level}(s)" in closing
    assert "job summary lists every finding" in closing


def test_the_most_severe_are_shown(report):
    """Catalog order put 40 errors first and dropped 6 critical findings."""
    expected = _expected(report)
    critical = [m for rank, m in expected["error"] if rank == Severity.CRITICAL.rank]
    assert 0 < len(critical) <= CAP
    parsed, _ = _lines(report)
    errors = [p[6] for p in parsed if p[1] == "error"]
    assert errors[:len(critical)] == critical
    assert all(p[5].endswith("(critical)") for p in parsed[:len(critical)])
    assert all(p[5].endswith("(high)") for p in parsed[len(critical):] if p[1] == "error")


def test_nothing_is_dropped_when_within_the_caps(report):
    small = replace(report, documents=tuple(d for d in report.documents
                                            if sum(r.status is Status.FAIL for r in d.results)
                                            <= 3))
    parsed, closing = _lines(small)
    assert "not shown" not in closing
    assert len(parsed) == sum(len(v) for v in _expected(small).values())


def test_input_errors_come_before_findings(report):
    broken = with_error_document(report)
    parsed, _ = _lines(broken)
    assert [p[5] for p in parsed[:2]] == ["ftcomply%3A not evaluated"] * 2
    assert parsed[0][2] == "jobs/broken.yaml" and parsed[0][3] == "12"


def test_baselined_findings_are_notices_after_new_ones(report):
    baselined_report, baselined = with_baselined(report)
    parsed, _ = _lines(baselined_report)
    notices = [p for p in parsed if p[1] == "notice"]
    title = f"{baselined.control.id} "
    new_low = [p for p in notices if not p[5].startswith(title)]
    ours = [p for p in notices if p[5].startswith(title)]
    assert ours, "the baselined finding is shown as a notice"
    assert notices == new_low + ours


def test_paths_are_as_given_outside_github_actions(report):
    absolute = replace(report, documents=tuple(replace(d, results=tuple(
        replace(r, findings=tuple(replace(f, location=replace(
            f.location, file=str(ROOT / f.location.file))) for f in r.findings))
        for r in d.results)) for d in report.documents))
    parsed, _ = _lines(absolute, AT_ROOT)
    assert {p[2] for p in parsed} == {str(ROOT / d.path) for d in report.documents
                                      if any(r.status is Status.FAIL for r in d.results)}


def test_paths_are_relative_to_github_workspace(report):
    parsed, _ = _lines(report, Workspace("/repo/ml", "/repo", github=True))
    files = {p[2] for p in parsed}
    assert files == {f"ml/{d.path}" for d in report.documents if any(
        r.status is Status.FAIL for r in d.results)}
    outside = replace(report, errors=(InputError("no such file or directory",
                                                 Location("/elsewhere/job.yaml")),))
    parsed, _ = _lines(outside, Workspace("/repo/ml", "/repo", github=True))
    assert parsed[0][2] == "/elsewhere/job.yaml"


def test_the_cli_names_paths_from_the_workspace_root(tmp_path):
    """`cd examples && ftcomply check . --format github` in Actions: GitHub resolves
    annotation files against GITHUB_WORKSPACE, so they must start with examples/."""
    import os
    import subprocess
    import sys

    names = [e.removeprefix("examples/") for e in DECLARED_EXAMPLES]
    process = subprocess.run(
        [sys.executable, "-m", "ftcomply", "check", *names, "--as-of", AS_OF, "--format",
         "github"], capture_output=True, text=True, cwd=ROOT / "examples", timeout=60,
        env={**os.environ, "GITHUB_WORKSPACE": str(ROOT),
             "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    assert process.returncode == 1, process.stderr
    files = {m[2] for m in map(_COMMAND.match, process.stdout.splitlines()) if m}
    assert files == {"examples/failing-multi-phase.yaml"}


HOSTILE = "bad\x1b]0;owned\x07 \x1b[31mred\r\n::error::forged 100%\u202e \x00\x85 end"


def test_control_characters_never_reach_the_log(report):
    """ESC/BEL from descriptor keys (finding pointers, messages, file names) could retitle
    or recolour the log; CR/LF could start a command of its own."""
    hostile = replace(report, documents=tuple(
        replace(d, path=f"jobs/{HOSTILE}.yaml", results=tuple(
            replace(r, findings=tuple(
                replace(f, message=HOSTILE, pointer=f"/x-{HOSTILE}",
                        location=replace(f.location, file=f"jobs/{HOSTILE},a:b.yaml"))
                for f in r.findings))
            for r in d.results))
        for d in report.documents),
        errors=(InputError(HOSTILE, Location(f"jobs/{HOSTILE}.yaml"), f"/x-{HOSTILE}"),))
    text = render(hostile, RenderOptions(), AT_ROOT)
    assert not [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F
                or c == "\u202e"]
    parsed, _ = _lines(hostile)  # every line but the last is one well-formed command
    error = parsed[0][0]
    assert "bad\\x1b]0;owned\\x07 \\x1b[31mred%0D%0A::error::forged 100%25\\u202e" in error
    assert "(at /x-bad\\x1b" in error
    finding = next(p for p in parsed if p[5] != "ftcomply%3A not evaluated")
    assert finding[2] == ("jobs/bad\\x1b]0;owned\\x07 \\x1b[31mred%0D%0A%3A%3Aerror%3A%3A"
                          "forged 100%25\\u202e \\x00\\x85 end%2Ca%3Ab.yaml")


def test_workflow_command_escaping():
    from ftcomply.output.github import _command

    line = _command("error", "50% bad\nnext\x1b", "a,b:c.yaml", 3, None, "T: x, y\x07")
    assert line == ("::error file=a%2Cb%3Ac.yaml,line=3,title=T%3A x%2C y\\x07::"
                    "50%25 bad%0Anext\\x1b")


@pytest.mark.parametrize("source", ["--as-of", "SOURCE_DATE_EPOCH"])
def test_the_stage_and_a_source_date_epoch_as_of_are_stated(report, source):
    info = replace(report.info, as_of_source=source, stage="post-tuning")
    parsed, closing = _lines(replace(report, info=info))
    assert "stage post-tuning" in closing
    warnings = [p for p in parsed if p[5].startswith("ftcomply%3A as_of")]
    if source == "SOURCE_DATE_EPOCH":
        (warning,) = warnings
        assert parsed[[p[1] for p in parsed].index("warning")] is warning  # first warning
        assert f"as_of {AS_OF} was taken from SOURCE_DATE_EPOCH" in warning[6]
        assert "(from SOURCE_DATE_EPOCH)" in closing
    else:
        assert warnings == []


def test_waiver_warnings_come_after_failing_findings(report):
    waived_report, waived = with_waiver(report)
    parsed, _ = _lines(waived_report)
    assert len([p for p in parsed if p[1] == "warning"]) == CAP  # medium findings first
    assert not [p for p in parsed if p[5] == "ftcomply%3A waiver"]
    quiet = replace(waived_report, documents=tuple(
        replace(d, results=tuple(r for r in d.results if r.status is not Status.FAIL))
        for d in waived_report.documents))
    parsed, _ = _lines(quiet)
    (waiver,) = [p for p in parsed if p[5] == "ftcomply%3A waiver"]
    assert waiver[1] == "warning"
    assert waiver[6] == f"waiver W-2026-014 ({waived.control.id}) expires in 5 day(s)"


def test_unmatched_scanner_findings_are_annotated(report):
    found = (ScannerFinding("modelscan", "critical", "os.system call", "/models/x.bin",
                            "archive/data.pkl"),
             ScannerFinding("picklescan", "low", "odd import", None))
    parsed, _ = _lines(replace(report, unmatched_findings=found))
    critical = next(p for p in parsed if "unmatched scanner finding (critical)" in p[5])
    assert critical[1] == "error" and critical[2] == "/models/x.bin"
    assert "os.system call (archive/data.pkl)" in critical[6]
    low = [p for p in parsed if "unmatched scanner finding (low)" in p[5]]
    assert all(p[1] == "notice" and p[2] is None for p in low)


def test_a_missing_risk_tier_or_job_name_never_prints_none(report):
    anonymous = replace(report, documents=tuple(replace(d, risk_tier=None, name=None)
                                                for d in report.documents))
    assert "None" not in render(anonymous, RenderOptions(), AT_ROOT)


def test_the_cli_prints_the_summary_line_last():
    process = run_cli("check", *DECLARED_EXAMPLES, "--as-of", AS_OF, "--format", "github")
    assert process.returncode == 1
    assert process.stdout.splitlines()[-1].startswith("ftcomply: FAIL (exit 1)")


def test_an_empty_run_is_an_error_annotation(report):
    parsed, closing = _lines(replace(report, documents=()))
    (error,) = parsed
    assert (error[1], error[2], error[6]) == ("error", None, "no descriptor document was evaluated")
    assert closing.startswith("ftcomply: ERROR (exit 2), 0 document(s)")
