"""Replies and builders are real dicts for docker-py code and typed objects for everyone else
(issue #13): isinstance, json.dumps, ==, item assignment, copy/deepcopy/pickle, yaml.safe_dump;
typed snake_case attributes over the same data, nested objects wrapped in place."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import textwrap
from typing import Any

import pytest
import yaml

from dockersdk.models import ContainerInspectResponse, ContainerState, ContainerWaitResponse
from dockersdk.types import (
    EndpointSpec,
    HostConfig,
    IPAMConfig,
    IPAMPool,
    LogConfig,
    Mount,
    ServiceMode,
    Ulimit,
)

INSPECT: dict[str, Any] = {
    "Id": "c0ffee",
    "State": {"Status": "running", "Running": True, "Pid": 42},
    "Mounts": [{"Type": "volume", "Name": "data", "Destination": "/data", "RW": True}],
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}},
    "FromANewerEngine": {"x": [1, 2]},
}


def reply() -> ContainerInspectResponse:
    return ContainerInspectResponse(copy.deepcopy(INSPECT))


def builders() -> list[Any]:
    return [
        HostConfig(
            mem_limit="1g",
            port_bindings={80: ("127.0.0.1", 8080)},
            ulimits=[Ulimit(name="nofile", soft=1024, hard=2048)],
            log_config=LogConfig(type="json-file", config={"max-size": "1m"}),
            mounts=[Mount("/data", "data")],
        ),
        IPAMConfig(pool_configs=[IPAMPool(subnet="10.9.0.0/24")]),
        ServiceMode("global"),
        EndpointSpec(ports={8080: 80}),
    ]


# -- replies ---------------------------------------------------------------------------------


def test_a_reply_is_the_engines_dict() -> None:
    value = reply()
    assert isinstance(value, dict)
    assert value == INSPECT and dict(INSPECT) == value
    assert json.loads(json.dumps(value)) == INSPECT
    assert value["State"]["Running"] is True and value.get("Nope") is None
    assert list(value) == list(INSPECT) and len(value) == len(INSPECT)
    assert api_wait() == {"StatusCode": 0}


def api_wait() -> ContainerWaitResponse:
    return ContainerWaitResponse({"StatusCode": 0})


def test_typed_reads_wrap_nested_objects_in_place() -> None:
    value = reply()
    state = value.state
    assert isinstance(state, ContainerState) and state.running is True and state.pid == 42
    assert value["State"] is state  # the dict now holds the typed object
    value["State"]["Pid"] = 7  # a change through either view is seen by both
    assert value.state is state and state.pid == 7
    mounts = value.mounts or []
    assert mounts[0].name == "data" and value["Mounts"][0] is mounts[0]
    networks = value.network_settings.networks if value.network_settings else None
    assert networks is not None and networks["bridge"].ip_address == "172.17.0.2"
    assert value == INSPECT | {"State": {**INSPECT["State"], "Pid": 7}}


def test_attribute_writes_set_the_api_key_and_typos_are_errors() -> None:
    value = reply()
    value.id = "beef"
    assert value["Id"] == "beef"
    del value.id
    assert "Id" not in value
    with pytest.raises(AttributeError, match="'stat'"):
        value.stat  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match="item assignment"):
        value.stat = 1  # type: ignore[attr-defined]
    assert "state" in dir(value) and "network_settings" in dir(value)


def test_copy_deepcopy_and_pickle_keep_the_class_and_the_data() -> None:
    value = reply()
    value.state  # noqa: B018  (wrapped in place first)
    for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert type(twin) is ContainerInspectResponse and twin == value
        assert twin.state is not None and twin.state.pid == 42
    assert copy.deepcopy(value)["State"] is not value["State"]
    plain = value.to_dict()
    assert type(plain) is dict and type(plain["State"]) is dict and plain == INSPECT


def test_yaml_safe_dump_takes_replies_and_builders() -> None:
    value = reply()
    value.state  # noqa: B018
    assert yaml.safe_load(yaml.safe_dump(value)) == INSPECT
    for builder in builders():
        assert yaml.safe_load(yaml.safe_dump(builder)) == builder.to_api()
        assert yaml.safe_load(yaml.dump(builder)) == builder.to_api()


def test_yaml_imported_after_dockersdk_still_dumps_them() -> None:
    probe = textwrap.dedent(
        """
        import sys
        from dockersdk.models import ContainerState
        from dockersdk.types import LogConfig
        assert "yaml" not in sys.modules
        import yaml
        print(yaml.safe_dump({"s": ContainerState({"Status": "x"}), "l": LogConfig(type="y")},
                             default_flow_style=True).strip())
        import importlib
        importlib.reload(yaml)  # the module's loader is the real one again
        print(type(yaml.__spec__.loader).__name__)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["{l: {Config: {}, Type: y}, s: {Status: x}}", "SourceFileLoader"]


