"""Typed inputs (issue #14): the generated keyword TypedDicts match what the calls accept and
cover docker-py's keywords, the factories carry the builders' types, builders validate with
no engine, strings are never read as sequences, and lazy names are visible."""

from __future__ import annotations

import inspect
import pickle
import sys
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import dockersdk
from dockersdk import APIClient
from dockersdk.aio.resources import services as service_routing
from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.resources import ExecResult
from dockersdk.resources._create_kwargs import (
    CONTAINER_CONFIG_KWARGS,
    CREATE_CALL_KWARGS,
    HOST_CONFIG_KWARGS,
    IGNORED_KWARGS,
    SPLIT_KWARGS,
    route_create_kwargs,
)
from dockersdk.types import (
    ContainerConfig,
    EndpointConfig,
    HostConfig,
    SwarmSpec,
    TaskTemplate,
    _factories,
    _kwargs,
)


def keys(typed_dict: type) -> set[str]:
    return set(typed_dict.__annotations__)


def parameters(func: Callable[..., Any], *drop: str) -> set[str]:
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {
        name
        for name, param in inspect.signature(func).parameters.items()
        if param.kind in kinds and name not in ("self", *drop)
    }


# -- the TypedDicts have exactly the keys the calls route ----------------------------------


def test_container_kwargs_are_what_the_routing_accepts() -> None:
    accepted = (
        HOST_CONFIG_KWARGS | CONTAINER_CONFIG_KWARGS | CREATE_CALL_KWARGS | SPLIT_KWARGS
    ) | IGNORED_KWARGS
    assert keys(_kwargs.ContainerCreateKwargs) == accepted
    run_named = {"detach", "stream", "stdout", "stderr", "remove"}
    assert keys(_kwargs.ContainerRunKwargs) == accepted - run_named


def test_service_kwargs_are_what_the_routing_accepts() -> None:
    r = service_routing
    accepted = (
        r.SERVICE_KWARGS
        | r.CONTAINER_SPEC_KWARGS
        | r.TASK_TEMPLATE_KWARGS
        | r.PLACEMENT_KWARGS
        | r.SPECIAL_KWARGS
    )
    assert keys(_kwargs.ServiceCreateKwargs) == accepted - {"image", "command"}
    assert keys(_kwargs.ServiceUpdateKwargs) == accepted | r.UPDATE_ONLY_KWARGS


def test_builder_kwargs_are_the_builders_arguments() -> None:
    assert keys(_kwargs.HostConfigKwargs) == parameters(HostConfig.__init__, "version")
    assert keys(_kwargs.EndpointConfigKwargs) == parameters(EndpointConfig.__init__, "version")
    assert keys(_kwargs.SwarmSpecKwargs) == parameters(SwarmSpec.__init__, "version") | {
        "external_ca"
    }
    assert keys(_kwargs.ContainerConfigKwargs) >= parameters(
        ContainerConfig.__init__, "version", "image", "command"
    )


@pytest.mark.parametrize(
    ("typed_dict", "docker_py"),
    [
        (_kwargs.HostConfigKwargs, "docker.types.containers:HostConfig.__init__"),
        (_kwargs.EndpointConfigKwargs, "docker.types.networks:EndpointConfig.__init__"),
        (_kwargs.SwarmSpecKwargs, "docker.types.swarm:SwarmSpec.__init__"),
        (_kwargs.ContainerUpdateKwargs, "docker.api.container:ContainerApiMixin.update_container"),
        (_kwargs.NetworkCreateKwargs, "docker.api.network:NetworkApiMixin.create_network"),
        (_kwargs.ImageBuildKwargs, "docker.api.build:BuildApiMixin.build"),
    ],
)
def test_every_docker_py_keyword_is_typed(typed_dict: type, docker_py: str) -> None:
    import importlib

    module, _, path = docker_py.partition(":")
    func: Any = importlib.import_module(module)
    for part in path.split("."):
        func = getattr(func, part)
    # docker-py's own leading arguments are ours too, positional or named beside the kwargs.
    theirs = parameters(func, "version", "client", "container", "name", "decode")
    assert theirs - keys(typed_dict) == set()


def test_every_docker_py_run_and_service_keyword_is_typed() -> None:
    from docker.models import containers, services

    run = set(containers.RUN_CREATE_KWARGS) | set(containers.RUN_HOST_CONFIG_KWARGS)
    run_named = {"image", "command", "detach", "stream", "stdout", "stderr", "remove"}
    assert run - run_named - keys(_kwargs.ContainerRunKwargs) == set()
    assert run - {"image", "command"} - keys(_kwargs.ContainerCreateKwargs) == set()
    service = (
        set(services.CREATE_SERVICE_KWARGS)
        | set(services.CONTAINER_SPEC_KWARGS)
        | set(services.TASK_TEMPLATE_KWARGS)
        | set(services.PLACEMENT_KWARGS)
        | {"container_labels", "log_driver", "log_driver_options"}
    )
    assert service - {"image", "command"} - keys(_kwargs.ServiceCreateKwargs) == set()


