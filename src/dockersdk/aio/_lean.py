"""``AsyncUnixSocketTransport``: the lean unix-socket transport of
:mod:`dockersdk.transport._lean`, on asyncio streams.

The same sans-IO HTTP/1.1 (:mod:`dockersdk.transport._http11`): one write per request,
large reads, every chunk that arrived decoded at once, keep-alive connections pooled.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

import httpx

from dockersdk.transport._http11 import (
    LAST_CHUNK,
    BodyDecoder,
    ProtocolError,
    ResponseHead,
    body_decoder,
    chunk,
    parse_head,
    request_head,
)

__all__ = ["AsyncUnixSocketTransport"]

_READ_SIZE = 256 * 1024
_BUFFER_HIGH = 1024 * 1024  # received bytes held before the reading pauses
_BUFFER_LOW = 256 * 1024
_SMALL_BODY = 64 * 1024
T = TypeVar("T")


async def _within(awaitable: Awaitable[T], seconds: float | None) -> T:
    """``await awaitable``, raising ``TimeoutError`` after ``seconds`` (None: no limit)."""
    if seconds is None:
        return await awaitable
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(seconds):
            return await awaitable
    return await asyncio.wait_for(awaitable, seconds)  # pragma: no cover - Python 3.10


class _Conn(asyncio.Protocol):
    """One connection to the engine, as an asyncio protocol: the loop hands over what
    arrives (no registration per read), it waits in a buffer bounded by pausing the reading,
    and what the engine sent before it closed stays readable after a failed write.

    Attributes:
        sock: the connected socket (for ``get_extra_info("socket")`` and shutdowns).
    """

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._eof = False
        self._lost: BaseException | None = None
        self._reading_paused = False
        self._writing_paused = False
        self._waiter: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None

    # -- protocol callbacks (the loop calls them) ------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > _BUFFER_HIGH and not self._reading_paused:
            assert self.transport is not None
            self.transport.pause_reading()
            self._reading_paused = True
        _wake(self._waiter)

    def eof_received(self) -> bool:
        self._eof = True
        _wake(self._waiter)
        return False  # close the connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        self._lost = exc
        _wake(self._waiter)
        _wake(self._drained)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        _wake(self._drained)

    # -- what the transport calls ----------------------------------------------------------

    async def recv(self, size: int, timeout: float | None) -> bytes:
        """Up to ``size`` bytes; ``b""`` at the end of the stream.

        Raises:
            OSError: the connection broke (after what came before it was read).
            TimeoutError: nothing arrived within ``timeout`` seconds.
        """
        while not self._buffer:
            if self._eof:
                if isinstance(self._lost, OSError):
                    raise self._lost
                return b""
            self._waiter = self.loop.create_future()
            try:
                await _within(self._waiter, timeout)
            finally:
                self._waiter = None
        buffer = self._buffer
        if size >= len(buffer):
            data = bytes(buffer)
            buffer.clear()
        else:
            data = bytes(buffer[:size])
            del buffer[:size]
        if self._reading_paused and len(buffer) <= _BUFFER_LOW and self.transport is not None:
            self._reading_paused = False
            self.transport.resume_reading()
        return data

    async def send(self, data: bytes, timeout: float | None) -> None:
        """Queue ``data``; wait while the engine is not taking it (flow control).

        Raises:
            BrokenPipeError: the connection is gone.
            TimeoutError: the engine took nothing for ``timeout`` seconds.
        """
        transport = self.transport
        if transport is None or self._lost is not None or transport.is_closing():
            raise BrokenPipeError(32, "the engine closed the connection")
        transport.write(data)
        while self._writing_paused and self._lost is None:
            self._drained = self.loop.create_future()
            try:
                await _within(self._drained, timeout)
            finally:
                self._drained = None
        if self._lost is not None:
            raise BrokenPipeError(32, f"the engine closed the connection: {self._lost}")

    def stale(self) -> bool:
        """True for an idle connection the engine closed or spoke on."""
        transport = self.transport
        return self._eof or bool(self._buffer) or transport is None or transport.is_closing()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()  # connection_lost wakes any reader
        else:
            self.sock.close()


def _wake(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


class _UpgradedStream:
    """The connection after a ``101`` reply, as httpcore's async ``network_stream``."""

    def __init__(self, conn: _Conn, pending: bytes) -> None:
        self._conn = conn
        self._pending = pending

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
            return data
        try:
            return await self._conn.recv(max_bytes, timeout)
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._conn.send(buffer, timeout)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        self._conn.close()

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self._conn.sock
        if info == "write_eof" and self._conn.transport is not None:
            return self._conn.transport.write_eof
        return None


