"""docker-py's wire and stream behaviour against the real engines (issue 13): what the engine
makes of the requests dockersdk now sends as docker-py does, and follow streams closed from
another thread (sync) or task (async, through the bridge: its reader and its close run as two
tasks on one loop)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dockersdk.aio import AsyncAPIClient

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def running(api: Any, test_image: str) -> Iterator[str]:
    """A container printing a line every 0.2 s."""
    created = api.create_container(
        test_image,
        ["sh", "-c", "while true; do echo tick; sleep 0.2; done"],
        labels=LABELS,
    )
    api.start(created)
    try:
        yield created.id
    finally:
        api.remove_container(created, force=True)


def closed_from_another_thread(stream: Any, wait: float = 0.5) -> tuple[list[Any], float]:
    """Read ``stream`` in a thread, close it from this one after ``wait`` seconds; return
    what the reader got and how long it took to stop after the close. Fails on a hang or
    on any error the reader saw."""
    got: list[Any] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            got.extend(stream)
        except BaseException as exc:  # the test reports it
            errors.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(wait)
    started = time.monotonic()
    stream.close()
    reader.join(10)
    took = time.monotonic() - started
    assert not reader.is_alive(), "the reader still waits after the stream was closed"
    assert errors == [], errors
    return got, took


def test_events_closed_from_another_thread_end_at_once(api: Any) -> None:
    got, took = closed_from_another_thread(api.events())  # nothing happens: a silent stream
    assert got == [] and took < 2


def test_events_with_until_closed_early(api: Any) -> None:
    # docker-py's test_cancel_events: a stream that would run 5 s, closed after 1.
    started = time.monotonic()
    events = api.events(until=int(time.time()) + 5)
    closed_from_another_thread(events, wait=1.0)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "open_stream",
    [
        lambda api, c: api.logs(c, stream=True, follow=True),
        lambda api, c: api.logs(c, stream=True, follow=True, demux=True),
        lambda api, c: api.attach(c, stream=True),
    ],
    ids=["logs", "logs-demux", "attach"],
)
def test_followed_output_closed_from_another_thread_ends_at_once(
    api: Any, running: str, open_stream: Callable[[Any, str], Any]
) -> None:
    got, took = closed_from_another_thread(open_stream(api, running))
    assert got and took < 2
    # The client is still fine afterwards (the cut connection was not pooled).
    assert api.inspect_container(running).state.running is True


def test_a_stream_closed_between_reads_stops(api: Any, running: str) -> None:
    with api.logs(running, stream=True, follow=True) as lines:
        first = next(lines)
        lines.close()
        assert first == b"tick\n" and list(lines) == []


def test_native_async_streams_closed_from_another_task(engine_url: str, test_image: str) -> None:
    async def main() -> None:
        async with AsyncAPIClient(base_url=engine_url) as api:
            events = await api.events()
            reader = asyncio.create_task(_drain(events))
            await asyncio.sleep(0.3)
            await events.aclose()
            assert await asyncio.wait_for(reader, 2) == []
            created = await api.create_container(
                test_image, ["sh", "-c", "while true; do echo tick; sleep 0.2; done"], labels=LABELS
            )
            try:
                await api.start(created)
                logs = await api.logs(created, stream=True, follow=True)
                reader = asyncio.create_task(_drain(logs))
                await asyncio.sleep(0.5)
                await logs.aclose()
                assert b"tick\n" in await asyncio.wait_for(reader, 2)
            finally:
                await api.remove_container(created, force=True)

    asyncio.run(main())


async def _drain(stream: Any) -> list[Any]:
    return [item async for item in stream]


# -- what the engines make of docker-py's requests --------------------------------------------


def test_healthcheck_dict_reaches_the_engine(api: Any, test_image: str) -> None:
    created = api.create_container(
        test_image,
        ["sleep", "30"],
        labels=LABELS,
        healthcheck={"test": "true", "interval": 1_000_000_000, "retries": 2},
        volumes="/data",
    )
    try:
        config = api.inspect_container(created)["Config"]
        assert config["Healthcheck"]["Test"] == ["CMD-SHELL", "true"]
        assert config["Healthcheck"]["Interval"] == 1_000_000_000
        assert config["Healthcheck"]["Retries"] == 2
        assert list(config["Volumes"]) == ["/data"]
    finally:
        api.remove_container(created, force=True)


def test_tty_demux_and_stats_and_quiet_lists(api: Any, test_image: str) -> None:
    created = api.create_container(
        test_image, ["sh", "-c", "echo out; sleep 30"], tty=True, labels=LABELS
    )
    try:
        api.start(created)
        exec_id = api.exec_create(created, ["sh", "-c", "echo in-tty"], tty=True).id
        out, err = api.exec_start(exec_id, tty=True, demux=True)
        assert out is not None and b"in-tty" in out and err is None
        silent = api.exec_create(created, ["true"]).id
        assert api.exec_start(silent, demux=True) == (None, None)
        stats = api.stats(created, stream=False)
        for key in ("read", "precpu_stats", "cpu_stats", "memory_stats", "blkio_stats"):
            assert key in stats, key
        image_ids = api.images(quiet=True)
        assert api.inspect_image(test_image).id in image_ids
        assert all(isinstance(i, str) for i in image_ids)
        listed = api.containers(quiet=True, filters={"id": created.id})
        assert [c.id for c in listed] == [created.id]
        assert [c.id for c in api.containers(trunc=True, filters={"id": created.id})] == [
            created.id[:12]
        ]
    finally:
        api.remove_container(created, force=True)


def test_events_without_decode_are_json_bytes(api: Any, test_image: str) -> None:
    import json

    since = int(time.time()) - 1
    created = api.create_container(test_image, ["true"], labels=LABELS)
    api.remove_container(created, force=True)
    until = int(time.time()) + 1
    raw = list(
        api.events(since=since, until=until, filters={"container": created.id}, decode=False)
    )
    assert raw and all(isinstance(item, bytes) for item in raw)
    assert {json.loads(item)["Action"] for item in raw} >= {"create", "destroy"}


def test_connect_with_link_pairs(api: Any, test_image: str) -> None:
    network = f"dsdk-wire-{uuid.uuid4().hex[:8]}"
    net = api.create_network(network, labels=LABELS)
    target = api.create_container(test_image, ["sleep", "30"], labels=LABELS)
    linked = api.create_container(test_image, ["sleep", "30"], labels=LABELS)
    try:
        target_name = api.inspect_container(target).name.lstrip("/")
        api.connect_container_to_network(target, net)
        api.connect_container_to_network(linked, net, links=[(target_name, "db")])
        endpoint = api.inspect_container(linked)["NetworkSettings"]["Networks"][network]
        assert endpoint["Links"] == [f"{target_name}:db"]
    finally:
        for container in (target, linked):
            api.remove_container(container, force=True)
        api.remove_network(net)


def test_attach_socket_has_sock_and_closes_from_another_thread(api: Any, running: str) -> None:
    import socket

    sock = api.attach_socket(running, params={"stdout": 1, "stderr": 1, "stream": 1})
    raw = sock._sock  # docker-py's tests and helpers reach for it
    assert isinstance(raw, socket.socket) and raw.family == socket.AF_UNIX
    received: list[bytes] = []

    def read() -> None:
        while data := sock.recv(4096):
            received.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.6)
    sock.close()
    reader.join(5)
    assert not reader.is_alive() and b"tick" in b"".join(received)
