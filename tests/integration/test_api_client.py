"""APIClient against the real private engines: typed results, lifecycle, errors, versions."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from dockersdk import APIClient
from dockersdk.api._core import MAX_API_VERSION
from dockersdk.errors import (
    Conflict,
    ContainerNotFound,
    DockerConnectionError,
    ImageNotFound,
    InvalidVersion,
    NotFound,
)
from tests.fixtures.flavours import open_api
from tests.fixtures.swarm import ensure_swarm

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def name() -> str:
    return f"dsdk-it-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def container(api: APIClient, test_image: str, name: str) -> Iterator[str]:
    created = api.create_container(
        test_image,
        ["sh", "-c", "echo hello; sleep 0.3; echo oops >&2; exec sleep 3600"],
        name=name,
        labels=LABELS,
        stop_timeout=1,
    )
    yield created.id
    api.remove_container(created.id, force=True)


def test_system_calls_are_typed(api: APIClient) -> None:
    assert api.ping() is True
    version = api.version()
    assert version.api_version == api.api_version
    info = api.info()
    assert info.containers is not None and info["Containers"] == info.containers
    assert api.df().images is not None


def test_version_is_negotiated_to_the_engine(api: APIClient) -> None:
    engine_max = api.version().api_version
    assert engine_max is not None
    newest = tuple(map(int, MAX_API_VERSION.split(".")))
    expected = engine_max if tuple(map(int, engine_max.split("."))) < newest else MAX_API_VERSION
    assert api.api_version == expected


def test_pinned_version_outside_engine_range_names_both(engine_url: str, flavour: str) -> None:
    with open_api(flavour, base_url=engine_url) as auto:
        engine_max = auto.version().api_version
    with open_api(flavour, base_url=engine_url, version="1.51") as pinned:
        if engine_max == "1.51":
            assert pinned.info().containers is not None
        else:
            # No GET /version first (docker-py asks nothing): the engine refuses the call.
            with pytest.raises(InvalidVersion, match=rf"1\.51 .*{engine_max}"):
                pinned.info()


def test_container_lifecycle(api: APIClient, container: str) -> None:
    api.start(container)
    api.start(container)  # 304: already started is not an error
    inspected = api.inspect_container(container)
    assert inspected.state.running is True  # type: ignore[union-attr]
    assert inspected["State"]["Running"] is True
    assert inspected.config.labels == LABELS  # type: ignore[union-attr]
    listed = api.containers(filters={"label": "dockersdk.test=1"})
    assert container in [c.id for c in listed]
    api.pause(container)
    assert api.inspect_container(container).state.paused is True  # type: ignore[union-attr]
    api.unpause(container)
    deadline = time.monotonic() + 10
    while b"oops" not in api.logs(container) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert api.logs(container) == b"hello\noops\n", api.logs(container, timestamps=True)
    assert api.logs(container, demux=True) == (b"hello\n", b"oops\n")
    assert api.logs(container, stderr=False) == b"hello\n"
    top = api.top(container)
    assert any("sleep" in " ".join(p) for p in top["Processes"])
    api.stop(container, timeout=1)
    result = api.wait(container)
    assert result.status_code == 137
    assert api.inspect_container(container).state.running is False  # type: ignore[union-attr]


def test_exec_reports_output_and_exit_code(api: APIClient, container: str) -> None:
    api.start(container)
    exec_id = api.exec_create(container, "sh -c 'echo out; echo err >&2; exit 3'").id
    assert api.exec_start(exec_id, demux=True) == (b"out\n", b"err\n")
    inspected = api.exec_inspect(exec_id)
    assert inspected.exit_code == 3 and inspected.running is False


def test_errors_are_specific(api: APIClient, container: str, name: str) -> None:
    with pytest.raises(ContainerNotFound) as missing:
        api.inspect_container("dsdk-no-such-container")
    assert missing.value.status_code == 404
    assert "dsdk-no-such-container" in str(missing.value)
    with pytest.raises(ImageNotFound):
        api.inspect_image("dsdk-no-such-image:latest")
    with pytest.raises(ImageNotFound):
        api.create_container("dsdk-no-such-image:latest", "true")
    with pytest.raises(Conflict):
        api.create_container(api.inspect_container(container).image or "", "true", name=name)
    with pytest.raises(NotFound):
        api.inspect_network("dsdk-no-such-network")


def test_images(api: APIClient, test_image: str, name: str) -> None:
    images = api.images(name=test_image.split(":")[0])
    assert [test_image] in [i.repo_tags for i in images]
    image = api.inspect_image(test_image)
    assert image.id and image.id.startswith("sha256:")
    assert api.history(test_image)[0].id == image.id
    assert api.tag(test_image, f"dsdk-it/{name}", "t1") is True
    assert f"dsdk-it/{name}:t1" in (api.inspect_image(f"dsdk-it/{name}:t1").repo_tags or [])
    removed = api.remove_image(f"dsdk-it/{name}:t1")
    # Typed items (ImageDeleteResponseItem), read by their API keys as docker-py's dicts were.
    assert any(item["Untagged"] == f"dsdk-it/{name}:t1" for item in removed)


def test_networks_and_volumes(api: APIClient, container: str, name: str) -> None:
    net = api.create_network(name, labels=LABELS, internal=True)
    try:
        assert api.inspect_network(net.id).name == name
        assert name in [n.name for n in api.networks(names=[name])]
        api.connect_container_to_network(container, net.id, aliases=["alias1"])
        endpoints = api.inspect_container(container).network_settings.networks  # type: ignore[union-attr]
        assert endpoints is not None and "alias1" in (endpoints[name].aliases or [])
        api.disconnect_container_from_network(container, net.id)
    finally:
        api.remove_network(net.id)
    volume = api.create_volume(name, labels=LABELS)
    assert volume.name == name and volume.labels == LABELS
    assert name in [v.name for v in api.volumes().volumes or []]
    assert api.inspect_volume(name).driver == "local"
    api.remove_volume(name)
    with pytest.raises(NotFound):
        api.inspect_volume(name)


def test_events_until_ends_and_is_typed(api: APIClient, test_image: str, name: str) -> None:
    since = int(time.time()) - 1
    created = api.create_container(test_image, "true", name=name, labels=LABELS)
    api.remove_container(created.id)
    with api.events(
        since=since, until=int(time.time()) + 1, filters={"container": created.id}
    ) as events:
        actions = [event.action for event in events]
    assert actions[:2] == ["create", "destroy"]


def test_swarm_objects(api: APIClient, test_image: str, name: str, engine_url: str) -> None:
    node_id = ensure_swarm(engine_url)  # the session's swarm: tests/fixtures/swarm.py
    assert api.inspect_swarm().id
    assert node_id in [n.id for n in api.nodes()]
    secret = api.create_secret(name, b"s3cret", labels=LABELS)
    assert api.inspect_secret(secret.id).spec.name == name  # type: ignore[union-attr]
    config = api.create_config(name, "cfg", labels=LABELS)
    assert api.inspect_config(config.id).spec.data == "Y2Zn"  # type: ignore[union-attr]
    service = api.create_service(
        {"ContainerSpec": {"Image": test_image, "Command": ["sleep", "60"]}},
        name=name,
        labels=LABELS,
    )
    try:
        assert api.inspect_service(service.id).spec.name == name  # type: ignore[union-attr]
        assert service.id in [s.id for s in api.services()]
        assert all(t.service_id == service.id for t in api.tasks({"service": name}))
    finally:
        assert api.remove_service(service.id) and api.remove_secret(secret.id)
        assert api.remove_config(config.id)


def test_missing_socket_names_the_address(tmp_path: object, flavour: str) -> None:
    address = f"unix://{tmp_path}/no-such.sock"
    with open_api(flavour, base_url=address) as client, pytest.raises(DockerConnectionError) as exc:
        client.ping()
    assert address in str(exc.value)
