"""What API 1.52-1.56 added and removed, through both clients: refused clearly where the
negotiated version lacks it, sent where it has it; negotiation with an Engine 29 stand-in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.api._core import MAX_API_VERSION, Call, check_version, parse_none
from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.types import ContainerConfig, EndpointConfig
from dockersdk.utils.platforms import oci_platform, oci_platforms
from tests.fixtures.standin import ENGINE_29_TOO_OLD, ENGINE_29_VERSION, StandIn, json_reply
from tests.unit.test_api_requests import no_docker_config  # noqa: F401 (autouse)


def client_at(
    version: str, reply: Callable[[httpx.Request], httpx.Response] | None = None
) -> tuple[APIClient, list[httpx.Request]]:
    """A client pinned to ``version`` over a MockTransport; the engine speaks up to 1.56."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path == "/version":
            return httpx.Response(200, json={"ApiVersion": "1.56", "MinAPIVersion": "1.24"})
        return reply(request) if reply else httpx.Response(200, json={})

    client = APIClient(
        base_url="unix:///x.sock", version=version, transport=httpx.MockTransport(handler)
    )
    return client, seen


def sent(seen: list[httpx.Request]) -> list[httpx.Request]:
    return [r for r in seen if r.url.path != "/version"]


@pytest.mark.parametrize(
    ("version", "call", "message"),
    [
        (
            "1.54",
            lambda c: c.image_attestations("img"),
            r"GET /images/\{name\}/attestations needs API version 1\.55 or newer; "
            r"this client uses 1\.54",
        ),
        ("1.53", lambda c: c.images(identity=True), r"'identity' of GET /images/json .*1\.54"),
        ("1.46", lambda c: c.images(manifests=True), r"'manifests' of GET /images/json .*1\.47"),
        ("1.51", lambda c: c.df(verbose=True), r"'verbose' of GET /system/df .*1\.52.*1\.51"),
        ("1.41", lambda c: c.df(types="image"), r"'type' of GET /system/df .*1\.42.*1\.41"),
        (
            "1.51",
            lambda c: c.inspect_image("img", platform="linux/arm64"),
            r"'platform' of GET /images/\{name\}/json .*1\.52.*1\.51",
        ),
        (
            "1.47",
            lambda c: c.get_image("img", platform="linux/amd64"),
            r"'platform' of GET /images/\{name\}/get needs API version 1\.48",
        ),
        (
            "1.51",
            lambda c: c.get_image(["a", "b"], platform=["linux/amd64", "linux/arm64"]),
            r"get_image\(\) with several platforms needs API version 1\.52 or newer; "
            r"this client uses 1\.51",
        ),
        (
            "1.51",
            lambda c: c.load_image(b"TAR", platform=["linux/amd64", "linux/arm64"]),
            r"load_image\(\) with several platforms needs API version 1\.52",
        ),
        (
            "1.51",
            lambda c: c.events(until=1, content_type="application/json-seq"),
            r"content_type 'application/json-seq' needs API version 1\.52 .*uses 1\.51",
        ),
        (
            "1.52",
            lambda c: c.events(until=1, content_type="application/jsonl"),
            r"'application/jsonl' needs API version 1\.53",
        ),
        (
            "1.52",
            lambda c: c.create_container("img", mac_address="02:42:ac:11:00:02"),
            r"field 'MacAddress' of POST /containers/create was removed in API version 1\.52; "
            r"use EndpointSettings\.MacAddress .*; this client uses 1\.52",
        ),
        (
            "1.56",
            lambda c: c.create_container_from_config(
                {"Image": "img", "HostConfig": {"KernelMemoryTCP": 1}}
            ),
            r"field 'HostConfig\.KernelMemoryTCP' of POST /containers/create was removed in "
            r"API version 1\.52; this client uses 1\.56",
        ),
        (
            "1.42",
            lambda c: c.update_container("c1", kernel_memory="1m"),
            r"field 'KernelMemory' of POST /containers/\{id\}/update was removed in API "
            r"version 1\.42",
        ),
    ],
)
def test_what_the_negotiated_version_lacks_is_refused_before_sending(
    version: str, call: Callable[[APIClient], Any], message: str
) -> None:
    client, seen = client_at(version)
    with pytest.raises(InvalidVersion, match=message):
        call(client)
    assert sent(seen) == []


def test_removed_fields_still_go_to_engines_that_know_them() -> None:
    client, seen = client_at("1.51", lambda r: httpx.Response(201, json={"Id": "c1"}))
    client.create_container("img", mac_address="02:42:ac:11:00:02")
    assert json.loads(sent(seen)[-1].content)["MacAddress"] == "02:42:ac:11:00:02"


def test_removed_query_parameters_are_refused() -> None:
    call = Call("POST", "/build/prune", parse_none, params={"keep-storage": 1})
    check_version(call, "1.51")
    with pytest.raises(InvalidVersion, match=r"'keep-storage' .* removed in API version 1\.52"):
        check_version(call, "1.52")


@pytest.mark.parametrize(
    ("version", "query"), [("1.47", "keep-storage=10"), ("1.48", "reserved-space=10")]
)
def test_prune_builds_keep_storage_follows_its_rename(version: str, query: str) -> None:
    client, seen = client_at(version)
    client.prune_builds(keep_storage=10)
    assert sent(seen)[-1].url.query.decode() == query
    with pytest.raises(InvalidArgument):
        client.prune_builds(keep_storage=10, reserved_space=5)


