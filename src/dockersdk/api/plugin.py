"""Plugin endpoints: list, inspect, install (pull/create), enable, configure, push, remove."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.api._base import EndpointMixin
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    filters_param,
    parse_as,
    parse_none,
    upload_content,
)
from dockersdk.api._stream import Stream, decode_progress
from dockersdk.errors import InvalidArgument
from dockersdk.utils.build import tar

if TYPE_CHECKING:
    from dockersdk.models import CreateImageInfo, Plugin, PluginPrivilege

Privileges = Sequence[Mapping[str, Any]]


def _privileges(privileges: Privileges | None) -> list[Any]:
    return [p.to_dict() if hasattr(p, "to_dict") else dict(p) for p in privileges or ()]


class PluginApiMixin(EndpointMixin):
    """Endpoints under ``/plugins``."""

    def plugins(self, filters: Mapping[str, Any] | None = None) -> list[Plugin]:
        """Installed plugins (``GET /plugins``)."""
        from dockersdk.models import Plugin

        return self._call(
            Call("GET", "/plugins", parse_as(list[Plugin]), params=filters_param(filters))
        )

    def inspect_plugin(self, name: str) -> Plugin:
        """Low-level information on an installed plugin."""
        from dockersdk.models import Plugin

        return self._call(
            Call("GET", "/plugins/{name}/json", parse_as(Plugin), path_args={"name": name})
        )

    def plugin_privileges(self, name: str) -> list[PluginPrivilege]:
        """The privileges a plugin in a registry asks for (``GET /plugins/privileges``)."""
        from dockersdk.models import PluginPrivilege

        return self._call(
            Call(
                "GET",
                "/plugins/privileges",
                parse_as(list[PluginPrivilege]),
                params={"remote": name},
                headers=self._auth_headers(name, None),
            )
        )

    def pull_plugin(
        self, remote: str, privileges: Privileges, name: str | None = None
    ) -> Stream[CreateImageInfo]:
        """Install a plugin from a registry (``POST /plugins/pull``).

        Args:
            remote: the plugin reference in its registry.
            privileges: the privileges granted (as :meth:`plugin_privileges` lists them).
            name: the local name (default: ``remote``).

        Returns:
            A :class:`Stream` of typed progress objects; an error object raises.
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
        return Stream(self._stream(call), decode_progress(CreateImageInfo, True))

    def upgrade_plugin(
        self, name: str, remote: str, privileges: Privileges
    ) -> Stream[CreateImageInfo]:
        """Upgrade a disabled plugin to ``remote`` (``POST /plugins/{name}/upgrade``)."""
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
        return Stream(self._stream(call), decode_progress(CreateImageInfo, True))

    def push_plugin(self, name: str) -> Stream[CreateImageInfo]:
        """Push a plugin to its registry (``POST /plugins/{name}/push``).

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
        return Stream(self._stream(call), decode_progress(CreateImageInfo, True))

    def create_plugin(self, name: str, plugin_data_dir: str, gzip: bool = False) -> bool:
        """Create a plugin from a directory holding ``config.json`` and ``rootfs/``
        (``POST /plugins/create``); the directory is archived and uploaded in chunks.

        Returns:
            True.
        """
        if not os.path.isfile(os.path.join(plugin_data_dir, "config.json")):
            raise InvalidArgument(f"create_plugin(): {plugin_data_dir!r} has no config.json")
        with tar(plugin_data_dir, gzip=gzip) as archive:
            self._call(
                Call(
                    "POST",
                    "/plugins/create",
                    parse_none,
                    params={"name": name},
                    content=upload_content(archive),
                    headers={"Content-Type": "application/x-tar"},
                )
            )
        return True

    def enable_plugin(self, name: str, timeout: int = 0) -> bool:
        """Enable a plugin, waiting up to ``timeout`` seconds for it to start."""
        self._call(
            Call(
                "POST",
                "/plugins/{name}/enable",
                parse_none,
                path_args={"name": name},
                params={"timeout": timeout},
            )
        )
        return True

    def disable_plugin(self, name: str, force: bool = False) -> bool:
        """Disable a plugin (``force``: even while in use)."""
        self._call(
            Call(
                "POST",
                "/plugins/{name}/disable",
                parse_none,
                path_args={"name": name},
                params={"force": force},
            )
        )
        return True

    def configure_plugin(self, name: str, options: Mapping[str, Any] | Sequence[str]) -> bool:
        """Set a plugin's settable env, args, mounts or devices (``POST /plugins/{name}/set``).

        Args:
            name: the plugin.
            options: ``{"DEBUG": "1"}`` or ``["DEBUG=1"]``.
        """
        if isinstance(options, Mapping):
            body = [f"{key}={value}" for key, value in options.items()]
        else:
            body = list(options)
        self._call(
            Call("POST", "/plugins/{name}/set", parse_none, path_args={"name": name}, body=body)
        )
        return True

    def remove_plugin(self, name: str, force: bool = False) -> bool:
        """Remove a plugin (``force``: even while enabled)."""
        self._call(
            Call(
                "DELETE",
                "/plugins/{name}",
                parse_none,
                path_args={"name": name},
                params={"force": force},
            )
        )
        return True
