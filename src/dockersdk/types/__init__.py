"""Builders for the Engine API's request bodies, with docker-py's names and arguments.

Each builder converts and validates its arguments at construction and gives the API's dict
with ``.to_api()``. The hand-written builders own these names; the generated response models
of the same names live in :mod:`dockersdk.models` (``dockersdk.models.HostConfig``).
The ``*Kwargs`` TypedDicts (generated from the builders' signatures) type the keyword
arguments of the calls that take builder settings (``containers.run`` ...). Importing this
package loads no HTTP stack and no generated model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersdk.types._base import Builder, InvalidArgumentType
from dockersdk.types._factories import (
    create_container_config,
    create_endpoint_config,
    create_host_config,
    create_networking_config,
)
from dockersdk.types._kwargs import (
    ContainerConfigExtraKwargs,
    ContainerConfigKwargs,
    ContainerCreateKwargs,
    ContainerRunKwargs,
    ContainerUpdateKwargs,
    EndpointConfigKwargs,
    HostConfigExtraKwargs,
    HostConfigKwargs,
    ImageBuildKwargs,
    NetworkCreateKwargs,
    ServiceCreateKwargs,
    ServiceUpdateKwargs,
    SwarmSpecKwargs,
)
from dockersdk.types.containers import (
    ContainerConfig,
    ContainerRestartPolicy,
    DeviceRequest,
    LogConfig,
    LogConfigTypesEnum,
    Ulimit,
)
from dockersdk.types.healthcheck import Healthcheck
from dockersdk.types.host_config import HostConfig
from dockersdk.types.mounts import DriverConfig, Mount
from dockersdk.types.networks import EndpointConfig, IPAMConfig, IPAMPool, NetworkingConfig
from dockersdk.types.service_spec import EndpointSpec, RollbackConfig, ServiceMode, UpdateConfig
from dockersdk.types.services import (
    ConfigReference,
    ContainerSpec,
    DNSConfig,
    NetworkAttachmentConfig,
    Placement,
    PlacementPreference,
    Privileges,
    Resources,
    RestartConditionTypesEnum,
    RestartPolicy,
    SecretReference,
    TaskTemplate,
)
from dockersdk.types.swarm import SwarmExternalCA, SwarmSpec

if TYPE_CHECKING:
    from dockersdk.types.daemon import CancellableStream
else:

    def __getattr__(name: str) -> Any:
        # CancellableStream is the client's Stream: loading it loads the HTTP stack.
        if name == "CancellableStream":
            from dockersdk.types.daemon import CancellableStream

            return CancellableStream
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Builder",
    "CancellableStream",
    "ConfigReference",
    "ContainerConfig",
    "ContainerConfigExtraKwargs",
    "ContainerConfigKwargs",
    "ContainerCreateKwargs",
    "ContainerRestartPolicy",
    "ContainerRunKwargs",
    "ContainerSpec",
    "ContainerUpdateKwargs",
    "DNSConfig",
    "DeviceRequest",
    "DriverConfig",
    "EndpointConfig",
    "EndpointConfigKwargs",
    "EndpointSpec",
    "Healthcheck",
    "HostConfig",
    "HostConfigExtraKwargs",
    "HostConfigKwargs",
    "IPAMConfig",
    "IPAMPool",
    "ImageBuildKwargs",
    "InvalidArgumentType",
    "LogConfig",
    "LogConfigTypesEnum",
    "Mount",
    "NetworkAttachmentConfig",
    "NetworkCreateKwargs",
    "NetworkingConfig",
    "Placement",
    "PlacementPreference",
    "Privileges",
    "Resources",
    "RestartConditionTypesEnum",
    "RestartPolicy",
    "RollbackConfig",
    "SecretReference",
    "ServiceCreateKwargs",
    "ServiceMode",
    "ServiceUpdateKwargs",
    "SwarmExternalCA",
    "SwarmSpec",
    "SwarmSpecKwargs",
    "TaskTemplate",
    "Ulimit",
    "UpdateConfig",
    "create_container_config",
    "create_endpoint_config",
    "create_host_config",
    "create_networking_config",
]
