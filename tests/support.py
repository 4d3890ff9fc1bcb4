"""Paths, the fixed evaluation time and a CLI runner, importable from any test module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The declared examples, relative to ROOT. A search of examples/ also finds
# examples/verified/, checked with --verify at its own time (test_examples_verified.py).
DECLARED_EXAMPLES = tuple(sorted(f"examples/{p.name}" for p in EXAMPLES.glob("*.yaml")))
DECLARED_EXAMPLE_PATHS = tuple(str(ROOT / e) for e in DECLARED_EXAMPLES)  # absolute
AS_OF = "2026-11-26T00:00:00Z"



def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -m ftcomply` as a user would; returns the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "ftcomply", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
    )
