"""Swarm secrets: ``client.secrets`` (create, get, list) and ``Secret`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.resources._base import Collection, Model

if TYPE_CHECKING:
    from dockersdk.models import Secret as SecretAttrs

__all__ = ["Secret", "SecretCollection"]


class Secret(Model["SecretAttrs"]):
    """A secret. ``attrs`` is the typed ``Secret`` model (the data itself is never returned)."""

    id_attribute = "ID"
    attrs_model = "Secret"

    def _inspect(self) -> SecretAttrs:
        return self._api.inspect_secret(self.id)

    @property
    def name(self) -> str | None:
        """The secret's name."""
        spec = self.attrs.spec
        return spec.name if spec is not None else None

    def __repr__(self) -> str:
        return f"<Secret: '{self.name}'>"

    def remove(self) -> bool:
        """Remove the secret."""
        return self._api.remove_secret(self.id)


class SecretCollection(Collection[Secret]):
    """``client.secrets``."""

    model = Secret

    def create(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        driver: Mapping[str, Any] | None = None,
    ) -> Secret:
        """Create a secret; returns it (inspected, unlike docker-py's id-only object)."""
        created = self._api.create_secret(name, data, labels=labels, driver=driver)
        return self.get(created.id or "")

    def get(self, secret_id: str) -> Secret:
        """The secret with id or name ``secret_id``."""
        return self.prepare_model(self._api.inspect_secret(secret_id))

    def list(self, filters: Mapping[str, Any] | None = None) -> list[Secret]:
        """List secrets."""
        return [self.prepare_model(s) for s in self._api.secrets(filters=filters)]
