"""docker-py's high-level object model, typed: one module per API area.

``client.containers``, ``client.images``... are the collections defined here; each
object's ``attrs`` is the generated model of its inspect reply.
"""

from dockersdk.resources._base import Collection, Model
from dockersdk.resources.configs import Config, ConfigCollection
from dockersdk.resources.containers import Container, ContainerCollection, ExecResult
from dockersdk.resources.images import Image, ImageCollection, RegistryData
from dockersdk.resources.networks import Network, NetworkCollection
from dockersdk.resources.nodes import Node, NodeCollection
from dockersdk.resources.plugins import Plugin, PluginCollection
from dockersdk.resources.secrets import Secret, SecretCollection
from dockersdk.resources.services import Service, ServiceCollection
from dockersdk.resources.swarm import Swarm
from dockersdk.resources.volumes import Volume, VolumeCollection

__all__ = [
    "Collection",
    "Config",
    "ConfigCollection",
    "Container",
    "ContainerCollection",
    "ExecResult",
    "Image",
    "ImageCollection",
    "Model",
    "Network",
    "NetworkCollection",
    "Node",
    "NodeCollection",
    "Plugin",
    "PluginCollection",
    "RegistryData",
    "Secret",
    "SecretCollection",
    "Service",
    "ServiceCollection",
    "Swarm",
    "Volume",
    "VolumeCollection",
]
