"""One connection to the engine's unix socket for the async lean transport, and the pool's
guard and slots: the asyncio half of what :mod:`dockersdk.aio._lean` needs. The sync twin
is :mod:`dockersdk.transport._conn` (hand-written too: sockets and protocols differ)."""

from __future__ import annotations

import asyncio
import collections
import socket
from types import TracebackType
from typing import Any

__all__ = ["AsyncConn", "AsyncGuard", "AsyncSlots", "connect_unix", "settle"]

_BUFFER_HIGH = 1024 * 1024  # received bytes held before the reading pauses
_BUFFER_LOW = 256 * 1024


class AsyncGuard:
    """The pool's lock, a no-op: one event loop runs one piece of it at a time."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class AsyncSlots:
    """At most ``size`` connections in use at once; callers waiting for one are served in
    the order they came.

    A free slot costs no await at all, and a caller that has to wait does so on one future
    with a loop timer: this sits on the path of every request.
    """

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self, timeout: float | None) -> bool:
        """Take a slot; False if none came free within ``timeout`` seconds."""
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await _wait(waiter, timeout)
        except BaseException as exc:  # timed out or cancelled
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            elif waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.release()  # handed a slot, but cancelled before taking it: pass it on
            if isinstance(exc, TimeoutError):
                return False
            raise
        return True

    def release(self) -> None:
        """Hand the slot to the first caller still waiting, or free it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1


async def settle() -> None:
    """Let the loop run the closes just asked for (``connection_lost`` wakes readers)."""
    await asyncio.sleep(0)


class AsyncConn(asyncio.Protocol):
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
                await _wait(self._waiter, timeout)
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
                await _wait(self._drained, timeout)
            finally:
                self._drained = None
        if self._lost is not None:
            raise BrokenPipeError(32, f"the engine closed the connection: {self._lost}")

    def stale(self) -> bool:
        """True for an idle connection the engine closed or spoke on."""
        transport = self.transport
        return self._eof or bool(self._buffer) or transport is None or transport.is_closing()

    def write_eof(self) -> None:
        """Half-close: the engine sees the end of what we send."""
        if self.transport is not None:
            self.transport.write_eof()

    def abort(self) -> None:
        """Close at once; ``connection_lost`` wakes a task waiting to read."""
        self.close()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()  # connection_lost wakes any reader
        else:
            self.sock.close()

    def extra(self, info: str) -> Any:
        """``get_extra_info`` of the upgraded connection: ``socket`` and ``write_eof``."""
        if info == "socket":
            return self.sock
        if info == "write_eof":
            return self.write_eof
        return None


def _wake(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


def _expire(future: asyncio.Future[None], seconds: float) -> None:
    if not future.done():
        future.set_exception(TimeoutError(f"no progress within {seconds} s"))


async def _wait(future: asyncio.Future[None], seconds: float | None) -> None:
    """Wait for one of our own futures, failing it with ``TimeoutError`` after ``seconds``.

    A plain timer on the loop: cheaper than ``asyncio.timeout`` on the path every read
    takes, and a cancelled waiter is still just cancelled.
    """
    if seconds is None:
        await future
        return
    timer = future.get_loop().call_later(seconds, _expire, future, seconds)
    try:
        await future
    finally:
        timer.cancel()


async def connect_unix(path: str, timeout: float | None) -> AsyncConn:
    """A connection to the socket at ``path``.

    A unix-socket connect never blocks: it succeeds, or fails at once (``EAGAIN`` when the
    engine's listen backlog is full), so no half-made socket is left behind and a frozen
    engine is reported at once, as the sync client and the docker CLI do.

    Raises:
        OSError: it failed (no such socket, refused, the backlog full...).
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.connect(path)
        conn = AsyncConn(sock)
        await asyncio.get_running_loop().create_unix_connection(lambda: conn, sock=sock)
    except BaseException:
        sock.close()
        raise
    return conn
