"""The control catalog as data: policy sources, their `# METADATA`, parameters and digest.

Controls are read from `.rego` files once per run. The engine is not asked for
metadata (the embedded engine does not implement `rego.metadata`): the OPA
annotation blocks are parsed here from the sources.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml when present: the catalog is parsed on every start
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

from ftcomply.errors import FtcomplyError
from ftcomply.models import (
    PHASE_STAGES,
    PHASES,
    RISK_TIERS,
    STAGES,
    Control,
    InputError,
    Location,
    Parameter,
    Severity,
)
from ftcomply.policycheck import PolicySource, check_policies, parameter_locations
from ftcomply.resources import builtin_policies_dir, schema_path

CONTROLS_PACKAGE = "ftcomply.controls"
RUNNER_PACKAGE = "ftcomply.runner"
CATALOG_FILE = "catalog.json"

_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)", re.MULTILINE)
_RULE_HEAD = re.compile(r"^(?:default\s+)?([A-Za-z_]\w*)\b", re.MULTILINE)


@dataclass(frozen=True)
class PolicyModule:
    """One Rego source file. `name` is its path as shown to users; `builtin` whether
    it ships with ftcomply (False for user policies and the generated runner)."""

    name: str
    text: str
    package: str
    rules: frozenset[str]
    is_test: bool
    builtin: bool = False


@dataclass(frozen=True)
class Catalog:
    """Every control, parameter and Rego module of a run, plus the policy-set digest."""

    version: str
    controls: tuple[Control, ...]
    parameters: dict[str, Parameter]
    modules: tuple[PolicyModule, ...]
    digest: str

    def control(self, control_id: str) -> Control:
        for control in self.controls:
            if control.id == control_id.upper():
                return control
        raise FtcomplyError.at(
            f"unknown control {control_id!r} (ftcomply controls lists them)", "<command line>")

    def parameter_values(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Parameter values in effect: defaults, then the overrides, each checked against the
        catalog's parameter schema (the one validator for config files, the CLI and
        library callers such as pipeline.CheckOptions.parameter_overrides): an unknown or
        ill-typed value is a FtcomplyError naming the parameter."""
        problems = parameter_problems(self.parameters, overrides or {})
        if problems:
            from ftcomply.loader import escape_token

            raise FtcomplyError(*(
                InputError(message, Location("<params>"), f"/params/{escape_token(name)}{where}")
                for name, where, message in problems))
        values = {name: p.default for name, p in self.parameters.items()}
        values.update(overrides or {})
        return values

    def runner_module(self, controls: tuple[Control, ...] | None = None) -> PolicyModule:
        """A generated module answering every control (or only `controls`) in one query.

        `data.ftcomply.runner.deny` maps control id → findings;
        `data.ftcomply.runner.applicable` is the set of ids whose `applicable`
        rule holds (only controls that define one are listed);
        `data.ftcomply.runner.not_applicable` maps the id of each control that
        defines `not_applicable` to its set of reasons (empty when it applies);
        `data.ftcomply.runner.declared` maps the id of each control that defines
        `declared` to what its verdict takes on the descriptor's word alone;
        `data.ftcomply.runner.catalog` names the catalog (version and digest) the
        module was generated from, so that a server's answers can be tied to it;
        `data.ftcomply.runner.result` holds all four.
        """
        answered = self.controls if controls is None else controls
        identity = json.dumps({"version": self.version, "digest": self.digest})
        lines = [f"package {RUNNER_PACKAGE}", "", f"catalog := {identity}", "", "deny := {"]
        lines += [f'\t"{c.id}": data.{c.package}.deny,' for c in answered]
        lines.append("}")
        lines.append("")
        conditional = [c for c in answered if c.has_applicable]
        parts = [f'{{"{c.id}" | data.{c.package}.applicable == true}}' for c in conditional]
        lines.append("applicable := " + (" | ".join(parts) if parts else "set()"))
        lines.append("")
        lines.append("not_applicable := {")
        lines += [f'\t"{c.id}": data.{c.package}.not_applicable,'
                  for c in answered if c.has_not_applicable]
        lines.append("}")
        lines.append("")
        lines.append("declared := {")
        lines += [f'\t"{c.id}": data.{c.package}.declared,'
                  for c in answered if c.has_declared]
        lines.append("}")
        lines.append("")
        lines.append('result := {"deny": deny, "applicable": applicable, '
                     '"not_applicable": not_applicable, "declared": declared, '
                     '"catalog": catalog}')
        text = "\n".join(lines) + "\n"
        return PolicyModule("<runner>", text, RUNNER_PACKAGE,
                            frozenset({"catalog", "deny", "applicable", "not_applicable",
                                       "declared", "result"}), False)


