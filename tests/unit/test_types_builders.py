"""Every builder's ``to_api()`` is valid for the generated model of the API object it builds."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from dockersdk import types as T
from dockersdk.errors import InvalidArgument

Case = tuple[str, Callable[[], Any]]

# (id, a builder). Each is validated against dockersdk.models.<builder.api_model>.
CASES: list[Case] = [
    ("host-config-minimal", lambda: T.HostConfig()),
    (
        "host-config-everything",
        lambda: T.HostConfig(
            "1.41",
            binds={"/a": {"bind": "/b", "mode": "ro"}},
            port_bindings={80: 8080, "53/udp": None, 9000: ("127.0.0.1", 9000)},
            mem_limit="512m",
            memswap_limit=-1,
            mem_reservation="256m",
            mem_swappiness=10,
            shm_size="64m",
            pid_mode="host",
            ipc_mode="shareable",
            privileged=True,
            oom_kill_disable=True,
            oom_score_adj=100,
            publish_all_ports=True,
            read_only=True,
            dns_search=["example.com"],
            restart_policy={"Name": "on-failure", "MaximumRetryCount": 3},
            cap_add=["NET_ADMIN"],
            cap_drop=["MKNOD"],
            devices=["/dev/sda:/dev/xvda:rwm"],
            group_add=[1000, "audio"],
            dns=["1.1.1.1"],
            dns_opt=["ndots:2"],
            security_opt=["no-new-privileges"],
            sysctls={"net.core.somaxconn": 1024},
            volumes_from="a,b:ro",
            extra_hosts={"h": "1.2.3.4"},
            links={"db": "database"},
            cgroup_parent="/parent",
            ulimits=[{"name": "nofile", "soft": 1, "hard": 2}],
            log_config={"type": "syslog", "config": {"tag": "x"}},
            cpu_quota=50000,
            cpu_period=100000,
            cpu_shares=512,
            cpuset_cpus="0-1",
            cpuset_mems="0",
            cpu_rt_period=1000,
            cpu_rt_runtime=500,
            blkio_weight=300,
            blkio_weight_device=[{"Path": "/dev/sda", "Weight": 200}],
            device_read_bps=[{"Path": "/dev/sda", "Rate": 1024}],
            device_write_bps=[{"Path": "/dev/sda", "Rate": 1024}],
            device_read_iops=[{"Path": "/dev/sda", "Rate": 10}],
            device_write_iops=[{"Path": "/dev/sda", "Rate": 10}],
            tmpfs=["/run:size=64m"],
            userns_mode="host",
            uts_mode="host",
            pids_limit=100,
            isolation="default",
            auto_remove=True,
            storage_opt={"size": "10G"},
            init=True,
            volume_driver="local",
            cpu_count=2,
            cpu_percent=50,
            nano_cpus=1_000_000_000,
            runtime="runc",
            mounts=["/src:/dst:ro", T.Mount("/t", "vol"), {"Target": "/x", "Type": "tmpfs"}],
            device_cgroup_rules=["c 1:3 mr"],
            device_requests=[T.DeviceRequest(count=-1, capabilities=[["gpu"]])],
            cgroupns="private",
            masked_paths=["/proc/kcore"],
            readonly_paths=["/proc/sys"],
        ),
    ),
    (
        "container-config",
        lambda: T.ContainerConfig(
            None,
            "busybox",
            "echo 'hello world'",
            hostname="h",
            user=0,
            ports=[80, ("53", "udp"), "8080/tcp"],
            environment={"A": 1, "B": None},
            volumes=["/data"],
            entrypoint=["sh", "-c"],
            working_dir="/w",
            domainname="d",
            host_config=T.HostConfig(mem_limit="1g"),
            labels=["x"],
            stop_signal="SIGTERM",
            networking_config=T.NetworkingConfig({"net": T.EndpointConfig(aliases=["a"])}),
            healthcheck={"test": "true", "interval": 10**9, "start_period": 10**9},
            stop_timeout=5,
            runtime="runc",
        ),
    ),
    ("container-config-detached", lambda: T.ContainerConfig(None, "busybox", detach=True)),
    (
        "endpoint-config",
        lambda: T.EndpointConfig(
            "1.44",
            aliases=["web"],
            links=["a:b"],
            ipv4_address="10.0.0.2",
            ipv6_address="fe80::1",
            link_local_ips=["169.254.0.1"],
            driver_opt={"a": "b"},
            mac_address="02:42:ac:11:00:02",
        ),
    ),
    ("networking-config", lambda: T.NetworkingConfig({"n1": T.EndpointConfig(), "n2": None})),
    ("networking-config-empty", lambda: T.NetworkingConfig()),
    (
        "ipam-config",
        lambda: T.IPAMConfig(
            pool_configs=[
                T.IPAMPool(
                    subnet="10.0.0.0/16",
                    iprange="10.0.1.0/24",
                    gateway="10.0.0.1",
                    aux_addresses={"router": "10.0.0.5"},
                ),
                {"Subnet": "fd00::/64"},
            ],
            options={"a": "b"},
        ),
    ),
    ("ipam-pool-v6", lambda: T.IPAMPool(subnet="fd00::/64", gateway="fd00::1")),
    ("log-config", lambda: T.LogConfig(type=T.LogConfig.types.GELF, config={"max-file": 3})),
    ("ulimit-soft-only", lambda: T.Ulimit(name="nofile", soft=1024)),
    (
        "device-request",
        lambda: T.DeviceRequest(
            driver="nvidia", device_ids=["0", "1"], capabilities=[["gpu", "utility"]]
        ),
    ),
    ("container-restart-policy", lambda: T.ContainerRestartPolicy("on-failure", 5)),
    (
        "healthcheck",
        lambda: T.Healthcheck(
            test=["CMD", "true"],
            interval=10**9,
            timeout=10**9,
            retries=3,
            start_period=10**9,
            start_interval=10**9,
        ),
    ),
    (
        "mount-bind",
        lambda: T.Mount(
            "/t", "/s", type="bind", propagation="rshared", read_only=True, consistency="cached"
        ),
    ),
    (
        "mount-volume",
        lambda: T.Mount(
            "/t",
            "v",
            no_copy=True,
            labels={"a": "b"},
            driver_config=T.DriverConfig("local", {"o": "x"}),
        ),
    ),
    (
        "mount-tmpfs",
        lambda: T.Mount("/t", None, type="tmpfs", tmpfs_size="64m", tmpfs_mode=0o1777),
    ),
    (
        "container-spec",
        lambda: T.ContainerSpec(
            "busybox",
            "echo hi",
            ["x"],
            hostname="h",
            env={"A": "B"},
            workdir="/w",
            user="u",
            labels={"a": "b"},
            mounts=["v:/data"],
            stop_grace_period=10**9,
            secrets=[T.SecretReference("sid", "sname")],
            tty=True,
            groups=["g"],
            open_stdin=True,
            read_only=True,
            stop_signal="SIGINT",
            healthcheck=T.Healthcheck(test="true"),
            hosts={"h": "1.2.3.4"},
            dns_config=T.DNSConfig(["8.8.8.8"], ["x"], ["ndots:2"]),
            configs=[T.ConfigReference("cid", "cname", uid=1000)],
            privileges=T.Privileges(credentialspec_file="f", selinux_type="t"),
            isolation="default",
            init=True,
            cap_add=["A"],
            cap_drop=["B"],
            sysctls={"a": 1},
        ),
    ),
    (
        "task-template",
        lambda: T.TaskTemplate(
            T.ContainerSpec("busybox"),
            resources=T.Resources(
                cpu_limit=10**9,
                mem_limit="1g",
                cpu_reservation=10,
                mem_reservation=1024,
                generic_resources={"gpu": 2, "ssd": "uuid"},
            ),
            restart_policy=T.RestartPolicy("on-failure", 10, 3, 0),
            placement=T.Placement(
                ["node.role==manager"], [("spread", "node.labels.zone")], [("x86_64", "linux")], 2
            ),
            log_driver=T.DriverConfig("json-file", {"max-size": "1m"}),
            networks=["n", T.NetworkAttachmentConfig("m", ["a"], {"o": "p"})],
            force_update=1,
        ),
    ),
    ("task-template-constraints", lambda: T.TaskTemplate({"Image": "x"}, placement=["a==b"])),
    ("update-config", lambda: T.UpdateConfig(1, 10, "rollback", 10, 0.5, "start-first")),
    ("rollback-config", lambda: T.RollbackConfig(failure_action="pause", order="stop-first")),
    ("service-mode-replicated", lambda: T.ServiceMode("replicated", 3)),
    ("service-mode-global", lambda: T.ServiceMode("global")),
    ("service-mode-replicated-job", lambda: T.ServiceMode("replicated-job", 5, 2)),
    ("service-mode-global-job", lambda: T.ServiceMode("global-job")),
    ("endpoint-spec", lambda: T.EndpointSpec("vip", {8080: 80, 53: (53, "udp", "host")})),
    ("placement-preference", lambda: T.PlacementPreference("spread", "node.labels.az")),
    ("privileges", lambda: T.Privileges(selinux_disable=True)),
    ("dns-config", lambda: T.DNSConfig(nameservers=["1.1.1.1"])),
    ("network-attachment", lambda: T.NetworkAttachmentConfig("net")),
    ("secret-reference", lambda: T.SecretReference({"ID": "abc"}, "s", filename="f", mode=0o400)),
    ("driver-config", lambda: T.DriverConfig("json-file")),
    ("config-reference", lambda: T.ConfigReference("cid", "cname", gid=10)),
    ("resources-limits", lambda: T.Resources(cpu_limit=500_000_000, mem_limit=2**20)),
    ("placement-maxreplicas", lambda: T.Placement(maxreplicas=1)),
    ("service-restart-policy", lambda: T.RestartPolicy(T.RestartPolicy.condition_types.ANY)),
    (
        "swarm-spec",
        lambda: T.SwarmSpec(
            "1.41",
            task_history_retention_limit=5,
            snapshot_interval=10000,
            keep_old_snapshots=1,
            log_entries_for_slow_followers=500,
            heartbeat_tick=1,
            election_tick=3,
            dispatcher_heartbeat_period=5_000_000_000,
            node_cert_expiry=7_776_000_000_000_000,
            external_cas=[T.SwarmExternalCA("https://ca", "cfssl", {"a": "b"}, "PEM")],
            name="default",
            labels={"a": "b"},
            signing_ca_cert="CERT",
            signing_ca_key="KEY",
            ca_force_rotate=1,
            autolock_managers=True,
            log_driver=T.DriverConfig("json-file"),
        ),
    ),
    ("swarm-external-ca", lambda: T.SwarmExternalCA("https://ca")),
]

ALL_BUILDERS = sorted(
    name
    for name in T.__all__
    if isinstance(getattr(T, name), type)
    and issubclass(getattr(T, name), T.Builder)
    and getattr(T, name) is not T.Builder
)


def _extras(value: Any, path: str = "$") -> list[str]:
    """Paths of fields the model did not know (kept as extras): a drift from the spec. A key
    the model read as one of its fields under another spelling (spec_patch.yaml aliases) is
    known."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        aliases = {
            (field.alias or name).lower()
            for name, field in type(value).model_fields.items()
            if name in value.model_fields_set
        }
        found += [
            f"{path}.{key}" for key in value.__pydantic_extra__ or {} if key.lower() not in aliases
        ]
        for name in value.model_fields_set:
            found += _extras(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _extras(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _extras(item, f"{path}[{key}]")
    return found


def _nones(value: Any, path: str = "$") -> list[str]:
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nones(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nones(v, f"{path}[{i}]")]
    return []


def _without_filled_spellings(dumped: Any, sent: Any) -> Any:
    """``dumped`` without the spec keys the model filled from another spelling the builder
    sent (spec_patch.yaml aliases: ContainerSpec's ``Healthcheck``, docker-py's and
    dockerd's key, fills the spec's ``HealthCheck``)."""
    if isinstance(dumped, dict) and isinstance(sent, dict):
        return {
            key: _without_filled_spellings(value, sent.get(key))
            for key, value in dumped.items()
            if key in sent
            or not any(other.lower() == key.lower() and sent[other] == value for other in sent)
        }
    if isinstance(dumped, list) and isinstance(sent, list):
        return [_without_filled_spellings(a, b) for a, b in zip(dumped, sent, strict=False)]
    return dumped


@pytest.mark.parametrize(("case_id", "build"), CASES, ids=[c[0] for c in CASES])
def test_to_api_round_trips_through_the_generated_model(
    case_id: str, build: Callable[[], Any]
) -> None:
    from dockersdk.models import pydantic as strict

    builder = build()
    data = builder.to_api()
    model = getattr(strict, builder.api_model).model_validate(data)
    dumped = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert _without_filled_spellings(dumped, data) == data
    assert _extras(model) == []
    assert _nones(data) == []


def test_every_builder_has_a_case() -> None:
    covered = {type(build()).__name__ for _, build in CASES}
    assert set(ALL_BUILDERS) - covered == set()


def test_every_builder_names_a_generated_model() -> None:
    from dockersdk import models

    for name in ALL_BUILDERS:
        assert isinstance(getattr(models, getattr(T, name).api_model), type), name


@pytest.mark.parametrize(("case_id", "build"), CASES, ids=[c[0] for c in CASES])
def test_to_api_is_a_fresh_copy(case_id: str, build: Callable[[], Any]) -> None:
    builder = build()
    first = builder.to_api()
    snapshot = copy.deepcopy(first)
    for value in first.values():
        if isinstance(value, dict):
            value["poisoned"] = True
        elif isinstance(value, list):
            value.append("poisoned")
    first["poisoned"] = True
    assert builder.to_api() == snapshot


@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_builders_are_dicts_as_docker_pys_are(name: str) -> None:
    import docker.types

    assert issubclass(getattr(T, name), dict)
    theirs = getattr(docker.types, name, None)
    assert theirs is None or issubclass(theirs, dict)


def test_builder_equality_and_repr() -> None:
    a = T.Ulimit(name="nofile", soft=1, hard=2)
    assert a == T.Ulimit(name="nofile", soft=1, hard=2)
    assert a == {"Name": "nofile", "Soft": 1, "Hard": 2}
    assert a != T.Ulimit(name="nofile", soft=1)
    assert a != T.LogConfig(type="none")
    assert repr(a) == "Ulimit({'Name': 'nofile', 'Soft': 1, 'Hard': 2})"
    with pytest.raises(TypeError):
        hash(a)


def test_empty_builders_are_falsy_like_docker_py_dicts() -> None:
    assert not T.NetworkingConfig()
    assert not T.Resources()
    assert T.HostConfig()  # always has NetworkMode


def test_nested_builders_in_plain_dicts_are_serialised() -> None:
    config = T.NetworkingConfig({"net": T.EndpointConfig(aliases=["x"])})
    assert config.to_api() == {"EndpointsConfig": {"net": {"Aliases": ["x"]}}}


def test_importing_types_loads_no_http_stack_or_generated_models() -> None:
    code = (
        "import sys, dockersdk.types; "
        "bad = [m for m in ('httpx', 'pydantic', 'dockersdk.models._generated') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_invalid_argument_type_is_both_docker_and_type_error() -> None:
    with pytest.raises(T.InvalidArgumentType) as info:
        T.Ulimit(name="nofile", soft="1024")  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, InvalidArgument)
    assert "Ulimit 'soft'" in str(info.value)


def test_generated_models_are_accepted_where_dicts_are() -> None:
    from dockersdk import models

    host = models.HostConfig({"Memory": 1024, "Privileged": True})
    config = T.ContainerConfig(None, "busybox", host_config=host, detach=True)
    assert config.to_api()["HostConfig"] == {"Memory": 1024, "Privileged": True}


def test_endpoint_config_takes_docker_pys_positional_order() -> None:
    assert T.EndpointConfig("1.41", ["web"], {"db": "d"}, "10.0.0.2").to_api() == {
        "Aliases": ["web"],
        "Links": ["db:d"],
        "IPAMConfig": {"IPv4Address": "10.0.0.2"},
    }


def test_to_api_refuses_fields_newer_than_the_version_it_is_given() -> None:
    from dockersdk.errors import InvalidVersion
    from dockersdk.types import DeviceRequest, HostConfig

    config = HostConfig(
        device_requests=[DeviceRequest(count=1, capabilities=[["gpu"]])], cgroupns="private"
    )
    assert config.to_api(version="1.41")["CgroupnsMode"] == "private"
    assert config.to_api() == config.to_api(version="auto") == config.to_api(version="1.41")
    with pytest.raises(InvalidVersion, match=r"HostConfig\.CgroupnsMode .* 1\.40: .*1\.41"):
        config.to_api(version="1.40")
    older = HostConfig(device_requests=[DeviceRequest(count=1, capabilities=[["gpu"]])])
    with pytest.raises(InvalidVersion, match=r"DeviceRequests .* 1\.39: .*1\.40"):
        older.to_api(version="1.39")
