"""The loader: positions, timestamps, multi-document files and hostile-input limits."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import AS_OF, EXAMPLES, run_cli

from ftcomply import loader
from ftcomply.errors import FtcomplyError
from ftcomply.loader import load_documents


def load(text: str, name: str = "job.yaml"):
    return load_documents(name, text.encode())


def error_of(text: str) -> str:
    with pytest.raises(FtcomplyError) as info:
        load(text)
    return str(info.value)


def test_positions_map_pointers_to_lines_and_columns():
    doc = load("a: 1\nlist:\n  - x: 2\n    y: [3, 4]\n")[0]
    assert doc.data == {"a": 1, "list": [{"x": 2, "y": [3, 4]}]}
    assert doc.positions["/a"] == (1, 1)
    assert doc.positions["/list/0"] == (3, 5)
    assert doc.positions["/list/0/y"] == (4, 5)
    assert doc.positions["/list/0/y/1"] == (4, 12)


def test_locate_falls_back_to_nearest_parent():
    doc = load("datasets:\n  - name: a\n")[0]
    location = doc.locate("/datasets/0/sha256")
    assert (location.file, location.line, location.column) == ("job.yaml", 2, 5)


def test_pointer_tokens_are_escaped():
    doc = load('"a/b": {"c~d": 1}\n')[0]
    assert doc.positions["/a~1b/c~0d"] == (1, 9)


def test_json_gets_positions_too():
    doc = load_documents("job.json", b'{\n  "a": {\n    "b": [1, 2]\n  }\n}\n')[0]
    assert doc.data == {"a": {"b": [1, 2]}}
    assert (doc.locate("/a/b").line, doc.locate("/a/b").column) == (3, 5)


def test_json_is_read_with_json_semantics():
    # Escaped surrogate pairs (json.dumps's default for emoji) and U+2028 inside a string
    # are plain JSON; YAML would refuse the first and turn the second into a space.
    raw = '{"name": "\\ud83d\\ude00", "text": "a\u2028b", "n": 2e-4}'.encode()
    doc = load_documents("job.json", raw)[0]
    assert doc.data == {"name": "\U0001F600", "text": "a\u2028b", "n": 0.0002}
    assert doc.locate("/name").line == 1  # located at least to the document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1,\n "a": 2}', "job.json:2:2: duplicate key 'a'"),
        ('{"a": NaN}', "non-finite number"),
        ('{"a": 1e999}', "non-finite number"),
        ('{"a": [1, 2}', "job.json:1:12: invalid JSON"),
        ("[" * 5000 + "]" * 5000, "nesting deeper than"),
    ],
)
def test_bad_json_is_a_located_error(text, expected):
    with pytest.raises(FtcomplyError) as info:
        load_documents("job.json", text.encode())
    assert expected in str(info.value)


def test_unquoted_timestamps_become_rfc3339_strings():
    doc = load("t: 2026-11-20T10:00:00Z\nu: 2026-11-20 10:00:00+02:00\nd: 2026-11-20\n")[0]
    assert doc.data == {
        "t": "2026-11-20T10:00:00Z",
        "u": "2026-11-20T10:00:00+02:00",
        "d": "2026-11-20",
    }


def test_multi_document_files_keep_their_index():
    docs = load("a: 1\n---\nb: 2\n---\n")
    assert [(d.index, d.data) for d in docs] == [(0, {"a": 1}), (1, {"b": 2})]
    assert docs[0].sha256 == docs[1].sha256  # digest of the file, as sha256sum shows it


def test_merge_keys_are_resolved():
    doc = load("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n")[0]
    assert doc.data["derived"] == {"x": 1, "y": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag !!python/"),
        ("a: !!binary aGVsbG8=\n", "unsupported YAML tag !!binary"),
        ("a: 1\na: 2\n", "job.yaml:2:1: duplicate key 'a'"),
        ("1: x\n", "keys must be strings"),
        ("a: .nan\n", "non-finite number"),
        ("a: .inf\n", "non-finite number"),
        ("a: [1, 2\n", "job.yaml:2:1: invalid YAML"),
        ("   \n", "file is empty"),
        ("---\n---\n", "contains no document"),
    ],
)
def test_bad_yaml_is_a_located_error(text, expected):
    assert expected in error_of(text)


def test_binary_and_invalid_utf8_are_rejected():
    with pytest.raises(FtcomplyError, match="binary content"):
        load_documents("x.yaml", b"\x00\x01\x02")
    with pytest.raises(FtcomplyError, match="not valid UTF-8"):
        load_documents("x.yaml", b"a: \xff\xfe\n")


def test_billion_laughs_hits_the_node_cap():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    assert "alias expansion" in error_of("\n".join(lines) + "\n")


def test_deep_nesting_is_capped():
    assert "nesting deeper than" in error_of("[" * 20000 + "]" * 20000)
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(100)) + "  " * 100 + "v: 1\n"
    assert "nesting deeper than" in error_of(block)


def test_long_strings_are_capped():
    assert "string longer than" in error_of("a: " + "x" * (loader.MAX_STRING_CHARS + 1) + "\n")


def test_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    with pytest.raises(FtcomplyError, match="larger than the 100 byte limit"):
        loader.read_source(str(path))


def test_document_count_cap(monkeypatch):
    monkeypatch.setattr(loader, "MAX_DOCUMENTS", 3)
    assert "more than 3 documents" in error_of("a: 1\n---\na: 1\n---\na: 1\n---\na: 1\n")


def test_exponent_numbers_are_numbers_in_json_and_plain_yaml():
    doc = load_documents("j.json", b'{"lr": 2e-4, "n": 1E3, "s": "1e3"}')[0]
    assert doc.data == {"lr": 0.0002, "n": 1000.0, "s": "1e3"}
    assert load("lr: 2e-4\nq: '2e-4'\n")[0].data == {"lr": 0.0002, "q": "2e-4"}


def test_the_loader_keeps_nothing_between_documents():
    """PyYAML's construct_object() remembers each node it builds; a shared constructor
    once kept every scalar node of a batch alive (30 KB a descriptor)."""
    load("n: 3\nf: 1.5\nb: true\nt: 2026-01-01T00:00:00Z\nnull_value: ~\n")
    assert loader._constructor.constructed_objects == {}


@given(st.one_of(st.text(max_size=12),
                 st.text(alphabet="0123456789.-+eE_:xXoObB~<=tTnNyYfF ", max_size=10)),
       st.tuples(st.booleans(), st.booleans()))
def test_tags_resolve_as_pyyaml_resolves_them(value, implicit):
    """The loader's shortened tag resolution gives PyYAML's answer for every scalar."""
    import yaml

    ours = loader._Loader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, value, implicit) == (
                yaml.resolver.Resolver().resolve(kind, value, implicit))
    finally:
        ours.dispose()


# --- lone surrogates ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "column", "escape"),
    [
        ('{"a": "\\ud800"}', 8, "\\ud800"),
        ('{"a": "x\\udc00"}', 9, "\\udc00"),
        ('{"a": "\\ud83d\\ud83d\\ude00"}', 8, "\\ud83d"),  # a high half, then a pair
        ('{"a": "\\ud83d x\\ude00"}', 8, "\\ud83d"),  # halves apart are two lone ones
        ('{"\\uDBFF": 1}', 3, "\\uDBFF"),  # keys too
    ],
)
def test_a_lone_surrogate_in_json_is_a_located_error(text, column, escape):
    """json reads `\\ud800` into a string no UTF-8 writer accepts: every report but JUnit
    failed with `internal error: UnicodeEncodeError`, losing the whole batch."""
    with pytest.raises(FtcomplyError) as info:
        load_documents("job.json", text.encode())
    [error] = info.value.errors
    assert (error.location.line, error.location.column) == (1, column)
    assert error.message == (f"lone surrogate {escape} in a string: half of a UTF-16 pair, "
                             "not a character (it cannot be written as UTF-8)")


def test_a_lone_surrogate_is_located_on_its_line():
    text = '{\n  "a": "ok",\n  "b": ["\\ud83d\\ude00", "\\\\ud800", "x\\ud800"]\n}\n'
    with pytest.raises(FtcomplyError) as info:
        load_documents("<stdin>", text.encode())
    [error] = info.value.errors
    assert (error.location.file, error.location.line) == ("<stdin>", 3)
    assert error.location.column == text.splitlines()[2].index("\\ud800\"]") + 1


def test_pairs_and_escaped_backslashes_are_not_surrogates():
    text = '{"a": "\\ud83d\\ude00", "b": "\\\\ud800", "c": "\\u00e9"}'
    assert load_documents("job.json", text.encode())[0].data == {
        "a": "\U0001F600", "b": "\\ud800", "c": "é"}


@pytest.mark.parametrize("escape", ["\\ud800", "\\U0000dc00"])
def test_a_lone_surrogate_in_yaml_is_a_located_error(escape):
    assert error_of(f'a: 1\nb: "{escape}"\n').startswith("job.yaml:2:")


def test_the_pure_python_yaml_reader_is_held_to_the_same_rule(monkeypatch):
    """PyYAML's own reader accepts `\\ud800` (libyaml does not); the builder refuses it."""
    import yaml

    class PurePython(yaml.SafeLoader):
        resolve = loader._Loader.resolve

    monkeypatch.setattr(loader, "_Loader", PurePython)
    assert error_of('a: 1\nb: "x\\ud800"\n') == (
        "job.yaml:2:4: lone surrogate \\ud800 in a string: half of a UTF-16 pair, not a "
        "character (it cannot be written as UTF-8)")


