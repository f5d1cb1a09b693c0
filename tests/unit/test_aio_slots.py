"""The async pool's connection slots: first come first served, timeouts, and no slot lost
to a caller cancelled or timed out while waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from dockersdk.aio._conn import AsyncSlots


def run(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


def test_a_free_slot_is_taken_and_a_full_pool_times_out() -> None:
    async def scenario() -> None:
        slots = AsyncSlots(1)
        assert await slots.acquire(None)
        assert not await slots.acquire(0.05)
        slots.release()
        assert await slots.acquire(0)

    run(scenario())


def test_waiters_are_served_in_order() -> None:
    async def scenario() -> None:
        slots = AsyncSlots(1)
        await slots.acquire(None)
        served: list[str] = []

        async def wait(name: str) -> None:
            assert await slots.acquire(5)
            served.append(name)

        tasks = [asyncio.create_task(wait(name)) for name in "abc"]
        await asyncio.sleep(0)
        for _ in range(3):
            slots.release()
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        assert served == ["a", "b", "c"]

    run(scenario())


def test_a_slot_handed_to_a_cancelled_waiter_goes_on_to_the_next() -> None:
    async def scenario() -> None:
        slots = AsyncSlots(1)
        await slots.acquire(None)
        first = asyncio.create_task(slots.acquire(5))
        second = asyncio.create_task(slots.acquire(5))
        await asyncio.sleep(0)
        slots.release()  # handed to `first`...
        first.cancel()  # ...which is cancelled before it runs
        assert await asyncio.wait_for(second, 1) is True
        assert first.cancelled()
        slots.release()
        assert await slots.acquire(0)  # the slot is free again, none was lost

    run(scenario())


def test_a_waiter_that_timed_out_is_skipped() -> None:
    async def scenario() -> None:
        slots = AsyncSlots(1)
        await slots.acquire(None)
        late = asyncio.create_task(slots.acquire(0.01))
        patient = asyncio.create_task(slots.acquire(5))
        assert await late is False
        slots.release()
        assert await asyncio.wait_for(patient, 1) is True
        slots.release()
        assert await slots.acquire(0)

    run(scenario())


def test_a_cancelled_waiter_leaves_the_queue() -> None:
    async def scenario() -> None:
        slots = AsyncSlots(1)
        await slots.acquire(None)
        gone = asyncio.create_task(slots.acquire(None))
        await asyncio.sleep(0)
        gone.cancel()
        await asyncio.sleep(0)
        slots.release()
        assert await slots.acquire(0)  # not handed to the cancelled waiter

    run(scenario())
