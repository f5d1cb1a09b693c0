"""AsyncAPIClient natively, against the real engines: what only an async client can show.

Concurrency under ``asyncio.gather``, cancellation of a task reading a stream, and async
iteration of every kind of stream (events, attach with stdin, exec, pull/push progress), over
unix sockets, ssh:// and TLS. Each test drives one ``asyncio.run``; the scenarios shared
with the sync client run through the async one via the ``api`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from dockersdk.aio import AsyncAPIClient, AsyncExecStream, AsyncStream, AsyncUpgradedSocket
from dockersdk.errors import APIError, ImageNotFound
from dockersdk.utils.frames import FrameDecoder
from tests.integration.test_api_registry import CREDENTIALS, registry, repo  # noqa: F401
from tests.integration.test_transport_ssh import ssh_children, ssh_url  # noqa: F401
from tests.integration.test_transport_tls import config, tls, url  # noqa: F401

pytestmark = pytest.mark.integration

T = TypeVar("T")
LABELS = {"dockersdk.test": "aio"}
DEADLINE_SECONDS = 60.0


def run(scenario: Awaitable[T]) -> T:
    """Run one scenario on a fresh event loop, failing instead of hanging."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario, DEADLINE_SECONDS)

    return asyncio.run(bounded())


def unix_sockets() -> set[str]:
    """Inodes of the unix sockets this process has open (from ``/proc/self/fd``).

    Taken as a baseline before a client is made, the difference afterwards is that client's
    connections to the engine: nothing else in the test opens sockets meanwhile.
    """
    table = Path("/proc/net/unix").read_text().splitlines()[1:]
    unix = {line.split()[6] for line in table}
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith("socket:[") and target[8:-1] in unix:
                found.add(target[8:-1])
    return found


@asynccontextmanager
async def container(
    api: AsyncAPIClient, image: str, command: list[str], **kwargs: object
) -> AsyncIterator[str]:
    """A started container, removed on exit."""
    created = await api.create_container(
        image,
        command,
        labels=LABELS,
        stop_timeout=1,
        **kwargs,  # type: ignore[arg-type]
    )
    try:
        await api.start(created.id)
        yield created.id
    finally:
        await api.remove_container(created.id, force=True)


async def read_frames(sock: AsyncUpgradedSocket) -> list[tuple[int, bytes]]:
    """Every multiplexed frame until the engine closes the connection."""
    decoder = FrameDecoder()
    frames = []
    while chunk := await sock.recv(4096):
        frames += [(frame.stream, frame.data) for frame in decoder.feed(chunk)]
    frames += [(frame.stream, frame.data) for frame in decoder.close()]
    return frames


# -- concurrency ----------------------------------------------------------------------------


def test_200_concurrent_inspects(engine_url: str, test_image: str) -> None:
    async def scenario() -> None:
        async with AsyncAPIClient(base_url=engine_url) as setup:
            ids = []
            for _ in range(4):
                created = await setup.create_container(test_image, ["true"], labels=LABELS)
                ids.append(created.id)
            image_id = (await setup.inspect_image(test_image)).id
            try:
                # A fresh client: the version is negotiated once, by 200 concurrent first calls.
                async with AsyncAPIClient(base_url=engine_url) as api:
                    wanted = [ids[i % len(ids)] for i in range(200)]
                    results = await asyncio.gather(*(api.inspect_container(c) for c in wanted))
                    assert [r.id for r in results] == wanted
                    assert all(r.config is not None for r in results)
                    assert {r.config.labels["dockersdk.test"] for r in results} == {"aio"}  # type: ignore[union-attr, index]
                    images = await asyncio.gather(
                        *(api.inspect_image(test_image) for _ in range(50))
                    )
                    assert {i.id for i in images} == {image_id}
                    assert api.api_version == setup.api_version
            finally:
                for cid in ids:
                    await setup.remove_container(cid, force=True)

    run(scenario())


# -- cancellation ---------------------------------------------------------------------------


def test_cancelled_follow_logs_task_closes_its_connection(engine_url: str, test_image: str) -> None:
    ticking = ["sh", "-c", "while true; do echo tick; sleep 0.05; done"]

    async def scenario() -> None:
        async with (
            AsyncAPIClient(base_url=engine_url) as setup,
            container(setup, test_image, ticking) as cid,
        ):
            before = unix_sockets()
            api = AsyncAPIClient(base_url=engine_url)
            try:
                reading = asyncio.Event()
                received: list[bytes] = []

                async def follow() -> None:
                    stream = await api.logs(cid, stream=True, follow=True)
                    assert isinstance(stream, AsyncStream)
                    async for chunk in stream:
                        received.append(chunk)
                        reading.set()

                task = asyncio.create_task(follow())
                await reading.wait()
                await asyncio.sleep(0.2)  # mid-read: the task waits for the next tick
                during = unix_sockets() - before
                assert during, "the follow stream holds a connection"
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                after = unix_sockets() - before
                # The stream's connection is gone; only idle keep-alive ones may remain.
                assert len(after) == len(during) - 1, (during, after)
                assert after <= during
                assert await api.ping() is True  # the client is still usable
                assert b"tick\n" in b"".join(received)
            finally:
                await api.aclose()
            assert unix_sockets() - before == set()

    run(scenario())


