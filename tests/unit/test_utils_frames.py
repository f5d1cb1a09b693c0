"""FrameDecoder: the sans-IO multiplexed-stream decoder, fed in every possible chunking."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockersdk.errors import DockerException, InvalidArgument, StreamParseError
from dockersdk.utils.frames import (
    STDERR,
    STDIN,
    STDOUT,
    SYSTEMERR,
    Frame,
    FrameDecoder,
    aiter_frames,
    demux_frame,
    demux_frames,
    encode_frame,
    iter_frames,
)

FRAMES = [
    (STDOUT, b"hello\n"),
    (STDERR, b"warning: x\n"),
    (STDOUT, b"\x00\x01\x02 binary \xff"),
    (STDOUT, b"x" * 5000),
    (STDERR, b"e"),
]
STREAM = b"".join(encode_frame(s, d) for s, d in FRAMES)


def _chunks(data: bytes, sizes: Iterable[int]) -> list[bytes]:
    out, pos = [], 0
    for size in sizes:
        if pos >= len(data):
            break
        out.append(data[pos : pos + size])
        pos += size
    if pos < len(data):
        out.append(data[pos:])
    return out


def _decode(chunks: Iterable[bytes], **kwargs: object) -> list[Frame]:
    decoder = FrameDecoder(**kwargs)  # type: ignore[arg-type]
    frames: list[Frame] = []
    for chunk in chunks:
        frames.extend(decoder.feed(chunk))
    frames.extend(decoder.close())
    return frames


def test_encode_frame_layout() -> None:
    assert encode_frame(STDERR, b"abc") == b"\x02\x00\x00\x00\x00\x00\x00\x03abc"


def test_whole_stream_in_one_chunk() -> None:
    assert _decode([STREAM]) == FRAMES


def test_one_byte_at_a_time() -> None:
    chunks = [STREAM[i : i + 1] for i in range(len(STREAM))]
    assert _decode(chunks) == FRAMES


@pytest.mark.parametrize("seed", range(20))
def test_random_chunks(seed: int) -> None:
    rng = random.Random(seed)
    chunks = _chunks(STREAM, (rng.randint(0, 700) for _ in range(len(STREAM))))
    assert _decode(chunks) == FRAMES


@settings(max_examples=200, deadline=None)
@given(
    frames=st.lists(
        st.tuples(st.sampled_from([STDIN, STDOUT, STDERR]), st.binary(min_size=1, max_size=300)),
        max_size=12,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=64), max_size=200),
    max_chunk=st.integers(min_value=1, max_value=512),
)
def test_property_any_chunking_gives_the_same_bytes(
    frames: list[tuple[int, bytes]], cuts: list[int], max_chunk: int
) -> None:
    stream = b"".join(encode_frame(s, d) for s, d in frames)
    decoded = _decode(_chunks(stream, cuts), max_chunk=max_chunk)
    # Pieces never exceed max_chunk, are never empty, and rejoin to the original frames.
    assert all(0 < len(f.data) <= max_chunk for f in decoded)
    for stream_id in (STDIN, STDOUT, STDERR):
        assert b"".join(f.data for f in decoded if f.stream == stream_id) == b"".join(
            d for s, d in frames if s == stream_id
        )
    if all(len(d) <= max_chunk for _, d in frames):
        assert decoded == [Frame(s, d) for s, d in frames]


def test_large_frame_is_split_into_bounded_pieces() -> None:
    payload = bytes(range(256)) * 40  # 10 KiB
    decoder = FrameDecoder(max_chunk=4096)
    frames = decoder.feed(encode_frame(STDOUT, payload))
    assert [len(f.data) for f in frames] == [4096, 4096, 2048]
    assert b"".join(f.data for f in frames) == payload
    assert decoder.pending == 0


def test_pending_and_in_frame() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(STREAM[:5]) == []
    assert (decoder.pending, decoder.in_frame) == (5, True)
    assert decoder.feed(STREAM[5:10]) == []
    assert decoder.pending == 2  # two payload bytes held back
    decoder.feed(STREAM[10:14])
    assert decoder.in_frame is False


def test_zero_length_frames_are_skipped() -> None:
    data = encode_frame(STDOUT, b"") + encode_frame(STDERR, b"x")
    assert _decode([data]) == [Frame(STDERR, b"x")]


def test_tty_mode_passes_raw_bytes_as_stdout() -> None:
    decoder = FrameDecoder(tty=True)
    assert decoder.feed(b"\x01\x00raw") == [Frame(STDOUT, b"\x01\x00raw")]
    assert decoder.feed(b"") == []
    assert decoder.close() == []


def test_unknown_stream_id_raises() -> None:
    with pytest.raises(StreamParseError, match="unrecognised stream id 104"):
        FrameDecoder().feed(b"hello world, I am a TTY stream")


@pytest.mark.parametrize(
    ("data", "missing"),
    [(STREAM[:3], "5 header bytes"), (STREAM[:10], "4 payload bytes")],
)
def test_truncated_stream_raises_on_close(data: bytes, missing: str) -> None:
    decoder = FrameDecoder()
    decoder.feed(data)
    with pytest.raises(StreamParseError, match=missing):
        decoder.close()


def test_non_strict_close_returns_partial_payload() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(STREAM[:11]) == []
    assert decoder.close(strict=False) == [Frame(STDOUT, b"hel")]


def test_feed_after_close_raises() -> None:
    decoder = FrameDecoder()
    decoder.close()
    with pytest.raises(StreamParseError, match="after close"):
        decoder.feed(b"x")


def test_bad_max_chunk() -> None:
    with pytest.raises(InvalidArgument, match="max_chunk"):
        FrameDecoder(max_chunk=0)


def test_iter_frames_over_chunks() -> None:
    chunks = _chunks(STREAM, [3] * 10000)
    assert list(iter_frames(chunks)) == FRAMES
    assert list(iter_frames([b"raw"], tty=True)) == [Frame(STDOUT, b"raw")]
    with pytest.raises(StreamParseError):
        list(iter_frames([STREAM[:-1]]))


def test_iter_frames_non_strict_end() -> None:
    frames = list(iter_frames([STREAM[:-1]], strict=False))
    assert frames == FRAMES[:-1]  # the last frame's single byte never arrived


def test_aiter_frames() -> None:
    async def source() -> AsyncIterator[bytes]:
        for i in range(0, len(STREAM), 7):
            yield STREAM[i : i + 7]

    async def collect() -> list[Frame]:
        return [frame async for frame in aiter_frames(source())]

    assert asyncio.run(collect()) == FRAMES


@pytest.mark.parametrize(
    ("stream", "expected"),
    [(STDOUT, (b"d", None)), (STDIN, (b"d", None)), (STDERR, (None, b"d"))],
)
def test_demux_frame(stream: int, expected: tuple[bytes | None, bytes | None]) -> None:
    assert demux_frame(stream, b"d") == expected


def test_demux_systemerr_raises_with_engine_message() -> None:
    with pytest.raises(DockerException, match="engine in the output stream: boom"):
        demux_frame(SYSTEMERR, b"boom\n")
    with pytest.raises(StreamParseError, match="not a valid stream id"):
        demux_frame(9, b"x")


def test_demux_frames() -> None:
    pairs = list(demux_frames(_decode([STREAM])))
    assert pairs[0] == (b"hello\n", None)
    assert pairs[1] == (None, b"warning: x\n")
    assert len(pairs) == len(FRAMES)
