"""The embedded engine: regorus (Microsoft's Rust Rego engine), in process, no server.

The built-in controls run on regorus's RVM, a compiler to bytecode that evaluates
the catalog about three times faster than its interpreter. The RVM is younger than
the interpreter and differs from it in places: it has no `walk` or `with`, and it
reads an undefined function result as a value (`x := f(y)` with `f(y)` undefined
does not fail the body). So the RVM only answers the built-in controls it
compiles, which every test run compares with the interpreter on hundreds of
descriptors; user controls and `walk` users run on the interpreter, which also
runs the Rego unit tests and re-answers any document the RVM fails on or returns
an undefined value for. A gap costs time, never a verdict.

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
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

# regorus errors carry a Rust backtrace when RUST_BACKTRACE is set, as in many CI
# images. ftcomply never shows one, and capturing one cost memory and time on every
# error; RUST_LIB_BACKTRACE=0 turns the capture off (a user's own setting stays).
os.environ.setdefault("RUST_LIB_BACKTRACE", "0")

import regorus  # after the setting above: Rust reads it once

from ftcomply.catalog import RUNNER_PACKAGE, Catalog, PolicyModule
from ftcomply.engine import EngineError, Verdicts
from ftcomply.errors import FtcomplyError
from ftcomply.models import Control, InputError, Location

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


# The RVM compiler's known gap; others are found by compiling control by control.
_USES_WALK = re.compile(r"\bwalk\s*\(")


@dataclass
class RegorusEngine:
    """A catalog compiled for regorus: an RVM program for the controls the compiler
    takes (`_vm`, None when it takes none) and the interpreter (`_engine`) for the
    others (`_interpreted`), for unit tests and for fallbacks."""

    catalog: Catalog
    parameter_values: dict[str, Any]
    _engine: Any = None
    _vm: Any = None
    _interpreted: tuple[Control, ...] = ()

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
        data = json.dumps({"ftcomply": {"params": params}})
        _guard(engine.add_data_json, data)
        if with_tests:
            return cls(catalog, params, engine, None, catalog.controls)
        vm, compiled = _compile_vm(catalog, data)
        interpreted = tuple(c for c in catalog.controls if c not in compiled)
        return cls(catalog, params, engine, vm, interpreted)

    def evaluate(self, envelope: dict[str, Any]) -> Verdicts:
        text = json.dumps(envelope)
        if self._vm is None:
            return self._interpret_all(text)
        try:
            _guard(self._vm.set_input_json, text)
            answer = _guard(self._vm.execute)
        except EngineError:  # its instruction limit, say: the interpreter answers
            return self._interpret_all(text)
        verdicts = _verdicts(answer)
        if verdicts is None:  # an undefined value or rule: see above
            return self._interpret_all(text)
        if self._interpreted:
            rest = self._interpret(text, self._interpreted)
            return Verdicts(deny={**verdicts.deny, **rest.deny},
                            applicable=verdicts.applicable | rest.applicable,
                            not_applicable={**verdicts.not_applicable,
                                            **rest.not_applicable},
                            declared={**verdicts.declared, **rest.declared})
        return verdicts

    def _interpret_all(self, text: str) -> Verdicts:
        """Every control on the interpreter, in one query; rule by rule to name a culprit."""
        _guard(self._engine.set_input_json, text)
        try:
            answer = _guard(self._engine.eval_rule_as_json, f"data.{RUNNER_PACKAGE}.result")
        except EngineError:
            answer = _UNDEFINED
        return _verdicts(answer) or self._interpret(text, self.catalog.controls)

    def _interpret(self, text: str, controls: tuple[Control, ...]) -> Verdicts:
        """Answer `controls` on the interpreter, a query per rule, so an error names its rule."""
        _guard(self._engine.set_input_json, text)
        deny: dict[str, list[Any]] = {}
        applicable = set()
        not_applicable: dict[str, list[Any]] = {}
        declared: dict[str, list[Any]] = {}
        for control in controls:
            findings = self._ask(control, "deny")
            if not isinstance(findings, list):
                raise EngineError(f"control {control.id}: deny is not a set of findings",
                                  control.id)
            deny[control.id] = findings
            if control.has_applicable and self._ask(control, "applicable") is True:
                applicable.add(control.id)
            if control.has_not_applicable:
                reasons = self._ask(control, "not_applicable")
                if not isinstance(reasons, list):
                    raise EngineError(f"control {control.id}: not_applicable is not a set of "
                                      "reasons", control.id)
                not_applicable[control.id] = reasons
            if control.has_declared:
                items = self._ask(control, "declared")
                if not isinstance(items, list):
                    raise EngineError(f"control {control.id}: declared is not a set", control.id)
                declared[control.id] = items
        return Verdicts(deny=deny, applicable=frozenset(applicable),
                        not_applicable=not_applicable, declared=declared)

    def _ask(self, control: Control, rule: str) -> Any:
        try:
            return json.loads(_guard(self._engine.eval_rule_as_json,
                                     f"data.{control.package}.{rule}"))
        except EngineError as exc:
            raise EngineError(f"control {control.id} ({rule}) could not be evaluated: {exc}",
                              control.id) from None

    def run_test(self, package: str, rule: str) -> str | None:
        """Evaluate one `test_*` rule; None when it passes, else why it did not."""
        try:
            answer = _guard(self._engine.eval_rule_as_json, f"data.{package}.{rule}")
        except EngineError as exc:
            return f"error: {exc}"
        if answer.strip() == "true":
            return None
        return "undefined" if answer.strip() == _UNDEFINED else f"got {answer.strip()}"


def _verdicts(answer: str) -> Verdicts | None:
    """A runner result as Verdicts; None when anything in it is undefined."""
    if _UNDEFINED in answer:
        return None
    raw = json.loads(answer)
    result = raw if isinstance(raw, dict) else {}
    deny, applicable = result.get("deny"), result.get("applicable")
    not_applicable, declared = result.get("not_applicable"), result.get("declared")
    if not (isinstance(deny, dict) and isinstance(applicable, list)
            and all(isinstance(findings, list) for findings in deny.values())
            and _sets_by_control(not_applicable) and _sets_by_control(declared)):
        return None
    return Verdicts(deny=deny, applicable=frozenset(applicable),
                    not_applicable=not_applicable, declared=declared)


def _sets_by_control(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, list) for v in value.values())


def _compile_vm(catalog: Catalog, data: str) -> tuple[Any, tuple[Control, ...]]:
    """The RVM loaded with a program answering the controls its compiler takes."""
    candidates = tuple(c for c in catalog.controls
                       if c.builtin and not _USES_WALK.search(_source(catalog, c)))
    program = _program(catalog, candidates, data)
    if program is None:  # a gap the walk test misses: sort the controls one by one
        candidates = tuple(c for c in candidates if _program(catalog, (c,), data) is not None)
        program = _program(catalog, candidates, data)
    if program is None:
        return None, ()
    vm = regorus.Rvm()
    vm.load_program(program)
    vm.set_data_json(data)
    return vm, candidates


def _program(catalog: Catalog, controls: tuple[Control, ...], data: str) -> Any:
    """An RVM program whose entry point is the runner's result for `controls`, or None."""
    if not controls:
        return None
    sources = [(m.name, m.text) for m in catalog.modules if m.builtin and not m.is_test]
    runner = catalog.runner_module(controls)
    try:
        return regorus.Program.compile_from_modules(
            data, [*sources, (runner.name, runner.text)], [f"data.{RUNNER_PACKAGE}.result"])
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a panic too: the compiler reports a gap by panicking at times
        return None


def _source(catalog: Catalog, control: Control) -> str:
    return next(m.text for m in catalog.modules
                if m.package == control.package and not m.is_test)
