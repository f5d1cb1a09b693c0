"""Extract a tar archive (such as ``get_archive``'s stream) without writing outside a directory.

:func:`extract_archive` reads the archive as a stream (``tarfile`` mode ``r|*``: plain, gzip,
bzip2 or xz), one member at a time, so memory stays bounded whatever the archive's size. Every
member is checked before anything is written for it; the first unsafe one raises
:class:`~dockersdk.errors.ArchiveError` naming it (members before it are already extracted).

Refused:
    * names that are absolute or whose ``..`` components climb out of the target directory;
    * anything written through a symbolic link (from the archive or already in the target)
      that resolves outside the target directory;
    * symbolic links whose target is absolute or resolves outside the target directory;
    * hard links whose target is outside the target directory or not a regular file;
    * character and block devices, FIFOs and unknown member types.

Files are written with their permission bits minus setuid, setgid and sticky; owners are not
changed; an existing symbolic link at a file's path is replaced, never written through.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, TypeAlias

from dockersdk._guards import is_bytes_like, is_iterable
from dockersdk.errors import ArchiveError, InvalidArgumentType

if TYPE_CHECKING:
    import tarfile

__all__ = ["ArchiveSource", "extract_archive"]

#: What :func:`extract_archive` reads: the whole archive, a binary file object, or its chunks.
ArchiveSource: TypeAlias = "bytes | bytearray | memoryview | IO[bytes] | Iterable[bytes]"

_COPY_BUFFER = 1024 * 1024


class _ChunkReader(io.RawIOBase):
    """A read-only binary file over an iterator of ``bytes`` chunks."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                chunk = next(self._chunks)
            except StopIteration:
                return 0
            if not is_bytes_like(chunk):  # the caller's iterator may yield anything
                raise InvalidArgumentType(
                    f"extract_archive() needs bytes chunks, got {type(chunk).__name__}"
                )
            self._pending = memoryview(bytes(chunk))
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


def _as_file(source: ArchiveSource) -> IO[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source))
    if hasattr(source, "read"):
        return source  # type: ignore[return-value]
    if isinstance(source, str) or not is_iterable(source):  # untyped callers
        raise InvalidArgumentType(
            "extract_archive() needs the archive as bytes, a binary file or an iterator of "
            f"bytes chunks, got {type(source).__name__}"
        )
    return io.BufferedReader(_ChunkReader(source), buffer_size=64 * 1024)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root + os.sep)


def _relative_name(member: tarfile.TarInfo) -> str | None:
    """The member's normalized relative path; None for the archive's root (``.``)."""
    name = member.name
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError("absolute path", member.name)
    if "\0" in name:
        raise ArchiveError("NUL byte in the name", member.name)
    normalized = os.path.normpath(name)
    if normalized == os.curdir:
        return None
    if normalized == os.pardir or normalized.startswith(os.pardir + os.sep):
        raise ArchiveError("path outside the target directory", member.name)
    return normalized


def _resolved_parent(root: str, relative: str, member: tarfile.TarInfo) -> str:
    """The real directory the member goes into, checked to be inside ``root``."""
    parent = os.path.realpath(os.path.join(root, os.path.dirname(relative)))
    if not _inside(parent, root):
        raise ArchiveError("written through a link that leaves the target directory", member.name)
    return parent


def _make_parents(root: str, parent: str, member: tarfile.TarInfo) -> None:
    if os.path.isdir(parent):
        return
    if os.path.lexists(parent):
        raise ArchiveError(
            f"its parent {os.path.relpath(parent, root)!r} is not a directory", member.name
        )
    os.makedirs(parent, mode=0o755, exist_ok=True)


