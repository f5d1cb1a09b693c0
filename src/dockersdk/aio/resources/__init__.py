"""docker-py's high-level object model, typed: one module per API area.

``client.containers``, ``client.images``... are the collections defined here; each
object's ``attrs`` is the generated model of its inspect reply. The names load on first
use: a client imports each collection's module when the collection is first touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
    from dockersdk.aio.resources.configs import AsyncConfig, AsyncConfigCollection
    from dockersdk.aio.resources.containers import (
        AsyncContainer,
        AsyncContainerCollection,
        AsyncExecResult,
    )
    from dockersdk.aio.resources.images import AsyncImage, AsyncImageCollection, AsyncRegistryData
    from dockersdk.aio.resources.networks import AsyncNetwork, AsyncNetworkCollection
    from dockersdk.aio.resources.nodes import AsyncNode, AsyncNodeCollection
    from dockersdk.aio.resources.plugins import AsyncPlugin, AsyncPluginCollection
    from dockersdk.aio.resources.secrets import AsyncSecret, AsyncSecretCollection
    from dockersdk.aio.resources.services import AsyncService, AsyncServiceCollection
    from dockersdk.aio.resources.swarm import AsyncSwarm
    from dockersdk.aio.resources.volumes import AsyncVolume, AsyncVolumeCollection

_MODULES = {
    "AsyncCollection": "dockersdk.aio.resources._base",
    "AsyncConfig": "dockersdk.aio.resources.configs",
    "AsyncConfigCollection": "dockersdk.aio.resources.configs",
    "AsyncContainer": "dockersdk.aio.resources.containers",
    "AsyncContainerCollection": "dockersdk.aio.resources.containers",
    "AsyncExecResult": "dockersdk.aio.resources.containers",
    "AsyncImage": "dockersdk.aio.resources.images",
    "AsyncImageCollection": "dockersdk.aio.resources.images",
    "AsyncModel": "dockersdk.aio.resources._base",
    "AsyncNetwork": "dockersdk.aio.resources.networks",
    "AsyncNetworkCollection": "dockersdk.aio.resources.networks",
    "AsyncNode": "dockersdk.aio.resources.nodes",
    "AsyncNodeCollection": "dockersdk.aio.resources.nodes",
    "AsyncPlugin": "dockersdk.aio.resources.plugins",
    "AsyncPluginCollection": "dockersdk.aio.resources.plugins",
    "AsyncRegistryData": "dockersdk.aio.resources.images",
    "AsyncSecret": "dockersdk.aio.resources.secrets",
    "AsyncSecretCollection": "dockersdk.aio.resources.secrets",
    "AsyncService": "dockersdk.aio.resources.services",
    "AsyncServiceCollection": "dockersdk.aio.resources.services",
    "AsyncSwarm": "dockersdk.aio.resources.swarm",
    "AsyncVolume": "dockersdk.aio.resources.volumes",
    "AsyncVolumeCollection": "dockersdk.aio.resources.volumes",
}

__all__ = [
    "AsyncCollection",
    "AsyncConfig",
    "AsyncConfigCollection",
    "AsyncContainer",
    "AsyncContainerCollection",
    "AsyncExecResult",
    "AsyncImage",
    "AsyncImageCollection",
    "AsyncModel",
    "AsyncNetwork",
    "AsyncNetworkCollection",
    "AsyncNode",
    "AsyncNodeCollection",
    "AsyncPlugin",
    "AsyncPluginCollection",
    "AsyncRegistryData",
    "AsyncSecret",
    "AsyncSecretCollection",
    "AsyncService",
    "AsyncServiceCollection",
    "AsyncSwarm",
    "AsyncVolume",
    "AsyncVolumeCollection",
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
