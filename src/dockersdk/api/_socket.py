"""The raw, bidirectional connection left after a ``101 UPGRADED`` reply (attach, exec).

httpx hands the upgraded connection over as the documented ``network_stream`` response
extension; :class:`UpgradedSocket` wraps it with the socket-like methods docker-py users
call (``recv``/``read``, ``sendall``/``write``, ``close``) plus a write half-close, so
``dockersdk.utils.socket.frames_iter`` reads it like docker-py's socket.
"""

from __future__ import annotations

import contextlib
import socket as socket_module
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

import httpcore
import httpx

from dockersdk.errors import DockerException


class UpgradedSocket:
    """A socket-like object over an upgraded attach/exec connection.

    Reads block until data arrives (no read timeout); ``b""`` means the engine closed
    its side. Closing it closes the connection; it is also a context manager.

    Args:
        opened: the context manager that sent the upgrade request and yields the reply.
    """

    def __init__(self, opened: AbstractContextManager[httpx.Response]) -> None:
        self._opened = opened
        response = opened.__enter__()
        stream = response.extensions.get("network_stream")
        if response.status_code != 101 or stream is None:
            opened.__exit__(None, None, None)
            raise DockerException(
                f"the engine did not upgrade the connection (status {response.status_code})"
            )
        self.response = response
        self._stream: Any = stream
        self._closed = False

    def recv(self, n: int = 4096) -> bytes:
        """Read at most ``n`` bytes; ``b""`` at end of stream."""
        if self._closed:
            return b""
        try:
            return bytes(self._stream.read(n, timeout=None))
        except httpcore.ReadError:  # the connection was reset or closed under us
            return b""

    read = recv

    def sendall(self, data: bytes) -> None:
        """Write all of ``data`` (to the process's stdin)."""
        self._stream.write(bytes(data), timeout=None)

    def send(self, data: bytes) -> int:
        """Write ``data``; returns its length (everything is written)."""
        self.sendall(data)
        return len(data)

    write = send

    def _raw(self) -> socket_module.socket | None:
        raw = self._stream.get_extra_info("socket")
        return raw if isinstance(raw, socket_module.socket) else None

    def fileno(self) -> int:
        """The file descriptor of the underlying socket (for ``select``)."""
        raw = self._raw()
        if raw is None:
            raise OSError("this connection has no file descriptor")
        return raw.fileno()

    def shutdown_write(self) -> None:
        """Half-close: tell the engine stdin is finished, keep reading the output."""
        raw = self._raw()
        if raw is not None:
            raw.shutdown(socket_module.SHUT_WR)
            return
        # Streams without a socket (ssh://: the ssh process's pipes) offer their own.
        write_eof = self._stream.get_extra_info("write_eof")
        if not callable(write_eof):
            raise OSError("this connection cannot be half-closed")
        write_eof()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):
                self._stream.close()
            self._opened.__exit__(None, None, None)

    def __enter__(self) -> UpgradedSocket:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
