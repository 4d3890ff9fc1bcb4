"""Evaluation reports as evidence: what the evaluation tools themselves measured.

A descriptor *declares* its safety scores; these parsers read the numbers from
the documented output of the tools that measured them, so a policy can compare
the two. The tool is told by content, never by file name:

- inspect_ai eval logs, JSON (`--log-format json`) or `.eval` (a zip archive
  whose `header.json` holds the same log without its samples, compressed with
  Zstandard by inspect_ai 0.3.x). One entry per scorer and metric of
  `results.scores`; the run must have `status: success`.
- lm-evaluation-harness results JSON (`results_<date>.json` under
  `--output_path`). One entry per task (or group) and numeric metric of
  `results`; `acc,none` is metric `acc` with filter `none` in `scorer`.
- garak `report.jsonl`, which must hold its `digest` entry (written when the
  run finishes). One entry per probe and detector of the digest's `eval`,
  metric `absolute_score` (garak's pass rate), with passed and failed counts.
- promptfoo `-o results.json` (results version 3). One entry per prompt and
  provider, metric `pass_rate` (tests passed / tests run; promptfoo gives the
  counts, not a rate), with passed, failed and error counts.

Every entry carries the tool and its version, the report's sha256, the task,
the metric, the value, the sample count, the model the tool recorded and the
run time in RFC 3339 UTC (`EvaluationEvidence`). A report that cannot be read,
is not one of these, or lacks what an entry needs is an error (exit 2) naming
the file and the line or JSON pointer: a misread report must never pass as a
measurement. Reports are read whole, at most 16 MiB (the `.eval` archive, and
the `header.json` inside it, each at most that).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import struct
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from ftcomply.errors import FtcomplyError
from ftcomply.loader import MAX_INPUT_BYTES, check_json_surrogates, read_bounded
from ftcomply.models import InputError, Location

MAX_REPORT_BYTES = MAX_INPUT_BYTES
# header.json inside an inspect_ai .eval archive, once decompressed.
MAX_EVAL_HEADER_BYTES = MAX_INPUT_BYTES


class EvaluationTool(StrEnum):
    INSPECT_AI = "inspect_ai"
    LM_EVAL = "lm-evaluation-harness"
    GARAK = "garak"
    PROMPTFOO = "promptfoo"


@dataclass(frozen=True)
class EvaluationEvidence:
    """One number an evaluation tool measured, as its report records it.

    - `tool`, `tool_version`: the tool (an `EvaluationTool` value) and the
      version it wrote into the report (None when it wrote none).
    - `report`, `report_sha256`: the report's path as given and the SHA-256 of
      its bytes (of the whole `.eval` archive for inspect_ai's `.eval` logs).
    - `task`: the task or benchmark (inspect_ai task, lm-eval task or group,
      garak probe, promptfoo `description`, with the prompt's label after a
      colon when the suite has several prompts).
    - `metric`, `value`: the metric's name and its finite value, as the tool
      computed it (`accuracy`, `acc`, garak's `absolute_score`, promptfoo's
      `pass_rate`).
    - `scorer`: what produced the metric: inspect_ai's scorer, lm-eval's filter,
      garak's detector; None for promptfoo.
    - `samples`: how many samples (garak: attempts x generations evaluated,
      promptfoo: tests) the value is computed over; None when not recorded.
    - `passed`, `failed`, `errors`: counts where the tool records them (garak,
      promptfoo); `failed` is a garak detector hit or a failed promptfoo test,
      `errors` a promptfoo test that errored.
    - `model`: the model the tool recorded: inspect_ai's `eval.model`, the
      lm-eval model argument it names models by (`peft`, `delta`, `pretrained`,
      `model`, `path`, `engine`; else the model type), garak's target name
      (else its target type), promptfoo's provider.
    - `run_at`: when the run started, RFC 3339 in UTC (`…Z`); None when not
      recorded. `run_at_offset_recorded` is False when the tool wrote a local
      time without an offset (garak), read here as UTC.
    """

    tool: str
    tool_version: str | None
    report: str
    report_sha256: str
    task: str
    metric: str
    value: float
    samples: int | None
    model: str | None
    run_at: str | None
    run_at_offset_recorded: bool = True
    scorer: str | None = None
    passed: int | None = None
    failed: int | None = None
    errors: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, for `input.evidence.evaluations`."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class EvaluationReport:
    """An evaluation report read from disk: its path, tool, sha256 and entries."""

    path: str
    tool: str
    tool_version: str | None
    sha256: str
    entries: tuple[EvaluationEvidence, ...]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [entry.as_dict() for entry in self.entries]


def load_evaluation_report(path: Path | str) -> EvaluationReport:
    """Read an inspect_ai, lm-evaluation-harness, garak or promptfoo report by content."""
    name = str(path)
    raw = read_bounded(name, MAX_REPORT_BYTES)
    if len(raw) > MAX_REPORT_BYTES:
        raise FtcomplyError.at(f"evaluation report is larger than {MAX_REPORT_BYTES} bytes",
                               name)
    sha256 = hashlib.sha256(raw).hexdigest()
    if _is_zip(raw):
        header = _inspect_eval_header(name, raw)
        entries = read_inspect_log(name, sha256, _json(name, _text(name, header), "header.json"))
        return _report(name, EvaluationTool.INSPECT_AI, sha256, entries)
    text = _text(name, raw)
    tool, document = _classify(name, text)
    reader = _READERS[tool]
    return _report(name, tool, sha256, reader(name, sha256, document))


def sniff_evaluation_report(raw: bytes) -> EvaluationTool | None:
    """The tool whose report these bytes are, or None if none of the four.

    Cheap for anything that is not JSON, JSON lines or a zip; parses a JSON
    document (so a caller routing `--evidence` files pays that once more).
    """
    if _is_zip(raw):
        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        return EvaluationTool.INSPECT_AI if {"header.json", "_journal/start.json"} & set(
            names) else None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.lstrip().startswith("{"):
        return None
    try:
        return _classify("<sniffed>", text)[0]
    except FtcomplyError:
        return None


# --- reading and classifying -------------------------------------------------------------

def _is_zip(raw: bytes) -> bool:
    return raw[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _text(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FtcomplyError.at("evaluation report is not valid UTF-8 text", name, line) from None


def _json(name: str, text: str, member: str | None = None, line: int | None = None) -> Any:
    where = f"{name}:{member}" if member else name
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", where,
                               exc.lineno + (line - 1 if line else 0), exc.colno) from None
    except RecursionError:
        raise FtcomplyError.at("invalid JSON: nested too deeply", where, line) from None
    check_json_surrogates(where, text)
    return document


def _classify(name: str, text: str) -> tuple[EvaluationTool, Any]:
    """(tool, parsed document): a JSON object, or the list of a garak report's lines."""
    if not text.lstrip().startswith("{"):
        raise FtcomplyError.at(
            "not an evaluation report (inspect_ai, lm-evaluation-harness, garak, promptfoo): "
            "not a JSON object or JSON lines", name, 1)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _garak_first_line(text):
            return EvaluationTool.GARAK, _garak_lines(name, text)
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise FtcomplyError.at("invalid JSON: nested too deeply", name) from None
    check_json_surrogates(name, text)
    if isinstance(document, dict):
        if "entry_type" in document:
            return EvaluationTool.GARAK, [(1, document)]
        if isinstance(document.get("eval"), dict) and "version" in document:
            return EvaluationTool.INSPECT_AI, document
        if isinstance(document.get("results"), dict) and (
                "lm_eval_version" in document or "n-samples" in document
                or ("configs" in document and "versions" in document)):
            return EvaluationTool.LM_EVAL, document
        if "evalId" in document and isinstance(document.get("results"), dict):
            return EvaluationTool.PROMPTFOO, document
    raise FtcomplyError.at(
        "not an evaluation report: no inspect_ai log, lm-evaluation-harness results, "
        "garak report or promptfoo results JSON has this shape", name)


def _report(name: str, tool: EvaluationTool, sha256: str,
            entries: tuple[EvaluationEvidence, ...]) -> EvaluationReport:
    version = entries[0].tool_version if entries else None
    return EvaluationReport(name, tool.value, version, sha256, entries)


# --- field access ------------------------------------------------------------------------

class _Doc:
    """Typed access to one JSON document of a report, failing at a JSON pointer."""

    def __init__(self, name: str, tool: str, line: int | None = None) -> None:
        self.name, self.tool, self.line = name, tool, line

    def fail(self, message: str, pointer: str) -> NoReturn:
        raise FtcomplyError(InputError(f"{self.tool}: {message}",
                                       Location(self.name, self.line), pointer or "/"))

    def obj(self, value: Any, pointer: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail("expected a JSON object", pointer)
        return value

    def get(self, container: dict[str, Any], pointer: str, key: str, kind: type | tuple,
            required: bool = True) -> Any:
        value = container.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, _NUMBER)):
            what = "missing" if key not in container else f"not {_KIND_NAMES.get(kind, kind)}"
            self.fail(f"{key} is {what}", f"{pointer}/{_escape(key)}")
        return value

    def count(self, container: dict[str, Any], pointer: str, key: str,
              required: bool = True) -> int | None:
        value = self.get(container, pointer, key, int, required)
        if value is not None and value < 0:
            self.fail(f"{key} is negative", f"{pointer}/{_escape(key)}")
        return value

    def text(self, container: dict[str, Any], pointer: str, key: str,
             required: bool = True) -> str | None:
        value = self.get(container, pointer, key, str, required)
        if value is not None and not value.strip():
            if required:
                self.fail(f"{key} is empty", f"{pointer}/{_escape(key)}")
            return None
        return value


