"""The policy engine interface: one query per document returns every control's verdict.

Backends (one module each) compile a catalog's modules once and then evaluate
many inputs. Nothing outside a backend module imports its engine library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ftcomply.models import Location

if TYPE_CHECKING:
    from ftcomply.catalog import Catalog


@dataclass(frozen=True)
class Verdicts:
    """Raw engine answers for one input.

    `deny` maps control id → the list of finding objects its `deny` rule
    produced; `applicable` holds the ids of controls whose `applicable` rule
    holds (controls without one are not listed).
    """

    deny: dict[str, list[Any]]
    applicable: frozenset[str]


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
    """Which backend evaluates the policies, and how to reach it."""

    backend: str = "regorus"


BACKENDS = ("regorus",)


def compile_engine(catalog: Catalog, params: dict[str, Any], settings: EngineSettings) -> Engine:
    """Compile the catalog on the chosen backend (once per run, or once per worker)."""
    from ftcomply.engine.regorus_backend import RegorusEngine

    return RegorusEngine.compile(catalog, params)
