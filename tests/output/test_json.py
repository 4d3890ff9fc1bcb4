"""The JSON report is written in pieces, one line per document, and reads back whole."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from support import AS_OF, DECLARED_EXAMPLES, run_cli

from ftcomply.errors import FtcomplyError
from ftcomply.output import RenderOptions, chunk_renderer, renderer


def test_the_pieces_are_the_report(report, error_report):
    for each in (report, error_report, dataclasses.replace(report, documents=())):
        pieces = list(chunk_renderer("json")(each, RenderOptions()))
        text = renderer("json")(each, RenderOptions())
        assert "".join(pieces) == text
        assert json.loads(text)["summary"]["documents"] == len(each.documents)
    assert len(pieces) == 1  # no documents: the whole report at once


def test_one_piece_per_document(report):
    pieces = list(chunk_renderer("json")(report, RenderOptions()))
    assert len(pieces) == len(report.documents) + 2  # run fields, documents, closing brackets


def test_formats_without_pieces_come_whole(report):
    (sarif,) = chunk_renderer("sarif")(report, RenderOptions())
    assert sarif == renderer("sarif")(report, RenderOptions())


def test_check_writes_the_report_file_and_prints_it_the_same(tmp_path):
    target = tmp_path / "reports" / "run.json"
    written = run_cli("check", *DECLARED_EXAMPLES, "--format", "json", "-o", str(target),
                      "--as-of", AS_OF)
    printed = run_cli("check", *DECLARED_EXAMPLES, "--format", "json", "--as-of", AS_OF)
    assert written.returncode == printed.returncode == 1
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert len(json.loads(printed.stdout)["documents"]) == 3


def test_results_encoded_once_per_run_read_as_encoded_each_time(report, error_report, verified):
    """Plain results are encoded once per run and reused; lines must not change."""
    from ftcomply.output import json as json_format

    for each in (report, error_report, verified):
        lines = list(chunk_renderer("json")(each, RenderOptions()))[1:-1]
        expected = [json.dumps(json_format._document(d, each.info.fail_on), ensure_ascii=False)
                    for d in each.documents]
        assert [line.removeprefix(",\n    ") for line in lines] == expected


def test_a_report_file_appears_whole_or_not_at_all(tmp_path, monkeypatch, report):
    """The report is written under a temporary name and renamed once complete."""
    from ftcomply import cli

    target = tmp_path / "run.json"
    target.write_text("previous report\n")

    def failing_chunks():
        yield "{"
        raise OSError(28, "No space left on device")

    with pytest.raises(FtcomplyError, match="No space left on device"):
        cli._write_chunks(target, failing_chunks())
    assert target.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
    cli._write_chunks(target, chunk_renderer("json")(report, RenderOptions()))
    assert json.loads(target.read_text())["summary"]["documents"] == len(report.documents)


def test_devices_are_written_through_and_symlinks_replaced(tmp_path, report):
    """`-o /dev/stdout` keeps the device in place; a symlinked report path is replaced by
    the report, never followed to its target (in CI a pull request chose the link)."""
    from ftcomply import cli

    real = tmp_path / "real.json"
    real.write_text("theirs")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    cli._write_chunks(link, chunk_renderer("json")(report, RenderOptions()))
    assert not link.is_symlink() and json.loads(link.read_text())["documents"]
    assert real.read_text() == "theirs"
    written = run_cli("check", "examples/minimal-low.yaml", "--format", "json",
                      "-o", "/dev/stdout", "--as-of", AS_OF)
    assert written.returncode == 0 and json.loads(written.stdout)["summary"]["documents"] == 1
    cli._write_chunks(Path("/dev/null"), chunk_renderer("json")(report, RenderOptions()))
    assert Path("/dev/null").is_char_device()  # as root, a rename would have replaced it


def test_golden(report):
    """The stable contract, byte for byte (docs/report-json.md describes every field)."""
    from formats_support import assert_matches_golden

    assert_matches_golden("examples.json", renderer("json")(report, RenderOptions()))