_NUMBER = (int, float)
_KIND_NAMES = {dict: "a JSON object", list: "a JSON array", str: "a string",
               int: "an integer", _NUMBER: "a number"}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _utc(doc: _Doc, value: Any, pointer: str) -> tuple[str | None, bool]:
    """(RFC 3339 UTC, whether the tool recorded an offset) for an ISO 8601 string or epoch."""
    if value is None:
        return None, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            moment = dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            doc.fail(f"{value!r} is not a time", pointer)
        return _rfc3339(moment), True
    if not isinstance(value, str):
        doc.fail("a time must be an ISO 8601 string or seconds since the epoch", pointer)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        doc.fail(f"{value!r} is not an ISO 8601 time", pointer)
    if moment.tzinfo is None:
        return _rfc3339(moment.replace(tzinfo=dt.UTC)), False
    return _rfc3339(moment), True


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


# --- inspect_ai --------------------------------------------------------------------------

def read_inspect_log(name: str, sha256: str, log: Any) -> tuple[EvaluationEvidence, ...]:
    """Entries of an inspect_ai eval log (the JSON log, or an .eval archive's header.json)."""
    doc = _Doc(name, "inspect_ai eval log")
    log = doc.obj(log, "")
    doc.get(log, "", "version", int)
    status = doc.text(log, "", "status")
    if status != "success":
        doc.fail(f"the run did not succeed (status {status!r}): its scores are not a "
                 "measurement", "/status")
    spec = doc.obj(doc.get(log, "", "eval", dict), "/eval")
    task = doc.text(spec, "/eval", "task")
    model = doc.text(spec, "/eval", "model")
    packages = doc.get(spec, "/eval", "packages", dict, required=False) or {}
    version = packages.get("inspect_ai") if isinstance(packages.get("inspect_ai"), str) else None
    stats = doc.get(log, "", "stats", dict, required=False) or {}
    if stats.get("started_at"):
        run_at, recorded = _utc(doc, stats["started_at"], "/stats/started_at")
    else:
        run_at, recorded = _utc(doc, spec.get("created"), "/eval/created")
    results = doc.get(log, "", "results", dict)
    completed = doc.count(results, "/results", "completed_samples", required=False)
    entries = []
    for index, score in enumerate(doc.get(results, "/results", "scores", list)):
        pointer = f"/results/scores/{index}"
        score = doc.obj(score, pointer)
        scorer = doc.text(score, pointer, "name")
        scored = doc.count(score, pointer, "scored_samples", required=False)
        metrics = doc.get(score, pointer, "metrics", dict)
        for key, metric in metrics.items():
            where = f"{pointer}/metrics/{_escape(key)}"
            metric = doc.obj(metric, where)
            value = _finite(metric.get("value"))
            if value is None:  # a metric inspect_ai could not compute (NaN, null)
                continue
            entries.append(EvaluationEvidence(
                tool=EvaluationTool.INSPECT_AI.value, tool_version=version, report=name,
                report_sha256=sha256, task=task,
                metric=doc.text(metric, where, "name", required=False) or key,
                value=value, samples=scored if scored is not None else completed, model=model,
                run_at=run_at, run_at_offset_recorded=recorded, scorer=scorer))
    return tuple(entries)


