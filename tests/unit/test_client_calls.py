"""DockerClient's own calls and shape, over httpx.MockTransport."""

from __future__ import annotations

import pytest

from dockersdk import APIClient, DockerClient
from dockersdk.resources import (
    ConfigCollection,
    ContainerCollection,
    ImageCollection,
    NetworkCollection,
    NodeCollection,
    PluginCollection,
    SecretCollection,
    ServiceCollection,
    VolumeCollection,
)
from tests.unit.test_resources_containers import FakeEngine


def test_collections_and_api() -> None:
    client = FakeEngine().client()
    assert isinstance(client.api, APIClient)
    for name, cls in (
        ("configs", ConfigCollection),
        ("containers", ContainerCollection),
        ("images", ImageCollection),
        ("networks", NetworkCollection),
        ("nodes", NodeCollection),
        ("plugins", PluginCollection),
        ("secrets", SecretCollection),
        ("services", ServiceCollection),
        ("volumes", VolumeCollection),
    ):
        collection = getattr(client, name)
        assert isinstance(collection, cls) and collection.client is client
        assert getattr(client, name) is collection  # one collection per client


def test_engine_wide_calls_are_typed() -> None:
    engine = FakeEngine()
    engine.add("GET", "/_ping", content=b"OK")
    engine.add("GET", "/info", json={"Containers": 3, "ServerVersion": "28.5.2"})
    engine.add("GET", "/system/df", json={"LayersSize": 10, "Images": []})
    engine.add(
        "GET",
        "/events",
        content=b'{"Type":"container","Action":"start","Actor":{"ID":"c1"}}\n',
    )
    with engine.client() as client:
        assert client.ping() is True
        assert client.version().api_version == "1.41"
        info = client.info()
        assert info.containers == 3 and info["ServerVersion"] == "28.5.2"
        assert client.df().layers_size == 10
        with client.events(until=1) as events:
            (event,) = list(events)
        assert event.action == "start" and event["Actor"]["ID"] == "c1"
    assert engine.requests[-1].headers["User-Agent"].startswith("dockersdk/")


def test_low_level_names_point_to_api() -> None:
    client = FakeEngine().client()
    with pytest.raises(AttributeError, match=r"client\.api\.inspect_container"):
        client.inspect_container  # noqa: B018
    with pytest.raises(AttributeError, match="'nothing'"):
        client.nothing  # noqa: B018


def test_constructor_takes_docker_py_arguments() -> None:
    client = DockerClient(
        base_url="tcp://127.0.0.1:2375",
        version="1.41",
        timeout=7,
        tls=False,
        user_agent="me/1",
        credstore_env={"A": "1"},
        use_ssh_client=False,
        max_pool_size=4,
    )
    assert client.api.timeout == 7 and client.api.credstore_env == {"A": "1"}
    client.close()


def test_api_headers_apply_to_later_requests() -> None:
    """docker-py's ``client.api.headers`` (a requests Session's): changes reach every request."""
    engine = FakeEngine()
    engine.add("GET", "/_ping", content=b"OK")
    with engine.client() as client:
        assert client.api.headers["User-Agent"].startswith("dockersdk/")
        client.api.headers["x-tc-sid"] = "session-1"
        client.api.headers["User-Agent"] = "tc-python/4"
        assert client.ping() is True
    sent = engine.requests[-1].headers
    assert sent["x-tc-sid"] == "session-1" and sent["User-Agent"] == "tc-python/4"
