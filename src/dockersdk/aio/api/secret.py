"""Secret and config endpoints: the swarm's two kinds of named data objects."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import Call, ResourceRef, filters_param, parse_as, parse_none

if TYPE_CHECKING:
    from dockersdk.models import Config, ConfigCreateResponse, Secret, SecretCreateResponse


def _data(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


class AsyncSecretApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/secrets`` and ``/configs``."""

    async def create_secret(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        driver: Mapping[str, Any] | None = None,
    ) -> SecretCreateResponse:
        """Create a secret; ``data`` is base64-encoded for the engine. Returns its ``ID``."""
        from dockersdk.models import SecretCreateResponse

        body = {"Name": name, "Data": _data(data), "Labels": labels, "Driver": driver}
        return await self._call(
            Call(
                "POST",
                "/secrets/create",
                parse_as(SecretCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    async def secrets(self, filters: Mapping[str, Any] | None = None) -> list[Secret]:
        """List secrets (their data is never returned by the engine)."""
        from dockersdk.models import Secret

        return await self._call(
            Call("GET", "/secrets", parse_as(list[Secret]), params=filters_param(filters))
        )

    async def inspect_secret(self, id: ResourceRef) -> Secret:
        """Low-level information on a secret."""
        from dockersdk.models import Secret

        return await self._call(
            Call("GET", "/secrets/{id}", parse_as(Secret), path_args={"id": id})
        )

    async def remove_secret(self, id: ResourceRef) -> bool:
        """Remove a secret; returns True."""
        await self._call(Call("DELETE", "/secrets/{id}", parse_none, path_args={"id": id}))
        return True

    async def create_config(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        templating: Mapping[str, Any] | None = None,
    ) -> ConfigCreateResponse:
        """Create a config; ``data`` is base64-encoded for the engine. Returns its ``ID``."""
        from dockersdk.models import ConfigCreateResponse

        body = {"Name": name, "Data": _data(data), "Labels": labels, "Templating": templating}
        return await self._call(
            Call(
                "POST",
                "/configs/create",
                parse_as(ConfigCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    async def configs(self, filters: Mapping[str, Any] | None = None) -> list[Config]:
        """List configs."""
        from dockersdk.models import Config

        return await self._call(
            Call("GET", "/configs", parse_as(list[Config]), params=filters_param(filters))
        )

    async def inspect_config(self, id: ResourceRef) -> Config:
        """Low-level information on a config."""
        from dockersdk.models import Config

        return await self._call(
            Call("GET", "/configs/{id}", parse_as(Config), path_args={"id": id})
        )

    async def remove_config(self, id: ResourceRef) -> bool:
        """Remove a config; returns True."""
        await self._call(Call("DELETE", "/configs/{id}", parse_none, path_args={"id": id}))
        return True

    async def update_secret(
        self,
        id: str,
        version: int | None = None,
        labels: Mapping[str, str] | None = None,
        spec: Mapping[str, Any] | None = None,
    ) -> bool:
        """Change a secret's labels (the only field the engine lets change)
        (``POST /secrets/{id}/update``).

        Args:
            id: the secret.
            version: its ``Version.Index`` (default: looked up).
            labels: the new labels, applied to the current spec.
            spec: a whole spec in API form instead of ``labels``.

        Returns:
            True.
        """
        await self._update("secrets", id, version, labels, spec)
        return True

    async def update_config(
        self,
        id: str,
        version: int | None = None,
        labels: Mapping[str, str] | None = None,
        spec: Mapping[str, Any] | None = None,
    ) -> bool:
        """Change a config's labels (``POST /configs/{id}/update``); arguments as for
        :meth:`update_secret`."""
        await self._update("configs", id, version, labels, spec)
        return True

    async def _update(
        self,
        kind: str,
        id: str,
        version: int | None,
        labels: Mapping[str, str] | None,
        spec: Mapping[str, Any] | None,
    ) -> None:
        body = dict(spec) if spec is not None else None
        if body is None or version is None:
            current = (
                await self.inspect_secret(id)
                if kind == "secrets"
                else await self.inspect_config(id)
            )
            if version is None:
                version = current.version.index if current.version is not None else None
            if body is None:
                body = current.spec.to_dict() if current.spec is not None else {}
        if labels is not None:
            body["Labels"] = dict(labels)
        await self._call(
            Call(
                "POST",
                f"/{kind}/{{id}}/update",
                parse_none,
                path_args={"id": id},
                params={"version": version},
                body=body,
            )
        )