class _Body(httpx.AsyncByteStream):
    """A reply body read as the caller iterates; its connection goes back to the pool once
    the body ended cleanly, and is closed if the reader stops early."""

    def __init__(
        self,
        transport: AsyncUnixSocketTransport,
        conn: _Conn,
        decoder: BodyDecoder,
        first: bytes,
        keep_alive: bool,
        read_timeout: float | None,
    ) -> None:
        self._transport = transport
        self._conn: _Conn | None = conn
        self._decoder = decoder
        self._first = first
        self._keep_alive = keep_alive
        self._read_timeout = read_timeout
        if decoder.done:
            self._finish()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._first:
            first, self._first = self._first, b""
            yield first
        decoder = self._decoder
        while self._conn is not None and not decoder.done:
            try:
                data = await self._conn.recv(_READ_SIZE, self._read_timeout)
            except TimeoutError as exc:
                self._close()
                raise httpx.ReadTimeout(f"no reply data within {self._read_timeout} s") from exc
            except OSError as exc:
                self._close()
                raise httpx.ReadError(str(exc)) from exc
            except BaseException:  # cancelled mid-read: the connection is out of step
                self._close()
                raise
            try:
                if not data:
                    decoder.end_of_stream()
                    self._close()
                    return
                payload = decoder.feed(data)
            except ProtocolError as exc:
                self._close()
                raise httpx.RemoteProtocolError(str(exc)) from exc
            if decoder.done:
                self._finish()
            if payload:
                yield payload

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        decoder = self._decoder
        if self._keep_alive and not decoder.leftover and not decoder.until_close:
            self._transport._release(conn)
        else:
            self._transport._discard(conn)

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._discard(conn)

    async def aclose(self) -> None:
        self._close()


_PHASES = ("connect", "read", "write", "pool")


def _timeouts(request: httpx.Request, default: float | None) -> dict[str, float | None]:
    given = request.extensions.get("timeout")
    if isinstance(given, dict):
        return {phase: given.get(phase, default) for phase in _PHASES}
    return dict.fromkeys(_PHASES, default)


