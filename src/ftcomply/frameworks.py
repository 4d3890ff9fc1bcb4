"""Frameworks as data: the requirement lists controls map to, and a catalog's coverage of one.

Each framework (the EU AI Act, NIST AI RMF 1.0, NIST AI 600-1, ISO/IEC 42001 Annex A,
the OWASP Top 10 for LLM Applications 2025, MITRE ATLAS) is one file in `frameworks/`,
validated against `schemas/framework.v1.schema.json`: its id, version, source, licence
note and requirements (id and short title). Users add frameworks the same way, as
`<id>.json`, `<id>.yaml` or `<id>.yml` files in a directory of their own.

A control names requirements in its METADATA (`custom.frameworks`). The plain form of
today, `frameworks: {id: [requirement ids]}` (`Control.frameworks`), reads as the NIST
IR 8477 relationship "intersects" with no rationale; `coverage` turns those mappings
into a statement-of-applicability view of one framework: every requirement with the
controls that map to it and how, and the requirements no control covers.

docs/frameworks.md describes the files, the id schemes and the relationships.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml when present
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from ftcomply.errors import FtcomplyError
from ftcomply.models import Control, InputError, Location
from ftcomply.resources import builtin_frameworks_dir, schema_path

SCHEMA_FILE = "framework.v1.schema.json"

# NIST IR 8477 set-theory relationships (the OSCAL mapping model uses the same four):
# how the control's scope compares with the requirement's.
RELATIONSHIPS = ("equivalent", "subset", "superset", "intersects")
# What a plain `frameworks: {id: [requirement ids]}` mapping means.
PLAIN_RELATIONSHIP = "intersects"

# The frameworks ftcomply ships, in the order they are listed.
BUILTIN_FRAMEWORKS = (
    "eu-ai-act",
    "nist-ai-rmf",
    "nist-ai-600-1",
    "iso-42001",
    "owasp-llm-2025",
    "mitre-atlas",
)

FRAMEWORK_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Source:
    """The document a framework file lists: its id and title, address, date and publisher."""

    document: str
    url: str
    date: str
    publisher: str = ""


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a framework: an id a mapping names and a short title.

    `kind` says what it is (article, subcategory, action, control, technique, …); `group`
    the heading it sits under; `parent` the id of the requirement of the same framework
    that contains it (an article for a paragraph, a technique for a sub-technique);
    `related` other requirements of the same framework it addresses.
    """

    id: str
    title: str
    kind: str = ""
    group: str = ""
    parent: str | None = None
    related: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Framework:
    """A framework file: identity, provenance and the requirement list, in file order.

    `path` is the file as shown to users; `builtin` whether ftcomply ships it.
    """

    id: str
    version: str
    title: str
    source: Source
    licence: str
    scope: str
    id_scheme: str
    requirements: tuple[Requirement, ...]
    notes: str = ""
    generated_by: str = ""
    path: str = ""
    builtin: bool = False

    @cached_property
    def _index(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._index

    def get(self, requirement_id: str) -> Requirement | None:
        return self._index.get(requirement_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.requirements)


class Frameworks(Mapping[str, Framework]):
    """The frameworks of a run by id: the built-in ones, then those of user directories."""

    def __init__(self, frameworks: Iterable[Framework] = ()) -> None:
        self._by_id: dict[str, Framework] = {}
        for framework in frameworks:
            other = self._by_id.get(framework.id)
            if other is not None:
                raise FtcomplyError.at(
                    f"framework id {framework.id!r} is defined twice (also in {other.path})",
                    framework.path)
            self._by_id[framework.id] = framework

    def __getitem__(self, framework_id: str) -> Framework:
        return self._by_id[framework_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"Frameworks({', '.join(self._by_id)})"

    def require(self, framework_id: str, where: str = "<command line>") -> Framework:
        """The framework, or a FtcomplyError (exit 2) that lists the known ids."""
        framework = self._by_id.get(framework_id)
        if framework is None:
            known = ", ".join(self._by_id) or "none"
            raise FtcomplyError.at(f"unknown framework {framework_id!r} (known: {known})", where)
        return framework


@dataclass(frozen=True, slots=True)
class ControlMapping:
    """How one control maps to one requirement: NIST IR 8477 relationship, the one-line
    rationale (None for the plain form) and the roles it applies to (empty: any)."""

    control: str
    relationship: str = PLAIN_RELATIONSHIP
    rationale: str | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequirementCoverage:
    """A requirement and the controls that map to it, in catalog order."""

    requirement: Requirement
    controls: tuple[ControlMapping, ...]

    @property
    def covered(self) -> bool:
        return bool(self.controls)


@dataclass(frozen=True, slots=True)
class UnresolvedMapping:
    """A control's mapping that names a requirement (or a framework, when `requirement` is
    None) that the loaded framework files do not define. `source` is the control's file."""

    control: str
    framework: str
    requirement: str | None
    source: str

    def __str__(self) -> str:
        if self.requirement is None:
            return f"control {self.control} maps to unknown framework {self.framework!r}"
        return (f"control {self.control} maps to {self.framework} requirement "
                f"{self.requirement!r}, which {self.framework} does not define")


@dataclass(frozen=True, slots=True)
class Coverage:
    """A catalog's coverage of one framework (a statement-of-applicability view).

    `requirements` has every requirement of the framework in file order, covered or not;
    `unresolved` the catalog's mappings to this framework that name no requirement of it.
    """

    framework: Framework
    requirements: tuple[RequirementCoverage, ...]
    unresolved: tuple[UnresolvedMapping, ...] = ()

    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(r.requirement.id for r in self.requirements if not r.controls)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `ftcomply controls --framework ID --coverage --format json`."""
        return {
            "framework": {"id": self.framework.id, "version": self.framework.version,
                          "title": self.framework.title},
            "requirements": [
                {"id": r.requirement.id, "title": r.requirement.title,
                 "controls": [{"id": m.control, "relationship": m.relationship}
                              for m in r.controls]}
                for r in self.requirements
            ],
            "uncovered": list(self.uncovered),
        }


# --------------------------------------------------------------------------- loading

_validator: Any = None
_cache: dict[tuple[str, int, int, bool, str], Framework] = {}


def _schema_validator() -> Any:
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator

        schema = json.loads(schema_path(SCHEMA_FILE).read_text(encoding="utf-8"))
        _validator = Draft202012Validator(schema)
    return _validator


def load_frameworks(user_dirs: Iterable[Path | str] = ()) -> Frameworks:
    """The built-in frameworks, then every `*.json`, `*.yaml` and `*.yml` file of each user
    directory. A malformed file, or an id defined twice, is a FtcomplyError (exit 2)."""
    builtin = builtin_frameworks_dir()
    frameworks = [load_framework(path, builtin=True, shown=f"frameworks/{path.name}")
                  for path in _framework_files(builtin)]
    order = {name: n for n, name in enumerate(BUILTIN_FRAMEWORKS)}
    frameworks.sort(key=lambda f: (order.get(f.id, len(order)), f.id))
    for directory in map(Path, user_dirs):
        if not directory.is_dir():
            raise FtcomplyError.at("framework directory not found", str(directory))
        frameworks += [load_framework(path) for path in _framework_files(directory)]
    return Frameworks(frameworks)


def _framework_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()
                  if p.is_file() and p.suffix in FRAMEWORK_SUFFIXES)


def load_framework(path: Path | str, *, builtin: bool = False,
                   shown: str | None = None) -> Framework:
    """One framework file, validated (schema, then unique ids, parents and related ids
    that resolve, and a file name that matches the id). Remembered per file and mtime in
    the process; content that passed the schema check is remembered in the cache
    directory, like the static policy checks, so a later run skips that check."""
    path = Path(path)
    shown = shown or str(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read framework file: {exc.strerror}", shown) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, builtin, shown)
    cached = _cache.get(key)
    if cached is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise FtcomplyError.at(f"cannot read framework file: {exc.strerror}", shown) \
                from None
        digest = _content_digest(raw)
        marker = _passed_marker(digest)
        checked = digest in _PASSED or (marker is not None and marker.exists())
        cached = parse_framework(_parse(raw, path.suffix, shown), shown, builtin=builtin,
                                 stem=path.stem, schema_checked=checked)
        if not checked:
            _PASSED.add(digest)
            if marker is not None:
                from ftcomply.policycheck import remember

                remember(marker)
        _cache[key] = cached
    return cached


# Bump when the checks change what they accept: part of the cache key.
_CHECKS_VERSION = "1"
_PASSED: set[str] = set()  # digests of file contents that passed the schema check


def _content_digest(raw: bytes) -> str:
    digest = hashlib.sha256(f"framework\0{_CHECKS_VERSION}\0".encode())
    digest.update(schema_path(SCHEMA_FILE).read_bytes())
    digest.update(b"\0")
    digest.update(raw)
    return digest.hexdigest()


def _passed_marker(digest: str) -> Path | None:
    from ftcomply.policycheck import cache_dir

    directory = cache_dir()
    return None if directory is None else directory / "frameworks" / f"{digest}.ok"


def _parse(raw: bytes, suffix: str, shown: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FtcomplyError.at(f"cannot read framework file: {exc}", shown) from None
    try:
        if suffix == ".json":
            return json.loads(text)
        return _plain(yaml.load(text, Loader=_SafeLoader))
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"invalid JSON: {exc.msg}", shown, exc.lineno, exc.colno) \
            from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FtcomplyError.at(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", shown,
                               mark.line + 1 if mark else None,
                               mark.column + 1 if mark else None) from None


def _plain(value: Any) -> Any:
    """YAML dates (`date: 2024-07-12`) as the strings the schema asks for."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_framework(data: Any, shown: str = "<framework>", *, builtin: bool = False,
                    stem: str | None = None, schema_checked: bool = False) -> Framework:
    """A Framework from the parsed content of a framework file; see `load_framework`.
    `schema_checked`: this content is known to pass the schema (skip that check)."""

    def fail(problems: list[tuple[str, str]]) -> FtcomplyError:
        return FtcomplyError(*(InputError(message, Location(shown), pointer or None)
                               for pointer, message in problems))

    errors = [] if schema_checked else sorted(_schema_validator().iter_errors(data),
                                              key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        from ftcomply.loader import escape_token

        raise fail([("".join(f"/{escape_token(str(p))}" for p in e.absolute_path),
                     f"framework file: {e.message}") for e in errors[:20]])
    problems: list[tuple[str, str]] = []
    if stem is not None and stem != data["id"]:
        problems.append(("/id", f"framework {data['id']!r} must be in a file named "
                                f"{data['id']}.json, .yaml or .yml (not {stem!r})"))
    seen: dict[str, int] = {}
    for n, item in enumerate(data["requirements"]):
        if item["id"] in seen:
            problems.append((f"/requirements/{n}/id",
                             f"requirement id {item['id']!r} is listed twice "
                             f"(also at /requirements/{seen[item['id']]})"))
        seen.setdefault(item["id"], n)
    for n, item in enumerate(data["requirements"]):
        parent = item.get("parent")
        if parent is not None and (parent not in seen or parent == item["id"]):
            problems.append((f"/requirements/{n}/parent",
                             f"parent {parent!r} of {item['id']!r} is not another "
                             "requirement of this framework"))
        for m, other in enumerate(item.get("related", ())):
            if other not in seen:
                problems.append((f"/requirements/{n}/related/{m}",
                                 f"related id {other!r} of {item['id']!r} is not a "
                                 "requirement of this framework"))
    problems += _parent_cycles(data["requirements"])
    if problems:
        raise fail(problems)
    source = data["source"]
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        source=Source(source["document"], source["url"], source["date"],
                      source.get("publisher", "")),
        licence=data["licence"],
        scope=data["scope"],
        id_scheme=data["id_scheme"],
        requirements=tuple(
            Requirement(id=r["id"], title=r["title"], kind=r.get("kind", ""),
                        group=r.get("group", ""), parent=r.get("parent"),
                        related=tuple(r.get("related", ())), url=r.get("url", ""))
            for r in data["requirements"]),
        notes=data.get("notes", ""),
        generated_by=data.get("generated_by", ""),
        path=shown,
        builtin=builtin,
    )


def _parent_cycles(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    parents = {r["id"]: r.get("parent") for r in items}
    position = {r["id"]: n for n, r in enumerate(items)}
    problems = []
    for start in parents:
        seen = {start}
        current = parents[start]
        while current is not None and current in parents:
            if current in seen:
                problems.append((f"/requirements/{position[start]}/parent",
                                 f"the parents of {start!r} form a cycle"))
                break
            seen.add(current)
            current = parents[current]
    return problems


def dump_framework(data: Mapping[str, Any]) -> str:
    """A framework file's canonical JSON text: top-level keys indented, one requirement
    per line, UTF-8 as is. The shipped files are written this way (small diffs)."""
    lines = ["{"]
    keys = list(data)
    for n, key in enumerate(keys):
        comma = "," if n < len(keys) - 1 else ""
        value = data[key]
        if key == "requirements":
            lines.append('  "requirements": [')
            lines += [f"    {_compact(item)}{',' if m < len(value) - 1 else ''}"
                      for m, item in enumerate(value)]
            lines.append(f"  ]{comma}")
        elif isinstance(value, dict):
            inner = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            lines.append(f"  {json.dumps(key)}: {inner}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# --------------------------------------------------------------------------- coverage

def mapping_entries(control: Control, framework_id: str) -> tuple[tuple[str, ControlMapping], ...]:
    """(requirement id, mapping) for each requirement `control` names in `framework_id`.

    The plain form (`frameworks: {id: [requirement ids]}`) reads as "intersects" with no
    rationale. A richer entry, a mapping with `id` (or `requirement`), `relationship`,
    `rationale` and `role` (or `roles`) keys, or an object with those attributes, keeps
    what it says; an unknown relationship is a ValueError.
    """
    entries = []
    for item in (control.frameworks or {}).get(framework_id, ()):
        if isinstance(item, str):
            entries.append((item, ControlMapping(control.id)))
            continue
        get = item.get if isinstance(item, Mapping) else (lambda k, i=item: getattr(i, k, None))
        requirement = get("id") or get("requirement")
        relationship = get("relationship") or PLAIN_RELATIONSHIP
        if relationship not in RELATIONSHIPS:
            raise ValueError(f"control {control.id}: relationship {relationship!r} is not one "
                             f"of {', '.join(RELATIONSHIPS)}")
        roles = get("roles") or get("role") or ()
        roles = (roles,) if isinstance(roles, str) else tuple(str(r) for r in roles)
        rationale = get("rationale")
        entries.append((str(requirement), ControlMapping(
            control.id, relationship, None if rationale is None else str(rationale), roles)))
    return tuple(entries)


def coverage(framework: Framework, controls: Iterable[Control]) -> Coverage:
    """Which controls map to each requirement of `framework`, and how.

    Controls are taken in the order given (a catalog's: phase, then id); a control that
    names a requirement twice is listed once, with its first mapping. Mappings naming a
    requirement the framework does not define are kept in `Coverage.unresolved`.
    """
    found: dict[str, list[ControlMapping]] = {r.id: [] for r in framework.requirements}
    unresolved: list[UnresolvedMapping] = []
    for control in controls:
        for requirement_id, mapping in mapping_entries(control, framework.id):
            listed = found.get(requirement_id)
            if listed is None:
                unresolved.append(UnresolvedMapping(control.id, framework.id, requirement_id,
                                                    control.source))
            elif all(m.control != control.id for m in listed):
                listed.append(mapping)
    return Coverage(
        framework,
        tuple(RequirementCoverage(r, tuple(found[r.id])) for r in framework.requirements),
        tuple(unresolved),
    )


def unresolved_mappings(frameworks: Mapping[str, Framework],
                        controls: Iterable[Control]) -> tuple[UnresolvedMapping, ...]:
    """Every mapping of `controls` to a framework or requirement id that `frameworks` do not
    define, in control order."""
    unresolved = []
    for control in controls:
        for framework_id in control.frameworks or {}:
            framework = frameworks.get(framework_id)
            if framework is None:
                unresolved.append(UnresolvedMapping(control.id, framework_id, None,
                                                    control.source))
                continue
            unresolved += [UnresolvedMapping(control.id, framework_id, requirement_id,
                                             control.source)
                           for requirement_id, _ in mapping_entries(control, framework_id)
                           if requirement_id not in framework]
    return tuple(unresolved)


def check_mappings(frameworks: Mapping[str, Framework], controls: Iterable[Control]) -> None:
    """A FtcomplyError (exit 2) naming each unresolved mapping at its control's file."""
    unresolved = unresolved_mappings(frameworks, controls)
    if unresolved:
        raise FtcomplyError(*(InputError(f"METADATA: {u}", Location(u.source))
                              for u in unresolved))
