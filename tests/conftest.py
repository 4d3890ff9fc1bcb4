"""Shared fixtures: the catalog and one run over the bundled examples."""

from __future__ import annotations

import pytest
from support import AS_OF, DECLARED_EXAMPLE_PATHS

from ftcomply.catalog import load_catalog
from ftcomply.models import Report, Severity
from ftcomply.pipeline import CheckOptions, run_check


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def examples_report(catalog) -> Report:
    """One run over the three bundled examples at a fixed as_of."""
    options = CheckOptions(paths=DECLARED_EXAMPLE_PATHS, as_of=AS_OF, fail_on=Severity.LOW)
    return run_check(catalog, options)
