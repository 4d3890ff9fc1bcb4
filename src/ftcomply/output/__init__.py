"""Report formats: one module per format, each a `render(report, options) -> str`.

A format whose reports grow with the batch also defines `render_chunks`, the
same text in pieces, so a run writes it without holding it whole. Formatters
only read the Report; they never evaluate anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ftcomply.models import Report


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that do not change what a report says."""

    color: bool = False
    quiet: bool = False


Renderer = Callable[[Report, RenderOptions], str]
ChunkRenderer = Callable[[Report, RenderOptions], Iterable[str]]


# Format name → module under ftcomply.output that defines `render`.
FORMATS = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "html": "html",
    "oscal": "oscal",
    "github": "github",
}


def renderer(name: str) -> Renderer:
    """The renderer of one format, imported on demand so a run loads only what it uses."""
    return importlib.import_module(f"ftcomply.output.{FORMATS[name]}").render


def chunk_renderer(name: str) -> ChunkRenderer:
    """The renderer of one format as pieces of text: its `render_chunks`, or `render` whole."""
    module = importlib.import_module(f"ftcomply.output.{FORMATS[name]}")
    render = module.render
    return getattr(module, "render_chunks", lambda report, options: (render(report, options),))
