"""Images, networks, volumes and the swarm collections against the real engines."""

from __future__ import annotations

import contextlib
import io
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dockersdk import DockerClient
from dockersdk.errors import APIError, BuildError, DockerException, ImageNotFound, NotFound
from dockersdk.resources import Config, Image, Network, Secret, Service, Volume
from tests.fixtures.flavours import is_a
from tests.fixtures.swarm import ensure_swarm

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def client(client: DockerClient) -> Iterator[DockerClient]:
    # conftest's client, in each flavour (DockerClient, AsyncDockerClient via the bridge).
    yield client
    for container in client.containers.list(all=True, filters={"label": "dockersdk.test=1"}):
        with contextlib.suppress(NotFound):
            container.remove(force=True)
    for network in client.networks.list(filters={"label": "dockersdk.test=1"}):
        with contextlib.suppress(NotFound):
            network.remove()
    for volume in client.volumes.list(filters={"label": "dockersdk.test=1"}):
        with contextlib.suppress(NotFound):
            volume.remove(force=True)


@pytest.fixture
def swarm_client(client: DockerClient, engine_url: str) -> Iterator[DockerClient]:
    # The session's swarm (tests/fixtures/swarm.py says why nobody leaves it mid-session).
    ensure_swarm(engine_url)
    yield client


def unique() -> str:
    return f"dsdk-rc-{uuid.uuid4().hex[:8]}"


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.3)
    return result


def settled(service: Service) -> None:
    """Wait for a rolling update to finish: the swarm bumps the version while it runs."""

    def done() -> bool:
        time.sleep(0.5)  # the swarm may not have started the update yet
        service.reload()
        status = service.attrs.update_status
        return status is None or status.state in ("completed", "paused", "rollback_completed")

    wait_for(done)


def test_engine_wide_calls(client: DockerClient) -> None:
    assert client.ping() is True
    assert client.version().api_version is not None
    assert client.info().containers is not None
    assert client.df().images is not None
    since = time.time() - 1
    client.containers.create("dockersdk-test/busybox:latest", "true", labels=LABELS)
    with client.events(since=since, until=time.time() + 1, filters={"type": "container"}) as events:
        actions = [event.action for event in events]
    assert "create" in actions


def test_images(client: DockerClient, test_image: str) -> None:
    image = client.images.get(test_image)
    assert is_a(image, Image) and test_image in image.tags
    assert image.short_id.startswith("sha256:") and len(image.short_id) == 19
    listed = {i.id: i for i in client.images.list()}
    assert image.id in listed and test_image in listed[image.id].tags
    assert client.images.list(name="dockersdk-test/busybox")[0].id == image.id
    assert image.history()[0]["Id"] is not None
    tag = unique()
    assert image.tag("dockersdk-test/tagged", tag) is True
    tagged = client.images.get(f"dockersdk-test/tagged:{tag}")
    assert tagged.id == image.id
    saved = b"".join(tagged.save(named=f"dockersdk-test/tagged:{tag}"))
    client.images.remove(f"dockersdk-test/tagged:{tag}")
    with pytest.raises(ImageNotFound):
        client.images.get(f"dockersdk-test/tagged:{tag}")
    loaded = client.images.load(saved)
    assert [i.id for i in loaded] == [image.id]
    client.images.remove(f"dockersdk-test/tagged:{tag}")
    assert client.images.prune(filters={"label": "dockersdk.none=1"}).images_deleted in (None, [])


def test_build(client: DockerClient, test_image: str) -> None:
    tag = f"dockersdk-test/built:{unique()}"
    dockerfile = f"FROM {test_image}\nLABEL dockersdk.test=1\nRUN echo built > /built\n"
    image, log = client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=tag, rm=True)
    try:
        assert tag in image.tags and image.labels == {"dockersdk.test": "1"}
        assert any("built" in (item.stream or "") for item in log) or image.id
    finally:
        image.remove(force=True)
    failing = f"FROM {test_image}\nRUN echo nope >&2 && exit 7\n"
    with pytest.raises(BuildError) as info:
        client.images.build(fileobj=io.BytesIO(failing.encode()), rm=True, forcerm=True)
    assert info.value.build_log


