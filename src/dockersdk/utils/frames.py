"""Sans-IO decoder for Docker's multiplexed stdout/stderr stream (attach, logs, exec).

Without a TTY the engine sends frames: an 8-byte header (stream id, three zero bytes, a
big-endian 32-bit payload length) and the payload. With a TTY it sends raw bytes. The
:class:`FrameDecoder` is fed whatever chunks the transport yields (``iter_bytes()``,
``recv()``) and returns ``(stream_id, payload)`` frames; it does no I/O itself, so the
sync and async clients share it.
"""

from __future__ import annotations

import struct
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import NamedTuple

from dockersdk.errors import DockerException, InvalidArgument, StreamParseError

__all__ = [
    "HEADER_SIZE",
    "STDERR",
    "STDIN",
    "STDOUT",
    "SYSTEMERR",
    "Frame",
    "FrameDecoder",
    "aiter_frames",
    "demux_frame",
    "demux_frames",
    "encode_frame",
    "iter_frames",
]

STDIN = 0
STDOUT = 1
STDERR = 2
SYSTEMERR = 3  # the engine reports an error in the middle of the stream
HEADER_SIZE = 8
DEFAULT_MAX_CHUNK = 1024 * 1024

_HEADER = struct.Struct(">BxxxL")


class Frame(NamedTuple):
    """One decoded piece of output.

    Attributes:
        stream: ``STDOUT`` (1), ``STDERR`` (2), ``STDIN`` (0) or ``SYSTEMERR`` (3).
        data: the payload bytes (never empty).
    """

    stream: int
    data: bytes


def encode_frame(stream: int, data: bytes) -> bytes:
    """Encode one multiplexed frame (header plus payload), as the engine does.

    Args:
        stream: the stream id (0-3).
        data: the payload.

    Returns:
        The frame's bytes.
    """
    return _HEADER.pack(stream, len(data)) + data


class FrameDecoder:
    """Incremental decoder for the multiplexed (or TTY) output stream.

    Frames are returned whole when their payload is at most ``max_chunk`` bytes, whatever
    the chunking of the input; a larger payload is returned in pieces of at most
    ``max_chunk`` bytes (consecutive frames with the same stream id), so memory stays
    bounded. In TTY mode every non-empty chunk is returned as stdout.

    Args:
        tty: the container has a TTY, so the stream is raw bytes.
        max_chunk: the most payload bytes held before a piece is returned.

    Raises:
        InvalidArgument: ``max_chunk`` is not positive.
    """

    def __init__(self, *, tty: bool = False, max_chunk: int = DEFAULT_MAX_CHUNK) -> None:
        if max_chunk <= 0:
            raise InvalidArgument(f"max_chunk must be positive, got {max_chunk}")
        self.tty = tty
        self.max_chunk = max_chunk
        self._header = bytearray()
        self._payload = bytearray()
        self._stream = 0
        self._remaining = 0  # payload bytes still expected for the current frame
        self._closed = False

    @property
    def pending(self) -> int:
        """Bytes held back: a partial header or payload."""
        return len(self._header) + len(self._payload)

    @property
    def in_frame(self) -> bool:
        """True between a frame's first header byte and its last payload byte."""
        return bool(self._header) or self._remaining > 0

    def feed(self, data: bytes | bytearray | memoryview) -> list[Frame]:
        """Decode a chunk of the stream.

        Args:
            data: the next bytes, of any length (empty is fine).

        Returns:
            The frames completed by this chunk, in order.

        Raises:
            StreamParseError: a header names an unknown stream id (the stream is probably
                a TTY stream decoded as multiplexed), or the decoder was closed.
        """
        if self._closed:
            raise StreamParseError("FrameDecoder.feed() called after close()")
        if not data:
            return []
        if self.tty:
            return [Frame(STDOUT, bytes(data))]
        frames: list[Frame] = []
        if not self._header and self._remaining == 0:
            # The common case: data starts on a frame boundary. Whole frames are sliced
            # straight out of it (one copy each), the rest goes the general way.
            data = self._whole_frames(data if isinstance(data, bytes) else bytes(data), frames)
            if not data:
                return frames
        view = memoryview(data).cast("B")
        pos, size = 0, len(view)
        while pos < size:
            if self._remaining == 0:
                need = HEADER_SIZE - len(self._header)
                self._header += view[pos : pos + need]
                pos += min(need, size - pos)
                if len(self._header) < HEADER_SIZE:
                    break
                self._start_frame(frames)
                continue
            take = min(self._remaining, size - pos, self.max_chunk - len(self._payload))
            self._payload += view[pos : pos + take]
            pos += take
            self._remaining -= take
            if self._remaining == 0 or len(self._payload) >= self.max_chunk:
                frames.append(Frame(self._stream, bytes(self._payload)))
                self._payload.clear()
        return frames

    def _whole_frames(self, data: bytes, frames: list[Frame]) -> bytes:
        """Append the complete frames at the start of ``data``; return what follows them."""
        pos, size, limit = 0, len(data), self.max_chunk
        unpack = _HEADER.unpack_from
        while pos + HEADER_SIZE <= size:
            stream, length = unpack(data, pos)
            end = pos + HEADER_SIZE + length
            if end > size or length > limit:
                break
            if stream > SYSTEMERR:
                raise StreamParseError(
                    f"unrecognised stream id {stream} in frame header "
                    f"{data[pos : pos + HEADER_SIZE]!r}; is this a TTY stream read as "
                    "multiplexed?"
                )
            if length:
                frames.append(Frame(stream, data[pos + HEADER_SIZE : end]))
            pos = end
        return data[pos:] if pos else data

    def _start_frame(self, frames: list[Frame]) -> None:
        stream, length = _HEADER.unpack(self._header)
        if stream > SYSTEMERR:
            raise StreamParseError(
                f"unrecognised stream id {stream} in frame header {bytes(self._header)!r}; "
                "is this a TTY stream read as multiplexed?"
            )
        self._header.clear()
        self._stream = stream
        self._remaining = length

    def close(self, *, strict: bool = True) -> list[Frame]:
        """Signal the end of the stream.

        Args:
            strict: raise if the stream stopped in the middle of a frame; when False the
                partial payload received so far is returned instead.

        Returns:
            What is left: at most one partial frame (only when ``strict`` is False).

        Raises:
            StreamParseError: ``strict`` and the stream ended inside a frame.
        """
        self._closed = True
        if not self.in_frame:
            return []
        missing = (
            f"{HEADER_SIZE - len(self._header)} header bytes"
            if self._header
            else f"{self._remaining} payload bytes"
        )
        if strict:
            raise StreamParseError(f"stream ended inside a frame: {missing} missing")
        left = [Frame(self._stream, bytes(self._payload))] if self._payload else []
        self._header.clear()
        self._payload.clear()
        self._remaining = 0
        return left


