"""ftcomply: policy-as-code compliance checks for LLM fine-tuning jobs.

The public library API, the one the command line and the service are built on
(docs/library.md has runnable examples)::

    import ftcomply

    catalog = ftcomply.load_catalog()
    options = ftcomply.build_options(catalog, paths=["jobs/"], as_of="2026-11-26")
    report = ftcomply.check(catalog, options)
    print(ftcomply.render(report, "markdown"))

Everything named in `__all__` is public and typed (the package ships `py.typed`); other
modules are internal and may change. Names are imported on first use, so
`ftcomply --version` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → the module that defines it.
_PUBLIC = {
    "Catalog": "ftcomply.catalog",
    "load_catalog": "ftcomply.catalog",
    "Config": "ftcomply.config",
    "load_config": "ftcomply.config",
    "build_options": "ftcomply.options",
    "OptionError": "ftcomply.options",
    "Checker": "ftcomply.pipeline",
    "CheckOptions": "ftcomply.pipeline",
    "VerifySettings": "ftcomply.pipeline",
    "resolve_as_of": "ftcomply.pipeline",
    "Report": "ftcomply.models",
    "DocumentResult": "ftcomply.models",
    "ControlResult": "ftcomply.models",
    "Control": "ftcomply.models",
    "Finding": "ftcomply.models",
    "InputError": "ftcomply.models",
    "Severity": "ftcomply.models",
    "Status": "ftcomply.models",
    "EvidenceLevel": "ftcomply.models",
    "STAGES": "ftcomply.models",
    "FtcomplyError": "ftcomply.errors",
    "EngineError": "ftcomply.engine",
    "FORMATS": "ftcomply.output",
    "Format": "ftcomply.output",
    "RenderOptions": "ftcomply.output",
}

__all__ = [
    "FORMATS",
    "STAGES",
    "Catalog",
    "CheckOptions",
    "Checker",
    "Config",
    "Control",
    "ControlResult",
    "DocumentResult",
    "EngineError",
    "EvidenceLevel",
    "Finding",
    "Format",
    "FtcomplyError",
    "InputError",
    "OptionError",
    "RenderOptions",
    "Report",
    "Severity",
    "Status",
    "VerifySettings",
    "__version__",
    "build_options",
    "check",
    "load_catalog",
    "load_config",
    "render",
    "resolve_as_of",
    "version_text",
]

if TYPE_CHECKING:
    from ftcomply.catalog import Catalog, load_catalog
    from ftcomply.config import Config, load_config
    from ftcomply.engine import EngineError
    from ftcomply.errors import FtcomplyError
    from ftcomply.models import (
        STAGES,
        Control,
        ControlResult,
        DocumentResult,
        EvidenceLevel,
        Finding,
        InputError,
        Report,
        Severity,
        Status,
    )
    from ftcomply.options import OptionError, build_options
    from ftcomply.output import FORMATS, Format, RenderOptions
    from ftcomply.pipeline import Checker, CheckOptions, VerifySettings, resolve_as_of


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ftcomply' has no attribute {name!r}")


def check(catalog: Catalog, options: CheckOptions, stdin: Any = None,
          progress: Any = None) -> Report:
    """Check every path of `options` (files, directories, `-` for `stdin`) and return the
    report: one evaluation, ready for any format. `progress(done, total)` is called after
    each file. Never raises for bad input: unreadable or invalid documents are errors in
    the report (its `exit_code` is then 2)."""
    from ftcomply.pipeline import run_check

    return run_check(catalog, options, stdin, progress)


def render(report: Report, fmt: str = "json", options: RenderOptions | None = None) -> str:
    """The report in one of FORMATS (`json`, `sarif`, `junit`, `markdown`, `html`,
    `oscal`, `text`, `github`)."""
    from ftcomply.errors import FtcomplyError
    from ftcomply.output import FORMATS

    if fmt not in FORMATS:
        raise FtcomplyError.at(f"unknown format {fmt!r} (available: {', '.join(FORMATS)})",
                               "<options>")
    return FORMATS[fmt].render(report, options)


def version_text() -> str:
    """What `ftcomply --version` prints: the tool, catalog and engine versions."""
    from ftcomply.catalog import load_catalog
    from ftcomply.engine.regorus_backend import ENGINE_NAME

    catalog = load_catalog()
    return (f"ftcomply {__version__}\n"
            f"catalog {catalog.version} ({len(catalog.controls)} controls, {catalog.digest})\n"
            f"engine {ENGINE_NAME}\n")
