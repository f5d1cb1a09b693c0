"""extract_archive: crafted malicious tars never write outside the target directory."""

from __future__ import annotations

import io
import os
import random
import stat
import tarfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk.errors import ArchiveError, DockerException, InvalidArgumentType
from dockersdk.utils import extract_archive
from dockersdk.utils.archive import extract_archive as extract_archive_direct

Member = tuple[str, str, object]  # (kind, name, payload)


def make_tar(*members: Member, compression: str = "") -> bytes:
    """A tar with members given as ``(kind, name, payload)``.

    kinds: file (payload bytes), dir, sym (payload: link target), hard (payload: link target),
    chr, blk, fifo.
    """
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}", format=tarfile.PAX_FORMAT) as tar:
        for kind, name, payload in members:
            info = tarfile.TarInfo(name)
            info.mtime = 1_600_000_000
            if kind == "file":
                assert isinstance(payload, bytes)
                info.size = len(payload)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(payload))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            elif kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, str(payload)
            elif kind == "hard":
                info.type, info.linkname = tarfile.LNKTYPE, str(payload)
            elif kind == "chr":
                info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
            elif kind == "blk":
                info.type, info.devmajor, info.devminor = tarfile.BLKTYPE, 8, 0
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
            else:
                raise AssertionError(kind)
            tar.addfile(info)
    return buffer.getvalue()


@pytest.fixture
def box(tmp_path: Path) -> tuple[Path, Path]:
    """``(dest, outside)``: the target directory and a sibling that must stay untouched."""
    dest = tmp_path / "dest"
    outside = tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (outside / "victim").write_bytes(b"original")
    return dest, outside


def snapshot(path: Path) -> dict[str, bytes | str]:
    result: dict[str, bytes | str] = {}
    for item in sorted(path.rglob("*")):
        key = str(item.relative_to(path))
        if item.is_symlink():
            result[key] = "-> " + os.readlink(item)
        elif item.is_file():
            result[key] = item.read_bytes()
        else:
            result[key] = "dir"
    return result


def chunks(data: bytes, sizes: Iterator[int]) -> Iterator[bytes]:
    position = 0
    while position < len(data):
        size = next(sizes)
        yield data[position : position + size]
        position += size


BENIGN = (
    ("dir", "app", None),
    ("file", "app/main.txt", b"hello\n"),
    ("dir", "app/sub", None),
    ("file", "app/sub/data.bin", bytes(range(256)) * 40),
    ("sym", "app/link", "sub/data.bin"),
    ("sym", "app/sub/up", "../main.txt"),
    ("hard", "app/hard.txt", "app/main.txt"),
    ("file", "./app/dotted.txt", b"dot"),
)


def check_benign(dest: Path) -> None:
    assert (dest / "app/main.txt").read_bytes() == b"hello\n"
    assert (dest / "app/sub/data.bin").read_bytes() == bytes(range(256)) * 40
    assert os.readlink(dest / "app/link") == "sub/data.bin"
    assert (dest / "app/link").read_bytes() == bytes(range(256)) * 40
    assert (dest / "app/sub/up").read_bytes() == b"hello\n"
    assert os.stat(dest / "app/hard.txt").st_ino == os.stat(dest / "app/main.txt").st_ino
    assert (dest / "app/dotted.txt").read_bytes() == b"dot"
    assert int((dest / "app/main.txt").stat().st_mtime) == 1_600_000_000


@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz"])
def test_benign_archive_from_bytes(box: tuple[Path, Path], compression: str) -> None:
    dest, _ = box
    names = extract_archive(make_tar(*BENIGN, compression=compression), dest)
    assert names == [
        "app",
        "app/main.txt",
        "app/sub",
        "app/sub/data.bin",
        "app/link",
        "app/sub/up",
        "app/hard.txt",
        "app/dotted.txt",
    ]
    check_benign(dest)


