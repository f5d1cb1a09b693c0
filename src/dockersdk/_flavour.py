"""What the sync client does differently from the async one, by hand; everything else is the
sync twin generated from ``dockersdk/aio/`` (see ``codegen/unasync.py``).

Each name here has an ``Async`` twin in ``dockersdk/aio/_flavour.py`` that the rewrite maps
onto it (``AsyncLock`` → ``Lock``, ``async_upload_content`` → ``upload_content``...).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["Finalizer", "Lock", "VersionAccess", "load_lazily", "upload_content"]

#: The lock guarding one-time work such as version negotiation.
Lock = threading.Lock


class Finalizer:
    """Closes an object that owns a connection when it is garbage-collected unclosed."""

    def close(self) -> None:
        raise NotImplementedError

    def __del__(self) -> None:
        # At interpreter teardown there is nobody left to report a failed close to.
        with contextlib.suppress(Exception):
            self.close()


class VersionAccess:
    """``api_version`` as docker-py has it: a property, negotiated on first access."""

    _negotiated: str | None
    _requested_version: str | None

    def _ensure_version(self) -> str:
        raise NotImplementedError

    @property
    def _version(self) -> str:
        """docker-py's attribute: the version in use, negotiated when first read (docker-py
        negotiates ``version='auto'`` when the client is made; dockersdk waits for this or
        the first call)."""
        return self._ensure_version()

    @property
    def api_version(self) -> str:
        """The API version in use, negotiated with the engine on first use if needed."""
        return self._ensure_version()

    @property
    def _version_hint(self) -> str | None:
        """The version builders check their fields against: a pinned one as is (no
        request: builders validate offline), else negotiated if need be."""
        return self._negotiated or self._requested_version or self._ensure_version()


def load_lazily(model: Any) -> None:
    """``attrs`` of an object built from a list entry (or ``client.swarm``): fetched on
    first access."""
    model._load_first()


def upload_content(data: Any) -> bytes | Iterator[bytes] | Iterable[bytes]:
    """A request body from bytes, text, a binary file object or an iterable of chunks
    (see :func:`dockersdk.api._core.upload_content`).

    Imported on call: ``dockersdk.api`` imports this module, so a module-level import would
    be circular when ``dockersdk.resources`` is the first thing a program imports.
    """
    from dockersdk.api._core import upload_content as core_upload_content

    return core_upload_content(data)
