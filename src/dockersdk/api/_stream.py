"""Streams returned by the client: iterators that are also context managers and always close
their connection, whether exhausted, closed, or left in a ``with`` block."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")


class Stream(Generic[T]):
    """An incremental reader over one streaming reply.

    Args:
        opened: the context manager that sends the request and yields the reply.
        decode: turns the reply's body chunks into the items this stream yields.
    """

    def __init__(
        self,
        opened: AbstractContextManager[httpx.Response],
        decode: Callable[[Iterator[bytes]], Iterator[T]],
    ) -> None:
        self._opened = opened
        self._response: httpx.Response | None = opened.__enter__()
        self._items = decode(self._response.iter_bytes())

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        if self._response is None:
            raise StopIteration
        try:
            return next(self._items)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop reading and close the connection (idempotent)."""
        if self._response is not None:
            self._response = None
            self._opened.__exit__(None, None, None)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: S110 - nothing to report to at interpreter teardown
            pass


def decode_json_items(chunks: Iterator[bytes]) -> Iterator[Any]:
    """Decode a JSON-lines / concatenated-JSON body into Python objects, raising on errors."""
    from dockersdk.utils.json_stream import JSONStreamDecoder

    decoder = JSONStreamDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


def read_frames(response: httpx.Response, tty: bool) -> list[tuple[int, bytes]]:
    """Read a whole attach-style body as ``(stream_id, payload)`` frames, in arrival order.

    With a TTY the engine sends raw bytes (all reported as stdout, stream 1); otherwise it
    multiplexes stdout (1) and stderr (2) in 8-byte-header frames.
    """
    if tty:
        return [(1, chunk) for chunk in response.iter_bytes()]
    from dockersdk.utils.frames import FrameDecoder

    decoder = FrameDecoder()
    frames: list[tuple[int, bytes]] = []
    for chunk in response.iter_bytes():
        frames.extend(decoder.feed(chunk))
    decoder.close()
    return frames


def join_frames(
    frames: list[tuple[int, bytes]], demux: bool, stdout: bool = True, stderr: bool = True
) -> bytes | tuple[bytes | None, bytes | None]:
    """Join frames into one output, or into ``(stdout, stderr)`` with ``demux``."""
    if not demux:
        return b"".join(payload for _, payload in frames)
    out = b"".join(payload for stream_id, payload in frames if stream_id != 2)
    err = b"".join(payload for stream_id, payload in frames if stream_id == 2)
    return (out if stdout else None, err if stderr else None)
