"""Checked by mypy (``make typecheck``), never run: the flags that change a return type pick
the right overload, in both clients, so IDEs show the real type."""

from __future__ import annotations

from typing_extensions import assert_type

from dockersdk import APIClient, DockerClient
from dockersdk.aio import AsyncAPIClient, AsyncDockerClient, AsyncStream
from dockersdk.api import Stream
from dockersdk.models import ContainerStatsResponse, CreateImageInfo
from dockersdk.resources import Container

Demuxed = tuple[bytes | None, bytes | None]


def sync_container(client: DockerClient) -> None:
    container = client.containers.get("web")
    assert_type(container.logs(), bytes)
    assert_type(container.logs(demux=True), Demuxed)
    assert_type(container.logs(stream=True), Stream[bytes])
    assert_type(container.logs(stream=True, demux=True), Stream[Demuxed])
    assert_type(container.attach(), bytes)
    assert_type(container.attach(stream=True), Stream[bytes])
    assert_type(container.stats(), Stream[bytes])
    assert_type(container.stats(decode=True), Stream[ContainerStatsResponse])
    assert_type(container.stats(stream=False), ContainerStatsResponse)
    assert_type(client.containers.run("busybox", detach=True), Container)


def sync_api(api: APIClient) -> None:
    assert_type(api.logs("web"), bytes)
    assert_type(api.logs("web", stream=True, demux=True), Stream[Demuxed])
    assert_type(api.pull("busybox", stream=True, decode=True), Stream[CreateImageInfo])


async def async_container(client: AsyncDockerClient) -> None:
    container = await client.containers.get("web")
    assert_type(await container.logs(), bytes)
    assert_type(await container.logs(demux=True), Demuxed)
    assert_type(await container.logs(stream=True), AsyncStream[bytes])
    assert_type(await container.attach(stream=True, demux=True), AsyncStream[Demuxed])
    assert_type(await container.stats(decode=True), AsyncStream[ContainerStatsResponse])
    assert_type(await container.stats(stream=False), ContainerStatsResponse)


async def async_api(api: AsyncAPIClient) -> None:
    assert_type(await api.logs("web"), bytes)
    assert_type(await api.logs("web", stream=True), AsyncStream[bytes])
    assert_type(await api.pull("busybox", stream=True, decode=True), AsyncStream[CreateImageInfo])
