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

Nothing is opened through a path that could have changed since it was checked.
Every file and folder is reached from its root (the real path of the descriptor's
directory or an allowed root) one name at a time, each folder opened relative to
the one before with O_NOFOLLOW | O_DIRECTORY and the file with O_NOFOLLOW: a
folder replaced by a symlink after the confinement check or the listing is never
followed. Each folder and file opened must also be the one (device, inode) the
listing saw; anything else makes the artifact `unreadable` ("changed while being
hashed"). Files are opened without blocking, only regular files are read, and
memory stays bounded whatever their size. (This needs openat: Linux, macOS, BSD.)
"""

from __future__ import annotations

import dataclasses
import errno
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
from ftcomply.textnorm import is_placeholder

MAX_MANIFEST_FILES = 1_000_000

# Two or more letters: `C:` is a Windows drive, not a scheme.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_LOCAL_MODEL_PREFIXES = ("./", "../", "/", "file:")
# `org/name` without a file extension: a dataset on a hub, unless such a folder is here.
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w-]+")
_UNLISTABLE = re.compile(r"[\n\r\\]")
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))
_FOLDER_FLAGS = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0))
# What opening a name that is no longer a folder (or no longer there) fails with.
_GONE = frozenset({errno.ELOOP, errno.ENOTDIR, errno.ENOENT})


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
        dataclasses.replace(_verify(pointer, kind, uri, declared, base, roots), name=name)
        for pointer, kind, uri, declared, name in _artifacts(descriptor)
    )


def resolve_reference(reference: str, descriptor_path: Path | None,
                      allow_roots: tuple[Path, ...] = ()) -> str:
    """The real path of a file the descriptor refers to (a signature bundle, a key, a
    tool's report), confined exactly as artifacts are. Raises ReferenceRefused with
    the status (missing, outside-root, remote, unreadable) and why."""
    base = os.path.abspath(descriptor_path.parent) if descriptor_path is not None else None
    given = tuple(os.path.abspath(r) for r in ([base] if base else []) + list(allow_roots))
    roots = _Roots(tuple(map(os.path.realpath, given)), given)
    try:
        local = _local_path(reference)
        if local is None:
            raise _Refused(DigestStatus.REMOTE, "not a local path: not verifiable here")
        path = _confine(local, base, roots)
    except _Refused as refused:
        raise ReferenceRefused(refused.status, refused.detail) from None
    if not os.path.lexists(path):
        raise ReferenceRefused(DigestStatus.MISSING, "no such file")
    return path


def path_digest(path: Path) -> str:
    """SHA-256 of a file, or a directory's manifest digest, exactly as `--verify` computes
    it; symlinks leading out of the directory are refused. Raises ReferenceRefused."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        raise ReferenceRefused(DigestStatus.MISSING, "no such file or directory")
    try:
        digest, _, _ = _hash(real, path.name, (real,), False)
    except _Refused as refused:
        raise ReferenceRefused(refused.status, f"cannot hash: {refused.detail}") from None
    except OSError as exc:
        raise ReferenceRefused(DigestStatus.UNREADABLE, f"cannot read: {exc.strerror}"
                               ) from None
    return digest


class ReferenceRefused(Exception):
    """A referenced file that cannot be read: `status` (a DigestStatus) and why."""

    def __init__(self, status: DigestStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


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


def _artifacts(descriptor: Mapping[str, Any]
               ) -> Iterator[tuple[str, ArtifactKind, str, Any, str | None]]:
    base_model = descriptor.get("base_model")
    if isinstance(base_model, dict) and isinstance(base_model.get("id"), str):
        yield ("/base_model", ArtifactKind.BASE_MODEL, base_model["id"],
               base_model.get("sha256"), None)
    for key, kind in (("datasets", ArtifactKind.DATASET), ("adapters", ArtifactKind.ADAPTER)):
        entries = descriptor.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and isinstance(entry.get("uri"), str):
                name = entry.get("name")
                yield (f"/{key}/{index}", kind, entry["uri"], entry.get("sha256"),
                       name if isinstance(name, str) else None)


def _verify(pointer: str, kind: ArtifactKind, uri: str, declared: Any, base: str | None,
            roots: _Roots) -> ArtifactEvidence:
    declared_sha256 = declared.lower() if isinstance(declared, str) else None

    def evidence(status: DigestStatus, detail: str, path: str | None = None,
                 actual: str | None = None,
                 serialization: tuple[SerializationEvidence, ...] = ()) -> ArtifactEvidence:
        return ArtifactEvidence(pointer, kind, display_uri(uri), path, declared_sha256, actual,
                                status, detail, serialization)

    if is_placeholder(uri):
        return evidence(DigestStatus.REMOTE, "a placeholder, not a location yet: not verifiable")
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
        if kind is ArtifactKind.DATASET and _HUB_ID.fullmatch(uri) and not os.path.lexists(path):
            return evidence(DigestStatus.REMOTE,
                            "a Hub dataset id (org/name), not a local path: not verifiable here")
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


class _Place(NamedTuple):
    """A file or folder as `root` (a real root path) and the names below it, each opened
    relative to the folder before it and never through a symlink."""

    root: str
    parts: tuple[str, ...]

    def child(self, name: str) -> _Place:
        return _Place(self.root, (*self.parts, name))

    @property
    def parent(self) -> _Place:
        return _Place(self.root, self.parts[:-1])

    @property
    def path(self) -> str:
        return os.path.join(self.root, *self.parts)


def _place(real: str, roots: tuple[str, ...]) -> _Place:
    """Where the real path `real`, inside one of `roots`, is: below the deepest root."""
    root = max((r for r in roots if _within(real, (r,))), key=len)
    relative = os.path.relpath(real, root)
    return _Place(root, () if relative == os.curdir else tuple(relative.split(os.sep)))


def _changed(label: str) -> _Refused:
    return _Refused(DigestStatus.UNREADABLE,
                    f"{label} changed while being hashed (a folder on its path was replaced "
                    "or removed): not hashed")


def _open_folder(place: _Place, label: str, identity: tuple[int, int] | None = None) -> int:
    """A descriptor of the folder at `place` (see `_reach`). `identity` is the
    (device, inode) a listing saw there, if any: another folder there now is refused."""
    try:
        descriptor = _reach(place)
    except OSError as exc:
        if exc.errno in _GONE:
            raise _changed(label) from None
        raise _Refused(DigestStatus.UNREADABLE, f"cannot read {label}: {exc.strerror}") from None
    if identity is not None and _identity(os.fstat(descriptor)) != identity:
        os.close(descriptor)
        raise _changed(label)
    return descriptor


def _reach(place: _Place) -> int:
    """The folder at `place`, reached one name at a time from its root with
    O_NOFOLLOW | O_DIRECTORY: a folder replaced by a symlink on the way is never followed
    (the open fails with ELOOP or ENOTDIR)."""
    descriptor = os.open(place.root, _FOLDER_FLAGS)
    try:
        for name in place.parts:
            child = os.open(name, _FOLDER_FLAGS, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def _stat(place: _Place) -> os.stat_result:
    """The file or folder at `place`, not following a symlink anywhere on the way
    (raises OSError as os.stat does)."""
    if not place.parts:
        return os.stat(place.root, follow_symlinks=False)
    folder = _reach(place.parent)
    try:
        return os.stat(place.parts[-1], dir_fd=folder, follow_symlinks=False)
    finally:
        os.close(folder)


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _hash(path: str, name: str, roots: tuple[str, ...],
          inspect: bool) -> tuple[str, str, tuple[SerializationEvidence, ...]]:
    """(digest, what was hashed, serialization evidence) of a file or directory.

    `path` is a real path inside `roots`; `name` labels a single file in its
    serialization evidence.
    """
    top = _place(path, roots)
    try:
        info = _stat(top)
    except OSError as exc:
        if exc.errno in _GONE and os.path.realpath(path) != path:
            raise _changed(name) from None  # a symlink on a path that had none a moment ago
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise _Refused(DigestStatus.MISSING, "no such file or directory") from None
        raise _Refused(DigestStatus.UNREADABLE, f"cannot read: {exc.strerror}") from None
    if stat.S_ISREG(info.st_mode):
        with _Opener() as opener:
            digest, found = _hash_file(opener, top, name, _identity(info), inspect)
        return digest, "the file", (found,) if found else ()
    if stat.S_ISLNK(info.st_mode):  # its real path had no symlink a moment ago
        raise _changed(name)
    if not stat.S_ISDIR(info.st_mode):
        raise _Refused(DigestStatus.UNREADABLE, "not a regular file or directory")
    manifest = hashlib.sha256()
    inspected = []
    files = _manifest_files(top, _identity(info), roots)
    with _Opener() as opener:
        for relative, place, identity in files:
            digest, found = _hash_file(opener, place, relative, identity, inspect)
            manifest.update(f"{digest}  ".encode() + os.fsencode(relative) + b"\n")
            if found is not None and is_model_file(relative, found):
                inspected.append(found)
    return manifest.hexdigest(), f"the manifest of {len(files)} files", tuple(inspected)


class _Opener:
    """Opens files by place, keeping the last folder open (files come folder by folder)."""

    def __init__(self) -> None:
        self.folder: tuple[_Place, int] | None = None

    def __enter__(self) -> _Opener:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.folder is not None:
            os.close(self.folder[1])
            self.folder = None

    def open(self, place: _Place, label: str, identity: tuple[int, int]) -> BinaryIO:
        """The regular file at `place`, which must still be the one with `identity`:
        every folder on the way opened without following symlinks, and the file itself
        without following a final symlink or blocking on a FIFO."""
        if not place.parts:
            return _open_regular(os.open(place.root, _OPEN_FLAGS), label, identity)
        if self.folder is None or self.folder[0] != place.parent:
            self.__exit__()
            self.folder = (place.parent, _open_folder(place.parent, label))
        try:
            descriptor = os.open(place.parts[-1], _OPEN_FLAGS, dir_fd=self.folder[1])
        except OSError as exc:
            if exc.errno in _GONE:
                raise _changed(label) from None
            raise
        return _open_regular(descriptor, label, identity)


def _hash_file(opener: _Opener, place: _Place, label: str, identity: tuple[int, int],
               inspect: bool) -> tuple[str, SerializationEvidence | None]:
    """Hash (and inspect) one file: the one a listing (or stat) saw at `place`, which
    has `identity`; anything else there now is refused, so nothing outside the listing
    is ever hashed."""
    try:
        with opener.open(place, label, identity) as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            return digest, inspect_file(handle, label) if inspect else None
    except OSError as exc:
        raise _Refused(DigestStatus.UNREADABLE, f"cannot read {label}: {exc.strerror}") from None


def _open_regular(descriptor: int, label: str, identity: tuple[int, int]) -> BinaryIO:
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or _identity(info) != identity:
        os.close(descriptor)
        raise _changed(label)
    return os.fdopen(descriptor, "rb")


def _manifest_files(top: _Place, top_identity: tuple[int, int], roots: tuple[str, ...]
                    ) -> list[tuple[str, _Place, tuple[int, int]]]:
    """(relative path, place, (device, inode)) of every regular file below `top`, sorted
    by path bytes. Each folder is opened from its root one name at a time without
    following symlinks and must be the folder its parent listed; a symlink in the tree
    is followed only to a real path inside `roots`, reached the same way."""
    files: list[tuple[str, _Place, tuple[int, int]]] = []
    pending = [(top, "", top_identity, frozenset({top_identity}))]
    while pending:
        folder, prefix, identity, ancestors = pending.pop()
        descriptor = _open_folder(folder, prefix.rstrip("/") or ".", identity)
        try:
            with os.scandir(descriptor) as entries:
                listed = [(entry.name, entry.is_symlink()) for entry in entries]
        except OSError as exc:
            raise _Refused(DigestStatus.UNREADABLE,
                           f"cannot list {prefix or '.'}: {exc.strerror}") from None
        finally:
            os.close(descriptor)
        for name, is_symlink in listed:
            relative = prefix + name
            if _UNLISTABLE.search(relative):
                raise _Refused(DigestStatus.UNREADABLE,
                               f"file name {relative!r} holds a newline, carriage return or "
                               "backslash, which a manifest line cannot hold")
            place = folder.child(name)
            if is_symlink:
                target = os.path.realpath(place.path)
                if not _within(target, roots):
                    raise _Refused(DigestStatus.OUTSIDE_ROOT,
                                   f"symlink {relative} leads outside the descriptor's "
                                   "directory and the allowed roots")
                place = _place(target, roots)
            try:
                info = _stat(place)
            except FileNotFoundError:
                continue  # a dangling symlink (or a file just removed), skipped as find -L does
            except OSError as exc:
                if exc.errno in _GONE:
                    raise _changed(relative) from None
                raise _Refused(DigestStatus.UNREADABLE,
                               f"cannot read {relative}: {exc.strerror}") from None
            key = _identity(info)
            if stat.S_ISDIR(info.st_mode):
                if key in ancestors:
                    raise _Refused(DigestStatus.UNREADABLE, f"symlink loop at {relative}")
                pending.append((place, relative + "/", key, ancestors | {key}))
            elif stat.S_ISREG(info.st_mode):
                files.append((relative, place, key))
                if len(files) > MAX_MANIFEST_FILES:
                    raise _Refused(DigestStatus.UNREADABLE,
                                   f"more than {MAX_MANIFEST_FILES} files")
            elif stat.S_ISLNK(info.st_mode):  # a loop realpath gave up on, or a swap
                raise _Refused(DigestStatus.UNREADABLE,
                               f"symlink loop at {relative}" if is_symlink
                               else f"{relative} changed while being hashed")
    return sorted(files, key=lambda item: os.fsencode(item[0]))
