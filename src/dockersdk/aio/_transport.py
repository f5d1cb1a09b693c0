"""Builds the async transport for an engine address: unix socket, TCP, TLS and ssh (the
named pipe is Windows-only and sync-only for now).

Unix sockets go through :class:`~dockersdk.aio._lean.AsyncUnixSocketTransport` (its own
HTTP/1.1 over non-blocking sockets, no httpx: a connect never waits, a frozen engine's full
backlog fails at once, no socket leaks when a connect is cancelled); the others through
httpx transports over httpcore pools, imported only for them (:mod:`dockersdk.aio._httpx`;
the client adapts them to the core's messages, :mod:`dockersdk.aio._bridge`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersdk.transport._factory import Endpoint

if TYPE_CHECKING:
    import httpx

    from dockersdk.tls import TLSConfig
    from dockersdk.transport._messages import AsyncBaseTransport

__all__ = ["make_async_transport"]


def make_async_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None = None, *, max_connections: int = 100
) -> AsyncBaseTransport | httpx.AsyncBaseTransport:
    """A pooled async transport for ``endpoint``: the lean one for a unix socket, else an
    httpx transport; the TLS options mean what they mean for
    :func:`dockersdk.transport._factory.make_transport`.

    Raises:
        InvalidArgument: for ``npipe://`` (not available to the async client yet).
    """
    if endpoint.scheme == "unix":
        from dockersdk.aio._lean import AsyncUnixSocketTransport

        assert endpoint.path is not None
        return AsyncUnixSocketTransport(endpoint.path, max_connections=max_connections)
    from dockersdk.aio._httpx import httpx_transport

    return httpx_transport(endpoint, tls, max_connections)
