"""Build contexts: which files a ``.dockerignore`` leaves out, and the context tarball."""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from dockersdk.errors import InvalidArgument
from dockersdk.utils.dockerignore import (
    Pattern,
    PatternMatcher,
    clean_path,
    normalize_pattern_line,
    parse_dockerignore,
)

if TYPE_CHECKING:
    import gzip as gzip_module
    import tarfile

__all__ = [
    "Pattern",
    "PatternMatcher",
    "build_file_list",
    "create_archive",
    "exclude_paths",
    "match_tag",
    "mkbuildcontext",
    "normalize_slashes",
    "parse_dockerignore",
    "read_dockerignore",
    "split_path",
    "tar",
    "walk",
]

IS_WINDOWS_PLATFORM = os.name == "nt"

#: A Dockerfile argument: its path inside the context, or docker-py's
#: ``(name, contents_or_None)`` pair whose contents are added to the archive.
DockerfileArg: TypeAlias = "str | tuple[str, str | bytes | None] | None"

_TAG = re.compile(
    r"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*"
    r"(?::[0-9]+)?(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
    r"(:[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})?$"
)


def match_tag(tag: str) -> bool:
    """Tell whether ``tag`` is a valid ``[registry[:port]/]name[:tag]`` reference.

    Args:
        tag: the reference.

    Returns:
        True when it is well-formed.
    """
    return bool(_TAG.match(tag))


def read_dockerignore(context_dir: str | os.PathLike[str]) -> list[str]:
    """Read ``<context_dir>/.dockerignore`` as the Docker CLI does.

    Args:
        context_dir: the build context directory.

    Returns:
        The normalized patterns, or an empty list when there is no file.

    Raises:
        OSError: the file exists but cannot be read.
    """
    try:
        with open(os.path.join(context_dir, ".dockerignore"), "rb") as handle:
            return parse_dockerignore(handle.read())
    except FileNotFoundError:
        return []


def _rel(path: str) -> str:
    return path.replace(os.sep, "/") if IS_WINDOWS_PLATFORM else path


def _dockerfile_name(root: str, dockerfile: str | None) -> str:
    if not dockerfile:
        return "Dockerfile"
    if os.path.isabs(dockerfile):
        relative = os.path.relpath(dockerfile, root)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return _rel(dockerfile)  # outside the context: it cannot match anything
        dockerfile = relative
    return clean_path(_rel(dockerfile))


def _matcher(root: str, patterns: Iterable[str] | None, dockerfile: str | None) -> PatternMatcher:
    """The CLI's matcher: normalized patterns, with the build files re-included."""
    excludes = [p for p in (normalize_pattern_line(raw) for raw in patterns or ()) if p]
    probe = PatternMatcher(excludes)  # validates the patterns
    if probe.matches_legacy(".dockerignore"):
        excludes.append("!.dockerignore")
        probe = PatternMatcher(excludes)
    name = _dockerfile_name(root, dockerfile)
    if probe.matches_legacy(name):
        excludes.append("!" + name)
    return PatternMatcher(excludes)


def _scan(directory: str) -> list[os.DirEntry[str]]:
    with os.scandir(directory) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _walk_context(
    root: str, pm: PatternMatcher, *, list_excluded: bool
) -> Iterator[tuple[str, str, bool]]:
    """Walk ``root`` in name order as the CLI's context walk does.

    Yields ``(relative_path, absolute_path, included)``. Excluded directories are not
    entered unless an exception pattern may re-include something inside; with
    ``list_excluded`` their contents are still listed (as excluded).
    """

    def visit(
        directory: str, prefix: str, parent: list[bool] | None
    ) -> Iterator[tuple[str, str, bool]]:
        for entry in _scan(directory):
            rel = prefix + entry.name
            excluded, results = pm.matches_using_parent_results(rel, parent)
            is_dir = _is_dir(entry)
            yield rel, entry.path, not excluded
            if not is_dir:
                continue
            if not excluded or pm.may_reinclude_under(rel):
                yield from visit(entry.path, rel + "/", results)
            elif list_excluded:
                yield from everything(entry.path, rel + "/")

    def everything(directory: str, prefix: str) -> Iterator[tuple[str, str, bool]]:
        try:
            entries = _scan(directory)
        except OSError:
            return
        for entry in entries:
            yield prefix + entry.name, entry.path, False
            if _is_dir(entry):
                yield from everything(entry.path, prefix + entry.name + "/")

    return visit(root, "", None)


