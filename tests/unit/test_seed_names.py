"""Every name the seed and CONTRACT §1 document imports from its documented place.

Names documented but not there yet are listed in strict xfail tests: they fail the suite the
day they land, so the marker gets removed.
"""

from __future__ import annotations

import importlib

import pytest

# module -> names documented there (the seed's ``docker`` replaced by ``dockersdk``).
DOCUMENTED: dict[str, list[str]] = {
    "dockersdk": ["Client", "APIClient", "DockerClient", "from_env", "errors", "models"],
    "dockersdk.types": [
        "LogConfig",
        "Ulimit",
        "HostConfig",
        "ContainerConfig",
        "EndpointConfig",
        "NetworkingConfig",
        "Mount",
        "Healthcheck",
        "IPAMConfig",
        "IPAMPool",
        "DeviceRequest",
        "RestartPolicy",
        "ContainerSpec",
        "TaskTemplate",
        "Resources",
        "UpdateConfig",
        "RollbackConfig",
        "ServiceMode",
        "EndpointSpec",
        "DriverConfig",
        "SecretReference",
        "ConfigReference",
        "Placement",
        "PlacementPreference",
        "Privileges",
        "NetworkAttachmentConfig",
        "DNSConfig",
        "SwarmSpec",
        "SwarmExternalCA",
    ],
    "dockersdk.auth": [
        "auth",
        "load_config",
        "resolve_authconfig",
        "encode_header",
        "resolve_repository_name",
        "get_config_header",
    ],
    "dockersdk.auth.auth": [
        "load_config",
        "resolve_authconfig",
        "encode_header",
        "resolve_repository_name",
        "get_config_header",
        "resolve_index_name",
        "parse_auth",
        "split_repo_name",
        "convert_to_hostname",
        "INDEX_NAME",
        "INDEX_URL",
        "AuthConfig",
    ],
    "dockersdk.tls": ["TLSConfig"],
    "dockersdk.utils.utils": [
        "kwargs_from_env",
        "parse_repository_tag",
        "parse_bytes",
        "convert_port_bindings",
        "convert_volume_binds",
        "split_command",
        "tar",
        "exclude_paths",
    ],
    "dockersdk.utils": [
        "convert_port_bindings",
        "convert_volume_binds",
        "convert_filters",
        "format_environment",
        "parse_repository_tag",
        "parse_host",
        "parse_devices",
        "parse_bytes",
        "parse_env_file",
        "split_command",
        "normalize_links",
        "mkbuildcontext",
        "tar",
        "exclude_paths",
        "compare_version",
        "version_lt",
        "version_gte",
        "kwargs_from_env",
        "datetime_to_timestamp",
        "decode_json_header",
        "check_resource",
        "minimum_version",
        "update_headers",
        "read",
        "read_exactly",
        "next_frame_size",
        "frames_iter",
        "SocketError",
        "split_port",
        "build_port_bindings",
    ],
    "dockersdk.utils.socket": [
        "read",
        "read_exactly",
        "next_frame_size",
        "frames_iter",
        "SocketError",
    ],
    "dockersdk.utils.ports": ["split_port", "build_port_bindings"],
    "dockersdk.utils.decorators": ["check_resource", "minimum_version", "update_headers"],
    "dockersdk.transport": [
        "UnixAdapter",
        "UnixHTTPConnection",
        "UnixHTTPConnectionPool",
        "NpipeAdapter",
        "SSLAdapter",
    ],
}

# The seed's TLSConfig members.
TLS_MEMBERS = ["cert", "ca_cert", "verify", "ssl_version", "assert_hostname", "assert_fingerprint"]

FACTORIES = [
    "create_host_config",
    "create_container_config",
    "create_networking_config",
    "create_endpoint_config",
]
CASES = [(module, name) for module, names in DOCUMENTED.items() for name in names] + [
    (module, name) for module in ("dockersdk.utils", "dockersdk.utils.utils") for name in FACTORIES
]


@pytest.mark.parametrize(("module", "name"), CASES, ids=[f"{m}.{n}" for m, n in CASES])
def test_documented_name_imports(module: str, name: str) -> None:
    assert getattr(importlib.import_module(module), name) is not None


def test_from_imports_as_the_seed_writes_them() -> None:
    from dockersdk.auth import auth
    from dockersdk.tls import TLSConfig
    from dockersdk.types import LogConfig, Ulimit
    from dockersdk.utils.utils import (
        convert_port_bindings,
        convert_volume_binds,
        exclude_paths,
        kwargs_from_env,
        parse_bytes,
        parse_repository_tag,
        split_command,
        tar,
    )

    assert callable(auth.load_config) and callable(auth.encode_header)
    assert LogConfig.types.JSON == "json-file"
    assert Ulimit(name="nofile", soft=1, hard=2).to_api()["Name"] == "nofile"
    assert TLSConfig().verify is False
    assert parse_bytes("512m") == 536870912
    assert all(
        map(
            callable,
            [
                convert_port_bindings,
                convert_volume_binds,
                exclude_paths,
                kwargs_from_env,
                parse_repository_tag,
                split_command,
                tar,
            ],
        )
    )


@pytest.mark.parametrize("attribute", ["JSON", "SYSLOG", "JOURNALD", "GELF", "FLUENTD", "NONE"])
def test_log_config_types(attribute: str) -> None:
    from dockersdk.types import LogConfig

    assert isinstance(getattr(LogConfig.types, attribute), str)


@pytest.mark.parametrize("member", TLS_MEMBERS)
def test_tls_config_members(member: str) -> None:
    from dockersdk.tls import TLSConfig

    assert hasattr(TLSConfig(), member)


def test_tls_config_configure_client() -> None:
    from dockersdk.tls import TLSConfig

    assert callable(TLSConfig().configure_client)


@pytest.mark.parametrize(
    "method",
    [
        name
        for name in (
            "create_host_config",
            "create_container",
            "pull",
            "ping",
            "build",
            "create_endpoint_config",
        )
    ],
)
def test_the_seeds_client_methods(method: str) -> None:
    import dockersdk

    assert callable(getattr(dockersdk.Client, method))
