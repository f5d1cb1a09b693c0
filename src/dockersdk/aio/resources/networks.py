"""Networks: ``client.networks`` (create, get, list, prune) and ``Network`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
from dockersdk.aio.resources.containers import AsyncContainer

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.models import NetworkInspect as NetworkAttrs
    from dockersdk.models import NetworkPruneResponse
    from dockersdk.types._kwargs import NetworkCreateKwargs

__all__ = ["AsyncNetwork", "AsyncNetworkCollection"]


class AsyncNetwork(AsyncModel["NetworkAttrs"]):
    """A network. ``attrs`` is the typed ``NetworkInspect`` model (a listed network's has no
    ``Containers`` from API 1.52 on: ``reload()`` or ``greedy`` fills them)."""

    attrs_model = "NetworkInspect"

    async def _inspect(self) -> NetworkAttrs:
        return await self._api.inspect_network(self.id)

    @property
    def name(self) -> str | None:
        """The network's name."""
        return self.attrs.name

    @property
    async def containers(self) -> list[AsyncContainer]:
        """The containers attached to the network (one inspect each; see ``reload``)."""
        assert self.client is not None
        return [await self.client.containers.get(cid) for cid in (self.attrs.containers or {})]

    async def connect(
        self,
        container: str | AsyncContainer,
        ipv4_address: str | None = None,
        ipv6_address: str | None = None,
        aliases: list[str] | None = None,
        links: list[str] | None = None,
        link_local_ips: list[str] | None = None,
        driver_opt: Mapping[str, str] | None = None,
        mac_address: str | None = None,
    ) -> None:
        """Connect a container to the network."""
        if isinstance(container, AsyncContainer):
            container = container.id
        await self._api.connect_container_to_network(
            container,
            self.id,
            ipv4_address=ipv4_address,
            ipv6_address=ipv6_address,
            aliases=aliases,
            links=links,
            link_local_ips=link_local_ips,
            driver_opt=driver_opt,
            mac_address=mac_address,
        )

    async def disconnect(self, container: str | AsyncContainer, force: bool = False) -> None:
        """Disconnect a container from the network."""
        if isinstance(container, AsyncContainer):
            container = container.id
        await self._api.disconnect_container_from_network(container, self.id, force=force)

    async def remove(self) -> None:
        """Remove the network."""
        await self._api.remove_network(self.id)


class AsyncNetworkCollection(AsyncCollection[AsyncNetwork]):
    """``client.networks``."""

    model = AsyncNetwork

    async def create(self, name: str, **kwargs: Unpack[NetworkCreateKwargs]) -> AsyncNetwork:
        """Create a network (see :meth:`APIClient.create_network` for the arguments)."""
        created = await self._api.create_network(name, **kwargs)
        return await self.get(created.id or "")

    async def get(
        self, network_id: str, verbose: bool | None = None, scope: str | None = None
    ) -> AsyncNetwork:
        """The network with id or name ``network_id``."""
        return self.prepare_model(
            await self._api.inspect_network(network_id, verbose=verbose, scope=scope)
        )

    async def list(
        self,
        names: list[str] | None = None,
        ids: list[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        greedy: bool = False,
    ) -> list[AsyncNetwork]:
        """List networks (one request; ``greedy`` inspects each to fill ``Containers``)."""
        networks = [
            self.prepare_model(item.to_dict())
            for item in await self._api.networks(names=names, ids=ids, filters=filters)
        ]
        if greedy:
            for network in networks:
                await network.reload()
        return networks

    async def prune(self, filters: Mapping[str, Any] | None = None) -> NetworkPruneResponse:
        """Remove unused networks."""
        return await self._api.prune_networks(filters=filters)
