"""A build context never carries files from outside its root through symbolic links."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils import create_archive, extract_archive, tar

SECRET = b"outside the context: must never be sent"


@pytest.fixture
def context(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "tree").mkdir(parents=True)
    (outside / "secret.txt").write_bytes(SECRET)
    (outside / "tree" / "deep.txt").write_bytes(SECRET)
    root = tmp_path / "ctx"
    (root / "sub").mkdir(parents=True)
    (root / "Dockerfile").write_text("FROM scratch\n")
    (root / "sub" / "inside.txt").write_text("inside")
    (root / "file-link").symlink_to(outside / "secret.txt")
    (root / "relative-link").symlink_to(Path("..") / "outside" / "secret.txt")
    (root / "dir-link").symlink_to(outside / "tree")
    (root / "sub" / "up").symlink_to(Path("..") / "..")
    (root / "inner-link").symlink_to(Path("sub") / "inside.txt")
    return root


def _members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    return {member.name: member for member in archive.getmembers()}


@pytest.mark.parametrize("gzip", [False, True])
@pytest.mark.parametrize("builder", ["tar", "create_archive"])
def test_symlinks_are_stored_as_links_not_followed(context: Path, builder: str, gzip: bool) -> None:
    made = tar(context, gzip=gzip) if builder == "tar" else create_archive(context, gzip=gzip)
    with made:
        data = made.read()
    if not gzip:
        assert SECRET not in data
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        members = _members(archive)
        assert set(members) == {
            "Dockerfile",
            "sub",
            "sub/inside.txt",
            "sub/up",
            "file-link",
            "relative-link",
            "dir-link",
            "inner-link",
        }  # nothing below dir-link or sub/up: linked directories are not entered
        expected_links = {
            "file-link": str(context.parent / "outside" / "secret.txt"),
            "relative-link": "../outside/secret.txt",
            "dir-link": str(context.parent / "outside" / "tree"),
            "sub/up": "../..",
            "inner-link": "sub/inside.txt",
        }
        for name, target in expected_links.items():
            assert members[name].issym(), name
            assert members[name].linkname == target
            assert members[name].size == 0
        for member in members.values():
            if member.isreg():
                handle = archive.extractfile(member)
                assert handle is not None
                assert SECRET not in handle.read(), member.name


def test_explicit_file_list_stores_a_linked_directory_as_a_link(context: Path) -> None:
    made = create_archive(context, files=["dir-link", "Dockerfile"])
    with made, tarfile.open(fileobj=made, mode="r:") as archive:
        members = _members(archive)
    assert members["dir-link"].issym()
    assert set(members) == {"dir-link", "Dockerfile"}


@pytest.mark.parametrize(
    "name", ["dir-link/deep.txt", "sub/up/outside/secret.txt", "../outside/secret.txt"]
)
def test_explicit_file_list_never_reads_through_links_or_out_of_the_root(
    context: Path, name: str
) -> None:
    with pytest.raises(InvalidArgument, match="outside the build context") as caught:
        create_archive(context, files=["Dockerfile", name])
    assert name in str(caught.value)


def test_context_round_trips_through_extract_archive_only_with_inner_links(
    tmp_path: Path, context: Path
) -> None:
    # The links that point outside are kept as links in the context (the engine decides),
    # and extract_archive refuses them: a context is not a safe archive to unpack as is.
    for name in ("file-link", "relative-link", "dir-link", "sub/up"):
        os.unlink(context / name)
    made = tar(context)
    with made:
        names = extract_archive(made, tmp_path / "out")
    assert "inner-link" in names
    assert (tmp_path / "out" / "inner-link").read_text() == "inside"
