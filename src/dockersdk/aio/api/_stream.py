"""Streams returned by the client: async iterators that are also async context managers and
always close their connection, whether exhausted, closed, or left in their ``async with``.

A stream can be closed from another task (or, for the sync client, another thread) while one
is waiting in it for data that may never come (``events``, ``logs(follow=True)``, an
``attach``): the connection is shut down under the reader, which wakes and ends its
iteration as if the stream had ended.

The decoding itself is sans-IO (:mod:`dockersdk.utils.frames`,
:mod:`dockersdk.utils.json_stream`); this module only feeds it the body as it arrives.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dockersdk._guards import is_dict
from dockersdk.aio._flavour import AsyncFinalizer
from dockersdk.errors import APIError, StreamParseError

if TYPE_CHECKING:
    from dockersdk.transport._messages import Response

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S", bound="AsyncStream[Any]")


class AsyncStream(AsyncFinalizer, Generic[T]):
    """An incremental reader over one streaming reply.

    Made by :meth:`open`, which sends the request.

    Args:
        opened: the context manager that sent the request, already entered.
        response: the reply it yielded.
        decode: turns the reply's body chunks into the items this stream yields.
        chunk_size: the most bytes of one body chunk ``decode`` receives (None: as they
            arrive from the network). Chunks are passed on as they arrive, larger ones
            split: nothing is copied to make chunks bigger.

    Attributes:
        headers: the reply's headers.
    """

    def __init__(
        self,
        opened: AbstractAsyncContextManager[Response],
        response: Response,
        decode: Callable[[AsyncIterator[bytes]], AsyncIterator[T]],
        chunk_size: int | None = None,
    ) -> None:
        self._opened = opened
        self._response: Response | None = response
        self.headers = response.headers
        chunks = response.aiter_bytes()
        self._items = decode(chunks if chunk_size is None else _at_most(chunks, chunk_size))
        # Who is reading, and whether a close was asked meanwhile: a close from another
        # task or thread wakes the reader, which then finishes the close itself (closing
        # the socket under a thread blocked on it would leave the thread blocked, or have
        # it read a closed or reused file descriptor). Held for a few instructions only.
        self._guard = threading.Lock()
        self._reading = False
        self._closing = False

    @classmethod
    async def open(
        cls: type[AsyncStream[Any]],
        opened: AbstractAsyncContextManager[Response],
        decode: Callable[[AsyncIterator[bytes]], AsyncIterator[U]],
        chunk_size: int | None = None,
    ) -> AsyncStream[U]:
        """Send the request of ``opened`` and return the stream over its reply."""
        # ``cls`` is not ``type[AsyncStream[U]]``: pyright binds the ``T`` of a class named
        # without its parameter (``AsyncStream.open``) to Unknown; ``U`` is solved from
        # ``decode``.
        response = await opened.__aenter__()
        return cls(opened, response, decode, chunk_size)

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        with self._guard:
            if self._response is None or self._closing:
                raise StopAsyncIteration
            self._reading = True
        try:
            item = await anext(self._items)
        except BaseException as exc:
            with self._guard:
                self._reading = False
                closed_under_us = self._closing
            await self._finish()
            if closed_under_us and isinstance(exc, Exception):
                # Closed from elsewhere while this read waited: whatever the cut connection
                # raised here (a read error, a body cut short) is that close, not a fault.
                raise StopAsyncIteration from None
            raise
        with self._guard:
            self._reading = False
            closed_under_us = self._closing
        if closed_under_us:
            await self._finish()
            raise StopAsyncIteration
        return item

    async def aclose(self) -> None:
        """Stop reading and close the connection (idempotent).

        Safe to call from another task (or thread, for the sync client) while one waits
        in the stream: that read ends at once and the iteration stops, without an error.
        """
        with self._guard:
            if self._response is None or self._closing:
                return
            self._closing = True
            response, reading = self._response, self._reading
        if reading and _interrupt(response):
            return  # the reader wakes and finishes the close
        await self._finish()

    async def _finish(self) -> None:
        with self._guard:
            if self._response is None:
                return
            self._response = None
        await self._opened.__aexit__(None, None, None)

    async def __aenter__(self: S) -> S:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _interrupt(response: Response) -> bool:
    """Wake whoever waits for data on ``response``'s connection: shut the socket down (its
    reader sees the end of the stream), or end the ssh process carrying it.

    Uses the connection httpcore (and dockersdk's own transports) expose as the documented
    ``network_stream`` response extension. Returns False when there is none to act on.
    """
    stream = response.extensions.get("network_stream")
    if stream is None:
        return False
    raw = stream.get_extra_info("socket")
    if isinstance(raw, socket.socket):
        with contextlib.suppress(OSError):
            raw.shutdown(socket.SHUT_RDWR)
        return True
    process = stream.get_extra_info("process")
    terminate = getattr(process, "terminate", None)
    if callable(terminate):
        with contextlib.suppress(OSError):
            terminate()
        return True
    return False


async def _at_most(chunks: AsyncIterator[bytes], size: int) -> AsyncIterator[bytes]:
    """``chunks`` as they come, those over ``size`` bytes cut into pieces of ``size``."""
    async for chunk in chunks:
        if len(chunk) <= size:
            yield chunk
            continue
        view = memoryview(chunk)
        for start in range(0, len(chunk), size):
            yield bytes(view[start : start + size])


async def decode_json_items(chunks: AsyncIterator[bytes]) -> AsyncIterator[Any]:
    """Decode a JSON-lines / concatenated-JSON body into Python objects, raising on errors."""
    from dockersdk.utils.json_stream import JSONStreamDecoder

    decoder = JSONStreamDecoder()
    async for chunk in chunks:
        for item in decoder.feed(chunk):
            yield item
        decoder.check()  # a fault after those items raises now, not with the next chunk
    for item in decoder.close():
        yield item


def raw_chunks(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The body as it comes (for archives and exports)."""
    return chunks


def progress_error(item: Mapping[str, Any]) -> APIError:
    """The exception for an error object inside a progress stream (pull, push, load...)."""
    detail: Mapping[str, Any] = item.get("errorDetail") or {}
    message = str(detail.get("message") or item.get("error") or item)
    code = detail.get("code")
    return APIError(
        f"the engine reported an error in the stream: {message}",
        explanation=message,
        status_code=code if isinstance(code, int) else None,
    )


def validate_item(model: Any, item: Any) -> Any:
    """``item`` of a JSON stream as ``model`` (a dict with typed attributes, checked as read).

    Raises:
        StreamParseError: the item is valid JSON but not an object.
    """
    if not isinstance(item, dict):
        raise StreamParseError(
            f"an item of the stream is not a valid {model.__name__}: found "
            f"{type(item).__name__} where an object was expected"
        )
    return model(item)


def is_error_item(item: Any) -> bool:
    """True for a progress-stream object that reports a failure."""
    return is_dict(item) and bool(item.get("error") or item.get("errorDetail"))


def decode_progress(
    model: Any,
    decode: bool,
    error: Callable[[Mapping[str, Any]], Exception] = progress_error,
    *,
    raise_on_error: bool = False,
) -> Callable[[AsyncIterator[bytes]], AsyncIterator[Any]]:
    """A decoder for a JSON progress stream (pull, push, load, stats...).

    Args:
        model: the model each object is validated as when ``decode`` is true.
        decode: yield typed models; otherwise each object's JSON text as bytes (what
            docker-py yields without ``decode``).
        error: builds the exception raised for an error object.
        raise_on_error: raise ``error(item)`` for an error object
            (``{"error": ..., "errorDetail": ...}``) instead of yielding it as docker-py
            does.
    """

    async def items(chunks: AsyncIterator[bytes]) -> AsyncIterator[Any]:
        async for item in decode_json_items(chunks):
            if raise_on_error and is_error_item(item):
                raise error(item)
            if decode:
                yield validate_item(model, item) if isinstance(item, dict) else item
            else:
                yield json.dumps(item, separators=(",", ":")).encode("utf-8")

    return items


def decode_output(
    tty: bool, demux: bool
) -> Callable[[AsyncIterator[bytes]], AsyncIterator[bytes | tuple[bytes | None, bytes | None]]]:
    """A decoder for attach-style output: payloads as bytes, or ``(stdout, stderr)``."""
    from dockersdk.utils.frames import FrameDecoder, demux_frame

    async def items(
        chunks: AsyncIterator[bytes],
    ) -> AsyncIterator[bytes | tuple[bytes | None, bytes | None]]:
        decoder = FrameDecoder(tty=tty)
        async for chunk in chunks:
            for frame in decoder.feed(chunk):
                yield demux_frame(*frame) if demux else frame.data
        for frame in decoder.close():
            yield demux_frame(*frame) if demux else frame.data

    return items


async def read_frames(response: Response, tty: bool) -> list[tuple[bytes | None, bytes | None]]:
    """Read a whole attach-style body as ``(stdout, stderr)`` pieces, in arrival order.

    With a TTY the engine sends raw bytes (all stdout); otherwise it multiplexes stdout and
    stderr in 8-byte-header frames, and an error frame from the engine raises.
    """
    if tty:
        return [(chunk, None) async for chunk in response.aiter_bytes()]
    from dockersdk.utils.frames import FrameDecoder, demux_frame

    decoder = FrameDecoder()
    pieces: list[tuple[bytes | None, bytes | None]] = []
    async for chunk in response.aiter_bytes():
        pieces.extend(demux_frame(*frame) for frame in decoder.feed(chunk))
    pieces.extend(demux_frame(*frame) for frame in decoder.close())
    return pieces


def join_frames(
    pieces: list[tuple[bytes | None, bytes | None]],
    demux: bool,
    stdout: bool = True,
    stderr: bool = True,
) -> bytes | tuple[bytes | None, bytes | None]:
    """Join pieces into one output, or into ``(stdout, stderr)`` with ``demux``: as docker-py's
    ``consume_socket_output``, a side that sent nothing (stderr under a TTY) is None."""
    if not demux:
        return b"".join(out if out is not None else err or b"" for out, err in pieces)
    outs = [out for out, _ in pieces if out is not None]
    errs = [err for _, err in pieces if err is not None]
    joined_out = b"".join(outs) if outs and stdout else None
    joined_err = b"".join(errs) if errs and stderr else None
    return (joined_out, joined_err)
