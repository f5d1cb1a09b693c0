"""Chooses and builds the transport for an engine address (unix, TCP, TLS, ssh, npipe).

A unix socket gets the lean transport (no httpx); the others get httpx transports, imported
only for them (the client adapts them to the core's messages, :mod:`dockersdk.transport._bridge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockersdk.errors import InvalidArgument

if TYPE_CHECKING:
    import httpx

    from dockersdk.tls import TLSConfig
    from dockersdk.transport._messages import BaseTransport

DEFAULT_UNIX_SOCKET = "/var/run/docker.sock"


@dataclass(frozen=True)
class Endpoint:
    """Where an engine listens, resolved from a ``base_url``.

    Attributes:
        address: the address as users wrote it, for error messages.
        scheme: ``unix``, ``http``, ``https``, ``ssh`` or ``npipe``.
        path: the socket path for ``unix``, the pipe URL for ``npipe``.
        url: the base URL httpx requests go to.
    """

    address: str
    scheme: str
    path: str | None
    url: str


def resolve_endpoint(base_url: str | None, tls: bool | TLSConfig | None = None) -> Endpoint:
    """Resolve ``base_url`` (``unix://``, ``tcp://``, ``http(s)://``, ``ssh://``,
    ``npipe://``) to an :class:`Endpoint`.

    Raises:
        InvalidArgument: for an address dockersdk cannot use.
    """
    address = base_url or f"unix://{DEFAULT_UNIX_SOCKET}"
    if address.startswith("/"):
        address = f"unix://{address}"
    scheme, sep, rest = address.partition("://")
    if not sep:
        raise InvalidArgument(
            f"base_url {address!r} has no scheme: use unix:///path/docker.sock or tcp://host:port"
        )
    scheme = scheme.lower()
    if scheme in ("unix", "http+unix"):
        path = "/" + rest.lstrip("/") if rest else DEFAULT_UNIX_SOCKET
        return Endpoint(address, "unix", path, "http://docker")
    if scheme in ("tcp", "http", "https"):
        if not rest:
            raise InvalidArgument(f"base_url {address!r} names no host")
        use_tls = scheme == "https" or bool(tls)
        return Endpoint(
            address,
            "https" if use_tls else "http",
            None,
            f"{'https' if use_tls else 'http'}://{rest.rstrip('/')}",
        )
    if scheme == "ssh":
        from dockersdk.transport.sshconn import SSHTarget

        SSHTarget(address)  # validates: raises InvalidArgument for a malformed address
        return Endpoint(address, "ssh", None, "http://docker")
    if scheme == "npipe":
        return Endpoint(address, "npipe", address, "http://docker")
    raise InvalidArgument(
        f"base_url {address!r}: the {scheme!r} transport is not supported by this version of "
        "dockersdk; use unix://, tcp://, http://, https://, ssh:// or npipe://"
    )


def make_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None = None, *, max_connections: int = 100
) -> BaseTransport | httpx.BaseTransport:
    """A pooled transport for ``endpoint``: the lean one for a unix socket, else an httpx
    transport.

    ``https`` goes through :class:`SSLAdapter` with the ``TLSConfig``'s own trust anchors
    (``REQUESTS_CA_BUNDLE``, ``SSL_CERT_FILE``... never override a configured CA), its
    ``assert_hostname`` and ``assert_fingerprint``; ``tls=True`` means the system CAs.
    ``ssh`` spawns one ``ssh ... docker system dial-stdio`` per pooled connection.
    Every kind but ``unix`` is a :class:`~dockersdk.transport._core.PoolTransport`, which
    drops the connection of a close-delimited reply (an attach or exec stream) when its
    body is over.
    """
    if endpoint.scheme == "unix":
        from dockersdk.transport._lean import UnixSocketTransport

        assert endpoint.path is not None
        return UnixSocketTransport(endpoint.path, max_connections=max_connections)

    from dockersdk.transport.npipeconn import NpipeAdapter
    from dockersdk.transport.sshconn import SSHHTTPAdapter
    from dockersdk.transport.ssladapter import SSLAdapter

    if endpoint.scheme == "ssh":
        return SSHHTTPAdapter(endpoint.address, maxsize=max_connections, max_pool_size=32)
    if endpoint.scheme == "npipe":
        assert endpoint.path is not None
        return NpipeAdapter(endpoint.path, num_pools=max_connections)
    if endpoint.scheme == "https":
        pool_args: dict[str, Any] = {"num_pools": max_connections, "max_pool_size": 32}
        if tls is None or isinstance(tls, bool):
            return SSLAdapter(verify=True, **pool_args)
        return SSLAdapter(
            ssl_version=tls.ssl_version,
            assert_hostname=tls.assert_hostname,
            assert_fingerprint=tls.assert_fingerprint,
            tls_config=tls,
            **pool_args,
        )
    import httpcore

    from dockersdk.transport._core import PoolTransport

    pool = httpcore.ConnectionPool(
        max_connections=max_connections, max_keepalive_connections=min(32, max_connections)
    )
    return PoolTransport(pool)