def parameter_problems(parameters: dict[str, Parameter], values: dict[str, Any]
                       ) -> list[tuple[str, str, str]]:
    """Each unknown parameter and each value its schema refuses, as (name, JSON pointer
    below the parameter, message)."""
    problems: list[tuple[str, str, str]] = []
    for name, value in values.items():
        parameter = parameters.get(name)
        if parameter is None:
            known = ", ".join(sorted(parameters))
            problems.append((name, "", f"unknown parameter '{name}' (known: {known})"))
            continue
        from jsonschema import Draft202012Validator  # only when a value is set

        from ftcomply.loader import escape_token

        for problem in Draft202012Validator(parameter.schema).iter_errors(value):
            where = "".join(f"/{escape_token(str(p))}" for p in problem.absolute_path)
            problems.append((name, where, f"parameter '{name}': {problem.message}"))
    return problems


def control_package(control_id: str) -> str:
    """PRE-DATA-01 → ftcomply.controls.pre_data_01"""
    return f"{CONTROLS_PACKAGE}.{control_id.lower().replace('-', '_')}"


def load_catalog(user_dirs: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    """Read the built-in policies and any user policy directories."""
    builtin = builtin_policies_dir()
    version, parameters = _read_catalog_file(builtin / CATALOG_FILE, {})
    declared = _declared_at(f"policies/{CATALOG_FILE}", builtin / CATALOG_FILE, parameters, {})
    dirs = [(builtin, True)] + [(Path(d), False) for d in user_dirs]
    modules: list[PolicyModule] = []
    controls: list[Control] = []
    digest = hashlib.sha256()
    for directory, builtin_dir in dirs:
        if not directory.is_dir():
            raise FtcomplyError.at("policy directory not found", str(directory))
        if not builtin_dir and (directory / CATALOG_FILE).is_file():
            _, parameters = _read_catalog_file(directory / CATALOG_FILE, parameters)
            declared = _declared_at(str(directory / CATALOG_FILE), directory / CATALOG_FILE,
                                    parameters, declared)
        for path in sorted(directory.rglob("*.rego")):
            text = _read_text(path)
            relative = path.relative_to(directory).as_posix()
            shown = f"policies/{relative}" if builtin_dir else str(path)
            module = _module(shown, text, path.name.endswith("_test.rego"), builtin_dir)
            modules.append(module)
            if not module.is_test:
                digest.update(f"{path.relative_to(directory).as_posix()}\0".encode())
                digest.update(text.encode())
                digest.update(b"\0")
            if module.package.startswith(CONTROLS_PACKAGE + ".") and not module.is_test:
                controls.append(_control(module, builtin_dir))
    digest.update(json.dumps({n: p.default for n, p in parameters.items()}, sort_keys=True)
                  .encode())
    _check_unique(controls)
    for control in controls:
        unknown = [p for p in control.parameters if p not in parameters]
        if unknown:
            raise FtcomplyError.at(
                f"control {control.id} reads undeclared parameter(s) {', '.join(unknown)}",
                control.source,
            )
    # Static checks of the policies (parameters, descriptor paths, builtins): exit 2 with
    # file:line before anything is evaluated; see ftcomply.policycheck.
    check_policies([PolicySource(m.name, m.text) for m in modules if not m.is_test],
                   controls, declared, schema_path())
    controls.sort(key=lambda c: (PHASES.index(c.phase), c.id))
    return Catalog(version, tuple(controls), parameters, tuple(modules),
                   "sha256:" + digest.hexdigest())


def _declared_at(shown: str, path: Path, parameters: dict[str, Parameter],
                 known: dict[str, Location]) -> dict[str, Location]:
    """`known` plus where the parameters first declared in `path` are declared."""
    new = [name for name in parameters if name not in known]
    return {**known, **parameter_locations(shown, _read_text(path), new)}


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FtcomplyError.at(f"cannot read policy: {exc}", str(path)) from None


def _read_catalog_file(path: Path, known: dict[str, Parameter]) -> tuple[str, dict[str, Parameter]]:
    """`catalog.json`: {"version": ..., "parameters": {name: {default, schema, description}}}."""
    try:
        raw = json.loads(_read_text(path))
        parameters = dict(known)
        for name, spec in raw.get("parameters", {}).items():
            if name in parameters:
                raise FtcomplyError.at(f"parameter {name!r} is declared twice", str(path))
            parameters[name] = Parameter(name, spec["default"], spec["schema"],
                                         spec.get("description", ""))
        return str(raw.get("version", "")), parameters
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise FtcomplyError.at(f"malformed catalog file: {exc}", str(path)) from None


def _module(name: str, text: str, is_test: bool, builtin: bool) -> PolicyModule:
    match = _PACKAGE.search(text)
    if not match:
        raise FtcomplyError.at("no package declaration", name, 1, 1)
    rules = frozenset(_RULE_HEAD.findall(text)) - {"package", "import"}
    return PolicyModule(name, text, match.group(1), rules, is_test, builtin)


def parse_metadata(text: str) -> tuple[dict[str, Any], int] | None:
    """The YAML of the `# METADATA` block before `package`, and the line it starts on."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "# METADATA":
            body = []
            for following in lines[number + 1:]:
                if not following.startswith("#"):
                    break
                body.append(following[2:] if following.startswith("# ") else following[1:])
            try:
                data = yaml.load("\n".join(body), Loader=SafeLoader)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                offset = mark.line + 1 if mark else 0
                raise ValueError(f"invalid METADATA YAML: {exc}", number + 1 + offset) from None
            return (data if isinstance(data, dict) else {}), number + 1
        if line.startswith("package"):
            break
    return None


def _control(module: PolicyModule, builtin: bool) -> Control:
    source = module.name
    try:
        parsed = parse_metadata(module.text)
    except ValueError as exc:
        message, line = exc.args
        raise FtcomplyError.at(message, source, line) from None
    if parsed is None:
        raise FtcomplyError.at(
            f"package {module.package} has no # METADATA block before `package`", source, 1)
    meta, line = parsed
    custom = meta.get("custom") or {}

    def fail(message: str) -> FtcomplyError:
        return FtcomplyError(InputError(f"METADATA: {message}", Location(source, line)))

    for key in ("id", "phase", "severity"):
        if not custom.get(key):
            raise fail(f"custom.{key} is required")
    if not meta.get("title"):
        raise fail("title is required")
    control_id = str(custom["id"])
    if not _ID.match(control_id):
        raise fail(f"id {control_id!r} must look like PHASE-AREA-NN (uppercase, hyphens)")
    if module.package != control_package(control_id):
        raise fail(f"package must be {control_package(control_id)} for id {control_id}")
    if custom["phase"] not in PHASES:
        raise fail(f"phase {custom['phase']!r} is not one of {', '.join(PHASES)}")
    try:
        severity = Severity(custom["severity"])
    except ValueError:
        raise fail(f"severity {custom['severity']!r} is not critical, high, medium or low") \
            from None
    tiers = tuple(custom.get("tiers") or RISK_TIERS)
    if any(t not in RISK_TIERS for t in tiers):
        raise fail(f"tiers must be among {', '.join(RISK_TIERS)}")
    stage = custom.get("stage") or PHASE_STAGES[custom["phase"]]
    if stage not in STAGES:
        raise fail(f"stage {stage!r} is not one of {', '.join(STAGES)}")
    frameworks = custom.get("frameworks") or {}
    if not isinstance(frameworks, dict):
        raise fail("frameworks must map a framework to a list of ids")
    if "deny" not in module.rules:
        raise fail("the package defines no `deny` rule")
    return Control(
        id=control_id,
        title=str(meta["title"]),
        description=" ".join(str(meta.get("description", "")).split()),
        phase=custom["phase"],
        severity=severity,
        tiers=tiers,
        threats=tuple(str(t) for t in custom.get("threats") or ()),
        frameworks={str(k): tuple(str(i) for i in v) for k, v in frameworks.items()},
        remediation=" ".join(str(custom.get("remediation", "")).split()),
        parameters=tuple(str(p) for p in custom.get("params") or ()),
        package=module.package,
        source=source,
        has_applicable="applicable" in module.rules,
        builtin=builtin,
        example=str(custom.get("example", "")).strip(),
        reads_evidence="input.evidence" in module.text,
        has_not_applicable="not_applicable" in module.rules,
        has_declared="declared" in module.rules,
        stage=stage,
    )


def _check_unique(controls: list[Control]) -> None:
    seen: dict[str, Control] = {}
    for control in controls:
        if control.id in seen:
            raise FtcomplyError.at(
                f"control id {control.id} is defined twice (also in {seen[control.id].source})",
                control.source,
            )
        seen[control.id] = control