def test_builders_refuse_a_removed_field_naming_its_replacement() -> None:
    config = ContainerConfig("1.51", "img", None, mac_address="02:42:ac:11:00:02")
    assert config.to_api("1.51")["MacAddress"] == "02:42:ac:11:00:02"
    with pytest.raises(InvalidVersion, match=r"removed in API version 1\.52; use EndpointSettings"):
        config.to_api("1.52")
    with pytest.raises(InvalidVersion, match=r"removed in API version 1\.52"):
        ContainerConfig("1.52", "img", None, mac_address="02:42:ac:11:00:02").to_api("1.52")
    # the replacement itself is fine there
    assert EndpointConfig("1.52", mac_address="02:42:ac:11:00:02").to_api("1.52") == {
        "MacAddress": "02:42:ac:11:00:02"
    }


EVENT = {"Type": "container", "Action": "start", "Actor": {"ID": "c1"}, "time": 1}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (None, json.dumps(EVENT) + "\n" + json.dumps(EVENT) + "\n"),
        ("application/x-ndjson", json.dumps(EVENT) + "\n" + json.dumps(EVENT) + "\n"),
        ("application/json-seq", "\x1e" + json.dumps(EVENT) + "\n\x1e" + json.dumps(EVENT) + "\n"),
    ],
)
def test_events_in_every_framing(content_type: str | None, body: str) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        kind = content_type or "application/json"
        return httpx.Response(200, content=body.encode(), headers={"Content-Type": kind})

    client, seen = client_at("1.56", reply)
    with client.events(until=1, content_type=content_type) as events:  # type: ignore[arg-type]
        got = list(events)
    assert [e.action for e in got] == ["start", "start"]
    assert sent(seen)[-1].headers.get("accept") == content_type  # none: the engine's default


def test_events_refuse_an_unknown_content_type() -> None:
    client, _ = client_at("1.56")
    with pytest.raises(InvalidArgument, match="content_type"):
        client.events(until=1, content_type="text/plain")  # type: ignore[arg-type]


def test_attestations_reply_is_typed() -> None:
    statement = {
        "Descriptor": {
            "mediaType": "application/vnd.in-toto+json",
            "digest": "sha256:" + "a" * 64,
            "size": 1234,
        },
        "PredicateType": "https://slsa.dev/provenance/v0.2",
    }
    client, _ = client_at("1.55", lambda r: httpx.Response(200, json=[statement]))
    (found,) = client.image_attestations("img")
    assert found.predicate_type == "https://slsa.dev/provenance/v0.2"
    assert found.descriptor.size == 1234


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("linux", ['{"os":"linux"}']),
        ("linux/arm/v7", ['{"os":"linux","architecture":"arm","variant":"v7"}']),
        ({"os": "windows", "os.version": "10.0"}, ['{"os":"windows","os.version":"10.0"}']),
        ('{"os": "linux", "architecture": "s390x"}', ['{"os":"linux","architecture":"s390x"}']),
        (
            ["linux/amd64", "linux/arm64"],
            [oci_platform("linux/amd64"), oci_platform("linux/arm64")],
        ),
    ],
)
def test_platforms_become_oci_json(value: Any, expected: list[str]) -> None:
    assert oci_platforms(value) == expected


@pytest.mark.parametrize(
    "value", ["", "linux/", "a/b/c/d", {"architecture": "arm64"}, "{not json", [], 5]
)
def test_bad_platforms_are_refused(value: Any) -> None:
    with pytest.raises(InvalidArgument, match="platform"):
        oci_platforms(value)


# -- negotiation with an engine whose minimum is above what a client pinned --


def test_a_pinned_version_below_the_engines_minimum_names_both() -> None:
    # A pinned version sends no GET /version (docker-py never does): the engine's refusal of
    # the first call itself names both versions.
    routes = {"GET /info": [json_reply(ENGINE_29_TOO_OLD, status=400)]}
    with StandIn(routes) as engine:
        client = APIClient(base_url=engine.url, version="1.41")
        with pytest.raises(InvalidVersion) as caught:
            client.info()
        client.close()
    message = str(caught.value)
    assert "API version 1.41 is not supported by the engine" in message
    assert "Minimum supported API version is 1.44" in message and "version='auto'" in message
    assert engine.requests and all(r.startswith("GET /v1.41/info") for r in engine.requests)


def test_async_client_gets_the_same_error() -> None:
    async def main(url: str) -> None:
        async with AsyncAPIClient(base_url=url, version="1.41") as client:
            with pytest.raises(InvalidVersion, match=r"1\.41 is not supported .*1\.44"):
                await client.info()

    with StandIn({"GET /info": [json_reply(ENGINE_29_TOO_OLD, status=400)]}) as engine:
        asyncio.run(main(engine.url))


def test_auto_negotiates_the_engines_version_and_newer_calls_are_refused() -> None:
    info = {"ID": "x", "Containers": 0}
    routes = {"GET /version": [json_reply(ENGINE_29_VERSION)], "GET /info": [json_reply(info)]}
    with StandIn(routes) as engine, APIClient(base_url=engine.url, version="auto") as client:
        assert client.info().containers == 0
        assert client.api_version == "1.52"
        assert any(r.startswith("GET /v1.52/info") for r in engine.requests)
        with pytest.raises(InvalidVersion, match=r"needs API version 1\.55 .*uses 1\.52"):
            client.image_attestations("img")
    assert MAX_API_VERSION == "1.56"