def test_networks(client: DockerClient, test_image: str) -> None:
    name = unique()
    network = client.networks.create(name, driver="bridge", labels=LABELS)
    assert is_a(network, Network) and network.name == name
    assert [n.id for n in client.networks.list(names=[name])] == [network.id]
    container = client.containers.run(
        test_image, ["sleep", "300"], detach=True, labels=LABELS, network=name
    )
    network.reload()
    assert [c.id for c in network.containers] == [container.id]
    other = client.containers.run(test_image, ["sleep", "300"], detach=True, labels=LABELS)
    network.connect(other, aliases=["db"])
    network.reload()
    assert {c.id for c in network.containers} == {container.id, other.id}
    ping = container.exec_run(["ping", "-c", "1", "-W", "2", "db"])
    assert ping.exit_code == 0, ping.output
    network.disconnect(other, force=True)
    container.remove(force=True)
    other.remove(force=True)
    greedy = client.networks.list(names=[name], greedy=True)
    assert greedy[0].attrs.containers == {}
    network.remove()
    with pytest.raises(NotFound):
        client.networks.get(name)
    pruned = client.networks.prune(filters={"label": "dockersdk.none=1"})
    assert pruned.networks_deleted in (None, [])


def test_volumes(client: DockerClient, test_image: str) -> None:
    name = unique()
    volume = client.volumes.create(name, labels=LABELS)
    assert is_a(volume, Volume) and volume.name == name and volume.labels == LABELS
    assert name in [v.name for v in client.volumes.list(filters={"label": "dockersdk.test=1"})]
    output = client.containers.run(
        test_image,
        ["sh", "-c", "echo kept > /data/f && cat /data/f"],
        volumes={name: {"bind": "/data", "mode": "rw"}},
        labels=LABELS,
        remove=True,
    )
    assert output == b"kept\n"
    again = client.containers.run(
        test_image, ["cat", "/data/f"], volumes=[f"{name}:/data:ro"], labels=LABELS, remove=True
    )
    assert again == b"kept\n"
    volume.reload()
    assert volume.attrs.mountpoint
    volume.remove()
    with pytest.raises(NotFound):
        client.volumes.get(name)
    client.volumes.create(unique(), labels={**LABELS, "dockersdk.prune": "yes"})
    assert client.volumes.prune(filters={"label": "dockersdk.prune=yes"}) is not None


def test_swarm_services_secrets_configs_nodes(
    swarm_client: DockerClient, test_image: str, flavour: str
) -> None:
    client = swarm_client
    swarm = client.swarm
    if flavour == "async":
        # Documented: the async swarm object is loaded by an explicit reload.
        with pytest.raises(DockerException, match=r"await obj\.reload\(\)"):
            swarm.id  # noqa: B018
    swarm.reload()
    assert swarm.id and swarm.version > 0
    assert swarm.update(rotate_worker_token=True) is True

    (node,) = client.nodes.list()
    assert node.attrs.spec is not None and node.attrs.spec.role == "manager"
    assert node.update({"Availability": "active", "Role": "manager", "Labels": LABELS}) is True
    node.reload()
    assert node.attrs["Spec"]["Labels"] == LABELS

    secret = client.secrets.create(name=unique(), data=b"s3cret", labels=LABELS)
    assert is_a(secret, Secret) and secret.id in [s.id for s in client.secrets.list()]
    config = client.configs.create(name=unique(), data=b"cfg", labels=LABELS)
    assert is_a(config, Config) and client.configs.get(config.id).name == config.name

    service = client.services.create(
        test_image,
        ["sh", "-c", "echo svc-up; exec sleep 300"],
        name=unique(),
        labels=LABELS,
        container_labels=LABELS,
        env=["A=1"],
        restart_policy={"Condition": "none"},
        secrets=[
            {
                "SecretID": secret.id,
                "SecretName": secret.name,
                "File": {"Name": "token", "UID": "0", "GID": "0", "Mode": 0o400},
            }
        ],
    )
    try:
        assert is_a(service, Service) and service.name
        assert client.services.list(filters={"name": service.name})[0].id == service.id
        wait_for(lambda: [t for t in service.tasks() if t.status and t.status.state == "running"])
        logs = wait_for(
            lambda: b"".join(service.logs(stdout=True, follow=False)) or None, timeout=60
        )
        assert b"svc-up" in logs
        service.scale(2)
        settled(service)
        assert service.attrs["Spec"]["Mode"]["Replicated"]["Replicas"] == 2
        service.update(env=["A=2"], labels=LABELS)
        settled(service)
        assert service.attrs["Spec"]["TaskTemplate"]["ContainerSpec"]["Env"] == ["A=2"]
        before = service.attrs["Spec"]["TaskTemplate"].get("ForceUpdate") or 0
        service.force_update()
        service.reload()
        assert service.attrs["Spec"]["TaskTemplate"]["ForceUpdate"] == before + 1
    finally:
        service.remove()
    wait_for(lambda: not client.containers.list(filters={"label": "dockersdk.test=1"}))
    with contextlib.suppress(APIError):
        secret.remove()
    config.remove()
    assert client.plugins.list() == []
