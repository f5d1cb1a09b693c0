"""Networks: ``client.networks`` (create, get, list, prune) and ``Network`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.resources._base import Collection, Model
from dockersdk.resources.containers import Container

if TYPE_CHECKING:
    from dockersdk.models import Network as NetworkAttrs
    from dockersdk.models import NetworkPruneResponse

__all__ = ["Network", "NetworkCollection"]


class Network(Model["NetworkAttrs"]):
    """A network. ``attrs`` is the typed ``Network`` model."""

    attrs_model = "Network"

    def _inspect(self) -> NetworkAttrs:
        return self._api.inspect_network(self.id)

    @property
    def name(self) -> str | None:
        """The network's name."""
        return self.attrs.name

    @property
    def containers(self) -> list[Container]:
        """The containers attached to the network (one inspect each; see ``reload``)."""
        assert self.client is not None
        return [self.client.containers.get(cid) for cid in (self.attrs.containers or {})]

    def connect(
        self,
        container: str | Container,
        ipv4_address: str | None = None,
        ipv6_address: str | None = None,
        aliases: list[str] | None = None,
        links: list[str] | None = None,
        link_local_ips: list[str] | None = None,
        driver_opt: Mapping[str, str] | None = None,
        mac_address: str | None = None,
    ) -> None:
        """Connect a container to the network."""
        if isinstance(container, Container):
            container = container.id
        self._api.connect_container_to_network(
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

    def disconnect(self, container: str | Container, force: bool = False) -> None:
        """Disconnect a container from the network."""
        if isinstance(container, Container):
            container = container.id
        self._api.disconnect_container_from_network(container, self.id, force=force)

    def remove(self) -> None:
        """Remove the network."""
        self._api.remove_network(self.id)


class NetworkCollection(Collection[Network]):
    """``client.networks``."""

    model = Network

    def create(self, name: str, **kwargs: Any) -> Network:
        """Create a network (see :meth:`APIClient.create_network` for the arguments)."""
        created = self._api.create_network(name, **kwargs)
        return self.get(created.id or "")

    def get(
        self, network_id: str, verbose: bool | None = None, scope: str | None = None
    ) -> Network:
        """The network with id or name ``network_id``."""
        return self.prepare_model(
            self._api.inspect_network(network_id, verbose=verbose, scope=scope)
        )

    def list(
        self,
        names: list[str] | None = None,
        ids: list[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        greedy: bool = False,
    ) -> list[Network]:
        """List networks (one request; ``greedy`` inspects each to fill ``Containers``)."""
        networks = [
            self.prepare_model(item)
            for item in self._api.networks(names=names, ids=ids, filters=filters)
        ]
        if greedy:
            for network in networks:
                network.reload()
        return networks

    def prune(self, filters: Mapping[str, Any] | None = None) -> NetworkPruneResponse:
        """Remove unused networks."""
        return self._api.prune_networks(filters=filters)
