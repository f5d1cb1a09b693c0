"""extract_archive over real ``get_archive`` streams: a container's files come out intact, and
a container that plants links pointing out of the target cannot make them land outside."""

from __future__ import annotations

import contextlib
import io
import os
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.errors import ArchiveError, NotFound
from dockersdk.utils import extract_archive

pytestmark = pytest.mark.integration

LABELS = {"dockersdk.test": "1"}

SCRIPT = (
    "mkdir -p /data/sub && printf hello > /data/a.txt && "
    "head -c 300000 /bin/busybox > /data/sub/big.bin && "
    "ln -s a.txt /data/link && ln -s ../a.txt /data/sub/up && ln /data/a.txt /data/hard && "
    "chmod 4755 /data/sub/big.bin"
)


@pytest.fixture
def finished(api: APIClient, test_image: str) -> Iterator[str]:
    """A container that ran SCRIPT and exited 0."""
    name = f"dsdk-archive-{uuid.uuid4().hex[:8]}"
    container = api.create_container(test_image, ["sh", "-c", SCRIPT], name=name, labels=LABELS)
    try:
        api.start(container)
        assert api.wait(container, timeout=60).status_code == 0
        yield name
    finally:
        with contextlib.suppress(NotFound):
            api.remove_container(name, force=True)


def test_extracts_a_real_get_archive_stream(api: APIClient, finished: str, tmp_path: Path) -> None:
    stream, stat = api.get_archive(finished, "/data", chunk_size=4096)
    assert stat["name"] == "data"
    with stream:
        names = extract_archive(stream, tmp_path)
    assert set(names) >= {
        "data",
        "data/a.txt",
        "data/sub",
        "data/sub/big.bin",
        "data/link",
        "data/sub/up",
        "data/hard",
    }
    data = tmp_path / "data"
    assert (data / "a.txt").read_bytes() == b"hello"
    assert (data / "sub/big.bin").stat().st_size == 300000
    assert (data / "sub/big.bin").stat().st_mode & 0o7777 == 0o755  # setuid dropped
    assert os.readlink(data / "link") == "a.txt"
    assert (data / "sub/up").read_bytes() == b"hello"
    assert os.stat(data / "hard").st_ino == os.stat(data / "a.txt").st_ino


@pytest.mark.parametrize(
    ("planted", "target"),
    [("esc", "/etc"), ("esc", "../../../../etc"), ("sub/esc", "../../..")],
)
def test_a_container_planting_escaping_links_cannot_write_outside(
    api: APIClient, finished: str, tmp_path: Path, planted: str, target: str
) -> None:
    # The container is the attacker: its own files hold links that point out of any target.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        link = tarfile.TarInfo(f"data/{planted}")
        link.type, link.linkname = tarfile.SYMTYPE, target
        tar.addfile(link)
    assert api.put_archive(finished, "/", buffer.getvalue()) is True
    dest = tmp_path / "dest"
    stream, _ = api.get_archive(finished, "/data")
    with stream, pytest.raises(ArchiveError) as caught:
        extract_archive(stream, dest)
    assert caught.value.member == f"data/{planted}"
    assert f"'data/{planted}'" in str(caught.value)
    assert not os.path.lexists(dest / "data" / planted)
    assert not any(p.name == "pwned" for p in tmp_path.rglob("*"))
