"""Swarm nodes: ``client.nodes`` (get, list) and ``Node`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel

if TYPE_CHECKING:
    from dockersdk.models import Node as NodeAttrs

__all__ = ["AsyncNode", "AsyncNodeCollection"]


class AsyncNode(AsyncModel["NodeAttrs"]):
    """A swarm node. ``attrs`` is the typed ``Node`` model."""

    id_attribute = "ID"
    attrs_model = "Node"

    async def _inspect(self) -> NodeAttrs:
        return await self._api.inspect_node(self.id)

    @property
    def version(self) -> int:
        """The node object's version (for optimistic locking)."""
        version = self.attrs.version
        return (version.index if version is not None else None) or 0

    async def update(self, node_spec: Mapping[str, Any]) -> bool:
        """Replace the node's spec (``Availability``, ``Role``, ``Labels``, ``Name``)."""
        return await self._api.update_node(self.id, self.version, node_spec)

    async def remove(self, force: bool = False) -> bool:
        """Remove the node from the swarm."""
        return await self._api.remove_node(self.id, force=force)


class AsyncNodeCollection(AsyncCollection[AsyncNode]):
    """``client.nodes``."""

    model = AsyncNode

    async def get(self, node_id: str) -> AsyncNode:
        """The node with id or name ``node_id``."""
        return self.prepare_model(await self._api.inspect_node(node_id))

    async def list(self, filters: Mapping[str, Any] | None = None) -> list[AsyncNode]:
        """List the swarm's nodes."""
        return [self.prepare_model(n) for n in await self._api.nodes(filters=filters)]
