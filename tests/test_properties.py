"""Property tests: no descriptor, however random or broken, crashes ftcomply (issue 8).

What is claimed, for every input hypothesis generates:

1. Schema-valid descriptors (from `descriptor_strategies`, which derives them
   from the descriptor schema), as YAML and as JSON, read back as written and
   are evaluated: a result for every control, statuses from the allowed set,
   each finding with a JSON pointer and, when the pointer exists, its line.
2. Near-valid descriptors (valid ones with keys removed, values of the wrong
   type, unknown keys) never raise: they end evaluated or with schema errors
   that each carry an existing pointer and its line and column.
3. Every report format renders reports of random descriptors; JSON parses,
   SARIF validates against the OASIS 2.1.0 schema, JUnit parses with
   junitparser, OSCAL validates with compliance-trestle's model, HTML and
   Markdown carry no `<script` from descriptor text, GitHub output no
   injected workflow command.
4. Mutated bytes of the examples and of generated descriptors never raise
   anything but FtcomplyError in process, and through the real CLI never show
   a traceback or an internal error: exit 0, 1 or 2, and exit 2 always with
   `ftcomply: error:` lines.
5. The embedded engine lets nothing but EngineError out (a pyo3 panic is a
   BaseException), whatever the envelope holds.
6. Mutated config, waivers and baseline files fail only as FtcomplyError.

Budget and reproduction:

- The normal run is bounded: about 600 examples, 20 of them CLI runs (about
  30 s on two cores). `FTCOMPLY_FUZZ_EXAMPLES=N pytest tests/test_properties.py`
  runs each in-process property N times (the report property N // 4 times)
  and the CLI property N // 10 times; N=1000 takes about five minutes.
- With `CI` set, the profile `ftcomply-ci` derandomizes: the same examples on
  every run, so a CI failure reproduces locally with `CI=1 pytest ...`.
  Locally (`ftcomply-dev`) examples are random; a failure prints its
  `@reproduce_failure` blob and is replayed first on the next run, from
  hypothesis' example database in `.hypothesis/` (which git ignores).
  `--hypothesis-profile` and `--hypothesis-seed=N` work as usual.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from descriptor_strategies import (
    HOSTILE_TEXT,
    RENDERERS,
    descriptors,
    json_values,
    near_valid_descriptors,
    to_json,
    to_yaml,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml
from support import AS_OF, EXAMPLES, ROOT, run_cli
from trestle.oscal.assessment_results import AssessmentResults

from ftcomply.baseline import load_baseline
from ftcomply.catalog import Catalog
from ftcomply.config import check_against_catalog, load_config
from ftcomply.engine import EngineError, Verdicts
from ftcomply.engine.regorus_backend import RegorusEngine
from ftcomply.errors import FtcomplyError
from ftcomply.loader import SourceDocument, load_documents
from ftcomply.models import DocumentResult, InputError, Location, Report, Severity, Status
from ftcomply.output import FORMATS, RenderOptions, renderer
from ftcomply.pipeline import Checker, CheckOptions
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator
from ftcomply.waivers import load_waivers

settings.register_profile(
    "ftcomply-ci", deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ftcomply-dev", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow],
)
if settings.get_current_profile_name() == "default":  # --hypothesis-profile wins
    settings.load_profile("ftcomply-ci" if os.environ.get("CI") else "ftcomply-dev")

_REQUESTED = int(os.environ.get("FTCOMPLY_FUZZ_EXAMPLES") or 0)


def budget(default: int, share: float = 1.0) -> settings:
    """`default` examples, or `share` of FTCOMPLY_FUZZ_EXAMPLES when that is larger."""
    return settings(max_examples=max(default, int(_REQUESTED * share)))


EVALUATED_STATUSES = {Status.PASS, Status.FAIL, Status.NOT_APPLICABLE}
SARIF_SCHEMA = ROOT / "tests" / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def checker(catalog) -> Checker:
    return Checker(catalog, CheckOptions(paths=(), as_of=AS_OF))


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator  # what the OASIS file declares
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


# --- what every outcome must look like ---------------------------------------------------

def _resolves(data: Any, pointer: str) -> bool:
    """Whether an RFC 6901 pointer names a node of `data`."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False
    return True


