"""Images, networks, volumes and the swarm collections over httpx.MockTransport."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dockersdk.errors import BuildError, InvalidArgument, ResponseParseError
from dockersdk.resources import (
    Config,
    Image,
    Network,
    Node,
    Plugin,
    Secret,
    Service,
    Swarm,
    Volume,
)
from dockersdk.resources.services import route_service_kwargs
from dockersdk.types import InvalidArgumentType, ServiceMode
from tests.unit.test_resources_containers import FakeEngine
from tests.unit.test_spec_patch import PLUGIN_REPLY

IMAGE_ID = "sha256:" + "1" * 64


def summary(image_id: str, **fields: Any) -> dict[str, Any]:
    """A ``GET /images/json`` entry with the keys every engine sends, plus ``fields``."""
    base = {"Id": image_id, "ParentId": "", "Created": 1700000000, "Size": 4261550}
    return {**base, "SharedSize": -1, "Containers": -1, "RepoDigests": [], **fields}


def test_images_list_is_one_request_with_tags_from_the_summary() -> None:
    engine = FakeEngine()
    engine.add(
        "GET",
        "/images/json",
        json=[
            summary(IMAGE_ID, RepoTags=["busybox:latest", "<none>:<none>"], Labels=None),
            summary("sha256:" + "2" * 64, RepoTags=None, Labels={"a": "b"}),
        ],
    )
    engine.add("GET", f"/images/{IMAGE_ID}/json", json={"Id": IMAGE_ID, "Os": "linux"})
    first, second = engine.client().images.list()
    assert engine.calls() == ["GET /images/json"]
    assert first.tags == ["busybox:latest"] and first.short_id == IMAGE_ID[:19]
    assert second.tags == [] and second.labels == {"a": "b"}
    assert repr(first) == "<Image: 'busybox:latest'>"
    assert first.attrs.os == "linux"  # inspected on first access
    assert engine.calls()[-1] == f"GET /images/{IMAGE_ID}/json"


def test_image_methods() -> None:
    engine = FakeEngine()
    engine.add("GET", "/images/busybox/json", json={"Id": IMAGE_ID, "RepoTags": ["busybox:1"]})
    engine.add("POST", f"/images/{IMAGE_ID}/tag", status=201)
    engine.add("GET", f"/images/{IMAGE_ID}/history", json=[{"Id": IMAGE_ID, "Size": 1}])
    engine.add("DELETE", f"/images/{IMAGE_ID}", json=[{"Deleted": IMAGE_ID}])
    engine.add("GET", "/images/busybox:1/get", content=b"tar-bytes")
    image = engine.client().images.get("busybox")
    assert image.tag("repo/x", "v1") is True
    tag_request = engine.requests[-1]
    assert tag_request.url.params["repo"] == "repo/x" and tag_request.url.params["tag"] == "v1"
    assert image.history()[0]["Size"] == 1
    assert b"".join(image.save(named=True)) == b"tar-bytes"
    with pytest.raises(InvalidArgument, match="not a valid tag"):
        image.save(named="other:tag")
    image.remove(force=True)
    assert engine.requests[-1].url.params["force"] in ("1", "true", "True")


def test_pull_returns_the_image_and_honours_the_platform() -> None:
    engine = FakeEngine()
    engine.add("POST", "/images/create", content=b'{"status":"Pulling"}\n{"status":"Done"}\n')
    engine.add("GET", "/images/busybox:1.36/json", json={"Id": IMAGE_ID})
    image = engine.client().images.pull("busybox:1.36", platform="linux/arm64")
    assert isinstance(image, Image) and image.id == IMAGE_ID
    pull = next(r for r in engine.requests if r.url.path.endswith("/images/create"))
    assert dict(pull.url.params) == {
        "fromImage": "busybox",
        "tag": "1.36",
        "platform": "linux/arm64",
    }


def test_build_returns_image_and_log_or_raises_build_error() -> None:
    engine = FakeEngine()
    engine.add(
        "POST",
        "/build",
        content=b'{"stream":"Step 1/1 : FROM busybox\\n"}\n'
        b'{"aux":{"ID":"' + IMAGE_ID.encode() + b'"}}\n'
        b'{"stream":"Successfully built 111111111111\\n"}\n',
    )
    engine.add("GET", f"/images/{IMAGE_ID}/json", json={"Id": IMAGE_ID})
    image, log = engine.client().images.build(fileobj=b"FROM busybox\n", custom_context=False)
    assert image.id == IMAGE_ID
    assert next(item.stream for item in log if item.stream).startswith("Step 1/1")

    failing = FakeEngine()
    failing.add(
        "POST",
        "/build",
        content=b'{"stream":"Step 1/1 : RUN false\\n"}\n'
        b'{"errorDetail":{"message":"returned a non-zero code: 1"},'
        b'"error":"returned a non-zero code: 1"}\n',
    )
    with pytest.raises(BuildError, match="non-zero code") as info:
        failing.client().images.build(fileobj=b"FROM busybox\nRUN false\n")
    assert info.value.build_log


def test_networks() -> None:
    engine = FakeEngine()
    net = {"Id": "n" * 64, "Name": "backend", "Driver": "bridge", "Containers": {}}
    engine.add("POST", "/networks/create", json={"Id": "n" * 64}, status=201)
    engine.add("GET", f"/networks/{'n' * 64}", json=net)
    engine.add("GET", "/networks", json=[net])
    engine.add("POST", f"/networks/{'n' * 64}/connect", status=200)
    engine.add("POST", f"/networks/{'n' * 64}/disconnect", status=200)
    engine.add("DELETE", f"/networks/{'n' * 64}", status=204)
    client = engine.client()
    network = client.networks.create("backend", driver="bridge", labels={"dockersdk.test": "1"})
    assert isinstance(network, Network) and network.name == "backend"
    assert json.loads(engine.requests[-2].content)["Labels"] == {"dockersdk.test": "1"}
    assert [n.id for n in client.networks.list(names=["backend"])] == ["n" * 64]
    network.connect("web", aliases=["db"])
    assert json.loads(engine.requests[-1].content)["EndpointConfig"]["Aliases"] == ["db"]
    network.disconnect("web", force=True)
    network.remove()
    assert engine.calls()[-1] == f"DELETE /networks/{'n' * 64}"


def test_objects_built_without_data_read_as_empty() -> None:
    # docker-py's Model(attrs=None): an empty dict, whatever every reply would have.
    volume = Volume()
    assert (volume.name, volume.labels, volume.attrs) == ("", {}, {})
    assert volume.attrs.get("Name") is None and "Name" not in volume.attrs
    with pytest.raises(ResponseParseError, match=r"no Volume\.Name"):
        volume.attrs.name  # noqa: B018  (typed: a field every engine sends is missing)
    plugin = Plugin()
    assert plugin.name is None and plugin.enabled is False and repr(plugin) == "<Plugin: 'None'>"
    partial = Volume({"Name": "data"})  # docker-py takes any dict; typed reads check
    assert partial.name == "data" and partial.attrs.name == "data"
    with pytest.raises(ResponseParseError, match=r"no Volume\.Mountpoint"):
        partial.attrs.mountpoint  # noqa: B018


def test_volumes() -> None:
    engine = FakeEngine()
    vol = {
        "Name": "data",
        "Driver": "local",
        "Labels": {"dockersdk.test": "1"},
        "Mountpoint": "/x",
        "Scope": "local",
        "Options": None,
    }
    engine.add("POST", "/volumes/create", json=vol, status=201)
    engine.add("GET", "/volumes", json={"Volumes": [vol], "Warnings": []})
    engine.add("GET", "/volumes/data", json=vol)
    engine.add("DELETE", "/volumes/data", status=204)
    engine.add("POST", "/volumes/prune", json={"VolumesDeleted": [], "SpaceReclaimed": 0})
    client = engine.client()
    volume = client.volumes.create("data", labels={"dockersdk.test": "1"})
    assert isinstance(volume, Volume)
    assert (volume.id, volume.name, volume.labels) == ("data", "data", {"dockersdk.test": "1"})
    assert [v.name for v in client.volumes.list()] == ["data"]
    assert client.volumes.get("data") == volume
    volume.remove(force=True)
    assert client.volumes.prune().space_reclaimed == 0


def test_secrets_and_configs() -> None:
    engine = FakeEngine()
    for kind, cls in (("secrets", Secret), ("configs", Config)):
        obj = {"ID": "s1", "Version": {"Index": 3}, "Spec": {"Name": "token"}}
        engine.add("POST", f"/{kind}/create", json={"ID": "s1"}, status=201)
        engine.add("GET", f"/{kind}/s1", json=obj)
        engine.add("GET", f"/{kind}", json=[obj])
        engine.add("DELETE", f"/{kind}/s1", status=204)
        collection = getattr(engine.client(), kind)
        created = collection.create(name="token", data=b"x", labels={"dockersdk.test": "1"})
        assert isinstance(created, cls) and created.name == "token" and created.id == "s1"
        assert repr(created) == f"<{cls.__name__}: 'token'>"
        assert [o.id for o in collection.list()] == ["s1"]
        assert created.remove() is True


def test_service_kwargs_are_routed_by_the_builders() -> None:
    routed = route_service_kwargs(
        {
            "image": "busybox",
            "command": "sleep 60",
            "name": "svc",
            "labels": {"dockersdk.test": "1"},
            "container_labels": {"c": "1"},
            "env": ["A=1"],
            "constraints": ["node.role == manager"],
            "mode": ServiceMode("replicated", 2),
            "log_driver": "json-file",
            "log_driver_options": {"max-size": "1m"},
            "restart_policy": {"Condition": "none"},
        }
    )
    assert routed["name"] == "svc" and routed["labels"] == {"dockersdk.test": "1"}
    assert routed["mode"] == {"Replicated": {"Replicas": 2}}
    template = routed["task_template"].to_api()
    assert template["ContainerSpec"]["Labels"] == {"c": "1"}
    assert template["ContainerSpec"]["Env"] == ["A=1"]
    assert template["Placement"]["Constraints"] == ["node.role == manager"]
    assert template["LogDriver"] == {"Name": "json-file", "Options": {"max-size": "1m"}}
    with pytest.raises(InvalidArgumentType, match="'nope'"):
        route_service_kwargs({"image": "x", "nope": 1})
    with pytest.raises(InvalidArgumentType, match="force_update"):
        route_service_kwargs({"image": "x", "force_update": 1})
    with pytest.raises(InvalidArgumentType, match=r"'contraints': did you mean 'constraints'\?"):
        route_service_kwargs({"image": "x", "contraints": ["node.role == manager"]})
    assert route_service_kwargs({"image": "x"}, update=True)["fetch_current_spec"] is True


def service_reply(mode: dict[str, Any]) -> dict[str, Any]:
    return {
        "ID": "svc1",
        "Version": {"Index": 7},
        "Spec": {
            "Name": "svc",
            "Mode": mode,
            "TaskTemplate": {"ContainerSpec": {"Image": "busybox"}, "ForceUpdate": 1},
        },
    }


def test_service_objects() -> None:
    engine = FakeEngine()
    engine.add("POST", "/services/create", json={"ID": "svc1"}, status=201)
    engine.add("GET", "/services/svc1", json=service_reply({"Replicated": {"Replicas": 1}}))
    engine.add("POST", "/services/svc1/update", json={"Warnings": []})
    engine.add("GET", "/tasks", json=[{"ID": "t1", "ServiceID": "svc1"}])
    engine.add("DELETE", "/services/svc1", status=200)
    service = engine.client().services.create("busybox", "sleep 60", name="svc")
    assert isinstance(service, Service) and service.name == "svc" and service.version == 7
    body = engine.body(0)
    assert body["TaskTemplate"]["ContainerSpec"]["Command"] == ["sleep", "60"]
    service.scale(3)
    update = next(r for r in engine.requests if r.url.path.endswith("/update"))
    assert update.url.params["version"] == "7"
    assert json.loads(update.content)["Mode"] == {"Replicated": {"Replicas": 3}}
    service.force_update()
    last = json.loads(engine.requests[-1].content)
    assert last["TaskTemplate"]["ForceUpdate"] == 2
    assert [t.id for t in service.tasks()] == ["t1"]
    assert json.loads(engine.requests[-1].url.params["filters"]) == {"service": ["svc1"]}
    assert service.remove() is True

    global_engine = FakeEngine()
    global_engine.add("GET", "/services/g", json=service_reply({"Global": {}}))
    with pytest.raises(InvalidArgument, match="global"):
        global_engine.client().services.get("g").scale(2)


def test_nodes_plugins_and_swarm() -> None:
    engine = FakeEngine()
    node = {"ID": "node1", "Version": {"Index": 9}, "Spec": {"Role": "manager"}}
    engine.add("GET", "/nodes", json=[node])
    engine.add("POST", "/nodes/node1/update", status=200)
    engine.add(
        "GET",
        "/plugins",
        json=[{**PLUGIN_REPLY, "Id": "p1", "Name": "vieux/sshfs:latest", "Enabled": False}],
    )
    engine.add("GET", "/swarm", json={"ID": "swarm1", "Version": {"Index": 11}})
    engine.add("POST", "/swarm/update", status=200)
    client = engine.client()
    (listed,) = client.nodes.list()
    assert isinstance(listed, Node) and listed.version == 9
    listed.update({"Availability": "active", "Role": "manager"})
    assert engine.requests[-1].url.params["version"] == "9"
    (plugin,) = client.plugins.list()
    assert isinstance(plugin, Plugin) and plugin.name == "vieux/sshfs:latest"
    assert plugin.enabled is False
    swarm = client.swarm
    assert isinstance(swarm, Swarm) and swarm.id == "swarm1" and swarm.version == 11
    swarm.update(rotate_worker_token=True)
    update = engine.requests[-1]
    assert update.url.params["rotateWorkerToken"] in ("1", "true", "True")
    assert update.url.params["version"] == "11"


def test_swarm_outside_a_swarm_is_empty() -> None:
    engine = FakeEngine()
    engine.add("GET", "/swarm", json={"message": "This node is not a swarm manager."}, status=503)
    swarm = engine.client().swarm
    assert swarm.id == "" and swarm.version == 0
