"""Network builders: ``EndpointConfig``, ``NetworkingConfig``, ``IPAMConfig``, ``IPAMPool``."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any

from dockersdk.errors import InvalidArgument
from dockersdk.types._base import (
    Builder,
    check_type,
    coerce,
    links_list,
    require_version,
    serialize,
)
from dockersdk.utils.versions import compare_version

__all__ = ["EndpointConfig", "IPAMConfig", "IPAMPool", "NetworkingConfig"]


def _ip(owner: str, field: str, value: str, family: int | None = None) -> str:
    check_type(owner, field, value, str)
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        raise InvalidArgument(
            f"Invalid value for {owner} {field!r}: {value!r} is no IP address"
        ) from None
    if family is not None and address.version != family:
        raise InvalidArgument(f"Invalid value for {owner} {field!r}: {value!r} is not IPv{family}")
    return value


def _net(owner: str, field: str, value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    check_type(owner, field, value, str)
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise InvalidArgument(
            f"Invalid value for {owner} {field!r}: {value!r} is no CIDR subnet (e.g. 10.0.0.0/24)"
        ) from None


class EndpointConfig(Builder):
    """A container's settings on one network (``NetworkingConfig.EndpointsConfig`` value).

    Args:
        version: the API version to check against; None checks nothing.
        aliases: network-scoped names for the container.
        links: ``{'container': 'alias'}``, ``(container, alias)`` pairs or strings.
        ipv4_address, ipv6_address: static addresses on the network.
        link_local_ips: link-local addresses.
        driver_opt: options for the network driver (API 1.32+).
        mac_address: the endpoint's MAC address.

    Raises:
        InvalidArgument: a malformed address or option. InvalidVersion: see ``version``.
    """

    api_model = "EndpointSettings"

    def __init__(
        self,
        version: str | None = None,
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
    ) -> None:
        super().__init__()
        owner = "EndpointConfig"
        if version is not None and version != "auto":
            compare_version(version, version)
        data: dict[str, Any] = {}
        if aliases:
            data["Aliases"] = list(check_type(owner, "aliases", aliases, (list, tuple)))
        if links:
            data["Links"] = links_list(owner, "links", links)
        ipam: dict[str, Any] = {}
        if ipv4_address:
            ipam["IPv4Address"] = _ip(owner, "ipv4_address", ipv4_address, 4)
        if ipv6_address:
            ipam["IPv6Address"] = _ip(owner, "ipv6_address", ipv6_address, 6)
        if mac_address:
            data["MacAddress"] = check_type(owner, "mac_address", mac_address, str)
            require_version(version, "EndpointSettings", "MacAddress", "mac_address")
        if link_local_ips is not None:
            check_type(owner, "link_local_ips", link_local_ips, (list, tuple))
            ipam["LinkLocalIPs"] = [_ip(owner, "link_local_ips", ip) for ip in link_local_ips]
        if ipam:
            data["IPAMConfig"] = ipam
        if driver_opt:
            data["DriverOpts"] = dict(check_type(owner, "driver_opt", driver_opt, Mapping))
            require_version(version, "EndpointSettings", "DriverOpts", "driver_opt")
        self._set(data)


class NetworkingConfig(Builder):
    """A container's networks at creation: ``{network name: EndpointConfig}``.

    Args:
        endpoints_config: network name -> :class:`EndpointConfig` (or an API dict).
    """

    api_model = "NetworkingConfig"

    def __init__(self, endpoints_config: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._set({})
        if endpoints_config:
            check_type("NetworkingConfig", "endpoints_config", endpoints_config, Mapping)
            self["EndpointsConfig"] = {
                name: serialize(config) if config is not None else {}
                for name, config in endpoints_config.items()
            }


class IPAMPool(Builder):
    """One address pool of a network (an ``IPAM.Config`` item).

    Args:
        subnet: the pool's subnet in CIDR form (``'10.0.0.0/16'``).
        iprange: the range inside ``subnet`` to allocate container addresses from.
        gateway: the gateway address (inside ``subnet``).
        aux_addresses: ``{name: ip}`` addresses the driver must not hand out.

    Raises:
        InvalidArgument: a malformed subnet or address, or one outside ``subnet``.
    """

    api_model = "IPAMConfig"

    def __init__(
        self,
        subnet: str | None = None,
        iprange: str | None = None,
        gateway: str | None = None,
        aux_addresses: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        owner = "IPAMPool"
        network = _net(owner, "subnet", subnet) if subnet is not None else None
        if iprange is not None:
            ip_range = _net(owner, "iprange", iprange)
            if network is not None and (
                ip_range.version != network.version or not ip_range.subnet_of(network)  # type: ignore[arg-type]
            ):
                raise InvalidArgument(f"IPAMPool iprange {iprange!r} is not inside {subnet!r}")
        addresses: dict[str, str] = {}
        if gateway is not None:
            addresses["gateway"] = _ip(owner, "gateway", gateway)
        if aux_addresses is not None:
            check_type(owner, "aux_addresses", aux_addresses, Mapping)
            for name, ip in aux_addresses.items():
                addresses[f"aux_addresses[{name!r}]"] = _ip(owner, f"aux_addresses[{name!r}]", ip)
        for field, ip in addresses.items():
            if network is not None and ipaddress.ip_address(ip) not in network:
                raise InvalidArgument(f"IPAMPool {field} {ip!r} is not inside {subnet!r}")
        self._set(
            {
                "Subnet": subnet,
                "IPRange": iprange,
                "Gateway": gateway,
                "AuxiliaryAddresses": dict(aux_addresses) if aux_addresses is not None else None,
            }
        )


class IPAMConfig(Builder):
    """A network's IP address management (the ``IPAM`` of ``create_network``).

    Args:
        driver: the IPAM driver (``'default'``).
        pool_configs: :class:`IPAMPool` objects or API dicts.
        options: driver options.
    """

    api_model = "IPAM"

    def __init__(
        self,
        driver: str = "default",
        pool_configs: Sequence[IPAMPool | Mapping[str, Any]] | None = None,
        options: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        owner = "IPAMConfig"
        check_type(owner, "driver", driver, str)
        pools = list(check_type(owner, "pool_configs", pool_configs or [], (list, tuple)))
        self._set(
            {
                "Driver": driver,
                "Config": [
                    coerce(IPAMPool, pool, owner, "pool_configs item")
                    if isinstance(pool, IPAMPool)
                    else serialize(check_type(owner, "pool_configs item", pool, Mapping))
                    for pool in pools
                ],
            }
        )
        if options:
            self["Options"] = dict(check_type(owner, "options", options, Mapping))
