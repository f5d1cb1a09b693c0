"""docker-py's ``docker.transport.basehttpadapter``: the base of every transport."""

from __future__ import annotations

from dockersdk.transport._core import PoolTransport

__all__ = ["BaseHTTPAdapter"]

#: docker-py's name for the base transport: here an httpx transport over an httpcore pool,
#: not a ``requests`` adapter.
BaseHTTPAdapter = PoolTransport
