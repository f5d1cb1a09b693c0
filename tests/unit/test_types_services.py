"""Network, mount, swarm and service builders: docker-py's shapes, the spec's key names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dockersdk.errors import InvalidArgument, InvalidVersion, NullResource
from dockersdk.types import (
    ConfigReference,
    ContainerSpec,
    DriverConfig,
    EndpointConfig,
    EndpointSpec,
    Healthcheck,
    IPAMConfig,
    IPAMPool,
    Mount,
    NetworkAttachmentConfig,
    NetworkingConfig,
    Placement,
    PlacementPreference,
    Privileges,
    Resources,
    RestartPolicy,
    RollbackConfig,
    SecretReference,
    ServiceMode,
    SwarmSpec,
    TaskTemplate,
    UpdateConfig,
)

# (builder, the exact API dict). Where docker-py's dict differs, the comment says why.
EXACT: list[tuple[Callable[[], Any], dict[str, Any]]] = [
    (
        lambda: EndpointConfig(
            "1.41", aliases=["a"], links={"db": "d"}, ipv4_address="10.0.0.2", link_local_ips=[]
        ),
        {
            "Aliases": ["a"],
            "Links": ["db:d"],
            "IPAMConfig": {"IPv4Address": "10.0.0.2", "LinkLocalIPs": []},
        },
    ),
    (lambda: EndpointConfig(), {}),
    (lambda: NetworkingConfig({"n": {}}), {"EndpointsConfig": {"n": {}}}),
    (lambda: IPAMConfig(), {"Driver": "default", "Config": []}),
    (lambda: IPAMPool(subnet="10.0.0.0/24"), {"Subnet": "10.0.0.0/24"}),
    (
        lambda: Mount("/data", "vol"),
        {"Target": "/data", "Source": "vol", "Type": "volume", "ReadOnly": False},
    ),
    (
        lambda: Mount("/t", "/s", type="bind", propagation="rprivate"),
        {
            "Target": "/t",
            "Source": "/s",
            "Type": "bind",
            "ReadOnly": False,
            "BindOptions": {"Propagation": "rprivate"},
        },
    ),
    (
        lambda: Mount("/t", None, type="tmpfs", tmpfs_size="1m", tmpfs_mode=0o700),
        {
            "Target": "/t",
            "Type": "tmpfs",
            "ReadOnly": False,
            "TmpfsOptions": {"Mode": 0o700, "SizeBytes": 1048576},
        },
    ),
    (
        lambda: ContainerSpec(
            "busybox", "echo hi", env={"A": "1"}, workdir="/w", hosts={"h": "1.2.3.4"}
        ),
        {
            "Image": "busybox",
            "Command": ["echo", "hi"],
            "Env": ["A=1"],
            "Dir": "/w",
            "Hosts": ["1.2.3.4 h"],
        },
    ),
    (
        # docker-py and dockerd's replies: "Healthcheck"; the spec: "HealthCheck" (the
        # engine's decoder takes either).
        lambda: ContainerSpec("busybox", healthcheck=Healthcheck(test=["NONE"])),
        {"Image": "busybox", "Healthcheck": {"Test": ["NONE"]}},
    ),
    (
        lambda: Resources(cpu_limit=10**9, mem_limit="1g", generic_resources={"gpu": 1, "x": "y"}),
        {
            "Limits": {"NanoCPUs": 10**9, "MemoryBytes": 2**30},
            "Reservations": {
                "GenericResources": [
                    {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 1}},
                    {"NamedResourceSpec": {"Kind": "x", "Value": "y"}},
                ]
            },
        },
    ),
    (
        lambda: RestartPolicy(),
        {"Condition": "none", "Delay": 0, "MaxAttempts": 0, "Window": 0},
    ),
    (
        lambda: UpdateConfig(),
        {"Parallelism": 0, "FailureAction": "continue"},
    ),
    # docker-py: lowercase "replicated"/"global"; the spec: "Replicated"/"Global".
    (lambda: ServiceMode("replicated", replicas=2), {"Replicated": {"Replicas": 2}}),
    (lambda: ServiceMode("replicated"), {"Replicated": {}}),
    (lambda: ServiceMode("global"), {"Global": {}}),
    (
        lambda: ServiceMode("replicated-job", replicas=4),
        {"ReplicatedJob": {"MaxConcurrent": 1, "TotalCompletions": 4}},
    ),
    (lambda: ServiceMode("global-job"), {"GlobalJob": {}}),
    (
        lambda: EndpointSpec(ports={80: 8080, 53: (5353, "udp"), 443: (8443, None, "host")}),
        {
            "Ports": [
                {"Protocol": "tcp", "PublishedPort": 80, "TargetPort": 8080},
                {"Protocol": "udp", "PublishedPort": 53, "TargetPort": 5353},
                {
                    "Protocol": "tcp",
                    "PublishedPort": 443,
                    "TargetPort": 8443,
                    "PublishMode": "host",
                },
            ]
        },
    ),
    (
        lambda: SecretReference("abc", "db-pass"),
        {
            "SecretName": "db-pass",
            "SecretID": "abc",
            "File": {"Name": "db-pass", "UID": "0", "GID": "0", "Mode": 0o444},
        },
    ),
    (
        lambda: ConfigReference(config_id="cfg", config_name="nginx", uid=101, filename="n.conf"),
        {
            "ConfigName": "nginx",
            "ConfigID": "cfg",
            "File": {"Name": "n.conf", "UID": "101", "GID": "0", "Mode": 0o444},
        },
    ),
    (
        lambda: Placement(
            preferences=[("spread", "node.labels.az")], platforms=[("arm64", "linux")]
        ),
        {
            "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.az"}}],
            "Platforms": [{"Architecture": "arm64", "OS": "linux"}],
        },
    ),
    # docker-py sends an all-null SELinuxContext; left out here.
    (lambda: Privileges(), {}),
    (lambda: Privileges(credentialspec_registry="r"), {"CredentialSpec": {"Registry": "r"}}),
    (
        lambda: NetworkAttachmentConfig("n", options={"a": "b"}),
        {"Target": "n", "DriverOpts": {"a": "b"}},
    ),
    (
        lambda: TaskTemplate(
            ContainerSpec("busybox"), placement=["node.role==worker"], networks=["front"]
        ),
        {
            "ContainerSpec": {"Image": "busybox"},
            "Placement": {"Constraints": ["node.role==worker"]},
            "Networks": [{"Target": "front"}],
        },
    ),
    (lambda: DriverConfig("local", {}), {"Name": "local"}),
    (
        lambda: SwarmSpec(None, heartbeat_tick=2, external_cas=[{"URL": "https://ca"}]),
        {
            "Raft": {"HeartbeatTick": 2},
            "CAConfig": {"ExternalCAs": [{"URL": "https://ca"}]},
        },
    ),
]


@pytest.mark.parametrize(("build", "expected"), EXACT)
def test_exact_api_dicts(build: Callable[[], Any], expected: dict[str, Any]) -> None:
    assert build().to_api() == expected


REJECTED: list[tuple[Callable[[], Any], type[Exception], str]] = [
    (lambda: EndpointConfig(ipv4_address="fe80::1"), InvalidArgument, "'ipv4_address'"),
    (lambda: EndpointConfig(ipv6_address="nope"), InvalidArgument, "'ipv6_address'"),
    (lambda: EndpointConfig(link_local_ips="169.254.0.1"), InvalidArgument, "'link_local_ips'"),
    (lambda: EndpointConfig(driver_opt=["a"]), InvalidArgument, "'driver_opt'"),
    (lambda: EndpointConfig("1.31", driver_opt={"a": "b"}), InvalidVersion, "1.32"),
    (lambda: IPAMPool(subnet="10.0.0.0/33"), InvalidArgument, "'subnet'"),
    (lambda: IPAMPool(subnet="10.0.0.0/24", gateway="10.0.1.1"), InvalidArgument, "gateway"),
    (lambda: IPAMPool(subnet="10.0.0.0/24", iprange="10.0.0.0/16"), InvalidArgument, "iprange"),
    (lambda: IPAMPool(subnet="10.0.0.0/24", iprange="fd00::/64"), InvalidArgument, "iprange"),
    (
        lambda: IPAMPool(subnet="10.0.0.0/24", aux_addresses={"r": "10.9.0.1"}),
        InvalidArgument,
        "aux_addresses['r']",
    ),
    (lambda: IPAMConfig(pool_configs=["10.0.0.0/8"]), InvalidArgument, "pool_configs item"),
    (lambda: Mount("/t", "s", type="nfs"), InvalidArgument, "'type'"),
    (lambda: Mount("/t", "s", type="bind", no_copy=True), InvalidArgument, "no_copy"),
    (lambda: Mount("/t", "s", propagation="rshared"), InvalidArgument, "propagation"),
    (lambda: Mount("/t", None, type="tmpfs", labels={"a": "b"}), InvalidArgument, "labels"),
    (lambda: Mount("/t", "/s", type="bind", propagation="bogus"), InvalidArgument, "propagation"),
    (lambda: Mount("/t", None, type="tmpfs", tmpfs_mode="777"), InvalidArgument, "tmpfs_mode"),
    (lambda: Mount("/t", "v", consistency="eventual"), InvalidArgument, "consistency"),
    (lambda: Mount.parse_mount_string("a:b:c:d"), InvalidArgument, "Invalid mount format"),
    (lambda: Mount.parse_mount_string("a:/b:z"), InvalidArgument, "ro or rw"),
    (lambda: ContainerSpec("busybox", mounts="v:/d"), InvalidArgument, "'mounts'"),
    (lambda: ContainerSpec("busybox", secrets="s"), InvalidArgument, "'secrets'"),
    (lambda: ContainerSpec("busybox", cap_add="NET_ADMIN"), InvalidArgument, "'cap_add'"),
    (lambda: Resources(generic_resources={"gpu": 1.5}), InvalidArgument, "generic resource"),
    (lambda: Resources(generic_resources="gpu"), InvalidArgument, "generic_resources"),
    (lambda: RestartPolicy("sometimes"), InvalidArgument, "'condition'"),
    (lambda: UpdateConfig(failure_action="explode"), InvalidArgument, "'failure_action'"),
    (lambda: UpdateConfig(max_failure_ratio=2), InvalidArgument, "between 0 and 1"),
    (lambda: UpdateConfig(order="random"), InvalidArgument, "'order'"),
    (lambda: UpdateConfig(monitor="1s"), InvalidArgument, "'monitor'"),
    (lambda: RollbackConfig(failure_action="rollback"), InvalidArgument, "'failure_action'"),
    (lambda: ServiceMode("daemonset"), InvalidArgument, "mode must be"),
    (lambda: ServiceMode("global", replicas=2), InvalidArgument, "replicas"),
    (lambda: ServiceMode("global", concurrency=2), InvalidArgument, "concurrency"),
    (lambda: EndpointSpec(mode="round-robin"), InvalidArgument, "'mode'"),
    (lambda: EndpointSpec(ports={80: (1, "tcp", "host", "x")}), InvalidArgument, "at most 3"),
    (lambda: EndpointSpec(ports="80:80"), InvalidArgument, "expected dict or list"),
    (lambda: PlacementPreference("pack", "x"), InvalidArgument, "spread"),
    (
        lambda: Privileges(credentialspec_file="f", credentialspec_registry="r"),
        InvalidArgument,
        "mutually exclusive",
    ),
    (lambda: SecretReference(None, "name"), NullResource, "secret_id"),
    (lambda: ConfigReference("", "name"), NullResource, "config_id"),
    (lambda: TaskTemplate({"Image": "x"}, force_update="1"), InvalidArgument, "'force_update'"),
    (lambda: TaskTemplate({"Image": "x"}, networks="net"), InvalidArgument, "networks"),
    (lambda: SwarmSpec("1.29", signing_ca_cert="PEM"), InvalidVersion, "1.30"),
    (lambda: SwarmSpec("1.29", ca_force_rotate=0), InvalidVersion, "ca_force_rotate"),
]


@pytest.mark.parametrize(("build", "error", "message"), REJECTED)
def test_invalid_input_is_rejected_at_construction(
    build: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        build()
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/data", {"Target": "/data", "Type": "volume", "ReadOnly": False}),
        ("vol:/data", {"Target": "/data", "Source": "vol", "Type": "volume", "ReadOnly": False}),
        ("v:/data", {"Target": "/data", "Source": "v", "Type": "volume", "ReadOnly": False}),
        ("/h:/c:ro", {"Target": "/c", "Source": "/h", "Type": "bind", "ReadOnly": True}),
        ("/h:/c:rw", {"Target": "/c", "Source": "/h", "Type": "bind", "ReadOnly": False}),
        (
            "C:\\data:/c",
            {"Target": "/c", "Source": "C:\\data", "Type": "bind", "ReadOnly": False},
        ),
    ],
)
def test_parse_mount_string(text: str, expected: dict[str, Any]) -> None:
    assert Mount.parse_mount_string(text).to_api() == expected


def test_service_mode_reads_back() -> None:
    assert ServiceMode("replicated", 3).replicas == 3
    assert ServiceMode("replicated-job", 7).replicas == 7
    assert ServiceMode("global").replicas is None
    assert ServiceMode("global-job").mode == "global-job"


def test_references_accept_objects_with_ids() -> None:
    assert SecretReference({"ID": "xyz"}, "s").to_api()["SecretID"] == "xyz"
    assert ConfigReference(config_id={"Id": "abc"}, config_name="c").to_api()["ConfigID"] == "abc"


def test_task_template_keeps_what_it_was_given() -> None:
    spec = ContainerSpec("busybox")
    policy = RestartPolicy(RestartPolicy.condition_types.ON_FAILURE)
    template = TaskTemplate(spec, restart_policy=policy)
    assert template.container_spec is spec
    assert template.restart_policy is policy
    assert template.resources is None
    assert template.placement is None


def test_swarm_spec_masks_the_ca_key_in_repr() -> None:
    spec = SwarmSpec(signing_ca_key="-----BEGIN EC PRIVATE KEY----- s3cr3t")
    assert "s3cr3t" not in repr(spec)
    assert spec.to_api()["CAConfig"]["SigningCAKey"].endswith("s3cr3t")