@pytest.mark.parametrize("how", ["file", "one-byte-chunks", "random-chunks", "bytearray"])
def test_every_source_kind_gives_the_same_tree(box: tuple[Path, Path], how: str) -> None:
    dest, _ = box
    data = make_tar(*BENIGN, compression="gz")
    rng = random.Random(8)
    source: object = {
        "file": io.BytesIO(data),
        "one-byte-chunks": chunks(data, iter(lambda: 1, 0)),
        "random-chunks": chunks(data, iter(lambda: rng.randint(1, 9000), 0)),
        "bytearray": bytearray(data),
    }[how]
    extract_archive(source, dest)  # type: ignore[arg-type]
    check_benign(dest)


def test_reexported_and_dest_created(tmp_path: Path) -> None:
    assert extract_archive is extract_archive_direct
    assert extract_archive(make_tar(("file", "f", b"x")), tmp_path / "new" / "dir") == ["f"]
    assert (tmp_path / "new/dir/f").read_bytes() == b"x"


def test_modes_lose_setuid_setgid_and_sticky(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("suid")
        info.mode, info.size = 0o6755, 1
        tar.addfile(info, io.BytesIO(b"x"))
        info = tarfile.TarInfo("sticky")
        info.type, info.mode = tarfile.DIRTYPE, 0o1777
        tar.addfile(info)
    extract_archive(buffer.getvalue(), tmp_path)
    assert stat.S_IMODE((tmp_path / "suid").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "sticky").stat().st_mode) == 0o777


MALICIOUS = [
    pytest.param([("file", "../victim", b"pwned")], "../victim", "outside", id="dotdot"),
    pytest.param(
        [("file", "a/../../outside/victim", b"pwned")],
        "a/../../outside/victim",
        "outside",
        id="dotdot-inside-name",
    ),
    pytest.param([("file", "/tmp/pwned", b"pwned")], "/tmp/pwned", "absolute", id="absolute"),
    pytest.param([("dir", "/etc", None)], "/etc", "absolute", id="absolute-dir"),
    pytest.param([("sym", "esc", "/etc")], "esc", "absolute", id="symlink-absolute"),
    pytest.param([("sym", "esc", "..")], "esc", "outside", id="symlink-parent"),
    pytest.param(
        [("dir", "d", None), ("sym", "d/esc", "../../outside/victim")],
        "d/esc",
        "outside",
        id="symlink-relative-escape",
    ),
    pytest.param(
        [("sym", "a", "b/c"), ("sym", "b", "..")],
        "b",
        "outside",
        id="symlink-chain",
    ),
    pytest.param(
        [("hard", "h", "../outside/victim")], "h", "outside", id="hardlink-relative-escape"
    ),
    pytest.param([("hard", "h", "/etc/passwd")], "h", "absolute", id="hardlink-absolute"),
    pytest.param(
        [("dir", "d", None), ("hard", "h", "d")],
        "h",
        "not a regular file",
        id="hardlink-to-directory",
    ),
    pytest.param([("hard", "h", "missing")], "h", "not extracted", id="hardlink-dangling"),
    pytest.param([("chr", "null", None)], "null", "device", id="char-device"),
    pytest.param([("blk", "sda", None)], "sda", "device", id="block-device"),
    pytest.param([("fifo", "pipe", None)], "pipe", "FIFO", id="fifo"),
]


@pytest.mark.parametrize(("members", "offender", "reason"), MALICIOUS)
def test_malicious_member_is_refused_and_named(
    box: tuple[Path, Path], members: list[Member], offender: str, reason: str
) -> None:
    dest, outside = box
    before = snapshot(outside)
    with pytest.raises(ArchiveError) as caught:
        extract_archive(make_tar(*members), dest)
    assert isinstance(caught.value, DockerException)
    assert caught.value.member == offender
    assert repr(offender) in str(caught.value)
    assert reason in str(caught.value)
    assert snapshot(outside) == before
    assert not os.path.lexists(dest / offender.lstrip("/")) or offender.startswith("/")
    for item in dest.rglob("*"):  # nothing extracted resolves outside
        assert item.resolve().is_relative_to(dest.resolve()) or item.is_symlink()


