"""One place that turns settings into a run's CheckOptions: the config file, then what
the caller gave (command-line flags, service start-up options, library arguments).

Every default lives here once. An error names the setting as the library knows it
(`fail_on`, `as_of`); the CLI words it as its flag (`--fail-on`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftcomply.errors import FtcomplyError
from ftcomply.models import DEFAULT_STAGE, InputError, Location, Severity

if TYPE_CHECKING:
    from ftcomply.catalog import Catalog
    from ftcomply.config import Config
    from ftcomply.pipeline import CheckOptions

DEFAULT_FAIL_ON = Severity.LOW


class OptionError(FtcomplyError):
    """A setting with a value the run cannot use; `field` is its library name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(InputError(f"{field} {message}", Location("<options>")))
        self.field = field
        self.message = message


def build_options(
    catalog: Catalog,
    config: Config | None = None,
    *,
    paths: tuple[str, ...] | list[str] = (),
    as_of: str | None = None,
    stage: str | None = None,
    fail_on: str | Severity | None = None,
    waivers: Path | None = None,
    baseline: Path | None = None,
    jobs: int | None = None,
    verify: bool = False,
    allow_roots: tuple[Path, ...] | list[Path] = (),
    evidence: tuple[Path, ...] | list[Path] = (),
    descriptors_only: bool = False,
    max_nodes: int | None = None,
    engine: str = "regorus",
    opa_url: str | None = None,
    opa_push: bool = False,
    opa_timeout: float = 10.0,
    opa_token: str | None = None,
) -> CheckOptions:
    """CheckOptions from `config` (a loaded `ftcomply.yaml`, or None) overridden by the
    keyword arguments that are set. Reads the waivers, baseline and scanner reports they
    name; raises FtcomplyError (OptionError for a bad value) when anything is unusable.

    `evidence` (scanner reports, evaluation reports, Croissant cards) implies `verify`;
    `allow_roots` widen where verified artifacts may be read.
    `jobs` defaults to the number of cores.
    """
    from ftcomply.baseline import load_baseline
    from ftcomply.config import Config, check_against_catalog
    from ftcomply.engine import EngineSettings
    from ftcomply.evidence.bindings import load_evidence_files
    from ftcomply.loader import MAX_FILE_NODES
    from ftcomply.pipeline import CheckOptions, VerifySettings, as_of_source, resolve_as_of
    from ftcomply.waivers import load_waivers

    config = config or Config()
    check_against_catalog(config, catalog)
    threshold = _severity(fail_on if fail_on is not None else config.fail_on)
    if jobs is not None and jobs < 1:
        raise OptionError("jobs", f"{jobs}: expected a positive number of processes")
    if max_nodes is not None and max_nodes < 1:
        raise OptionError("max_nodes", f"{max_nodes}: expected a positive number")
    reports = [*config.evidence, *evidence]
    verifying = verify or config.verify or bool(reports)
    waivers_file = waivers or config.waivers
    baseline_file = baseline or config.baseline
    return CheckOptions(
        paths=tuple(paths),
        as_of=resolve_as_of(as_of),
        as_of_source=as_of_source(as_of),
        stage=stage or config.stage or DEFAULT_STAGE,
        fail_on=threshold,
        parameter_overrides=config.parameter_overrides,
        disabled=frozenset(config.disabled),
        waivers=load_waivers(waivers_file, catalog) if waivers_file else (),
        baseline=load_baseline(baseline_file) if baseline_file else frozenset(),
        baseline_digest=_file_digest(baseline_file) if baseline_file else None,
        jobs=jobs or config.jobs or os.cpu_count() or 1,
        max_nodes=max_nodes or MAX_FILE_NODES,
        descriptors_only=descriptors_only,
        engine=EngineSettings(engine, opa_url, opa_push, opa_timeout, opa_token),
        verify=VerifySettings(
            allow_roots=(*config.allow_roots, *allow_roots),
            files=load_evidence_files(reports),
        ) if verifying else None,
    )


def _file_digest(path: Path) -> str:
    """`sha256:` digest of a file read before (the baseline): attestations name it."""
    import hashlib

    from ftcomply.loader import MAX_INPUT_BYTES, read_bounded

    return "sha256:" + hashlib.sha256(read_bounded(str(path), MAX_INPUT_BYTES)).hexdigest()


def _severity(value: Any) -> Severity:
    if value is None:
        return DEFAULT_FAIL_ON
    try:
        return Severity(value)
    except ValueError:
        raise OptionError("fail_on", f"{value!r}: expected critical, high, medium or low"
                          ) from None