def test_the_factories_take_the_builders_types() -> None:
    host = inspect.signature(HostConfig.__init__).parameters
    config = inspect.signature(ContainerConfig.__init__).parameters
    endpoint = inspect.signature(EndpointConfig.__init__).parameters
    moved = {"cpuset": "cpuset_cpus"}
    for factory, builders in (
        (_factories.create_host_config, [host]),
        (_factories.create_container_config, [config, host]),
        (_factories.create_endpoint_config, [endpoint]),
    ):
        for name, param in inspect.signature(factory).parameters.items():
            if param.kind is inspect.Parameter.VAR_KEYWORD or name in ("name", "version"):
                continue
            builder = next(b[moved.get(name, name)] for b in builders if moved.get(name, name) in b)
            assert param.annotation == builder.annotation, (factory.__name__, name)


# -- offline validation --------------------------------------------------------------------


def offline_client(version: str) -> APIClient:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.method} {request.url}")

    return APIClient(
        base_url="unix:///nowhere.sock", version=version, transport=httpx.MockTransport(refuse)
    )


def test_a_pinned_version_validates_every_builder_helper_offline() -> None:
    api = offline_client("1.41")
    host = api.create_host_config(mem_limit="1g", restart_policy={"Name": "always"})
    assert host["Memory"] == 1 << 30
    config = api.create_container_config("busybox", ["true"], ports=[80], labels={"a": "b"})
    assert config["ExposedPorts"] == {"80/tcp": {}}
    endpoint = api.create_endpoint_config(aliases=["web"], ipv4_address="10.0.0.2")
    assert api.create_networking_config({"net": endpoint}) == {"EndpointsConfig": {"net": endpoint}}
    assert api.create_swarm_spec(snapshot_interval=5000).to_api()["Raft"]["SnapshotInterval"]
    with pytest.raises(InvalidVersion, match="annotations"):
        api.create_host_config(annotations={"a": "b"})  # HostConfig.Annotations: API 1.43
    with pytest.raises(InvalidArgument):
        api.create_host_config(mem_limit="lots")
    old = offline_client("1.30")
    with pytest.raises(InvalidVersion, match="driver_opt"):
        old.create_endpoint_config(driver_opt={"a": "b"})


# -- strings are never read as sequences ---------------------------------------------------


def test_strings_where_lists_are_expected() -> None:
    untyped: Any = "80"
    with pytest.raises(InvalidArgument, match=r"\['80'\]"):
        ContainerConfig(None, "img", ports=untyped)
    with pytest.raises(InvalidArgument, match="list of device specs"):
        HostConfig(devices=untyped)
    with pytest.raises(InvalidArgument, match="labels"):
        ContainerConfig(None, "img", labels=untyped)
    with pytest.raises(InvalidArgument, match="placement"):
        TaskTemplate({"Image": "img"}, placement=untyped)
    body, _ = route_create_kwargs("img", None, {"volumes": ["/data"]}, None)
    assert body["Volumes"] == {"/data": {}}
    assert ContainerConfig(None, "img", volumes="/data").to_api()["Volumes"] == {"/data": {}}


def test_api_create_container_ports_string_is_refused_and_volumes_string_is_one_path() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path == "/version":  # until a pinned version sends none (issue #13)
            return httpx.Response(200, json={"ApiVersion": "1.41", "MinAPIVersion": "1.12"})
        seen.append(request)
        return httpx.Response(201, json={"Id": "c1", "Warnings": []})

    api = APIClient(
        base_url="unix:///x.sock", version="1.41", transport=httpx.MockTransport(record)
    )
    untyped: Any = "80"
    with pytest.raises(InvalidArgument, match="list of ports"):
        api.create_container("img", ports=untyped)
    assert seen == []
    api.create_container("img", volumes="/data")
    import json

    assert json.loads(seen[-1].content)["Volumes"] == {"/data": {}}


# -- ExecResult ----------------------------------------------------------------------------


def test_exec_result_is_docker_pys_named_tuple() -> None:
    result = ExecResult(0, b"out")
    exit_code, output = result
    assert (exit_code, output) == (0, b"out") == result
    assert result.exit_code == 0 and result.output == b"out"
    assert result._fields == ("exit_code", "output")
    assert result._asdict() == {"exit_code": 0, "output": b"out"}
    assert result._replace(output=b"x") == ExecResult(0, b"x")
    assert pickle.loads(pickle.dumps(result)) == result
    assert repr(result) == "ExecResult(exit_code=0, output=b'out')"
    assert isinstance(result, tuple)


# -- lazy names ----------------------------------------------------------------------------


def test_lazy_modules_list_their_names_and_types_is_reachable() -> None:
    assert {"types", "utils", "models", "APIClient", "from_env"} <= set(dir(dockersdk))
    assert dockersdk.types.HostConfig is HostConfig
    names = dir(dockersdk.models)
    assert "ContainerInspectResponse" in names and "DockerModel" in names


def test_types_after_import_dockersdk_and_dir_of_models_lists_the_models() -> None:
    # dir() loads the typed classes (a few milliseconds of plain classes), never pydantic's.
    code = (
        "import sys, dockersdk; assert dockersdk.types.HostConfig(privileged=True); "
        "import dockersdk.models as m; names = dir(m); "
        "assert {'SystemInfo', 'Port', 'PortSummary'} <= set(names); "
        "assert 'dockersdk.models.pydantic' not in sys.modules and 'pydantic' not in sys.modules"
    )
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True)