# -- builders --------------------------------------------------------------------------------


@pytest.mark.parametrize("builder", builders(), ids=lambda b: type(b).__name__)
def test_a_builder_is_its_api_dict(builder: Any) -> None:
    api = builder.to_api()
    assert isinstance(builder, dict)
    assert builder == api and json.loads(json.dumps(builder)) == api
    for twin in (copy.copy(builder), copy.deepcopy(builder), pickle.loads(pickle.dumps(builder))):
        assert type(twin) is type(builder) and twin == builder
    assert not any(value is None for value in builder.values())


def test_builder_values_are_plain_api_dicts_docker_py_code_indexes() -> None:
    host = builders()[0]
    assert host["PortBindings"] == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}
    assert type(host["PortBindings"]["80/tcp"][0]) is dict
    assert host["Ulimits"][0]["Soft"] == 1024 and host["LogConfig"]["Type"] == "json-file"
    assert host["Mounts"][0]["Target"] == "/data"
    host["Privileged"] = True  # item assignment, as on docker-py's HostConfig
    assert host.to_api()["Privileged"] is True
    log = LogConfig(type="json-file")
    log.type = "syslog"
    log.set_config_value("tag", "x")
    assert log == {"Type": "syslog", "Config": {"tag": "x"}}


# -- fields a newer API removed ------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_field_the_negotiated_version_removed_says_so_when_read(flavour: str) -> None:
    import asyncio

    import httpx

    from dockersdk import APIClient
    from dockersdk.aio import AsyncAPIClient
    from dockersdk.errors import FieldRemovedError

    reply_ = {"Id": "c", "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "10.0.0.2"}}}}

    def inspect(version: str) -> ContainerInspectResponse:
        def answer(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/version"):
                return httpx.Response(200, json={"ApiVersion": "1.56", "MinAPIVersion": "1.24"})
            return httpx.Response(200, json=reply_)

        if flavour == "sync":
            with APIClient(version=version, transport=httpx.MockTransport(answer)) as api:
                return api.inspect_container("c")

        async def run() -> ContainerInspectResponse:
            transport = httpx.MockTransport(answer)
            async with AsyncAPIClient(version=version, transport=transport) as api:
                return await api.inspect_container("c")

        return asyncio.run(run())

    older = inspect("1.51")  # an engine before 1.52 that left the key out: None, as ever
    assert older.network_settings is not None and older.network_settings.ip_address is None
    newer = inspect("1.52")
    settings = newer.network_settings
    assert settings is not None
    with pytest.raises(FieldRemovedError) as caught:
        settings.ip_address  # noqa: B018
    assert str(caught.value) == (
        "NetworkSettings.IPAddress is not sent at API version 1.52: Engine API 1.52 removed it; "
        "read NetworkSettings.Networks.<network>.IPAddress instead"
    )
    assert getattr(settings, "ip_address", "absent") == "absent"  # an AttributeError too
    assert settings.networks is not None and settings.networks["bridge"].ip_address == "10.0.0.2"
    twin = pickle.loads(pickle.dumps(newer))  # the version travels with the reply
    with pytest.raises(FieldRemovedError):
        twin.network_settings.ip_address  # type: ignore[union-attr]  # noqa: B018
    assert ContainerInspectResponse(reply_).network_settings.ip_address is None  # type: ignore[union-attr]
