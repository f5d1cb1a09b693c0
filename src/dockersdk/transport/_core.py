"""``PoolTransport``: an httpx transport over an httpcore connection pool, by public APIs only.

httpx's own ``HTTPTransport`` builds its pool privately; the adapters here hold theirs
(``adapter.pool``) so a connection kind is just a pool: a Unix socket path, a named-pipe
network backend, a TLS context. Responses keep httpcore's extensions (``network_stream``
for 101 upgrades), and httpcore errors become the httpx errors ``HTTPTransport`` raises.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

__all__ = ["PoolTransport", "default_timeouts", "map_httpcore_exceptions"]

# Most specific first: the first match wins.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def map_httpcore_exceptions() -> Generator[None, None, None]:
    """Re-raise httpcore's exceptions as the matching httpx ones (``from`` the original)."""
    try:
        yield
    except Exception as exc:
        for source, target in _EXCEPTIONS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


def default_timeouts(timeout: float | None) -> dict[str, float | None]:
    """httpcore's ``timeout`` extension with every phase set to ``timeout`` seconds."""
    return {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with map_httpcore_exceptions():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class PoolTransport(httpx.BaseTransport):
    """An httpx transport that sends each request through ``pool``.

    Args:
        pool: an httpcore connection pool (or anything with httpcore's
            ``handle_request``/``close``).
        timeout: seconds for each phase of a request that carries no ``timeout`` extension
            (``httpx.Client`` always sets one; direct ``handle_request`` calls may not).
    """

    def __init__(self, pool: httpcore.ConnectionPool, timeout: float | None = 60) -> None:
        self.pool = pool
        self.timeout = timeout

    def _extensions(self, request: httpx.Request) -> dict[str, Any]:
        extensions = dict(request.extensions)
        extensions.setdefault("timeout", default_timeouts(self.timeout))
        return extensions

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection and return the streaming response."""
        assert isinstance(request.stream, httpx.SyncByteStream)
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
            extensions=self._extensions(request),
        )
        with map_httpcore_exceptions():
            response = self.pool.handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool.close()
