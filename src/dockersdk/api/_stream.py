"""Streams returned by the client: iterators that are also context managers and always close
their connection, whether exhausted, closed, or left in a ``with`` block."""

from __future__ import annotations

import contextlib
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
        # At interpreter teardown there is nobody left to report a failed close to.
        with contextlib.suppress(Exception):
            self.close()


def decode_json_items(chunks: Iterator[bytes]) -> Iterator[Any]:
    """Decode a JSON-lines / concatenated-JSON body into Python objects, raising on errors."""
    from dockersdk.utils.json_stream import JSONStreamDecoder

    decoder = JSONStreamDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


def read_frames(response: httpx.Response, tty: bool) -> list[tuple[bytes | None, bytes | None]]:
    """Read a whole attach-style body as ``(stdout, stderr)`` pieces, in arrival order.

    With a TTY the engine sends raw bytes (all stdout); otherwise it multiplexes stdout and
    stderr in 8-byte-header frames, and an error frame from the engine raises.
    """
    if tty:
        return [(chunk, None) for chunk in response.iter_bytes()]
    from dockersdk.utils.frames import FrameDecoder, demux_frame

    decoder = FrameDecoder()
    pieces: list[tuple[bytes | None, bytes | None]] = []
    for chunk in response.iter_bytes():
        pieces.extend(demux_frame(*frame) for frame in decoder.feed(chunk))
    pieces.extend(demux_frame(*frame) for frame in decoder.close())
    return pieces


def join_frames(
    pieces: list[tuple[bytes | None, bytes | None]],
    demux: bool,
    stdout: bool = True,
    stderr: bool = True,
) -> bytes | tuple[bytes | None, bytes | None]:
    """Join pieces into one output, or into ``(stdout, stderr)`` with ``demux``."""
    if not demux:
        return b"".join(out if out is not None else err or b"" for out, err in pieces)
    joined_out = b"".join(out for out, _ in pieces if out is not None)
    joined_err = b"".join(err for _, err in pieces if err is not None)
    return (joined_out if stdout else None, joined_err if stderr else None)
