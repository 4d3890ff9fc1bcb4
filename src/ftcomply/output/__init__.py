"""Report formats: one module per format, each a `render(report, options) -> str`.

Formatters only read the Report; they never evaluate anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ftcomply.models import Report


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that do not change what a report says."""

    color: bool = False
    quiet: bool = False


Renderer = Callable[[Report, RenderOptions], str]


def renderers() -> dict[str, Renderer]:
    """Format name → renderer. Imported lazily so a run loads only what it uses."""
    from ftcomply.output import json, text

    return {"text": text.render, "json": json.render}
