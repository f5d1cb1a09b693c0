"""Builds the async httpx transport for an engine address: unix socket, TCP, TLS and ssh
(the named pipe is Windows-only and sync-only for now).

Unix sockets go through a network backend of our own (as the sync client's
:mod:`dockersdk.transport._unix` does): anyio's ``connect_unix`` leaks its socket when the
connect is cancelled or times out, and waits out the connect timeout when the engine's
listen backlog is full, where the sync client (and the docker CLI) fail at once.
"""

from __future__ import annotations

import asyncio
import select
import socket
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

import httpcore
import httpx

from dockersdk.errors import InvalidArgument
from dockersdk.transport._core import default_timeouts, map_httpcore_exceptions
from dockersdk.transport._factory import Endpoint
from dockersdk.transport.ssladapter import SSLAdapter

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig

__all__ = ["make_async_transport"]

_KEEPALIVE = 32
_KEEPALIVE_EXPIRY = 5.0  # seconds an idle pooled connection is kept (httpx's default)


class _AsyncUnixStream(httpcore.AsyncNetworkStream):
    """One connected, non-blocking unix socket, read and written on the running loop."""

    def __init__(self, sock: socket.socket, path: str) -> None:
        self._sock = sock
        self._path = path

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        await asyncio.sleep(0)  # let other tasks run even when data never stops coming
        try:
            return self._sock.recv(max_bytes)  # the common case: the reply is already in
        except BlockingIOError:
            pass
        except OSError as exc:
            raise httpcore.ReadError(f"{self._path}: {exc.strerror or exc}") from exc
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.sock_recv(self._sock, max_bytes), timeout)
        except asyncio.TimeoutError as exc:  # before OSError: TimeoutError is one since 3.10
            raise httpcore.ReadTimeout(f"{self._path}: no reply within {timeout} s") from exc
        except OSError as exc:
            raise httpcore.ReadError(f"{self._path}: {exc.strerror or exc}") from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.sock_sendall(self._sock, buffer), timeout)
        except asyncio.TimeoutError as exc:
            raise httpcore.WriteTimeout(f"{self._path}: write timed out") from exc
        except OSError as exc:
            raise httpcore.WriteError(f"{self._path}: {exc.strerror or exc}") from exc

    async def aclose(self) -> None:
        self._sock.close()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError(f"{self._path}: TLS is not used over a unix socket")

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # An idle pooled connection that is readable was closed (or spoken to) by the
            # engine: httpcore then drops it instead of reusing it.
            if self._sock.fileno() < 0:
                return True
            poller = select.poll()
            poller.register(self._sock, select.POLLIN)
            return bool(poller.poll(0))
        return None


class _AsyncUnixBackend(httpcore.AsyncNetworkBackend):
    """Opens connections to one unix socket path, whatever host a request names.

    A unix-socket connect never blocks: it succeeds, or fails at once (``EAGAIN`` when the
    listen backlog is full, the engine accepting nothing), so no socket is left half-made.
    """

    def __init__(self, path: str) -> None:
        self.path = path

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setblocking(False)
            sock.connect(self.path)
        except OSError as exc:
            sock.close()
            raise httpcore.ConnectError(f"{self.path}: {exc.strerror or exc}") from exc
        except BaseException:
            sock.close()
            raise
        return _AsyncUnixStream(sock, self.path)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self.connect_unix_socket(self.path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _AsyncResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with map_httpcore_exceptions():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        with map_httpcore_exceptions():
            await self._stream.aclose()


class AsyncUnixTransport(httpx.AsyncBaseTransport):
    """The async httpx transport for an engine on a unix socket, pooled by httpcore.

    Args:
        path: the socket path.
        limits: the pool's size and keep-alive limits.
    """

    def __init__(self, path: str, limits: httpx.Limits) -> None:
        self.path = path
        self.pool = httpcore.AsyncConnectionPool(
            network_backend=_AsyncUnixBackend(path),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=_KEEPALIVE_EXPIRY,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection and return the streaming response."""
        extensions = dict(request.extensions)
        extensions.setdefault("timeout", default_timeouts(60))
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=extensions,
        )
        with map_httpcore_exceptions():
            response = await self.pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_AsyncResponseStream(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.pool.aclose()

    def __repr__(self) -> str:
        return f"AsyncUnixTransport({self.path!r})"


class _SNITransport(httpx.AsyncBaseTransport):
    """Checks the engine's certificate against (and sends as SNI) a name other than the
    URL's host: docker-py's string ``assert_hostname``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, hostname: str) -> None:
        self._inner = inner
        self._hostname = hostname

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions = {**request.extensions, "sni_hostname": self._hostname}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def make_async_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None = None, *, max_connections: int = 100
) -> httpx.AsyncBaseTransport:
    """A pooled async httpx transport for ``endpoint``; the TLS options mean what they mean
    for :func:`dockersdk.transport._factory.make_transport`.

    Raises:
        InvalidArgument: for ``npipe://`` (not available to the async client yet).
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=min(_KEEPALIVE, max_connections)
    )
    if endpoint.scheme == "unix":
        assert endpoint.path is not None
        return AsyncUnixTransport(endpoint.path, limits)
    if endpoint.scheme == "ssh":
        from dockersdk.aio._ssh import AsyncSSHTransport

        return AsyncSSHTransport(
            endpoint.address, max_connections=max_connections, max_keepalive=_KEEPALIVE
        )
    if endpoint.scheme == "npipe":
        raise InvalidArgument(
            f"{endpoint.address}: named pipes work with the sync client only for now; use "
            "dockersdk.DockerClient/APIClient on Windows"
        )
    if endpoint.scheme == "https":
        if tls is None or isinstance(tls, bool):
            adapter = SSLAdapter(verify=True)
        else:
            adapter = SSLAdapter(
                ssl_version=tls.ssl_version,
                assert_hostname=tls.assert_hostname,
                assert_fingerprint=tls.assert_fingerprint,
                tls_config=tls,
            )
        adapter.close()  # only its SSL context is used: the same checks as the sync client
        transport = httpx.AsyncHTTPTransport(verify=adapter.ssl_context, limits=limits)
        if isinstance(adapter.assert_hostname, str):
            return _SNITransport(transport, adapter.assert_hostname)
        return transport
    return httpx.AsyncHTTPTransport(limits=limits)
