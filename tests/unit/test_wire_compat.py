"""docker-py's wire and return behaviour where dockersdk used to differ (issue 13): the request
each call sends and what it returns, over httpx.MockTransport, sync and async."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.errors import NullResource
from dockersdk.models import ServiceSpec
from dockersdk.types import ContainerSpec, TaskTemplate

VERSION = "1.41"


@pytest.fixture(autouse=True)
def no_docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials and proxies come from an empty config directory, never the user's."""
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))
    monkeypatch.setenv("HOME", str(tmp_path))


Handler = Callable[[httpx.Request], httpx.Response]


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={})


def client(handler: Handler = ok, version: str = VERSION) -> tuple[APIClient, list[httpx.Request]]:
    """A client pinned to ``version`` (so no ``GET /version``) recording every request."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return handler(request)

    api = APIClient(
        base_url="unix:///x.sock", version=version, transport=httpx.MockTransport(record)
    )
    return api, seen


def aclient(
    handler: Handler = ok, version: str = VERSION
) -> tuple[AsyncAPIClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        await request.aread()
        seen.append(request)
        return handler(request)

    api = AsyncAPIClient(
        base_url="unix:///x.sock", version=version, transport=httpx.MockTransport(record)
    )
    return api, seen


def path(request: httpx.Request) -> str:
    return request.url.path.removeprefix(f"/v{VERSION}")


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# -- ids: whatever a call returned goes back in ----------------------------------------------


def replies(request: httpx.Request) -> httpx.Response:
    """What the engine answers a create with (the rest: an empty object)."""
    if request.url.path.endswith("/services/create"):
        return httpx.Response(201, json={"ID": "svc1"})
    if request.url.path.endswith("/containers/create"):
        return httpx.Response(201, json={"Id": "c1", "Warnings": []})
    return httpx.Response(200, json={})


def test_replies_and_objects_stand_for_their_ids() -> None:
    api, seen = client(replies)
    service = api.create_service({"ContainerSpec": {"Image": "busybox"}})
    container = api.create_container("busybox")
    seen.clear()
    api.inspect_service(service)
    api.inspect_service({"ID": "svc2"})
    api.remove_service({"Id": "svc3"})
    api.inspect_container(container)
    api.inspect_network({"Id": "n1"})
    api.inspect_image({"Id": "sha256:abc"})

    class Resource:
        id = "r1"

    api.inspect_node(Resource())
    assert [path(r) for r in seen] == [
        "/services/svc1",
        "/services/svc2",
        "/services/svc3",
        "/containers/c1/json",
        "/networks/n1",
        "/images/sha256:abc/json",
        "/nodes/r1",
    ]


def test_a_container_reply_goes_into_a_request_body() -> None:
    api, seen = client(replies)
    container = api.create_container("busybox")
    seen.clear()
    api.connect_container_to_network(container, {"Id": "n1"})
    api.disconnect_container_from_network({"Id": "c1"}, "n1")
    assert [path(r) for r in seen] == ["/networks/n1/connect", "/networks/n1/disconnect"]
    assert body(seen[0])["Container"] == "c1"
    assert body(seen[1]) == {"Container": "c1", "Force": False}


@pytest.mark.parametrize("missing", [None, "", {}, {"Id": ""}, {"Name": "x"}, object()])
def test_only_a_missing_id_is_a_null_resource(missing: Any) -> None:
    api, seen = client()
    with pytest.raises(NullResource, match="'id' must be a non-empty id"):
        api.inspect_service(missing)
    assert seen == []


def test_a_null_resource_does_not_show_the_object() -> None:
    api, _ = client()
    with pytest.raises(NullResource) as caught:
        api.inspect_container({"Env": ["PASSWORD=hunter2"]})
    assert "hunter2" not in str(caught.value) and "dict without an Id" in str(caught.value)


def test_async_client_takes_replies_as_ids() -> None:
    async def main() -> list[str]:
        api, seen = aclient(replies)
        async with api:
            service = await api.create_service({"ContainerSpec": {"Image": "busybox"}})
            await api.inspect_service(service)
            await api.connect_container_to_network({"Id": "c1"}, "n1")
        return [path(r) for r in seen[1:]] + [body(seen[-1])["Container"]]

    assert asyncio.run(main()) == ["/services/svc1", "/networks/n1/connect", "c1"]


def auth(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


# -- create_container: the body docker-py's ContainerConfig builds ---------------------------


def created(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json={"Id": "c1", "Warnings": []})


def test_a_healthcheck_dict_is_converted_never_sent_raw() -> None:
    api, seen = client(created)
    api.create_container(
        "busybox",
        healthcheck={"test": "echo hi", "interval": 1_000_000_000, "retries": 3},
    )
    api.create_container("busybox", healthcheck={"Test": ["CMD", "true"], "Timeout": 2_000_000})
    assert body(seen[0])["Healthcheck"] == {
        "Test": ["CMD-SHELL", "echo hi"],
        "Interval": 1_000_000_000,
        "Retries": 3,
    }
    assert body(seen[1])["Healthcheck"] == {"Test": ["CMD", "true"], "Timeout": 2_000_000}


def test_a_healthcheck_field_the_version_lacks_is_refused() -> None:
    from dockersdk.errors import InvalidVersion

    api, seen = client(created, version="1.28")
    with pytest.raises(InvalidVersion, match=r"1\.29"):
        api.create_container("busybox", healthcheck={"test": "true", "start_period": 1_000_000})
    assert seen == []


def test_one_volume_path_is_one_volume() -> None:
    api, seen = client(created)
    api.create_container("busybox", volumes="/data")
    api.create_container("busybox", volumes=["/a", "/b"])
    assert body(seen[0])["Volumes"] == {"/data": {}}
    assert body(seen[1])["Volumes"] == {"/a": {}, "/b": {}}


@pytest.mark.parametrize("volumes", [5, [5], {"/a"}])
def test_wrongly_typed_volumes_are_a_type_error(volumes: Any) -> None:
    api, seen = client(created)
    with pytest.raises(TypeError, match="volumes"):
        api.create_container("busybox", volumes=volumes)
    assert seen == []


# -- services --------------------------------------------------------------------------------

TEMPLATE = {"ContainerSpec": {"Image": "reg.example:5000/app:1"}}


def with_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    config = tmp_path / "creds"
    config.mkdir()
    token = base64.b64encode(b"user:secret").decode()
    (config / "config.json").write_text(
        json.dumps({"auths": {"reg.example:5000": {"auth": token}}})
    )
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    return {
        "username": "user",
        "password": "secret",
        "email": None,
        "serveraddress": "reg.example:5000",
    }


def registry_auth(request: httpx.Request) -> dict[str, Any] | None:
    header = request.headers.get("X-Registry-Auth")
    return None if header is None else json.loads(base64.urlsafe_b64decode(header))


def test_create_service_converts_mode_and_networks_as_docker_py() -> None:
    from dockersdk.types import NetworkAttachmentConfig, ServiceMode

    api, seen = client(lambda r: httpx.Response(201, json={"ID": "s1"}))
    api.create_service(TEMPLATE, mode="global", networks=["front", {"Target": "back"}])
    api.create_service(
        TEMPLATE,
        mode=ServiceMode("replicated", replicas=2),
        networks=[NetworkAttachmentConfig("front", aliases=["web"])],
    )
    first, second = (body(r) for r in seen)
    assert first["Mode"] == {"Global": {}}
    assert first["Networks"] == [{"Target": "front"}, {"Target": "back"}]
    assert second["Mode"] == {"Replicated": {"Replicas": 2}}
    assert second["Networks"] == [{"Target": "front", "Aliases": ["web"]}]
    assert registry_auth(seen[0]) is None  # no credentials known: no header, as docker-py


def test_create_service_refuses_what_docker_py_refuses() -> None:
    from dockersdk.errors import InvalidArgument

    api, seen = client()
    with pytest.raises(InvalidArgument, match="Image"):
        api.create_service({"ContainerSpec": {}})
    with pytest.raises(InvalidArgument, match="mode"):
        api.create_service(TEMPLATE, mode="sometimes")
    with pytest.raises(TypeError, match="networks"):
        api.create_service(TEMPLATE, networks="front")  # type: ignore[arg-type]
    assert seen == []


def test_create_and_update_service_send_the_registry_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = with_credentials(tmp_path, monkeypatch)
    api, seen = client(lambda r: httpx.Response(200, json={"ID": "s1", "Warnings": []}))
    api.create_service(TEMPLATE)
    api.update_service("s1", 3, task_template=TEMPLATE)
    api.update_service("s1", 4, mode="global")  # no image given: nothing to pull
    assert registry_auth(seen[0]) == stored
    assert registry_auth(seen[1]) == stored
    assert registry_auth(seen[2]) is None
    assert body(seen[2])["Mode"] == {"Global": {}}


def test_update_service_merges_into_the_current_spec_as_docker_py() -> None:
    current = {
        "ID": "s1",
        "Version": {"Index": 7},
        "Spec": {
            "Name": "web",
            "Labels": {"a": "b"},
            "Mode": {"Replicated": {"Replicas": 1}},
            "TaskTemplate": {
                "ContainerSpec": {"Image": "app:1", "Env": ["A=1"]},
                "ForceUpdate": 1,
            },
            "Networks": [{"Target": "old"}],
        },
    }

    def reply(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=current)
        return httpx.Response(200, json={"Warnings": []})

    api, seen = client(reply)
    api.update_service(
        "s1",
        7,
        task_template={"ContainerSpec": {"Image": "app:2"}},
        fetch_current_spec=True,
    )
    inspect, update = seen
    assert inspect.url.params["insertDefaults"] == "1"
    assert body(update) == {
        "Name": "web",
        "Labels": {"a": "b"},
        "Mode": {"Replicated": {"Replicas": 1}},
        "TaskTemplate": {
            "ContainerSpec": {"Image": "app:2", "Env": ["A=1"]},
            "ForceUpdate": 1,
            "Networks": [{"Target": "old"}],  # the old top-level networks move in
        },
    }
    api.update_service("s1", 8, networks=["new"], fetch_current_spec=True)
    assert body(seen[-1])["TaskTemplate"]["Networks"] == [{"Target": "new"}]


@pytest.mark.parametrize(
    "override",
    [
        pytest.param(lambda: TaskTemplate(ContainerSpec("app:1", healthcheck={})), id="builder"),
        pytest.param(lambda: {"ContainerSpec": {"Image": "app:1", "Healthcheck": {}}}, id="dict"),
        pytest.param(
            lambda: {"ContainerSpec": {"Image": "app:1", "HealthCheck": {}}}, id="spec-spelling"
        ),
    ],
)
def test_update_service_removes_the_healthcheck_whatever_its_spelling(
    override: Callable[[], Any],
) -> None:
    # docker-py's suite (test_update_service_remove_healthcheck): an empty healthcheck
    # replaces the current one. dockerd sends it back as "Healthcheck" and decodes keys
    # case-insensitively, so a second spelling beside the current one would be merged into
    # it by the engine: only the override's key may be sent.
    health = {"Test": ["CMD-SHELL", "true"], "Interval": 500000000, "Retries": 3}
    current = {
        "ID": "s1",
        "Version": {"Index": 7},
        "Spec": {
            "Name": "web",
            "TaskTemplate": {"ContainerSpec": {"Image": "app:1", "Healthcheck": health}},
        },
    }

    def reply(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=current)
        return httpx.Response(200, json={"Warnings": []})

    api, seen = client(reply)
    api.update_service("s1", 7, task_template=override(), fetch_current_spec=True)
    spec = body(seen[-1])["TaskTemplate"]["ContainerSpec"]
    assert [value for key, value in spec.items() if key.lower() == "healthcheck"] == [{}]


def test_the_typed_service_spec_reads_dockerds_healthcheck_key() -> None:
    reply = {"ContainerSpec": {"Image": "app:1", "Healthcheck": {"Test": ["NONE"]}}}
    template = ServiceSpec({"TaskTemplate": reply}).task_template
    assert template is not None and template.container_spec is not None
    health = template.container_spec.health_check
    assert health is not None and health.test == ["NONE"]


# -- networks, swarm, build ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([("db", "database")], ["db:database"]),
        ({"db": "database", "cache": None}, ["cache", "db:database"]),
        (["db:database"], ["db:database"]),
    ],
)
def test_connect_sends_links_as_docker_py(links: Any, expected: list[str]) -> None:
    api, seen = client()
    api.connect_container_to_network("c1", "n1", links=links, aliases=["x"])
    assert body(seen[-1]) == {
        "Container": "c1",
        "EndpointConfig": {"Aliases": ["x"], "Links": expected},
    }


def test_connect_checks_the_endpoint_as_docker_py() -> None:
    from dockersdk.errors import InvalidArgument, InvalidVersion

    api, seen = client(version="1.31")
    with pytest.raises(InvalidVersion, match="driver_opt"):
        api.connect_container_to_network("c1", "n1", driver_opt={"a": "b"})
    with pytest.raises(InvalidArgument, match="ipv4_address"):
        api.connect_container_to_network("c1", "n1", ipv4_address="not-an-ip")
    assert seen == []


def test_init_swarm_sends_the_default_subnet_size_and_pool() -> None:
    from dockersdk.errors import InvalidVersion

    api, seen = client(lambda r: httpx.Response(200, json="node1"))
    assert api.init_swarm(default_addr_pool=["10.20.0.0/16"]) == "node1"
    assert body(seen[-1])["DefaultAddrPool"] == ["10.20.0.0/16"]
    assert body(seen[-1])["SubnetSize"] == 24
    api.init_swarm(subnet_size=26)
    assert body(seen[-1])["DefaultAddrPool"] == ["10.0.0.0/8"]
    assert body(seen[-1])["SubnetSize"] == 26
    api.init_swarm()
    assert "SubnetSize" not in body(seen[-1]) and "DefaultAddrPool" not in body(seen[-1])
    old, old_seen = client(version="1.38")
    with pytest.raises(InvalidVersion, match=r"1\.39"):
        old.init_swarm(default_addr_pool=["10.20.0.0/16"])
    assert old_seen == []


def test_a_dockerfile_object_built_twice_is_read_whole_both_times() -> None:
    import io
    import tarfile

    api, seen = client(lambda r: httpx.Response(200, content=b'{"stream":"ok"}\n'))
    dockerfile = io.BytesIO(b"FROM busybox\nRUN true\n")
    for _ in range(2):
        with api.build(fileobj=dockerfile, tag="t") as output:
            list(output)
    for request in seen:
        with tarfile.open(fileobj=io.BytesIO(request.content)) as archive:
            member = archive.extractfile("Dockerfile")
            assert member is not None and member.read() == b"FROM busybox\nRUN true\n"


# -- return values ---------------------------------------------------------------------------


def test_images_quiet_returns_the_ids() -> None:
    summary = {
        "ParentId": "",
        "RepoTags": ["a:1"],
        "RepoDigests": [],
        "Created": 1,
        "Size": 2,
        "SharedSize": -1,
        "Labels": {},
        "Containers": -1,
    }
    listed = [{**summary, "Id": "sha256:aa"}, {**summary, "Id": "sha256:bb"}]
    api, seen = client(lambda r: httpx.Response(200, json=listed))
    assert api.images(quiet=True) == ["sha256:aa", "sha256:bb"]
    assert [image.id for image in api.images()] == ["sha256:aa", "sha256:bb"]
    assert [path(r) for r in seen] == ["/images/json", "/images/json"]


def test_containers_quiet_and_trunc_as_docker_py() -> None:
    long_id = "0123456789abcdef" * 4
    listed = [{"Id": long_id, "Names": ["/web"], "Image": "busybox"}]
    api, _ = client(lambda r: httpx.Response(200, json=listed))
    quiet = api.containers(quiet=True)
    assert [c.id for c in quiet] == [long_id] and quiet[0].to_dict() == {"Id": long_id}
    truncated = api.containers(trunc=True)
    assert truncated[0].id == long_id[:12] and truncated[0].names == ["/web"]
    assert api.containers()[0].id == long_id


def test_events_without_decode_yield_bytes() -> None:
    events = [{"Type": "container", "Action": "start", "time": 1}, {"Type": "network"}]
    content = b"".join(json.dumps(e).encode() + b"\n" for e in events)
    api, _ = client(lambda r: httpx.Response(200, content=content))
    with api.events(decode=False) as raw:
        items = list(raw)
    assert all(isinstance(item, bytes) for item in items)
    assert [json.loads(item) for item in items] == events
    with api.events() as typed:
        assert [event.action for event in typed] == ["start", None]


def test_exec_start_detached_returns_the_empty_reply() -> None:
    api, seen = client(lambda r: httpx.Response(200, content=b""))
    assert api.exec_start("e1", detach=True) == ""
    assert body(seen[-1]) == {"Detach": True, "Tty": False}


def frames(*pieces: tuple[int, bytes]) -> bytes:
    import struct

    return b"".join(struct.pack(">BxxxL", kind, len(data)) + data for kind, data in pieces)


def test_demux_leaves_a_silent_side_none_as_docker_py() -> None:
    api, _ = client(lambda r: httpx.Response(200, content=b"hello tty\n"))
    assert api.exec_start("e1", tty=True, demux=True) == (b"hello tty\n", None)
    api, _ = client(lambda r: httpx.Response(200, content=frames((1, b"out"))))
    assert api.exec_start("e1", demux=True) == (b"out", None)
    api, _ = client(lambda r: httpx.Response(200, content=frames((2, b"err"))))
    assert api.exec_start("e1", demux=True) == (None, b"err")
    api, _ = client(lambda r: httpx.Response(200, content=frames((1, b"a"), (2, b"b"), (1, b"c"))))
    assert api.exec_start("e1", demux=True) == (b"ac", b"b")
    with api.exec_start("e1", demux=True, stream=True) as pieces:
        assert list(pieces) == [(b"a", None), (None, b"b"), (b"c", None)]


def test_stats_without_stream_is_one_decoded_object() -> None:
    sample = {"read": "2024-01-01T00:00:00Z", "cpu_stats": {}, "networks": {"eth0": {}}}
    api, seen = client(lambda r: httpx.Response(200, json=sample))
    stats = api.stats("c1", stream=False)
    assert stats["read"] == sample["read"] and "networks" in stats and "cpu_stats" in stats
    assert seen[-1].url.params["stream"] == "0"


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "client_error", "server_error"),
    [(404, True, False), (409, True, False), (500, False, True), (304, False, False)],
)
def test_api_error_status_checks_are_methods(
    status: int, client_error: bool, server_error: bool
) -> None:
    api, _ = client(lambda r: httpx.Response(status, json={"message": "m"}))
    from dockersdk.errors import APIError

    with pytest.raises(APIError) as caught:
        api.inspect_volume("v")
    error = caught.value
    assert error.is_client_error() is client_error
    assert error.is_server_error() is server_error
    assert error.is_error() is (client_error or server_error)


# -- builders: versions and types docker-py refuses ------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "version"),
    [
        ("auto_remove", True, "1.24"),  # docker-py: 1.25
        ("init", True, "1.24"),
        ("cpu_rt_period", 1000, "1.24"),
        ("isolation", "default", "1.23"),  # docker-py: 1.24
        ("pids_limit", 10, "1.22"),  # docker-py: 1.23
        ("oom_score_adj", 5, "1.21"),  # docker-py: 1.22
        ("cap_add", ["NET_ADMIN"], "1.19"),  # below every version dockersdk speaks
        ("cgroupns", "host", "1.40"),  # the spec: 1.41
    ],
)
def test_host_config_refuses_fields_the_version_lacks(field: str, value: Any, version: str) -> None:
    from dockersdk.errors import InvalidVersion
    from dockersdk.types import HostConfig

    with pytest.raises(InvalidVersion, match=field):
        HostConfig(version=version, **{field: value})
    HostConfig(version="1.41", **{field: value})  # and takes them where they exist


def test_builders_below_the_supported_range_refuse_every_field() -> None:
    from dockersdk.errors import InvalidVersion
    from dockersdk.types import ContainerConfig, EndpointConfig

    with pytest.raises(InvalidVersion, match=r"1\.25 and later"):
        ContainerConfig("1.24", "busybox", stop_timeout=3)
    with pytest.raises(InvalidVersion, match=r"1\.25 and later"):
        EndpointConfig("1.20", driver_opt={"a": "b"})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"volumes": 5},
        {"volumes": [5]},
        {"labels": 5},
        {"devices": 5},
        {"ports": 5},
        {"environment": 5},
        {"healthcheck": 5},
    ],
    ids=lambda kwargs: next(iter(kwargs)),
)
def test_run_and_create_refuse_wrongly_typed_values(kwargs: dict[str, Any]) -> None:
    from dockersdk import DockerClient

    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"Id": "c1", "Warnings": []})

    with DockerClient(version=VERSION, transport=httpx.MockTransport(handle)) as docker_client:
        with pytest.raises(TypeError):
            docker_client.containers.run("busybox", detach=True, **kwargs)
        with pytest.raises(TypeError):
            docker_client.containers.create("busybox", **kwargs)
    assert seen == []


def test_async_pinned_version_sends_no_version_request() -> None:
    async def main() -> list[str]:
        api, seen = aclient(lambda r: httpx.Response(200, json={"Containers": 1}))
        async with api:
            assert api.api_version == VERSION
            await api.info()
            await api.info()
        return [r.url.path for r in seen]

    assert asyncio.run(main()) == [f"/v{VERSION}/info", f"/v{VERSION}/info"]
