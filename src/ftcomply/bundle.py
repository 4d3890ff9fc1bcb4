"""The catalog in OPA's bundle layout, and the deterministic `.tar.gz` that carries it.

`opa run --server --bundle bundle.tar.gz` serves the same one query the
embedded engine answers, `data.ftcomply.runner.result`. The layout is shared
with `--engine opa --opa-push`, which uploads the same files one by one:

    /.manifest                 revision "<catalog version>+<12 hex digits of the digest>",
                               roots, Rego v1, the catalog's identity in metadata
    /data.json                 {"ftcomply": {"params": <parameters in effect>}}
    /policies/<phase>/<ID>.rego, /policies/lib/...   built-in modules, as in the repository
    /user/<path>.rego          user modules, relative to the folder that holds them all
    /runner.rego               the generated module that answers every control at once

Test modules (`*_test.rego`) stay out: the catalog digest does not cover them,
so the bundle holds exactly what the digest names.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

from ftcomply import __version__
from ftcomply.catalog import Catalog, PolicyModule
from ftcomply.errors import FtcomplyError

ROOT = "ftcomply"
RUNNER_PATH = "runner.rego"
_USER_PREFIX = "user/"


def revision(catalog: Catalog) -> str:
    """The bundle revision: catalog version and a short digest, e.g. 1.0.0+8630e0da25ad."""
    return f"{catalog.version}+{catalog.digest.removeprefix('sha256:')[:12]}"


def policy_files(catalog: Catalog) -> list[tuple[str, PolicyModule]]:
    """Every module of the bundle with its path there (no leading slash), runner last."""
    files = [(m.name, m) for m in catalog.modules if m.builtin and not m.is_test]
    user = [m for m in catalog.modules if not m.builtin and not m.is_test]
    if user:
        # Relative to their common folder, so the same policies give the same paths
        # wherever they are checked out.
        names = [os.path.abspath(m.name) for m in user]
        base = os.path.commonpath([os.path.dirname(n) for n in names])
        files += [(_USER_PREFIX + Path(os.path.relpath(n, base)).as_posix(), m)
                  for n, m in zip(names, user, strict=True)]
    files.append((RUNNER_PATH, catalog.runner_module()))
    return files


def roots(catalog: Catalog) -> list[str]:
    """The data paths the bundle owns: `ftcomply`, plus the package of any user module
    outside it (OPA refuses a bundle whose modules lie outside its roots)."""
    owned = [ROOT]
    packages = sorted({m.package.replace(".", "/") for _, m in policy_files(catalog)}, key=len)
    for package in packages:
        if not any(package == r or package.startswith(r + "/") for r in owned):
            owned.append(package)
    return owned


def manifest(catalog: Catalog) -> dict[str, Any]:
    """The `.manifest`: OPA reads revision, roots and rego_version; metadata is ours."""
    return {
        "revision": revision(catalog),
        "roots": roots(catalog),
        "rego_version": 1,
        "metadata": {
            "ftcomply": {
                "catalog_version": catalog.version,
                "catalog_digest": catalog.digest,
                "tool_version": __version__,
            }
        },
    }


def bundle_files(catalog: Catalog, params: dict[str, Any]) -> list[tuple[str, bytes]]:
    """Path (with OPA's leading slash) and content of every file, in archive order."""
    files = [
        ("/.manifest", _json(manifest(catalog))),
        ("/data.json", _json({ROOT: {"params": params}})),
    ]
    files += [("/" + path, module.text.encode("utf-8")) for path, module in policy_files(catalog)]
    return files


def build_bundle(catalog: Catalog, params: dict[str, Any]) -> bytes:
    """The gzipped tarball. Fixed times, owners, modes and order: the same catalog and
    parameters give the same bytes."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, data in bundle_files(catalog, params):
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=compressed, mtime=0) as stream:
        stream.write(archive.getvalue())
    return compressed.getvalue()


def write_bundle(catalog: Catalog, params: dict[str, Any], destination: Path) -> None:
    """Build the bundle and write it to `destination`; an unwritable path is exit 2."""
    data = build_bundle(catalog, params)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    except OSError as exc:
        raise FtcomplyError.at(f"cannot write bundle: {exc.strerror}", str(destination)) from None


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