def _clear(target: str, member: tarfile.TarInfo, root: str) -> None:
    """Remove a non-directory at ``target`` so a link or file never writes through it."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise ArchiveError(
            f"would replace the directory {os.path.relpath(target, root)!r}", member.name
        )
    os.unlink(target)


def _check_symlink(root: str, parent: str, member: tarfile.TarInfo) -> None:
    link = member.linkname
    if not link:
        raise ArchiveError("symbolic link without a target", member.name)
    if os.path.isabs(link):
        raise ArchiveError(f"symbolic link to the absolute path {link!r}", member.name)
    resolved = os.path.realpath(os.path.join(parent, link))
    if not _inside(resolved, root):
        raise ArchiveError(f"symbolic link to {link!r}, outside the target directory", member.name)


def _hardlink_source(root: str, member: tarfile.TarInfo) -> str:
    link = member.linkname
    if os.path.isabs(link):
        raise ArchiveError(f"hard link to the absolute path {link!r}", member.name)
    normalized = os.path.normpath(link)
    if normalized in (os.curdir, os.pardir) or normalized.startswith(os.pardir + os.sep):
        raise ArchiveError(f"hard link to {link!r}, outside the target directory", member.name)
    source = os.path.realpath(os.path.join(root, normalized))
    if not _inside(source, root):
        raise ArchiveError(f"hard link to {link!r}, outside the target directory", member.name)
    try:
        st = os.lstat(source)
    except FileNotFoundError:
        raise ArchiveError(f"hard link to {link!r}, which was not extracted", member.name) from None
    if not stat.S_ISREG(st.st_mode):
        raise ArchiveError(f"hard link to {link!r}, which is not a regular file", member.name)
    return source


def _set_mtime(path: str, member: tarfile.TarInfo) -> None:
    # A timestamp the filesystem refuses is not worth failing the extraction.
    with contextlib.suppress(OSError, NotImplementedError, OverflowError, ValueError):
        os.utime(path, (member.mtime, member.mtime), follow_symlinks=False)


def _extract_member(archive: tarfile.TarFile, member: tarfile.TarInfo, root: str) -> str | None:
    relative = _relative_name(member)
    if member.ischr() or member.isblk():
        raise ArchiveError("device files are not extracted", member.name)
    if member.isfifo():
        raise ArchiveError("FIFOs are not extracted", member.name)
    if not (member.isreg() or member.isdir() or member.issym() or member.islnk()):
        raise ArchiveError(f"unsupported member type {member.type!r}", member.name)
    if relative is None:  # "." itself: the target directory exists already
        return None
    parent = _resolved_parent(root, relative, member)
    target = os.path.join(parent, os.path.basename(relative))
    mode = member.mode & 0o777
    if member.isdir():
        if os.path.islink(target) or (os.path.lexists(target) and not os.path.isdir(target)):
            os.unlink(target)
        _make_parents(root, parent, member)
        os.makedirs(target, mode=0o700, exist_ok=True)
        os.chmod(target, mode | 0o700)  # stays writable for the members that follow
        return relative
    if member.issym():
        _check_symlink(root, parent, member)
        _make_parents(root, parent, member)
        _clear(target, member, root)
        os.symlink(member.linkname, target)
        _set_mtime(target, member)
        return relative
    if member.islnk():
        source = _hardlink_source(root, member)
        _make_parents(root, parent, member)
        if source != target:
            _clear(target, member, root)
            os.link(source, target, follow_symlinks=False)
        return relative
    _make_parents(root, parent, member)
    _clear(target, member, root)
    data = archive.extractfile(member)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(target, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        if data is not None:
            shutil.copyfileobj(data, handle, _COPY_BUFFER)
    os.chmod(target, mode)
    _set_mtime(target, member)
    return relative


def extract_archive(source: ArchiveSource, dest: str | os.PathLike[str]) -> list[str]:
    """Extract a tar archive into ``dest``, refusing anything that would land outside it.

    The archive is read as a stream, member by member (plain or compressed); nothing is kept
    in memory beyond one copy buffer. ``source`` is not closed.

    Example::

        stream, stat = api.get_archive(container, "/etc")
        with stream:
            extract_archive(stream, "out")

    Args:
        source: the archive as bytes, a binary file object, or an iterable of ``bytes``
            chunks (the stream ``APIClient.get_archive`` returns).
        dest: the target directory; created when missing.

    Returns:
        The relative paths extracted, in archive order.

    Raises:
        ArchiveError: a member is unsafe (named in the error; see the module docs) or the
            archive cannot be read.
        InvalidArgumentType: ``source`` is none of the accepted types.
        OSError: writing to ``dest`` failed.
    """
    import tarfile

    fileobj = _as_file(source)
    os.makedirs(dest, exist_ok=True)
    root = os.path.realpath(dest)
    extracted: list[str] = []
    try:
        with tarfile.open(fileobj=fileobj, mode="r|*") as archive:
            for member in archive:
                name = _extract_member(archive, member, root)
                if name is not None:
                    extracted.append(name)
    except tarfile.TarError as exc:
        raise ArchiveError(f"cannot read the tar archive: {exc}") from exc
    except EOFError as exc:
        raise ArchiveError(f"the tar archive is truncated: {exc}") from exc
    return extracted
