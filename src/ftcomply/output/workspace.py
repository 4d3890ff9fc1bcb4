"""Where a report's file names stand: the working directory, and the root CI resolves paths in.

A report names files as they were given: relative to the working directory, or
absolute. GitHub resolves a relative path against the repository root, so a run
from a subdirectory (`cd ml && ftcomply check jobs/`) must name `ml/jobs/...`
there. In GitHub Actions the root is `GITHUB_WORKSPACE`; elsewhere it is the
working directory. Paths are worked out lexically (no file is touched), so a
formatter stays a pure function of the report and this context.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath


@dataclass(frozen=True)
class Workspace:
    """`cwd`: the absolute working directory; `root`: the absolute directory paths are
    reported relative to (GITHUB_WORKSPACE when it holds the working directory, else
    the working directory itself), both in POSIX form; `github`: whether the root is
    GITHUB_WORKSPACE."""

    cwd: str
    root: str
    github: bool = False

    def relative(self, path: str) -> str | None:
        """`path` relative to the root, POSIX-style without `./`; None when it lies outside
        the root, is absolute in another convention, or is not a file name at all
        (`<stdin>`, `<request>`)."""
        if not is_file_name(path) or PureWindowsPath(path).drive:
            return None
        posix = path.replace("\\", "/")
        absolute = posixpath.normpath(posixpath.join(self.cwd, posix))
        if absolute == self.root:
            return "."
        prefix = self.root.rstrip("/") + "/"
        if not absolute.startswith(prefix):
            return None
        return absolute[len(prefix):]


def is_file_name(path: str) -> bool:
    """False for the pseudo-names of inputs that are not files (`<stdin>`, `<request>`,
    `<command line>`) and for an empty name."""
    return bool(path) and not (path.startswith("<") and path.endswith(">"))


def current(environ: Mapping[str, str] | None = None) -> Workspace:
    """The workspace of this process: its working directory, and GITHUB_WORKSPACE as the
    root when that is set, absolute and holds the working directory."""
    environ = os.environ if environ is None else environ
    cwd = _posix(os.getcwd())
    github = environ.get("GITHUB_WORKSPACE", "")
    if github and PurePosixPath(_posix(github)).is_absolute():
        candidate = posixpath.normpath(_posix(github))
        if cwd == candidate or cwd.startswith(candidate.rstrip("/") + "/"):
            return Workspace(cwd, candidate, github=True)
    return Workspace(cwd, cwd)


def _posix(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/")) if os.sep == "\\" else path
