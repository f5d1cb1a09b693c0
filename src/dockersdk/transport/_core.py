"""``PoolTransport``: an httpx transport over an httpcore connection pool, by public APIs only.

httpx's own ``HTTPTransport`` builds its pool privately; the adapters here hold theirs
(``adapter.pool``) so a connection kind is just a pool: a Unix socket path, a named-pipe
network backend, a TLS context, plain TCP. Responses keep httpcore's extensions
(``network_stream`` for 101 upgrades), and httpcore errors become the httpx errors
``HTTPTransport`` raises.

A reply whose body ends when the engine closes the connection (:func:`close_delimited`:
dockerd's hijacked ``attach`` and ``exec start`` without ``Upgrade``) ends its connection:
when the body is over, the transport closes the reply's ``network_stream``, so the pool
drops the connection instead of reusing it. h11 does not disable keep-alive for such a
reply, so httpcore would put the connection back in its pool and rely on the socket
turning readable (the engine's FIN) to notice it is gone. Over TLS dockerd ends the body
with a TLS close_notify and keeps the TCP connection open, so the next request would be
written into the dead connection and fail with h11's "can't handle event type
ConnectionClosed when role=SERVER and state=SEND_RESPONSE".
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import httpcore
import httpx

__all__ = [
    "PoolTransport",
    "close_delimited",
    "default_timeouts",
    "ending_stream",
    "map_httpcore_exceptions",
]

#: Statuses whose replies never carry a body (RFC 9110, section 15: 1xx, 204, 304).
_BODILESS = frozenset({204, 304})

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


def close_delimited(
    method: bytes | str, status: int, headers: Sequence[tuple[bytes, bytes]]
) -> bool:
    """Whether a reply's body ends only when the engine closes the connection.

    RFC 9112, section 6.3: a reply that may have a body (not to ``HEAD``, not 1xx, 204 or
    304) with neither ``Transfer-Encoding`` nor ``Content-Length``. dockerd answers
    ``attach`` and ``exec start`` without ``Upgrade`` so (``200 OK`` with
    ``Content-Type: application/vnd.docker.raw-stream``, then the raw stream), and the
    connection cannot carry another request after it.

    Args:
        method: the request's method.
        status: the reply's status.
        headers: the reply's raw headers (any case).
    """
    verb = method.encode() if isinstance(method, str) else method
    if verb.upper() == b"HEAD" or status < 200 or status in _BODILESS:
        return False
    names = {name.lower() for name, _ in headers}
    return b"content-length" not in names and b"transfer-encoding" not in names


def ending_stream(
    method: bytes | str,
    status: int,
    headers: Sequence[tuple[bytes, bytes]],
    extensions: Mapping[str, Any],
) -> Any:
    """The ``network_stream`` to close once the body of this reply is over: the reply's own
    when :func:`close_delimited`, else None (a ``101`` reply's stream is its caller's)."""
    if not close_delimited(method, status, headers):
        return None
    return extensions.get("network_stream")


class _ResponseStream(httpx.SyncByteStream):
    """httpcore's body as httpx's, with httpcore's errors mapped to httpx's.

    Args:
        stream: httpcore's response stream.
        ending: a ``network_stream`` to close when the body is over (read to its end, or
            the reply closed): the connection of a close-delimited reply.
    """

    def __init__(self, stream: Iterable[bytes], ending: Any = None) -> None:
        self._stream = stream
        self._ending = ending

    def __iter__(self) -> Iterator[bytes]:
        with map_httpcore_exceptions():
            yield from self._stream
        self._end_connection()

    def _end_connection(self) -> None:
        ending, self._ending = self._ending, None
        if ending is not None:
            with map_httpcore_exceptions():
                ending.close()

    def close(self) -> None:
        # Before httpcore's close: the pool then finds the connection closed and drops it.
        self._end_connection()
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _Extended(Protocol):
    @property
    def extensions(self) -> Mapping[str, Any]: ...


def core_extensions(message: _Extended) -> Mapping[str, Any]:
    """The ``extensions`` of an httpcore request or response, typed (httpcore declares the
    attribute by its ``{}`` default, which type checkers read as a dict of unknown types)."""
    return message.extensions


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
        replied = core_extensions(response)
        ending = ending_stream(request.method, response.status, response.headers, replied)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream, ending),
            extensions=replied,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool.close()
