"""How ``containers.run``/``containers.create`` keyword arguments reach the create call.

They are routed by the builders' own signatures: a name :class:`~dockersdk.types.HostConfig`
accepts goes there (it wins where both builders accept one, e.g. ``runtime``), a name
:class:`~dockersdk.types.ContainerConfig` accepts goes there, ``name``/``platform``/
``use_config_proxy`` go to the create call, and ``ports``, ``volumes``, ``network`` and
``networking_config`` are split over both as docker-py splits them. Anything else raises
:class:`~dockersdk.types.InvalidArgumentType` (a ``TypeError``) before any request.

Pure (no I/O): the sync and async clients share it.
"""

from __future__ import annotations

import inspect
import ntpath
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dockersdk._guards import is_mapping
from dockersdk.errors import unexpected_keywords_message
from dockersdk.types import ContainerConfig, HostConfig, InvalidArgumentType, NetworkingConfig

__all__ = [
    "CONTAINER_CONFIG_KWARGS",
    "CREATE_CALL_KWARGS",
    "HOST_CONFIG_KWARGS",
    "IGNORED_KWARGS",
    "RUN_CREATE_KWARGS",
    "RUN_HOST_CONFIG_KWARGS",
    "SPLIT_KWARGS",
    "route_create_kwargs",
]


def _parameters(func: Callable[..., Any]) -> frozenset[str]:
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return frozenset(
        name
        for name, param in inspect.signature(func).parameters.items()
        if param.kind in kinds and name not in ("self", "version")
    )


#: Keywords split over the container config and the host config, as docker-py splits them.
SPLIT_KWARGS = frozenset({"ports", "volumes", "network", "networking_config"})
#: Keywords of the create call itself (not part of either config).
CREATE_CALL_KWARGS = frozenset({"name", "platform", "use_config_proxy"})
#: Accepted and ignored: docker-py's create() overwrote it with the client's API version.
IGNORED_KWARGS = frozenset({"version"})
#: Everything HostConfig takes.
HOST_CONFIG_KWARGS = _parameters(HostConfig.__init__)
#: What ContainerConfig takes that is neither HostConfig's nor set by create()/run() itself.
CONTAINER_CONFIG_KWARGS = (
    _parameters(ContainerConfig.__init__)
    - HOST_CONFIG_KWARGS
    - SPLIT_KWARGS
    - {"image", "command", "host_config"}
)

#: docker-py's lists: the ``run``/``create`` keywords that go to the container's config
#: (``create_container``) and to its host config.
RUN_CREATE_KWARGS = sorted(CONTAINER_CONFIG_KWARGS | CREATE_CALL_KWARGS | {"image", "command"})
RUN_HOST_CONFIG_KWARGS = sorted(HOST_CONFIG_KWARGS)


def _bind_target(bind: str) -> str:
    """The container path of a ``host:container[:mode]`` bind (docker-py's rule)."""
    drive, rest = ntpath.splitdrive(bind)
    bits = rest.split(":", 1)
    if len(bits) == 1 or bits[1] in ("ro", "rw"):
        return drive + bits[0]
    if bits[1].endswith((":ro", ":rw")):
        return bits[1][:-3]
    return bits[1]


def route_create_kwargs(
    image: str, command: str | Sequence[str] | None, kwargs: Mapping[str, Any], version: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Turn ``run``/``create`` keyword arguments into the create call's parts.

    Args:
        image: the image.
        command: the command.
        kwargs: docker-py's ``create``/``run`` keyword arguments.
        version: the API version the builders check fields against.

    Returns:
        ``(body, call_kwargs)``: the ``POST /containers/create`` body in API form, and
        ``name``/``platform``/``use_config_proxy`` for the call.

    Raises:
        InvalidArgumentType: an argument neither builder nor docker-py knows.
        InvalidArgument: a malformed value (raised by the builders).
    """
    known = (
        HOST_CONFIG_KWARGS
        | CONTAINER_CONFIG_KWARGS
        | CREATE_CALL_KWARGS
        | SPLIT_KWARGS
        | IGNORED_KWARGS
    )
    unknown = set(kwargs) - known
    if unknown:
        raise InvalidArgumentType(unexpected_keywords_message("create", unknown, known))
    host_kwargs = {k: v for k, v in kwargs.items() if k in HOST_CONFIG_KWARGS}
    config_kwargs = {k: v for k, v in kwargs.items() if k in CONTAINER_CONFIG_KWARGS}
    call_kwargs = {k: v for k, v in kwargs.items() if k in CREATE_CALL_KWARGS}

    ports = kwargs.get("ports")
    if ports:
        host_kwargs["port_bindings"] = ports
    volumes = kwargs.get("volumes")
    if volumes:
        host_kwargs["binds"] = volumes
    network = kwargs.get("network")
    networking_config = kwargs.get("networking_config")
    if network:
        endpoints = (
            networking_config
            if is_mapping(networking_config) and network in networking_config
            else {network: None}
        )
        config_kwargs["networking_config"] = NetworkingConfig(endpoints)
        host_kwargs["network_mode"] = network

    host_config = HostConfig(version, **host_kwargs)
    port_bindings = host_config.to_api().get("PortBindings")
    if port_bindings:
        config_kwargs["ports"] = [tuple(key.split("/", 1)) for key in sorted(port_bindings)]
    if volumes:
        if is_mapping(volumes):
            targets = [v.get("bind") if is_mapping(v) else v for v in volumes.values()]
        else:
            binds = [volumes] if isinstance(volumes, str) else volumes
            for bind in binds:
                if not isinstance(bind, str):
                    raise InvalidArgumentType(
                        f"Invalid type for 'volumes' item: expected str such as "
                        f"'/host:/container:ro' but found {type(bind).__name__}"
                    )
            targets = [_bind_target(v) for v in binds]
        config_kwargs["volumes"] = [t for t in targets if t]
    config = ContainerConfig(version, image, command, host_config=host_config, **config_kwargs)
    return config.to_api(), call_kwargs
