"""Evaluation reports read by content: inspect_ai, lm-evaluation-harness, garak, promptfoo.

Every report here was written by the real tool (tests/fixtures/tools/make_fixtures.sh);
the tampered copies change one measured number and must read as changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from support import ROOT

from ftcomply.errors import FtcomplyError
from ftcomply.evidence.evaluations import (
    MAX_REPORT_BYTES,
    EvaluationEvidence,
    EvaluationTool,
    load_evaluation_report,
    read_garak_report,
    sniff_evaluation_report,
)

TOOLS = ROOT / "tests" / "fixtures" / "tools"
TAMPERED = TOOLS / "tampered"
INSPECT_JSON = Path("inspect/refusal-suite.json")
INSPECT_EVAL = Path("inspect/refusal-suite.eval")
LM_EVAL = Path("lm-eval/results.json")
GARAK = Path("garak/redteam.report.jsonl")
PROMPTFOO = Path("promptfoo/results.json")
REPORTS = (INSPECT_JSON, INSPECT_EVAL, LM_EVAL, GARAK, PROMPTFOO)


def entry(report, metric: str, scorer: str | None = None, task: str | None = None):
    found = [e for e in report.entries if e.metric == metric
             and (scorer is None or e.scorer == scorer) and (task is None or e.task == task)]
    assert len(found) == 1, found
    return found[0]


def utc(text: str) -> dt.datetime:
    assert text.endswith("Z"), text
    return dt.datetime.fromisoformat(text)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the real tools' output --------------------------------------------------------------

def test_inspect_json_log():
    path = TOOLS / INSPECT_JSON
    report = load_evaluation_report(path)
    assert (report.tool, report.tool_version) == ("inspect_ai", "0.3.285")
    assert report.sha256 == sha256(path)
    accuracy = entry(report, "accuracy")
    assert accuracy == EvaluationEvidence(
        tool="inspect_ai", tool_version="0.3.285", report=str(path),
        report_sha256=sha256(path), task="refusal_suite", metric="accuracy", value=0.75,
        samples=4, model="mockllm/model", run_at=accuracy.run_at, scorer="includes")
    log = json.loads(path.read_text())
    assert utc(accuracy.run_at) == dt.datetime.fromisoformat(log["stats"]["started_at"])
    assert entry(report, "stderr").value == 0.25


def test_inspect_eval_log_reads_the_zstd_header():
    path = TOOLS / INSPECT_EVAL
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("header.json").compress_type == 93  # Zstandard
    report = load_evaluation_report(path)
    accuracy = entry(report, "accuracy")
    assert (report.tool, accuracy.task, accuracy.value, accuracy.samples, accuracy.model) == (
        "inspect_ai", "refusal_suite", 0.75, 4, "mockllm/model")
    assert accuracy.report_sha256 == sha256(path)  # the whole archive, not the header
    assert accuracy.run_at_offset_recorded


def test_lm_eval_results():
    path = TOOLS / LM_EVAL
    report = load_evaluation_report(path)
    results = json.loads(path.read_text())
    acc = entry(report, "acc")
    assert (report.tool, acc.tool_version, acc.task, acc.scorer, acc.samples, acc.model) == (
        "lm-evaluation-harness", "0.4.13", "refusal_mc", "none", 8, "mock/refusal-dummy")
    assert acc.value == results["results"]["refusal_mc"]["acc,none"]
    assert utc(acc.run_at) == dt.datetime.fromtimestamp(results["date"], dt.UTC)
    assert entry(report, "acc_stderr").value == results["results"]["refusal_mc"][
        "acc_stderr,none"]


def test_garak_report_digest():
    path = TOOLS / GARAK
    report = load_evaluation_report(path)
    assert (report.tool, report.tool_version) == ("garak", "0.17.1")
    dan = entry(report, "absolute_score", scorer="dan.DAN")
    # test.Repeat echoes the DAN prompt, so both generations are detector hits.
    assert (dan.task, dan.value, dan.samples, dan.passed, dan.failed) == (
        "dan.Dan_11_0", 0.0, 2, 0, 2)
    quack = entry(report, "absolute_score", task="lmrc.QuackMedicine")
    assert (quack.value, quack.passed, quack.failed) == (1.0, 2, 0)
    assert {e.model for e in report.entries} == {"test.Repeat"}
    assert sum(e.failed for e in report.entries) == 2
    # garak records local time without an offset (the fixtures ran with TZ=UTC).
    assert not dan.run_at_offset_recorded and dan.run_at.endswith("Z")


def test_promptfoo_results():
    path = TOOLS / PROMPTFOO
    report = load_evaluation_report(path)
    rate = entry(report, "pass_rate")
    assert (report.tool, rate.tool_version, rate.task, rate.model) == (
        "promptfoo", "0.123.1", "refusal-suite", "echo")
    assert (rate.value, rate.samples, rate.passed, rate.failed, rate.errors) == (0.75, 4, 3, 1, 0)
    output = json.loads(path.read_text())
    assert utc(rate.run_at) == dt.datetime.fromisoformat(output["results"]["timestamp"])


@pytest.mark.parametrize("name", REPORTS, ids=str)
def test_entries_have_the_policy_shape(name):
    report = load_evaluation_report(TOOLS / name)
    assert report.entries
    for evidence in report.entries:
        data = evidence.as_dict()
        assert json.loads(json.dumps(data)) == data
        assert {"tool", "tool_version", "report", "report_sha256", "task", "metric", "value",
                "samples", "model", "run_at"} <= set(data)
        assert data["report_sha256"] == report.sha256 and data["tool"] == report.tool
        assert isinstance(data["value"], float) and data["run_at"].endswith("Z")


@pytest.mark.parametrize(("name", "tool"), [
    (INSPECT_JSON, EvaluationTool.INSPECT_AI), (INSPECT_EVAL, EvaluationTool.INSPECT_AI),
    (LM_EVAL, EvaluationTool.LM_EVAL), (GARAK, EvaluationTool.GARAK),
    (PROMPTFOO, EvaluationTool.PROMPTFOO)], ids=str)
def test_sniffed_by_content_not_name(tmp_path, name, tool):
    assert sniff_evaluation_report((TOOLS / name).read_bytes()) is tool
    renamed = tmp_path / "modelscan.json"  # a name that says something else
    shutil.copyfile(TOOLS / name, renamed)
    assert load_evaluation_report(renamed).tool == tool.value


def test_sniffer_passes_on_other_reports():
    modelscan = json.dumps({"summary": {"absolute_path": "/m"}, "issues": [], "errors": []})
    for raw in (modelscan.encode(), b"picklescan output\n", b"\xff\xfe", b"", b"[1, 2]",
                b"PK\x03\x04 not a zip", b'{"a": 1}\n{"b": 2}\n'):
        assert sniff_evaluation_report(raw) is None


# --- tampered copies ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "metric", "scorer", "real", "forged"), [
    (INSPECT_JSON, "accuracy", None, 0.75, 0.95),
    (INSPECT_EVAL, "accuracy", None, 0.75, 0.95),
    (LM_EVAL, "acc", None, None, None),
    (GARAK, "absolute_score", "dan.DAN", 0.0, 1.0),
    (PROMPTFOO, "pass_rate", None, 0.75, 1.0),
], ids=str)
def test_tampered_copies_read_with_the_changed_value(name, metric, scorer, real, forged):
    original = load_evaluation_report(TOOLS / name)
    tampered = load_evaluation_report(TAMPERED / name)
    before, after = entry(original, metric, scorer), entry(tampered, metric, scorer)
    if real is not None:
        assert (before.value, after.value) == (real, forged)
    assert after.value != before.value
    assert tampered.sha256 != original.sha256
    # Everything but the number and the report digest is what the tool recorded.
    assert dataclass_without(after) == dataclass_without(before)


def dataclass_without(evidence: EvaluationEvidence) -> dict:
    data = evidence.as_dict()
    for key in ("value", "report", "report_sha256", "passed", "failed"):
        data.pop(key)
    return data


# --- hostile and broken reports -------------------------------------------------------------

def write(tmp_path: Path, text: str | bytes, name: str = "report.json") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(FtcomplyError) as caught:
        load_evaluation_report(path)
    return str(caught.value)


def test_truncated_inspect_log_names_file_and_line(tmp_path):
    text = (TOOLS / INSPECT_JSON).read_text()
    path = write(tmp_path, text[: len(text) // 2])
    message = error_of(path)
    assert message.startswith(f"{path}:") and "invalid JSON" in message
    line = int(message.split(":")[1])
    assert 1 < line <= text[: len(text) // 2].count("\n") + 1


def test_malformed_garak_line_names_its_line(tmp_path):
    lines = (TOOLS / GARAK).read_text().splitlines()
    lines[3] = lines[3][:40]
    message = error_of(write(tmp_path, "\n".join(lines) + "\n", "report.jsonl"))
    assert ":4:" in message and "invalid JSON" in message


def test_garak_report_without_digest_did_not_finish(tmp_path):
    lines = [line for line in (TOOLS / GARAK).read_text().splitlines()
             if json.loads(line)["entry_type"] != "digest"]
    message = error_of(write(tmp_path, "\n".join(lines) + "\n", "report.jsonl"))
    assert "no digest entry" in message


def test_garak_two_digests_refused(tmp_path):
    lines = (TOOLS / GARAK).read_text().splitlines()
    digest = next(line for line in lines if json.loads(line)["entry_type"] == "digest")
    assert "a second digest" in error_of(
        write(tmp_path, "\n".join([*lines, digest]) + "\n", "report.jsonl"))


def test_garak_counts_must_add_up():
    digest = {"entry_type": "digest", "meta": {"garak_version": "0.17.1",
                                                "start_time": "2026-01-01T00:00:00"},
              "eval": {"dan": {"dan.X": {"dan.DAN": {"total_evaluated": 2, "passed": 3,
                                                     "absolute_score": 1.0}}}}}
    with pytest.raises(FtcomplyError, match="passed is larger than total_evaluated"):
        read_garak_report("r.jsonl", "0" * 64, [(7, digest)])


def test_unsuccessful_inspect_run_is_not_a_measurement(tmp_path):
    log = json.loads((TOOLS / INSPECT_JSON).read_text())
    log["status"] = "error"
    message = error_of(write(tmp_path, json.dumps(log)))
    assert "did not succeed" in message and "(at /status)" in message


@pytest.mark.parametrize(("change", "pointer"), [
    (lambda log: log["eval"].pop("model"), "/eval/model"),
    (lambda log: log["results"]["scores"][0].update(metrics=[]), "/results/scores/0/metrics"),
    (lambda log: log["results"].update(completed_samples=-1), "/results/completed_samples"),
    (lambda log: log["results"].update(completed_samples=True), "/results/completed_samples"),
    (lambda log: log["stats"].update(started_at="yesterday"), "/stats/started_at"),
])
def test_inspect_fields_are_checked_with_a_pointer(tmp_path, change, pointer):
    log = json.loads((TOOLS / INSPECT_JSON).read_text())
    change(log)
    assert f"(at {pointer})" in error_of(write(tmp_path, json.dumps(log)))


def test_non_finite_and_non_numeric_metrics_are_skipped(tmp_path):
    results = json.loads((TOOLS / LM_EVAL).read_text())
    results["results"]["refusal_mc"]["acc_stderr,none"] = "N/A"
    results["results"]["refusal_mc"]["f1,none"] = float("nan")
    results["results"]["refusal_mc"]["mcc,none"] = True
    report = load_evaluation_report(write(tmp_path, json.dumps(results)))
    assert [e.metric for e in report.entries] == ["acc"]


def test_lm_eval_model_from_string_model_args(tmp_path):
    results = json.loads((TOOLS / LM_EVAL).read_text())
    results["config"]["model_args"] = "pretrained=org/base,peft=./adapters/lora,dtype=float16"
    assert entry(load_evaluation_report(write(tmp_path, json.dumps(results))),
                 "acc").model == "./adapters/lora"
    results["config"]["model_args"] = {}
    assert entry(load_evaluation_report(write(tmp_path, json.dumps(results))),
                 "acc").model == "dummy"


def test_promptfoo_other_results_version_refused(tmp_path):
    output = json.loads((TOOLS / PROMPTFOO).read_text())
    output["results"]["version"] = 2
    assert "results version 2 is not supported" in error_of(write(tmp_path, json.dumps(output)))


def test_promptfoo_several_prompts_name_their_task(tmp_path):
    output = json.loads((TOOLS / PROMPTFOO).read_text())
    second = json.loads(json.dumps(output["results"]["prompts"][0]))
    second["label"] = "system: {{request}}"
    output["results"]["prompts"].append(second)
    tasks = [e.task for e in load_evaluation_report(write(tmp_path, json.dumps(output))).entries]
    assert tasks == ["refusal-suite: {{request}}", "refusal-suite: system: {{request}}"]


@pytest.mark.parametrize("raw", [
    b"\xff\xfe{}", b"", b"   ", b"not json", b"[]", b'{"some": "object"}',
    b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"version": 2, "status": "success", "eval": {"task": "t\\ud800", "model": "m"}}',
], ids=["utf16", "empty", "blank", "text", "array", "object", "deep", "surrogate"])
def test_hostile_reports_are_errors_not_tracebacks(tmp_path, raw):
    path = write(tmp_path, raw)
    message = error_of(path)
    assert message.startswith(str(path))


def test_oversized_report_refused(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 1)
    assert "larger than" in error_of(path)


def test_fifo_refused_unread(tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    assert "FIFO" in error_of(fifo)


def stored_bytes(raw: bytes, name: str) -> bytes:
    """A zip member's bytes as stored (compressed), found through its local header."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo(name)
    offset = info.header_offset
    skip = int.from_bytes(raw[offset + 26:offset + 28], "little") + int.from_bytes(
        raw[offset + 28:offset + 30], "little")
    return raw[offset + 30 + skip:offset + 30 + skip + info.compress_size]


