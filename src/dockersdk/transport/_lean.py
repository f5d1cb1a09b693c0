"""``UnixSocketTransport``: a lean httpx transport for the engine's unix socket.

httpx's own transport goes through httpcore and h11: three writes per request, several
objects and state-machine steps per request and per HTTP chunk. An SDK makes many small
calls and reads long chunked streams over one local socket, so this transport speaks
HTTP/1.1 itself (:mod:`dockersdk.transport._http11`): one write per request, reads of up to
256 KiB, every chunk that arrived decoded in one go, and a pool of keep-alive sockets.
It is still an ``httpx.BaseTransport``: requests and responses are httpx's, errors are
httpx's, and a ``101`` reply hands over the connection as the ``network_stream`` extension.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator

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
from dockersdk.transport._unix import _SocketStream

__all__ = ["UnixSocketTransport"]

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


class _Conn:
    """One socket to the engine, with what makes reusing it cheap: its timeout is only set
    when it changes (each change is a syscall), and its poller is made once."""

    __slots__ = ("_timeout", "poller", "sock")

    def __init__(self, sock: socket.socket, timeout: float | None) -> None:
        self.sock = sock
        self._timeout = timeout
        self.poller = select.poll()
        self.poller.register(sock, select.POLLIN)

    def timeout(self, value: float | None) -> socket.socket:
        """The socket, with its timeout set to ``value``."""
        if value != self._timeout:
            self.sock.settimeout(value)
            self._timeout = value
        return self.sock

    def stale(self) -> bool:
        """True for an idle connection with something to read: the engine closed it."""
        return bool(self.poller.poll(0))

    def close(self) -> None:
        self.sock.close()


class _UpgradedStream(_SocketStream):
    """The connection after a ``101`` reply; bytes already read past the head come first."""

    def __init__(self, sock: socket.socket, pending: bytes) -> None:
        super().__init__(sock)
        self._pending = pending

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
            return data
        return super().read(max_bytes, timeout)


class _Body(httpx.SyncByteStream):
    """A reply body read from its socket as the caller iterates; the socket goes back to
    the pool once the body ended cleanly, and is closed if the reader stops early."""

    def __init__(
        self,
        transport: UnixSocketTransport,
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

    def __iter__(self) -> Iterator[bytes]:
        if self._first:
            first, self._first = self._first, b""
            yield first
        decoder = self._decoder
        while self._conn is not None and not decoder.done:
            try:
                data = self._conn.timeout(self._read_timeout).recv(_READ_SIZE)
            except TimeoutError as exc:
                self.close()
                raise httpx.ReadTimeout(f"no reply data within {self._read_timeout} s") from exc
            except OSError as exc:
                self.close()
                raise httpx.ReadError(str(exc)) from exc
            if not data:
                try:
                    decoder.end_of_stream()
                except ProtocolError as exc:
                    self.close()
                    raise httpx.RemoteProtocolError(str(exc)) from exc
                self.close()
                return
            try:
                payload = decoder.feed(data)
            except ProtocolError as exc:
                self.close()
                raise httpx.RemoteProtocolError(str(exc)) from exc
            if decoder.done:
                self._finish()
            if payload:
                yield payload

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        reusable = self._keep_alive and not self._decoder.leftover and not self._decoder.until_close
        if reusable:
            self._transport._release(conn)
        else:
            self._transport._discard(conn)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._discard(conn)


class UnixSocketTransport(httpx.BaseTransport):
    """An httpx transport to one unix socket, whatever host a request names.

    Args:
        path: the socket's path.
        timeout: seconds per phase for a request that carries no ``timeout`` extension
            (``httpx.Client`` always sets one).
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
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._closed = False

    # -- connections -----------------------------------------------------------------------

    def _connect(self, timeout: float | None) -> _Conn:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(self.path)
        except TimeoutError as exc:
            sock.close()
            raise httpx.ConnectTimeout(f"{self.path}: {exc}") from exc
        except OSError as exc:
            sock.close()
            raise httpx.ConnectError(f"{self.path}: {exc.strerror or exc}") from exc
        return _Conn(sock, timeout)

    def _checkout(
        self, connect_timeout: float | None, pool_timeout: float | None
    ) -> tuple[_Conn, bool]:
        """A connection and a slot: an idle connection still open (True), or a new one."""
        if not self._slots.acquire(timeout=pool_timeout):
            raise httpx.PoolTimeout(
                f"{self.path}: all {self.max_connections} connections stayed busy for "
                f"{pool_timeout} s (open streams hold one each)"
            )
        try:
            conn, reused = self._pick(connect_timeout)
        except BaseException:
            self._slots.release()
            raise
        with self._lock:
            self._active.add(conn)
        return conn, reused

    def _pick(self, connect_timeout: float | None) -> tuple[_Conn, bool]:
        while True:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                return self._connect(connect_timeout), False
            if not conn.stale():
                return conn, True
            conn.close()

    def _done(self, conn: _Conn) -> bool:
        """Take ``conn`` off the active set and free its slot; False if it was not on it
        (the transport was closed meanwhile)."""
        with self._lock:
            if conn not in self._active:
                return False
            self._active.discard(conn)
        self._slots.release()
        return True

    def _release(self, conn: _Conn) -> None:
        """Back to the idle pool after a reply was read to its end."""
        with self._lock:
            if conn not in self._active:  # the transport was closed meanwhile
                keep, free = False, False
            else:
                self._active.discard(conn)
                keep = not self._closed and len(self._idle) < self.max_idle
                if keep:  # idle before the slot is free: the next caller finds it
                    self._idle.append(conn)
                free = True
        if free:
            self._slots.release()
        if not keep:
            conn.close()

    def _discard(self, conn: _Conn) -> None:
        """Close ``conn``: a reply cut short, or an error."""
        self._done(conn)
        conn.close()

    # -- requests --------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection; the reply's body streams from it."""
        timeouts = _timeouts(request, self.timeout)
        conn, reused = self._checkout(timeouts["connect"], timeouts["pool"])
        try:
            try:
                self._send(conn, request, timeouts["write"])
            except httpx.WriteError as exc:
                # The engine may answer before it took the whole body (an upload it
                # refuses) and close: that answer is the reply, if it is there.
                try:
                    head, rest = self._read_head(conn, timeouts["read"], reused)
                except httpx.TransportError:
                    raise exc from None
                head = _closing(head)
            else:
                head, rest = self._read_head(conn, timeouts["read"], reused)
        except BaseException:
            self._discard(conn)
            raise
        if head.status == 101:
            self._done(conn)  # the caller owns the connection from here
            return httpx.Response(
                101,
                headers=head.headers,
                extensions={
                    "network_stream": _UpgradedStream(conn.sock, rest),
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

    def _send(self, conn: _Conn, request: httpx.Request, timeout: float | None) -> None:
        target = request.url.raw_path
        head = request_head(request.method, target, request.headers.raw)
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        try:
            sock = conn.timeout(timeout)
            try:
                content = request.content
            except httpx.RequestNotRead:
                sock.sendall(head)
                assert isinstance(request.stream, httpx.SyncByteStream)
                for piece in request.stream:
                    if piece:
                        sock.sendall(chunk(piece) if chunked else piece)
                if chunked:
                    sock.sendall(LAST_CHUNK)
                return
            if len(content) <= _SMALL_BODY:
                sock.sendall(head + content)
            else:
                sock.sendall(head)
                sock.sendall(content)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(f"{self.path}: writing the request timed out") from exc
        except OSError as exc:
            raise httpx.WriteError(f"{self.path}: {exc.strerror or exc}") from exc

    def _read_head(
        self, conn: _Conn, timeout: float | None, reused: bool
    ) -> tuple[ResponseHead, bytes]:
        buffer = bytearray()
        while True:
            try:
                data = conn.timeout(timeout).recv(_READ_SIZE)
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

    def close(self) -> None:
        """Close every connection, idle or carrying a reply still being read (a stream left
        open then ends with a read error)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            active = list(self._active)
        for conn in active:
            # Wakes a thread blocked reading it (close alone would not), then closes.
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)
        for conn in (*idle, *active):
            conn.close()

    def __repr__(self) -> str:
        return f"UnixSocketTransport({self.path!r})"
