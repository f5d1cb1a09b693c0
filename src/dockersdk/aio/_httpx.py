"""The async httpx transports: TCP, TLS and ssh (the unix socket has its own,
:mod:`dockersdk.aio._lean`). Imported only when a client talks to one of those."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from dockersdk.errors import InvalidArgument
from dockersdk.transport.ssladapter import SSLAdapter

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig
    from dockersdk.transport._factory import Endpoint

__all__ = ["httpx_transport"]

_KEEPALIVE = 32


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


def httpx_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None, max_connections: int
) -> httpx.AsyncBaseTransport:
    """A pooled async httpx transport for a TCP, TLS or ssh ``endpoint``; the TLS options
    mean what they mean for :func:`dockersdk.transport._factory.make_transport`.

    Raises:
        InvalidArgument: for ``npipe://`` (not available to the async client yet).
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=min(_KEEPALIVE, max_connections)
    )
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
