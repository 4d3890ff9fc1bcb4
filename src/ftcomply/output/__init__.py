"""Report formats: one module per format, each a `render(report, options) -> str`, and
one registry (FORMATS) that everything else reads: the CLI's choices and help, the file
writer, the service's media types. Adding a format is its module plus one line here.

A format whose reports grow with the batch also defines `render_chunks`, the same text
in pieces, so a run writes it without holding it whole. Formatters only read the
Report; they never evaluate anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ftcomply.models import Report


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that do not change what a report says; `signer` (an
    ftcomply.attestation.Signer, from `--signing-key`) signs the attestations of the
    `intoto` format."""

    color: bool = False
    quiet: bool = False
    signer: Any = None


Renderer = Callable[[Report, RenderOptions], str]
ChunkRenderer = Callable[[Report, RenderOptions], Iterable[str]]
FileRenderer = Callable[[Report, RenderOptions], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Format:
    """One report format. `name` is what `--format` and `--report NAME=FILE` take, and
    the module under ftcomply.output that renders it (imported only when used);
    `media_type` what the service answers with (None: not served, as for CI-only
    annotations); `extension` the usual file suffix; `streamed` whether the module
    writes its report in pieces (`render_chunks`); `step_summary` the format that, when
    this one is chosen in GitHub Actions, is also appended to the job summary;
    `per_document` whether `--report NAME=DIR/` writes one file per document (the module's
    `render_files`, yielding file names and texts)."""

    name: str
    description: str
    media_type: str | None
    extension: str
    streamed: bool = False
    step_summary: str | None = None
    per_document: bool = False

    def _module(self) -> object:
        return importlib.import_module(f"ftcomply.output.{self.name}")

    def render(self, report: Report, options: RenderOptions | None = None) -> str:
        render: Renderer = self._module().render  # type: ignore[attr-defined]
        return render(report, options or RenderOptions())

    def chunks(self, report: Report, options: RenderOptions | None = None) -> Iterable[str]:
        """The report in pieces (whole, for a format that is not streamed)."""
        if self.streamed:
            chunked: ChunkRenderer = self._module().render_chunks  # type: ignore[attr-defined]
            return chunked(report, options or RenderOptions())
        return (self.render(report, options),)

    def files(self, report: Report, options: RenderOptions | None = None
              ) -> Iterable[tuple[str, str]]:
        """(file name, text) per document, for a report directory (per_document formats)."""
        files: FileRenderer = self._module().render_files  # type: ignore[attr-defined]
        return files(report, options or RenderOptions())


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", "people at a terminal", "text/plain", ".txt"),
    Format("json", "tools: the stable contract", "application/json", ".json", streamed=True),
    Format("sarif", "code scanning (SARIF 2.1.0)", "application/sarif+json", ".sarif"),
    Format("junit", "CI test views (JUnit XML)", "application/xml", ".junit.xml"),
    Format("markdown", "job summaries, pull-request comments", "text/markdown", ".md"),
    Format("html", "auditors: one self-contained file", "text/html", ".html"),
    Format("oscal", "GRC tools (OSCAL assessment results)", "application/json",
           ".oscal.json"),
    Format("github", "GitHub Actions annotations", None, ".txt", step_summary="markdown"),
    Format("intoto", "signed verdict attestations (in-toto, DSSE)", None, ".intoto.jsonl",
           streamed=True),
    Format("cyclonedx", "ML bill of materials (CycloneDX 1.6), one per job",
           "application/vnd.cyclonedx+json", ".cdx.json", streamed=True, per_document=True),
)}


def renderer(name: str) -> Renderer:
    """The renderer of one format."""
    return FORMATS[name].render  # type: ignore[return-value]


def chunk_renderer(name: str) -> ChunkRenderer:
    """The renderer of one format as pieces of text."""
    return FORMATS[name].chunks  # type: ignore[return-value]
