"""200 concurrent inspects: threads on one sync client, and ``asyncio.gather``.

Threads: one shared client per library (docker-py gets a pool as large as the thread
count, else urllib3 would throw most connections away), against the floor where every
thread keeps its own ``http.client`` connection. Async: aiodocker, and dockersdk's async
client as soon as ``dockersdk.aio.AsyncAPIClient`` exists (no change needed here).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from benchmarks._common import (
    AIODOCKER,
    DOCKER_PY,
    IMAGE,
    LABEL,
    OURS,
    OURS_ASYNC,
    RAW,
    Raw,
    Row,
    Settings,
    interleave,
    log,
    rows,
)

# An async client under test: given the engine's URL and a container id, set up (inside
# the running loop) and return ``(inspect, close)``.
AsyncFactory = Callable[
    [str, str], Awaitable[tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]]
]


async def _aiodocker(url: str, cid: str) -> Any:
    import aiodocker

    client = aiodocker.Docker(url=url)

    async def inspect() -> object:
        return await client.containers.get(cid)

    return inspect, client.close


async def _dockersdk_aio(url: str, cid: str) -> Any:
    import dockersdk.aio  # type: ignore[import-not-found,unused-ignore]

    client = getattr(dockersdk.aio, "AsyncAPIClient")(base_url=url)  # noqa: B009

    async def inspect() -> object:
        return await client.inspect_container(cid)

    async def close() -> None:
        closer = getattr(client, "aclose", None) or client.close
        result = closer()
        if asyncio.iscoroutine(result):
            await result

    return inspect, close


def async_clients() -> dict[str, AsyncFactory]:
    """The async clients that are installed."""
    found: dict[str, AsyncFactory] = {}
    try:
        import aiodocker  # noqa: F401

        found[AIODOCKER] = _aiodocker
    except ImportError:
        pass
    try:
        import dockersdk.aio  # type: ignore[import-not-found,unused-ignore]

        if hasattr(dockersdk.aio, "AsyncAPIClient"):
            found[OURS_ASYNC] = _dockersdk_aio
    except ImportError:
        pass
    return found


class _AsyncRunner:
    """An event loop kept across rounds, with one client set up inside it."""

    def __init__(self, factory: AsyncFactory, url: str, cid: str, count: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.count = count
        self.inspect, self.close_client = self.loop.run_until_complete(factory(url, cid))

    def __call__(self) -> float:
        async def burst() -> None:
            await asyncio.gather(*(self.inspect() for _ in range(self.count)))

        start = time.perf_counter()
        self.loop.run_until_complete(burst())
        return (time.perf_counter() - start) * 1e3

    def close(self) -> None:
        self.loop.run_until_complete(self.close_client())
        self.loop.close()


def _threaded(
    pool: ThreadPoolExecutor, fn: Callable[[], object], count: int
) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        for future in [pool.submit(fn) for _ in range(count)]:
            future.result()
        return (time.perf_counter() - start) * 1e3

    return run


def main(settings: Settings) -> list[Row]:
    """200 concurrent inspects of one container, threads and asyncio."""
    import docker

    import dockersdk

    count = 200
    rounds = settings.pick(11, 15)
    # An asyncio burst takes ~30 ms, so it gets more rounds: a full garbage collection
    # (~30 ms with every client's modules loaded) lands in one burst in five or so, and
    # the median needs enough bursts to see past them.
    async_rounds = settings.pick(41, 61)
    ours = dockersdk.APIClient(base_url=settings.url)
    version = ours.api_version
    theirs = docker.APIClient(base_url=settings.url, version=version, max_pool_size=count)
    cid = str(ours.create_container(IMAGE, ["sleep", "600"], labels={LABEL: "concurrency"}).id)
    local = threading.local()
    opened: list[Raw] = []

    def raw_inspect() -> object:
        raw = getattr(local, "raw", None)
        if raw is None:
            raw = local.raw = Raw(settings.socket_path, version)
            opened.append(raw)
        return raw.json("GET", f"/containers/{cid}/json")

    pools = {name: ThreadPoolExecutor(count) for name in (RAW, DOCKER_PY, OURS)}
    runners: dict[str, _AsyncRunner] = {}
    log(f"{count} concurrent inspects, {rounds} rounds ({async_rounds} with asyncio)")
    try:
        thread_samples = interleave(
            rounds,
            {
                RAW: _threaded(pools[RAW], raw_inspect, count),
                DOCKER_PY: _threaded(
                    pools[DOCKER_PY], lambda: theirs.inspect_container(cid), count
                ),
                OURS: _threaded(pools[OURS], lambda: ours.inspect_container(cid), count),
            },
        )
        for name, factory in async_clients().items():
            runners[name] = _AsyncRunner(factory, settings.url, cid, count)
        async_samples = interleave(async_rounds, dict(runners)) if runners else {}
    finally:
        for runner in runners.values():
            runner.close()
        for pool in pools.values():
            pool.shutdown()
        for raw in opened:
            raw.close()
        ours.remove_container(cid, force=True)
        ours.close()
        theirs.close()
    note = f"{count} inspects, wall time of the burst"
    return rows("concurrent threads", "ms", thread_samples, note=f"{note}; {count} threads") + rows(
        "concurrent asyncio", "ms", async_samples, note=f"{note}; asyncio.gather"
    )
