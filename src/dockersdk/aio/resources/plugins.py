"""Engine plugins: ``client.plugins`` (create, get, install, list) and ``Plugin`` objects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
from dockersdk.errors import DockerException

if TYPE_CHECKING:
    from dockersdk.aio.api._stream import AsyncStream
    from dockersdk.models import CreateImageInfo, PluginSettings
    from dockersdk.models import Plugin as PluginAttrs

__all__ = ["AsyncPlugin", "AsyncPluginCollection"]


class AsyncPlugin(AsyncModel["PluginAttrs"]):
    """A plugin. ``attrs`` is the typed ``Plugin`` model."""

    attrs_model = "Plugin"

    async def _inspect(self) -> PluginAttrs:
        return await self._api.inspect_plugin(self.name or self.id)

    @property
    def name(self) -> str | None:
        """The plugin's name (``vieux/sshfs:latest``); None for an object made without data."""
        return self.attrs.name if "Name" in self.attrs else None

    @property
    def enabled(self) -> bool:
        """True if the plugin is enabled."""
        return "Enabled" in self.attrs and self.attrs.enabled

    @property
    def settings(self) -> PluginSettings | None:
        """The plugin's settings (None for an object made without data)."""
        return self.attrs.settings if "Settings" in self.attrs else None

    def __repr__(self) -> str:
        return f"<Plugin: '{self.name}'>"

    def _ref(self) -> str:
        return self.name or self.id

    async def configure(self, options: Mapping[str, Any] | Sequence[str]) -> None:
        """Set the plugin's settings (``{"DEBUG": "1"}``), then reload."""
        await self._api.configure_plugin(self._ref(), options)
        await self.reload()

    async def disable(self, force: bool = False) -> None:
        """Disable the plugin, then reload."""
        await self._api.disable_plugin(self._ref(), force)
        await self.reload()

    async def enable(self, timeout: int = 0) -> None:
        """Enable the plugin, then reload."""
        await self._api.enable_plugin(self._ref(), timeout)
        await self.reload()

    async def push(self) -> AsyncStream[CreateImageInfo]:
        """Push the plugin to its registry."""
        return await self._api.push_plugin(self._ref())

    async def remove(self, force: bool = False) -> bool:
        """Remove the plugin."""
        return await self._api.remove_plugin(self._ref(), force=force)

    async def upgrade(self, remote: str | None = None) -> AsyncIterator[CreateImageInfo]:
        """Upgrade the (disabled) plugin to ``remote``; yields progress, then reloads.

        Raises:
            DockerException: the plugin is enabled.
        """
        if self.enabled:
            raise DockerException("Plugin must be disabled before upgrading.")
        remote = remote or self._ref()
        privileges = [p.to_dict() for p in await self._api.plugin_privileges(remote)]
        async with await self._api.upgrade_plugin(self._ref(), remote, privileges) as progress:
            async for item in progress:
                yield item
        await self.reload()


class AsyncPluginCollection(AsyncCollection[AsyncPlugin]):
    """``client.plugins``."""

    model = AsyncPlugin

    async def create(self, name: str, plugin_data_dir: str, gzip: bool = False) -> AsyncPlugin:
        """Create a plugin from a directory with ``config.json`` and ``rootfs``."""
        await self._api.create_plugin(name, plugin_data_dir, gzip)
        return await self.get(name)

    async def get(self, name: str) -> AsyncPlugin:
        """The plugin named ``name``."""
        return self.prepare_model(await self._api.inspect_plugin(name))

    async def install(self, remote_name: str, local_name: str | None = None) -> AsyncPlugin:
        """Pull and install a plugin, granting the privileges it asks for."""
        privileges = [p.to_dict() for p in await self._api.plugin_privileges(remote_name)]
        async with await self._api.pull_plugin(
            remote_name, privileges, local_name, raise_on_error=True
        ) as progress:
            async for _ in progress:
                pass
        return await self.get(local_name or remote_name)

    async def list(self, filters: Mapping[str, Any] | None = None) -> list[AsyncPlugin]:
        """List installed plugins."""
        return [self.prepare_model(p) for p in await self._api.plugins(filters=filters)]
