"""The seed's ``create_*_config`` helpers return the API dicts the builders make."""

from __future__ import annotations

import pytest

from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.types import (
    EndpointConfig,
    HostConfig,
    LogConfig,
    Ulimit,
    create_container_config,
    create_endpoint_config,
    create_host_config,
    create_networking_config,
)
from tests.unit.test_types_host_config import SEED_EXPECTED


def test_create_host_config_with_the_seed_example() -> None:
    result = create_host_config(
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
    assert type(result) is dict
    assert result == SEED_EXPECTED


def test_create_host_config_positional_and_extra_keywords() -> None:
    result = create_host_config(["/a:/b"], None, None, True, auto_remove=True, init=True)
    assert result == HostConfig(
        binds=["/a:/b"], publish_all_ports=True, auto_remove=True, init=True
    )
    with pytest.raises(InvalidVersion, match="device_requests"):
        create_host_config(device_requests=[{"count": 1}], version="1.39")


def test_create_container_config() -> None:
    result = create_container_config(
        "busybox", "echo hi", environment={"A": "1"}, detach=True, labels={"a": "b"}
    )
    assert result == {
        "Image": "busybox",
        "Cmd": ["echo", "hi"],
        "Env": ["A=1"],
        "Labels": {"a": "b"},
        "Tty": False,
        "OpenStdin": False,
        "StdinOnce": False,
        "AttachStdin": False,
        "AttachStdout": False,
        "AttachStderr": False,
        "NetworkDisabled": False,
    }


def test_create_container_config_moves_host_settings_into_host_config() -> None:
    result = create_container_config(
        "busybox",
        mem_limit="1g",
        memswap_limit="2g",
        cpu_shares=256,
        cpuset="0,1",
        dns=["1.1.1.1"],
        volumes_from="data",
        volume_driver="local",
        host_config={"Privileged": True},
    )
    assert result["HostConfig"] == {
        "Privileged": True,
        "Memory": 2**30,
        "MemorySwap": 2**31,
        "CpuShares": 256,
        "CpusetCpus": "0,1",
        "Dns": ["1.1.1.1"],
        "VolumesFrom": ["data"],
        "VolumeDriver": "local",
    }


def test_create_container_config_refuses_contradictions_and_name() -> None:
    with pytest.raises(InvalidArgument, match="Memory"):
        create_container_config("x", mem_limit="1g", host_config=HostConfig(mem_limit="2g"))
    with pytest.raises(InvalidArgument, match="create_container"):
        create_container_config("x", name="web")


def test_create_container_config_passes_newer_keywords() -> None:
    result = create_container_config("x", stop_timeout=3, runtime="runc", version="1.41")
    assert result["StopTimeout"] == 3
    assert result["HostConfig"] == {"Runtime": "runc"}


def test_create_networking_and_endpoint_config() -> None:
    endpoint = create_endpoint_config("1.41", aliases=["web"], ipv4_address="172.20.0.5")
    assert endpoint == {"Aliases": ["web"], "IPAMConfig": {"IPv4Address": "172.20.0.5"}}
    assert create_networking_config({"front": endpoint}) == {"EndpointsConfig": {"front": endpoint}}
    assert create_networking_config({"front": EndpointConfig(aliases=["w"])}) == {
        "EndpointsConfig": {"front": {"Aliases": ["w"]}}
    }
    assert create_networking_config() == {}
    with pytest.raises(InvalidVersion, match="driver_opt"):
        create_endpoint_config("1.30", driver_opt={"a": "b"})
