"""AsyncDockerClient natively, against the real engines: ``async with``, ``await``, ``async
for`` and ``asyncio.gather`` over the object model.

The sync scenarios of ``test_resources_*`` run through the async client too (the ``client``
fixture, via tests/fixtures/async_bridge); these tests show what only native async code can:
the documented differences (``await obj.reload()`` before ``attrs`` of a listed object,
awaitable ``Container.image``) and many requests in flight on one client. Each test drives
one ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

import pytest

import dockersdk.aio
from dockersdk.aio import AsyncDockerClient, AsyncStream
from dockersdk.aio.resources import AsyncContainer, AsyncImage, AsyncNetwork, AsyncVolume
from dockersdk.errors import Conflict, ContainerError, DockerException, ImageNotFound, NotFound

pytestmark = pytest.mark.integration

T = TypeVar("T")
LABEL = "dockersdk.test=aio-resources"
LABELS = {"dockersdk.test": "aio-resources"}
DEADLINE_SECONDS = 120.0


def run(scenario: Awaitable[T]) -> T:
    """Run one scenario on a fresh event loop, failing instead of hanging."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario, DEADLINE_SECONDS)

    return asyncio.run(bounded())


def unique() -> str:
    return f"dsdk-aio-{uuid.uuid4().hex[:8]}"


@asynccontextmanager
async def engine(url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncDockerClient]:
    """``dockersdk.aio.from_env()`` pointed at the private engine by ``DOCKER_HOST``; the
    labelled containers, networks and volumes are removed on exit."""
    monkeypatch.setenv("DOCKER_HOST", url)
    for name in ("DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONTEXT"):
        monkeypatch.delenv(name, raising=False)
    async with dockersdk.aio.from_env() as client:
        try:
            yield client
        finally:
            for container in await client.containers.list(all=True, filters={"label": LABEL}):
                with contextlib.suppress(NotFound, Conflict):
                    await container.remove(force=True)
            for network in await client.networks.list(filters={"label": LABEL}):
                with contextlib.suppress(NotFound):
                    await network.remove()
            for volume in await client.volumes.list(filters={"label": LABEL}):
                with contextlib.suppress(NotFound):
                    await volume.remove(force=True)