def test_refuses_writing_through_an_existing_symlink(box: tuple[Path, Path]) -> None:
    dest, outside = box
    (dest / "escape").symlink_to(outside)  # planted before extraction
    with pytest.raises(ArchiveError, match="leaves the target directory") as caught:
        extract_archive(make_tar(("file", "escape/victim", b"pwned")), dest)
    assert caught.value.member == "escape/victim"
    assert (outside / "victim").read_bytes() == b"original"


def test_a_file_replaces_a_symlink_instead_of_writing_through_it(
    box: tuple[Path, Path],
) -> None:
    dest, outside = box
    (dest / "victim").symlink_to(outside / "victim")
    extract_archive(make_tar(("file", "victim", b"new")), dest)
    assert not (dest / "victim").is_symlink()
    assert (dest / "victim").read_bytes() == b"new"
    assert (outside / "victim").read_bytes() == b"original"


def test_symlink_then_file_through_it(box: tuple[Path, Path]) -> None:
    # The classic two-step: a link to the parent, then a file under the link's name.
    dest, outside = box
    tar = make_tar(("sym", "lnk", "../outside"), ("file", "lnk/victim", b"pwned"))
    with pytest.raises(ArchiveError) as caught:
        extract_archive(tar, dest)
    assert caught.value.member == "lnk"
    assert (outside / "victim").read_bytes() == b"original"
    assert not os.path.lexists(dest / "lnk")


def test_symlink_inside_then_file_through_it_stays_inside(box: tuple[Path, Path]) -> None:
    dest, _ = box
    tar = make_tar(("dir", "real", None), ("sym", "alias", "real"), ("file", "alias/f", b"x"))
    extract_archive(tar, dest)
    assert (dest / "real/f").read_bytes() == b"x"


def test_a_directory_is_not_replaced_by_a_file(tmp_path: Path) -> None:
    tar = make_tar(("dir", "d", None), ("file", "d/keep", b"1"), ("file", "d", b"oops"))
    with pytest.raises(ArchiveError, match="would replace the directory") as caught:
        extract_archive(tar, tmp_path)
    assert caught.value.member == "d"
    assert (tmp_path / "d/keep").read_bytes() == b"1"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"this is not a tar archive at all" * 40, id="garbage"),
        pytest.param(make_tar(("file", "f", b"x" * 5000))[:1100], id="truncated"),
    ],
)
def test_unreadable_archive(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ArchiveError) as caught:
        extract_archive(data, tmp_path)
    assert caught.value.member is None
    assert "tar archive" in str(caught.value)


@pytest.mark.parametrize("source", ["a string", 42, [b"ok", "text"]])
def test_wrong_source_types(tmp_path: Path, source: object) -> None:
    with pytest.raises(InvalidArgumentType):
        extract_archive(source, tmp_path)  # type: ignore[arg-type]


def _streamed_tar(size: int) -> Iterator[bytes]:
    """A one-file tar of ``size`` zero bytes, generated chunk by chunk."""
    info = tarfile.TarInfo("big.bin")
    info.size = size
    yield info.tobuf(format=tarfile.USTAR_FORMAT)
    block = bytes(64 * 1024)
    left = size
    while left:
        yield block[: min(left, len(block))]
        left -= min(left, len(block))
    yield bytes(-size % 512) + bytes(1024)


def test_memory_stays_bounded_while_streaming(tmp_path: Path) -> None:
    size = 64 * 1024 * 1024
    tracemalloc.start()
    try:
        extract_archive(_streamed_tar(size), tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "big.bin").stat().st_size == size
    assert peak < 8 * 1024 * 1024, peak
