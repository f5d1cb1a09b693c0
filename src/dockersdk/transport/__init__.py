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
base_url="http://docker")``.
"""

from __future__ import annotations

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