def _inspect_eval_header(name: str, raw: bytes) -> bytes:
    """header.json of an inspect_ai .eval archive, decompressed within the byte cap."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        info = archive.getinfo("header.json")
    except KeyError:
        raise FtcomplyError.at(
            "inspect_ai .eval log has no header.json: the run did not finish (or this zip "
            "archive is not an inspect_ai log)", name) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FtcomplyError.at(f"not a readable zip archive: {exc}", name) from None
    if info.file_size > MAX_EVAL_HEADER_BYTES:
        raise FtcomplyError.at(
            f"header.json of the .eval log is larger than {MAX_EVAL_HEADER_BYTES} bytes", name)
    if info.compress_type == _ZIP_ZSTANDARD:
        data = _zstd(name, _stored_member(name, raw, info), MAX_EVAL_HEADER_BYTES)
    elif info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        try:
            with archive.open(info) as member:
                data = member.read(MAX_EVAL_HEADER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise FtcomplyError.at(f"cannot read header.json of the .eval log: {exc}",
                                   name) from None
    else:
        raise FtcomplyError.at(
            f"header.json of the .eval log uses zip compression method {info.compress_type}, "
            "which ftcomply does not read", name)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise FtcomplyError.at("header.json of the .eval log is corrupt (size or CRC-32 "
                               "differs from the archive's directory)", name)
    return data


_ZIP_ZSTANDARD = 93
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _stored_member(name: str, raw: bytes, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of a member, located through its local file header."""
    start = info.header_offset
    header = raw[start:start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise FtcomplyError.at("corrupt .eval archive: bad local header for header.json", name)
    fields = _LOCAL_HEADER.unpack(header)
    name_length, extra_length = fields[-2], fields[-1]
    member_name = raw[start + _LOCAL_HEADER.size:start + _LOCAL_HEADER.size + name_length]
    if member_name != b"header.json":
        raise FtcomplyError.at("corrupt .eval archive: header.json's local header names "
                               "another file", name)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    data = raw[begin:begin + info.compress_size]
    if len(data) != info.compress_size:
        raise FtcomplyError.at("corrupt .eval archive: header.json is truncated", name)
    return data


def _zstd(name: str, data: bytes, limit: int) -> bytes:
    """Decompress Zstandard frames, at most `limit + 1` bytes (more means too large)."""
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14
    except ImportError:
        zstd = None
    try:
        if zstd is not None:
            with zstd.ZstdFile(io.BytesIO(data)) as stream:
                return _read_up_to(stream, limit + 1)
        try:
            import zstandard
        except ImportError:
            raise FtcomplyError.at(
                "this inspect_ai .eval log is compressed with Zstandard: reading it needs "
                "the zstandard package (or Python 3.14); or convert it with `inspect log "
                "convert --to json`", name) from None
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data),
                                                             read_across_frames=True)
        with reader:
            return _read_up_to(reader, limit + 1)
    except FtcomplyError:
        raise
    except Exception as exc:  # a corrupt frame: each library raises its own error type
        raise FtcomplyError.at(f"cannot decompress header.json of the .eval log: {exc}",
                               name) from None


