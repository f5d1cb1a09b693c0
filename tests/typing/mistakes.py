"""Checked by mypy and pyright (strict, ``make typecheck``), never run: the mistakes of issue
#14's table, each of which BOTH checkers must report before the code runs.

Every line carries a targeted ignore for each checker (``# type: ignore[code]`` for mypy,
``# pyright: ignore[rule]`` for pyright, which is configured to honour only its own): if a
checker stopped reporting the mistake, its ignore would be unused, which is an error for both
(mypy's ``warn_unused_ignores``, pyright's ``reportUnnecessaryTypeIgnoreComment``).
"""

from __future__ import annotations

import dockersdk
from dockersdk import APIClient, DockerClient
from dockersdk.aio import AsyncDockerClient
from dockersdk.resources import Container, Service
from dockersdk.types import create_host_config


def container_keywords(client: DockerClient) -> None:
    client.containers.run("busybox", mem_limt="1g")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    client.containers.run("busybox", ports=8080)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType,reportCallIssue]
    client.containers.run("busybox", restart_policy="always")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType,reportCallIssue]
    client.containers.run("busybox", detach=True, labels="app")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType,reportCallIssue]
    client.containers.run("busybox", detach=True, devices="/dev/fuse")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType,reportCallIssue]
    client.containers.create("busybox", cpu_shares="512")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.containers.create("busybox", environment=42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def other_keywords(client: DockerClient, container: Container, service: Service) -> None:
    container.update(mem_limt="1g")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    service.update(imagee="busybox")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.services.create("busybox", constraint=["node.role == manager"])  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.images.build(tag=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.networks.create("front", drivr="bridge")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.swarm.init(snapshot_interval="5s")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.swarm.update(autolock_manager=True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def low_level(api: APIClient) -> None:
    api.create_host_config(cpuset_cpus=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.create_host_config(mem_limt="1g")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    api.create_container("busybox", ports="80")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.create_endpoint_config(alias=["web"])  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    create_host_config(cpuset_cpus=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def typos_are_not_any(client: DockerClient) -> None:
    client.contaners.list()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]
    dockersdk.form_env()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]


def outputs_are_typed(container: Container) -> None:
    text: str = container.exec_run("ls").output  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    code: int = container.exec_run("ls").exit_code  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(text, code)


async def async_keywords(client: AsyncDockerClient) -> None:
    await client.containers.run("busybox", mem_limt="1g")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    await client.services.create("busybox", constraint=["x"])  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


from dockersdk.models import ContainerInspectResponce  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue,reportUnknownVariableType,reportUnusedImport]  # noqa: E402, F401
