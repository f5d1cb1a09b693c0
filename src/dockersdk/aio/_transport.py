"""Builds the async httpx transport for an engine address: unix socket, TCP, TLS and ssh
(the named pipe is Windows-only and sync-only for now).

Unix sockets go through :class:`~dockersdk.aio._lean.AsyncUnixSocketTransport` (its own
HTTP/1.1 over non-blocking sockets: a connect never waits, a frozen engine's full backlog
fails at once, no socket leaks when a connect is cancelled). TCP, TLS and ssh go through
:class:`~dockersdk.aio._pool.AsyncPoolTransport` over an httpcore pool, which drops the
connection of a close-delimited reply (an attach or exec stream) when its body is over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpcore
import httpx

from dockersdk.aio._pool import AsyncPoolTransport
from dockersdk.errors import InvalidArgument
from dockersdk.transport._factory import Endpoint
from dockersdk.transport.ssladapter import SSLAdapter

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig

__all__ = ["make_async_transport"]

_KEEPALIVE = 32


def make_async_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None = None, *, max_connections: int = 100
) -> httpx.AsyncBaseTransport:
    """A pooled async httpx transport for ``endpoint``; the TLS options mean what they mean
    for :func:`dockersdk.transport._factory.make_transport`.

    Raises:
        InvalidArgument: for ``npipe://`` (not available to the async client yet).
    """
    if endpoint.scheme == "unix":
        from dockersdk.aio._lean import AsyncUnixSocketTransport

        assert endpoint.path is not None
        return AsyncUnixSocketTransport(endpoint.path, max_connections=max_connections)
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
        pool = httpcore.AsyncConnectionPool(
            ssl_context=adapter.ssl_context,
            max_connections=max_connections,
            max_keepalive_connections=min(_KEEPALIVE, max_connections),
        )
        sni = adapter.assert_hostname if isinstance(adapter.assert_hostname, str) else None
        return AsyncPoolTransport(pool, sni_hostname=sni)
    pool = httpcore.AsyncConnectionPool(
        max_connections=max_connections,
        max_keepalive_connections=min(_KEEPALIVE, max_connections),
    )
    return AsyncPoolTransport(pool)
