"""Swarm configs: ``client.configs`` (create, get, list) and ``Config`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel

if TYPE_CHECKING:
    from dockersdk.models import Config as ConfigAttrs

__all__ = ["AsyncConfig", "AsyncConfigCollection"]


class AsyncConfig(AsyncModel["ConfigAttrs"]):
    """A config. ``attrs`` is the typed ``Config`` model (``Spec.Data`` holds the data)."""

    id_attribute = "ID"
    attrs_model = "Config"

    async def _inspect(self) -> ConfigAttrs:
        return await self._api.inspect_config(self.id)

    @property
    def name(self) -> str | None:
        """The config's name."""
        spec = self.attrs.spec
        return spec.name if spec is not None else None

    def __repr__(self) -> str:
        return f"<Config: '{self.name}'>"

    async def remove(self) -> bool:
        """Remove the config."""
        return await self._api.remove_config(self.id)


class AsyncConfigCollection(AsyncCollection[AsyncConfig]):
    """``client.configs``."""

    model = AsyncConfig

    async def create(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        templating: Mapping[str, Any] | None = None,
    ) -> AsyncConfig:
        """Create a config; returns it (inspected, unlike docker-py's id-only object)."""
        created = await self._api.create_config(name, data, labels=labels, templating=templating)
        return await self.get(created.id or "")

    async def get(self, config_id: str) -> AsyncConfig:
        """The config with id or name ``config_id``."""
        return self.prepare_model(await self._api.inspect_config(config_id))

    async def list(self, filters: Mapping[str, Any] | None = None) -> list[AsyncConfig]:
        """List configs."""
        return [self.prepare_model(s) for s in await self._api.configs(filters=filters)]
