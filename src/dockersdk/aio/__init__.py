"""dockersdk for asyncio: the same clients, method names and arguments, as coroutines.

``AsyncAPIClient`` mirrors :class:`dockersdk.APIClient` and ``AsyncDockerClient`` (or
``from_env()``) mirrors :class:`dockersdk.DockerClient`; every method that talks to the
engine is a coroutine, and those that return an iterator in the sync client return an
:class:`AsyncStream` (an async iterator and async context manager) here::

    async with AsyncAPIClient() as api:
        await api.ping()
        async for line in await api.logs("web", stream=True, follow=True):
            ...

    async with from_env() as client:
        print(await client.containers.run("busybox", ["echo", "hi"], remove=True))

Objects listed by a collection carry their list entry (``id``, ``name``, ``status``...);
their full ``attrs`` need ``await obj.reload()`` first (the sync client fetches them on
first access). Properties that query the engine (``Container.image``,
``Network.containers``) are awaitables.

The sync clients are generated from this package (``codegen/unasync.py``), so both always
have the same endpoints. Names load on first use, as in :mod:`dockersdk`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersdk.aio.api import AsyncAPIClient, AsyncExecStream, AsyncStream, AsyncUpgradedSocket
    from dockersdk.aio.client import AsyncDockerClient, from_env

_MODULES = {
    "AsyncAPIClient": "dockersdk.aio.api",
    "AsyncDockerClient": "dockersdk.aio.client",
    "AsyncExecStream": "dockersdk.aio.api",
    "AsyncStream": "dockersdk.aio.api",
    "AsyncUpgradedSocket": "dockersdk.aio.api",
    "from_env": "dockersdk.aio.client",
}

__all__ = [
    "AsyncAPIClient",
    "AsyncDockerClient",
    "AsyncExecStream",
    "AsyncStream",
    "AsyncUpgradedSocket",
    "from_env",
]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        try:
            module = _MODULES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