class AsyncUnixSocketTransport(httpx.AsyncBaseTransport):
    """An async httpx transport to one unix socket, whatever host a request names.

    Args:
        path: the socket's path.
        timeout: seconds per phase for a request that carries no ``timeout`` extension.
        max_connections: connections open at once (each reply being read, stream or
            attach holds one); a request waits for a free one up to its pool timeout.
        max_idle: keep-alive connections kept for reuse.
    """

    def __init__(
        self,
        path: str,
        timeout: float | None = 60,
        max_connections: int = 100,
        max_idle: int = 32,
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.max_connections = max_connections
        self.max_idle = max_idle
        self._idle: list[_Conn] = []
        self._active: set[_Conn] = set()
        self._slots = asyncio.Semaphore(max_connections)
        self._closed = False

    async def _connect(self, timeout: float | None) -> _Conn:
        # A unix-socket connect never blocks: it succeeds, or fails at once (EAGAIN when
        # the engine's listen backlog is full), so no half-made socket is left behind and
        # a frozen engine is reported at once, as the sync client and the docker CLI do.
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            sock.connect(self.path)
        except OSError as exc:
            sock.close()
            raise httpx.ConnectError(f"{self.path}: {exc.strerror or exc}") from exc
        conn = _Conn(sock)
        try:
            await asyncio.get_running_loop().create_unix_connection(lambda: conn, sock=sock)
        except BaseException:
            sock.close()
            raise
        return conn

    async def _checkout(
        self, connect_timeout: float | None, pool_timeout: float | None
    ) -> tuple[_Conn, bool]:
        """A connection and a slot: an idle connection still open (True), or a new one."""
        try:
            await _within(self._slots.acquire(), pool_timeout)
        except TimeoutError as exc:
            raise httpx.PoolTimeout(
                f"{self.path}: all {self.max_connections} connections stayed busy for "
                f"{pool_timeout} s (open streams hold one each)"
            ) from exc
        try:
            conn, reused = await self._pick(connect_timeout)
        except BaseException:
            self._slots.release()
            raise
        self._active.add(conn)
        return conn, reused

    async def _pick(self, connect_timeout: float | None) -> tuple[_Conn, bool]:
        while self._idle:
            conn = self._idle.pop()
            if not conn.stale():
                return conn, True
            conn.close()
        return await self._connect(connect_timeout), False

    def _done(self, conn: _Conn) -> bool:
        """Take ``conn`` off the active set and free its slot (False if it was not on it)."""
        if conn not in self._active:
            return False
        self._active.discard(conn)
        self._slots.release()
        return True

    def _release(self, conn: _Conn) -> None:
        """Back to the idle pool after a reply was read to its end."""
        if self._done(conn) and not self._closed and len(self._idle) < self.max_idle:
            self._idle.append(conn)
        else:
            conn.close()

    def _discard(self, conn: _Conn) -> None:
        """Close ``conn``: a reply cut short, or an error."""
        self._done(conn)
        conn.close()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection; the reply's body streams from it."""
        timeouts = _timeouts(request, self.timeout)
        conn, reused = await self._checkout(timeouts["connect"], timeouts["pool"])
        try:
            try:
                await self._send(conn, request, timeouts["write"])
            except httpx.WriteError as exc:
                # The engine may answer before it took the whole body (an upload it
                # refuses) and close: that answer is the reply, if it is there.
                try:
                    head, rest = await self._read_head(conn, timeouts["read"], reused)
                except httpx.TransportError:
                    raise exc from None
                head = ResponseHead(head.status, head.reason, head.headers, keep_alive=False)
            else:
                head, rest = await self._read_head(conn, timeouts["read"], reused)
        except BaseException:
            self._discard(conn)
            raise
        if head.status == 101:
            self._done(conn)  # the caller owns the connection from here
            return httpx.Response(
                101,
                headers=head.headers,
                extensions={
                    "network_stream": _UpgradedStream(conn, rest),
                    "http_version": b"HTTP/1.1",
                    "reason_phrase": head.reason,
                },
            )
        try:
            decoder = body_decoder(request.method, head)
            first = decoder.feed(rest) if rest else b""
        except ProtocolError as exc:
            self._discard(conn)
            raise httpx.RemoteProtocolError(str(exc)) from exc
        body = _Body(self, conn, decoder, first, head.keep_alive, timeouts["read"])
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=body,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": head.reason},
        )

    async def _send(self, conn: _Conn, request: httpx.Request, timeout: float | None) -> None:
        head = request_head(request.method, request.url.raw_path, request.headers.raw)
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        try:
            try:
                content = request.content
            except httpx.RequestNotRead:
                await conn.send(head, timeout)
                assert isinstance(request.stream, httpx.AsyncByteStream)
                async for piece in request.stream:
                    if piece:
                        await conn.send(chunk(piece) if chunked else piece, timeout)
                if chunked:
                    await conn.send(LAST_CHUNK, timeout)
            else:
                if len(content) <= _SMALL_BODY:
                    await conn.send(head + content, timeout)
                else:
                    await conn.send(head, timeout)
                    await conn.send(content, timeout)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(f"{self.path}: writing the request timed out") from exc
        except OSError as exc:
            raise httpx.WriteError(f"{self.path}: {exc.strerror or exc}") from exc

    async def _read_head(
        self, conn: _Conn, timeout: float | None, reused: bool
    ) -> tuple[ResponseHead, bytes]:
        buffer = bytearray()
        while True:
            try:
                data = await conn.recv(_READ_SIZE, timeout)
            except TimeoutError as exc:
                raise httpx.ReadTimeout(f"{self.path}: no reply within {timeout} s") from exc
            except OSError as exc:
                raise httpx.ReadError(f"{self.path}: {exc.strerror or exc}") from exc
            if not data:
                raise httpx.RemoteProtocolError(
                    f"{self.path}: the engine closed the connection without replying"
                    + (" (a kept-alive connection)" if reused else "")
                )
            buffer += data
            try:
                head = parse_head(buffer)
            except ProtocolError as exc:
                raise httpx.RemoteProtocolError(f"{self.path}: {exc}") from exc
            if head is not None:
                return head, bytes(buffer)

    async def aclose(self) -> None:
        """Close every connection, idle or carrying a reply still being read (a stream left
        open then ends with a read error)."""
        self._closed = True
        idle, self._idle = self._idle, []
        for conn in (*idle, *self._active):
            conn.close()  # a task waiting to read one wakes up to the end of the stream
        await asyncio.sleep(0)  # the loop runs the closes (connection_lost) now

    def __repr__(self) -> str:
        return f"AsyncUnixSocketTransport({self.path!r})"
