"""``HostConfig``, ``ContainerConfig`` and the container-side builders: docker-py's dicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.types import (
    ContainerConfig,
    ContainerRestartPolicy,
    DeviceRequest,
    Healthcheck,
    HostConfig,
    LogConfig,
    Mount,
    RestartPolicy,
    Ulimit,
)
from tests.fixtures.typed import typed

# What docker-py 7.1 sends for the seed's create_host_config example (its dict, which
# carries no None values here).
SEED_EXPECTED = {
    "Binds": ["/host/data:/container/data:rw", "/host/logs:/container/logs:rw"],
    "PortBindings": {
        "8080/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "9000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "9000"}],
    },
    "Memory": 536870912,
    "CpuShares": 512,
    "Ulimits": [
        {"Name": "nofile", "Soft": 1024, "Hard": 2048},
        {"Name": "nproc", "Soft": 128, "Hard": 256},
    ],
    "CapAdd": ["NET_ADMIN"],
    "CapDrop": ["MKNOD"],
    "Dns": ["8.8.8.8", "8.8.4.4"],
    "ExtraHosts": ["api.example.com:192.168.1.100"],
    "LogConfig": {"Type": "json-file", "Config": {"max-size": "10m", "max-file": "3"}},
    "RestartPolicy": {"Name": "unless-stopped"},
    "NetworkMode": "default",
}


def seed_host_config(version: str | None = None) -> HostConfig:
    return HostConfig(
        version,
        binds={
            "/host/data": {"bind": "/container/data", "mode": "rw"},
            "/host/logs": {"bind": "/container/logs", "mode": "rw"},
        },
        port_bindings={"8080/tcp": 8080, "9000/tcp": ("127.0.0.1", 9000)},
        mem_limit="512m",
        cpu_shares=512,
        ulimits=[
            Ulimit(name="nofile", soft=1024, hard=2048),
            Ulimit(name="nproc", soft=128, hard=256),
        ],
        privileged=False,
        cap_add=["NET_ADMIN"],
        cap_drop=["MKNOD"],
        dns=["8.8.8.8", "8.8.4.4"],
        extra_hosts=["api.example.com:192.168.1.100"],
        log_config=LogConfig(
            type=LogConfig.types.JSON, config={"max-size": "10m", "max-file": "3"}
        ),
        restart_policy={"Name": "unless-stopped"},
    )


@pytest.mark.parametrize("version", [None, "auto", "1.25", "1.41", "1.51"])
def test_seed_example_gives_exactly_docker_pys_dict(version: str | None) -> None:
    assert seed_host_config(version).to_api() == SEED_EXPECTED


def test_seed_example_validates_against_the_generated_model() -> None:
    data = seed_host_config().to_api()
    assert typed("HostConfig", data) == data


# (HostConfig keyword arguments, the API dict less NetworkMode) as docker-py 7.1 builds them.
CONVERSIONS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"mem_limit": "1g"}, {"Memory": 1073741824}),
    ({"mem_limit": 0}, {"Memory": 0}),
    ({"memswap_limit": -1}, {"MemorySwap": -1}),
    ({"mem_reservation": "1k"}, {"MemoryReservation": 1024}),
    ({"mem_reservation": 0}, {}),
    ({"shm_size": "64m"}, {"ShmSize": 67108864}),
    ({"shm_size": 1024}, {"ShmSize": 1024}),
    ({"privileged": False, "publish_all_ports": False, "auto_remove": False}, {}),
    ({"privileged": True}, {"Privileged": True}),
    ({"read_only": False}, {"ReadonlyRootfs": False}),
    ({"cpu_shares": 0}, {}),
    ({"dns": []}, {"Dns": []}),
    ({"dns_search": []}, {}),
    ({"volumes_from": "a,b:ro"}, {"VolumesFrom": ["a", "b:ro"]}),
    ({"volumes_from": ["a"]}, {"VolumesFrom": ["a"]}),
    ({"binds": ["/a:/b:ro"]}, {"Binds": ["/a:/b:ro"]}),
    ({"binds": {"/a": "/b"}}, {"Binds": ["/a:/b:rw"]}),
    ({"port_bindings": {80: None}}, {"PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": ""}]}}),
    ({"extra_hosts": {"b": "2.2.2.2", "a": "1.1.1.1"}}, {"ExtraHosts": ["a:1.1.1.1", "b:2.2.2.2"]}),
    ({"links": {"db": "database", "cache": None}}, {"Links": ["cache", "db:database"]}),
    ({"links": [("db", "d")]}, {"Links": ["db:d"]}),
    ({"links": ["db:d"]}, {"Links": ["db:d"]}),
    ({"group_add": [1000, "audio"]}, {"GroupAdd": ["1000", "audio"]}),
    ({"sysctls": {"a": 1}}, {"Sysctls": {"a": "1"}}),
    (
        {"devices": ["/dev/sda"]},
        {
            "Devices": [
                {
                    "PathOnHost": "/dev/sda",
                    "PathInContainer": "/dev/sda",
                    "CgroupPermissions": "rwm",
                }
            ]
        },
    ),
    ({"tmpfs": ["/run:size=1m", "/tmp"]}, {"Tmpfs": {"/run": "size=1m", "/tmp": ""}}),
    ({"tmpfs": {"/run": "ro"}}, {"Tmpfs": {"/run": "ro"}}),
    (
        {"ulimits": [{"Name": "core", "Soft": 0, "Hard": 0}]},
        {"Ulimits": [{"Name": "core", "Soft": 0, "Hard": 0}]},
    ),
    ({"log_config": {"Type": "none"}}, {"LogConfig": {"Type": "none", "Config": {}}}),
    ({"restart_policy": ContainerRestartPolicy("always")}, {"RestartPolicy": {"Name": "always"}}),
    (
        {"device_requests": [{"count": 1}]},
        {
            "DeviceRequests": [
                {"Driver": "", "Count": 1, "DeviceIDs": [], "Capabilities": [], "Options": {}}
            ]
        },
    ),
    (
        {"mounts": ["vol:/data"]},
        {"Mounts": [{"Target": "/data", "Source": "vol", "Type": "volume", "ReadOnly": False}]},
    ),
    ({"cpu_rt_period": 1000}, {"CpuRealtimePeriod": 1000}),
    ({"init": False}, {"Init": False}),
    ({"cgroupns": "host"}, {"CgroupnsMode": "host"}),
    ({"network_mode": "host"}, {"NetworkMode": "host"}),
    ({"lxc_conf": {}}, {}),
]


@pytest.mark.parametrize(("kwargs", "expected"), CONVERSIONS)
def test_arguments_convert_as_docker_py_did(
    kwargs: dict[str, Any], expected: dict[str, Any]
) -> None:
    result = HostConfig(**kwargs).to_api()
    assert result == {"NetworkMode": "default", **expected}


BAD_ARGUMENTS: list[tuple[dict[str, Any], str]] = [
    ({"mem_limit": "1 zb"}, "HostConfig 'mem_limit'"),
    ({"mem_limit": True}, "HostConfig 'mem_limit'"),
    ({"mem_swappiness": "10"}, "HostConfig 'mem_swappiness'"),
    ({"cpu_shares": 1.5}, "HostConfig 'cpu_shares'"),
    ({"oom_score_adj": "1"}, "HostConfig 'oom_score_adj'"),
    ({"privileged": "yes"}, "HostConfig 'privileged'"),
    ({"security_opt": "label=disable"}, "HostConfig 'security_opt'"),
    ({"sysctls": ["a=1"]}, "HostConfig 'sysctls'"),
    ({"ulimits": {"name": "nofile"}}, "HostConfig 'ulimits'"),
    ({"ulimits": [{"name": "nofile", "bogus": 1}]}, "no field 'bogus'"),
    ({"log_config": "json-file"}, "HostConfig 'log_config'"),
    ({"restart_policy": "always"}, "HostConfig 'restart_policy'"),
    ({"restart_policy": RestartPolicy()}, "swarm service policy"),
    ({"restart_policy": {"Name": "sometimes"}}, "'Name'"),
    ({"userns_mode": "private"}, "HostConfig 'userns_mode'"),
    ({"uts_mode": "private"}, "HostConfig 'uts_mode'"),
    ({"cpuset_mems": 1}, "HostConfig 'cpuset_mems'"),
    ({"binds": {"/a": {"mode": "rw"}}}, "HostConfig 'binds'"),
    ({"port_bindings": {80: (1, 2, 3)}}, "HostConfig 'port_bindings'"),
    ({"devices": ["/dev/a:/dev/b:xyz"]}, "HostConfig 'devices'"),
    ({"mounts": [42]}, "HostConfig 'mounts' item"),
    ({"links": ["a", ("b", "c")]}, "HostConfig 'links'"),
    ({"lxc_conf": {"lxc.x": 1}}, "lxc_conf"),
    ({"network_mode": "host", "port_bindings": {80: 80}}, "incompatible with port_bindings"),
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_ARGUMENTS)
def test_bad_arguments_raise_invalid_argument_naming_the_field(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument) as info:
        HostConfig(**kwargs)
    assert message in str(info.value)


VERSIONED: list[tuple[str, dict[str, Any], str, str]] = [
    # (client version, kwargs, needed/removed version, argument named)
    ("1.39", {"device_requests": [DeviceRequest(count=1)]}, "1.40", "device_requests"),
    ("1.40", {"cgroupns": "host"}, "1.41", "cgroupns"),
    ("1.27", {"device_cgroup_rules": ["c 1:3 mr"]}, "1.28", "device_cgroup_rules"),
    ("1.42", {"kernel_memory": "1m"}, "1.42", "kernel_memory"),
    ("1.42", {"annotations": {"a": "b"}}, "1.43", "annotations"),
    ("1.37", {"masked_paths": ["/x"]}, "1.38", "masked_paths"),
    ("1.29", {"init_path": "/usr/bin/tini"}, "1.29", "init_path"),
]


@pytest.mark.parametrize(("version", "kwargs", "boundary", "field"), VERSIONED)
def test_a_field_outside_the_api_version_raises_invalid_version(
    version: str, kwargs: dict[str, Any], boundary: str, field: str
) -> None:
    with pytest.raises(InvalidVersion) as info:
        HostConfig(version, **kwargs)
    message = str(info.value)
    assert field in message
    assert version in message
    assert boundary in message


@pytest.mark.parametrize(("version", "kwargs", "boundary", "field"), VERSIONED)
def test_without_a_version_nothing_is_checked(
    version: str, kwargs: dict[str, Any], boundary: str, field: str
) -> None:
    HostConfig(None, **kwargs)
    HostConfig("auto", **kwargs)


def test_fields_the_spec_documents_late_but_engines_took_earlier_pass() -> None:
    # Init: spec documents it from 1.37, engines (and docker-py) accept it from 1.25.
    assert HostConfig("1.25", init=True).to_api()["Init"] is True
    assert HostConfig("1.28", init_path="/tini").to_api()["InitPath"] == "/tini"
    assert HostConfig("1.30", mounts=[Mount("/t", "v")]).to_api()["Mounts"]


def test_the_version_is_uses_field_added_in() -> None:
    from dockersdk.models._versions import field_added_in

    added = field_added_in("HostConfig", "DeviceRequests")
    assert added == "1.40"
    HostConfig(added, device_requests=[{"count": 1}])


def test_malformed_version_is_rejected() -> None:
    with pytest.raises(InvalidArgument, match="invalid version"):
        HostConfig("latest")


# -- the small container builders --------------------------------------------------------------


def test_log_config_types_and_mutators() -> None:
    assert (LogConfig.types.JSON, LogConfig.types.SYSLOG, LogConfig.types.JOURNALD) == (
        "json-file",
        "syslog",
        "journald",
    )
    assert (LogConfig.types.GELF, LogConfig.types.FLUENTD, LogConfig.types.NONE) == (
        "gelf",
        "fluentd",
        "none",
    )
    lc = LogConfig(type=LogConfig.types.JSON, config={"max-file": 3, "compress": True})
    assert lc.config == {"max-file": "3", "compress": "true"}
    lc.set_config_value("max-size", "1m")
    lc.unset_config("max-file")
    lc.unset_config("absent")
    lc.type = LogConfig.types.LOCAL
    assert lc.to_api() == {"Type": "local", "Config": {"compress": "true", "max-size": "1m"}}
    assert LogConfig().to_api() == {"Config": {}}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: LogConfig(type=1), "LogConfig 'type'"),
        (lambda: LogConfig(config=["a"]), "LogConfig 'config'"),
        (lambda: LogConfig(config={"a": [1]}), "config['a']"),
        (lambda: Ulimit(name=1), "Ulimit 'name'"),
        (lambda: Ulimit(name="x", soft=5, hard=1), "above hard limit"),
        (lambda: DeviceRequest(count="all"), "DeviceRequest 'count'"),
        (lambda: DeviceRequest(count=-2), "DeviceRequest 'count'"),
        (lambda: DeviceRequest(count=1, device_ids=["0"]), "not both"),
        (lambda: DeviceRequest(capabilities=["gpu"]), "capabilities item"),
        (lambda: ContainerRestartPolicy("always", 3), "'on-failure'"),
        (lambda: Healthcheck(test=["echo", "hi"]), "Healthcheck 'test'"),
        (lambda: Healthcheck(interval=500), "Healthcheck 'interval'"),
        (lambda: Healthcheck(retries=-1), "Healthcheck 'retries'"),
        (lambda: Healthcheck.from_dict({"tset": ["NONE"]}), "no field 'tset'"),
    ],
)
def test_small_builders_validate(build: Callable[[], Any], message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        build()
    assert message in str(info.value)


def test_ulimit_and_device_request_read_back() -> None:
    limit = Ulimit.from_dict({"Name": "nproc", "Soft": 1, "Hard": -1})
    assert (limit.name, limit.soft, limit.hard) == ("nproc", 1, -1)
    req = DeviceRequest(driver="nvidia", count=-1, capabilities=[["gpu"]], options={"a": "b"})
    assert (req.driver, req.count, req.device_ids) == ("nvidia", -1, [])
    assert (req.capabilities, req.options) == ([["gpu"]], {"a": "b"})
    assert DeviceRequest().to_api() == {
        "Driver": "",
        "Count": 0,
        "DeviceIDs": [],
        "Capabilities": [],
        "Options": {},
    }


def test_healthcheck_forms() -> None:
    hc = Healthcheck(test="curl -f localhost", interval=timedelta(seconds=30), retries=3)
    assert hc.to_api() == {
        "Test": ["CMD-SHELL", "curl -f localhost"],
        "Interval": 30_000_000_000,
        "Retries": 3,
    }
    assert (hc.test, hc.interval, hc.timeout, hc.retries, hc.start_period) == (
        ["CMD-SHELL", "curl -f localhost"],
        30_000_000_000,
        None,
        3,
        None,
    )
    assert Healthcheck(test=[]).to_api() == {"Test": []}
    assert Healthcheck.from_dict({"Test": ["NONE"], "interval": 0}).to_api() == {
        "Test": ["NONE"],
        "Interval": 0,
    }


# -- ContainerConfig ------------------------------------------------------------------------------


def test_container_config_matches_docker_py() -> None:
    config = ContainerConfig(
        "1.41",
        "myapp:latest",
        ["python", "app.py"],
        environment={"ENV": "production"},
        host_config=seed_host_config(),
        labels={"app": "myservice", "version": "1.0"},
    )
    assert config.to_api() == {
        "Tty": False,
        "OpenStdin": False,
        "StdinOnce": False,
        "AttachStdin": False,
        "AttachStdout": True,
        "AttachStderr": True,
        "Env": ["ENV=production"],
        "Cmd": ["python", "app.py"],
        "Image": "myapp:latest",
        "NetworkDisabled": False,
        "HostConfig": SEED_EXPECTED,
        "Labels": {"app": "myservice", "version": "1.0"},
    }


def test_container_config_conversions() -> None:
    api = ContainerConfig(
        None,
        "busybox",
        "sh -c 'echo hi'",
        user=1000,
        stdin_open=True,
        ports=[80, (53, "udp"), "8080/tcp"],
        volumes="/data",
        labels=["a", "b"],
        entrypoint="/entry.sh --flag",
        runtime="runc",
    ).to_api()
    assert api["Cmd"] == ["sh", "-c", "echo hi"]
    assert api["Entrypoint"] == ["/entry.sh", "--flag"]
    assert api["User"] == "1000"
    assert (api["AttachStdin"], api["StdinOnce"], api["OpenStdin"]) == (True, True, True)
    assert api["ExposedPorts"] == {"80/tcp": {}, "53/udp": {}, "8080/tcp": {}}
    assert api["Volumes"] == {"/data": {}}
    assert api["Labels"] == {"a": "", "b": ""}
    assert api["HostConfig"] == {"Runtime": "runc"}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"healthcheck": {"test": "true", "start_period": 10**9}}, InvalidVersion, "1.29"),
        ({"healthcheck": {"test": "true", "start_interval": 10**9}}, InvalidVersion, "1.44"),
        ({"command": "echo 'unbalanced"}, InvalidArgument, "ContainerConfig 'command'"),
        ({"environment": [1]}, InvalidArgument, "ContainerConfig 'environment'"),
        ({"stop_timeout": "10"}, InvalidArgument, "ContainerConfig 'stop_timeout'"),
        (
            {"runtime": "runc", "host_config": {"Runtime": "kata"}},
            InvalidArgument,
            "conflicts",
        ),
        ({"host_config": "privileged"}, InvalidArgument, "ContainerConfig 'host_config'"),
        ({"networking_config": ["net"]}, InvalidArgument, "'networking_config'"),
    ],
)
def test_container_config_rejects(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        ContainerConfig("1.28", "busybox", **kwargs)
    assert message in str(info.value)