def _assert_located(error: InputError, source: SourceDocument) -> None:
    """A schema error: one line of text, an existing pointer, that pointer's line:column."""
    assert error.message and "\n" not in error.message, error
    assert error.pointer is not None and _resolves(source.data, error.pointer), error
    assert error.location == source.locate(error.pointer), error
    positions = source.located_positions()
    if error.pointer in positions:
        assert error.location == Location(source.path, *positions[error.pointer]), error
    else:  # JSON that YAML reads differently (a DEL, U+2028…) is located at the document
        assert set(positions) == {""} and source.json_text is not None, error


def _assert_evaluated(result: DocumentResult, source: SourceDocument, catalog: Catalog
                      ) -> None:
    """A result per control in catalog order, allowed statuses, findings located."""
    assert not result.errors, [str(e) for e in result.errors]
    assert [r.control.id for r in result.results] == [c.id for c in catalog.controls]
    for control_result in result.results:
        assert control_result.status in EVALUATED_STATUSES
        assert control_result.status is control_result.raw_status
        assert (control_result.status is Status.FAIL) == bool(control_result.findings)
        for finding in control_result.findings:
            assert finding.message and "\n" not in finding.message, finding
            assert finding.pointer == "" or finding.pointer.startswith("/"), finding
            assert finding.location.file == source.path
            assert finding.location.line is not None and finding.location.column is not None
            positions = source.located_positions()
            if _resolves(source.data, finding.pointer) and finding.pointer in positions:
                assert finding.location == Location(
                    source.path, *positions[finding.pointer]), finding


def _check(checker: Checker, name: str, raw: bytes) -> list[tuple[SourceDocument, DocumentResult]]:
    return [(source, checker.check_document(source)) for source in load_documents(name, raw)]


def _verdicts(result: DocumentResult) -> list[tuple[str, Status, tuple[str, ...]]]:
    """What a result says, without where: the same for a YAML and a JSON rendering."""
    return [(r.control.id, r.status, tuple(f.pointer for f in r.findings))
            for r in result.results]


# --- 1. valid descriptors ------------------------------------------------------------------

@budget(40)
@given(document=descriptors())
def test_valid_descriptors_are_evaluated_in_yaml_and_json(checker, document):
    outcomes = []
    for fmt, render in RENDERERS.items():
        ((source, result),) = _check(checker, f"job.{fmt}", render(document))
        assert source.data == document, f"{fmt} did not read back as written"
        _assert_evaluated(result, source, checker.catalog)
        outcomes.append(_verdicts(result))
    assert outcomes[0] == outcomes[1], "YAML and JSON renderings were judged differently"


# --- 2. near-valid descriptors --------------------------------------------------------------

@budget(60)
@given(document=near_valid_descriptors())
def test_near_valid_descriptors_end_evaluated_or_with_located_errors(checker, document):
    for fmt, render in RENDERERS.items():
        ((source, result),) = _check(checker, f"job.{fmt}", render(document))
        assert source.data == document
        event("schema errors" if result.errors else "evaluated")
        if result.errors:
            assert not result.results
            for error in result.errors:
                _assert_located(error, source)
        else:
            _assert_evaluated(result, source, checker.catalog)


# --- 3. every report format ---------------------------------------------------------------

class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_no_active_markup(text: str) -> None:
    assert "<script" not in text.lower()
    for tag, attrs in _Tags(text).tags:
        assert tag != "script"
        assert not [name for name, _ in attrs if name.startswith("on")], (tag, attrs)


def _check_rendering(fmt: str, text: str, report: Report, sarif_validator) -> None:
    """What each format promises its consumer, on any report."""
    if fmt in ("json", "oscal", "sarif"):
        parsed = json.loads(text)
    if fmt == "sarif":
        errors = list(sarif_validator.iter_errors(parsed))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:3]]
    elif fmt == "oscal":
        AssessmentResults.model_validate(parsed["assessment-results"])
    elif fmt == "junit":
        cases = [case for suite in JUnitXml.fromstring(text) for case in suite]
        assert len(cases) >= sum(len(d.results) for d in report.documents)
    elif fmt in ("html", "markdown"):
        _assert_no_active_markup(text)
    elif fmt == "github":
        *annotations, summary = text.rstrip("\n").split("\n")
        assert summary.startswith("ftcomply: ")
        assert all(line.startswith(("::error ", "::warning ", "::notice "))
                   for line in annotations), "a descriptor value started a line of its own"


_MISSING = InputError("no such file or directory", Location(f"jobs/{HOSTILE_TEXT[0]}.yaml"))


