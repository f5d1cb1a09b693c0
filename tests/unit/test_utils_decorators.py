"""check_resource, minimum_version and update_headers on def and async def methods."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.utils.decorators import check_resource, minimum_version, update_headers


class Model:
    """A stand-in for a typed model: dict-style ``get`` but not a dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)


class Obj:
    id = "obj-id"


class Client:
    def __init__(self, version: Any = "1.41", configs: dict[str, Any] | None = None) -> None:
        self._version = version
        self._general_configs = configs if configs is not None else {}

    @check_resource("container")
    def inspect(self, container: Any, extra: int = 0) -> tuple[Any, int]:
        return container, extra

    @check_resource("container")
    async def ainspect(self, container: Any, extra: int = 0) -> tuple[Any, int]:
        await asyncio.sleep(0)
        return container, extra

    @check_resource
    def legacy(self, resource_id: Any) -> Any:
        return resource_id

    @minimum_version("1.42")
    def new_feature(self, x: int) -> int:
        return x * 2

    @minimum_version("1.42")
    async def anew_feature(self, x: int) -> int:
        return x * 2

    @minimum_version("1.42")
    def new_stream(self) -> Iterator[int]:
        yield 1

    @minimum_version("1.42")
    async def anew_stream(self) -> AsyncIterator[int]:
        yield 1

    @update_headers
    def request(self, headers: dict[str, str] | None = None) -> dict[str, str] | None:
        return headers

    @update_headers
    async def arequest(self, headers: dict[str, str] | None = None) -> dict[str, str] | None:
        return headers


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("abc",), {}, ("abc", 0)),
        (("abc", 5), {}, ("abc", 5)),
        ((), {"container": "abc"}, ("abc", 0)),
        ((), {"container": "abc", "extra": 2}, ("abc", 2)),
        (({"Id": "id1"},), {}, ("id1", 0)),
        (({"ID": "id2"},), {}, ("id2", 0)),
        ((Model({"Id": "id3"}),), {}, ("id3", 0)),
        ((Obj(),), {}, ("obj-id", 0)),
        ((None,), {"container": {"Id": "id4"}}, ("id4", 0)),
    ],
)
def test_check_resource_sync_and_async(
    args: tuple[Any, ...], kwargs: dict[str, Any], expected: tuple[Any, int]
) -> None:
    client = Client()
    assert client.inspect(*args, **dict(kwargs)) == expected
    assert asyncio.run(client.ainspect(*args, **dict(kwargs))) == expected


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((None,), {}),
        (("",), {}),
        (({},), {}),
        (({"Name": "x"},), {}),
        ((), {"container": ""}),
    ],
)
def test_check_resource_missing_id(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    client = Client()
    with pytest.raises(InvalidArgument, match=r"inspect\(\): Resource ID was not provided"):
        client.inspect(*args, **kwargs)
    with pytest.raises(InvalidArgument, match="Resource ID was not provided"):
        asyncio.run(client.ainspect(*args, **kwargs))


def test_check_resource_bare_form_uses_container_or_image() -> None:
    client = Client()
    assert client.legacy("x") == "x"
    assert client.legacy(container="c") == "c"  # type: ignore[call-arg]
    assert client.legacy(image={"Id": "i"}) == "i"  # type: ignore[call-arg]
    with pytest.raises(InvalidArgument):
        client.legacy()  # type: ignore[call-arg]


def test_decorated_methods_keep_name_doc_and_kind() -> None:
    assert Client.inspect.__name__ == "inspect"
    assert inspect.iscoroutinefunction(Client.ainspect)
    assert inspect.iscoroutinefunction(Client.anew_feature)
    assert inspect.iscoroutinefunction(Client.arequest)
    assert not inspect.iscoroutinefunction(Client.inspect)


@pytest.mark.parametrize(
    ("version", "allowed"),
    [
        ("1.41", False),
        ("1.9", False),
        ("1.42", True),
        ("1.43", True),
        ("1.100", True),
        (None, True),
        ("auto", True),
    ],
)
def test_minimum_version(version: Any, allowed: bool) -> None:
    client = Client(version=version)
    if allowed:
        assert client.new_feature(2) == 4
        assert asyncio.run(client.anew_feature(3)) == 6
        assert list(client.new_stream()) == [1]
        return
    message = (
        r"new_feature is not available for version < 1\.42 "
        rf"\(this client uses API version {version}\)"
    )
    with pytest.raises(InvalidVersion, match=message):
        client.new_feature(2)
    with pytest.raises(InvalidVersion, match="anew_feature"):
        asyncio.run(client.anew_feature(3))
    # Generator methods are checked when called, not when first iterated.
    with pytest.raises(InvalidVersion, match="new_stream"):
        client.new_stream()
    with pytest.raises(InvalidVersion, match="anew_stream"):
        client.anew_stream()


@pytest.mark.parametrize(
    ("configs", "passed", "expected"),
    [
        ({}, None, None),
        ({}, {"X-A": "1"}, {"X-A": "1"}),
        ({"HttpHeaders": {"X-Meta": "m"}}, None, {"X-Meta": "m"}),
        ({"HttpHeaders": {"X-Meta": "m"}}, {"X-A": "1"}, {"X-A": "1", "X-Meta": "m"}),
        ({"HttpHeaders": {"X-A": "config"}}, {"X-A": "caller"}, {"X-A": "config"}),
        ({"HttpHeaders": {}}, {"X-A": "1"}, {"X-A": "1"}),
    ],
)
def test_update_headers(
    configs: dict[str, Any], passed: dict[str, str] | None, expected: dict[str, str] | None
) -> None:
    client = Client(configs=configs)
    original = dict(passed) if passed is not None else None
    config_before = {k: dict(v) for k, v in configs.items()}
    kwargs = {} if passed is None else {"headers": passed}
    assert client.request(**kwargs) == expected
    assert asyncio.run(client.arequest(**kwargs)) == expected
    # Neither the caller's headers nor the configuration are modified.
    assert passed == original
    assert configs == config_before


def test_update_headers_does_not_alias_config() -> None:
    configs = {"HttpHeaders": {"X-Meta": "m"}}
    client = Client(configs=configs)
    result = client.request()
    assert result is not None
    result["X-Other"] = "1"
    assert configs["HttpHeaders"] == {"X-Meta": "m"}


def test_update_headers_without_general_configs() -> None:
    client = Client()
    del client._general_configs
    assert client.request(headers={"A": "1"}) == {"A": "1"}
