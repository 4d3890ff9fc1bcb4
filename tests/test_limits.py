"""The loader's limits at their exact boundaries, through the real command line.

Each limit gets a real input at the limit (accepted: the compliant minimal
example still passes, exit 0) and one step past it (exit 2 with the message
docs/limits.md quotes). Nothing is patched. Inputs are written into a
temporary directory and named relative to it, as a user's would be.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from support import AS_OF, EXAMPLES, run_cli

from ftcomply.loader import (
    MAX_DEPTH,
    MAX_DOCUMENTS,
    MAX_FILE_BYTES,
    MAX_FILE_NODES,
    MAX_INPUT_BYTES,
    MAX_NODES,
    MAX_STRING_CHARS,
    NodeBudgetError,
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
                          "mapping, got an integer (content not shown)")
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


# --- nodes per file (the node budget) ----------------------------------------------------

def _alias_documents(count: int) -> str:
    """`count` documents of 90,123 nodes each once aliases are expanded, 170 bytes each:
    every one under the per-document cap."""
    lines = ["a: &a [0,0,0,0,0,0,0,0,0,0]"]
    for name, previous in zip("bcd", "abc", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    lines.append("e: [" + ",".join(["*d"] * 7) + "]")
    return "---\n".join(["\n".join(lines) + "\n"] * count)


def test_nodes_per_file_count_every_document_together(tmp_path):
    """A hundred documents of 90,123 nodes, 17 KB: 9 million nodes, each document under
    its cap. Building them took 37 s and 1.8 GB; the file's budget refuses it before
    anything is built, and the other files of the run are still checked and reported."""
    bomb = _alias_documents(100)
    assert len(bomb) < 20_000
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    (tmp_path / "good.yaml").write_text(COMPLIANT, encoding="utf-8")
    started = time.monotonic()
    process = run_cli("check", "--as-of", AS_OF, "--quiet", "--format", "json", "-o",
                      "report.json", "bomb.yaml", "good.yaml", cwd=tmp_path, timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    assert process.returncode == 2
    # The 12th document passes the budget; its first line is 6 * 11 + 1.
    assert process.stderr.splitlines() == [
        f"ftcomply: error: bomb.yaml:67:8: more than {MAX_FILE_NODES} nodes in all documents "
        "of the file, aliases expanded (node budget; alias expansion bomb?)"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [d["status"] for d in report["documents"]] == ["error", "pass"]
    assert elapsed < 30  # a bound on a hung run; the refusal itself takes 40 ms


@pytest.mark.parametrize("anchored", [True, False], ids=["aliases", "plain"])
def test_nodes_per_file_at_the_budget(anchored):
    """The budget at its exact boundary, as a library setting (`max_nodes`): three
    documents of 17 nodes each, 51 nodes in all."""
    document = ("a: &a [0, 0, 0, 0]\nb: [*a, *a]\n" if anchored
                else "a: [0, 0, 0, 0]\nb: [[0, 0, 0, 0], [0, 0, 0, 0]]\n")
    raw = "---\n".join([document] * 3).encode()
    assert len(load_documents("f.yaml", raw, max_nodes=51)) == 3
    with pytest.raises(NodeBudgetError) as over:
        load_documents("f.yaml", raw, max_nodes=50)
    [error] = over.value.errors
    assert error.message.startswith("more than 50 nodes in all documents of the file")
    # The 51st node is the third document's last 0: for an alias, where its anchor stands.
    line = document.splitlines()[0 if anchored else 1]
    assert (error.location.line, error.location.column) == (
        7 if anchored else 8, line.rindex("0") + 1)


def test_nodes_per_file_in_json():
    raw = json.dumps({"a": [0] * 9}).encode()  # 11 nodes
    assert load_documents("f.json", raw, max_nodes=11)
    with pytest.raises(NodeBudgetError, match="more than 10 nodes in all documents"):
        load_documents("f.json", raw, max_nodes=10)


# --- inputs that are not regular files, and sizes of inputs that are not descriptors -------

@pytest.mark.parametrize("option", [None, "--config", "--waivers", "--baseline", "--evidence",
                                    "ftcomply.yaml"])
def test_a_fifo_is_refused_not_waited_on(tmp_path, option):
    """A FIFO where a file is expected blocked the run until a writer came (forever, in
    CI). Stdin (`-`) is still how a pipe is read."""
    pipe = "ftcomply.yaml" if option == "ftcomply.yaml" else "pipe.yaml"  # default config
    os.mkfifo(tmp_path / pipe)
    (tmp_path / "job.yaml").write_text(COMPLIANT, encoding="utf-8")
    args = {None: [pipe], "ftcomply.yaml": ["job.yaml"]}.get(option, [option, pipe, "job.yaml"])
    config = [] if option in {"--config", "ftcomply.yaml"} else ["--no-config"]
    process = run_cli("check", "--as-of", AS_OF, "--quiet", *config, *args, cwd=tmp_path,
                      timeout=TIMEOUT)
    assert process.returncode == 2
    assert f"ftcomply: error: {pipe}: not a regular file: a FIFO (named pipe)" in (
        process.stderr)
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize("option", [None, "--baseline", "--waivers"])
def test_a_device_is_refused_not_read_forever(tmp_path, option):
    """`--baseline /dev/zero` read until MemoryError."""
    (tmp_path / "job.yaml").write_text(COMPLIANT, encoding="utf-8")
    args = ["/dev/zero"] if option is None else [option, "/dev/zero", "job.yaml"]
    process = run_cli("check", "--as-of", AS_OF, "--quiet", "--no-config", *args,
                      cwd=tmp_path, timeout=TIMEOUT)
    assert process.returncode == 2
    assert "ftcomply: error: /dev/zero: not a regular file: a character device" in (
        process.stderr)


def test_baseline_size(tmp_path):
    """A baseline is a JSON report; one over 16 MiB is refused, reading one byte past it."""
    (tmp_path / "job.yaml").write_text(COMPLIANT, encoding="utf-8")
    report = json.dumps({"documents": []}).encode()
    (tmp_path / "at-limit.json").write_bytes(report + b" " * (MAX_INPUT_BYTES - len(report)))
    (tmp_path / "over.json").write_bytes(report + b" " * (MAX_INPUT_BYTES + 1 - len(report)))
    at_limit = run_cli("check", "--as-of", AS_OF, "--quiet", "--baseline", "at-limit.json",
                       "job.yaml", cwd=tmp_path, timeout=TIMEOUT)
    assert (at_limit.returncode, at_limit.stderr) == (0, "")
    over = run_cli("check", "--as-of", AS_OF, "--quiet", "--baseline", "over.json",
                   "job.yaml", cwd=tmp_path, timeout=TIMEOUT)
    assert over.returncode == 2
    assert over.stderr.splitlines() == [
        f"ftcomply: error: over.json: baseline is larger than the {MAX_INPUT_BYTES} byte "
        "limit"]


def test_check_takes_a_smaller_node_budget_from_the_command_line():
    from support import AS_OF, EXAMPLES, run_cli

    done = run_cli("check", str(EXAMPLES / "minimal-low.yaml"), "--as-of", AS_OF,
                   "--max-nodes", "50")
    assert done.returncode == 2
    assert "more than 50 nodes" in done.stderr