def test_cancelled_stream_inside_async_with_and_leftover_streams(
    engine_url: str, test_image: str
) -> None:
    ticking = ["sh", "-c", "while true; do echo tick; sleep 0.05; done"]

    async def scenario() -> None:
        async with (
            AsyncAPIClient(base_url=engine_url) as setup,
            container(setup, test_image, ticking) as cid,
        ):
            before = unix_sockets()
            async with AsyncAPIClient(base_url=engine_url) as api:

                async def follow() -> None:
                    async with await api.logs(cid, stream=True, follow=True) as stream:
                        async for _chunk in stream:
                            pass

                tasks = [asyncio.create_task(follow()) for _ in range(5)]
                # five connections open (an engine may answer a follow only with its first
                # line: Podman 4.3 takes seconds)
                for _ in range(200):
                    if len(unix_sockets() - before) >= 5:
                        break
                    await asyncio.sleep(0.05)
                assert len(unix_sockets() - before) >= 5
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                assert len(unix_sockets() - before) <= 1  # the negotiation's idle connection
                # A stream abandoned open is closed with the client.
                left = await api.logs(cid, stream=True, follow=True)
                await anext(left)
            assert unix_sockets() - before == set()

    run(scenario())


# -- streams --------------------------------------------------------------------------------


def test_events_stream(engine_url: str, test_image: str) -> None:
    mark = uuid.uuid4().hex[:8]

    async def scenario() -> None:
        async with AsyncAPIClient(base_url=engine_url) as api:
            started = int(time.time()) - 1
            filters = {"label": [f"dsdk-aio={mark}"], "type": ["container"]}
            async with await api.events(filters=filters, decode=True) as events:
                created = await api.create_container(
                    test_image, ["true"], labels={**LABELS, "dsdk-aio": mark}
                )
                await api.start(created.id)
                actions = []
                async for event in events:
                    assert event.actor is not None and event.actor.id == created.id
                    actions.append(event.action)
                    if event.action == "die":
                        break
            assert actions[:2] == ["create", "start"], actions
            await api.remove_container(created.id)
            # With until, the stream ends by itself.
            ended = await api.events(since=started, until=int(time.time()) + 1, filters=filters)
            past = [event.action async for event in ended]
            assert {"create", "start", "die", "destroy"} <= set(past), past

    run(scenario())


def test_attach_socket_writes_stdin_to_cat(engine_url: str, test_image: str) -> None:
    async def scenario() -> None:
        async with AsyncAPIClient(base_url=engine_url) as api:
            created = await api.create_container(
                test_image, ["cat"], stdin_open=True, labels=LABELS
            )
            try:
                params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
                async with await api.attach_socket(created.id, params=params) as sock:
                    assert isinstance(sock, AsyncUpgradedSocket)
                    await api.start(created.id)
                    await sock.sendall(b"hello ")
                    await sock.send(b"async\n" * 1000)
                    sock.shutdown_write()  # cat sees EOF and exits
                    frames = await read_frames(sock)
                assert {stream for stream, _ in frames} == {1}
                assert b"".join(data for _, data in frames) == b"hello " + b"async\n" * 1000
                assert (await api.wait(created.id)).status_code == 0
            finally:
                await api.remove_container(created.id, force=True)

    run(scenario())


def test_exec_stream_and_exit_code(engine_url: str, test_image: str) -> None:
    async def scenario() -> None:
        async with (
            AsyncAPIClient(base_url=engine_url) as api,
            container(api, test_image, ["sleep", "60"]) as cid,
        ):
            script = "for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.05; done; exit 7"
            made = await api.exec_create(cid, ["sh", "-c", script])
            stream = await api.exec_start(made.id, stream=True, demux=True)
            assert isinstance(stream, AsyncExecStream)
            async with stream:
                assert await stream.exit_code() is None  # still running
                pieces = [piece async for piece in stream]
            assert b"".join(o for o, _ in pieces if o) == b"out1\nout2\nout3\n"
            assert b"".join(e for _, e in pieces if e) == b"err1\nerr2\nerr3\n"
            for _ in range(50):  # the engine records the exit a moment after the output ends
                if (code := await stream.exit_code()) is not None:
                    break
                await asyncio.sleep(0.05)
            assert code == 7
            # Concurrent execs on one container.
            made = await asyncio.gather(
                *(api.exec_create(cid, ["sh", "-c", f"echo {i}"]) for i in range(10))
            )
            outputs = await asyncio.gather(*(api.exec_start(m.id) for m in made))
            assert outputs == [f"{i}\n".encode() for i in range(10)]

    run(scenario())


