"""``AsyncHttpxTransport``: an httpx transport behind the core's own messages.

TCP, TLS, ssh and named pipes go through httpx transports (httpcore pools with dockersdk's
network backends), and a caller may pass any httpx transport as ``transport=`` (tests pass
``httpx.MockTransport``). The core speaks :mod:`dockersdk.transport._messages`; this is
where the two meet: a :class:`~dockersdk.transport._messages.Request` becomes an
``httpx.Request``, the ``httpx.Response`` becomes a
:class:`~dockersdk.transport._messages.Response` whose body streams from it (decoded by
httpx). httpx's errors pass through unchanged (the client translates them, naming the
engine); the connection after a ``101`` upgrade raises the core's ``ReadError`` and
``WriteError`` as the unix transport's does.

The sync ``HttpxTransport`` (:mod:`dockersdk.transport._bridge`) is generated from this file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

import httpcore
import httpx

from dockersdk.transport._messages import (
    AsyncBaseTransport,
    Headers,
    ReadError,
    Request,
    Response,
    WriteError,
)

__all__ = ["AsyncHttpxTransport"]


@lru_cache(maxsize=2048)
def _url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, remembered: parsing and validating a URL costs about what a
    small call does, and calls repeat (the same object inspected, listed...)."""
    return httpx.URL(url)


class _AsyncNetworkStream:
    """The connection after a ``101`` reply, as httpcore hands it over, raising the core's
    ``ReadError``/``WriteError`` for httpcore's."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data: bytes = await self._inner.read(max_bytes, timeout)
        except httpcore.ReadError as exc:
            raise ReadError(str(exc)) from exc
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._inner.write(buffer, timeout)
        except httpcore.WriteError as exc:
            raise WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def __getattr__(self, name: str) -> Any:  # anything else the stream offers
        return getattr(self._inner, name)


class _AsyncBody:
    """The body of an ``httpx.Response``, decoded by httpx as it arrives."""

    def __init__(self, reply: httpx.Response) -> None:
        self._reply = reply

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._reply.aiter_bytes():
            yield chunk

    async def aclose(self) -> None:
        await self._reply.aclose()


class AsyncHttpxTransport(AsyncBaseTransport):
    """The core's transport interface over an httpx transport.

    Args:
        inner: the httpx transport requests go through.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: Request) -> Response:
        """Send ``request`` through the httpx transport; the reply's body streams from it.

        Raises:
            httpx.TransportError: as the httpx transport raises them.
        """
        body = request.content if request.content is not None else request.stream
        outgoing = httpx.Request(
            request.method,
            _url(str(request.url)),
            headers=request.headers,
            content=body,
            extensions=request.extensions,
        )
        reply = await self.inner.handle_async_request(outgoing)
        reply.request = outgoing
        extensions = dict(reply.extensions)
        stream = extensions.get("network_stream")
        if stream is not None:
            extensions["network_stream"] = _AsyncNetworkStream(stream)
        return Response(
            reply.status_code,
            Headers(reply.headers.raw),
            stream=_AsyncBody(reply),
            reason_phrase=reply.reason_phrase,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()

    def __repr__(self) -> str:
        return f"AsyncHttpxTransport({self.inner!r})"