LONE_SURROGATE_JSON = '{"apiVersion": "ftcomply/v1", "kind": "FineTuningJob", "x": "\\ud800"}'


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text", "junit", "html", "oscal"])
def test_a_lone_surrogate_loses_only_its_own_document(tmp_path, fmt):
    """The batch's other documents are checked and the report is written in every format;
    the bad file is one located error (exit 2), never an internal error."""
    (tmp_path / "good.yaml").write_bytes((EXAMPLES / "minimal-low.yaml").read_bytes())
    (tmp_path / "bad.json").write_text(LONE_SURROGATE_JSON, encoding="ascii")
    process = run_cli("check", "--as-of", AS_OF, "--no-config", "--format", fmt, "-o",
                      "report.out", "good.yaml", "bad.json", cwd=tmp_path)
    column = LONE_SURROGATE_JSON.index("\\ud800") + 1
    assert process.returncode == 2
    assert process.stderr.splitlines() == [
        f"ftcomply: error: bad.json:1:{column}: lone surrogate \\ud800 in a string: half of "
        "a UTF-16 pair, not a character (it cannot be written as UTF-8)"]
    report = (tmp_path / "report.out").read_text(encoding="utf-8")
    assert "lone surrogate" in report
    if fmt == "json":
        assert [d["status"] for d in json.loads(report)["documents"]] == ["pass", "error"]