@budget(15, share=0.25)
@given(
    documents=st.lists(st.one_of(descriptors(), near_valid_descriptors()), min_size=1,
                       max_size=3),
    fail_on=st.sampled_from(Severity),
    run_errors=st.sampled_from([(), (_MISSING,)]),
    quiet=st.booleans(),
)
def test_every_format_renders_random_reports(checker, sarif_validator, documents, fail_on,
                                             run_errors, quiet):
    results = []
    for index, document in enumerate(documents):
        name = f"jobs/{HOSTILE_TEXT[index % 3]}-{index}.yaml"
        results.extend(result for _, result in _check(checker, name, to_yaml(document)))
    info = replace(checker.run_info(), fail_on=fail_on)
    report = Report(info, checker.catalog.controls, tuple(results), run_errors)
    for fmt in FORMATS:
        text = renderer(fmt)(report, RenderOptions(quiet=quiet))
        assert isinstance(text, str)
        _check_rendering(fmt, text, report, sarif_validator)


# --- 4. mutated bytes ----------------------------------------------------------------------

def _seeds() -> list[tuple[str, bytes]]:
    """The examples as written and as JSON: the bytes the mutations start from."""
    seeds = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        raw = path.read_bytes()
        (source,) = load_documents(path.name, raw)
        seeds += [(path.name, raw), (path.with_suffix(".json").name, to_json(source.data))]
    return seeds


SEEDS = _seeds()
# What YAML and hostile input are made of: anchors, aliases, code-running tags, flow
# collections, tabs, NUL, invalid UTF-8, a BOM, merge keys, document markers, escapes.
SPLICES = (
    b"&a ", b"*a", b" !!python/object/apply:os.system ['id']", b"!!binary ", b"{", b"[", b"}",
    b"]", b"\t", b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf",
    b"<<: *a\n", b"\n---\n", b"\n...\n", b"? ", b"- ", b": ", b"'", b'"', b"\\ud800",
    b"1e999", b"%YAML 1.1\n", b"!", b"|", b">", b"#", b"\r", b"\x7f", b"\xc2\x85",
    b",", b"@", b"`", b"~", b"&a [*a, *a, *a]", b"!!set ", b"!!timestamp ", b"0x1F",
)


@st.composite
def mutated(draw: st.DrawFn, raw: bytes) -> bytes:
    """`raw` after 1-6 byte-level edits: bit flips, random bytes, splices, deletions,
    truncation, a region duplicated elsewhere."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(("flip", "insert", "splice", "delete", "truncate",
                                     "duplicate")))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif edit == "splice":
            data[at:at] = draw(st.sampled_from(SPLICES))
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif edit == "truncate":
            del data[at:]
        elif edit == "duplicate":
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start:start + draw(st.integers(1, 256))]
    return bytes(data)


@st.composite
def mutated_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A mutated example (one time in ten, a mutated generated descriptor) and its name."""
    if draw(st.integers(0, 9)) == 0:
        render = draw(st.sampled_from(sorted(RENDERERS)))
        name, raw = f"generated.{render}", RENDERERS[render](draw(descriptors()))
    else:
        name, raw = draw(st.sampled_from(SEEDS))
    return name, draw(mutated(raw))


@budget(300)
@given(mutant=mutated_bytes())
def test_mutated_bytes_never_raise_in_process(checker, mutant):
    name, raw = mutant
    try:
        checked = _check(checker, name, raw)
    except FtcomplyError as exc:
        event("not loaded")
        assert exc.errors
        for error in exc.errors:
            assert error.message and "\n" not in error.message, error
            assert error.location.file == name
        return
    for source, result in checked:
        event("schema errors" if result.errors else "evaluated")
        if result.errors:
            for error in result.errors:
                _assert_located(error, source)
        else:
            _assert_evaluated(result, source, checker.catalog)


@budget(20, share=0.1)
@given(mutant=mutated_bytes(), fmt=st.sampled_from(sorted(FORMATS)))
def test_mutated_bytes_through_the_cli_never_show_a_traceback(mutant, fmt):
    name, raw = mutant
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(raw)
        process = run_cli("check", "--as-of", AS_OF, "--format", fmt, str(path))
    event(f"exit {process.returncode}")
    assert "Traceback" not in process.stderr
    assert "internal error" not in process.stderr
    assert process.returncode in (0, 1, 2), process.stderr
    errors = [line for line in process.stderr.split("\n") if line.startswith("ftcomply: error: ")]
    assert (process.returncode == 2) == bool(errors), process.stderr


# --- 6. config, waivers and baseline files ---------------------------------------------

