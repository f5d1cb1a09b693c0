"""The async transports for TCP, TLS and ssh (the unix socket has its own,
:mod:`dockersdk.aio._lean`): :class:`~dockersdk.aio._pool.AsyncPoolTransport` over an
httpcore pool, which drops the connection of a close-delimited reply (an attach or exec stream)
when its body is over. Imported only when a client talks to one of those."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpcore
import httpx

from dockersdk.aio._pool import AsyncPoolTransport
from dockersdk.errors import InvalidArgument
from dockersdk.transport.ssladapter import SSLAdapter

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig
    from dockersdk.transport._factory import Endpoint

__all__ = ["httpx_transport"]

_KEEPALIVE = 32


def httpx_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None, max_connections: int
) -> httpx.AsyncBaseTransport:
    """A pooled async httpx transport for a TCP, TLS or ssh ``endpoint``; the TLS options
    mean what they mean for :func:`dockersdk.transport._factory.make_transport`.

    Raises:
        InvalidArgument: for ``npipe://`` (not available to the async client yet).
    """
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
