"""The version table, checked on facts read off the spec files by diffing them by hand."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from dockersdk.models import _versions as v


def test_covers_all_spec_versions() -> None:
    versions = v.spec_versions()
    assert versions[0] == "1.25"
    assert versions[-1] == "1.56"
    assert len(versions) == 32  # every version from 1.25 to 1.56
    assert versions == tuple(sorted(versions, key=v.version_key))
    assert v.latest_version() == versions[-1]


@pytest.mark.parametrize(
    ("model", "path", "added"),
    [
        ("HostConfig", "CgroupnsMode", "1.41"),  # v1.40 -> v1.41
        ("HostConfig", "Annotations", "1.43"),  # v1.42 -> v1.43
        ("HostConfig", "Binds", "1.25"),
        ("HostConfig", "DeviceRequests", "1.40"),  # inherited from Resources; v1.39 -> v1.40
        ("Resources", "KernelMemoryTCP", "1.40"),
        ("SystemInfo", "CDISpecDirs", "1.44"),  # v1.43 -> v1.44
        ("ContainerSummary", "ImageManifestDescriptor", "1.48"),
        # ContainerState was inline in the inspect response until v1.39: matched by position
        ("ContainerState", "OOMKilled", "1.25"),
        ("ContainerInspectResponse", "State.OOMKilled", "1.25"),
        ("ContainerInspectResponse", "State.Health", "1.39"),
        # inline objects by their generated name or by path from their definition
        ("PluginConfigArgs", "Name", "1.25"),
        ("Plugin", "Config.Args.Name", "1.25"),
        # swarm Config (v1.30) is not the v1.25-v1.29 container `Config` definition
        ("Config", "Spec", "1.30"),
        # a field that was removed since still has its first version
        ("HostConfig", "KernelMemory", "1.25"),
    ],
)
def test_field_added_in(model: str, path: str, added: str) -> None:
    assert v.field_added_in(model, path) == added


@pytest.mark.parametrize(
    ("model", "path", "removed"),
    [
        ("HostConfig", "KernelMemory", "1.42"),  # in Resources until v1.41
        ("ImageConfig", "Hostname", "1.50"),  # v1.49 -> v1.50
        ("HostConfig", "CgroupnsMode", None),
        # removed in v1.52 but kept in the models for older engines (spec_patch.yaml carry)
        ("NetworkSettings", "IPAddress", "1.52"),
        ("ContainerInspectResponse", "NetworkSettings.MacAddress", "1.52"),
        ("ContainerCreateRequest", "MacAddress", "1.52"),  # inherited from ContainerConfig
        ("HostConfig", "KernelMemoryTCP", "1.52"),  # inherited from Resources
        ("SystemDataUsageResponse", "LayersSize", "1.52"),
        # moved to NetworkInspect in v1.52: gone from the list's Network
        ("Network", "Containers", "1.52"),
        ("NetworkInspect", "Containers", None),
    ],
)
def test_field_removed_in(model: str, path: str, removed: str | None) -> None:
    assert v.field_removed_in(model, path) == removed


@pytest.mark.parametrize(
    ("model", "path", "replacement"),
    [
        ("NetworkSettings", "IPAddress", "NetworkSettings.Networks.<network>.IPAddress"),
        (
            "ContainerInspectResponse",
            "NetworkSettings.Gateway",
            "NetworkSettings.Networks.<network>.Gateway",
        ),
        ("Network", "Containers", "NetworkInspect.Containers (GET /networks/{id})"),
        ("ImageSummary", "VirtualSize", "Size"),
        ("NetworkSettings", "Bridge", None),  # removed, nothing replaces it
        ("NetworkSettings", "Networks", None),  # not removed
    ],
)
def test_field_replacement(model: str, path: str, replacement: str | None) -> None:
    assert v.field_replacement(model, path) == replacement


def test_removed_fields_of_a_body() -> None:
    body = {
        "Image": "busybox",
        "MacAddress": "02:42:ac:11:00:02",
        "HostConfig": {"Memory": 1, "KernelMemoryTCP": 2, "KernelMemory": None},
        "Unknown": {"KernelMemoryTCP": 3},
    }
    assert v.removed_fields("ContainerCreateRequest", body, "1.51") == []
    found = v.removed_fields("ContainerCreateRequest", body, "1.52")
    assert [(path, removed) for path, removed, _ in found] == [
        ("MacAddress", "1.52"),
        ("HostConfig.KernelMemoryTCP", "1.52"),
    ]
    assert v.removed_fields("HostConfig", {"KernelMemory": 1}, "1.41") == []
    assert v.removed_fields("HostConfig", {"KernelMemory": 1}, "1.42") == [
        ("KernelMemory", "1.42", None)
    ]


def test_removed_field_message() -> None:
    message = v.removed_field_message(
        "ContainerInspectResponse", "NetworkSettings.IPAddress", "1.53"
    )
    assert message == (
        "ContainerInspectResponse.NetworkSettings.IPAddress is not sent at API version 1.53: "
        "API 1.52 removed it; read NetworkSettings.Networks.<network>.IPAddress instead"
    )
    assert v.removed_field_message("NetworkSettings", "IPAddress", "1.51") is None
    assert v.removed_field_message("NetworkSettings", "Networks", "1.56") is None


def test_renamed_models_answer_by_their_old_names() -> None:
    # v1.52 renamed these; the models module keeps the old names as aliases.
    from dockersdk.models import _generated as m

    assert m.Port is m.PortSummary and m.HistoryResponseItem is m.ImageHistoryResponseItem
    assert m.NetworkContainer is m.EndpointResource
    assert m.VolumeCreateOptions is m.VolumeCreateRequest
    assert m.SystemAuthResponse is m.AuthResponse
    assert v.field_added_in("Port", "PrivatePort") == v.field_added_in("PortSummary", "PrivatePort")


def test_patched_fields_have_no_version() -> None:
    assert v.field_added_in("EventMessage", "status") is None
    assert v.field_added_in("EventMessage", "scope") == "1.40"


@pytest.mark.parametrize(
    ("method", "path", "name", "added"),
    [
        ("GET", "/containers/json", "size", "1.25"),
        ("POST", "/containers/create", "platform", "1.41"),  # v1.40 -> v1.41
        ("GET", "/containers/{id}/stats", "one-shot", "1.41"),
        ("GET", "/images/json", "shared-size", "1.42"),
        ("GET", "/images/json", "manifests", "1.47"),
        ("POST", "/containers/{id}/wait", "condition", "1.30"),
        ("GET", "/containers/{id}/logs", "until", "1.35"),
        ("get", "/containers/{name}/logs", "until", "1.35"),  # any path-parameter name
    ],
)
def test_param_added_in(method: str, path: str, name: str, added: str) -> None:
    assert v.param_added_in(method, path, name) == added
    assert v.param_removed_in(method, path, name) is None


def test_operation_added_in() -> None:
    assert v.operation_added_in("GET", "/configs") == "1.30"
    assert v.operation_added_in("PUT", "/volumes/{name}") == "1.42"
    assert v.operation_removed_in("GET", "/containers/json") is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: v.field_added_in("NoSuchModel", "Id"),
        lambda: v.field_added_in("HostConfig", "NoSuchField"),
        lambda: v.field_added_in("HostConfig", "Binds.Deeper"),
        lambda: v.param_added_in("GET", "/containers/json", "nope"),
        lambda: v.operation_added_in("GET", "/nope"),
    ],
)
def test_unknown_names_raise_key_error(call: Callable[[], object]) -> None:
    with pytest.raises(KeyError):
        call()


def test_not_loaded_on_import() -> None:
    code = (
        "import sys, dockersdk, dockersdk.models;"
        "assert 'dockersdk.models._versions' not in sys.modules;"
        "assert 'dockersdk.models._generated' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
