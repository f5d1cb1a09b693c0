"""Volume endpoints: list, inspect, create, update, remove, prune."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import Call, ResourceRef, filters_param, parse_as, parse_none
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import Volume, VolumeListResponse, VolumePruneResponse


class AsyncVolumeApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/volumes``."""

    async def volumes(self, filters: Mapping[str, Any] | None = None) -> VolumeListResponse:
        """List volumes: ``Volumes`` and ``Warnings``."""
        from dockersdk.models import VolumeListResponse

        params = {"filters": convert_filters(filters) if filters else None}
        return await self._call(
            Call("GET", "/volumes", parse_as(VolumeListResponse), params=params)
        )

    async def create_volume(
        self,
        name: str | None = None,
        driver: str | None = None,
        driver_opts: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Volume:
        """Create a volume (or return the existing one of that name)."""
        from dockersdk.models import Volume

        body = {"Name": name, "Driver": driver, "DriverOpts": driver_opts, "Labels": labels}
        return await self._call(
            Call(
                "POST",
                "/volumes/create",
                parse_as(Volume),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    async def inspect_volume(self, name: ResourceRef) -> Volume:
        """Low-level information on a volume."""
        from dockersdk.models import Volume

        return await self._call(
            Call("GET", "/volumes/{name}", parse_as(Volume), path_args={"name": name})
        )

    async def remove_volume(self, name: ResourceRef, force: bool = False) -> None:
        """Remove a volume."""
        await self._call(
            Call(
                "DELETE",
                "/volumes/{name}",
                parse_none,
                path_args={"name": name},
                params={"force": force},
            )
        )

    async def update_volume(self, name: str, version: int, spec: Mapping[str, Any]) -> None:
        """Change a cluster volume's spec (``PUT /volumes/{name}``, API >= 1.42).

        Args:
            name: the volume.
            version: its ``ClusterVolume.Version.Index``.
            spec: the ``ClusterVolumeSpec`` in API form (only ``Availability`` may change).
        """
        await self._call(
            Call(
                "PUT",
                "/volumes/{name}",
                parse_none,
                path_args={"name": name},
                params={"version": version},
                body={"Spec": dict(spec)},
            )
        )

    async def prune_volumes(self, filters: Mapping[str, Any] | None = None) -> VolumePruneResponse:
        """Remove unused volumes (``POST /volumes/prune``).

        Args:
            filters: ``label``, and ``all`` (API >= 1.42: named volumes too, not only
                anonymous ones).

        Returns:
            ``VolumesDeleted`` and ``SpaceReclaimed``.
        """
        from dockersdk.models import VolumePruneResponse

        return await self._call(
            Call(
                "POST",
                "/volumes/prune",
                parse_as(VolumePruneResponse),
                params=filters_param(filters),
            )
        )
