"""``AsyncPoolTransport``: an async httpx transport over an httpcore connection pool, by public
APIs only; the async twin of :class:`dockersdk.transport._core.PoolTransport`.

The async client's TCP, TLS and ssh transports are this over an
``httpcore.AsyncConnectionPool`` (a TLS context, or the ssh network backend). As in the
sync twin, a close-delimited reply (dockerd's hijacked ``attach`` and ``exec start``) ends
its connection when its body is over, instead of going back to the pool for the next
request (:mod:`dockersdk.transport._core` says why httpcore would reuse it).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

import httpcore
import httpx

from dockersdk.transport._core import (
    core_extensions,
    default_timeouts,
    ending_stream,
    map_httpcore_exceptions,
)

__all__ = ["AsyncPoolTransport"]


class _AsyncResponseStream(httpx.AsyncByteStream):
    """httpcore's body as httpx's, with httpcore's errors mapped to httpx's.

    Args:
        stream: httpcore's response stream.
        ending: a ``network_stream`` to close when the body is over (read to its end, or
            the reply closed): the connection of a close-delimited reply.
    """

    def __init__(self, stream: AsyncIterable[bytes], ending: Any = None) -> None:
        self._stream = stream
        self._ending = ending

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with map_httpcore_exceptions():
            async for chunk in self._stream:
                yield chunk
        await self._end_connection()

    async def _end_connection(self) -> None:
        ending, self._ending = self._ending, None
        if ending is not None:
            with map_httpcore_exceptions():
                await ending.aclose()

    async def aclose(self) -> None:
        # Before httpcore's close: the pool then finds the connection closed and drops it.
        await self._end_connection()
        aclose = getattr(self._stream, "aclose", None)
        if aclose is not None:
            with map_httpcore_exceptions():
                await aclose()


class AsyncPoolTransport(httpx.AsyncBaseTransport):
    """An async httpx transport that sends each request through ``pool``.

    Args:
        pool: an ``httpcore.AsyncConnectionPool`` (or anything with its
            ``handle_async_request``/``aclose``).
        timeout: seconds for each phase of a request that carries no ``timeout`` extension
            (``httpx.AsyncClient`` always sets one; direct calls may not).
        sni_hostname: check the engine's certificate against (and send as SNI) this name
            instead of the URL's host: docker-py's string ``assert_hostname``.
    """

    def __init__(
        self,
        pool: httpcore.AsyncConnectionPool,
        timeout: float | None = 60,
        *,
        sni_hostname: str | None = None,
    ) -> None:
        self.pool = pool
        self.timeout = timeout
        self.sni_hostname = sni_hostname

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection and return the streaming response."""
        extensions = dict(request.extensions)
        extensions.setdefault("timeout", default_timeouts(self.timeout))
        if self.sni_hostname is not None:
            extensions["sni_hostname"] = self.sni_hostname
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
        assert isinstance(response.stream, AsyncIterable)
        replied = core_extensions(response)
        ending = ending_stream(request.method, response.status, response.headers, replied)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_AsyncResponseStream(response.stream, ending),
            extensions=replied,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.pool.aclose()
