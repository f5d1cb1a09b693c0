"""Blocking reads of the multiplexed attach/exec stream from a raw socket (docker-py's API).

These functions wrap :class:`~dockersdk.utils.frames.FrameDecoder` for code that holds a
socket-like object (a ``socket.socket``, an upgraded connection's stream with ``read``,
or anything with ``fileno``).
"""

from __future__ import annotations

import errno
import os
import select
from collections.abc import Iterable, Iterator
from typing import Any, Literal, Protocol, overload, runtime_checkable

from dockersdk.utils.frames import (
    HEADER_SIZE,
    STDERR,
    STDIN,
    STDOUT,
    SYSTEMERR,
    FrameDecoder,
    demux_frame,
)

__all__ = [
    "NPIPE_ENDED",
    "STDERR",
    "STDIN",
    "STDOUT",
    "SYSTEMERR",
    "SocketError",
    "consume_socket_output",
    "demux_adaptor",
    "frames_iter",
    "frames_iter_no_tty",
    "frames_iter_tty",
    "next_frame_header",
    "next_frame_size",
    "read",
    "read_exactly",
]

#: Windows' ERROR_NO_DATA: a named pipe's other end closed (docker-py's name).
NPIPE_ENDED = 109

_RETRY_ERRNOS = (errno.EINTR, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK)


class SocketError(Exception):
    """A socket read failed or ended before the expected data arrived."""


@runtime_checkable
class _Receiver(Protocol):
    def recv(self, n: int, /) -> bytes: ...


@runtime_checkable
class _Reader(Protocol):
    # None: a non-blocking raw file object (io.RawIOBase) with nothing to read yet
    def read(self, n: int, /) -> bytes | None: ...


def _wait_readable(socket: Any) -> None:
    fileno = getattr(socket, "fileno", None)
    if fileno is not None:
        select.select([fileno()], [], [])


def read(socket: Any, n: int = 4096) -> bytes:
    """Read at most ``n`` bytes, waiting for data if none is available yet.

    Args:
        socket: an object with ``recv(n)``, ``read(n)`` or ``fileno()``.
        n: the most bytes to return.

    Returns:
        The bytes read; ``b''`` at end of stream.

    Raises:
        OSError: the read failed with a non-transient error.
    """
    while True:
        data: bytes | None
        try:
            if isinstance(socket, _Receiver):
                data = socket.recv(n)
            elif isinstance(socket, _Reader):
                data = socket.read(n)
            else:
                data = os.read(socket.fileno(), n)
        except (BlockingIOError, InterruptedError):
            _wait_readable(socket)
            continue
        except OSError as exc:
            if exc.errno in _RETRY_ERRNOS:
                _wait_readable(socket)
                continue
            raise
        if data is None:  # a non-blocking raw file object with nothing to read yet
            _wait_readable(socket)
            continue
        return bytes(data)


def read_exactly(socket: Any, n: int) -> bytes:
    """Read exactly ``n`` bytes.

    Args:
        socket: as for :func:`read`.
        n: the number of bytes.

    Returns:
        ``n`` bytes.

    Raises:
        SocketError: the stream ended first.
    """
    data = bytearray()
    while len(data) < n:
        chunk = read(socket, n - len(data))
        if not chunk:
            raise SocketError(f"Unexpected EOF: got {len(data)} of {n} bytes")
        data += chunk
    return bytes(data)


def next_frame_header(socket: Any) -> tuple[int, int]:
    """Read the next frame header.

    Args:
        socket: as for :func:`read`.

    Returns:
        ``(stream_id, payload_size)``, or ``(-1, -1)`` at end of stream.
    """
    try:
        data = read_exactly(socket, HEADER_SIZE)
    except SocketError:
        return -1, -1
    return data[0], int.from_bytes(data[4:8], "big")


def next_frame_size(socket: Any) -> int:
    """Read the next frame header and return its payload size.

    Args:
        socket: as for :func:`read`.

    Returns:
        The payload size, or -1 at end of stream.
    """
    return next_frame_header(socket)[1]


def frames_iter_no_tty(socket: Any) -> Iterator[tuple[int, bytes]]:
    """Yield ``(stream_id, payload)`` frames of a multiplexed stream until it ends.

    A frame cut short by the end of the stream yields what arrived (docker-py behaviour).

    Args:
        socket: as for :func:`read`.

    Yields:
        ``(stream_id, payload)`` tuples.

    Raises:
        StreamParseError: a header names an unknown stream id.
    """
    decoder = FrameDecoder()
    while True:
        chunk = read(socket)
        if not chunk:
            break
        for frame in decoder.feed(chunk):
            yield frame.stream, frame.data
    for frame in decoder.close(strict=False):
        yield frame.stream, frame.data


def frames_iter_tty(socket: Any) -> Iterator[bytes]:
    """Yield raw chunks of a TTY stream until it ends.

    Args:
        socket: as for :func:`read`.

    Yields:
        Non-empty byte chunks.
    """
    while True:
        chunk = read(socket)
        if not chunk:
            return
        yield chunk


def frames_iter(socket: Any, tty: bool = False) -> Iterator[tuple[int, bytes]]:
    """Yield ``(stream_id, payload)`` frames read from an attach/exec socket.

    Args:
        socket: as for :func:`read`.
        tty: the container has a TTY; all output is then reported as stdout.

    Yields:
        ``(stream_id, payload)`` tuples.

    Raises:
        StreamParseError: a header names an unknown stream id.
    """
    if tty:
        return ((STDOUT, chunk) for chunk in frames_iter_tty(socket))
    return frames_iter_no_tty(socket)


def demux_adaptor(stream_id: int, data: bytes) -> tuple[bytes | None, bytes | None]:
    """Turn one frame into ``(stdout, None)`` or ``(None, stderr)``.

    Args:
        stream_id: the frame's stream.
        data: its payload.

    Returns:
        The pair.

    Raises:
        DockerException: an engine error frame.
        StreamParseError: an unknown stream id.
    """
    return demux_frame(stream_id, data)


@overload
def consume_socket_output(frames: Iterable[bytes], demux: Literal[False] = False) -> bytes: ...


@overload
def consume_socket_output(
    frames: Iterable[tuple[bytes | None, bytes | None]], demux: Literal[True]
) -> tuple[bytes | None, bytes | None]: ...


def consume_socket_output(
    frames: Iterable[Any], demux: bool = False
) -> bytes | tuple[bytes | None, bytes | None]:
    """Collect a whole output stream.

    Args:
        frames: payload chunks, or ``(stdout, stderr)`` pairs when ``demux``.
        demux: keep stdout and stderr apart.

    Returns:
        All bytes joined, or ``(stdout, stderr)`` each joined (None when that stream
        sent nothing).
    """
    if not demux:
        return b"".join(frames)
    out: list[bytearray | None] = [None, None]
    for pair in frames:
        for index, part in enumerate(pair):
            if part is not None:
                current = out[index]
                if current is None:
                    out[index] = bytearray(part)
                else:
                    current += part
    stdout, stderr = out
    return (
        None if stdout is None else bytes(stdout),
        None if stderr is None else bytes(stderr),
    )
