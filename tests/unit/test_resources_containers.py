"""client.containers over httpx.MockTransport: kwargs routing, run, list with one request."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from dockersdk import DockerClient
from dockersdk.errors import ContainerError, InvalidArgument, NotFound
from dockersdk.resources.containers import (
    CONTAINER_CONFIG_KWARGS,
    HOST_CONFIG_KWARGS,
    Container,
    route_create_kwargs,
)
from dockersdk.types import InvalidArgumentType

_VERSION_PREFIX = re.compile(r"^/v1\.\d+")
Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


class FakeEngine:
    """A scripted engine: routes (method, path regex) to replies and records the requests."""

    def __init__(self, api_version: str = "1.41") -> None:
        self.routes: list[tuple[str, re.Pattern[str], Reply]] = []
        self.requests: list[httpx.Request] = []
        self.add("GET", "/version", json={"ApiVersion": api_version, "MinAPIVersion": "1.12"})

    def add(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        status: int = 200,
        content: bytes | None = None,
        reply: Callable[[httpx.Request], httpx.Response] | None = None,
    ) -> None:
        if reply is None:
            if content is not None:
                response = httpx.Response(status, content=content)
            elif json is not None:
                response = httpx.Response(status, json=json)
            else:
                response = httpx.Response(status)
            self.routes.insert(0, (method, re.compile(path + "$"), response))
        else:
            self.routes.insert(0, (method, re.compile(path + "$"), reply))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = re.sub(r"^/v1\.\d+", "", request.url.path)
        self.requests.append(request)
        for method, pattern, reply in self.routes:
            if method == request.method and pattern.match(path):
                if isinstance(reply, httpx.Response):
                    return httpx.Response(
                        reply.status_code, content=reply.content, headers=reply.headers
                    )
                return reply(request)
        return httpx.Response(404, json={"message": f"no route for {request.method} {path}"})

    def client(self) -> DockerClient:
        return DockerClient(
            base_url="tcp://engine:2375", transport=httpx.MockTransport(self.handle)
        )

    def calls(self) -> list[str]:
        """``METHOD /path`` of every request but version negotiation."""
        return [
            f"{r.method} {_VERSION_PREFIX.sub('', r.url.path)}"
            for r in self.requests
            if not r.url.path.endswith("/version")
        ]

    def body(self, index: int) -> Any:
        requests = [r for r in self.requests if not r.url.path.endswith("/version")]
        return json.loads(requests[index].content)


def frame(stream: int, data: bytes) -> bytes:
    return struct.pack(">BxxxL", stream, len(data)) + data


def inspect_reply(cid: str = "c" * 64, *, tty: bool = False, driver: str = "json-file") -> Any:
    return {
        "Id": cid,
        "Name": "/web",
        "Image": "sha256:" + "i" * 64,
        "State": {"Status": "running", "Running": True, "Health": {"Status": "healthy"}},
        "Config": {"Labels": {"a": "b"}, "Tty": tty, "Image": "busybox"},
        "HostConfig": {"LogConfig": {"Type": driver, "Config": {}}},
        "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}},
    }


SUMMARIES = [
    {
        "Id": "a" * 64,
        "Names": ["/alpha"],
        "Image": "busybox",
        "ImageID": "sha256:" + "i" * 64,
        "State": "running",
        "Status": "Up 3 minutes (healthy)",
        "Labels": {"dockersdk.test": "1"},
        "Ports": [
            {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"PrivatePort": 53, "Type": "udp"},
        ],
    },
    {
        "Id": "b" * 64,
        "Names": ["/beta"],
        "ImageID": "sha256:" + "j" * 64,
        "State": "exited",
        "Status": "Exited (0) 1 second ago",
        "Labels": {},
        "Ports": [],
    },
]


# -- routing -------------------------------------------------------------------------------


def test_builders_signatures_drive_the_routing() -> None:
    assert {"mem_limit", "restart_policy", "runtime", "network_mode"} <= HOST_CONFIG_KWARGS
    assert {"environment", "labels", "healthcheck", "user", "tty"} <= CONTAINER_CONFIG_KWARGS
    assert not HOST_CONFIG_KWARGS & CONTAINER_CONFIG_KWARGS


def test_every_docker_py_run_kwarg_is_accepted() -> None:
    import docker.models.containers as docker_containers  # docker-py, a dev dependency

    names = (
        set(docker_containers.RUN_CREATE_KWARGS)
        | set(docker_containers.RUN_HOST_CONFIG_KWARGS)
        | {"ports", "volumes", "network", "networking_config"}
    ) - {"image", "command"}
    unknown = {
        name
        for name in names
        if name
        not in HOST_CONFIG_KWARGS
        | CONTAINER_CONFIG_KWARGS
        | {"name", "platform", "use_config_proxy", "version"}
        | {"ports", "volumes", "network", "networking_config"}
    }
    assert not unknown


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"environment": {"A": "1"}}, {"Env": ["A=1"]}),
        ({"mem_limit": "1g"}, {"HostConfig": {"Memory": 1073741824, "NetworkMode": "default"}}),
        (
            {"ports": {"80/tcp": 8080, "53/udp": None}},
            {
                "ExposedPorts": {"53/udp": {}, "80/tcp": {}},
                "HostConfig": {
                    "PortBindings": {
                        "80/tcp": [{"HostIp": "", "HostPort": "8080"}],
                        "53/udp": [{"HostIp": "", "HostPort": ""}],
                    },
                    "NetworkMode": "default",
                },
            },
        ),
        (
            {"volumes": ["/host:/data:ro", "named:/cache"]},
            {
                "Volumes": {"/data": {}, "/cache": {}},
                "HostConfig": {
                    "Binds": ["/host:/data:ro", "named:/cache"],
                    "NetworkMode": "default",
                },
            },
        ),
        (
            {"volumes": {"/host": {"bind": "/data", "mode": "rw"}}},
            {
                "Volumes": {"/data": {}},
                "HostConfig": {"Binds": ["/host:/data:rw"], "NetworkMode": "default"},
            },
        ),
        (
            {"network": "backend"},
            {
                "NetworkingConfig": {"EndpointsConfig": {"backend": {}}},
                "HostConfig": {"NetworkMode": "backend"},
            },
        ),
        (
            {"network": "backend", "networking_config": {"backend": {"Aliases": ["db"]}}},
            {
                "NetworkingConfig": {"EndpointsConfig": {"backend": {"Aliases": ["db"]}}},
                "HostConfig": {"NetworkMode": "backend"},
            },
        ),
        ({"runtime": "runc"}, {"HostConfig": {"Runtime": "runc", "NetworkMode": "default"}}),
        ({"detach": True}, {"AttachStdout": False, "AttachStderr": False}),
    ],
)
def test_route_create_kwargs(kwargs: dict[str, Any], expected: dict[str, Any]) -> None:
    body, _ = route_create_kwargs("busybox", None, kwargs, "1.41")
    for key, value in expected.items():
        assert body[key] == value, key


def test_create_call_kwargs_are_not_in_the_body() -> None:
    body, call = route_create_kwargs(
        "busybox", "true", {"name": "x", "platform": "linux/amd64", "version": "9.99"}, None
    )
    assert call == {"name": "x", "platform": "linux/amd64"}
    assert "name" not in body and body["Cmd"] == ["true"]


def test_unknown_kwarg_raises_before_any_request() -> None:
    engine = FakeEngine()
    with pytest.raises(InvalidArgumentType, match="'bogus'") as info:
        engine.client().containers.create("busybox", bogus=1)
    assert isinstance(info.value, TypeError)
    assert engine.calls() == []


def test_a_misspelt_kwarg_names_the_one_meant() -> None:
    with pytest.raises(InvalidArgumentType) as info:
        route_create_kwargs("busybox", None, {"mem_limt": "1g", "zzz": 1}, None)
    assert str(info.value) == (
        "create() got unexpected keyword arguments 'mem_limt', 'zzz' "
        "('mem_limt': did you mean 'mem_limit'?)"
    )


def test_bad_value_is_reported_by_the_builder() -> None:
    with pytest.raises(InvalidArgument, match="mem_limit"):
        route_create_kwargs("busybox", None, {"mem_limit": "lots"}, None)


# -- run -----------------------------------------------------------------------------------


def run_engine(exit_code: int, logs: bytes, *, missing_image: bool = False) -> FakeEngine:
    engine = FakeEngine()
    cid = "c" * 64
    engine.add("POST", "/containers/create", json={"Id": cid, "Warnings": []}, status=201)
    if missing_image:
        state = {"pulled": False}

        def create(request: httpx.Request) -> httpx.Response:
            if not state["pulled"]:
                return httpx.Response(404, json={"message": "No such image: busybox:latest"})
            return httpx.Response(201, json={"Id": cid, "Warnings": []})

        def pull(request: httpx.Request) -> httpx.Response:
            state["pulled"] = True
            return httpx.Response(200, content=b'{"status":"Downloaded"}\n')

        engine.add("POST", "/containers/create", reply=create)
        engine.add("POST", "/images/create", reply=pull)
        engine.add("GET", "/images/busybox:latest/json", json={"Id": "sha256:" + "i" * 64})
    engine.add("GET", f"/containers/{cid}/json", json=inspect_reply(cid))
    engine.add("POST", f"/containers/{cid}/start", status=204)
    engine.add("GET", f"/containers/{cid}/logs", content=logs)
    engine.add("POST", f"/containers/{cid}/attach", content=logs)
    engine.add("POST", f"/containers/{cid}/wait", json={"StatusCode": exit_code})
    engine.add("DELETE", f"/containers/{cid}", status=204)
    return engine


def test_run_detached_returns_the_container() -> None:
    engine = run_engine(0, b"")
    container = engine.client().containers.run(
        "busybox", "sleep 9", detach=True, remove=True, labels={"dockersdk.test": "1"}
    )
    assert isinstance(container, Container) and container.name == "web"
    body = engine.body(0)
    assert body["Cmd"] == ["sleep", "9"] and body["HostConfig"]["AutoRemove"] is True
    assert body["Labels"] == {"dockersdk.test": "1"}
    assert [c.split("/")[-1] for c in engine.calls()] == ["create", "json", "start"]


def test_run_returns_stdout_and_removes() -> None:
    logs = frame(1, b"out\n") + frame(2, b"err\n")
    engine = run_engine(0, logs)
    client = engine.client()
    assert client.containers.run("busybox", remove=True) == b"out\n"
    assert engine.calls()[-1] == f"DELETE /containers/{'c' * 64}"
    engine = run_engine(0, logs)
    assert engine.client().containers.run("busybox", stderr=True) == b"out\nerr\n"


def test_run_nonzero_exit_raises_container_error_with_stderr() -> None:
    engine = run_engine(3, frame(1, b"partial\n") + frame(2, b"boom\n"))
    with pytest.raises(ContainerError) as info:
        engine.client().containers.run("busybox", ["sh", "-c", "exit 3"], remove=True)
    assert info.value.exit_status == 3
    assert info.value.stderr == b"boom\n"
    assert info.value.image == "busybox"
    assert "DELETE" in engine.calls()[-1]


def test_run_pulls_a_missing_image_once_with_the_platform() -> None:
    engine = run_engine(0, frame(1, b"hi\n"), missing_image=True)
    assert engine.client().containers.run("busybox", platform="linux/arm64") == b"hi\n"
    creates = [r for r in engine.requests if r.url.path.endswith("/containers/create")]
    pulls = [r for r in engine.requests if r.url.path.endswith("/images/create")]
    assert len(creates) == 2 and len(pulls) == 1
    assert pulls[0].url.params["platform"] == "linux/arm64"
    assert creates[1].url.params["platform"] == "linux/arm64"


def test_run_attaches_before_start() -> None:
    engine = run_engine(0, frame(1, b"x\n"))
    assert engine.client().containers.run("busybox") == b"x\n"
    actions = [call.rsplit("/", 1)[-1] for call in engine.calls()]
    assert actions.index("attach") < actions.index("start") < actions.index("wait")
    attach = next(r for r in engine.requests if r.url.path.endswith("/attach"))
    assert attach.url.params["stream"] in ("1", "true", "True")


def test_run_stream_follows_the_logs() -> None:
    engine = run_engine(0, frame(1, b"a\n") + frame(1, b"b\n"))
    chunks = engine.client().containers.run("busybox", stream=True)
    assert b"".join(chunks) == b"a\nb\n"
    logs = next(r for r in engine.requests if r.url.path.endswith("/logs"))
    assert logs.url.params["follow"] in ("1", "true", "True")


def test_run_rejects_network_with_network_mode() -> None:
    engine = FakeEngine()
    with pytest.raises(InvalidArgument, match="network_mode"):
        engine.client().containers.run("busybox", network="a", network_mode="host")
    assert engine.calls() == []


# -- list / get / objects -------------------------------------------------------------------


def test_list_makes_one_request_and_answers_from_the_summary() -> None:
    engine = FakeEngine()
    engine.add("GET", "/containers/json", json=SUMMARIES)
    containers = engine.client().containers.list(all=True, filters={"label": "dockersdk.test"})
    assert engine.calls() == ["GET /containers/json"]
    query = engine.requests[-1].url.params
    assert query["all"] == "1" and json.loads(query["filters"]) == {"label": ["dockersdk.test"]}
    alpha, beta = containers
    assert (alpha.id, alpha.short_id, alpha.name) == ("a" * 64, "a" * 12, "alpha")
    assert (alpha.status, alpha.health, alpha.labels) == (
        "running",
        "healthy",
        SUMMARIES[0]["Labels"],
    )
    ports = alpha.ports
    assert [(b["HostIp"], b["HostPort"]) for b in ports["80/tcp"] or []] == [
        ("0.0.0.0", "8080"),
        ("::", "8080"),
    ]
    assert ports["53/udp"] is None
    assert alpha.image_id == "sha256:" + "i" * 64
    assert beta.status == "exited" and beta.name == "beta" and beta.labels == {}
    assert alpha.summary is not None and alpha.summary["Names"] == ["/alpha"]
    assert engine.calls() == ["GET /containers/json"]  # still one request
    assert not alpha.loaded


def test_list_attrs_are_inspected_lazily_once() -> None:
    engine = FakeEngine()
    engine.add("GET", "/containers/json", json=SUMMARIES[:1])
    engine.add("GET", f"/containers/{'a' * 64}/json", json=inspect_reply("a" * 64))
    (alpha,) = engine.client().containers.list()
    assert alpha.attrs.state is not None and alpha.attrs.state.running is True
    assert alpha.attrs["Config"]["Labels"] == {"a": "b"}
    assert engine.calls() == ["GET /containers/json", f"GET /containers/{'a' * 64}/json"]
    assert alpha.labels == {"a": "b"}  # loaded attrs win over the summary


def test_sparse_list_never_inspects_implicitly() -> None:
    engine = FakeEngine()
    engine.add("GET", "/containers/json", json=SUMMARIES[:1])
    engine.add("GET", f"/containers/{'a' * 64}/json", json=inspect_reply("a" * 64))
    (alpha,) = engine.client().containers.list(sparse=True)
    assert alpha.name == "alpha"
    assert alpha.attrs == SUMMARIES[0]  # the list entry, as docker-py's sparse attrs
    assert alpha.attrs is alpha.summary and not alpha.loaded
    assert engine.calls() == ["GET /containers/json"]
    alpha.reload()
    assert alpha.attrs.name == "/web"


def test_container_removed_after_list_raises_not_found_on_attrs() -> None:
    engine = FakeEngine()
    engine.add("GET", "/containers/json", json=SUMMARIES)
    containers = engine.client().containers.list(all=True, ignore_removed=True)
    assert len(containers) == 2
    with pytest.raises(NotFound):
        _ = containers[1].attrs


def test_get_and_object_methods_send_their_requests() -> None:
    engine = FakeEngine()
    cid = "c" * 64
    engine.add("GET", "/containers/web/json", json=inspect_reply(cid))
    engine.add("GET", f"/containers/{cid}/json", json=inspect_reply(cid))
    for action in ("stop", "kill", "pause", "unpause", "restart", "rename", "resize"):
        engine.add("POST", f"/containers/{cid}/{action}", status=204)
    engine.add("POST", f"/containers/{cid}/update", json={"Warnings": []})
    engine.add("POST", f"/containers/{cid}/exec", json={"Id": "e1"}, status=201)
    engine.add("POST", "/exec/e1/start", content=frame(1, b"hi\n"))
    engine.add("GET", "/exec/e1/json", json={"ExitCode": 0, "Running": False})
    container = engine.client().containers.get("web")
    assert (container.status, container.health, container.labels) == (
        "running",
        "healthy",
        {"a": "b"},
    )
    assert container.ports["80/tcp"] is not None
    container.stop(timeout=1)
    container.kill(signal="SIGTERM")
    container.pause()
    container.unpause()
    container.restart(timeout=2)
    container.rename("web2")
    container.resize(10, 20)
    container.update(mem_limit="64m")
    result = container.exec_run("echo hi")
    assert result == (0, b"hi\n") and result.exit_code == 0
    sent = engine.calls()
    assert sent[0] == "GET /containers/web/json"
    for action in ("stop", "kill", "pause", "unpause", "restart", "rename", "resize", "update"):
        assert f"POST /containers/{cid}/{action}" in sent
    kill = next(r for r in engine.requests if r.url.path.endswith("/kill"))
    assert kill.url.params["signal"] == "SIGTERM"


def test_collection_is_not_callable() -> None:
    with pytest.raises(TypeError, match="not callable"):
        FakeEngine().client().containers()
