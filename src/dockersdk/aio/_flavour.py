"""What the async client does differently from the sync one, by hand; each name here maps onto
its twin in ``dockersdk/_flavour.py`` when ``codegen/unasync.py`` writes the sync client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

from dockersdk.api._core import SizedChunks, upload_content
from dockersdk.errors import DockerException

__all__ = [
    "AsyncFinalizer",
    "AsyncLock",
    "AsyncVersionAccess",
    "async_upload_content",
    "load_lazily",
]

#: The lock guarding one-time work such as version negotiation.
AsyncLock = asyncio.Lock


class AsyncFinalizer:
    """No finaliser: an async close cannot run from the garbage collector. Close async
    streams with ``async with`` or ``await stream.aclose()``."""


class AsyncVersionAccess:
    """``api_version`` for the async client: known once negotiated (on the first call)."""

    _negotiated: str | None
    _requested_version: str | None

    @property
    def _version(self) -> str | None:
        """docker-py's attribute: the version in use, None until negotiated (the first call
        negotiates; a coroutine cannot run here)."""
        return self._negotiated

    @property
    def api_version(self) -> str:
        """The API version in use.

        Raises:
            DockerException: the version is negotiated on the first call and none was made
                yet (``await client.version()`` or any other call first), or pass
                ``version=`` to the client.
        """
        version = self._negotiated or self._requested_version
        if version is None:
            raise DockerException(
                "the API version is negotiated on the first call and none was made yet: "
                "await a call first (e.g. client.version()), or pass version= to the client"
            )
        return version

    @property
    def _version_hint(self) -> str | None:
        """The version builders check their fields against, when already known."""
        return self._negotiated or self._requested_version


def async_upload_content(data: Any) -> bytes | AsyncIterator[bytes] | _AsyncSized:
    """A request body for the async client from bytes, text, a binary file object, or a
    sync or async iterable of chunks (read as the request is sent, never whole)."""
    if hasattr(data, "__aiter__"):
        return _async_chunks(data)
    content = upload_content(data)
    if isinstance(content, bytes):
        return content
    if isinstance(content, SizedChunks):
        return _AsyncSized(content)
    return _from_sync(content)


class _AsyncSized:
    """A file of known size, for the async client (sent with its ``Content-Length``)."""

    def __init__(self, chunks: SizedChunks) -> None:
        self._chunks = chunks
        self.length = chunks.length

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk


async def _async_chunks(data: Any) -> AsyncIterator[bytes]:
    async for chunk in data:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)


async def _from_sync(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def load_lazily(model: Any) -> None:
    """``attrs`` of an object not loaded yet (built from a list entry, or ``client.swarm``):
    the async client cannot fetch it inside a property, so it asks for an explicit reload.

    Raises:
        DockerException: always, saying what to await.
    """
    name = type(model).__name__
    if getattr(model, "summary", None) is None:
        raise DockerException(
            f"this {name} is loaded on first use and was not loaded yet: `await obj.reload()` first"
        )
    raise DockerException(
        f"this {name} was built from a list entry and its full attributes "
        "are not loaded yet: `await obj.reload()` first (its summary properties such as "
        "id, name, status and labels work without it)"
    )
