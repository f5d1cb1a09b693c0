"""Pure helpers (no I/O to the engine): addresses, ports, conversions, build contexts, streams.

Everything is importable flat from here (``dockersdk.utils.parse_host``) and from its
topic module; ``dockersdk.utils.utils`` re-exports the same names at docker-py's path.
Importing this package loads only the standard library.
"""

from __future__ import annotations

from typing import NoReturn

from dockersdk.errors import DeprecatedMethod
from dockersdk.types._factories import (
    create_container_config,
    create_endpoint_config,
    create_host_config,
    create_networking_config,
)

# The json_stream *module* stays reachable as dockersdk.utils.json_stream (docker-py's
# shape: `from docker.utils import json_stream` gives the module), so its function of the
# same name is not flattened here.
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
