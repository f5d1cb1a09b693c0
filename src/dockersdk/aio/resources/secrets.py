"""Swarm secrets: ``client.secrets`` (create, get, list) and ``Secret`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel

if TYPE_CHECKING:
    from dockersdk.models import Secret as SecretAttrs

__all__ = ["AsyncSecret", "AsyncSecretCollection"]


class AsyncSecret(AsyncModel["SecretAttrs"]):
    """A secret. ``attrs`` is the typed ``Secret`` model (the data itself is never returned)."""

    id_attribute = "ID"
    attrs_model = "Secret"

    async def _inspect(self) -> SecretAttrs:
        return await self._api.inspect_secret(self.id)

    @property
    def name(self) -> str | None:
        """The secret's name."""
        spec = self.attrs.spec
        return spec.name if spec is not None else None

    def __repr__(self) -> str:
        return f"<Secret: '{self.name}'>"

    async def remove(self) -> bool:
        """Remove the secret."""
        return await self._api.remove_secret(self.id)


class AsyncSecretCollection(AsyncCollection[AsyncSecret]):
    """``client.secrets``."""

    model = AsyncSecret

    async def create(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        driver: Mapping[str, Any] | None = None,
    ) -> AsyncSecret:
        """Create a secret; returns it (inspected, unlike docker-py's id-only object)."""
        created = await self._api.create_secret(name, data, labels=labels, driver=driver)
        return await self.get(created.id or "")

    async def get(self, secret_id: str) -> AsyncSecret:
        """The secret with id or name ``secret_id``."""
        return self.prepare_model(await self._api.inspect_secret(secret_id))

    async def list(self, filters: Mapping[str, Any] | None = None) -> list[AsyncSecret]:
        """List secrets."""
        return [self.prepare_model(s) for s in await self._api.secrets(filters=filters)]