def _context_root(path: str | os.PathLike[str]) -> str:
    root = os.path.abspath(path)
    if not os.path.isdir(root):
        raise InvalidArgument(f"build context {os.fspath(path)!r} is not a directory")
    return root


def walk(
    root: str | os.PathLike[str], patterns: Iterable[str], default: bool = True
) -> Iterator[str]:
    """The paths under ``root`` that ``.dockerignore`` ``patterns`` keep (docker-py's helper).

    Args:
        root: the directory.
        patterns: ``.dockerignore`` patterns.
        default: unused; docker-py's signature.

    Yields:
        Relative, ``/``-separated paths of the files, directories and links kept, in name
        order (the Docker CLI's matching rules).

    Raises:
        InvalidArgument: ``root`` is not a directory or a pattern is malformed.
    """
    root_dir = _context_root(root)
    excludes = [p for p in (normalize_pattern_line(raw) for raw in patterns) if p]
    pm = PatternMatcher(excludes)
    for rel, _, included in _walk_context(root_dir, pm, list_excluded=False):
        if included:
            yield rel


def build_file_list(root: str | os.PathLike[str]) -> list[str]:
    """Every file, directory and link under ``root``, as paths relative to it."""
    top = os.fspath(root)
    found: list[str] = []
    for directory, dirnames, filenames in os.walk(top):
        for name in filenames + dirnames:
            found.append(os.path.relpath(os.path.join(directory, name), top))
    return found


def split_path(p: str) -> list[str]:
    """The components of path ``p``, without empty and ``.`` ones."""
    separators = r"[/\\]" if IS_WINDOWS_PLATFORM else "/"
    return [part for part in re.split(separators, p) if part and part != "."]


def normalize_slashes(p: str) -> str:
    """``p`` with ``/`` separators (only changes anything on Windows)."""
    return "/".join(split_path(p)) if IS_WINDOWS_PLATFORM else p


def exclude_paths(
    root: str | os.PathLike[str], patterns: Iterable[str] | None, dockerfile: str | None = None
) -> set[str]:
    """The paths the Docker CLI would leave out of the build context.

    The patterns are normalized like ``.dockerignore`` lines (comments and blanks
    dropped, ``./`` and a leading ``/`` removed, ``!`` exceptions), and, as the CLI
    does, ``.dockerignore`` and the Dockerfile are re-included when a pattern excludes
    them (the engine needs them). A directory is listed when its own entry is left out,
    even if a ``!`` rule re-includes some of its contents; everything inside an excluded
    directory that no rule re-includes is listed too.

    Note:
        docker-py's function of this name returns the paths to *include*; dockersdk's
        contract returns the excluded ones.

    Args:
        root: the context directory.
        patterns: the ``.dockerignore`` patterns (e.g. from :func:`read_dockerignore`).
        dockerfile: the Dockerfile's path relative to ``root`` (default ``Dockerfile``).

    Returns:
        Relative, ``/``-separated paths of files, directories and links left out.

    Raises:
        InvalidArgument: ``root`` is not a directory or a pattern is malformed.
    """
    root_dir = _context_root(root)
    pm = _matcher(root_dir, patterns, dockerfile)
    return {
        rel for rel, _, included in _walk_context(root_dir, pm, list_excluded=True) if not included
    }


# Highest mtime a ustar header holds; anything outside 0..this is clamped.
_MAX_MTIME = 8**11 - 1