def iter_frames(
    chunks: Iterable[bytes], *, tty: bool = False, strict: bool = True
) -> Iterator[Frame]:
    """Decode frames from an iterable of byte chunks (e.g. ``response.iter_bytes()``).

    Args:
        chunks: the raw stream.
        tty: the stream is raw TTY output.
        strict: raise if the stream ends inside a frame.

    Yields:
        Each :class:`Frame`.

    Raises:
        StreamParseError: the stream is malformed or (when ``strict``) truncated.
    """
    decoder = FrameDecoder(tty=tty)
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close(strict=strict)


async def aiter_frames(
    chunks: AsyncIterable[bytes], *, tty: bool = False, strict: bool = True
) -> AsyncIterator[Frame]:
    """Decode frames from an async iterable of byte chunks (``response.aiter_bytes()``).

    Args:
        chunks: the raw stream.
        tty: the stream is raw TTY output.
        strict: raise if the stream ends inside a frame.

    Yields:
        Each :class:`Frame`.

    Raises:
        StreamParseError: the stream is malformed or (when ``strict``) truncated.
    """
    decoder = FrameDecoder(tty=tty)
    async for chunk in chunks:
        for frame in decoder.feed(chunk):
            yield frame
    for frame in decoder.close(strict=strict):
        yield frame


def demux_frame(stream: int, data: bytes) -> tuple[bytes | None, bytes | None]:
    """Turn one frame into a ``(stdout, stderr)`` pair with the other side None.

    Stdin frames count as stdout, as in Docker's ``stdcopy``.

    Args:
        stream: the frame's stream id.
        data: its payload.

    Returns:
        ``(data, None)`` for stdout, ``(None, data)`` for stderr.

    Raises:
        DockerException: the engine sent an error frame (``SYSTEMERR``); the message is
            its payload.
        StreamParseError: the stream id is unknown.
    """
    if stream in (STDOUT, STDIN):
        return data, None
    if stream == STDERR:
        return None, data
    if stream == SYSTEMERR:
        raise DockerException(
            "error from the engine in the output stream: "
            + data.decode("utf-8", errors="replace").strip()
        )
    raise StreamParseError(f"{stream} is not a valid stream id")


def demux_frames(frames: Iterable[Frame]) -> Iterator[tuple[bytes | None, bytes | None]]:
    """Map frames to ``(stdout, stderr)`` pairs, as docker-py's ``demux=True`` yields.

    Args:
        frames: decoded frames.

    Yields:
        ``(data, None)`` or ``(None, data)`` per frame.

    Raises:
        DockerException: the engine sent an error frame.
    """
    for stream, data in frames:
        yield demux_frame(stream, data)
