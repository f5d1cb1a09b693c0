"""Plugin endpoints: list, inspect, install (pull/create), enable, configure, push, remove."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.aio._flavour import async_upload_content
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import AsyncStream, decode_progress
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    filters_param,
    parse_as,
    parse_none,
)
from dockersdk.errors import InvalidArgument

if TYPE_CHECKING:
    from dockersdk.models import CreateImageInfo, Plugin, PluginPrivilege

Privileges = Sequence[Mapping[str, Any]]


def _privilege(privilege: Any) -> dict[str, Any]:
    to_dict = getattr(privilege, "to_dict", None)  # a PluginPrivilege model
    data: Any = to_dict() if callable(to_dict) else privilege
    return dict(data)


def _privileges(privileges: Privileges | None) -> list[Any]:
    return [_privilege(p) for p in privileges or ()]


class AsyncPluginApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/plugins``."""

    async def plugins(self, filters: Mapping[str, Any] | None = None) -> list[Plugin]:
        """Installed plugins (``GET /plugins``)."""
        from dockersdk.models import Plugin

        return await self._call(
            Call("GET", "/plugins", parse_as(list[Plugin]), params=filters_param(filters))
        )

    async def inspect_plugin(self, name: str) -> Plugin:
        """Low-level information on an installed plugin."""
        from dockersdk.models import Plugin

        return await self._call(
            Call("GET", "/plugins/{name}/json", parse_as(Plugin), path_args={"name": name})
        )

    async def plugin_privileges(self, name: str) -> list[PluginPrivilege]:
        """The privileges a plugin in a registry asks for (``GET /plugins/privileges``)."""
        from dockersdk.models import PluginPrivilege

        return await self._call(
            Call(
                "GET",
                "/plugins/privileges",
                parse_as(list[PluginPrivilege]),
                params={"remote": name},
                headers=self._auth_headers(name, None),
            )
        )

    async def pull_plugin(
        self,
        remote: str,
        privileges: Privileges,
        name: str | None = None,
        *,
        raise_on_error: bool = False,
    ) -> AsyncStream[CreateImageInfo]:
        """Install a plugin from a registry (``POST /plugins/pull``).

        Args:
            remote: the plugin reference in its registry.
            privileges: the privileges granted (as :meth:`plugin_privileges` lists them).
            name: the local name (default: ``remote``).
            raise_on_error: raise :class:`APIError` for an error object in the progress
                instead of yielding it as docker-py does.

        Returns:
            A :class:`AsyncStream` of typed progress objects.
        """
        from dockersdk.models import CreateImageInfo

        call = Call(
            "POST",
            "/plugins/pull",
            parse_none,
            params={"remote": remote, "name": name},
            body=_privileges(privileges),
            headers=self._auth_headers(remote, None),
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return await AsyncStream.open(
            self._stream(call),
            decode_progress(CreateImageInfo, True, raise_on_error=raise_on_error),
        )

    async def upgrade_plugin(
        self, name: str, remote: str, privileges: Privileges, *, raise_on_error: bool = False
    ) -> AsyncStream[CreateImageInfo]:
        """Upgrade a disabled plugin to ``remote`` (``POST /plugins/{name}/upgrade``); an error
        object in the progress is yielded as docker-py does, or raises with
        ``raise_on_error``."""
        from dockersdk.models import CreateImageInfo

        call = Call(
            "POST",
            "/plugins/{name}/upgrade",
            parse_none,
            path_args={"name": name},
            params={"remote": remote},
            body=_privileges(privileges),
            headers=self._auth_headers(remote, None),
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return await AsyncStream.open(
            self._stream(call),
            decode_progress(CreateImageInfo, True, raise_on_error=raise_on_error),
        )

    async def push_plugin(
        self, name: str, *, raise_on_error: bool = False
    ) -> AsyncStream[CreateImageInfo]:
        """Push a plugin to its registry (``POST /plugins/{name}/push``); an error object in
        the progress is yielded as docker-py does, or raises with ``raise_on_error``.

        docker-py posts to the pull endpoint instead, which cannot push; this goes to the
        documented push endpoint.
        """
        from dockersdk.models import CreateImageInfo

        call = Call(
            "POST",
            "/plugins/{name}/push",
            parse_none,
            path_args={"name": name},
            headers=self._auth_headers(name, None, always=True),
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return await AsyncStream.open(
            self._stream(call),
            decode_progress(CreateImageInfo, True, raise_on_error=raise_on_error),
        )

    async def create_plugin(self, name: str, plugin_data_dir: str, gzip: bool = False) -> bool:
        """Create a plugin from a directory holding ``config.json`` and ``rootfs/``
        (``POST /plugins/create``); the directory is archived and uploaded in chunks.

        Returns:
            True.
        """
        from dockersdk.utils.build import tar

        if not os.path.isfile(os.path.join(plugin_data_dir, "config.json")):
            raise InvalidArgument(f"create_plugin(): {plugin_data_dir!r} has no config.json")
        with tar(plugin_data_dir, gzip=gzip) as archive:
            await self._call(
                Call(
                    "POST",
                    "/plugins/create",
                    parse_none,
                    params={"name": name},
                    content=async_upload_content(archive),
                    headers={"Content-Type": "application/x-tar"},
                )
            )
        return True

    async def enable_plugin(self, name: str, timeout: int = 0) -> bool:
        """Enable a plugin, waiting up to ``timeout`` seconds for it to start."""
        await self._call(
            Call(
                "POST",
                "/plugins/{name}/enable",
                parse_none,
                path_args={"name": name},
                params={"timeout": timeout},
            )
        )
        return True

    async def disable_plugin(self, name: str, force: bool = False) -> bool:
        """Disable a plugin (``force``: even while in use)."""
        await self._call(
            Call(
                "POST",
                "/plugins/{name}/disable",
                parse_none,
                path_args={"name": name},
                params={"force": force},
            )
        )
        return True

    async def configure_plugin(self, name: str, options: Mapping[str, Any] | Sequence[str]) -> bool:
        """Set a plugin's settable env, args, mounts or devices (``POST /plugins/{name}/set``).

        Args:
            name: the plugin.
            options: ``{"DEBUG": "1"}`` or ``["DEBUG=1"]``.
        """
        if isinstance(options, Mapping):
            body = [f"{key}={value}" for key, value in options.items()]
        else:
            body = list(options)
        await self._call(
            Call("POST", "/plugins/{name}/set", parse_none, path_args={"name": name}, body=body)
        )
        return True

    async def remove_plugin(self, name: str, force: bool = False) -> bool:
        """Remove a plugin (``force``: even while enabled)."""
        await self._call(
            Call(
                "DELETE",
                "/plugins/{name}",
                parse_none,
                path_args={"name": name},
                params={"force": force},
            )
        )
        return True
