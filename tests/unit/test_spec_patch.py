"""One test per entry of codegen/spec_patch.yaml, plus the engine quirks no entry is needed for.

Each entry test reads a realistic engine payload as its typed class (every attribute) and
validates it with the pydantic model, and asserts what would fail without the entry (the field
would only be reachable as an untyped key, not as an attribute).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen.patch import PatchEntry, apply_patch, load_patch
from dockersdk import models
from dockersdk.models import _versions as versions
from dockersdk.models import pydantic as strict
from tests.fixtures.typed import typed

RECORDED = Path(__file__).parents[1] / "fixtures" / "recorded" / "engine-1.51"


def recorded(name: str) -> dict[str, Any]:
    """A reply dockerd 28.5 (API 1.51) sent, from tests/fixtures/recorded."""
    payload: dict[str, Any] = json.loads((RECORDED / f"{name}.json").read_text())["payload"]
    return payload


# -- one test per patch entry (named test_<id>) --


def test_event_message_status() -> None:
    event = typed(
        "EventMessage",
        {"status": "start", "Type": "container", "Action": "start", "time": 1700000000},
    )
    assert event.status == "start"
    assert event["status"] == "start"


def test_event_message_id() -> None:
    event = typed(
        "EventMessage", {"id": "4fa6e0f0c678", "Type": "container", "Actor": {"ID": "4fa6e0f0c678"}}
    )
    assert event.id == "4fa6e0f0c678"


def test_event_message_from() -> None:
    event = typed(
        "EventMessage",
        {"status": "create", "from": "busybox:latest", "Type": "container", "Action": "create"},
    )
    assert event.from_ == "busybox:latest"
    assert event["from"] == "busybox:latest"
    assert event.to_dict()["from"] == "busybox:latest"


def test_system_df_builder_size() -> None:
    usage = typed(
        "SystemDataUsageResponse",
        {"LayersSize": 0, "Images": [], "Containers": [], "Volumes": [], "BuilderSize": 0},
    )
    assert usage.builder_size == 0


def test_secret_create_response() -> None:
    # What dockerd 20.10 and 28.5 answer to POST /secrets/create.
    created = typed("SecretCreateResponse", {"ID": "ktnbjxoalbkvbvedmg1urrz8h"})
    assert created.id == "ktnbjxoalbkvbvedmg1urrz8h"


def test_config_create_response() -> None:
    created = typed("ConfigCreateResponse", {"ID": "rrz8hktnbjxoalbkvbvedmg1u"})
    assert created.id == "rrz8hktnbjxoalbkvbvedmg1u"


# GET /plugins on dockerd 20.10 and 28.5 (identical but for ids and DockerVersion) for a plugin
# whose config.json leaves an env value, a mount source and a device path for the user to set.
PLUGIN_REPLY: dict[str, Any] = {
    "Config": {
        "Args": {"Description": "", "Name": "", "Settable": None, "Value": None},
        "Description": "h2 null probe",
        "DockerVersion": "28.5.2+dfsg4",
        "Documentation": "https://example.invalid",
        "Entrypoint": ["/nothing"],
        "Env": [
            {"Description": "no default", "Name": "TOKEN", "Settable": ["value"], "Value": None}
        ],
        "Interface": {"Socket": "p.sock", "Types": ["docker.volumedriver/1.0"]},
        "IpcHost": False,
        "Linux": {
            "AllowAllDevices": False,
            "Capabilities": None,
            "Devices": [
                {"Description": "no path", "Name": "dev", "Path": None, "Settable": ["path"]}
            ],
        },
        "Mounts": [
            {
                "Description": "no source",
                "Destination": "/data",
                "Name": "data",
                "Options": ["rbind"],
                "Settable": ["source"],
                "Source": None,
                "Type": "bind",
            }
        ],
        "Network": {"Type": "host"},
        "PidHost": False,
        "PropagatedMount": "",
        "User": {},
        "WorkDir": "",
        "rootfs": {"diff_ids": ["sha256:" + "2" * 64], "type": "layers"},
    },
    "Enabled": False,
    "Id": "2c9a6e6e84b6f1055f9a72d532ebd50ee0ba5e695f5c588ac70417a7730b2604",
    "Name": "h2probe-b:latest",
    "PluginReference": "h2probe-b:latest",
    "Settings": {"Args": [], "Devices": [], "Env": [], "Mounts": []},
}


def test_plugin_interface_types_are_strings() -> None:
    # The entry went when v1.52 fixed the spec upstream; the test stays as a regression check.
    plugin = typed("Plugin", PLUGIN_REPLY)
    assert plugin.config.interface.types == ["docker.volumedriver/1.0"]
    assert plugin.to_dict() == PLUGIN_REPLY


def test_plugin_mount_source_nullable() -> None:
    (mount,) = typed("Plugin", PLUGIN_REPLY).config.mounts or []
    assert mount.source is None and mount.destination == "/data"
    assert not strict.PluginMount.model_fields["source"].is_required()


def test_plugin_env_value_nullable() -> None:
    (env,) = typed("Plugin", PLUGIN_REPLY).config.env or []
    assert env.value is None and env.name == "TOKEN"
    assert not strict.PluginEnv.model_fields["value"].is_required()


def test_plugin_device_path_nullable() -> None:
    (device,) = typed("Plugin", PLUGIN_REPLY).config.linux.devices or []
    assert device.path is None and device.name == "dev"
    assert not strict.PluginDevice.model_fields["path"].is_required()


def test_volume_status_values_any() -> None:
    volume = typed(
        "Volume",
        {"Name": "v", "Driver": "d", "Mountpoint": "/m", "Scope": "local", "Status": {"a": "b"}},
    )
    assert volume.status == {"a": "b"}


def test_disk_usage_items_typed() -> None:
    usage = typed("ImagesDiskUsage", {"TotalCount": 1, "Items": [recorded("images_list")[0]]})
    assert isinstance((usage.items_ or [])[0], models.ImageSummary)


def test_container_disk_usage_items_typed() -> None:
    usage = typed("ContainersDiskUsage", {"Items": [recorded("containers_list")[0]]})
    assert isinstance((usage.items_ or [])[0], models.ContainerSummary)


def test_volume_disk_usage_items_typed() -> None:
    usage = typed("VolumesDiskUsage", {"Items": [recorded("volume_inspect")]})
    assert isinstance((usage.items_ or [])[0], models.Volume)


def test_build_cache_disk_usage_items_typed() -> None:
    usage = typed("BuildCacheDiskUsage", {"Items": [{"ID": "x", "Size": 1}]})
    assert isinstance((usage.items_ or [])[0], models.BuildCache)


def test_network_inspect_services_typed() -> None:
    network = typed(
        "NetworkInspect",
        {"Name": "ov", "Services": {"web": {"VIP": "10.0.0.2", "Ports": [], "Tasks": []}}},
    )
    assert isinstance((network.services or {})["web"], models.ServiceInfo)


# -- carried fields: typed on engines up to v1.51, recorded as removed in v1.52 --


def test_carry_network_settings_bridge_fields() -> None:
    inspect = typed("ContainerInspectResponse", recorded("container_inspect_running"))
    settings = inspect.network_settings
    assert settings is not None and settings.ip_address == "172.17.0.2"
    assert settings.mac_address and settings.gateway and settings.ip_prefix_len
    assert versions.field_removed_in("NetworkSettings", "IPAddress") == "1.52"
    assert versions.field_replacement("ContainerInspectResponse", "NetworkSettings.Gateway") == (
        "NetworkSettings.Networks.<network>.Gateway"
    )
    assert versions.field_replacement("NetworkSettings", "HairpinMode") is None  # never set


def test_carry_container_config_mac_address() -> None:
    config = typed("ContainerConfig", {"Image": "busybox", "MacAddress": "02:42:ac:11:00:02"})
    assert config.mac_address == "02:42:ac:11:00:02"
    assert versions.field_removed_in("ContainerCreateRequest", "MacAddress") == "1.52"
    assert "EndpointSettings.MacAddress" in (
        versions.field_replacement("ContainerConfig", "MacAddress") or ""
    )


def test_carry_kernel_memory_tcp() -> None:
    host = typed("HostConfig", {"KernelMemoryTCP": 0})
    assert host.kernel_memory_tcp == 0
    assert versions.field_removed_in("HostConfig", "KernelMemoryTCP") == "1.52"


def test_carry_system_info_kernel_memory_tcp() -> None:
    assert typed("SystemInfo", recorded("info")).kernel_memory_tcp is True
    assert versions.field_removed_in("SystemInfo", "KernelMemoryTCP") == "1.52"


def test_carry_image_inspect_legacy_builder_fields() -> None:
    image = typed("ImageInspect", recorded("image_inspect"))
    assert image.docker_version == "28.5.2+dfsg4" and image.parent == ""
    assert versions.field_removed_in("ImageInspect", "Parent") == "1.52"


def test_carry_auth_config_email() -> None:
    assert typed("AuthConfig", {"email": "a@b.c"}).email == "a@b.c"
    assert versions.field_removed_in("AuthConfig", "email") == "1.52"


def test_carry_progress_error_and_progress() -> None:
    item = typed("BuildInfo", {"error": "boom", "errorDetail": {"message": "boom"}})
    assert item.error == "boom"
    assert versions.field_replacement("BuildInfo", "error") == "errorDetail.message"


def test_carry_create_image_error_and_progress() -> None:
    item = typed("CreateImageInfo", {"status": "Downloading", "progress": "[=> ] 1B/2B"})
    assert item.progress == "[=> ] 1B/2B"
    assert versions.field_removed_in("CreateImageInfo", "progress") == "1.52"


def test_carry_push_image_error_and_progress() -> None:
    assert typed("PushImageInfo", {"error": "denied"}).error == "denied"
    assert versions.field_replacement("PushImageInfo", "progress") == "progressDetail"


def test_carry_plugin_docker_version() -> None:
    plugin = typed("Plugin", PLUGIN_REPLY)
    assert plugin.config.docker_version == "28.5.2+dfsg4"
    assert versions.field_removed_in("Plugin", "Config.DockerVersion") == "1.52"


def test_carry_system_df_legacy_fields() -> None:
    usage = typed("SystemDataUsageResponse", recorded("system_df"))
    assert usage.layers_size is not None and isinstance(usage.images, list)
    assert usage.image_usage is None  # an engine answering v1.51
    assert versions.field_removed_in("SystemDataUsageResponse", "Images") == "1.52"
    assert versions.field_replacement("SystemDataUsageResponse", "LayersSize") == (
        "ImageUsage.TotalSize"
    )


def test_container_stats_id_aliases() -> None:
    # A one-shot sample as Podman 4.3 sends it (GET /containers/{id}/stats?stream=false).
    podman = {
        "Id": "9444e33111e3",
        "name": "web",
        "read": "2026-12-07T16:13:02.7Z",
        "pids_stats": {"current": 1},
    }
    stats = typed("ContainerStatsResponse", podman)
    assert stats.id == "9444e33111e3"  # the typed read falls back to the engine's spelling
    assert stats == podman  # the dict stays what the engine sent (docker-py's reply)
    assert "Id" not in strict.ContainerStatsResponse.model_fields  # one typed field: id
    # the pydantic model fills the spec's key from the engine's, and keeps the engine's too
    checked = strict.ContainerStatsResponse.model_validate(podman)
    assert checked.id == "9444e33111e3" and checked.model_extra == {"Id": "9444e33111e3"}
    # dockerd's spelling wins when both are sent; its replies are left as they are.
    assert typed("ContainerStatsResponse", {"id": "dockerd", "Id": "other"}).id == "dockerd"
    dockerd = {"id": "0123abcd", "name": "/web"}
    assert typed("ContainerStatsResponse", dockerd) == dockerd
    assert typed("ContainerStatsResponse", {"name": "x"}).id is None


def test_container_spec_healthcheck_aliases() -> None:
    # A service's ContainerSpec as dockerd 20.10 and 28.x send it (GET /services/{id}).
    dockerd = {"Image": "busybox", "Healthcheck": {"Test": ["CMD-SHELL", "true"], "Retries": 3}}
    spec = typed("TaskSpecContainerSpec", dockerd)
    assert spec.health_check is not None and spec.health_check.retries == 3
    assert spec == dockerd  # the dict stays what the engine sent (docker-py's reply)
    checked = strict.TaskSpecContainerSpec.model_validate(dockerd)
    assert checked.health_check is not None and checked.health_check.retries == 3
    # the spec's spelling still reads, and wins when both are present
    both = {"HealthCheck": {"Retries": 1}, "Healthcheck": {"Retries": 2}}
    assert typed("TaskSpecContainerSpec", both).health_check.retries == 1  # type: ignore[union-attr]


def test_every_patch_entry_has_a_test() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert {entry.id for entry in load_patch()} <= tested


# -- what real engines send that needs no entry: arrays and maps are never required and accept
# null, every field that is not required accepts null --


@pytest.mark.parametrize(
    ("model", "payload"),
    [
        (
            "ImageSummary",
            {
                "Id": "sha256:9c7a54a9a43c",
                "ParentId": "",
                "RepoTags": ["busybox:latest"],
                "RepoDigests": None,
                "Created": 1700000000,
                "Size": 4261550,
                "SharedSize": -1,
                "Labels": None,
                "Containers": -1,
            },
        ),
        (
            "Volume",
            {
                "Name": "data",
                "Driver": "local",
                "Mountpoint": "/var/lib/docker/volumes/data/_data",
                "Labels": None,
                "Scope": "local",
                "Options": None,
            },
        ),
        ("VolumeListResponse", {"Volumes": [], "Warnings": None}),
        (
            "ImageHistoryResponseItem",
            {"Id": "<missing>", "Created": 1, "CreatedBy": "", "Tags": None, "Size": 0},
        ),
        ("HostConfig", {"Isolation": "", "PortBindings": {"80/tcp": None}}),
        ("NetworkSettings", {"Ports": {"80/tcp": None, "443/tcp": [{"HostPort": "443"}]}}),
        ("Network", {"Name": "bridge", "ConfigFrom": {"Network": ""}, "ConfigOnly": False}),
    ],
)
def test_engine_nulls_validate(model: str, payload: dict[str, Any]) -> None:
    assert typed(model, payload).to_dict() == payload


# -- the patch mechanism --


def _entry(op: str, path: str, value: Any = None) -> PatchEntry:
    return PatchEntry("t", op, path, value, "test")


def test_patch_ops_and_pointer_escapes() -> None:
    spec = {"paths": {"/system/df": {"get": {"x": 1}}}, "definitions": {"A": {"b": 1}}}
    patched = apply_patch(
        spec,
        [
            _entry("add", "/paths/~1system~1df/get/y", 2),
            _entry("replace", "/definitions/A/b", 3),
            _entry("remove", "/paths/~1system~1df/get/x"),
        ],
    )
    assert patched == {"paths": {"/system/df": {"get": {"y": 2}}}, "definitions": {"A": {"b": 3}}}
    assert spec["definitions"] == {"A": {"b": 1}}  # the input is left alone


def test_optional_takes_a_property_out_of_required() -> None:
    spec = {"definitions": {"A": {"required": ["b", "c"], "properties": {"b": {}, "c": {}}}}}
    patched = apply_patch(spec, [_entry("optional", "/definitions/A/properties/b")])
    assert patched["definitions"]["A"]["required"] == ["c"]
    patched = apply_patch(patched, [_entry("optional", "/definitions/A/properties/c")])
    assert "required" not in patched["definitions"]["A"]
    assert spec["definitions"]["A"]["required"] == ["b", "c"]


@pytest.mark.parametrize(
    "entry",
    [
        _entry("add", "/definitions/A/b", 1),  # already there: the upstream spec was fixed
        _entry("replace", "/definitions/A/c", 1),
        _entry("remove", "/definitions/A/c"),
        _entry("add", "/definitions/Missing/b", 1),
        _entry("optional", "/definitions/A/properties/p"),  # not required: the spec was fixed
        _entry("optional", "/definitions/A/properties/c"),  # no such property
        _entry("optional", "/definitions/A/b"),  # not a property
    ],
)
def test_patch_preconditions_fail_loudly(entry: PatchEntry) -> None:
    with pytest.raises(SystemExit):
        apply_patch({"definitions": {"A": {"b": 1, "properties": {"p": {}}}}}, [entry])


def _carry(keys: tuple[str, ...], source: str = "1.51") -> PatchEntry:
    return PatchEntry("t", "carry", "/definitions/A/properties", None, "test", source, keys)


OLD = {"definitions": {"A": {"properties": {"x": {"type": "string", "description": "X."}}}}}
NEW: dict[str, Any] = {"definitions": {"A": {"properties": {"y": {"type": "string"}}}}}


def test_carry_copies_from_the_last_version_that_has_the_field() -> None:
    history = {"1.51": OLD, "1.52": NEW}
    patched = apply_patch(NEW, [_carry(("x",))], history)
    assert patched["definitions"]["A"]["properties"]["x"] == {
        "type": "string",
        "description": "X.\n\nRemoved in API v1.52: engines speaking v1.51 or older send it.",
    }
    assert "x" not in NEW["definitions"]["A"]["properties"]  # the input is left alone


@pytest.mark.parametrize(
    ("entry", "history"),
    [
        (_carry(("x",), "1.50"), {"1.51": OLD, "1.52": NEW}),  # no such spec
        (_carry(("z",)), {"1.51": OLD, "1.52": NEW}),  # not in the old spec
        (_carry(("x",)), {"1.51": OLD, "1.52": OLD}),  # still there: nothing to carry
        (_carry(("x",), "1.50"), {"1.50": OLD, "1.51": OLD, "1.52": NEW}),  # 1.51 has it too
        (_carry(("x",)), {"1.51": OLD}),  # nothing newer
        (_carry(("x",)), None),  # no history given
    ],
)
def test_carry_preconditions_fail_loudly(entry: PatchEntry, history: dict[str, Any] | None) -> None:
    with pytest.raises(SystemExit):
        apply_patch(NEW, [entry], history)
