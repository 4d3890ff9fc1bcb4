"""The embedded engine: regorus (Microsoft's Rust Rego interpreter), in process, no server.

Edges of regorus this module contains so nobody else meets them:
- a panic raises `pyo3_runtime.PanicException`, a BaseException that
  `except Exception` misses;
- a builtin error raises where OPA would return undefined, so one broken rule
  would sink the whole query: on error, controls are re-evaluated one by one
  to name the culprit;
- an engine object must stay on the thread that made it (workers are processes);
- errors end with a Rust stack backtrace that users must not see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import regorus

from ftcomply.catalog import RUNNER_PACKAGE, Catalog, PolicyModule
from ftcomply.engine import EngineError, Verdicts
from ftcomply.errors import FtcomplyError
from ftcomply.models import InputError, Location

_UNDEFINED = '"<undefined>"'
_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<column>\d+)")
_ERROR_LINE = re.compile(r"^error:\s*(.+)$", re.MULTILINE)


def _engine_version() -> str:
    try:
        return version("gordon-to-regorus")
    except PackageNotFoundError:  # pragma: no cover - only in unusual installs
        return "unknown"


ENGINE_NAME = f"regorus {_engine_version()}"


def _clean(exc: BaseException) -> str:
    """The engine's message without its Rust backtrace, on one line."""
    text = str(exc).split("Stack backtrace:")[0].strip()
    match = _ERROR_LINE.search(text)
    message = match.group(1) if match else text
    return " ".join(message.split()) or type(exc).__name__


def _guard(call: Any, *args: Any) -> Any:
    """Run an engine call; any failure, panics included, becomes EngineError."""
    try:
        return call(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        found = _LOCATION.search(str(exc))
        location = (
            Location(found["file"], int(found["line"]), int(found["column"])) if found else None
        )
        raise EngineError(_clean(exc), location=location) from None


@dataclass
class RegorusEngine:
    """A catalog compiled into one regorus engine."""

    catalog: Catalog
    params: dict[str, Any]
    _engine: Any = None

    @property
    def name(self) -> str:
        return ENGINE_NAME

    @classmethod
    def compile(
        cls, catalog: Catalog, params: dict[str, Any], *, with_tests: bool = False
    ) -> RegorusEngine:
        """Add every module and the parameters; a policy that does not compile is exit 2."""
        engine = regorus.Engine()
        modules: Iterable[PolicyModule] = [
            m for m in catalog.modules if with_tests or not m.is_test
        ]
        for module in [*modules, catalog.runner_module()]:
            try:
                _guard(engine.add_policy, module.name, module.text)
            except EngineError as exc:
                raise FtcomplyError(InputError(f"policy does not compile: {exc.message}",
                                               exc.location or Location(module.name))) from None
        _guard(engine.add_data_json, json.dumps({"ftcomply": {"params": params}}))
        return cls(catalog, params, engine)

    def evaluate(self, envelope: dict[str, Any]) -> Verdicts:
        _guard(self._engine.set_input_json, json.dumps(envelope))
        try:
            answer = _guard(self._engine.eval_rule_as_json, f"data.{RUNNER_PACKAGE}.result")
        except EngineError:
            self._name_culprit()
            raise
        raw = json.loads(answer)
        return Verdicts(
            deny={cid: list(findings) for cid, findings in raw["deny"].items()},
            applicable=frozenset(raw["applicable"]),
        )

    def _name_culprit(self) -> None:
        """Evaluate controls one by one to say which rule broke; raises EngineError."""
        for control in self.catalog.controls:
            rules = ["deny", "applicable"] if control.has_applicable else ["deny"]
            for rule in rules:
                try:
                    _guard(self._engine.eval_rule_as_json, f"data.{control.package}.{rule}")
                except EngineError as exc:
                    raise EngineError(
                        f"control {control.id} ({rule}) could not be evaluated: {exc}",
                        control.id,
                    ) from None

    def run_test(self, package: str, rule: str) -> str | None:
        """Evaluate one `test_*` rule; None when it passes, else why it did not."""
        try:
            answer = _guard(self._engine.eval_rule_as_json, f"data.{package}.{rule}")
        except EngineError as exc:
            return f"error: {exc}"
        if answer.strip() == "true":
            return None
        return "undefined" if answer.strip() == _UNDEFINED else f"got {answer.strip()}"
