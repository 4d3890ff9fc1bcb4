"""Fixtures every format test shares; the helpers behind them are in formats_support.py."""

from __future__ import annotations

import pytest
from formats_support import examples_with_errors, relative_examples_report

from ftcomply.models import Report


@pytest.fixture(scope="session")
def report(catalog) -> Report:
    """The examples run with repository-relative paths, as CI runs it and goldens need."""
    return relative_examples_report(catalog)


@pytest.fixture
def error_report(catalog, tmp_path) -> Report:
    """The examples, a schema-invalid document, a missing path and a waived failure."""
    return examples_with_errors(catalog, tmp_path)