class _Members:
    """Makes the tar entries of a context: lstat only, no user or group name lookups.

    Entries are what the Docker CLI sends: owner 0:0, no user names, the modification
    time truncated to whole seconds (so no PAX header is needed per file), symbolic
    links stored as links, a second name of a hard-linked file stored as a link to the
    first, sockets and other special files skipped (devices and FIFOs are kept).
    """

    def __init__(self) -> None:
        self._first_names: dict[tuple[int, int], str] = {}

    def info(self, path: str, arcname: str) -> tarfile.TarInfo | None:
        import tarfile  # imported on first use: `import dockersdk` stays light

        st = os.lstat(path)
        mode = st.st_mode
        info = tarfile.TarInfo(arcname)
        if stat.S_ISREG(mode):
            inode = (st.st_ino, st.st_dev)
            first = self._first_names.get(inode) if st.st_nlink > 1 else None
            if first is not None and first != arcname:
                info.type = tarfile.LNKTYPE
                info.linkname = first
            else:
                info.size = st.st_size
                if st.st_nlink > 1 and st.st_ino:
                    self._first_names[inode] = arcname
        elif stat.S_ISDIR(mode):
            info.type = tarfile.DIRTYPE
        elif stat.S_ISLNK(mode):
            info.type = tarfile.SYMTYPE
            info.linkname = os.readlink(path)
        elif stat.S_ISFIFO(mode):
            info.type = tarfile.FIFOTYPE
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            info.type = tarfile.CHRTYPE if stat.S_ISCHR(mode) else tarfile.BLKTYPE
            info.devmajor = os.major(st.st_rdev)
            info.devminor = os.minor(st.st_rdev)
        else:  # sockets cannot be archived
            return None
        info.mode = stat.S_IMODE(mode)
        if IS_WINDOWS_PLATFORM:
            # Windows has no execute bit; make everything executable, as docker-py does.
            info.mode = info.mode & 0o755 | 0o111
        info.mtime = min(max(int(st.st_mtime), 0), _MAX_MTIME)
        return info


def _open_archive(
    fileobj: IO[bytes], gzip: bool
) -> tuple[tarfile.TarFile, gzip_module.GzipFile | None]:
    import gzip as gzip_module
    import tarfile

    if not gzip:
        return tarfile.open(mode="w", fileobj=fileobj, format=tarfile.PAX_FORMAT), None
    # A fixed gzip header (no name, no time) keeps the archive reproducible.
    compressed = gzip_module.GzipFile(filename="", mode="wb", fileobj=fileobj, mtime=0)
    archive = tarfile.open(  # noqa: SIM115 - closed by create_archive
        mode="w", fileobj=compressed, format=tarfile.PAX_FORMAT
    )
    return archive, compressed


class _Containment:
    """Checks that names stay inside the context, resolving each directory once.

    The entry itself may be a symbolic link (it is stored as one); its parent directories
    must resolve inside the context, so no file from outside is ever read into it.
    """

    def __init__(self, root_dir: str) -> None:
        self._root_dir = root_dir
        self._real_root = os.path.realpath(root_dir)
        self._inside: dict[str, bool] = {}

    def path(self, rel: str) -> str:
        """``root_dir/rel``, refused when it lies outside the root or is reached through a link."""
        full = os.path.join(self._root_dir, rel)
        directory = os.path.dirname(full)
        inside = self._inside.get(directory)
        if inside is None:
            parent = os.path.realpath(directory)
            real_root = self._real_root
            inside = parent == real_root or parent.startswith(real_root + os.sep)
            self._inside[directory] = inside
        if not inside or os.path.isabs(rel):
            raise InvalidArgument(
                f"{rel!r} is outside the build context {self._root_dir!r} "
                "(or reached through a link)"
            )
        return full


def _write_archive(
    target: IO[bytes],
    root_dir: str,
    files: Iterable[str],
    extras: list[tuple[str, bytes]],
    gzip: bool,
) -> None:
    import tarfile

    extra_names = {name for name, _ in extras}
    containment = _Containment(root_dir)
    members = _Members()
    archive, compressed = _open_archive(target, gzip)
    try:
        with archive:
            for rel in files:
                if rel in extra_names:
                    continue
                full = containment.path(rel)
                info = members.info(full, rel)
                if info is None:
                    continue
                if info.isreg():
                    try:
                        with open(full, "rb") as handle:
                            archive.addfile(info, handle)
                    except OSError as exc:
                        raise OSError(f"Can not read file in context: {full}") from exc
                else:
                    archive.addfile(info)
            for name, data in extras:
                member = tarfile.TarInfo(name)
                member.size = len(data)
                member.mode = 0o644
                archive.addfile(member, io.BytesIO(data))
    finally:
        if compressed is not None:
            compressed.close()


