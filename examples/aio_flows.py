"""asyncio: the same clients as coroutines, many calls at once, streams as async iterators.

Run with ``python examples/aio_flows.py [BASE_URL]``; the asyncio guide
(docs/guides/asyncio.md) includes the ``--8<--`` sections. Everything made here carries the
label ``dockersdk.example=1`` and is removed at the end.
"""

from __future__ import annotations

import asyncio
import os
import sys

from dockersdk.aio import AsyncAPIClient, AsyncDockerClient, from_env

IMAGE = os.environ.get("DOCKERSDK_DEMO_IMAGE", "dockersdk-test/busybox:latest")
LABELS = {"dockersdk.example": "1"}


# --8<-- [start:high_level]
async def high_level(client: AsyncDockerClient) -> None:
    # Every call that talks to the engine is awaited; the arguments are the sync client's.
    print(await client.containers.run(IMAGE, ["echo", "hello"], remove=True))  # b'hello\n'

    # Start three containers at once, then wait for all of them.
    boxes = await asyncio.gather(
        *(
            client.containers.run(IMAGE, ["sh", "-c", f"exit {n}"], detach=True, labels=LABELS)
            for n in range(3)
        )
    )
    codes = await asyncio.gather(*(box.wait() for box in boxes))
    print(sorted(code.status_code for code in codes))  # [0, 1, 2]
    await asyncio.gather(*(box.remove() for box in boxes))


# --8<-- [end:high_level]


# --8<-- [start:low_level]
async def low_level(api: AsyncAPIClient) -> None:
    created = await api.create_container(
        IMAGE, ["sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.2; done"], labels=LABELS
    )
    try:
        await api.start(created.id)
        # A stream is an async iterator and an async context manager that closes its
        # connection, even when the loop stops early.
        async with await api.logs(created.id, stream=True, follow=True) as lines:
            async for line in lines:
                print("log:", line.decode().rstrip())
        print((await api.wait(created.id)).status_code)  # 0

        # Inspect many containers concurrently: one connection each, from the pool.
        listed = await api.containers(all=True, filters={"label": "dockersdk.example=1"})
        inspected = await asyncio.gather(*(api.inspect_container(c.id) for c in listed if c.id))
        print([c.state.status for c in inspected if c.state])  # ['exited']
    finally:
        await api.remove_container(created.id, force=True)


# --8<-- [end:low_level]


# --8<-- [start:main]
async def main(base_url: str | None) -> None:
    async with AsyncDockerClient(base_url=base_url) if base_url else from_env() as client:
        await high_level(client)
    async with AsyncAPIClient(base_url=base_url) as api:  # None: the default unix socket
        await low_level(api)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else None))
# --8<-- [end:main]
