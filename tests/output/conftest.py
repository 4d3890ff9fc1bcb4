"""Fixtures every format test shares; the helpers behind them are in formats_support.py."""

from __future__ import annotations

import pytest
from formats_support import (
    examples_with_errors,
    hostile_verified_report,
    relative_examples_report,
    verified_report,
)

from ftcomply.models import Report


@pytest.fixture(scope="session")
def report(catalog) -> Report:
    """The examples run with repository-relative paths, as CI runs it and goldens need."""
    return relative_examples_report(catalog)


@pytest.fixture
def error_report(catalog, tmp_path) -> Report:
    """The examples, a schema-invalid document, a missing path and a waived failure."""
    return examples_with_errors(catalog, tmp_path)


@pytest.fixture(scope="session")
def verified(catalog, tmp_path_factory) -> Report:
    """A real `check --verify` run: verified, mismatching and remote artifacts."""
    return verified_report(catalog, tmp_path_factory.mktemp("verified"))


@pytest.fixture(scope="session")
def hostile_verified(catalog, tmp_path_factory) -> Report:
    """A `check --verify` run whose artifact URIs, file names and scanner text hold markup."""
    return hostile_verified_report(catalog, tmp_path_factory.mktemp("hostile-verified"))
