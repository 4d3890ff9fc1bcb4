"""`ftcomply test`: run the `test_*` rules of every policy test module, like `opa test`,
and optionally measure which lines of Rego the tests evaluated (`--coverage`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ftcomply.catalog import Catalog
from ftcomply.engine.regorus_backend import RegorusEngine
from ftcomply.errors import FtcomplyError
from ftcomply.models import InputError, Location


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


@dataclass(frozen=True)
class ModuleCoverage:
    """The lines of one policy module (not a test) that the tests evaluated.

    `control` is the id of the control the module defines (None for helpers such as
    policies/lib). The lines are those the engine can evaluate: rule bodies' statements
    and rule values; comments, blank lines and rule heads alone do not count."""

    module: str
    control: str | None
    covered: tuple[int, ...]
    not_covered: tuple[int, ...]

    @property
    def lines(self) -> int:
        return len(self.covered) + len(self.not_covered)

    @property
    def percent(self) -> float:
        """Covered lines in percent; 100 for a module without evaluable lines."""
        return 100.0 * len(self.covered) / self.lines if self.lines else 100.0


@dataclass(frozen=True)
class CoverageReport:
    """Line coverage per module, controls first (in catalog order), then helpers."""

    modules: tuple[ModuleCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(len(m.covered) for m in self.modules)

    @property
    def lines(self) -> int:
        return sum(m.lines for m in self.modules)

    @property
    def percent(self) -> float:
        """All lines of all modules (controls and helpers) together."""
        return 100.0 * self.covered / self.lines if self.lines else 100.0

    def below(self, minimum: float) -> list[str]:
        """What misses `minimum` percent: each control below it (by id), and "total" when
        all modules together are below it. Helpers count in the total only."""
        short = [m.control for m in self.modules
                 if m.control is not None and m.percent < minimum]
        if self.percent < minimum:
            short.append("total")
        return short


def run_policy_tests(catalog: Catalog) -> list[PolicyTestResult]:
    """Compile the catalog with its tests (default parameters) and evaluate every test rule."""
    return run_policy_tests_with_coverage(catalog, coverage=False)[0]


def run_policy_tests_with_coverage(
    catalog: Catalog, coverage: bool = True
) -> tuple[list[PolicyTestResult], CoverageReport | None]:
    """The test results and, when `coverage`, the line coverage the tests reached."""
    engine = RegorusEngine.compile(catalog, catalog.parameter_values(), with_tests=True)
    interpreter = engine._engine  # the regorus Engine the tests run on
    if coverage:
        interpreter.set_enable_coverage(True)
    results = [
        PolicyTestResult(module.name, module.package, rule, engine.run_test(module.package, rule))
        for module in catalog.modules
        if module.is_test
        for rule in sorted(module.rules)
        if rule.startswith("test_")
    ]
    if not coverage:
        return results, None
    try:
        raw = json.loads(interpreter.get_coverage_report_as_json())
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the engine's own errors and panics
        raise FtcomplyError(InputError(f"the engine gave no coverage report: {exc}",
                                       Location("<coverage>"))) from None
    return results, _coverage(catalog, raw)


def _coverage(catalog: Catalog, raw: dict) -> CoverageReport:
    lines = {entry["path"]: entry for entry in raw.get("files", [])}
    by_source = {control.source: control.id for control in catalog.controls}
    modules = []
    for module in catalog.modules:
        if module.is_test:
            continue
        entry = lines.get(module.name, {})
        covered = tuple(sorted(set(entry.get("covered", []))))
        not_covered = tuple(sorted(set(entry.get("not_covered", [])) - set(covered)))
        modules.append(ModuleCoverage(module.name, by_source.get(module.name), covered,
                                      not_covered))
    order = {control.id: index for index, control in enumerate(catalog.controls)}
    modules.sort(key=lambda m: (m.control is None, order.get(m.control or "", 0), m.module))
    return CoverageReport(tuple(modules))


def line_ranges(numbers: tuple[int, ...]) -> str:
    """(3, 4, 5, 9) → "3-5, 9"."""
    parts: list[str] = []
    start = previous = None
    for number in numbers:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(f"{start}-{previous}" if previous != start else f"{start}")
        start = previous = number
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else f"{start}")
    return ", ".join(parts)


def coverage_text(report: CoverageReport, minimum: float | None = None) -> str:
    """The coverage table `ftcomply test --coverage` prints."""
    rows = []
    for module in report.modules:
        name = module.control or "(helper)"
        mark = "  BELOW" if minimum is not None and module.control is not None \
            and module.percent < minimum else ""
        missing = f"  not covered: lines {line_ranges(module.not_covered)}" \
            if module.not_covered else ""
        rows.append(f"{name:<14} {module.percent:5.1f}% {len(module.covered):>4}/"
                    f"{module.lines:<4} {module.module}{mark}{missing}")
    mark = "  BELOW" if minimum is not None and report.percent < minimum else ""
    rows.append(f"{'total':<14} {report.percent:5.1f}% {report.covered:>4}/{report.lines:<4}"
                f"{mark}")
    return "coverage (lines of Rego evaluated by the tests):\n" + "\n".join(
        "  " + row for row in rows) + "\n"