def _read_up_to(stream: Any, size: int) -> bytes:
    chunks, total = [], 0
    while total < size:
        chunk = stream.read(min(1 << 20, size - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


# --- lm-evaluation-harness ---------------------------------------------------------------

# The model_args keys lm-eval names a model by, in its own order of precedence
# (lm_eval.loggers.evaluation_tracker.GeneralConfigTracker._get_model_name).
_LM_EVAL_MODEL_KEYS = ("peft", "delta", "pretrained", "model", "path", "engine")
_LM_EVAL_NOT_METRICS = {"alias", "name", "sample_len", "sample_count"}


def read_lm_eval_results(name: str, sha256: str, results: Any
                         ) -> tuple[EvaluationEvidence, ...]:
    """Entries of an lm-evaluation-harness results JSON."""
    doc = _Doc(name, "lm-evaluation-harness results")
    results = doc.obj(results, "")
    version = doc.text(results, "", "lm_eval_version", required=False)
    config = doc.get(results, "", "config", dict, required=False) or {}
    model = _lm_eval_model(config)
    run_at, recorded = _utc(doc, results.get("date"), "/date")
    counts = doc.get(results, "", "n-samples", dict, required=False) or {}
    entries = []
    for task, metrics in doc.get(results, "", "results", dict).items():
        pointer = f"/results/{_escape(task)}"
        metrics = doc.obj(metrics, pointer)
        samples = _lm_eval_samples(doc, counts, task)
        for key, raw in metrics.items():
            value = _finite(raw)
            if key in _LM_EVAL_NOT_METRICS or value is None:  # "N/A" stderr, names
                continue
            metric, _, filter_name = key.partition(",")
            entries.append(EvaluationEvidence(
                tool=EvaluationTool.LM_EVAL.value, tool_version=version, report=name,
                report_sha256=sha256, task=task, metric=metric, value=value, samples=samples,
                model=model, run_at=run_at, run_at_offset_recorded=recorded,
                scorer=filter_name or None))
    return tuple(entries)


def _lm_eval_model(config: dict[str, Any]) -> str | None:
    args = config.get("model_args")
    if isinstance(args, dict):
        for key in _LM_EVAL_MODEL_KEYS:
            if args.get(key) not in (None, ""):
                return str(args[key])
    elif isinstance(args, str):
        pairs = dict(part.split("=", 1) for part in args.split(",") if "=" in part)
        for key in _LM_EVAL_MODEL_KEYS:
            if pairs.get(key):
                return pairs[key]
    model = config.get("model")
    return model if isinstance(model, str) and model else None


def _lm_eval_samples(doc: _Doc, counts: dict[str, Any], task: str) -> int | None:
    entry = counts.get(task)
    if not isinstance(entry, dict):
        return None
    pointer = f"/n-samples/{_escape(task)}"
    effective = doc.count(entry, pointer, "effective", required=False)
    return effective if effective is not None else doc.count(entry, pointer, "original",
                                                             required=False)


# --- garak -------------------------------------------------------------------------------

def _garak_first_line(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        entry = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(entry, dict) and "entry_type" in entry


def _garak_lines(name: str, text: str) -> list[tuple[int, Any]]:
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            lines.append((number, _json(name, line, line=number)))
    return lines


def read_garak_report(name: str, sha256: str, lines: list[tuple[int, Any]]
                      ) -> tuple[EvaluationEvidence, ...]:
    """Entries of a garak report.jsonl: its digest entry, one per probe and detector.

    `lines` are (line number, parsed JSON) of the report's non-empty lines.
    """
    digest = None
    init: dict[str, Any] = {}
    for number, entry in lines:
        doc = _Doc(name, "garak report", number)
        entry = doc.obj(entry, "")
        kind = doc.text(entry, "", "entry_type")
        if kind == "digest":
            if digest is not None:
                doc.fail("a second digest entry", "/entry_type")
            digest = number, entry
        elif kind == "init":
            init = entry
    if digest is None:
        raise FtcomplyError.at("garak report has no digest entry: the run did not finish "
                               "(garak writes the digest last)", name)
    number, entry = digest
    doc = _Doc(name, "garak report digest", number)
    meta = doc.get(entry, "", "meta", dict)
    version = doc.text(meta, "/meta", "garak_version", required=False)
    if version is None and isinstance(init.get("garak_version"), str):
        version = init["garak_version"]
    start = meta.get("start_time") or init.get("start_time")
    run_at, recorded = _utc(doc, start, "/meta/start_time")
    model = doc.text(meta, "/meta", "target_name", required=False) or doc.text(
        meta, "/meta", "target_type", required=False)
    entries = []
    for group, probes in doc.get(entry, "", "eval", dict).items():
        if group == "_summary":
            continue
        group_pointer = f"/eval/{_escape(group)}"
        for probe, detectors in doc.obj(probes, group_pointer).items():
            if probe == "_summary":
                continue
            probe_pointer = f"{group_pointer}/{_escape(probe)}"
            for detector, result in doc.obj(detectors, probe_pointer).items():
                if detector == "_summary":
                    continue
                pointer = f"{probe_pointer}/{_escape(detector)}"
                result = doc.obj(result, pointer)
                total = doc.count(result, pointer, "total_evaluated")
                passed = doc.count(result, pointer, "passed")
                if passed > total:
                    doc.fail("passed is larger than total_evaluated", f"{pointer}/passed")
                score = _finite(doc.get(result, pointer, "absolute_score", _NUMBER))
                if score is None:
                    doc.fail("absolute_score is not a finite number", f"{pointer}/absolute_score")
                entries.append(EvaluationEvidence(
                    tool=EvaluationTool.GARAK.value, tool_version=version, report=name,
                    report_sha256=sha256, task=probe, metric="absolute_score", value=score,
                    samples=total, model=model, run_at=run_at, run_at_offset_recorded=recorded,
                    scorer=detector, passed=passed, failed=total - passed))
    return tuple(entries)


# --- promptfoo ---------------------------------------------------------------------------

def read_promptfoo_results(name: str, sha256: str, output: Any
                           ) -> tuple[EvaluationEvidence, ...]:
    """Entries of a promptfoo `-o results.json` (results version 3): one per prompt."""
    doc = _Doc(name, "promptfoo results")
    output = doc.obj(output, "")
    results = doc.get(output, "", "results", dict)
    results_version = doc.get(results, "/results", "version", int)
    if results_version != 3:
        doc.fail(f"results version {results_version} is not supported (version 3, "
                 "promptfoo 0.50 and later, is)", "/results/version")
    metadata = doc.get(output, "", "metadata", dict, required=False) or {}
    version = metadata.get("promptfooVersion")
    version = version if isinstance(version, str) and version else None
    stamp = results.get("timestamp") or metadata.get("evaluationCreatedAt")
    run_at, recorded = _utc(doc, stamp, "/results/timestamp")
    config = doc.get(output, "", "config", dict, required=False) or {}
    description = config.get("description")
    prompts = doc.get(results, "/results", "prompts", list)
    entries = []
    for index, prompt in enumerate(prompts):
        pointer = f"/results/prompts/{index}"
        prompt = doc.obj(prompt, pointer)
        label = doc.text(prompt, pointer, "label", required=False) or doc.text(
            prompt, pointer, "raw", required=False) or f"prompt {index}"
        if isinstance(description, str) and description.strip():
            task = description if len(prompts) == 1 else f"{description}: {label}"
        else:
            task = label
        provider = doc.text(prompt, pointer, "provider", required=False)
        metrics = doc.get(prompt, pointer, "metrics", dict)
        where = f"{pointer}/metrics"
        passed = doc.count(metrics, where, "testPassCount")
        failed = doc.count(metrics, where, "testFailCount")
        errors = doc.count(metrics, where, "testErrorCount", required=False) or 0
        total = passed + failed + errors
        if total == 0:
            continue  # no test ran against this prompt: nothing was measured
        entries.append(EvaluationEvidence(
            tool=EvaluationTool.PROMPTFOO.value, tool_version=version, report=name,
            report_sha256=sha256, task=task, metric="pass_rate", value=passed / total,
            samples=total, model=provider, run_at=run_at, run_at_offset_recorded=recorded,
            passed=passed, failed=failed, errors=errors))
    return tuple(entries)


_READERS = {
    EvaluationTool.INSPECT_AI: read_inspect_log,
    EvaluationTool.LM_EVAL: read_lm_eval_results,
    EvaluationTool.GARAK: read_garak_report,
    EvaluationTool.PROMPTFOO: read_promptfoo_results,
}
