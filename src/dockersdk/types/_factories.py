"""docker-py's ``create_*_config`` helpers: thin functions over the builders, returning dicts.

They are re-exported from :mod:`dockersdk.utils` (the seed's place for them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.errors import InvalidArgument

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.types._kwargs import ContainerConfigExtraKwargs, HostConfigExtraKwargs
    from dockersdk.types.containers import ContainerRestartPolicy, LogConfig, Ulimit
    from dockersdk.types.host_config import HostConfig
    from dockersdk.types.networks import EndpointConfig, NetworkingConfig

__all__ = [
    "create_container_config",
    "create_endpoint_config",
    "create_host_config",
    "create_networking_config",
]


def create_host_config(
    binds: Mapping[str, Any] | Sequence[str] | None = None,
    port_bindings: Mapping[Any, Any] | None = None,
    lxc_conf: Mapping[str, Any] | Sequence[Any] | None = None,
    publish_all_ports: bool = False,
    links: Mapping[str, str | None]
    | Sequence[tuple[str, str | None]]
    | Sequence[str]
    | None = None,
    privileged: bool = False,
    dns: Sequence[str] | None = None,
    dns_search: Sequence[str] | None = None,
    volumes_from: str | Sequence[str] | None = None,
    network_mode: str | None = None,
    restart_policy: Mapping[str, Any] | ContainerRestartPolicy | None = None,
    cap_add: Sequence[str] | None = None,
    cap_drop: Sequence[str] | None = None,
    devices: list[str | Mapping[str, Any]] | tuple[str | Mapping[str, Any], ...] | None = None,
    extra_hosts: Mapping[str, str] | Sequence[str] | None = None,
    read_only: bool | None = None,
    pid_mode: str | None = None,
    ipc_mode: str | None = None,
    security_opt: Sequence[str] | None = None,
    ulimits: Sequence[Ulimit | Mapping[str, Any]] | None = None,
    log_config: LogConfig | Mapping[str, Any] | None = None,
    mem_limit: int | str | None = None,
    memswap_limit: int | str | None = None,
    cpu_shares: int | None = None,
    cpuset_cpus: str | None = None,
    cpuset_mems: str | None = None,
    *,
    version: str | None = None,
    **kwargs: Unpack[HostConfigExtraKwargs],
) -> dict[str, Any]:
    """Build a container's ``HostConfig`` dict (see :class:`dockersdk.types.HostConfig`).

    Args:
        binds ... cpuset_mems: as :class:`~dockersdk.types.HostConfig` takes them.
        version: the API version to check against (none by default).
        **kwargs: any other ``HostConfig`` argument (``HostConfigExtraKwargs``).

    Returns:
        dict: the host configuration in API form.

    Raises:
        InvalidArgument: a malformed value. InvalidVersion: a field newer than ``version``.
    """
    from dockersdk.types.host_config import HostConfig

    return HostConfig(
        version,
        binds=binds,
        port_bindings=port_bindings,
        lxc_conf=lxc_conf,
        publish_all_ports=publish_all_ports,
        links=links,
        privileged=privileged,
        dns=dns,
        dns_search=dns_search,
        volumes_from=volumes_from,
        network_mode=network_mode,
        restart_policy=restart_policy,
        cap_add=cap_add,
        cap_drop=cap_drop,
        devices=devices,
        extra_hosts=extra_hosts,
        read_only=read_only,
        pid_mode=pid_mode,
        ipc_mode=ipc_mode,
        security_opt=security_opt,
        ulimits=ulimits,
        log_config=log_config,
        mem_limit=mem_limit,
        memswap_limit=memswap_limit,
        cpu_shares=cpu_shares,
        cpuset_cpus=cpuset_cpus,
        cpuset_mems=cpuset_mems,
        **kwargs,
    ).to_api()


# The seed's create_container_config still takes settings that moved to HostConfig in API
# 1.19; they are put there (argument name -> HostConfig argument name).
_MOVED_TO_HOST_CONFIG = {
    "mem_limit": "mem_limit",
    "memswap_limit": "memswap_limit",
    "cpu_shares": "cpu_shares",
    "cpuset": "cpuset_cpus",
    "dns": "dns",
    "volumes_from": "volumes_from",
    "volume_driver": "volume_driver",
}


def create_container_config(
    image: str,
    command: str | Sequence[str] | None = None,
    hostname: str | None = None,
    user: str | int | None = None,
    detach: bool = False,
    stdin_open: bool = False,
    tty: bool = False,
    mem_limit: int | str | None = None,
    ports: list[int | str | tuple[int | str, str]]
    | tuple[int | str | tuple[int | str, str], ...]
    | Mapping[str, Any]
    | None = None,
    environment: Mapping[str, Any] | Sequence[str] | None = None,
    dns: Sequence[str] | None = None,
    volumes: str | Sequence[str] | Mapping[str, Any] | None = None,
    volumes_from: str | Sequence[str] | None = None,
    network_disabled: bool = False,
    name: str | None = None,
    entrypoint: str | Sequence[str] | None = None,
    cpu_shares: int | None = None,
    working_dir: str | None = None,
    domainname: str | None = None,
    memswap_limit: int | str | None = None,
    cpuset: str | None = None,
    host_config: HostConfig | Mapping[str, Any] | None = None,
    mac_address: str | None = None,
    labels: Mapping[str, str] | list[str] | tuple[str, ...] | None = None,
    volume_driver: str | None = None,
    stop_signal: str | None = None,
    networking_config: NetworkingConfig | Mapping[str, Any] | None = None,
    *,
    version: str | None = None,
    **kwargs: Unpack[ContainerConfigExtraKwargs],
) -> dict[str, Any]:
    """Build the body of ``POST /containers/create`` (see :class:`dockersdk.types.ContainerConfig`).

    ``mem_limit``, ``memswap_limit``, ``cpu_shares``, ``cpuset``, ``dns``, ``volumes_from``
    and ``volume_driver`` belong to ``HostConfig`` since API 1.19: they are put into the
    returned ``HostConfig`` (merged with ``host_config``; a clash raises).

    Args:
        image ... networking_config: as documented by the seed.
        version: the API version to check against (none by default).
        **kwargs: ``healthcheck``, ``stop_timeout``, ``runtime``
            (``ContainerConfigExtraKwargs``).

    Returns:
        dict: the container configuration in API form.

    Raises:
        InvalidArgument: a malformed value, ``name`` (the name is a parameter of
            ``create_container``, not part of the config), or a moved setting that
            contradicts ``host_config``.
    """
    from dockersdk.types._base import serialize
    from dockersdk.types.containers import ContainerConfig
    from dockersdk.types.host_config import HostConfig

    if name is not None:
        raise InvalidArgument(
            "create_container_config(name=...): the container name is not part of the "
            "config; pass name= to create_container() or create_container_from_config()"
        )
    given: dict[str, Any] = {
        "mem_limit": mem_limit,
        "memswap_limit": memswap_limit,
        "cpu_shares": cpu_shares,
        "cpuset": cpuset,
        "dns": dns,
        "volumes_from": volumes_from,
        "volume_driver": volume_driver,
    }
    moved = {_MOVED_TO_HOST_CONFIG[k]: v for k, v in given.items() if v is not None}
    if moved:
        extra = HostConfig(version, **moved).to_api()
        extra.pop("NetworkMode")
        host: Mapping[str, Any] = serialize(host_config) if host_config is not None else {}
        for key, value in extra.items():
            if key in host and host[key] != value:
                raise InvalidArgument(
                    f"create_container_config(): {key} {value!r} contradicts host_config's "
                    f"{host[key]!r}"
                )
        host_config = {**host, **extra}
    return ContainerConfig(
        version,
        image,
        command,
        hostname=hostname,
        user=user,
        detach=detach,
        stdin_open=stdin_open,
        tty=tty,
        ports=ports,
        environment=environment,
        volumes=volumes,
        network_disabled=network_disabled,
        entrypoint=entrypoint,
        working_dir=working_dir,
        domainname=domainname,
        host_config=host_config,
        mac_address=mac_address,
        labels=labels,
        stop_signal=stop_signal,
        networking_config=networking_config,
        **kwargs,
    ).to_api()


def create_networking_config(
    endpoints_config: Mapping[str, EndpointConfig | Mapping[str, Any] | None] | None = None,
) -> dict[str, Any]:
    """Build a ``NetworkingConfig`` dict: ``{'EndpointsConfig': {network: endpoint}}``.

    Args:
        endpoints_config: network name -> endpoint config (from
            :func:`create_endpoint_config` or an :class:`~dockersdk.types.EndpointConfig`).

    Returns:
        dict: the networking configuration in API form.
    """
    from dockersdk.types.networks import NetworkingConfig

    return NetworkingConfig(endpoints_config).to_api()


def create_endpoint_config(
    version: str | None,
    aliases: Sequence[str] | None = None,
    links: Mapping[str, str | None]
    | Sequence[tuple[str, str | None]]
    | Sequence[str]
    | None = None,
    ipv4_address: str | None = None,
    ipv6_address: str | None = None,
    link_local_ips: Sequence[str] | None = None,
    driver_opt: Mapping[str, str] | None = None,
    mac_address: str | None = None,
) -> dict[str, Any]:
    """Build an endpoint config dict for one network (see :class:`~dockersdk.types.EndpointConfig`).

    Args:
        version: the API version to check against (None: no check).
        aliases, links, ipv4_address, ipv6_address: the endpoint's settings.
        link_local_ips, driver_opt, mac_address: the endpoint's settings.

    Returns:
        dict: the endpoint configuration in API form.

    Raises:
        InvalidArgument: a malformed address. InvalidVersion: a field newer than ``version``.
    """
    from dockersdk.types.networks import EndpointConfig

    return EndpointConfig(
        version,
        aliases=aliases,
        links=links,
        ipv4_address=ipv4_address,
        ipv6_address=ipv6_address,
        link_local_ips=link_local_ips,
        driver_opt=driver_opt,
        mac_address=mac_address,
    ).to_api()
