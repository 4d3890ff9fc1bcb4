"""The configuration file (`ftcomply.yaml`): read with positions, validated strictly.

Relative paths in the file are relative to the file's own directory.
Unknown keys, unknown parameters and wrong types are errors with file:line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftcomply.catalog import Catalog, parameter_problems
from ftcomply.errors import FtcomplyError
from ftcomply.loader import SourceDocument, escape_token, load_documents, read_source
from ftcomply.models import InputError, Location, Severity
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator

DEFAULT_CONFIG = "ftcomply.yaml"


@dataclass(frozen=True)
class Config:
    """Settings from the config file; None means "not set here".

    `source` is the document the settings came from, kept so that later
    checks (parameters against the catalog, disabled ids) point at its lines.
    """

    parameter_overrides: dict[str, Any] = field(default_factory=dict)
    policies: tuple[Path, ...] = ()
    waivers: Path | None = None
    fail_on: Severity | None = None
    stage: str | None = None
    disabled: tuple[str, ...] = ()
    format: str | None = None
    output: Path | None = None
    reports: dict[str, Path] = field(default_factory=dict)
    baseline: Path | None = None
    jobs: int | None = None
    verify: bool = False
    allow_roots: tuple[Path, ...] = ()
    evidence: tuple[Path, ...] = ()
    record: str | None = None
    source: SourceDocument | None = None


def load_config(path: Path | None, use_default: bool = True) -> Config:
    """Read `path`, or `./ftcomply.yaml` when present (unless `use_default` is False:
    `--no-config`); an absent default means defaults."""
    if path is None and not use_default:
        return Config()
    if path is None:
        path = Path(DEFAULT_CONFIG)
        if not path.exists():  # a FIFO or a directory by that name is an error, not absent
            return Config()
    name, raw = read_source(str(path))
    documents = load_documents(name, raw)
    if len(documents) != 1:
        raise FtcomplyError.at("a config file holds exactly one document", name)
    document = documents[0]
    if not isinstance(document.data, dict):
        raise FtcomplyError.at("a config file is a mapping of settings", name, 1, 1)
    SchemaValidator.load(schema_path("config.v1.schema.json")).check(document)
    data = document.data
    base = path.parent

    def resolve(value: str, pointer: str) -> Path:
        if "\0" in value:  # no file has such a name, and open() would raise ValueError
            raise FtcomplyError(_error(document, pointer, "a path cannot hold a NUL character"))
        return base / value

    verify = data.get("verify", {})
    return Config(
        parameter_overrides=dict(data.get("params", {})),
        policies=tuple(resolve(p, f"/policies/{i}")
                       for i, p in enumerate(data.get("policies", []))),
        waivers=resolve(data["waivers"], "/waivers") if "waivers" in data else None,
        fail_on=Severity(data["fail_on"]) if "fail_on" in data else None,
        stage=data.get("stage"),
        disabled=tuple(str(d).upper() for d in data.get("disable", [])),
        format=data.get("format"),
        output=resolve(data["output"], "/output") if "output" in data else None,
        reports={fmt: resolve(file, f"/reports/{escape_token(fmt)}")
                 for fmt, file in data.get("reports", {}).items()},
        baseline=resolve(data["baseline"], "/baseline") if "baseline" in data else None,
        jobs=data.get("jobs"),
        verify=verify.get("enabled", False),
        allow_roots=tuple(resolve(r, f"/verify/allow_roots/{i}")
                          for i, r in enumerate(verify.get("allow_roots", []))),
        evidence=tuple(resolve(e, f"/verify/evidence/{i}")
                       for i, e in enumerate(verify.get("evidence", []))),
        record=_record_url(data["record"], base) if "record" in data else None,
        source=document,
    )


def _record_url(url: str, base: Path) -> str:
    """The audit ledger's URL; a relative SQLite path is relative to the config file."""
    prefix = "sqlite:///"
    path = url[len(prefix):]
    if url.startswith(prefix) and path and not path.startswith(("/", ":memory:", "file:")):
        return prefix + str(base / path)
    return url


def check_against_catalog(config: Config, catalog: Catalog) -> None:
    """Parameters must be declared and well typed; disabled ids must exist."""
    document = config.source
    errors = [_error(document, f"/params/{escape_token(name)}{where}", message)
              for name, where, message in parameter_problems(catalog.parameters,
                                                             config.parameter_overrides)]
    known_ids = {c.id for c in catalog.controls}
    for index, control_id in enumerate(config.disabled):
        if control_id not in known_ids:
            errors.append(_error(document, f"/disable/{index}", f"unknown control '{control_id}'"))
    if errors:
        raise FtcomplyError(*errors)


def _error(document: SourceDocument | None, pointer: str, message: str) -> InputError:
    if document is None:
        return InputError(message, Location("<command line>"), pointer)
    return InputError(message, document.locate(pointer), pointer)
