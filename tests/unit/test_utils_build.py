"""Build context archives: tar, create_archive, mkbuildcontext, match_tag."""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
from pathlib import Path
from typing import IO

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils import create_archive, match_tag, mkbuildcontext, tar


@pytest.fixture
def context(tmp_path: Path) -> Path:
    root = tmp_path / "ctx"
    for rel, content in {
        "Dockerfile": "FROM busybox\nCOPY . /app\n",
        "app.py": "print('hi')\n",
        "app.pyc": "bytecode",
        "b-dir/file": "b",
        "b.txt": "b",
        "b/inner/deep.txt": "deep",
        "node_modules/pkg/index.js": "js",
        "keep/me.txt": "kept",
        "docker/Dockerfile.prod": "FROM scratch\n",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    os.chmod(root / "app.py", 0o755)
    (root / "empty").mkdir()
    (root / "link-in").symlink_to("app.py")
    (root / "link-out").symlink_to("/etc/passwd")
    (root / "link-dir").symlink_to(tmp_path)  # points outside the context
    return root


def _members(fileobj: IO[bytes]) -> list[tarfile.TarInfo]:
    with tarfile.open(fileobj=fileobj) as archive:
        return archive.getmembers()


def test_tar_whole_directory_in_walk_order(context: Path) -> None:
    with tar(context) as archive:
        assert archive.tell() == 0
        names = [m.name for m in _members(archive)]
    assert names == [
        "Dockerfile",
        "app.py",
        "app.pyc",
        "b",
        "b/inner",
        "b/inner/deep.txt",
        "b-dir",
        "b-dir/file",
        "b.txt",
        "docker",
        "docker/Dockerfile.prod",
        "empty",
        "keep",
        "keep/me.txt",
        "link-dir",
        "link-in",
        "link-out",
        "node_modules",
        "node_modules/pkg",
        "node_modules/pkg/index.js",
    ]


def test_tar_contents_modes_links_and_owner(context: Path) -> None:
    with tar(context) as archive, tarfile.open(fileobj=archive) as t:
        by_name = {m.name: m for m in t.getmembers()}
        assert t.extractfile("app.py").read() == b"print('hi')\n"  # type: ignore[union-attr]
        assert by_name["app.py"].mode & 0o777 == 0o755
        assert by_name["empty"].isdir()
        # Symbolic links are stored as links, never followed, even when they leave the root.
        assert by_name["link-in"].issym() and by_name["link-in"].linkname == "app.py"
        assert by_name["link-out"].issym() and by_name["link-out"].linkname == "/etc/passwd"
        assert by_name["link-dir"].issym()
        assert not any(name.startswith("link-dir/") for name in by_name)
        # Owned by root with no names, as the Docker CLI sends contexts.
        assert {(m.uid, m.gid, m.uname, m.gname) for m in by_name.values()} == {(0, 0, "", "")}


def test_tar_honours_exclude_patterns(context: Path) -> None:
    patterns = ["node_modules", "**/*.pyc", "b", "!b/inner/deep.txt", "*.txt", "Dockerfile"]
    with tar(context, exclude=patterns) as archive:
        names = [m.name for m in _members(archive)]
    assert "node_modules" not in names and "node_modules/pkg/index.js" not in names
    assert "app.pyc" not in names
    assert "b.txt" not in names
    assert "b" not in names and "b/inner" not in names
    assert "b/inner/deep.txt" in names  # re-included by the exception
    assert "Dockerfile" in names  # the Dockerfile is always sent
    assert "keep/me.txt" in names  # "*.txt" only matches at the root


def test_tar_with_dockerfile_in_an_excluded_directory(context: Path) -> None:
    with tar(context, exclude=["docker"], dockerfile="docker/Dockerfile.prod") as archive:
        names = [m.name for m in _members(archive)]
    assert "docker/Dockerfile.prod" in names
    assert "docker" not in names


def test_tar_with_dockerfile_contents_adds_it_and_a_dockerignore(context: Path) -> None:
    dockerfile = (".dockerfile.1234", "FROM alpine\n")
    with (
        tar(context, exclude=["*.pyc"], dockerfile=dockerfile) as archive,
        tarfile.open(fileobj=archive) as t,
    ):
        names = t.getnames()
        assert names[-2:] == [".dockerignore", ".dockerfile.1234"]
        assert t.extractfile(".dockerfile.1234").read() == b"FROM alpine\n"  # type: ignore[union-attr]
        assert t.extractfile(".dockerignore").read() == b"*.pyc\n.dockerfile.1234"  # type: ignore[union-attr]
        assert "app.pyc" not in names


def test_tar_dockerfile_contents_without_patterns(context: Path) -> None:
    with (
        tar(context, dockerfile=("Dockerfile.x", b"FROM a\n")) as archive,
        tarfile.open(fileobj=archive) as t,
    ):
        ignore = t.extractfile(".dockerignore").read()  # type: ignore[union-attr]
    assert ignore == b".dockerignore\nDockerfile.x"


def test_tar_is_deterministic_and_gzip_reproducible(context: Path) -> None:
    with tar(context, gzip=True) as first, tar(context, gzip=True) as second:
        data = first.read()
        assert data == second.read()
    assert data[:2] == b"\x1f\x8b"
    names = [m.name for m in _members(io.BytesIO(gzip.decompress(data)))]
    assert "Dockerfile" in names


def test_tar_into_given_fileobj(context: Path) -> None:
    target = io.BytesIO()
    result = tar(context, exclude=["node_modules"], fileobj=target)
    assert result is target
    assert target.tell() == 0
    assert "app.py" in [m.name for m in _members(target)]


def test_tar_rejects_non_directories(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(InvalidArgument, match="not a directory"):
        tar(tmp_path / "f")


def test_tar_rejects_bad_patterns(context: Path) -> None:
    with pytest.raises(InvalidArgument, match="syntax error"):
        tar(context, exclude=["[oops"])


def test_unreadable_file_is_named(context: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_open = builtins.open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("app.py"):
            raise PermissionError(13, "denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", fake_open)
    with pytest.raises(OSError, match=r"Can not read file in context: .*app\.py"):
        tar(context)


def test_sockets_are_skipped(tmp_path: Path) -> None:
    import socket

    root = tmp_path / "c"
    root.mkdir()
    (root / "Dockerfile").write_text("FROM x\n")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "s.sock"))
        with tar(root) as archive:
            names = [m.name for m in _members(archive)]
    finally:
        server.close()
    assert names == ["Dockerfile"]


def test_hard_links_fifos_and_devices(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("shared")
    os.link(root / "a.txt", root / "b.txt")
    os.mkfifo(root / "pipe")
    devices = os.geteuid() == 0
    if devices:  # mknod of a character device needs root; the tests run as root in CI
        os.mknod(root / "null", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    with tar(root) as archive, tarfile.open(fileobj=archive) as t:
        by_name = {m.name: m for m in t.getmembers()}
        # The second name of a hard-linked file is a link to the first, without the data.
        assert by_name["a.txt"].isreg() and by_name["a.txt"].size == 6
        assert by_name["b.txt"].islnk() and by_name["b.txt"].linkname == "a.txt"
        assert by_name["b.txt"].size == 0
        assert by_name["pipe"].isfifo()
        if devices:
            assert by_name["null"].ischr()
            assert (by_name["null"].devmajor, by_name["null"].devminor) == (1, 3)
            assert by_name["null"].mode & 0o777 == 0o600


def test_mtimes_are_whole_seconds_without_pax_headers(context: Path) -> None:
    os.utime(context / "app.py", (1_700_000_000.75, 1_700_000_000.75))
    with tar(context) as archive:
        raw = archive.read()
    # As the Docker CLI does: times truncated to seconds, so no PAX header per entry.
    assert b"mtime=" not in raw
    assert b"path=" not in raw
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        assert t.getmember("app.py").mtime == 1_700_000_000
        assert all(m.pax_headers == {} for m in t.getmembers())


def test_names_through_a_linked_directory_are_refused_in_any_order(context: Path) -> None:
    # The containment check is remembered per directory: a name inside the context first,
    # then one reached through a link, then the first directory again.
    (context.parent / "outside.txt").write_text("secret")
    with pytest.raises(InvalidArgument, match="reached through a link"):
        create_archive(context, files=["b/inner/deep.txt", "link-dir/outside.txt"])
    with create_archive(context, files=["b/inner/deep.txt", "b/inner"]) as archive:
        assert [m.name for m in _members(archive)] == ["b/inner/deep.txt", "b/inner"]


def test_create_archive_with_explicit_files_and_extras(context: Path) -> None:
    archive = create_archive(
        context, files=["app.py", "Dockerfile"], extra_files=[("Dockerfile", "FROM override\n")]
    )
    with archive, tarfile.open(fileobj=archive) as t:
        assert t.getnames() == ["app.py", "Dockerfile"]
        assert t.extractfile("Dockerfile").read() == b"FROM override\n"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "dockerfile",
    [
        b"FROM busybox\n",
        "FROM busybox\n",
        io.BytesIO(b"FROM busybox\n"),
        io.StringIO("FROM busybox\n"),
    ],
)
def test_mkbuildcontext(dockerfile: object) -> None:
    with mkbuildcontext(dockerfile) as context, tarfile.open(fileobj=context) as t:
        assert t.getnames() == ["Dockerfile"]
        assert t.extractfile("Dockerfile").read() == b"FROM busybox\n"  # type: ignore[union-attr]


def test_mkbuildcontext_from_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM scratch\n")
    with path.open("rb") as handle, mkbuildcontext(handle) as context:
        assert [m.name for m in _members(context)] == ["Dockerfile"]


def test_mkbuildcontext_rejects_other_types() -> None:
    with pytest.raises(InvalidArgument, match="bytes, text or a file"):
        mkbuildcontext(42)


@pytest.mark.parametrize(
    ("tag", "ok"),
    [
        ("busybox", True),
        ("busybox:latest", True),
        ("localhost:5000/team/app:1.0", True),
        ("my-app_1.x", True),
        ("UPPER", False),
        ("app:", False),
        ("app:-bad", False),
    ],
)
def test_match_tag(tag: str, ok: bool) -> None:
    assert match_tag(tag) is ok
