"""The loader: positions, timestamps, multi-document files and hostile-input limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
