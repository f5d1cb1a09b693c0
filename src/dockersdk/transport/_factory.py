"""Chooses and builds the httpx transport for an engine address (unix socket, TCP, TLS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from dockersdk.errors import InvalidArgument
from dockersdk.transport.unixconn import UnixAdapter

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig

DEFAULT_UNIX_SOCKET = "/var/run/docker.sock"


@dataclass(frozen=True)
class Endpoint:
    """Where an engine listens, resolved from a ``base_url``.

    Attributes:
        address: the address as users wrote it, for error messages.
        scheme: ``unix``, ``http`` or ``https``.
        path: the socket path for ``unix``.
        url: the base URL httpx requests go to.
    """

    address: str
    scheme: str
    path: str | None
    url: str


def resolve_endpoint(base_url: str | None, tls: bool | TLSConfig | None = None) -> Endpoint:
    """Resolve ``base_url`` (``unix://``, ``tcp://``, ``http(s)://``) to an :class:`Endpoint`.

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
    raise InvalidArgument(
        f"base_url {address!r}: the {scheme!r} transport is not supported by this version of "
        "dockersdk; use unix://, tcp://, http:// or https://"
    )


def make_transport(
    endpoint: Endpoint, tls: bool | TLSConfig | None = None, *, max_connections: int = 100
) -> httpx.BaseTransport:
    """A pooled httpx transport for ``endpoint``."""
    if endpoint.scheme == "unix":
        assert endpoint.path is not None
        return UnixAdapter(endpoint.path, num_pools=max_connections, max_pool_size=32)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=32)
    kwargs: dict[str, Any] = {"limits": limits}
    if endpoint.scheme == "https":
        kwargs["verify"] = (
            tls.ssl_context() if tls is not None and not isinstance(tls, bool) else True
        )
    return httpx.HTTPTransport(**kwargs)
