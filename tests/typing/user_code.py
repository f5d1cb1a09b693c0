"""Checked by mypy and pyright (strict, ``make typecheck``), never run: code as users write it
type-checks without a cast or an ignore, and what it gets back has a precise type."""

from __future__ import annotations

import io
from typing import Any

from typing_extensions import Unpack, assert_type

import dockersdk
from dockersdk import APIClient, DockerClient
from dockersdk.aio import AsyncDockerClient
from dockersdk.aio.api import AsyncExecStream, AsyncStream
from dockersdk.api import ExecStream, Stream, UpgradedSocket, WebSocket
from dockersdk.models import (
    ContainerTopResponse,
    ContainerUpdateResponse,
    CreateImageInfo,
    ImageDeleteResponseItem,
    PushImageInfo,
)
from dockersdk.resources import Container, ExecResult, Image, Network, Service
from dockersdk.types import (
    ContainerRunKwargs,
    HostConfig,
    LogConfig,
    Mount,
    RestartPolicy,
    Ulimit,
    create_host_config,
)

Demuxed = tuple[bytes | None, bytes | None]


def run_a_web_server(client: DockerClient) -> Container:
    return client.containers.run(
        "nginx:alpine",
        detach=True,
        name="web",
        ports={"80/tcp": ("127.0.0.1", 8080), 443: None},
        environment={"MODE": "prod"},
        volumes={"/srv/data": {"bind": "/data", "mode": "ro"}},
        mem_limit="512m",
        cpu_shares=512,
        restart_policy={"Name": "on-failure", "MaximumRetryCount": 3},
        labels={"app": "web"},
        ulimits=[Ulimit(name="nofile", soft=1024, hard=2048)],
        log_config=LogConfig(type=LogConfig.types.JSON, config={"max-size": "10m"}),
        mounts=[Mount("/cache", "cache-volume")],
        healthcheck={"test": ["CMD", "true"], "interval": 1_000_000_000},
        network="front",
        auto_remove=False,
        privileged=False,
        cap_add=["NET_ADMIN"],
        extra_hosts={"db": "10.0.0.2"},
        tmpfs={"/run": "size=64m"},
    )


def run_and_read(client: DockerClient) -> None:
    assert_type(client.containers.run("busybox", ["echo", "hi"], remove=True), bytes)
    assert_type(client.containers.run("busybox", stream=True), Stream[bytes] | None)
    created = client.containers.create("busybox", "sleep 60", name="x", stdin_open=True, tty=True)
    assert_type(created, Container)
    assert_type(created.top(), ContainerTopResponse)
    assert_type(created.update(mem_limit="1g", cpu_quota=50_000), ContainerUpdateResponse)
    assert_type(created.attach_socket(), UpgradedSocket | WebSocket)


def exec_outputs(container: Container) -> None:
    result = container.exec_run(["cat", "/etc/hostname"])
    assert_type(result, ExecResult[bytes])
    assert_type(result.output, bytes)
    assert_type(result.exit_code, int | None)
    assert_type(container.exec_run("ls", demux=True).output, Demuxed)
    assert_type(container.exec_run("ls", stream=True).output, ExecStream[bytes])
    assert_type(container.exec_run("ls", stream=True, demux=True).output, ExecStream[Demuxed])
    assert_type(container.exec_run("sh", stdin=True, socket=True).output, UpgradedSocket)
    assert_type(container.exec_run("sleep 9", detach=True).output, str)  # '', as docker-py
    exit_code, output = container.exec_run("true")
    assert_type(output, bytes)
    assert_type(exit_code, int | None)


def images(client: DockerClient) -> None:
    image, _log = client.images.build(
        fileobj=io.BytesIO(b"FROM busybox\n"), tag="me/app:1", buildargs={"A": "1"}, rm=True
    )
    assert_type(image, Image)
    assert_type(image.remove(force=True), list[ImageDeleteResponseItem])
    assert_type(client.images.push("me/app", stream=True, decode=True), Stream[PushImageInfo])
    assert_type(client.images.push("me/app"), str)
    for plugin in client.plugins.list():
        assert_type(plugin.push(), Stream[CreateImageInfo])


def networks_services_swarm(client: DockerClient) -> None:
    network = client.networks.create("front", driver="bridge", internal=True, labels={"a": "b"})
    assert_type(network, Network)
    client.swarm.init(advertise_addr="eth0", snapshot_interval=5000, autolock_managers=False)
    client.swarm.update(rotate_worker_token=True, task_history_retention_limit=10)
    service = client.services.create(
        "busybox",
        ["sleep", "60"],
        name="svc",
        env=["A=1"],
        constraints=["node.role == manager"],
        restart_policy=RestartPolicy(condition="on-failure"),
        container_labels={"c": "d"},
        networks=["front"],
        log_driver="json-file",
        log_driver_options={"max-size": "1m"},
    )
    assert_type(service, Service)
    service.update(image="busybox:latest", force_update=True, labels={"v": "2"})


def low_level(api: APIClient) -> None:
    host = api.create_host_config(
        binds=["/a:/b:ro"], port_bindings={80: 8080}, mem_limit="1g", cpuset_cpus="0,1"
    )
    config = api.create_container_config("busybox", ["true"], ports=[80, "53/udp"], tty=True)
    endpoint = api.create_endpoint_config(aliases=["web"], ipv4_address="10.0.0.2")
    networking = api.create_networking_config({"front": endpoint})
    api.create_container_from_config({**config, "HostConfig": host, "NetworkingConfig": networking})
    api.create_container("busybox", ports=[80], volumes="/data", host_config=host)
    api.create_swarm_spec(snapshot_interval=5000, external_ca={"Protocol": "cfssl", "URL": "u"})
    assert_type(api.top("web"), ContainerTopResponse)
    assert_type(api.remove_image("busybox"), list[ImageDeleteResponseItem])
    assert_type(create_host_config(["/a:/b"], auto_remove=True, version="1.41"), dict[str, Any])


def my_own_wrapper(client: DockerClient, **kwargs: Unpack[ContainerRunKwargs]) -> Container:
    # (mypy gives Any for run(detach=True, **kwargs) here: its overload matching of an
    # unpacked TypedDict; pyright picks the overload. A direct call is precise for both.)
    return client.containers.create("busybox", **kwargs)


def lazy_names() -> None:
    assert_type(dockersdk.types.HostConfig(privileged=True), HostConfig)
    assert_type(dockersdk.APIClient, type[APIClient])


async def async_user(client: AsyncDockerClient) -> None:
    container = await client.containers.run("busybox", detach=True, mem_limit="64m")
    result = await container.exec_run("ls", stream=True)
    assert_type(result.output, AsyncExecStream[bytes])
    assert_type(await client.containers.run("busybox", stream=True), AsyncStream[bytes] | None)
    service = await client.services.create("busybox", mode={"Replicated": {"Replicas": 1}})
    await service.update(force_update=True)
