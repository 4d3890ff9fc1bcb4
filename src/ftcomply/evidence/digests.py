"""Check the declared sha256 of local datasets, adapters and base models against their bytes.

Which artifacts, and where they are:

- every dataset and adapter `uri`, and the base model's `id` when it is a
  local path (`./…`, `../…`, `/…` or `file:…`; anything else is a model id
  on a hub or registry). A plain path is relative to the descriptor's
  directory; `file:///abs/path`, `file://localhost/abs/path` and
  `file:relative/path` are local too. Any other scheme (`s3://`, `https://`,
  `hf://`, `gs://`, a `file://` URI naming another host…) is remote: reported
  as `remote`, never as verified. URIs are shown without userinfo, query or
  fragment.
- Confinement: the resolved path, with every `..` and every symlink on the
  way followed, must stay inside the descriptor's directory or a root the
  caller allows explicitly; otherwise the artifact is `outside-root` and is
  neither read nor said to exist. Inside an artifact directory, a symlink is
  followed (hashed as its target) only when its target is inside those roots
  too; one that leads out makes the whole artifact `outside-root`.

What is hashed:

- a file: SHA-256 of its bytes, streamed (`sha256sum FILE` agrees).
- a directory: a manifest digest. Take every regular file below it
  (recursively, symlinks followed as above, hidden files included; dangling
  symlinks, sockets, FIFOs and devices skipped), one line per file:
  `<sha256 of the file, lowercase hex>  <path relative to the directory,
  '/'-separated>\\n` (two spaces), sort the lines by the path's bytes, and take
  the SHA-256 of their concatenation. An empty directory hashes to the SHA-256
  of nothing. This is exactly what GNU coreutils print for

      cd DIR && find -L . -type f -printf '%P\\0' | LC_ALL=C sort -z \\
        | xargs -0 -r sha256sum -- | sha256sum

  File names holding a newline, carriage return or backslash (which
  sha256sum escapes) make the artifact `unreadable`, as do symlink loops and
  more than 1,000,000 files.

Files are opened without following a final symlink and without blocking, and
only regular files are read; memory stays bounded whatever their size.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

from ftcomply.evidence import ArtifactEvidence, ArtifactKind, DigestStatus, SerializationEvidence
from ftcomply.evidence.serialization import inspect_file, is_model_file

MAX_MANIFEST_FILES = 1_000_000

# Two or more letters: `C:` is a Windows drive, not a scheme.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_LOCAL_MODEL_PREFIXES = ("./", "../", "/", "file:")
_UNLISTABLE = re.compile(r"[\n\r\\]")
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))


class _Roots(NamedTuple):
    """Where artifacts may be: `real` (symlinks resolved) decides; `given` (as
    written) only tells a `..` escape from a symlink escape in messages."""

    real: tuple[str, ...]
    given: tuple[str, ...]


class _Refused(Exception):
    """The artifact cannot be hashed; carries the status and the reason."""

    def __init__(self, status: DigestStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def verify_artifacts(descriptor: Mapping[str, Any], descriptor_path: Path | None,
                     allow_roots: tuple[Path, ...] = ()) -> tuple[ArtifactEvidence, ...]:
    """Evidence for the base model, each dataset and each adapter, in that order.

    `descriptor_path` is None for a descriptor read from stdin: it has no
    directory, so relative paths cannot be resolved and only `allow_roots`
    confine absolute ones.
    """
    base = os.path.abspath(descriptor_path.parent) if descriptor_path is not None else None
    given = tuple(os.path.abspath(r) for r in ([base] if base else []) + list(allow_roots))
    roots = _Roots(tuple(map(os.path.realpath, given)), given)
    return tuple(
        _verify(pointer, kind, uri, declared, base, roots)
        for pointer, kind, uri, declared in _artifacts(descriptor)
    )


def display_uri(uri: str) -> str:
    """A URI fit to print: no userinfo (credentials), query (signed tokens) or fragment."""
    if _SCHEME.match(uri) is None:
        return uri
    try:
        parts = urlsplit(uri)
    except ValueError:
        return f"{uri.split(':', 1)[0]}:(unparseable URI)"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _artifacts(descriptor: Mapping[str, Any]) -> Iterator[tuple[str, ArtifactKind, str, Any]]:
    base_model = descriptor.get("base_model")
    if isinstance(base_model, dict) and isinstance(base_model.get("id"), str):
        yield "/base_model", ArtifactKind.BASE_MODEL, base_model["id"], base_model.get("sha256")
    for key, kind in (("datasets", ArtifactKind.DATASET), ("adapters", ArtifactKind.ADAPTER)):
        entries = descriptor.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and isinstance(entry.get("uri"), str):
                yield f"/{key}/{index}", kind, entry["uri"], entry.get("sha256")


def _verify(pointer: str, kind: ArtifactKind, uri: str, declared: Any, base: str | None,
            roots: _Roots) -> ArtifactEvidence:
    declared_sha256 = declared.lower() if isinstance(declared, str) else None

    def evidence(status: DigestStatus, detail: str, path: str | None = None,
                 actual: str | None = None,
                 serialization: tuple[SerializationEvidence, ...] = ()) -> ArtifactEvidence:
        return ArtifactEvidence(pointer, kind, display_uri(uri), path, declared_sha256, actual,
                                status, detail, serialization)

    if kind is ArtifactKind.BASE_MODEL and not (
            uri in (".", "..") or uri.startswith(_LOCAL_MODEL_PREFIXES)):
        return evidence(DigestStatus.REMOTE,
                        "base_model.id is a model id, not a local path: not verifiable here")
    try:
        local = _local_path(uri)
        if local is None:
            scheme = uri.split(":", 1)[0].lower()
            return evidence(DigestStatus.REMOTE, f"remote {scheme} URI: not verifiable here")
        path = _confine(local, base, roots)
        name = os.path.basename(os.path.normpath(local))  # the link's name, not its target's
        try:
            actual, what, serialization = _hash(path, name, roots.real,
                                                kind is not ArtifactKind.DATASET)
        except _Refused as refused:
            return evidence(refused.status, refused.detail, path)
    except _Refused as refused:
        return evidence(refused.status, refused.detail)
    if declared_sha256 is None:
        return evidence(DigestStatus.UNDECLARED,
                        f"no sha256 declared; {what} hashes to {actual[:12]}… (not verified)",
                        path, actual, serialization)
    if declared_sha256 != actual:
        return evidence(
            DigestStatus.MISMATCH,
            f"{what} hashes to {actual[:12]}…, not to the declared {declared_sha256[:12]}…",
            path, actual, serialization)
    return evidence(DigestStatus.VERIFIED, f"{what} matches the declared sha256",
                    path, actual, serialization)


def _local_path(uri: str) -> str | None:
    """The filesystem path a local URI names; None when the URI is remote."""
    match = _SCHEME.match(uri)
    if match is None:
        path = uri
    elif match.group(1).lower() != "file":
        return None
    else:
        try:
            parts = urlsplit(uri)
        except ValueError:
            raise _Refused(DigestStatus.UNREADABLE, "malformed file URI") from None
        if parts.netloc not in ("", "localhost"):
            return None  # a file on another host
        if parts.query or parts.fragment:
            raise _Refused(DigestStatus.UNREADABLE, "a file URI with a query or fragment")
        path = unquote(parts.path)
    if not path or "\0" in path:
        raise _Refused(DigestStatus.UNREADABLE, "empty path or NUL byte in the path")
    return path


def _confine(local: str, base: str | None, roots: _Roots) -> str:
    """The real path of `local`, which must stay inside `roots` once symlinks are followed."""
    if not os.path.isabs(local):
        if base is None:
            raise _Refused(DigestStatus.UNREADABLE,
                           "relative path in a descriptor read from stdin: no directory to "
                           "resolve it against")
        local = os.path.join(base, local)
    real = os.path.realpath(local)
    if _within(real, roots.real):
        return real
    if _within(os.path.normpath(local), roots.given + roots.real):
        raise _Refused(DigestStatus.OUTSIDE_ROOT,
                       "a symlink on the path leads outside the descriptor's directory and "
                       "the allowed roots")
    raise _Refused(DigestStatus.OUTSIDE_ROOT,
                   "the path is outside the descriptor's directory and the allowed roots")


def _within(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _hash(path: str, name: str, roots: tuple[str, ...],
          inspect: bool) -> tuple[str, str, tuple[SerializationEvidence, ...]]:
    """(digest, what was hashed, serialization evidence) of a file or directory.

    `name` labels a single file in its serialization evidence.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise _Refused(DigestStatus.MISSING, "no such file or directory") from None
    except OSError as exc:
        raise _Refused(DigestStatus.UNREADABLE, f"cannot read: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        digest, found = _hash_file(path, name, inspect)
        return digest, "the file", (found,) if found else ()
    if not stat.S_ISDIR(mode):
        raise _Refused(DigestStatus.UNREADABLE, "not a regular file or directory")
    manifest = hashlib.sha256()
    inspected = []
    files = _manifest_files(path, roots)
    for relative, physical, identity in files:
        digest, found = _hash_file(physical, relative, inspect, identity)
        manifest.update(f"{digest}  ".encode() + os.fsencode(relative) + b"\n")
        if found is not None and is_model_file(relative, found):
            inspected.append(found)
    return manifest.hexdigest(), f"the manifest of {len(files)} files", tuple(inspected)


def _hash_file(path: str, label: str, inspect: bool, identity: tuple[int, int] | None = None
               ) -> tuple[str, SerializationEvidence | None]:
    """Hash (and inspect) one file. `identity` is the (device, inode) the directory listing
    saw: a file that is not that one when opened (a directory on its path swapped for a
    symlink in between, say) is refused, so nothing outside the listing is hashed."""
    try:
        with _open_regular(path) as handle:
            opened = os.fstat(handle.fileno())
            if identity is not None and (opened.st_dev, opened.st_ino) != identity:
                raise _Refused(DigestStatus.UNREADABLE,
                               f"{label} changed while the directory was being hashed")
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            return digest, inspect_file(handle, label) if inspect else None
    except OSError as exc:
        raise _Refused(DigestStatus.UNREADABLE, f"cannot read {label}: {exc.strerror}") from None


def _open_regular(path: str) -> BinaryIO:
    """Open a regular file without following a final symlink or blocking on a FIFO."""
    descriptor = os.open(path, _OPEN_FLAGS)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise _Refused(DigestStatus.UNREADABLE, "not a regular file")
    return os.fdopen(descriptor, "rb")


def _manifest_files(top: str, roots: tuple[str, ...]
                    ) -> list[tuple[str, str, tuple[int, int]]]:
    """(relative path, real path, (device, inode)) of every regular file below `top`,
    sorted by path bytes."""
    files: list[tuple[str, str, tuple[int, int]]] = []
    top_stat = os.stat(top)
    stack = [(top, "", frozenset({(top_stat.st_dev, top_stat.st_ino)}))]
    while stack:
        directory, prefix, ancestors = stack.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError as exc:
            raise _Refused(DigestStatus.UNREADABLE,
                           f"cannot list {prefix or '.'}: {exc.strerror}") from None
        for entry in listed:
            relative = prefix + entry.name
            if _UNLISTABLE.search(relative):
                raise _Refused(DigestStatus.UNREADABLE,
                               f"file name {relative!r} holds a newline, carriage return or "
                               "backslash, which a manifest line cannot hold")
            physical = entry.path
            if entry.is_symlink():
                physical = os.path.realpath(entry.path)
                if not _within(physical, roots):
                    raise _Refused(DigestStatus.OUTSIDE_ROOT,
                                   f"symlink {relative} leads outside the descriptor's "
                                   "directory and the allowed roots")
            try:
                info = os.stat(physical)
            except FileNotFoundError:
                continue  # a dangling symlink, skipped as find -L skips it
            except OSError as exc:
                raise _Refused(DigestStatus.UNREADABLE,
                               f"cannot read {relative}: {exc.strerror}") from None
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    raise _Refused(DigestStatus.UNREADABLE, f"symlink loop at {relative}")
                stack.append((physical, relative + "/", ancestors | {key}))
            elif stat.S_ISREG(info.st_mode):
                files.append((relative, physical, (info.st_dev, info.st_ino)))
                if len(files) > MAX_MANIFEST_FILES:
                    raise _Refused(DigestStatus.UNREADABLE,
                                   f"more than {MAX_MANIFEST_FILES} files")
    return sorted(files, key=lambda item: os.fsencode(item[0]))
