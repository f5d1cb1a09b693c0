"""Network endpoints: list, inspect, create, remove, connect, disconnect, prune."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk._guards import is_mapping
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import (
    Call,
    ResourceRef,
    filters_param,
    parse_as,
    parse_none,
    required_id,
)
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import (
        Network,
        NetworkCreateResponse,
        NetworkInspect,
        NetworkPruneResponse,
    )


class AsyncNetworkApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/networks``."""

    async def networks(
        self,
        names: list[str] | None = None,
        ids: list[str] | None = None,
        filters: Mapping[str, Any] | None = None,
    ) -> list[Network]:
        """List networks, optionally filtered by name, id or engine filters."""
        from dockersdk.models import Network

        merged: dict[str, Any] = dict(filters or {})
        if names:
            merged["name"] = names
        if ids:
            merged["id"] = ids
        params = {"filters": convert_filters(merged) if merged else None}
        return await self._call(Call("GET", "/networks", parse_as(list[Network]), params=params))

    async def inspect_network(
        self, net_id: ResourceRef, verbose: bool | None = None, scope: str | None = None
    ) -> NetworkInspect:
        """Low-level information on a network, with its ``Containers`` (``GET /networks/{id}``)."""
        from dockersdk.models import NetworkInspect

        return await self._call(
            Call(
                "GET",
                "/networks/{id}",
                parse_as(NetworkInspect),
                path_args={"id": net_id},
                params={"verbose": verbose, "scope": scope},
            )
        )

    async def create_network(
        self,
        name: str,
        driver: str | None = None,
        options: Mapping[str, str] | None = None,
        ipam: Mapping[str, Any] | None = None,
        check_duplicate: bool | None = None,
        internal: bool = False,
        labels: Mapping[str, str] | None = None,
        enable_ipv6: bool = False,
        attachable: bool | None = None,
        scope: str | None = None,
        ingress: bool | None = None,
    ) -> NetworkCreateResponse:
        """Create a network; returns its ``Id`` (and any ``Warning``).

        Raises:
            InvalidArgumentType: ``labels`` is not a dict (also a ``TypeError``, as docker-py
                raises), refused before anything is sent.
        """
        from dockersdk.models import NetworkCreateResponse

        if labels is not None and not is_mapping(labels):  # untyped callers pass lists
            from dockersdk.errors import InvalidArgumentType

            raise InvalidArgumentType(
                f"create_network(labels=...) takes a dict of label names to values, got "
                f"{type(labels).__name__}"
            )
        body: dict[str, Any] = {
            "Name": name,
            "Driver": driver,
            "Options": options,
            "IPAM": ipam,
            "CheckDuplicate": check_duplicate,
            "Labels": labels,
            "Attachable": attachable,
            "Scope": scope,
            "Ingress": ingress,
        }
        if internal:
            body["Internal"] = True
        if enable_ipv6:
            body["EnableIPv6"] = True
        return await self._call(
            Call(
                "POST",
                "/networks/create",
                parse_as(NetworkCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    async def remove_network(self, net_id: ResourceRef) -> None:
        """Remove a network."""
        await self._call(Call("DELETE", "/networks/{id}", parse_none, path_args={"id": net_id}))

    async def connect_container_to_network(
        self,
        container: ResourceRef,
        net_id: ResourceRef,
        ipv4_address: str | None = None,
        ipv6_address: str | None = None,
        aliases: list[str] | None = None,
        links: Mapping[str, str] | list[str] | list[tuple[str, str]] | None = None,
        link_local_ips: list[str] | None = None,
        driver_opt: Mapping[str, str] | None = None,
        mac_address: str | None = None,
    ) -> None:
        """Attach a container to a network (``POST /networks/{id}/connect``).

        The endpoint settings are built as docker-py builds them, by
        :class:`dockersdk.types.EndpointConfig` at the client's API version: ``links`` may
        be ``{'name': 'alias'}``, ``(name, alias)`` pairs or ``'name:alias'`` strings.

        Raises:
            InvalidArgument: a malformed address or link. InvalidVersion: a setting newer
                than the API version.
        """
        from dockersdk.types import EndpointConfig

        endpoint = EndpointConfig(
            self._version_hint,
            aliases=aliases,
            links=links,
            ipv4_address=ipv4_address,
            ipv6_address=ipv6_address,
            link_local_ips=link_local_ips,
            driver_opt=driver_opt,
            mac_address=mac_address,
        )
        await self._call(
            Call(
                "POST",
                "/networks/{id}/connect",
                parse_none,
                path_args={"id": net_id},
                body={
                    "Container": required_id(container, "container"),
                    "EndpointConfig": endpoint.to_api(),
                },
            )
        )

    async def disconnect_container_from_network(
        self, container: ResourceRef, net_id: ResourceRef, force: bool = False
    ) -> None:
        """Detach a container from a network."""
        await self._call(
            Call(
                "POST",
                "/networks/{id}/disconnect",
                parse_none,
                path_args={"id": net_id},
                body={"Container": required_id(container, "container"), "Force": force},
            )
        )

    async def prune_networks(
        self, filters: Mapping[str, Any] | None = None
    ) -> NetworkPruneResponse:
        """Remove unused networks (``POST /networks/prune``).

        Args:
            filters: ``until`` and ``label``.

        Returns:
            ``NetworksDeleted``.
        """
        from dockersdk.models import NetworkPruneResponse

        return await self._call(
            Call(
                "POST",
                "/networks/prune",
                parse_as(NetworkPruneResponse),
                params=filters_param(filters),
            )
        )