def create_archive(
    root: str | os.PathLike[str],
    files: Iterable[str] | None = None,
    fileobj: IO[bytes] | None = None,
    gzip: bool = False,
    extra_files: Iterable[tuple[str, str | bytes]] | None = None,
) -> IO[bytes]:
    """Write a tar archive of ``files`` under ``root``.

    Entries are stored as the Docker CLI sends contexts: owner 0:0 and no user names,
    modification times in whole seconds; symbolic links are stored as links and never
    followed, a file's second hard link as a link to its first name; sockets are
    skipped.

    Args:
        root: the directory the file names are relative to.
        files: relative paths in archive order; every file under ``root`` when None.
        fileobj: where to write; a new anonymous temporary file when None.
        gzip: compress the archive.
        extra_files: ``(name, contents)`` pairs added at the end; they replace
            same-named files from ``root``.

    Returns:
        ``fileobj`` (or the temporary file), rewound to the start.

    Raises:
        InvalidArgument: a name in ``files`` lies outside ``root`` or below a symbolic
            link (links are archived as links, never followed).
        OSError: a file in the context cannot be read.
    """

    root_dir = os.path.abspath(root)
    # The temporary file is handed to the caller, who closes it.
    target: IO[bytes] = fileobj if fileobj is not None else tempfile.TemporaryFile()  # noqa: SIM115
    extras = [
        (name, data.encode("utf-8") if isinstance(data, str) else data)
        for name, data in extra_files or ()
    ]
    if files is None:
        files = (
            rel for rel, _, _ in _walk_context(root_dir, PatternMatcher(()), list_excluded=False)
        )
    try:
        _write_archive(target, root_dir, files, extras, gzip)
    except BaseException:
        if fileobj is None:
            target.close()
        raise
    target.seek(0)
    return target


def tar(
    path: str | os.PathLike[str],
    exclude: Iterable[str] | None = None,
    dockerfile: DockerfileArg = None,
    fileobj: IO[bytes] | None = None,
    gzip: bool = False,
) -> IO[bytes]:
    """Archive a build context directory, leaving out what ``exclude`` excludes.

    Files are added in a deterministic order (directory by directory, names sorted),
    streamed into a temporary file rather than memory. The exclusion rules are those of
    :func:`exclude_paths`. When ``dockerfile`` is a ``(name, contents)`` pair with
    contents (docker-py's form for a Dockerfile from outside the context), that file is
    added under ``name``, and a ``.dockerignore`` naming it is added so the engine drops
    it from the context it builds from.

    Args:
        path: the context directory.
        exclude: ``.dockerignore`` patterns.
        dockerfile: the Dockerfile's path inside the context, or ``(name, contents)``.
        fileobj: where to write; a new anonymous temporary file when None.
        gzip: compress the archive.

    Returns:
        The archive, rewound to the start.

    Raises:
        InvalidArgument: ``path`` is not a directory or a pattern is malformed.
        OSError: a file in the context cannot be read.
    """
    root = _context_root(path)
    patterns = list(exclude or ())
    name, contents = dockerfile if isinstance(dockerfile, tuple) else (dockerfile, None)
    pm = _matcher(root, patterns, name)
    files = (rel for rel, _, included in _walk_context(root, pm, list_excluded=False) if included)
    extra: list[tuple[str, str | bytes]] = []
    if name is not None and contents is not None:
        ignore = [*(patterns or [".dockerignore"]), name]
        extra = [(".dockerignore", "\n".join(ignore)), (name, contents)]
    return create_archive(root, files=files, fileobj=fileobj, gzip=gzip, extra_files=extra)


def mkbuildcontext(dockerfile: Any) -> IO[bytes]:
    """Make a build context holding only a Dockerfile.

    Args:
        dockerfile: the Dockerfile as bytes, text, or a binary or text file object (read
            from its start when it can seek, as docker-py does).

    Returns:
        A temporary file with the tar archive, rewound to the start.

    Raises:
        InvalidArgument: ``dockerfile`` is none of those.
    """
    import tarfile

    if hasattr(dockerfile, "read"):
        # The whole Dockerfile, wherever a previous build left the file (docker-py rewinds
        # a BytesIO, so one can be built from again).
        seekable = getattr(dockerfile, "seekable", None)
        if callable(seekable) and seekable():
            dockerfile.seek(0)
        data = dockerfile.read()
    else:
        data = dockerfile
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise InvalidArgument(
            "mkbuildcontext() needs the Dockerfile as bytes, text or a file, "
            f"got {type(dockerfile).__name__}"
        )
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller
    try:
        with tarfile.open(mode="w", fileobj=target, format=tarfile.PAX_FORMAT) as archive:
            info = tarfile.TarInfo("Dockerfile")
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(bytes(data)))
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target
