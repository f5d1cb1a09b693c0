"""dockersdk for asyncio: the same clients, method names and arguments, as coroutines.

``AsyncAPIClient`` mirrors :class:`dockersdk.APIClient`; every method is a coroutine, and
those that return an iterator in the sync client return an :class:`AsyncStream` (an async
iterator and async context manager) here::

    async with AsyncAPIClient() as api:
        await api.ping()
        async for line in await api.logs("web", stream=True, follow=True):
            ...

The sync clients are generated from this package (``codegen/unasync.py``), so both always
have the same endpoints.
"""

from __future__ import annotations

from dockersdk.aio.api import AsyncAPIClient, AsyncExecStream, AsyncStream, AsyncUpgradedSocket

__all__ = ["AsyncAPIClient", "AsyncExecStream", "AsyncStream", "AsyncUpgradedSocket"]
