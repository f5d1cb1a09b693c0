"""Load: 16 threads x 1000 mixed calls on one sync APIClient, and 1000 concurrent mixed calls
on one AsyncAPIClient: zero errors, no leaked fds.

File descriptors are counted in ``/proc/self/fd`` before the client exists, while it runs
(the pool keeps at most one connection per concurrent caller alive) and after it is closed
(back to the count before).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.errors import NotFound
from tests.conftest import ENGINES
from tests.fixtures.engines import PODMAN

pytestmark = pytest.mark.integration

LABELS = {"dockersdk.test": "1"}
THREADS = 16
# 16 x 1000 calls take about 15-25 s per engine on two shared cores; both engines get the
# full load. DOCKERSDK_LOAD_CALLS lowers it for a quick local run.
CALLS = int(os.environ.get("DOCKERSDK_LOAD_CALLS", "1000"))
# Calls in flight at once on the async client (one asyncio.gather).
ASYNC_CALLS = int(os.environ.get("DOCKERSDK_LOAD_ASYNC_CALLS", "1000"))
ASYNC_POOL = 100  # AsyncAPIClient's default max_pool_size (also what it keeps idle)


def open_fds() -> set[str]:
    """This process's open sockets (``socket:[inode]``). Only sockets: other threads
    sampling at the same moment each hold a descriptor of ``/proc/self/fd`` open."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith("socket:"):
                found.add(target)
    return found


# Not Podman: DOCKERD_ONLY["test_load.py"] says why.
LOAD_ENGINES = [name for name in sorted(ENGINES) if name != PODMAN]


@pytest.fixture(params=LOAD_ENGINES or ["missing"], ids=lambda n: f"engine-{n}")
def engine(request: pytest.FixtureRequest) -> str:
    if request.param not in ENGINES:
        pytest.fail("no private engine configured: run through `make test`")
    return ENGINES[request.param]


@pytest.fixture
def target(engine: str, test_image: str) -> Iterator[str]:
    """A created (not started) container for the inspect calls."""
    with APIClient(base_url=engine) as setup:
        name = f"dsdk-load-{uuid.uuid4().hex[:8]}"
        setup.create_container(test_image, ["true"], name=name, labels=LABELS)
        try:
            yield name
        finally:
            with contextlib.suppress(NotFound):
                setup.remove_container(name, force=True)


def test_threads_hammering_one_client(engine: str, target: str, test_image: str) -> None:
    before = open_fds()
    api = APIClient(base_url=engine, timeout=60)
    peak = 0
    errors: list[tuple[str, BaseException]] = []
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    mix: list[tuple[str, Callable[[], Any]]] = [
        ("ping", lambda: api.ping() is True),
        ("version", lambda: bool(api.version().api_version)),
        ("inspect_container", lambda: api.inspect_container(target).name == f"/{target}"),
        (
            "containers",
            lambda: any(
                c.names == [f"/{target}"]
                for c in api.containers(all=True, filters={"label": "dockersdk.test=1"})
            ),
        ),
        ("inspect_image", lambda: bool(api.inspect_image(test_image).id)),
        ("images", lambda: len(api.images()) >= 1),
    ]
    start = threading.Barrier(THREADS)

    def worker(index: int) -> None:
        nonlocal peak
        done: Counter[str] = Counter()
        start.wait()
        for i in range(CALLS):
            name, call = mix[(index + i) % len(mix)]
            try:
                if call() is not True:
                    raise AssertionError(f"{name}: unexpected result")
                done[name] += 1
            except BaseException as exc:
                with lock:
                    errors.append((name, exc))
            if i % 100 == 0:
                in_use = len(open_fds() - before)
                with lock:
                    peak = max(peak, in_use)
        with lock:
            counts.update(done)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(THREADS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    took = time.monotonic() - began
    assert not any(t.is_alive() for t in threads), "a worker hung"
    assert errors == [], errors[:5]
    assert sum(counts.values()) == THREADS * CALLS, counts
    # One pooled connection per concurrent caller at most (+ 2: a reader may see a socket
    # that is being replaced), not one per call.
    kept = len(open_fds() - before)
    assert 1 <= kept <= THREADS + 2, kept
    assert peak <= THREADS + 2, peak
    api.close()
    assert open_fds() - before == set(), "file descriptors left open after close()"
    print(f"{THREADS}x{CALLS} calls in {took:.1f} s, peak {peak} extra fds")


def test_concurrent_async_calls_on_one_client(engine: str, target: str, test_image: str) -> None:
    async def scenario() -> tuple[list[tuple[str, BaseException]], Counter[str], int, float]:
        # Counted inside the loop: its own selector and self-pipe are in both counts.
        before = open_fds()
        api = AsyncAPIClient(base_url=engine, timeout=60)
        peak = 0
        errors: list[tuple[str, BaseException]] = []
        counts: Counter[str] = Counter()

        async def containers() -> bool:
            listed = await api.containers(all=True, filters={"label": "dockersdk.test=1"})
            return any(c.names == [f"/{target}"] for c in listed)

        async def inspect_container() -> bool:
            return (await api.inspect_container(target)).name == f"/{target}"

        async def version() -> bool:
            return bool((await api.version()).api_version)

        async def inspect_image() -> bool:
            return bool((await api.inspect_image(test_image)).id)

        async def images() -> bool:
            return len(await api.images()) >= 1

        mix: list[tuple[str, Callable[[], Awaitable[bool]]]] = [
            ("ping", api.ping),
            ("version", version),
            ("inspect_container", inspect_container),
            ("containers", containers),
            ("inspect_image", inspect_image),
            ("images", images),
        ]

        async def one(i: int) -> None:
            nonlocal peak
            name, call = mix[i % len(mix)]
            try:
                if await call() is not True:
                    raise AssertionError(f"{name}: unexpected result")
                counts[name] += 1
            except BaseException as exc:
                errors.append((name, exc))
            peak = max(peak, len(open_fds() - before))

        began = time.monotonic()
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(ASYNC_CALLS))), 300)
        took = time.monotonic() - began
        kept = len(open_fds() - before)
        # Idle connections kept for the next burst: at most one per slot, not one per call.
        assert 1 <= kept <= ASYNC_POOL, kept
        await api.aclose()
        assert open_fds() - before == set(), "file descriptors left open after aclose()"
        return errors, counts, peak, took

    errors, counts, peak, took = asyncio.run(scenario())
    assert errors == [], errors[:5]
    assert sum(counts.values()) == ASYNC_CALLS, counts
    assert len(counts) == 6, counts
    # At most max_pool_size connections at once, however many calls wait for one.
    assert peak <= ASYNC_POOL, peak
    print(f"{ASYNC_CALLS} concurrent async calls in {took:.1f} s, peak {peak} extra fds")
