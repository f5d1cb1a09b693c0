"""httpx transports, one per connection kind, under docker-py's adapter names.

- :class:`UnixAdapter`: a Unix socket (``unix://``, ``http+unix://``), through a
  :class:`UnixHTTPConnectionPool`; :class:`UnixHTTPConnection` is the same for
  ``http.client``.
- :class:`NpipeAdapter`: a Windows named pipe (``npipe://``), a custom network backend.
- :class:`SSLAdapter`: TLS with docker-py's ``ssl_version``, ``assert_hostname`` and
  ``assert_fingerprint``.
- :class:`SSHHTTPAdapter`: ``ssh://``, one system ``ssh ... docker system dial-stdio``
  process per pooled connection.

docker-py's adapter names (``UnixHTTPAdapter``, ``NpipeHTTPAdapter``, ``BaseHTTPAdapter``)
name the same classes.

Each is an ``httpx.BaseTransport``: ``httpx.Client(transport=UnixAdapter(url),
base_url="http://docker")``. They load on first use: the clients' own unix-socket
transport (:mod:`dockersdk.transport._lean`) lives in this package too and needs no httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersdk.transport._core import PoolTransport
    from dockersdk.transport.basehttpadapter import BaseHTTPAdapter
    from dockersdk.transport.npipeconn import NpipeAdapter, NpipeHTTPAdapter
    from dockersdk.transport.sshconn import SSHHTTPAdapter
    from dockersdk.transport.ssladapter import SSLAdapter
    from dockersdk.transport.unixconn import (
        UnixAdapter,
        UnixHTTPAdapter,
        UnixHTTPConnection,
        UnixHTTPConnectionPool,
    )

__all__ = [
    "BaseHTTPAdapter",
    "NpipeAdapter",
    "NpipeHTTPAdapter",
    "PoolTransport",
    "SSHHTTPAdapter",
    "SSLAdapter",
    "UnixAdapter",
    "UnixHTTPAdapter",
    "UnixHTTPConnection",
    "UnixHTTPConnectionPool",
]

_MODULES = {
    "BaseHTTPAdapter": "basehttpadapter",
    "NpipeAdapter": "npipeconn",
    "NpipeHTTPAdapter": "npipeconn",
    "PoolTransport": "_core",
    "SSHHTTPAdapter": "sshconn",
    "SSLAdapter": "ssladapter",
    "UnixAdapter": "unixconn",
    "UnixHTTPAdapter": "unixconn",
    "UnixHTTPConnection": "unixconn",
    "UnixHTTPConnectionPool": "unixconn",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        try:
            module = _MODULES[name]
        except KeyError:
            raise AttributeError(
                f"module 'dockersdk.transport' has no attribute {name!r}"
            ) from None
        value = getattr(importlib.import_module(f"dockersdk.transport.{module}"), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