def test_push_and_pull_progress_with_auth_config(
    engine_url: str,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    test_image: str,
) -> None:
    async def scenario() -> None:
        async with AsyncAPIClient(base_url=engine_url) as api:
            await api.tag(test_image, repo, "v1")
            try:
                wrong = {"username": "x", "password": "y"}
                # docker-py's default leaves the refusal in the output; raise_on_error raises.
                refused = await api.push(repo, "v1", auth_config=wrong)
                assert re.search(r"(?i)unauthorized|no basic auth", refused), refused
                with pytest.raises(APIError, match=r"(?i)unauthorized|no basic auth"):
                    await api.push(repo, "v1", auth_config=wrong, raise_on_error=True)
                pushed = await api.push(
                    repo, "v1", stream=True, decode=True, auth_config=CREDENTIALS
                )
                async with pushed:
                    statuses = [event.status or "" async for event in pushed]
                assert any("digest: sha256:" in s for s in statuses), statuses
                await api.remove_image(f"{repo}:v1")
                pulled = await api.pull(
                    repo, "v1", stream=True, decode=True, auth_config=CREDENTIALS
                )
                events = [event async for event in pulled]
                assert any((e.status or "").startswith("Digest: sha256:") for e in events)
                assert (await api.inspect_image(f"{repo}:v1")).id == (
                    await api.inspect_image(test_image)
                ).id
                with pytest.raises(APIError, match=r"(?i)not found|manifest unknown"):
                    # The engine answers 404 at once, or reports the error inside the stream.
                    missing = await api.pull(
                        repo, "missing", stream=True, auth_config=CREDENTIALS, raise_on_error=True
                    )
                    async for _ in missing:
                        pass
            finally:
                with contextlib.suppress(ImageNotFound):
                    await api.remove_image(f"{repo}:v1", force=True)

    run(scenario())


# -- other transports -------------------------------------------------------------------------


def test_over_ssh_concurrently_and_streaming(
    ssh_url: str,  # noqa: F811
    test_image: str,
) -> None:
    before = set(ssh_children())

    async def scenario() -> None:
        async with AsyncAPIClient(base_url=ssh_url, timeout=30, max_pool_size=4) as api:
            pings = await asyncio.gather(*(api.ping() for _ in range(20)))
            assert pings == [True] * 20
            assert 1 <= len(set(ssh_children()) - before) <= 4  # one ssh process per connection
            async with container(api, test_image, ["sh", "-c", "echo one; exec sleep 60"]) as cid:
                async with await api.logs(cid, stream=True, follow=True) as lines:
                    assert await anext(lines) == b"one\n"
                made = await api.exec_create(cid, ["sh", "-c", "echo over ssh; exit 3"])
                stream = await api.exec_start(made.id, stream=True)
                assert b"".join([chunk async for chunk in stream]) == b"over ssh\n"
                # Cancelling a task that follows logs ends that connection's ssh process.
                reading = asyncio.Event()

                async def follow() -> None:
                    async for _chunk in await api.logs(cid, stream=True, follow=True):
                        reading.set()

                task = asyncio.create_task(follow())
                await reading.wait()
                during = set(ssh_children())
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                after = set(ssh_children())
                assert after < during and len(after) == len(during) - 1, (during, after)

    run(scenario())
    assert set(ssh_children()) - before == set()  # aclose ended every ssh process


def test_over_mutual_tls_concurrently(tls: dict[str, str]) -> None:  # noqa: F811
    async def scenario() -> None:
        tls_config = config(tls["DOCKERSDK_TLS_CERTS"])
        async with AsyncAPIClient(base_url=url(tls, "localhost"), tls=tls_config) as api:
            assert api.base_url.startswith("https://")
            pings = await asyncio.gather(*(api.ping() for _ in range(30)))
            assert pings == [True] * 30
            info, version = await asyncio.gather(api.info(), api.version())
            assert info.id and version.api_version == "1.41"
            async with await api.events(since=0, until=int(time.time()), decode=True) as events:
                past = [event async for event in events]
            assert all(event.time for event in past)  # a finite stream, typed

    run(scenario())
