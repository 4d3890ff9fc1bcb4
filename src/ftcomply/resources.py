"""Where the shipped policies, schemas, templates and framework files are.

A wheel carries them inside the package (`ftcomply/policies`, …); a source
checkout installed in editable mode has them at the repository top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent


def _resource(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _REPO_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ftcomply is installed without its {name}/ directory")


def builtin_policies_dir() -> Path:
    return _resource("policies")


def schema_path(name: str = "ftjob.v1.schema.json") -> Path:
    return _resource("schemas") / name


def templates_dir() -> Path:
    return _resource("templates")


def builtin_frameworks_dir() -> Path:
    return _resource("frameworks")
