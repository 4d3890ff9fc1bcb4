"""The loader's limits at their exact boundaries, through the real command line.

Each limit gets a real input at the limit (accepted: the compliant minimal
example still passes, exit 0) and one step past it (exit 2 with the message
docs/limits.md quotes). Nothing is patched. Inputs are written into a
temporary directory and named relative to it, as a user's would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import AS_OF, EXAMPLES, run_cli

from ftcomply.loader import (
    MAX_DEPTH,
    MAX_DOCUMENTS,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_STRING_CHARS,
    load_documents,
)

COMPLIANT = (EXAMPLES / "minimal-low.yaml").read_text(encoding="utf-8")
TIMEOUT = 120  # a bound on a hung run, not a performance claim


def _check(directory: Path, name: str, content: str | bytes) -> tuple[int, list[str]]:
    """`ftcomply check NAME` run inside `directory`; returns the exit code and stderr lines."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    (directory / name).write_bytes(raw)
    process = run_cli("check", "--as-of", AS_OF, "--quiet", name, cwd=directory,
                      timeout=TIMEOUT)
    assert "Traceback" not in process.stderr
    return process.returncode, process.stderr.splitlines()


def _nodes(value: object) -> int:
    """Nodes as the loader counts them: every value (keys are not counted)."""
    if isinstance(value, dict):
        return 1 + sum(_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def test_file_size(tmp_path):
    padding = MAX_FILE_BYTES - len(COMPLIANT.encode("utf-8"))
    # A comment line of '#' characters fills the file to the byte.
    at_limit = COMPLIANT + "#" * (padding - 1) + "\n"
    assert len(at_limit.encode("utf-8")) == MAX_FILE_BYTES
    assert _check(tmp_path, "at-limit.yaml", at_limit) == (0, [])
    over = "#" + at_limit
    assert _check(tmp_path, "over.yaml", over) == (2, [
        f"ftcomply: error: over.yaml: file is larger than the {MAX_FILE_BYTES} byte limit"])


def test_file_size_on_stdin():
    over = (COMPLIANT + "#" * MAX_FILE_BYTES + "\n").encode("utf-8")
    process = run_cli("check", "--as-of", AS_OF, "-", stdin=over, timeout=TIMEOUT)
    assert process.returncode == 2
    assert process.stderr.splitlines() == [
        f"ftcomply: error: <stdin>: file is larger than the {MAX_FILE_BYTES} byte limit"]


def test_documents_per_file(tmp_path):
    # The cheapest document to load and judge: a bare number, a schema error each.
    at_limit = "".join(f"--- {i}\n" for i in range(MAX_DOCUMENTS))
    code, errors = _check(tmp_path, "at-limit.yaml", at_limit)
    assert code == 2
    assert len(errors) == MAX_DOCUMENTS
    assert errors[-1] == (f"ftcomply: error: at-limit.yaml:{MAX_DOCUMENTS}:5: expected a "
                          f"mapping, got an integer {MAX_DOCUMENTS - 1}")
    over = at_limit + f"--- {MAX_DOCUMENTS}\n"
    assert _check(tmp_path, "over.yaml", over) == (2, [
        f"ftcomply: error: over.yaml: more than {MAX_DOCUMENTS} documents in one file"])


def test_documents_per_file_counts_compliant_documents_too(tmp_path):
    """Past the limit nothing in the file is evaluated, however good the documents."""
    over = "---\n".join([COMPLIANT] * (MAX_DOCUMENTS + 1))
    assert _check(tmp_path, "over.yaml", over) == (2, [
        f"ftcomply: error: over.yaml: more than {MAX_DOCUMENTS} documents in one file"])


def _nested(levels: int) -> str:
    """The compliant job plus an extension whose deepest node is `levels` below the root
    (the root is level 0, `x-deep`'s value level 1)."""
    return COMPLIANT + "x-deep: " + "[" * (levels - 1) + "0" + "]" * (levels - 1) + "\n"


def test_nesting_depth(tmp_path):
    assert _check(tmp_path, "at-limit.yaml", _nested(MAX_DEPTH)) == (0, [])
    line = COMPLIANT.count("\n") + 1
    assert _check(tmp_path, "over.yaml", _nested(MAX_DEPTH + 1)) == (2, [
        f"ftcomply: error: over.yaml:{line}:{len('x-deep: ') + MAX_DEPTH + 1}: nesting "
        f"deeper than {MAX_DEPTH} levels"])


def _with_nodes(total: int) -> str:
    """The compliant job plus an extension list that brings its node count to `total`."""
    (document,) = load_documents("job.yaml", COMPLIANT.encode("utf-8"))
    items = total - _nodes(document.data) - 1  # the list itself is a node
    return COMPLIANT + "x-nodes: [" + ",".join(["0"] * items) + "]\n"


def test_nodes_per_document(tmp_path):
    assert _check(tmp_path, "at-limit.yaml", _with_nodes(MAX_NODES)) == (0, [])
    code, errors = _check(tmp_path, "over.yaml", _with_nodes(MAX_NODES + 1))
    line = COMPLIANT.count("\n") + 1
    assert code == 2
    assert len(errors) == 1
    assert errors[0].startswith(f"ftcomply: error: over.yaml:{line}:")
    assert errors[0].endswith(f": more than {MAX_NODES} nodes (alias expansion bomb?)")


def test_nodes_count_alias_expansions(tmp_path):
    """Ten anchored items referenced ten thousand times: a small file, too many nodes.
    The error points into the anchored list: an alias's nodes stand where the anchor is."""
    bomb = COMPLIANT + "x-items: &items [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n" + \
        "x-copies: [" + ", ".join(["*items"] * (MAX_NODES // 10)) + "]\n"
    code, errors = _check(tmp_path, "bomb.yaml", bomb)
    assert code == 2
    assert len(errors) == 1
    assert errors[0].startswith(f"ftcomply: error: bomb.yaml:{COMPLIANT.count(chr(10)) + 1}:")
    assert errors[0].endswith(f": more than {MAX_NODES} nodes (alias expansion bomb?)")


@pytest.mark.parametrize("character", ["x", "é"])
def test_string_length_in_characters(tmp_path, character):
    """The limit counts characters, not bytes: 65,536 `é` are 131,072 bytes and pass."""
    def with_note(length: int) -> str:
        return COMPLIANT + f'x-note: "{character * length}"\n'

    assert _check(tmp_path, "at-limit.yaml", with_note(MAX_STRING_CHARS)) == (0, [])
    line = COMPLIANT.count("\n") + 1
    assert _check(tmp_path, "over.yaml", with_note(MAX_STRING_CHARS + 1)) == (2, [
        f"ftcomply: error: over.yaml:{line}:9: string longer than {MAX_STRING_CHARS} "
        "characters"])