def test_a_lone_surrogate_on_stdin():
    process = run_cli("check", "--as-of", AS_OF, "--no-config", "--format", "json", "-",
                      stdin=LONE_SURROGATE_JSON.encode())
    assert process.returncode == 2
    assert json.loads(process.stdout)["documents"][0]["errors"][0]["message"].startswith(
        "lone surrogate \\ud800")


# --- the node budget of a file ------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: [1, 2, 3]}\nd:\n  <<: *b\n  y: 3\ne:\n  <<: [*b, {z: 1, x: 5}]\n",
        "a: &a [0, 0]\nb: [*a, *a, {<<: {k: *a}}]\nc: &c {<<: *a}\n",
        "a: &a [1, 2]\nb: &b [*a, *a, *a]\nc: [*b, *b, {k: *b}]\n",
        "a: &a {p: &p [1], q: *p}\nb: {<<: [*a, {p: [1, 2, 3], r: *a}], q: 0}\n",
    ],
)
def test_the_budget_counts_as_the_builder_builds(text):
    """Counted before anything is built, a file's nodes are exactly what building makes
    of them (merge keys included): its budget holds them all, one less does not."""
    try:
        nodes = sum(loader._expanded_nodes(node) for _, node in loader._compose_all("f", text))
    except FtcomplyError:
        return
    try:
        load_documents("f.yaml", text.encode(), max_nodes=nodes)
    except FtcomplyError as exc:  # the builder's own error (a merge of a list), not the budget
        assert not isinstance(exc, loader.NodeBudgetError)
        return
    with pytest.raises(loader.NodeBudgetError):
        load_documents("f.yaml", text.encode(), max_nodes=nodes - 1)


