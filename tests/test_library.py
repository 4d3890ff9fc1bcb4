"""The public library API: docs/library.md runs as written, and the layers stay apart."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest
from support import ROOT

import ftcomply

DOC = ROOT / "docs" / "library.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block-{i}" for i in range(len(BLOCKS))])
def test_every_python_block_of_docs_library_md_runs(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, str(DOC), "exec"), {"__name__": "__docs__"})


def test_every_public_name_resolves_and_the_package_is_typed():
    for name in ftcomply.__all__:
        assert getattr(ftcomply, name) is not None, name
    assert (Path(ftcomply.__file__).parent / "py.typed").is_file()


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_service_uses_the_public_facade_and_nothing_below_it():
    # Checking, rendering and the engine are reached through `ftcomply` only.
    below = ("ftcomply.pipeline", "ftcomply.output", "ftcomply.evaluate", "ftcomply.engine",
             "ftcomply.catalog", "ftcomply.options")
    for path in (ROOT / "src" / "ftcomply" / "service").glob("*.py"):
        bad = sorted(m for m in imports_of(path) if within(m, below))
        assert not bad, f"{path.name} imports {bad}"


def test_formatters_only_read_the_report():
    forbidden = ("ftcomply.pipeline", "ftcomply.evaluate", "ftcomply.engine", "ftcomply.schema",
                 "ftcomply.service", "ftcomply.cli")
    for path in (ROOT / "src" / "ftcomply" / "output").glob("*.py"):
        bad = sorted(m for m in imports_of(path) if within(m, forbidden))
        assert not bad, f"{path.name} imports {bad}"
