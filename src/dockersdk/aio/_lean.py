"""``AsyncUnixSocketTransport``: the lean transport for the engine's unix socket.

httpx's own transport goes through httpcore and h11: three writes per request, several
objects and state-machine steps per request and per HTTP chunk, and some 100 ms of imports
in a fresh process. An SDK makes many small calls and reads long chunked streams over one
local socket, so this transport speaks HTTP/1.1 itself (:mod:`dockersdk.transport._http11`):
one write per request, reads of up to 256 KiB, every chunk that arrived decoded in one go, a
pool of keep-alive connections with a limit. It takes and returns the core's own messages
(:mod:`dockersdk.transport._messages`), whose errors carry httpx's names; a ``101`` reply
hands over the connection as the ``network_stream`` extension, as httpx does.

The sync ``UnixSocketTransport`` (:mod:`dockersdk.transport._lean`) is generated from this
file; the connection itself is flavour-specific (:mod:`dockersdk.aio._conn`,
:mod:`dockersdk.transport._conn`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from time import monotonic
from typing import Any

from dockersdk._guards import is_dict
from dockersdk.aio._conn import AsyncConn, AsyncGuard, AsyncSlots, connect_unix, settle
from dockersdk.transport._http11 import (
    LAST_CHUNK,
    BodyDecoder,
    ContentDecoder,
    ProtocolError,
    ResponseHead,
    body_decoder,
    chunk,
    content_decoder,
    parse_head,
    request_head,
)
from dockersdk.transport._messages import (
    PHASES,
    AsyncBaseTransport,
    ConnectError,
    ConnectTimeout,
    Headers,
    PoolTimeout,
    ReadError,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    TransportError,
    WriteError,
    WriteTimeout,
)

__all__ = ["AsyncUnixSocketTransport"]

_READ_SIZE = 256 * 1024
_SMALL_BODY = 64 * 1024  # bodies up to this size go out in the same write as the head


def _timeouts(request: Request, default: float | None) -> dict[str, float | None]:
    given = request.extensions.get("timeout")
    if is_dict(given):
        return {phase: given.get(phase, default) for phase in PHASES}
    return dict.fromkeys(PHASES, default)


def _closing(head: ResponseHead) -> ResponseHead:
    """``head`` on a connection that cannot be reused."""
    return ResponseHead(head.status, head.reason, head.headers, keep_alive=False)


class _AsyncUpgradedStream:
    """The connection after a ``101`` reply, shaped as httpcore's ``network_stream`` (with
    the transport errors of :mod:`~dockersdk.transport._messages`); bytes already read past
    the head come first."""

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
            raise ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._conn.send(buffer, timeout)
        except TimeoutError as exc:
            raise WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        self._conn.close()

    def get_extra_info(self, info: str) -> Any:
        return self._conn.extra(info)


class _Body:
    """A reply body read as the caller iterates; its connection goes back to the pool once
    the body ended cleanly, and is closed if the reader stops early. A content-encoded body
    (if a configured header asked for one) is decoded on the way."""

    def __init__(
        self,
        transport: AsyncUnixSocketTransport,
        conn: AsyncConn,
        decoder: BodyDecoder,
        first: bytes,
        keep_alive: bool,
        read_timeout: float | None,
        decoding: ContentDecoder | None,
    ) -> None:
        self._transport = transport
        self._conn: AsyncConn | None = conn
        self._decoder = decoder
        self._first = first
        self._keep_alive = keep_alive
        self._read_timeout = read_timeout
        self._decoding = decoding

    async def __aiter__(self) -> AsyncIterator[bytes]:
        decoding = self._decoding
        if self._first:
            first, self._first = self._first, b""
            yield self._decoded(first) if decoding else first
        decoder = self._decoder
        while self._conn is not None and not decoder.done:
            try:
                data = await self._conn.recv(_READ_SIZE, self._read_timeout)
            except TimeoutError as exc:
                self._close()
                raise ReadTimeout(f"no reply data within {self._read_timeout} s") from exc
            except OSError as exc:
                self._close()
                raise ReadError(str(exc)) from exc
            except BaseException:  # cancelled mid-read: the connection is out of step
                self._close()
                raise
            try:
                if not data:
                    decoder.end_of_stream()
                    self._close()
                    break
                payload = decoder.feed(data)
                if decoding:
                    payload = self._decoded(payload)
            except ProtocolError as exc:
                self._close()
                raise RemoteProtocolError(str(exc)) from exc
            if decoder.done:
                self._finish()
            if payload:
                yield payload
        if decoding:
            rest = self._decoded(b"", end=True)
            if rest:
                yield rest

    def _decoded(self, data: bytes, end: bool = False) -> bytes:
        assert self._decoding is not None
        try:
            return self._decoding.feed(data, end)
        except ProtocolError as exc:
            self._close()
            raise RemoteProtocolError(str(exc)) from exc

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._settle(conn, self._decoder, self._keep_alive)  # pyright: ignore[reportPrivateUsage]

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._discard(conn)  # pyright: ignore[reportPrivateUsage]

    async def aclose(self) -> None:
        self._close()


class AsyncUnixSocketTransport(AsyncBaseTransport):
    """A transport to one unix socket, whatever host a request names.

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
            raise ConnectTimeout(f"{self.path}: {exc}") from exc
        except OSError as exc:
            raise ConnectError(f"{self.path}: {exc.strerror or exc}") from exc

    async def _checkout(
        self, connect_timeout: float | None, pool_timeout: float | None
    ) -> tuple[AsyncConn, bool]:
        """A connection and a slot: an idle connection still open (True), or a new one."""
        if not await self._slots.acquire(pool_timeout):
            raise PoolTimeout(
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

    async def handle_async_request(self, request: Request) -> Response:
        """Send ``request`` over a pooled connection; the reply's body streams from it."""
        timeouts = _timeouts(request, self.timeout)
        conn, reused = await self._checkout(timeouts["connect"], timeouts["pool"])
        try:
            try:
                await self._send(conn, request, timeouts["write"])
            except WriteError as exc:
                # The engine may answer before it took the whole body (an upload it
                # refuses) and close: that answer is the reply, if it is there.
                try:
                    head, rest = await self._read_head(conn, timeouts["read"], reused)
                except TransportError:
                    raise exc from None
                head = _closing(head)
            else:
                head, rest = await self._read_head(conn, timeouts["read"], reused)
        except BaseException:
            self._discard(conn)
            raise
        reason = head.reason.decode("ascii", errors="ignore")
        if head.status == 101:
            self._done(conn)  # the caller owns the connection from here
            return Response(
                101,
                Headers(head.headers),
                content=b"",
                reason_phrase=reason,
                extensions={"network_stream": _AsyncUpgradedStream(conn, rest)},
            )
        try:
            decoder = body_decoder(request.method, head)
            first = decoder.feed(rest) if rest else b""
            decoding = content_decoder(head)
            if decoder.done:
                # The whole body came with the head (most replies): the connection is free
                # now, and the reply needs no stream.
                self._settle(conn, decoder, head.keep_alive)
                content = decoding.feed(first, True) if decoding else first
                return Response(
                    head.status, Headers(head.headers), content=content, reason_phrase=reason
                )
        except ProtocolError as exc:
            self._discard(conn)
            raise RemoteProtocolError(str(exc)) from exc
        body = _Body(self, conn, decoder, first, head.keep_alive, timeouts["read"], decoding)
        return Response(
            head.status,
            Headers(head.headers),
            stream=body,
            reason_phrase=reason,
            # As httpcore does: the connection the body streams from (a stream closed from
            # another thread or task shuts its socket down to wake the reader).
            extensions={"network_stream": _AsyncUpgradedStream(conn, b"")},
        )

    async def _send(self, conn: AsyncConn, request: Request, timeout: float | None) -> None:
        head = request_head(request.method, request.url.raw_path, request.headers)
        try:
            content = request.content
            if content is None:
                chunked = (request.header("transfer-encoding") or "").lower() == "chunked"
                await conn.send(head, timeout)
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
            raise WriteTimeout(f"{self.path}: writing the request timed out") from exc
        except OSError as exc:
            raise WriteError(f"{self.path}: {exc.strerror or exc}") from exc

    async def _read_head(
        self, conn: AsyncConn, timeout: float | None, reused: bool
    ) -> tuple[ResponseHead, bytes]:
        buffer = bytearray()
        while True:
            try:
                data = await conn.recv(_READ_SIZE, timeout)
            except TimeoutError as exc:
                raise ReadTimeout(f"{self.path}: no reply within {timeout} s") from exc
            except OSError as exc:
                raise ReadError(f"{self.path}: {exc.strerror or exc}") from exc
            if not data:
                raise RemoteProtocolError(
                    f"{self.path}: the engine closed the connection without replying"
                    + (" (a kept-alive connection)" if reused else "")
                )
            buffer += data
            try:
                head = parse_head(buffer)
            except ProtocolError as exc:
                raise RemoteProtocolError(f"{self.path}: {exc}") from exc
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

    def __del__(self) -> None:
        # A transport dropped unclosed (docker-py code seldom closes its clients) closes its
        # idle connections with it, quietly, as urllib3's pools do under docker-py: no
        # ResourceWarning for their sockets. A reply still being read closes with its stream.
        for conn, _ in getattr(self, "_idle", ()):
            with contextlib.suppress(Exception):
                conn.abort()

    def __repr__(self) -> str:
        return f"AsyncUnixSocketTransport({self.path!r})"
