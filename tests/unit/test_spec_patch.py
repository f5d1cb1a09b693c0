"""One test per entry of codegen/spec_patch.yaml, plus the engine quirks no entry is needed for.

Each entry test validates a realistic engine payload and asserts what would fail without the
entry (the field would only be reachable as an untyped extra, not as an attribute).
"""

from __future__ import annotations

from typing import Any

import pytest

from codegen.patch import PatchEntry, apply_patch, load_patch
from dockersdk.models import _generated as m

# -- one test per patch entry (named test_<id>) --


def test_event_message_status() -> None:
    event = m.EventMessage.model_validate(
        {"status": "start", "Type": "container", "Action": "start", "time": 1700000000}
    )
    assert event.status == "start"
    assert event["status"] == "start"


def test_event_message_id() -> None:
    event = m.EventMessage.model_validate(
        {"id": "4fa6e0f0c678", "Type": "container", "Actor": {"ID": "4fa6e0f0c678"}}
    )
    assert event.id == "4fa6e0f0c678"


def test_event_message_from() -> None:
    event = m.EventMessage.model_validate(
        {"status": "create", "from": "busybox:latest", "Type": "container", "Action": "create"}
    )
    assert event.from_ == "busybox:latest"
    assert event["from"] == "busybox:latest"
    assert event.to_dict()["from"] == "busybox:latest"


def test_system_df_builder_size() -> None:
    usage = m.SystemDataUsageResponse.model_validate(
        {"LayersSize": 0, "Images": [], "Containers": [], "Volumes": [], "BuilderSize": 0}
    )
    assert usage.builder_size == 0


def test_secret_create_response() -> None:
    # What dockerd 20.10 and 28.5 answer to POST /secrets/create.
    created = m.SecretCreateResponse.model_validate({"ID": "ktnbjxoalbkvbvedmg1urrz8h"})
    assert created.id == "ktnbjxoalbkvbvedmg1urrz8h"


def test_config_create_response() -> None:
    created = m.ConfigCreateResponse.model_validate({"ID": "rrz8hktnbjxoalbkvbvedmg1u"})
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
    plugin = m.Plugin.model_validate(PLUGIN_REPLY)
    assert plugin.config.interface.types == ["docker.volumedriver/1.0"]
    assert plugin.to_dict() == PLUGIN_REPLY


def test_plugin_mount_source_nullable() -> None:
    (mount,) = m.Plugin.model_validate(PLUGIN_REPLY).config.mounts or []
    assert mount.source is None and mount.destination == "/data"
    assert not m.PluginMount.model_fields["source"].is_required()


def test_plugin_env_value_nullable() -> None:
    (env,) = m.Plugin.model_validate(PLUGIN_REPLY).config.env or []
    assert env.value is None and env.name == "TOKEN"
    assert not m.PluginEnv.model_fields["value"].is_required()


def test_plugin_device_path_nullable() -> None:
    (device,) = m.Plugin.model_validate(PLUGIN_REPLY).config.linux.devices or []
    assert device.path is None and device.name == "dev"
    assert not m.PluginDevice.model_fields["path"].is_required()


def test_container_stats_id_aliases() -> None:
    # A one-shot sample as Podman 4.3 sends it (GET /containers/{id}/stats?stream=false).
    podman = {
        "Id": "9444e33111e3",
        "name": "web",
        "read": "2026-12-07T16:13:02.7Z",
        "pids_stats": {"current": 1},
    }
    stats = m.ContainerStatsResponse.model_validate(podman)
    assert stats.id == "9444e33111e3"
    assert stats["id"] == stats["Id"] == "9444e33111e3"  # the engine's key is kept
    assert "Id" not in m.ContainerStatsResponse.model_fields  # one typed field: id
    # dockerd's spelling wins when both are sent; its replies are left as they are.
    both = m.ContainerStatsResponse.model_validate({"id": "dockerd", "Id": "other"})
    assert both.id == "dockerd"
    dockerd = {"id": "0123abcd", "name": "/web"}
    assert m.ContainerStatsResponse.model_validate(dockerd).to_dict() == dockerd
    assert m.ContainerStatsResponse.model_validate({"name": "x"}).id is None


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
            "HistoryResponseItem",
            {"Id": "<missing>", "Created": 1, "CreatedBy": "", "Tags": None, "Size": 0},
        ),
        ("HostConfig", {"Isolation": "", "PortBindings": {"80/tcp": None}}),
        ("NetworkSettings", {"Ports": {"80/tcp": None, "443/tcp": [{"HostPort": "443"}]}}),
        ("Network", {"Name": "bridge", "ConfigFrom": {"Network": ""}, "ConfigOnly": False}),
    ],
)
def test_engine_nulls_validate(model: str, payload: dict[str, Any]) -> None:
    assert getattr(m, model).model_validate(payload).to_dict() == payload


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
