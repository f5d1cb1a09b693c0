"""The httpcore network backend for unix sockets that :class:`~dockersdk.transport.UnixAdapter`
pools connections with.

httpcore's own backend leaks the socket when ``connect()`` fails (a missing or refused
socket file leaves an unclosed socket for the garbage collector); this one closes it, and
gives a place to tune the hot path for the many small calls an SDK makes.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterable
from typing import Any

import httpcore


class _SocketStream(httpcore.NetworkStream):
    """One connected unix socket, as httpcore reads and writes it."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            self._sock.settimeout(timeout)
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._sock.settimeout(timeout)
            self._sock.sendall(buffer)
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc)) from exc

    def close(self) -> None:
        self._sock.close()

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # An idle pooled connection that is readable was closed (or spoken to) by the
            # engine: httpcore then drops it instead of reusing it.
            poller = select.poll()
            poller.register(self._sock, select.POLLIN)
            return bool(poller.poll(0))
        return None


class _UnixBackend(httpcore.NetworkBackend):  # pyright: ignore[reportUnusedClass]  (unixconn.py)
    """Opens connections to one unix socket path, whatever host a request names."""

    def __init__(self, path: str) -> None:
        self.path = path

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(timeout)
            sock.connect(path)
        except TimeoutError as exc:
            sock.close()
            raise httpcore.ConnectTimeout(f"{path}: {exc}") from exc
        except OSError as exc:
            sock.close()
            raise httpcore.ConnectError(f"{path}: {exc.strerror or exc}") from exc
        return _SocketStream(sock)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self.connect_unix_socket(self.path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
