"""Volumes: ``client.volumes`` (create, get, list, prune) and ``Volume`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel

if TYPE_CHECKING:
    from dockersdk.models import Volume as VolumeAttrs
    from dockersdk.models import VolumePruneResponse

__all__ = ["AsyncVolume", "AsyncVolumeCollection"]


class AsyncVolume(AsyncModel["VolumeAttrs"]):
    """A volume. ``attrs`` is the typed ``Volume`` model; its id is its name."""

    id_attribute = "Name"
    attrs_model = "Volume"

    async def _inspect(self) -> VolumeAttrs:
        return await self._api.inspect_volume(self.id)

    @property
    def name(self) -> str:
        """The volume's name."""
        return self.id

    @property
    def labels(self) -> dict[str, str]:
        """The volume's labels."""
        return dict(self.attrs.labels or {})

    async def remove(self, force: bool = False) -> None:
        """Remove the volume."""
        await self._api.remove_volume(self.id, force=force)


class AsyncVolumeCollection(AsyncCollection[AsyncVolume]):
    """``client.volumes``."""

    model = AsyncVolume

    async def create(
        self,
        name: str | None = None,
        driver: str | None = None,
        driver_opts: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> AsyncVolume:
        """Create a volume (a named one is returned as is if it exists)."""
        created = await self._api.create_volume(
            name, driver=driver, driver_opts=driver_opts, labels=labels
        )
        return self.prepare_model(created)

    async def get(self, volume_id: str) -> AsyncVolume:
        """The volume named ``volume_id``."""
        return self.prepare_model(await self._api.inspect_volume(volume_id))

    async def list(self, filters: Mapping[str, Any] | None = None) -> list[AsyncVolume]:
        """List volumes (one request)."""
        return [
            self.prepare_model(v) for v in (await self._api.volumes(filters=filters)).volumes or []
        ]

    async def prune(self, filters: Mapping[str, Any] | None = None) -> VolumePruneResponse:
        """Remove unused volumes."""
        return await self._api.prune_volumes(filters=filters)
