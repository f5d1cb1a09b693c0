"""Engine plugins: ``client.plugins`` (create, get, install, list) and ``Plugin`` objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.errors import DockerException
from dockersdk.resources._base import Collection, Model

if TYPE_CHECKING:
    from dockersdk.models import CreateImageInfo, PluginSettings
    from dockersdk.models import Plugin as PluginAttrs

__all__ = ["Plugin", "PluginCollection"]


class Plugin(Model["PluginAttrs"]):
    """A plugin. ``attrs`` is the typed ``Plugin`` model."""

    attrs_model = "Plugin"

    def _inspect(self) -> PluginAttrs:
        return self._api.inspect_plugin(self.name or self.id)

    @property
    def name(self) -> str | None:
        """The plugin's name (``vieux/sshfs:latest``)."""
        return self.attrs.name

    @property
    def enabled(self) -> bool:
        """True if the plugin is enabled."""
        return bool(self.attrs.enabled)

    @property
    def settings(self) -> PluginSettings | None:
        """The plugin's settings."""
        return self.attrs.settings

    def __repr__(self) -> str:
        return f"<Plugin: '{self.name}'>"

    def _ref(self) -> str:
        return self.name or self.id

    def configure(self, options: Mapping[str, Any] | Sequence[str]) -> None:
        """Set the plugin's settings (``{"DEBUG": "1"}``), then reload."""
        self._api.configure_plugin(self._ref(), options)
        self.reload()

    def disable(self, force: bool = False) -> None:
        """Disable the plugin, then reload."""
        self._api.disable_plugin(self._ref(), force)
        self.reload()

    def enable(self, timeout: int = 0) -> None:
        """Enable the plugin, then reload."""
        self._api.enable_plugin(self._ref(), timeout)
        self.reload()

    def push(self) -> Any:
        """Push the plugin to its registry."""
        return self._api.push_plugin(self._ref())

    def remove(self, force: bool = False) -> bool:
        """Remove the plugin."""
        return self._api.remove_plugin(self._ref(), force=force)

    def upgrade(self, remote: str | None = None) -> Iterator[CreateImageInfo]:
        """Upgrade the (disabled) plugin to ``remote``; yields progress, then reloads.

        Raises:
            DockerException: the plugin is enabled.
        """
        if self.enabled:
            raise DockerException("Plugin must be disabled before upgrading.")
        remote = remote or self._ref()
        privileges = [p.to_dict() for p in self._api.plugin_privileges(remote)]
        with self._api.upgrade_plugin(self._ref(), remote, privileges) as progress:
            yield from progress
        self.reload()


class PluginCollection(Collection[Plugin]):
    """``client.plugins``."""

    model = Plugin

    def create(self, name: str, plugin_data_dir: str, gzip: bool = False) -> Plugin:
        """Create a plugin from a directory with ``config.json`` and ``rootfs``."""
        self._api.create_plugin(name, plugin_data_dir, gzip)
        return self.get(name)

    def get(self, name: str) -> Plugin:
        """The plugin named ``name``."""
        return self.prepare_model(self._api.inspect_plugin(name))

    def install(self, remote_name: str, local_name: str | None = None) -> Plugin:
        """Pull and install a plugin, granting the privileges it asks for."""
        privileges = [p.to_dict() for p in self._api.plugin_privileges(remote_name)]
        with self._api.pull_plugin(remote_name, privileges, local_name) as progress:
            for _ in progress:
                pass
        return self.get(local_name or remote_name)

    def list(self, filters: Mapping[str, Any] | None = None) -> list[Plugin]:
        """List installed plugins."""
        return [self.prepare_model(p) for p in self._api.plugins(filters=filters)]
