"""Pure helpers (no I/O to the engine): addresses, ports, conversions, build contexts, streams.

Everything is importable flat from here (``dockersdk.utils.parse_host``) and from its
topic module; ``dockersdk.utils.utils`` re-exports the same names at docker-py's path.
The flat names load on first use: importing this package (or one topic module, as the
clients do) loads nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NoReturn

from dockersdk.errors import DeprecatedMethod

# ``json_stream`` is the module, as in docker-py (``from docker.utils import json_stream``):
# importing it sets the attribute; its function of the same name is not flattened here.
if TYPE_CHECKING:
    from dockersdk.types._factories import (
        create_container_config,
        create_endpoint_config,
        create_host_config,
        create_networking_config,
    )
    from dockersdk.utils import json_stream
    from dockersdk.utils.archive import extract_archive
    from dockersdk.utils.build import (
        create_archive,
        exclude_paths,
        match_tag,
        mkbuildcontext,
        read_dockerignore,
        tar,
    )
    from dockersdk.utils.conversions import (
        convert_filters,
        convert_port_bindings,
        convert_service_networks,
        convert_tmpfs_mounts,
        convert_volume_binds,
        datetime_to_timestamp,
        decode_json_header,
        format_environment,
        format_extra_hosts,
        normalize_links,
    )
    from dockersdk.utils.decorators import check_resource, minimum_version, update_headers
    from dockersdk.utils.dockerignore import parse_dockerignore
    from dockersdk.utils.env import kwargs_from_env, parse_env_file
    from dockersdk.utils.frames import Frame, FrameDecoder, demux_frames, iter_frames
    from dockersdk.utils.hosts import ParsedHost, URLComponents, parse_host
    from dockersdk.utils.json_stream import JSONStreamDecoder
    from dockersdk.utils.parsing import (
        parse_bytes,
        parse_devices,
        parse_repository_tag,
        split_command,
    )
    from dockersdk.utils.ports import PortSpec, build_port_bindings, split_port
    from dockersdk.utils.socket import (
        SocketError,
        frames_iter,
        next_frame_header,
        next_frame_size,
        read,
        read_exactly,
    )
    from dockersdk.utils.versions import compare_version, version_gte, version_lt

#: Each flat name -> the module that defines it.
_MODULES: dict[str, str] = {
    "Frame": "dockersdk.utils.frames",
    "FrameDecoder": "dockersdk.utils.frames",
    "JSONStreamDecoder": "dockersdk.utils.json_stream",
    "ParsedHost": "dockersdk.utils.hosts",
    "PortSpec": "dockersdk.utils.ports",
    "SocketError": "dockersdk.utils.socket",
    "URLComponents": "dockersdk.utils.hosts",
    "build_port_bindings": "dockersdk.utils.ports",
    "check_resource": "dockersdk.utils.decorators",
    "compare_version": "dockersdk.utils.versions",
    "convert_filters": "dockersdk.utils.conversions",
    "convert_port_bindings": "dockersdk.utils.conversions",
    "convert_service_networks": "dockersdk.utils.conversions",
    "convert_tmpfs_mounts": "dockersdk.utils.conversions",
    "convert_volume_binds": "dockersdk.utils.conversions",
    "create_archive": "dockersdk.utils.build",
    "create_container_config": "dockersdk.types._factories",
    "create_endpoint_config": "dockersdk.types._factories",
    "create_host_config": "dockersdk.types._factories",
    "create_networking_config": "dockersdk.types._factories",
    "datetime_to_timestamp": "dockersdk.utils.conversions",
    "decode_json_header": "dockersdk.utils.conversions",
    "demux_frames": "dockersdk.utils.frames",
    "exclude_paths": "dockersdk.utils.build",
    "extract_archive": "dockersdk.utils.archive",
    "format_environment": "dockersdk.utils.conversions",
    "format_extra_hosts": "dockersdk.utils.conversions",
    "frames_iter": "dockersdk.utils.socket",
    "iter_frames": "dockersdk.utils.frames",
    "kwargs_from_env": "dockersdk.utils.env",
    "match_tag": "dockersdk.utils.build",
    "minimum_version": "dockersdk.utils.decorators",
    "mkbuildcontext": "dockersdk.utils.build",
    "next_frame_header": "dockersdk.utils.socket",
    "next_frame_size": "dockersdk.utils.socket",
    "normalize_links": "dockersdk.utils.conversions",
    "parse_bytes": "dockersdk.utils.parsing",
    "parse_devices": "dockersdk.utils.parsing",
    "parse_dockerignore": "dockersdk.utils.dockerignore",
    "parse_env_file": "dockersdk.utils.env",
    "parse_host": "dockersdk.utils.hosts",
    "parse_repository_tag": "dockersdk.utils.parsing",
    "read": "dockersdk.utils.socket",
    "read_dockerignore": "dockersdk.utils.build",
    "read_exactly": "dockersdk.utils.socket",
    "split_command": "dockersdk.utils.parsing",
    "split_port": "dockersdk.utils.ports",
    "tar": "dockersdk.utils.build",
    "update_headers": "dockersdk.utils.decorators",
    "version_gte": "dockersdk.utils.versions",
    "version_lt": "dockersdk.utils.versions",
}


def create_ipam_pool(*args: object, **kwargs: object) -> NoReturn:
    """Removed in docker-py: build a :class:`dockersdk.types.IPAMPool` instead.

    Raises:
        DeprecatedMethod: always.
    """
    raise DeprecatedMethod(
        "utils.create_ipam_pool has been removed. Please use a docker.types.IPAMPool object "
        "instead."
    )


def create_ipam_config(*args: object, **kwargs: object) -> NoReturn:
    """Removed in docker-py: build a :class:`dockersdk.types.IPAMConfig` instead.

    Raises:
        DeprecatedMethod: always.
    """
    raise DeprecatedMethod(
        "utils.create_ipam_config has been removed. Please use a docker.types.IPAMConfig "
        "object instead."
    )


__all__ = [
    "Frame",
    "FrameDecoder",
    "JSONStreamDecoder",
    "ParsedHost",
    "PortSpec",
    "SocketError",
    "URLComponents",
    "build_port_bindings",
    "check_resource",
    "compare_version",
    "convert_filters",
    "convert_port_bindings",
    "convert_service_networks",
    "convert_tmpfs_mounts",
    "convert_volume_binds",
    "create_archive",
    "create_container_config",
    "create_endpoint_config",
    "create_host_config",
    "create_ipam_config",
    "create_ipam_pool",
    "create_networking_config",
    "datetime_to_timestamp",
    "decode_json_header",
    "demux_frames",
    "exclude_paths",
    "extract_archive",
    "format_environment",
    "format_extra_hosts",
    "frames_iter",
    "iter_frames",
    "json_stream",
    "kwargs_from_env",
    "match_tag",
    "minimum_version",
    "mkbuildcontext",
    "next_frame_header",
    "next_frame_size",
    "normalize_links",
    "parse_bytes",
    "parse_devices",
    "parse_dockerignore",
    "parse_env_file",
    "parse_host",
    "parse_repository_tag",
    "read",
    "read_dockerignore",
    "read_exactly",
    "split_command",
    "split_port",
    "tar",
    "update_headers",
    "version_gte",
    "version_lt",
]


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name == "json_stream":  # the submodule, as in docker-py
            return importlib.import_module("dockersdk.utils.json_stream")
        try:
            module = _MODULES[name]
        except KeyError:
            raise AttributeError(f"module 'dockersdk.utils' has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
