"""`ftcomply test`: run the `test_*` rules of every policy test module, like `opa test`."""

from __future__ import annotations

from dataclasses import dataclass

from ftcomply.catalog import Catalog
from ftcomply.engine.regorus_backend import RegorusEngine


@dataclass(frozen=True)
class PolicyTestResult:
    """One `test_*` rule: where it is and, when it did not pass, why."""

    module: str
    package: str
    rule: str
    failure: str | None

    @property
    def passed(self) -> bool:
        return self.failure is None


def run_policy_tests(catalog: Catalog) -> list[PolicyTestResult]:
    """Compile the catalog with its tests (default parameters) and evaluate every test rule."""
    engine = RegorusEngine.compile(catalog, catalog.params(), with_tests=True)
    return [
        PolicyTestResult(module.name, module.package, rule, engine.run_test(module.package, rule))
        for module in catalog.modules
        if module.is_test
        for rule in sorted(module.rules)
        if rule.startswith("test_")
    ]