def test_from_env_and_engine_wide_calls(engine_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            assert isinstance(client, AsyncDockerClient)
            assert await client.ping() is True
            version = await client.version()
            assert version.api_version == client.api.api_version  # negotiated by now
            assert (await client.info()).containers is not None
            with pytest.raises(AttributeError, match=r"'AsyncDockerClient' object .* client\.api"):
                client.create_container  # noqa: B018

    run(scenario())


def test_run_attached_detached_and_failing(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            output = await client.containers.run(
                test_image, ["sh", "-c", "echo out; echo err >&2"], labels=LABELS, remove=True
            )
            assert output == b"out\n"

            chunks = await client.containers.run(
                test_image, ["sh", "-c", "echo a; echo b"], stream=True, labels=LABELS
            )
            assert isinstance(chunks, AsyncStream)
            async with chunks:
                assert b"".join([chunk async for chunk in chunks]) == b"a\nb\n"

            with pytest.raises(ContainerError) as info:
                await client.containers.run(
                    test_image, ["sh", "-c", "echo broken >&2; exit 3"], labels=LABELS
                )
            assert info.value.exit_status == 3 and info.value.stderr == b"broken\n"
            assert info.value.image == test_image

            name = unique()
            container = await client.containers.run(
                test_image, ["sleep", "300"], detach=True, name=name, labels=LABELS
            )
            assert isinstance(container, AsyncContainer)
            assert container.status == "created"  # as in docker-py: inspected before start
            await container.reload()
            assert container.name == name and container.status == "running"
            image = await container.image  # an awaitable property in the async flavour
            assert isinstance(image, AsyncImage) and test_image in image.tags
            await container.stop(timeout=0)
            assert (await container.wait()).status_code == 137
            await container.reload()
            assert container.status == "exited"

    run(scenario())


def test_list_then_reload(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            started = await client.containers.run(
                test_image, ["sleep", "300"], detach=True, name=unique(), labels=LABELS
            )
            assert isinstance(started, AsyncContainer)
            (listed,) = await client.containers.list(filters={"label": LABEL})
            # The summary answers without a request...
            assert (listed.id, listed.name, listed.status) == (
                started.id,
                started.name,
                "running",
            )
            assert listed.labels == LABELS and not listed.loaded
            # ... attrs asks for an explicit reload (a property cannot await).
            with pytest.raises(DockerException, match=r"await obj\.reload\(\)"):
                listed.attrs  # noqa: B018
            await listed.reload()
            assert listed.loaded and listed.attrs.id == started.id
            assert listed.attrs["Config"]["Labels"] == LABELS

            images = await client.images.list(name=test_image.rsplit(":", 1)[0])
            assert test_image in images[0].tags and not images[0].loaded
            await images[0].reload()
            assert images[0].attrs.id == images[0].id

    run(scenario())


def test_exec_run_and_logs_stream(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            container = await client.containers.run(
                test_image,
                ["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done; exec sleep 300"],
                detach=True,
                labels=LABELS,
            )
            assert isinstance(container, AsyncContainer)
            result = await container.exec_run(
                ["sh", "-c", "echo x; echo y >&2; exit 2"], demux=True
            )
            assert result.exit_code == 2 and result.output == (b"x\n", b"y\n")

            lines: list[bytes] = []
            async with await container.logs(stream=True, follow=True) as logs:
                async for chunk in logs:
                    lines.extend(chunk.splitlines())
                    if len(lines) >= 3:
                        break  # leaving the block closes the followed stream
            assert lines[:3] == [b"line1", b"line2", b"line3"]
            assert await container.logs() == b"line1\nline2\nline3\n"

    run(scenario())


def test_images_get_list_tag_remove(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            image = await client.images.get(test_image)
            assert isinstance(image, AsyncImage) and test_image in image.tags
            assert image.attrs.id == image.id  # a got object is loaded
            tag = unique()
            assert await image.tag("dockersdk-test/aio-tagged", tag) is True
            reference = f"dockersdk-test/aio-tagged:{tag}"
            try:
                tagged = await client.images.get(reference)
                assert tagged.id == image.id
                listed = await client.images.list(name="dockersdk-test/aio-tagged")
                assert [i.id for i in listed] == [image.id] and reference in listed[0].tags
            finally:
                await client.images.remove(reference)
            with pytest.raises(ImageNotFound):
                await client.images.get(reference)
            await image.reload()
            assert reference not in image.tags

    run(scenario())


def test_networks_and_volumes(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            net_name, vol_name = unique(), unique()
            network, volume = await asyncio.gather(
                client.networks.create(net_name, driver="bridge", labels=LABELS),
                client.volumes.create(vol_name, labels=LABELS),
            )
            assert isinstance(network, AsyncNetwork) and network.name == net_name
            assert isinstance(volume, AsyncVolume) and volume.name == vol_name
            assert [n.id for n in await client.networks.list(names=[net_name])] == [network.id]
            listed = await client.volumes.list(filters={"label": LABEL})
            assert vol_name in [v.name for v in listed]

            container = await client.containers.run(
                test_image,
                ["sleep", "300"],
                detach=True,
                labels=LABELS,
                network=net_name,
                volumes={vol_name: {"bind": "/data", "mode": "rw"}},
            )
            assert isinstance(container, AsyncContainer)
            await network.reload()
            members = await network.containers  # an awaitable property in the async flavour
            assert [c.id for c in members] == [container.id]
            await container.remove(force=True)

            await asyncio.gather(network.remove(), volume.remove())
            with pytest.raises(NotFound):
                await client.networks.get(net_name)
            with pytest.raises(NotFound):
                await client.volumes.get(vol_name)

    run(scenario())


def test_hundred_concurrent_container_gets(
    engine_url: str, monkeypatch: pytest.MonkeyPatch, test_image: str
) -> None:
    async def scenario() -> None:
        async with engine(engine_url, monkeypatch) as client:
            created = await asyncio.gather(
                *(
                    client.containers.create(test_image, "true", name=unique(), labels=LABELS)
                    for _ in range(4)
                )
            )
            ids = [c.id for c in created]
            wanted = [ids[i % len(ids)] for i in range(100)]
            got = await asyncio.gather(*(client.containers.get(cid) for cid in wanted))
            assert [c.id for c in got] == wanted
            assert all(c.loaded and c.status == "created" for c in got)
            assert {c.name for c in got} == {c.name for c in created}

    run(scenario())