def test_a_recursive_alias_is_stopped_not_counted_forever():
    """YAML lets a node hold an alias of itself: its count is infinite, and building it
    stops at the depth cap."""
    text = "a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, 0]\n"
    [(_, node)] = loader._compose_all("f", text)
    assert loader._expanded_nodes(node) == float("inf")
    assert "nesting deeper than 64 levels" in error_of(text)


def test_a_bomb_of_many_small_documents_is_refused_fast():
    """Each document under its own cap (90,123 nodes), 9 million together in 17 KB."""
    import time

    one = ("a: &a [0,0,0,0,0,0,0,0,0,0]\nb: &b [" + ",".join(["*a"] * 10) + "]\n"
           "c: &c [" + ",".join(["*b"] * 10) + "]\nd: &d [" + ",".join(["*c"] * 10) + "]\n"
           "e: [" + ",".join(["*d"] * 7) + "]\n")
    started = time.monotonic()
    with pytest.raises(loader.NodeBudgetError):
        load_documents("bomb.yaml", "---\n".join([one] * 100).encode())
    assert time.monotonic() - started < 1.0  # building them took 37 s


# --- reading files ------------------------------------------------------------------------

def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, message in [(str(fifo), "not a regular file: a FIFO (named pipe)"),
                          ("/dev/zero", "not a regular file: a character device"),
                          (str(tmp_path), "is a directory"),
                          (str(tmp_path / "missing"), "no such file")]:
        with pytest.raises(FtcomplyError) as info:
            loader.read_bounded(path, 10)
        assert str(info.value) == f"{path}: {message}"
    (tmp_path / "file").write_bytes(b"x" * 100)
    assert loader.read_bounded(str(tmp_path / "file"), 10) == b"x" * 11
    (tmp_path / "link").symlink_to(fifo)
    with pytest.raises(FtcomplyError, match="a FIFO"):
        loader.read_bounded(str(tmp_path / "link"), 10)


def test_utf16_with_a_byte_order_mark_is_read_and_without_one_is_named(tmp_path):
    text = (EXAMPLES / "minimal-low.yaml").read_text()
    with_bom = tmp_path / "bom.yaml"
    with_bom.write_bytes(text.encode("utf-16"))
    assert run_cli("check", str(with_bom), "--as-of", AS_OF).returncode == 0
    without = tmp_path / "nobom.yaml"
    without.write_bytes(text.encode("utf-16-le"))
    done = run_cli("check", str(without), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "UTF-16" in done.stderr and "binary" not in done.stderr


def test_a_tab_in_indentation_is_called_a_tab():
    with pytest.raises(FtcomplyError) as caught:
        load_documents("tab.yaml", b"a:\n\tb: 1\n")
    (error,) = caught.value.errors
    assert "tab" in error.message
    assert (error.location.line, error.location.column) == (2, 1)
