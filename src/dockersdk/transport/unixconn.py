"""Unix socket transport: ``UnixAdapter`` (httpx), its pool, and an ``http.client`` connection."""

from __future__ import annotations

import http.client
import socket
from urllib.parse import unquote

import httpcore

from dockersdk._guards import is_str
from dockersdk.errors import InvalidArgument
from dockersdk.transport._core import PoolTransport, core_extensions, default_timeouts
from dockersdk.transport._unix import _UnixBackend  # pyright: ignore[reportPrivateUsage]

__all__ = [
    "UnixAdapter",
    "UnixHTTPAdapter",
    "UnixHTTPConnection",
    "UnixHTTPConnectionPool",
    "socket_path_from_url",
]

DEFAULT_NUM_POOLS = 25
DEFAULT_MAX_POOL_SIZE = 10
_SCHEMES = ("http+unix://", "unix://")


def socket_path_from_url(socket_url: str) -> str:
    """The socket path in ``http+unix://``, ``unix://`` or a bare path.

    A percent-encoded path (``http+unix://%2Fvar%2Frun%2Fdocker.sock``, as requests-unixsocket
    wrote it) is decoded; a relative one gets a leading ``/`` as in docker-py.

    Raises:
        InvalidArgument: no path, or another scheme.
    """
    if not is_str(socket_url):  # untyped callers
        raise InvalidArgument(f"socket_url must be a string, got {type(socket_url).__name__}")
    rest = socket_url
    for scheme in _SCHEMES:
        if rest.lower().startswith(scheme):
            rest = rest[len(scheme) :]
            break
    else:
        if "://" in rest:
            raise InvalidArgument(
                f"socket_url {socket_url!r} is not a unix socket URL "
                "(use http+unix:///path or unix:///path)"
            )
    path = unquote(rest)
    if not path.strip("/"):
        raise InvalidArgument(f"socket_url {socket_url!r} names no socket path")
    return path if path.startswith("/") else f"/{path}"


class UnixHTTPConnection(http.client.HTTPConnection):
    """One ``http.client`` connection to a Unix socket (docker-py's ``UnixHTTPConnection``).

    Args:
        base_url: the URL the connection was made for (kept for reference).
        unix_socket: the socket path, or an ``http+unix://``/``unix://`` URL.
        timeout: seconds for connect and each read.

    Example:
        >>> conn = UnixHTTPConnection("http+unix://", "/var/run/docker.sock")
        >>> conn.request("GET", "/_ping"); conn.getresponse().read()
        b'OK'
    """

    def __init__(self, base_url: str, unix_socket: str, timeout: float | None = 60) -> None:
        super().__init__("localhost", timeout=timeout)
        self.base_url = base_url
        self.unix_socket = socket_path_from_url(unix_socket)

    def connect(self) -> None:
        """Open the socket (``http.client`` calls this before the first request)."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.unix_socket)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class UnixHTTPConnectionPool(httpcore.ConnectionPool):
    """An httpcore pool of keep-alive HTTP/1.1 connections to one Unix socket.

    docker-py's ``UnixHTTPConnectionPool`` on httpcore: :class:`UnixAdapter` sends its
    requests through one, and it can be used directly with httpcore's API.

    Args:
        base_url: the URL the pool serves (kept for reference).
        socket_path: the socket path, or an ``http+unix://``/``unix://`` URL.
        timeout: seconds for each phase of a request that sets no ``timeout`` extension.
        maxsize: the most connections open at once.
        max_keepalive: idle connections kept for reuse (default: ``maxsize``).

    Example:
        >>> with UnixHTTPConnectionPool("http://docker", "/var/run/docker.sock") as pool:
        ...     pool.request("GET", "http://docker/_ping").content
        b'OK'
    """

    def __init__(
        self,
        base_url: str,
        socket_path: str,
        timeout: float | None = 60,
        maxsize: int = DEFAULT_MAX_POOL_SIZE,
        max_keepalive: int | None = None,
    ) -> None:
        self.base_url = base_url
        self.socket_path = socket_path_from_url(socket_path)
        self.timeout = timeout
        self.maxsize = maxsize
        super().__init__(
            uds=self.socket_path,
            network_backend=_UnixBackend(self.socket_path),  # closes a socket that fails
            max_connections=maxsize,
            max_keepalive_connections=maxsize if max_keepalive is None else max_keepalive,
        )

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send ``request`` (with this pool's timeouts unless it sets its own)."""
        extensions = core_extensions(request)
        if "timeout" not in extensions:
            request.extensions = {**extensions, "timeout": default_timeouts(self.timeout)}
        return super().handle_request(request)

    def __repr__(self) -> str:
        return f"UnixHTTPConnectionPool({self.socket_path!r}, maxsize={self.maxsize})"


class UnixAdapter(PoolTransport):
    """The httpx transport for an engine on a Unix socket (docker-py's ``UnixAdapter``).

    Use it as ``httpx.Client(transport=UnixAdapter(url), base_url="http://docker")``; the
    host in request URLs is ignored, every request goes to the socket.

    Args:
        socket_url: ``http+unix:///var/run/docker.sock``, ``unix://...``, a percent-encoded
            ``http+unix://%2F...`` or a bare path.
        timeout: seconds per request phase when the request sets none.
        num_pools: the most connections open to the socket at once (docker-py's pool
            count; a socket has one pool here).
        max_pool_size: idle connections kept for reuse.

    Attributes:
        socket_path: the socket's path.
        pool: the :class:`UnixHTTPConnectionPool` requests go through.

    Raises:
        InvalidArgument: ``socket_url`` names no socket.
    """

    def __init__(
        self,
        socket_url: str,
        timeout: float | None = 60,
        num_pools: int = DEFAULT_NUM_POOLS,
        *,
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
    ) -> None:
        self.socket_url = socket_url
        self.socket_path = socket_path_from_url(socket_url)
        self.num_pools = num_pools
        self.max_pool_size = max_pool_size
        pool = UnixHTTPConnectionPool(
            "http://docker",
            self.socket_path,
            timeout=timeout,
            maxsize=max(num_pools, 1),
            max_keepalive=min(max_pool_size, max(num_pools, 1)),
        )
        super().__init__(pool, timeout)

    def __repr__(self) -> str:
        return f"UnixAdapter({self.socket_url!r})"


#: docker-py's name for the Unix socket transport.
UnixHTTPAdapter = UnixAdapter
