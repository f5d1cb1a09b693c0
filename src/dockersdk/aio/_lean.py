"""``AsyncUnixSocketTransport``: a lean httpx transport for the engine's unix socket.

httpx's own transport goes through httpcore and h11: three writes per request, several
objects and state-machine steps per request and per HTTP chunk. An SDK makes many small
calls and reads long chunked streams over one local socket, so this transport speaks
HTTP/1.1 itself (:mod:`dockersdk.transport._http11`): one write per request, reads of up to
256 KiB, every chunk that arrived decoded in one go, a pool of keep-alive connections with
a limit. It is still an httpx transport: requests and responses are httpx's, errors are
httpx's, and a ``101`` reply hands over the connection as the ``network_stream`` extension.

The sync ``UnixSocketTransport`` (:mod:`dockersdk.transport._lean`) is generated from this
file; the connection itself is flavour-specific (:mod:`dockersdk.aio._conn`,
:mod:`dockersdk.transport._conn`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from time import monotonic
from typing import Any

import httpcore
import httpx

from dockersdk.aio._conn import AsyncConn, AsyncGuard, AsyncSlots, connect_unix, settle
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
from dockersdk.transport._whole import WholeResponse

__all__ = ["AsyncUnixSocketTransport"]

_READ_SIZE = 256 * 1024
_SMALL_BODY = 64 * 1024  # bodies up to this size go out in the same write as the head
_PHASES = ("connect", "read", "write", "pool")


def _timeouts(request: httpx.Request, default: float | None) -> dict[str, float | None]:
    given = request.extensions.get("timeout")
    if isinstance(given, dict):
        return {phase: given.get(phase, default) for phase in _PHASES}
    return dict.fromkeys(_PHASES, default)


def _closing(head: ResponseHead) -> ResponseHead:
    """``head`` on a connection that cannot be reused."""
    return ResponseHead(head.status, head.reason, head.headers, keep_alive=False)


class _AsyncUpgradedStream:
    """The connection after a ``101`` reply, as httpcore's ``network_stream`` (and with its
    errors); bytes already read past the head come first."""

    def __init__(self, conn: AsyncConn, pending: bytes) -> None:
        self._conn = conn
        self._pending = pending

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
            return data
        try:
            return await self._conn.recv(max_bytes, timeout)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._conn.send(buffer, timeout)
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        self._conn.close()

    def get_extra_info(self, info: str) -> Any:
        return self._conn.extra(info)


class _Body(httpx.AsyncByteStream):
    """A reply body read as the caller iterates; its connection goes back to the pool once
    the body ended cleanly, and is closed if the reader stops early."""

    def __init__(
        self,
        transport: AsyncUnixSocketTransport,
        conn: AsyncConn,
        decoder: BodyDecoder,
        first: bytes,
        keep_alive: bool,
        read_timeout: float | None,
    ) -> None:
        self._transport = transport
        self._conn: AsyncConn | None = conn
        self._decoder = decoder
        self._first = first
        self._keep_alive = keep_alive
        self._read_timeout = read_timeout

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
        if conn is not None:
            self._transport._settle(conn, self._decoder, self._keep_alive)

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._discard(conn)

    async def aclose(self) -> None:
        self._close()


class AsyncUnixSocketTransport(httpx.AsyncBaseTransport):
    """An httpx transport to one unix socket, whatever host a request names.

    Args:
        path: the socket's path.
        timeout: seconds per phase for a request that carries no ``timeout`` extension
            (the clients always set one).
        max_connections: connections open at once (each reply being read, stream or
            attach holds one); a request waits for a free one up to its pool timeout.
        max_idle: keep-alive connections kept for reuse (default: ``max_connections``, so a
            burst of calls finds its connections again the next time).
        keepalive_expiry: seconds an idle connection is kept; older ones are closed when
            the next reply ends (None: kept until the transport closes).
    """

    def __init__(
        self,
        path: str,
        timeout: float | None = 60,
        max_connections: int = 100,
        max_idle: int | None = None,
        keepalive_expiry: float | None = 5.0,
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.max_connections = max_connections
        self.max_idle = max_connections if max_idle is None else max_idle
        self.keepalive_expiry = keepalive_expiry
        # Idle connections with the time each became idle, oldest first.
        self._idle: list[tuple[AsyncConn, float]] = []
        self._active: set[AsyncConn] = set()
        self._slots = AsyncSlots(max_connections)
        self._guard = AsyncGuard()
        self._closed = False

    # -- connections -----------------------------------------------------------------------

    async def _connect(self, timeout: float | None) -> AsyncConn:
        try:
            return await connect_unix(self.path, timeout)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"{self.path}: {exc}") from exc
        except OSError as exc:
            raise httpx.ConnectError(f"{self.path}: {exc.strerror or exc}") from exc

    async def _checkout(
        self, connect_timeout: float | None, pool_timeout: float | None
    ) -> tuple[AsyncConn, bool]:
        """A connection and a slot: an idle connection still open (True), or a new one."""
        if not await self._slots.acquire(pool_timeout):
            raise httpx.PoolTimeout(
                f"{self.path}: all {self.max_connections} connections stayed busy for "
                f"{pool_timeout} s (open streams hold one each)"
            )
        try:
            conn, reused = await self._pick(connect_timeout)
        except BaseException:
            self._slots.release()
            raise
        with self._guard:
            self._active.add(conn)
        return conn, reused

    async def _pick(self, connect_timeout: float | None) -> tuple[AsyncConn, bool]:
        while True:
            with self._guard:
                conn = self._idle.pop()[0] if self._idle else None  # the most recent
            if conn is None:
                return await self._connect(connect_timeout), False
            if not conn.stale():
                return conn, True
            conn.close()

    def _done(self, conn: AsyncConn) -> bool:
        """Take ``conn`` off the active set and free its slot; False if it was not on it
        (the transport was closed meanwhile)."""
        with self._guard:
            if conn not in self._active:
                return False
            self._active.discard(conn)
        self._slots.release()
        return True

    def _release(self, conn: AsyncConn) -> None:
        """Back to the idle pool after a reply was read to its end; idle connections past
        their expiry are closed."""
        expired: list[AsyncConn] = []
        with self._guard:
            if conn not in self._active:  # the transport was closed meanwhile
                keep, free = False, False
            else:
                self._active.discard(conn)
                keep = not self._closed and len(self._idle) < self.max_idle
                if keep:  # idle before the slot is free: the next caller finds it
                    now = monotonic()
                    self._idle.append((conn, now))
                    expired = self._expired(now)
                free = True
        if free:
            self._slots.release()
        if not keep:
            conn.close()
        for old in expired:
            old.close()

    def _expired(self, now: float) -> list[AsyncConn]:
        """Take the idle connections older than the expiry off the pool (under the guard)."""
        if self.keepalive_expiry is None:
            return []
        idle, limit = self._idle, now - self.keepalive_expiry
        count = 0
        while count < len(idle) and idle[count][1] < limit:
            count += 1
        expired = [conn for conn, _ in idle[:count]]
        del idle[:count]
        return expired

    def _settle(self, conn: AsyncConn, decoder: BodyDecoder, keep_alive: bool) -> None:
        """After a reply's body ended: reuse the connection if nothing is left on it."""
        if keep_alive and not decoder.leftover and not decoder.until_close:
            self._release(conn)
        else:
            self._discard(conn)

    def _discard(self, conn: AsyncConn) -> None:
        """Close ``conn``: a reply cut short, or an error."""
        self._done(conn)
        conn.close()

    # -- requests --------------------------------------------------------------------------

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
                head = _closing(head)
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
                    "network_stream": _AsyncUpgradedStream(conn, rest),
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
        if decoder.done and head.header(b"content-encoding") is None:
            # The whole body came with the head (most replies): the connection is free now.
            # (A compressed one, if a configured header asked for it, goes through httpx's
            # decoders below.)
            self._settle(conn, decoder, head.keep_alive)
            return WholeResponse(
                head.status,
                head.headers,
                first,
                {"http_version": b"HTTP/1.1", "reason_phrase": head.reason},
            )
        body = _Body(self, conn, decoder, first, head.keep_alive, timeouts["read"])
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=body,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": head.reason,
                # As httpcore does: the connection the body streams from (a stream closed
                # from another thread or task shuts its socket down to wake the reader).
                "network_stream": _AsyncUpgradedStream(conn, b""),
            },
        )

    async def _send(self, conn: AsyncConn, request: httpx.Request, timeout: float | None) -> None:
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
                return
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
        self, conn: AsyncConn, timeout: float | None, reused: bool
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
        open then ends with a read error, a task or thread reading it wakes up)."""
        with self._guard:
            self._closed = True
            idle, self._idle = self._idle, []
            active = list(self._active)
        for conn in (*(conn for conn, _ in idle), *active):
            conn.abort()
        await settle()

    def __repr__(self) -> str:
        return f"AsyncUnixSocketTransport({self.path!r})"
