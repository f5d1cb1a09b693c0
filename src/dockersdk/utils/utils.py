"""docker-py's ``docker.utils.utils`` path: the same helpers as :mod:`dockersdk.utils`."""

from __future__ import annotations

from dockersdk.types._factories import (
    create_container_config,
    create_endpoint_config,
    create_host_config,
    create_networking_config,
)
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
from dockersdk.utils.env import kwargs_from_env, parse_env_file
from dockersdk.utils.hosts import (
    DEFAULT_HTTP_HOST,
    DEFAULT_NPIPE,
    DEFAULT_UNIX_SOCKET,
    ParsedHost,
    parse_host,
)
from dockersdk.utils.parsing import (
    BYTE_UNITS,
    parse_bytes,
    parse_devices,
    parse_repository_tag,
    split_command,
)
from dockersdk.utils.ports import build_port_bindings, split_port
from dockersdk.utils.versions import compare_version, version_gte, version_lt

__all__ = [
    "BYTE_UNITS",
    "DEFAULT_HTTP_HOST",
    "DEFAULT_NPIPE",
    "DEFAULT_UNIX_SOCKET",
    "ParsedHost",
    "build_port_bindings",
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
    "create_networking_config",
    "datetime_to_timestamp",
    "decode_json_header",
    "exclude_paths",
    "format_environment",
    "format_extra_hosts",
    "kwargs_from_env",
    "match_tag",
    "mkbuildcontext",
    "normalize_links",
    "parse_bytes",
    "parse_devices",
    "parse_env_file",
    "parse_host",
    "parse_repository_tag",
    "read_dockerignore",
    "split_command",
    "split_port",
    "tar",
    "version_gte",
    "version_lt",
]
