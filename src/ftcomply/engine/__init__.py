"""The policy engine interface: one query per document returns every control's verdict.

Backends (one module each) compile a catalog's modules once and then evaluate
many inputs. Nothing outside a backend module imports its engine library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ftcomply.errors import FtcomplyError
from ftcomply.models import Location

if TYPE_CHECKING:
    from ftcomply.catalog import Catalog


@dataclass(frozen=True)
class Verdicts:
    """Raw engine answers for one input.

    `deny` maps control id → the list of finding objects its `deny` rule
    produced; `applicable` holds the ids of controls whose `applicable` rule
    holds (controls without one are not listed); `not_applicable` maps the id of
    each control that defines `not_applicable` to its reasons (empty: it applies);
    `declared` maps the id of each control that defines `declared` to what its verdict
    takes on the descriptor's word alone (empty: nothing, under --verify).
    """

    deny: dict[str, list[Any]]
    applicable: frozenset[str]
    not_applicable: dict[str, list[Any]] = field(default_factory=dict)
    declared: dict[str, list[Any]] = field(default_factory=dict)


class EngineError(Exception):
    """The engine could not compile or answer.

    `control_id` names the culprit control and `location` the policy source
    position, when known.
    """

    def __init__(
        self, message: str, control_id: str | None = None, location: Location | None = None
    ) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.message = message
        self.control_id = control_id
        self.location = location


class Engine(Protocol):
    """A compiled policy set."""

    @property
    def name(self) -> str:
        """Engine name and version, as reports show it."""
        ...

    def evaluate(self, envelope: dict[str, Any]) -> Verdicts:
        """Evaluate every control on one input envelope; raises EngineError."""
        ...


@dataclass(frozen=True)
class EngineSettings:
    """Which backend evaluates the policies, and how to reach it.

    `backend` is one of BACKENDS. The OPA backend reads the rest: `opa_url`
    is the server's base URL, `opa_push` uploads the catalog to it before the
    run, `opa_timeout` bounds each request in seconds, `opa_token` is sent as
    a bearer token (never shown: it is left out of the repr).
    """

    backend: str = "regorus"
    opa_url: str | None = None
    opa_push: bool = False
    opa_timeout: float = 10.0
    opa_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise FtcomplyError.at(f"unknown engine {self.backend!r} (available: "
                                   f"{', '.join(BACKENDS)})", "<command line>")
        if self.backend == "opa" and not self.opa_url:
            raise FtcomplyError.at("--engine opa needs --opa-url", "<command line>")
        if self.backend != "opa" and (self.opa_url or self.opa_push):
            raise FtcomplyError.at("--opa-url and --opa-push need --engine opa",
                                   "<command line>")
        if not self.opa_timeout > 0:
            raise FtcomplyError.at("--opa-timeout must be a positive number of seconds",
                                   "<command line>")


def _compile_regorus(catalog: Catalog, params: dict[str, Any], settings: EngineSettings
                     ) -> Engine:
    from ftcomply.engine.regorus_backend import RegorusEngine

    return RegorusEngine.compile(catalog, params)


def _compile_opa(catalog: Catalog, params: dict[str, Any], settings: EngineSettings) -> Engine:
    try:
        from ftcomply.engine.opa_backend import OpaEngine
    except ImportError as exc:
        raise FtcomplyError.at(f"--engine opa needs opa-python-client ({exc.name} is missing): "
                               "pip install opa-python-client", "<command line>") from None

    return OpaEngine.compile(catalog, params, settings)


# One module per backend, imported only when chosen: the embedded run never loads an
# HTTP client, and the OPA run never loads the embedded engine.
_COMPILERS = {"regorus": _compile_regorus, "opa": _compile_opa}
BACKENDS = tuple(_COMPILERS)


def compile_engine(catalog: Catalog, params: dict[str, Any], settings: EngineSettings) -> Engine:
    """Compile the catalog on the chosen backend (once per run, or once per worker)."""
    return _COMPILERS[settings.backend](catalog, params, settings)
