"""Streams returned by the client: iterators that are also context managers and always close
their connection, whether exhausted, closed, or left in a ``with`` block."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

from dockersdk.errors import APIError

T = TypeVar("T")


class Stream(Generic[T]):
    """An incremental reader over one streaming reply.

    Args:
        opened: the context manager that sends the request and yields the reply.
        decode: turns the reply's body chunks into the items this stream yields.
        chunk_size: the size of the body chunks ``decode`` receives (None: as they
            arrive from the network).

    Attributes:
        headers: the reply's headers.
    """

    def __init__(
        self,
        opened: AbstractContextManager[httpx.Response],
        decode: Callable[[Iterator[bytes]], Iterator[T]],
        chunk_size: int | None = None,
    ) -> None:
        self._opened = opened
        self._response: httpx.Response | None = opened.__enter__()
        self.headers = self._response.headers
        self._items = decode(self._response.iter_bytes(chunk_size))

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


def raw_chunks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The body as it comes (for archives and exports)."""
    return chunks


def progress_error(item: Mapping[str, Any]) -> APIError:
    """The exception for an error object inside a progress stream (pull, push, load...)."""
    detail = item.get("errorDetail") or {}
    message = str(detail.get("message") or item.get("error") or item)
    code = detail.get("code")
    return APIError(
        f"the engine reported an error in the stream: {message}",
        explanation=message,
        status_code=code if isinstance(code, int) else None,
    )


def is_error_item(item: Any) -> bool:
    """True for a progress-stream object that reports a failure."""
    return isinstance(item, dict) and bool(item.get("error") or item.get("errorDetail"))


def decode_progress(
    model: Any,
    decode: bool,
    error: Callable[[Mapping[str, Any]], Exception] = progress_error,
) -> Callable[[Iterator[bytes]], Iterator[Any]]:
    """A decoder for a JSON progress stream that raises on an error object.

    Args:
        model: the model each object is validated as when ``decode`` is true.
        decode: yield typed models; otherwise each object's JSON text as bytes (what
            docker-py yields without ``decode``).
        error: builds the exception raised for an error object.
    """

    def items(chunks: Iterator[bytes]) -> Iterator[Any]:
        for item in decode_json_items(chunks):
            if is_error_item(item):
                raise error(item)
            if decode:
                yield model.model_validate(item) if isinstance(item, dict) else item
            else:
                yield json.dumps(item, separators=(",", ":")).encode("utf-8")

    return items


def decode_output(
    tty: bool, demux: bool
) -> Callable[[Iterator[bytes]], Iterator[bytes | tuple[bytes | None, bytes | None]]]:
    """A decoder for attach-style output: payloads as bytes, or ``(stdout, stderr)``."""
    from dockersdk.utils.frames import FrameDecoder, demux_frame

    def items(chunks: Iterator[bytes]) -> Iterator[bytes | tuple[bytes | None, bytes | None]]:
        decoder = FrameDecoder(tty=tty)
        for chunk in chunks:
            for frame in decoder.feed(chunk):
                pair = demux_frame(*frame)
                yield pair if demux else frame.data
        for frame in decoder.close():
            pair = demux_frame(*frame)
            yield pair if demux else frame.data

    return items


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