AUXILIARY_SEEDS = {
    "ftcomply.yaml": (
        b"params:\n  max_harmful_score_delta: 0.01\n  denied_licenses: [\"CC-BY-NC-*\"]\n"
        b"policies: [org-policies/]\nfail_on: high\ndisable: [POST-EVAL-03]\n"
        b"format: text\noutput: report.txt\nreports: {json: reports/ftcomply.json}\n"
        b"baseline: old.json\nverify: {enabled: true, allow_roots: [/data]}\n"
    ),
    "waivers.yaml": (
        b"waivers:\n  - id: W-1\n    control: POST-EVAL-02\n    jobs: [\"sales-*\"]\n"
        b"    justification: second benchmark not licensed until Q1\n"
        b"    approved_by: jane.doe@example.com\n    ticket: SEC-1\n    expires: 2026-12-31\n"
    ),
    "baseline.json": json.dumps({"documents": [{"name": "sales-agent-qlora", "results": [
        {"control_id": "PRE-DATA-01", "status": "fail",
         "findings": [{"path": "/datasets/0/sha256"}]}]}]}, indent=2).encode(),
}


def _read_auxiliary(path: Path, catalog: Catalog) -> None:
    if path.name == "ftcomply.yaml":
        check_against_catalog(load_config(path), catalog)
    elif path.name == "waivers.yaml":
        load_waivers(path, catalog)
    else:
        load_baseline(path)


@budget(100)
@given(name=st.sampled_from(sorted(AUXILIARY_SEEDS)), data=st.data())
def test_mutated_configs_waivers_and_baselines_fail_only_as_one_line_errors(checker, name,
                                                                             data):
    raw = data.draw(mutated(AUXILIARY_SEEDS[name]))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(raw)
        try:
            _read_auxiliary(path, checker.catalog)
        except FtcomplyError as exc:
            event(f"{name}: error")
            assert exc.errors
            assert all(e.message and "\n" not in e.message for e in exc.errors), exc
        else:
            event(f"{name}: read")


# --- 5. the engine wrapper -----------------------------------------------------------------

def _deep(depth: int, leaf: Any) -> Any:
    for level in range(depth):
        leaf = [leaf] if level % 2 else {"k": leaf}
    return leaf


# Valid JSON of any type and size: what a schema-invalid descriptor could put anywhere.
_ODD_JSON = st.one_of(
    json_values(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.builds(_deep, st.integers(1, 140), st.just("leaf")),  # the engine parses 128 levels
    st.just("x" * 100_000),
)
# What the loader never lets through, but the wrapper must survive: NaN and infinities
# (json.dumps writes them, JSON parsers refuse them) and lone surrogates.
_NOT_JSON = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1,
            max_size=3),
)
_ODD_VALUES = st.one_of(_ODD_JSON, _ODD_JSON, _ODD_JSON, _NOT_JSON)


