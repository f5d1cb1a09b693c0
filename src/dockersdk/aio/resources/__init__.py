"""docker-py's high-level object model, typed: one module per API area.

``client.containers``, ``client.images``... are the collections defined here; each
object's ``attrs`` is the generated model of its inspect reply.
"""

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
