"""The sync facade of tests/fixtures/async_bridge.py over stand-in async objects (no engine)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fixtures.async_bridge import AsyncBridge, Facade


class Stream:
    def __init__(self, items: list[int]) -> None:
        self.items = list(items)
        self.closed = False
        self.loop_thread: str | None = None

    def __aiter__(self) -> Stream:
        return self

    async def __anext__(self) -> int:
        self.loop_thread = threading.current_thread().name
        if self.closed or not self.items:
            raise StopAsyncIteration
        return self.items.pop(0)

    async def aclose(self) -> None:
        self.closed = True

    async def __aenter__(self) -> Stream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def exit_code(self) -> int:
        return 7


class Collection:
    """Callable like docker-py's collections (calling one raises)."""

    def __call__(self, *args: Any) -> None:
        raise TypeError("not callable")

    async def get(self, name: str) -> Stream:
        return Stream([len(name)])


class Client:
    base_url = "unix:///x.sock"

    def __init__(self) -> None:
        self.collection = Collection()

    async def ping(self) -> bool:
        return True

    async def stream(self, n: int) -> Stream:
        return Stream(list(range(n)))

    async def archive(self) -> tuple[Stream, dict[str, int]]:
        return Stream([1]), {"size": 1}

    async def gen(self) -> AsyncIterator[int]:
        yield 1
        yield 2

    async def echo(self, value: Any) -> Any:
        return value

    async def fail(self) -> None:
        raise KeyError("boom")

    def plain(self) -> str:
        return threading.current_thread().name


@pytest.fixture
def client() -> Any:
    with AsyncBridge() as bridge:
        yield Facade(bridge, Client())


def test_coroutines_run_and_attributes_pass_through(client: Any) -> None:
    assert client.ping() is True
    assert client.base_url == "unix:///x.sock"
    assert client.plain() == "async-bridge"  # sync methods run on the loop's thread too
    with pytest.raises(KeyError):
        client.fail()


def test_streams_become_iterators_and_context_managers(client: Any) -> None:
    stream = client.stream(3)
    assert list(stream) == [0, 1, 2]
    with client.stream(5) as opened:
        assert next(opened) == 0
        assert opened.exit_code() == 7
    assert opened._target.closed
    closing = client.stream(2)
    closing.close()  # close() awaits aclose()
    assert closing._target.closed and list(closing) == []
    assert list(client.gen()) == [1, 2]


def test_tuples_lists_and_callable_objects_wrap_recursively(client: Any) -> None:
    stream, stat = client.archive()
    assert list(stream) == [1] and stat == {"size": 1}
    assert list(client.collection.get("abc")) == [3]
    assert isinstance(client.echo([client.stream(1)])[0], Facade)
    inner = client.stream(1)
    assert client.echo(inner)._target is inner._target  # facades are unwrapped on the way in