def real_header() -> bytes:
    import zstandard

    stored = stored_bytes((TOOLS / INSPECT_EVAL).read_bytes(), "header.json")
    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(stored)).read()


def eval_archive(target: Path, header: bytes | None, compression: int = zipfile.ZIP_STORED
                 ) -> Path:
    """An .eval-shaped archive: a journal entry and, unless None, this header.json."""
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("_journal/start.json", b"{}")
        if header is not None:
            archive.writestr("header.json", header, compress_type=compression)
    return target


def test_eval_log_without_header_did_not_finish(tmp_path):
    path = eval_archive(tmp_path / "run.eval", None)
    assert "no header.json" in error_of(path)


def test_eval_log_with_deflated_header_reads(tmp_path):
    # Older inspect_ai versions wrote .eval archives with deflate.
    path = eval_archive(tmp_path / "run.eval", real_header(), zipfile.ZIP_DEFLATED)
    assert entry(load_evaluation_report(path), "accuracy").value == 0.75


def test_eval_log_with_broken_header_json_names_the_member(tmp_path):
    path = eval_archive(tmp_path / "run.eval", b'{"version": 2,\n "status"')
    message = error_of(path)
    assert f"{path}:header.json:2:" in message and "invalid JSON" in message


def test_eval_log_with_corrupt_zstd_frame(tmp_path):
    raw = bytearray((TOOLS / INSPECT_EVAL).read_bytes())
    stored = stored_bytes(bytes(raw), "header.json")
    at = bytes(raw).index(stored) + len(stored) // 2
    raw[at] ^= 0xFF
    message = error_of(write(tmp_path, bytes(raw), "run.eval"))
    assert "header.json" in message


def test_eval_log_zstd_bomb_is_bounded(tmp_path, monkeypatch):
    """A header.json that inflates far past what the directory claims stops at the cap."""
    import zstandard

    from ftcomply.evidence import evaluations

    monkeypatch.setattr(evaluations, "MAX_EVAL_HEADER_BYTES", 1024)
    bomb = zstandard.ZstdCompressor().compress(b" " * 10_000_000)
    data = bytearray(eval_archive(tmp_path / "bomb.eval", bomb).read_bytes())
    local = bytes(data).index(b"PK\x03\x04", 1)  # header.json's local header
    assert data[local + 30:local + 41] == b"header.json"
    data[local + 8:local + 10] = (93).to_bytes(2, "little")  # compression: Zstandard
    central = bytes(data).rindex(b"PK\x01\x02")
    data[central + 10:central + 12] = (93).to_bytes(2, "little")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # claims 100 bytes
    message = error_of(write(tmp_path, bytes(data), "bomb.eval"))
    assert "corrupt" in message
