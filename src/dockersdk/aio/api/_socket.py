"""The raw, bidirectional connection left after a ``101 UPGRADED`` reply (attach, exec), and
the WebSocket over one (``attach_socket(ws=True)``).

The transport hands the upgraded connection over as the ``network_stream`` response
extension (httpx's name for it); :class:`AsyncUpgradedSocket` wraps it with the socket-like
methods docker-py users call (``recv``/``read``, ``sendall``/``write``, ``close``) plus a
write half-close, so ``dockersdk.utils.socket.frames_iter`` reads it like docker-py's socket.
"""

from __future__ import annotations

import contextlib
import socket as socket_module
import struct
import sys
from collections import deque
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

from dockersdk.aio._flavour import AsyncFinalizer
from dockersdk.errors import DockerException
from dockersdk.transport._messages import ReadError, Response
from dockersdk.utils.websocket import (
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    FrameParser,
    WebSocketError,
    accept_value,
    encode_frame,
)


class AsyncUpgradedSocket(AsyncFinalizer):
    """A socket-like object over an upgraded attach/exec connection.

    Reads block until data arrives (no read timeout); ``b""`` means the engine closed
    its side. Closing it closes the connection; it is also a context manager. Made by
    :meth:`open`, which sends the upgrade request.

    Args:
        opened: the context manager that sent the upgrade request, already entered.
        response: the ``101`` reply it yielded.
    """

    def __init__(self, opened: AbstractAsyncContextManager[Response], response: Response) -> None:
        self._opened = opened
        self.response = response
        self._stream: Any = response.extensions["network_stream"]
        self._closed = False

    @classmethod
    async def open(cls, opened: AbstractAsyncContextManager[Response]) -> AsyncUpgradedSocket:
        """Send the upgrade request of ``opened``; the socket over the upgraded connection.

        Raises:
            DockerException: the engine answered without upgrading the connection.
        """
        response = await opened.__aenter__()
        if response.status_code != 101 or "network_stream" not in response.extensions:
            await opened.__aexit__(None, None, None)
            raise DockerException(
                f"the engine did not upgrade the connection (status {response.status_code})"
            )
        return cls(opened, response)

    async def recv(self, n: int = 4096) -> bytes:
        """Read at most ``n`` bytes; ``b""`` at end of stream."""
        if self._closed:
            return b""
        try:
            return bytes(await self._stream.read(n, timeout=None))
        except ReadError:  # the connection was reset or closed under us
            return b""

    read = recv

    async def sendall(self, data: bytes) -> None:
        """Write all of ``data`` (to the process's stdin)."""
        await self._stream.write(bytes(data), timeout=None)

    async def send(self, data: bytes) -> int:
        """Write ``data``; returns its length (everything is written)."""
        await self.sendall(data)
        return len(data)

    write = send

    def _raw(self) -> Any:
        """The connection's socket: a ``socket.socket`` (an ``ssl.SSLSocket`` over TLS for
        the sync client) or asyncio's ``TransportSocket``; None without one (ssh://)."""
        raw = self._stream.get_extra_info("socket")
        return raw if callable(getattr(raw, "fileno", None)) else None

    @property
    def _sock(self) -> Any:
        """The socket under the connection, where docker-py code reaches for it
        (``sock._sock.sendall(...)``); this object itself where there is none (ssh://).

        Reading or writing it directly bypasses this object: bytes already read past the
        upgrade reply are not there.
        """
        raw = self._raw()
        return raw if raw is not None else self

    def fileno(self) -> int:
        """The file descriptor of the underlying socket (for ``select``)."""
        raw = self._raw()
        if raw is None:
            raise OSError("this connection has no file descriptor")
        return int(raw.fileno())

    def shutdown_write(self) -> None:
        """Half-close: tell the engine stdin is finished, keep reading the output.

        Over TLS this ends the TCP connection's write side under the TLS session (the
        engine reads the end of stdin at a record boundary, as from a TLS close_notify);
        the session itself stays whole for reading the rest of the output.
        """
        raw = self._raw()
        ssl = sys.modules.get("ssl")  # not imported for it: without ssl, no SSLSocket either
        if ssl is not None and isinstance(raw, ssl.SSLSocket):
            # SSLSocket.shutdown() would also drop the TLS session: what is read after it
            # would be raw TLS records. The plain socket's shutdown leaves the session be.
            socket_module.socket.shutdown(raw, socket_module.SHUT_WR)
            return
        if raw is not None and callable(getattr(raw, "shutdown", None)):
            # All that was written is with the kernel by now: the sync streams write
            # through, the async ones (anyio's) return from a write once it is flushed.
            raw.shutdown(socket_module.SHUT_WR)
            return
        # Streams without a socket (ssh://: the ssh process's pipes) offer their own.
        write_eof = self._stream.get_extra_info("write_eof")
        if not callable(write_eof):
            raise OSError("this connection cannot be half-closed")
        write_eof()

    async def aclose(self) -> None:
        """Close the connection (idempotent); a ``recv`` waiting in another thread or task
        returns ``b""``."""
        if not self._closed:
            self._closed = True
            raw = self._raw()
            if raw is not None:  # wake a reader blocked on it (closing alone would not)
                with contextlib.suppress(OSError):
                    raw.shutdown(socket_module.SHUT_RDWR)
            with contextlib.suppress(Exception):
                await self._stream.aclose()
            await self._opened.__aexit__(None, None, None)

    async def __aenter__(self) -> AsyncUpgradedSocket:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class AsyncWebSocket(AsyncFinalizer):
    """A WebSocket over an upgraded attach connection (``attach_socket(ws=True)``), with the
    methods of docker-py's websocket object: ``recv``, ``send``, ``close``.

    Each ``recv`` returns one message of the container's output (stdout and stderr are not
    multiplexed here); pings are answered. Made by :meth:`open`.

    Args:
        opened: the context manager that sent the upgrade request, already entered.
        response: the ``101`` reply it yielded.
    """

    def __init__(self, opened: AbstractAsyncContextManager[Response], response: Response) -> None:
        self._opened = opened
        self.response = response
        self._stream: Any = response.extensions["network_stream"]
        self._parser = FrameParser()
        self._messages: deque[bytes] = deque()
        self._peer_closed = False
        self._closed = False

    @classmethod
    async def open(cls, opened: AbstractAsyncContextManager[Response], key: str) -> AsyncWebSocket:
        """Send the WebSocket upgrade request of ``opened`` (made with ``key``).

        Raises:
            DockerException: the engine answered without upgrading the connection.
            WebSocketError: its ``Sec-WebSocket-Accept`` does not match ``key``.
        """
        response = await opened.__aenter__()
        if response.status_code != 101 or "network_stream" not in response.extensions:
            await opened.__aexit__(None, None, None)
            raise DockerException(
                f"the engine did not upgrade to a WebSocket (status {response.status_code})"
            )
        if response.headers.get("sec-websocket-accept") != accept_value(key):
            await opened.__aexit__(None, None, None)
            raise WebSocketError("the engine's Sec-WebSocket-Accept does not match the key sent")
        return cls(opened, response)

    async def recv(self) -> bytes:
        """The next message; ``b""`` once the engine closed the WebSocket."""
        while not self._messages:
            if self._closed or self._peer_closed:
                return b""
            try:
                data = bytes(await self._stream.read(64 * 1024, timeout=None))
            except ReadError:
                data = b""
            if not data:
                self._peer_closed = True
                return b""
            for message in self._parser.feed(data):
                if message.opcode == OP_PING:
                    await self._write(encode_frame(OP_PONG, message.data))
                elif message.opcode == OP_CLOSE:
                    self._peer_closed = True
                elif message.opcode != OP_PONG:
                    self._messages.append(message.data)
        return self._messages.popleft()

    async def send(self, data: bytes | str) -> None:
        """Send ``data`` to the container's stdin (text as a text message)."""
        if isinstance(data, str):
            await self._write(encode_frame(OP_TEXT, data.encode("utf-8")))
        else:
            await self._write(encode_frame(OP_BINARY, bytes(data)))

    async def _write(self, frame: bytes) -> None:
        await self._stream.write(frame, timeout=None)

    async def aclose(self) -> None:
        """Say goodbye (a close frame) and close the connection (idempotent)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            await self._write(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
        with contextlib.suppress(Exception):
            await self._stream.aclose()
        await self._opened.__aexit__(None, None, None)

    async def __aenter__(self) -> AsyncWebSocket:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
