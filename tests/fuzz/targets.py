"""Fuzz targets: the frame decoder, the JSON-stream decoder, the parse_* helpers, extract_archive.

Each target takes the fuzzer's bytes and may only return or raise a documented error (a
``DockerException``; ``SocketError`` where documented). Anything else is a finding. The
targets run under atheris (``python -m tests.fuzz``) and are plain functions of ``bytes``,
so a crash input can be replayed with ``TARGETS[name](data)``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

from dockersdk.errors import DockerException


def _provider(data: bytes) -> object:
    import atheris

    return atheris.FuzzedDataProvider(data)


def _cuts(fdp: object, payload: bytes) -> list[bytes]:
    chunks: list[bytes] = []
    position = 0
    while position < len(payload):
        size = fdp.ConsumeIntInRange(1, 64)  # type: ignore[attr-defined]
        chunks.append(payload[position : position + size])
        position += size
    return chunks


def frames(data: bytes) -> None:
    from dockersdk.utils.frames import FrameDecoder

    fdp = _provider(data)
    tty = fdp.ConsumeBool()  # type: ignore[attr-defined]
    strict = fdp.ConsumeBool()  # type: ignore[attr-defined]
    max_chunk = fdp.ConsumeIntInRange(1, 100)  # type: ignore[attr-defined]
    split = fdp.ConsumeIntInRange(0, 1)  # type: ignore[attr-defined]
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())  # type: ignore[attr-defined]
    outcomes = []
    for chunks in (_cuts(fdp, payload) if split else [payload], [payload]):
        decoder = FrameDecoder(tty=tty, max_chunk=max_chunk)
        try:
            out = [f for chunk in chunks for f in decoder.feed(chunk)]
            out += decoder.close(strict=strict)
        except DockerException:
            outcomes.append(None)
            continue
        assert all(len(f.data) <= max_chunk for f in out) or tty
        outcomes.append({s: b"".join(f.data for f in out if f.stream == s) for s in range(4)})
    assert outcomes[0] == outcomes[1], "chunking changed the decoded frames"


def json_stream(data: bytes) -> None:
    from dockersdk.utils.json_stream import JSONStreamDecoder

    fdp = _provider(data)
    as_text = fdp.ConsumeBool()  # type: ignore[attr-defined]
    max_buffer = fdp.ConsumeIntInRange(1, 4096)  # type: ignore[attr-defined]
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())  # type: ignore[attr-defined]
    decoder = JSONStreamDecoder(max_buffer=max_buffer)
    try:
        for chunk in _cuts(fdp, payload):
            decoder.feed(chunk.decode("utf-8", "replace") if as_text else chunk)
        decoder.close()
    except DockerException:
        pass


def parse_helpers(data: bytes) -> None:
    from tests.unit.test_utils_robustness import BYTES, TEXT

    fdp = _provider(data)
    names = sorted(TEXT) + [f"bytes:{n}" for n in sorted(BYTES)]
    name = names[fdp.ConsumeIntInRange(0, len(names) - 1)]  # type: ignore[attr-defined]
    try:
        if name.startswith("bytes:"):
            BYTES[name[6:]](fdp.ConsumeBytes(fdp.remaining_bytes()))  # type: ignore[attr-defined]
        else:
            TEXT[name](fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))  # type: ignore[attr-defined]
    except DockerException:
        pass


def archive(data: bytes) -> None:
    from dockersdk.utils.archive import extract_archive

    with tempfile.TemporaryDirectory(prefix="dsdk-fuzz-") as box:
        dest = os.path.join(box, "dest")
        try:
            extract_archive(data, dest)
        except DockerException:
            pass
        except OSError:
            pass  # documented: writing to dest failed (e.g. a name too long)
        assert sorted(os.listdir(box)) == ["dest"], "wrote outside the target directory"


TARGETS: dict[str, Callable[[bytes], None]] = {
    "frames": frames,
    "json_stream": json_stream,
    "parse_helpers": parse_helpers,
    "archive": archive,
}