@st.composite
def odd_envelopes(draw: st.DrawFn) -> dict[str, Any]:
    """Policy inputs with an odd value somewhere: in the descriptor, as_of or evidence."""
    document = json.loads(json.dumps(draw(descriptors())))
    nodes: list[tuple[Any, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict | list):
            for key, child in node.items() if isinstance(node, dict) else enumerate(node):
                nodes.append((node, key))
                collect(child)

    collect(document)
    for _ in range(draw(st.integers(1, 3))):
        holder, key = draw(st.sampled_from(nodes))
        holder[key] = draw(_ODD_JSON)
    envelope = {"descriptor": document, "as_of": AS_OF}
    slot = draw(st.sampled_from(("descriptor", "as_of", "evidence", "none")))
    if slot != "none":
        envelope[slot] = draw(_ODD_VALUES)
    return envelope


@pytest.fixture(scope="module")
def engine(catalog) -> RegorusEngine:
    return RegorusEngine.compile(catalog, catalog.parameter_values(None))


@budget(60)
@given(envelope=odd_envelopes())
def test_only_engine_errors_leave_the_engine(engine, envelope):
    try:
        verdicts = engine.evaluate(envelope)
    except EngineError as exc:
        event("EngineError")
        assert str(exc) and "Stack backtrace" not in str(exc)
        return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a pyo3 panic is a BaseException
        raise AssertionError(f"{type(exc).__name__} escaped the engine: {exc}") from exc
    assert isinstance(verdicts, Verdicts)
    ids = {c.id for c in engine.catalog.controls}
    assert set(verdicts.deny) <= ids and verdicts.applicable <= ids


@pytest.fixture(scope="module")
def interpreter(catalog) -> RegorusEngine:
    return RegorusEngine.compile(catalog, catalog.parameter_values(None), with_tests=True)


def _verdicts_or_error(engine: RegorusEngine, envelope: dict[str, Any]) -> Any:
    try:
        verdicts = engine.evaluate(envelope)
    except EngineError:
        return "EngineError"
    return ({cid: sorted(json.dumps(f, sort_keys=True) for f in findings)
             for cid, findings in verdicts.deny.items()}, verdicts.applicable)


@budget(60)
@given(descriptor=descriptors())
def test_rvm_and_interpreter_agree(engine, interpreter, descriptor):
    """The RVM answers the built-in controls; it must say what the interpreter says."""
    envelope = {"descriptor": json.loads(json.dumps(descriptor)), "as_of": AS_OF}
    assert _verdicts_or_error(engine, envelope) == _verdicts_or_error(interpreter, envelope)


@budget(60)
@given(envelope=odd_envelopes())
def test_rvm_and_interpreter_agree_on_odd_input(engine, interpreter, envelope):
    """Where the interpreter stops at a builtin error (on input the pipeline never builds,
    such as a numeric as_of), the RVM reads it as undefined, as OPA does; elsewhere the
    two agree."""
    envelope = json.loads(json.dumps(envelope, allow_nan=True))
    expected = _verdicts_or_error(interpreter, envelope)
    if expected != "EngineError":
        assert _verdicts_or_error(engine, envelope) == expected


# --- regressions these properties found ---------------------------------------------------

@pytest.mark.parametrize(("raw", "column"), [
    (b"lr: 1e999\n", 5), (b"lr: -2E+400\n", 5), (b'{"lr": 1e999}', 8),
])
def test_exponent_numbers_beyond_float_range_are_located_errors(raw, column):
    """`1e999` used to load as infinity and fail later as `policy evaluation failed`."""
    with pytest.raises(FtcomplyError) as caught:
        load_documents("job.yaml", raw)
    (error,) = caught.value.errors
    assert "non-finite number" in error.message
    assert (error.location.line, error.location.column) == (1, column)


@pytest.mark.parametrize(("raw", "where"), [
    ('a: 1\nb: "é€\x7f"\n'.encode(), (2, 7)),
    ('{"a": "\x9f"}'.encode(), (1, 8)),
])
def test_unacceptable_characters_are_one_located_line(raw, where):
    """libyaml's reader errors used to print two lines and no line:column."""
    with pytest.raises(FtcomplyError) as caught:
        load_documents("job.yaml", raw)
    (error,) = caught.value.errors
    assert "\n" not in error.message
    assert "unacceptable character U+00" in error.message
    assert (error.location.line, error.location.column) == where


def test_unknown_keys_with_control_characters_are_quoted_on_one_line():
    """An unknown key holding a newline used to split its error message in two."""
    raw = b'apiVersion: ftcomply/v1\n"a\\nb\\e[31m": 1\n'
    (source,) = load_documents("job.yaml", raw)
    (error,) = [e for e in SchemaValidator.load(schema_path()).errors(source)
                if e.pointer == "/a\nb\x1b[31m"]
    assert error.message.startswith('unknown field "a\\nb\\u001b[31m"; ')


@pytest.mark.parametrize("key", ["waivers", "baseline", "output", "reports", "policies"])
def test_config_paths_with_nul_are_located_errors(tmp_path, key):
    """A NUL in a configured path used to end in `internal error: ValueError`."""
    value = {"reports": '{json: "a\\0b"}', "policies": '[ok, "a\\0b"]'}.get(key, '"a\\0b"')
    config = tmp_path / "ftcomply.yaml"
    config.write_text(f"{key}: {value}\n")
    with pytest.raises(FtcomplyError) as caught:
        load_config(config)
    (error,) = caught.value.errors
    assert error.message == "a path cannot hold a NUL character"
    assert error.location.line == 1 and error.pointer.startswith(f"/{key}")


@pytest.mark.parametrize(("raw", "message"), [
    (b"\xff\xfe{}", "baseline is not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "baseline is nested too deeply"),
])
def test_unreadable_baselines_are_errors(tmp_path, raw, message):
    """These used to end in `internal error: UnicodeDecodeError` or `RecursionError`."""
    path = tmp_path / "baseline.json"
    path.write_bytes(raw)
    with pytest.raises(FtcomplyError, match=message):
        load_baseline(path)
