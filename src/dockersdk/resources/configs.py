"""Swarm configs: ``client.configs`` (create, get, list) and ``Config`` objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.resources._base import Collection, Model

if TYPE_CHECKING:
    from dockersdk.models import Config as ConfigAttrs

__all__ = ["Config", "ConfigCollection"]


class Config(Model["ConfigAttrs"]):
    """A config. ``attrs`` is the typed ``Config`` model (``Spec.Data`` holds the data)."""

    id_attribute = "ID"
    attrs_model = "Config"

    def _inspect(self) -> ConfigAttrs:
        return self._api.inspect_config(self.id)

    @property
    def name(self) -> str | None:
        """The config's name."""
        spec = self.attrs.spec
        return spec.name if spec is not None else None

    def __repr__(self) -> str:
        return f"<Config: '{self.name}'>"

    def remove(self) -> bool:
        """Remove the config."""
        return self._api.remove_config(self.id)


class ConfigCollection(Collection[Config]):
    """``client.configs``."""

    model = Config

    def create(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        templating: Mapping[str, Any] | None = None,
    ) -> Config:
        """Create a config; returns it (inspected, unlike docker-py's id-only object)."""
        created = self._api.create_config(name, data, labels=labels, templating=templating)
        return self.get(created.id or "")

    def get(self, config_id: str) -> Config:
        """The config with id or name ``config_id``."""
        return self.prepare_model(self._api.inspect_config(config_id))

    def list(self, filters: Mapping[str, Any] | None = None) -> list[Config]:
        """List configs."""
        return [self.prepare_model(s) for s in self._api.configs(filters=filters)]
