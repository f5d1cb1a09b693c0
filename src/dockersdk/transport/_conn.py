"""One connection to the engine's unix socket for the sync lean transport, and the pool's
guard and slots: the blocking half of what :mod:`dockersdk.transport._lean` (generated
from :mod:`dockersdk.aio._lean`) needs. The async twin is :mod:`dockersdk.aio._conn`."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from typing import Any

__all__ = ["Conn", "Guard", "Slots", "connect_unix", "settle"]

#: The pool's lock: threads share a sync transport.
Guard = threading.Lock


class Slots:
    """At most ``size`` connections in use at once."""

    def __init__(self, size: int) -> None:
        self._semaphore = threading.BoundedSemaphore(size)

    def acquire(self, timeout: float | None) -> bool:
        """Take a slot; False if none came free within ``timeout`` seconds."""
        return self._semaphore.acquire(timeout=timeout)

    def release(self) -> None:
        self._semaphore.release()


def settle() -> None:
    """Nothing to wait for: a closed socket wakes its blocked reader at once."""


class Conn:
    """One socket to the engine. Its timeout is only set when it changes (each change is a
    syscall), and its poller (for the idle check) is made once.

    Attributes:
        sock: the connected socket.
    """

    __slots__ = ("_timeout", "poller", "sock")

    def __init__(self, sock: socket.socket, timeout: float | None) -> None:
        self.sock = sock
        self._timeout = timeout
        self.poller = select.poll()
        self.poller.register(sock, select.POLLIN)

    def _with_timeout(self, value: float | None) -> socket.socket:
        if value != self._timeout:
            self.sock.settimeout(value)
            self._timeout = value
        return self.sock

    def recv(self, size: int, timeout: float | None) -> bytes:
        """Up to ``size`` bytes; ``b""`` at the end of the stream.

        Raises:
            TimeoutError: nothing arrived within ``timeout`` seconds.
            OSError: the connection broke.
        """
        return self._with_timeout(timeout).recv(size)

    def send(self, data: bytes, timeout: float | None) -> None:
        """Write all of ``data``.

        Raises:
            TimeoutError: the engine took nothing for ``timeout`` seconds.
            OSError: the connection broke.
        """
        self._with_timeout(timeout).sendall(data)

    def stale(self) -> bool:
        """True for an idle connection with something to read: the engine closed it."""
        return bool(self.poller.poll(0))

    def write_eof(self) -> None:
        """Half-close: the engine sees the end of what we send."""
        self.sock.shutdown(socket.SHUT_WR)

    def abort(self) -> None:
        """Close, waking a thread blocked reading it (closing alone would not)."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()

    def close(self) -> None:
        self.sock.close()

    def extra(self, info: str) -> Any:
        """``get_extra_info`` of the upgraded connection: ``socket`` and ``write_eof``."""
        if info == "socket":
            return self.sock
        if info == "write_eof":
            return self.write_eof
        return None


def connect_unix(path: str, timeout: float | None) -> Conn:
    """A connection to the socket at ``path``.

    Raises:
        TimeoutError: the connect took longer than ``timeout`` seconds.
        OSError: it failed (no such socket, refused, the backlog full...).
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
    except BaseException:
        sock.close()
        raise
    return Conn(sock, timeout)
