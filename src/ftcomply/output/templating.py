"""The Jinja2 environment of the template-based formats (html, markdown).

Kept out of `ftcomply.output` itself so that runs in the other formats never
import Jinja2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ftcomply.resources import templates_dir


def environment(finalize: Callable[[Any], Any] | None = None) -> Environment:
    """Templates from `templates/`, always autoescaped, failing on any undefined name.

    Block tags leave no blank lines or indentation behind and a template's last
    newline is kept, so output is laid out exactly as the template is. A format
    adds only what differs: `finalize` to post-process every printed value, and
    filters on the returned environment. Autoescaping cannot be switched off here.
    """
    return Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
