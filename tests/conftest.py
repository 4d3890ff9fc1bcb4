"""Shared fixtures: the examples, a fixed evaluation time, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ftcomply.catalog import load_catalog
from ftcomply.models import Report, Severity
from ftcomply.runner import CheckOptions, run_check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-26T00:00:00Z"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def examples_report(catalog) -> Report:
    """One run over the three bundled examples at a fixed as_of."""
    options = CheckOptions(paths=(str(EXAMPLES),), as_of=AS_OF, fail_on=Severity.LOW)
    return run_check(catalog, options)


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
