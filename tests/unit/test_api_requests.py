"""The request every APIClient method sends (method, path, query, body, headers), over
httpx.MockTransport. The table doubles as the client's route table for test_api_coverage."""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from dockersdk import APIClient

VERSION = "1.56"  # the newest spec: every route and parameter is allowed
F = json.dumps({"label": ["a=b"]})  # what filters={"label": "a=b"} becomes


class Sent(Exception):
    """Raised by the mock transport once the request under test is recorded."""


@dataclass
class Case:
    """One method call and the request it must send last."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = "GET"
    path: str = ""
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or self.name


def auth(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


CRED = {"username": "u", "password": "p"}
UPGRADE = {"connection": "Upgrade", "upgrade": "tcp"}

CASES = [
    # -- containers ------------------------------------------------------------------------
    Case(
        "containers",
        (),
        {"all": True, "filters": {"label": "a=b"}},
        "GET",
        "/containers/json",
        {"all": "1", "filters": F},
    ),
    Case(
        "create_container",
        ("img", "true"),
        {"name": "n", "detach": True},
        "POST",
        "/containers/create",
        {"name": "n"},
        {
            "Image": "img",
            "Cmd": ["true"],
            "AttachStdin": False,
            "AttachStdout": False,
            "AttachStderr": False,
            "OpenStdin": False,
            "StdinOnce": False,
            "Tty": False,
            "NetworkDisabled": False,
        },
    ),
    Case(
        "create_container_from_config",
        ({"Image": "img"},),
        {"platform": "linux"},
        "POST",
        "/containers/create",
        {"platform": "linux"},
        {"Image": "img"},
    ),
    Case("inspect_container", ("c1",), {}, "GET", "/containers/c1/json"),
    Case("start", ({"Id": "c1"},), {}, "POST", "/containers/c1/start"),
    Case("stop", ("c1",), {"timeout": 3}, "POST", "/containers/c1/stop", {"t": "3"}),
    Case("restart", ("c1",), {}, "POST", "/containers/c1/restart", {"t": "10"}),
    Case(
        "kill", ("c1",), {"signal": "SIGHUP"}, "POST", "/containers/c1/kill", {"signal": "SIGHUP"}
    ),
    Case("pause", ("c1",), {}, "POST", "/containers/c1/pause"),
    Case("unpause", ("c1",), {}, "POST", "/containers/c1/unpause"),
    Case("rename", ("c1", "new"), {}, "POST", "/containers/c1/rename", {"name": "new"}),
    Case(
        "wait",
        ("c1",),
        {"condition": "removed"},
        "POST",
        "/containers/c1/wait",
        {"condition": "removed"},
    ),
    Case(
        "remove_container",
        ("c1",),
        {"v": True, "force": True},
        "DELETE",
        "/containers/c1",
        {"v": "1", "link": "0", "force": "1"},
    ),
    Case("top", ("c1",), {"ps_args": "aux"}, "GET", "/containers/c1/top", {"ps_args": "aux"}),
    Case("diff", ("c1",), {}, "GET", "/containers/c1/changes"),
    Case("port", ("c1", 80), {}, "GET", "/containers/c1/json"),
    Case("resize", ("c1", 24, 80), {}, "POST", "/containers/c1/resize", {"h": "24", "w": "80"}),
    Case(
        "update_container",
        ("c1",),
        {"mem_limit": "1g", "cpu_shares": 512, "restart_policy": {"Name": "always"}},
        "POST",
        "/containers/c1/update",
        {},
        {"Memory": 1 << 30, "CpuShares": 512, "RestartPolicy": {"Name": "always"}},
    ),
    Case(
        "prune_containers",
        (),
        {"filters": {"label": "a=b"}},
        "POST",
        "/containers/prune",
        {"filters": F},
    ),
    Case(
        "logs",
        ("c1",),
        {"tail": 5, "since": 10},
        "GET",
        "/containers/c1/logs",
        {
            "stdout": "1",
            "stderr": "1",
            "timestamps": "0",
            "follow": "0",
            "tail": "5",
            "since": "10",
        },
    ),
    Case(
        "logs",
        ("c1",),
        {"stream": True, "demux": True},
        "GET",
        "/containers/c1/logs",
        {"stdout": "1", "stderr": "1", "timestamps": "0", "follow": "1", "tail": "all"},
        id="logs-follow",
    ),
    Case(
        "attach",
        ("c1",),
        {"stream": True, "logs": True},
        "POST",
        "/containers/c1/attach",
        {"logs": "1", "stdout": "1", "stderr": "1", "stream": "1"},
    ),
    Case(
        "attach_socket",
        ("c1",),
        {"params": {"stdin": 1, "stream": 1}},
        "POST",
        "/containers/c1/attach",
        {"stdin": "1", "stream": "1"},
        None,
        UPGRADE,
    ),
    Case(
        "attach_socket",
        ("c1",),
        {"params": {"stdin": 1, "stdout": 1, "stream": 1}, "ws": True},
        "GET",
        "/containers/c1/attach/ws",
        {"logs": "0", "stdin": "1", "stdout": "1", "stream": "1"},
        None,
        {"connection": "Upgrade", "upgrade": "websocket", "sec-websocket-version": "13"},
        id="attach_socket_ws",
    ),
    Case(
        "stats",
        ("c1",),
        {"stream": False, "one_shot": True},
        "GET",
        "/containers/c1/stats",
        {"stream": "0", "one-shot": "1"},
    ),
    Case(
        "stats",
        ("c1",),
        {"decode": True},
        "GET",
        "/containers/c1/stats",
        {"stream": "1"},
        id="stats-stream",
    ),
    Case("export", ("c1",), {}, "GET", "/containers/c1/export"),
    Case("get_archive", ("c1", "/etc"), {}, "GET", "/containers/c1/archive", {"path": "/etc"}),
    Case("stat_archive", ("c1", "/etc"), {}, "HEAD", "/containers/c1/archive", {"path": "/etc"}),
    Case(
        "put_archive",
        ("c1", "/tmp", b"TAR"),
        {},
        "PUT",
        "/containers/c1/archive",
        {"path": "/tmp"},
        b"TAR",
        {"content-type": "application/x-tar"},
    ),
    # -- exec ------------------------------------------------------------------------------
    Case(
        "exec_create",
        ("c1", "echo hi"),
        {"workdir": "/"},
        "POST",
        "/containers/c1/exec",
        {},
        {
            "AttachStdin": False,
            "AttachStdout": True,
            "AttachStderr": True,
            "Tty": False,
            "Privileged": False,
            "User": "",
            "Cmd": ["echo", "hi"],
            "WorkingDir": "/",
        },
    ),
    Case("exec_inspect", ("e1",), {}, "GET", "/exec/e1/json"),
    Case(
        "exec_resize",
        ("e1",),
        {"height": 10, "width": 20},
        "POST",
        "/exec/e1/resize",
        {"h": "10", "w": "20"},
    ),
    Case(
        "exec_start",
        ("e1",),
        {"detach": True},
        "POST",
        "/exec/e1/start",
        {},
        {"Detach": True, "Tty": False},
    ),
    Case(
        "exec_start",
        ("e1",),
        {"socket": True},
        "POST",
        "/exec/e1/start",
        {},
        {"Detach": False, "Tty": False},
        UPGRADE,
        id="exec_start-socket",
    ),
    # -- images ----------------------------------------------------------------------------
    Case(
        "images",
        ("busybox",),
        {},
        "GET",
        "/images/json",
        {"filters": json.dumps({"reference": ["busybox"]})},
    ),
    Case(
        "images",
        (),
        {"identity": True},
        "GET",
        "/images/json",
        {"manifests": "1", "identity": "1"},
        id="images-identity",
    ),
    Case("inspect_image", ("reg:5000/a/b:1",), {}, "GET", "/images/reg:5000/a/b:1/json"),
    Case(
        "inspect_image",
        ("img",),
        {"platform": "linux/arm64/v8"},
        "GET",
        "/images/img/json",
        {"platform": '{"os":"linux","architecture":"arm64","variant":"v8"}'},
        id="inspect_image-platform",
    ),
    Case(
        "image_attestations",
        ("img",),
        {
            "platform": {"os": "linux", "architecture": "amd64"},
            "predicate_type": ["https://slsa.dev/provenance/v0.2", "https://spdx.dev/Document"],
            "statement": True,
        },
        "GET",
        "/images/img/attestations",
        {
            "platform": '{"os":"linux","architecture":"amd64"}',
            "type": ["https://slsa.dev/provenance/v0.2", "https://spdx.dev/Document"],
            "statement": "1",
        },
    ),
    Case("image_attestations", ("img",), {}, "GET", "/images/img/attestations", {}, id="att"),
    Case("history", ("img",), {}, "GET", "/images/img/history"),
    Case("tag", ("img", "repo", "t"), {}, "POST", "/images/img/tag", {"repo": "repo", "tag": "t"}),
    Case(
        "remove_image",
        ("img",),
        {"force": True},
        "DELETE",
        "/images/img",
        {"force": "1", "noprune": "0"},
    ),
    Case(
        "commit",
        ("c1", "repo", "t"),
        {"message": "m", "changes": ["CMD ['sh']", "ENV A=1"]},
        "POST",
        "/commit",
        {
            "container": "c1",
            "repo": "repo",
            "tag": "t",
            "comment": "m",
            "pause": "1",
            "changes": ["CMD ['sh']", "ENV A=1"],
        },
        {},  # no conf: still a JSON body (Podman: 500 "Decode(): EOF" without one)
    ),
    Case(
        "commit",
        ("c1",),
        {"conf": {"Cmd": ["true"]}},
        "POST",
        "/commit",
        {"container": "c1", "pause": "1"},
        {"Cmd": ["true"]},
        id="commit-conf",
    ),
    Case(
        "prune_images",
        (),
        {"filters": {"dangling": False}},
        "POST",
        "/images/prune",
        {"filters": json.dumps({"dangling": ["false"]})},
    ),
    Case(
        "pull",
        ("reg:5000/img:1.0",),
        {"auth_config": CRED},
        "POST",
        "/images/create",
        {"fromImage": "reg:5000/img", "tag": "1.0"},
        None,
        {"x-registry-auth": auth(CRED)},
    ),
    Case(
        "pull",
        ("img",),
        {"stream": True, "decode": True, "platform": "linux/amd64"},
        "POST",
        "/images/create",
        {"fromImage": "img", "tag": "latest", "platform": "linux/amd64"},
        id="pull-stream",
    ),
    Case(
        "push",
        ("reg:5000/img:1.0",),
        {"auth_config": CRED},
        "POST",
        "/images/reg:5000/img/push",
        {"tag": "1.0"},
        None,
        {"x-registry-auth": auth(CRED)},
    ),
    Case(
        "push",
        ("img",),
        {"stream": True},
        "POST",
        "/images/img/push",
        {},
        None,
        {"x-registry-auth": auth({})},
        id="push-no-credentials",
    ),
    Case("get_image", ("img",), {}, "GET", "/images/img/get"),
    Case(
        "get_image",
        (["a", "b:1"],),
        {},
        "GET",
        "/images/get",
        {"names": ["a", "b:1"]},
        id="get_image-many",
    ),
    Case(
        "get_image",
        ("img",),
        {"platform": ["linux/amd64", '{"os": "linux", "architecture": "arm64"}']},
        "GET",
        "/images/img/get",
        {
            "platform": [
                '{"os":"linux","architecture":"amd64"}',
                '{"os":"linux","architecture":"arm64"}',
            ]
        },
        id="get_image-platforms",
    ),
    Case(
        "load_image",
        (b"TAR",),
        {"platform": "linux/amd64"},
        "POST",
        "/images/load",
        {"platform": '{"os":"linux","architecture":"amd64"}'},
        b"TAR",
        {"content-type": "application/x-tar"},
        id="load_image-platform",
    ),
    Case(
        "load_image",
        (b"TAR",),
        {"quiet": True},
        "POST",
        "/images/load",
        {"quiet": "1"},
        b"TAR",
        {"content-type": "application/x-tar"},
    ),
    Case(
        "import_image",
        (b"TAR",),
        {"repository": "r", "tag": "t", "changes": "CMD x"},
        "POST",
        "/images/create",
        {"repo": "r", "tag": "t", "changes": "CMD x", "fromSrc": "-"},
        b"TAR",
        {"content-type": "application/tar"},
    ),
    Case(
        "import_image_from_data",
        (b"TAR",),
        {"repository": "r"},
        "POST",
        "/images/create",
        {"repo": "r", "fromSrc": "-"},
        b"TAR",
    ),
    Case(
        "import_image_from_stream",
        ("<stream>",),
        {},
        "POST",
        "/images/create",
        {"fromSrc": "-"},
        b"TAR",
    ),
    Case(
        "import_image_from_file",
        ("<file>",),
        {"repository": "r"},
        "POST",
        "/images/create",
        {"repo": "r", "fromSrc": "-"},
        b"TARFILE",
    ),
    Case(
        "import_image_from_url",
        ("http://x/a.tar",),
        {"repository": "r"},
        "POST",
        "/images/create",
        {"fromSrc": "http://x/a.tar", "repo": "r"},
    ),
    Case(
        "import_image_from_image",
        ("busybox",),
        {"repository": "r"},
        "POST",
        "/images/create",
        {"fromImage": "busybox", "repo": "r"},
    ),
    # -- build -----------------------------------------------------------------------------
    Case(
        "build",
        ("<context>",),
        {
            "tag": "t:1",
            "buildargs": {"A": "1"},
            "target": "s",
            "labels": {"l": "v"},
            "decode": True,
        },
        "POST",
        "/build",
        {
            "t": "t:1",
            "q": "0",
            "nocache": "0",
            "rm": "0",
            "forcerm": "0",
            "pull": "0",
            "buildargs": json.dumps({"A": "1"}),
            "labels": json.dumps({"l": "v"}),
            "target": "s",
        },
        None,
        {"content-type": "application/tar"},
    ),
    Case(
        "build",
        ("https://example.com/ctx.git",),
        {},
        "POST",
        "/build",
        {
            "remote": "https://example.com/ctx.git",
            "q": "0",
            "nocache": "0",
            "rm": "0",
            "forcerm": "0",
            "pull": "0",
        },
        id="build-remote",
    ),
    Case(
        "prune_builds",
        (),
        {"keep_storage": 10, "all": True},
        "POST",
        "/build/prune",
        {"reserved-space": "10", "all": "1"},  # keep-storage's name since API 1.48
    ),
    Case(
        "prune_builds",
        (),
        {"max_used_space": 5, "min_free_space": 6, "reserved_space": 7},
        "POST",
        "/build/prune",
        {"max-used-space": "5", "min-free-space": "6", "reserved-space": "7"},
        id="prune_builds-spaces",
    ),
    # -- networks and volumes --------------------------------------------------------------
    Case(
        "networks",
        (),
        {"names": ["n"]},
        "GET",
        "/networks",
        {"filters": json.dumps({"name": ["n"]})},
    ),
    Case("inspect_network", ("n1",), {"verbose": True}, "GET", "/networks/n1", {"verbose": "1"}),
    Case(
        "create_network",
        ("n",),
        {"driver": "bridge", "internal": True},
        "POST",
        "/networks/create",
        {},
        {"Name": "n", "Driver": "bridge", "Internal": True},
    ),
    Case("remove_network", ("n1",), {}, "DELETE", "/networks/n1"),
    Case(
        "connect_container_to_network",
        ("c1", "n1"),
        {"aliases": ["a"]},
        "POST",
        "/networks/n1/connect",
        {},
        {"Container": "c1", "EndpointConfig": {"Aliases": ["a"]}},
    ),
    Case(
        "disconnect_container_from_network",
        ("c1", "n1"),
        {},
        "POST",
        "/networks/n1/disconnect",
        {},
        {"Container": "c1", "Force": False},
    ),
    Case("prune_networks", (), {}, "POST", "/networks/prune"),
    Case("volumes", (), {"filters": {"label": "a=b"}}, "GET", "/volumes", {"filters": F}),
    Case(
        "create_volume",
        ("v",),
        {"driver": "local"},
        "POST",
        "/volumes/create",
        {},
        {"Name": "v", "Driver": "local"},
    ),
    Case("inspect_volume", ("v",), {}, "GET", "/volumes/v"),
    Case("remove_volume", ("v",), {}, "DELETE", "/volumes/v", {"force": "0"}),
    Case(
        "update_volume",
        ("v", 3, {"Availability": "pause"}),
        {},
        "PUT",
        "/volumes/v",
        {"version": "3"},
        {"Spec": {"Availability": "pause"}},
    ),
    Case(
        "prune_volumes",
        (),
        {"filters": {"all": True}},
        "POST",
        "/volumes/prune",
        {"filters": json.dumps({"all": ["true"]})},
    ),
    # -- system and registry ---------------------------------------------------------------
    Case("ping", (), {}, "GET", "/_ping"),
    Case("version", (), {}, "GET", "/version"),
    Case("info", (), {}, "GET", "/info"),
    Case("df", (), {}, "GET", "/system/df"),
    Case(
        "df",
        (),
        {"types": ["image", "volume"], "verbose": True},
        "GET",
        "/system/df",
        {"type": ["image", "volume"], "verbose": "1"},
        id="df-types-verbose",
    ),
    Case("events", (), {"since": 5, "until": 6}, "GET", "/events", {"since": "5", "until": "6"}),
    Case(
        "events",
        (),
        {"until": 6, "content_type": "application/json-seq"},
        "GET",
        "/events",
        {"until": "6"},
        headers={"accept": "application/json-seq"},
        id="events-json-seq",
    ),
    Case(
        "login",
        ("u", "p"),
        {"registry": "reg:5000", "reauth": True},
        "POST",
        "/auth",
        {},
        {"username": "u", "password": "p", "serveraddress": "reg:5000"},
    ),
    Case(
        "search",
        ("busybox",),
        {"limit": 5},
        "GET",
        "/images/search",
        {"term": "busybox", "limit": "5"},
    ),
    Case(
        "inspect_distribution",
        ("reg:5000/img:1",),
        {"auth_config": CRED},
        "GET",
        "/distribution/reg:5000/img:1/json",
        {},
        None,
        {"x-registry-auth": auth(CRED)},
    ),
    # -- plugins ---------------------------------------------------------------------------
    Case("plugins", (), {}, "GET", "/plugins"),
    Case("inspect_plugin", ("p:latest",), {}, "GET", "/plugins/p:latest/json"),
    Case("plugin_privileges", ("reg/p",), {}, "GET", "/plugins/privileges", {"remote": "reg/p"}),
    Case(
        "pull_plugin",
        ("reg/p", [{"Name": "network", "Value": ["host"]}]),
        {"name": "p"},
        "POST",
        "/plugins/pull",
        {"remote": "reg/p", "name": "p"},
        [{"Name": "network", "Value": ["host"]}],
    ),
    Case(
        "upgrade_plugin",
        ("p", "reg/p:2", []),
        {},
        "POST",
        "/plugins/p/upgrade",
        {"remote": "reg/p:2"},
        [],
    ),
    Case("push_plugin", ("reg:5000/p:1",), {}, "POST", "/plugins/reg:5000/p:1/push"),
    Case(
        "create_plugin",
        ("p", "<plugin>"),
        {},
        "POST",
        "/plugins/create",
        {"name": "p"},
        None,
        {"content-type": "application/x-tar"},
    ),
    Case("enable_plugin", ("p",), {"timeout": 5}, "POST", "/plugins/p/enable", {"timeout": "5"}),
    Case("disable_plugin", ("p",), {"force": True}, "POST", "/plugins/p/disable", {"force": "1"}),
    Case("configure_plugin", ("p", {"DEBUG": "1"}), {}, "POST", "/plugins/p/set", {}, ["DEBUG=1"]),
    Case("remove_plugin", ("p",), {}, "DELETE", "/plugins/p", {"force": "0"}),
    # -- swarm -----------------------------------------------------------------------------
    Case(
        "init_swarm",
        (),
        {"advertise_addr": "eth0"},
        "POST",
        "/swarm/init",
        {},
        {"AdvertiseAddr": "eth0", "ListenAddr": "0.0.0.0:2377", "ForceNewCluster": False},
    ),
    Case(
        "join_swarm",
        (["10.0.0.1:2377"], "TOKEN"),
        {},
        "POST",
        "/swarm/join",
        {},
        {"RemoteAddrs": ["10.0.0.1:2377"], "JoinToken": "TOKEN", "ListenAddr": "0.0.0.0:2377"},
    ),
    Case("inspect_swarm", (), {}, "GET", "/swarm"),
    Case(
        "update_swarm",
        (7, {"Name": "default"}),
        {"rotate_worker_token": True},
        "POST",
        "/swarm/update",
        {
            "version": "7",
            "rotateWorkerToken": "1",
            "rotateManagerToken": "0",
            "rotateManagerUnlockKey": "0",
        },
        {"Name": "default"},
    ),
    Case("get_unlock_key", (), {}, "GET", "/swarm/unlockkey"),
    Case(
        "unlock_swarm", ({"UnlockKey": "K"},), {}, "POST", "/swarm/unlock", {}, {"UnlockKey": "K"}
    ),
    Case("leave_swarm", (), {"force": True}, "POST", "/swarm/leave", {"force": "1"}),
    Case("nodes", (), {"filters": {"label": "a=b"}}, "GET", "/nodes", {"filters": F}),
    Case("inspect_node", ("n1",), {}, "GET", "/nodes/n1"),
    Case(
        "update_node",
        ("n1", 4, {"Availability": "drain"}),
        {},
        "POST",
        "/nodes/n1/update",
        {"version": "4"},
        {"Availability": "drain"},
    ),
    Case("remove_node", ("n1",), {"force": True}, "DELETE", "/nodes/n1", {"force": "1"}),
    Case(
        "create_service",
        ({"ContainerSpec": {"Image": "img"}},),
        {"name": "s"},
        "POST",
        "/services/create",
        {},
        {"Name": "s", "TaskTemplate": {"ContainerSpec": {"Image": "img"}}},
    ),
    Case("services", (), {"status": True}, "GET", "/services", {"status": "1"}),
    Case("inspect_service", ("s1",), {}, "GET", "/services/s1"),
    Case(
        "update_service",
        ("s1", 9),
        {"mode": {"Replicated": {"Replicas": 2}}, "name": "s"},
        "POST",
        "/services/s1/update",
        {"version": "9"},
        {"Name": "s", "Mode": {"Replicated": {"Replicas": 2}}, "TaskTemplate": {}},
    ),
    Case("remove_service", ("s1",), {}, "DELETE", "/services/s1"),
    Case(
        "service_logs",
        ("s1",),
        {"stdout": True, "is_tty": False},
        "GET",
        "/services/s1/logs",
        {
            "details": "0",
            "follow": "0",
            "stdout": "1",
            "stderr": "0",
            "since": "0",
            "timestamps": "0",
            "tail": "all",
        },
    ),
    Case(
        "tasks",
        (),
        {"filters": {"service": "s"}},
        "GET",
        "/tasks",
        {"filters": json.dumps({"service": ["s"]})},
    ),
    Case("inspect_task", ("t1",), {}, "GET", "/tasks/t1"),
    Case(
        "task_logs",
        ("t1",),
        {"follow": True, "is_tty": True},
        "GET",
        "/tasks/t1/logs",
        {
            "details": "0",
            "follow": "1",
            "stdout": "0",
            "stderr": "0",
            "since": "0",
            "timestamps": "0",
            "tail": "all",
        },
    ),
    Case(
        "create_secret",
        ("s", b"x"),
        {},
        "POST",
        "/secrets/create",
        {},
        {"Name": "s", "Data": "eA=="},
    ),
    Case("secrets", (), {}, "GET", "/secrets"),
    Case("inspect_secret", ("s1",), {}, "GET", "/secrets/s1"),
    Case(
        "update_secret",
        ("s1", 2),
        {"spec": {"Name": "s"}, "labels": {"a": "b"}},
        "POST",
        "/secrets/s1/update",
        {"version": "2"},
        {"Name": "s", "Labels": {"a": "b"}},
    ),
    Case("remove_secret", ("s1",), {}, "DELETE", "/secrets/s1"),
    Case(
        "create_config",
        ("c", "x"),
        {"labels": {"a": "b"}},
        "POST",
        "/configs/create",
        {},
        {"Name": "c", "Data": "eA==", "Labels": {"a": "b"}},
    ),
    Case("configs", (), {}, "GET", "/configs"),
    Case("inspect_config", ("c1",), {}, "GET", "/configs/c1"),
    Case(
        "update_config",
        ("c1", 2),
        {"spec": {"Name": "c"}},
        "POST",
        "/configs/c1/update",
        {"version": "2"},
        {"Name": "c"},
    ),
    Case("remove_config", ("c1",), {}, "DELETE", "/configs/c1"),
]

#: Methods that send nothing (builders, local configuration) or whose route another
#: method's case already covers.
LOCAL_METHODS = {
    "close",
    "create_container_config",
    "create_endpoint_config",
    "create_host_config",
    "create_networking_config",
    "create_swarm_spec",
    "reload_config",
}


@pytest.fixture(autouse=True)
def no_docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials come from an empty config directory, never the user's."""
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))
    monkeypatch.setenv("HOME", str(tmp_path))


CANNED = {
    "/containers/c1/json": {"Id": "c1", "Config": {"Tty": False}, "NetworkSettings": {}},
    "/version": {"ApiVersion": VERSION, "MinAPIVersion": "1.24"},
}


def recording_client(seen: list[httpx.Request]) -> APIClient:
    """A client whose transport records every request, answers the version probe and a
    container inspect, and raises :class:`Sent` for anything else."""

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        path = request.url.path.removeprefix(f"/v{VERSION}")
        if request.method == "GET" and path in CANNED:
            return httpx.Response(200, json=CANNED[path])
        raise Sent

    return APIClient(base_url="unix:///x.sock", transport=httpx.MockTransport(handler))


def resolve(value: Any, tmp: Path) -> Any:
    """Replace the placeholders of the table with files made for the test."""
    if value == "<context>":
        (tmp / "ctx").mkdir(exist_ok=True)
        (tmp / "ctx" / "Dockerfile").write_text("FROM scratch\n")
        return str(tmp / "ctx")
    if value == "<plugin>":
        (tmp / "plugin" / "rootfs").mkdir(parents=True, exist_ok=True)
        (tmp / "plugin" / "config.json").write_text("{}")
        return str(tmp / "plugin")
    if value == "<stream>":
        return iter([b"T", b"AR"])
    if value == "<file>":
        (tmp / "image.tar").write_bytes(b"TARFILE")
        return str(tmp / "image.tar")
    return value


def send(case: Case, tmp: Path) -> tuple[list[httpx.Request], Any]:
    seen: list[httpx.Request] = []
    client = recording_client(seen)
    args = tuple(resolve(a, tmp) for a in case.args)
    result: Any = None
    with contextlib.suppress(Sent):
        result = getattr(client, case.name)(*args, **case.kwargs)
    return seen, result


def query_of(request: httpx.Request) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in request.url.params.multi_items():
        if key in found:
            previous = found[key]
            found[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            found[key] = value
    return found


def iter_cases() -> Iterator[Any]:
    for case in CASES:
        yield pytest.param(case, id=case.id)


@pytest.mark.parametrize("case", list(iter_cases()))
def test_request_sent(case: Case, tmp_path: Path) -> None:
    seen, _ = send(case, tmp_path)
    request = seen[-1]
    assert request.method == case.method
    unversioned = ("/_ping",)
    prefix = "" if case.path in unversioned else f"/v{VERSION}"
    assert request.url.path == prefix + case.path
    assert query_of(request) == case.query
    if isinstance(case.body, bytes):
        assert request.content == case.body
    elif case.body is not None:
        assert json.loads(request.content) == case.body
    elif case.name not in ("build", "create_plugin"):
        assert request.content == b""
    for key, value in case.headers.items():
        assert request.headers.get(key) == value, key


def test_paths_are_quoted(tmp_path: Path) -> None:
    seen, _ = send(Case("inspect_image", ("reg:5000/a/b:1",)), tmp_path)
    assert seen[-1].url.raw_path == f"/v{VERSION}/images/reg%3A5000%2Fa%2Fb%3A1/json".encode()


def test_build_uploads_the_context_with_dockerignore_applied(tmp_path: Path) -> None:
    import io
    import tarfile

    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text("FROM scratch\nCOPY . /\n")
    (context / "keep.txt").write_text("k")
    (context / "secret.txt").write_text("s")
    (context / ".dockerignore").write_text("secret.txt\n")
    seen, _ = send(Case("build", (str(context),)), tmp_path)
    with tarfile.open(fileobj=io.BytesIO(seen[-1].content)) as archive:
        names = set(archive.getnames())
    assert {"Dockerfile", "keep.txt", ".dockerignore"} <= names
    assert "secret.txt" not in names


def test_every_public_method_has_a_request_case() -> None:
    public = {
        name
        for name in dir(APIClient)
        if not name.startswith("_") and callable(getattr(APIClient, name))
    }
    assert public - {c.name for c in CASES} - LOCAL_METHODS == set()


def responder(
    handler: Callable[[httpx.Request], httpx.Response], version: str | None = None
) -> tuple[APIClient, list[httpx.Request]]:
    """A client over a MockTransport whose replies come from ``handler``."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path == "/version":
            return httpx.Response(200, json=CANNED["/version"])
        return handler(request)

    client = APIClient(
        base_url="unix:///x.sock", version=version, transport=httpx.MockTransport(record)
    )
    return client, seen


def test_builders_use_the_client_version_and_feed_the_calls(tmp_path: Path) -> None:
    from dockersdk.errors import InvalidArgument, InvalidVersion

    client, seen = responder(lambda r: httpx.Response(201, json={"Id": "c1"}))
    host = client.create_host_config(binds=["/a:/b:ro"], mem_limit="1g", network_mode="none")
    assert host["Binds"] == ["/a:/b:ro"] and host["Memory"] == 1 << 30
    endpoint = client.create_endpoint_config(aliases=["web"], ipv4_address="10.0.0.2")
    networking = client.create_networking_config({"net1": endpoint})
    config = client.create_container_config("img", "true", labels={"a": "b"})
    client.create_container_from_config(
        {**config, "HostConfig": host, "NetworkingConfig": networking}, name="n"
    )
    body = json.loads(seen[-1].content)
    assert body["Image"] == "img" and body["Labels"] == {"a": "b"}
    assert body["HostConfig"]["NetworkMode"] == "none"
    assert body["NetworkingConfig"]["EndpointsConfig"]["net1"]["Aliases"] == ["web"]
    with pytest.raises(InvalidArgument, match="version"):
        client.create_host_config(version="1.41")
    spec = client.create_swarm_spec(snapshot_interval=5000)
    client.init_swarm(swarm_spec=spec)
    assert json.loads(seen[-1].content)["Spec"] == spec.to_api()

    old, _ = responder(lambda r: httpx.Response(200), version="1.25")
    with pytest.raises(InvalidVersion):
        old.create_host_config(cgroupns="private")


DISTRIBUTION_REPLY = {
    "Descriptor": {
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "digest": "sha256:" + "d" * 64,
        "size": 1234,
    },
    "Platforms": [{"architecture": "amd64", "os": "linux"}],
}


def test_login_keeps_the_credentials_for_later_calls() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if "/distribution/" in request.url.path:
            return httpx.Response(200, json=DISTRIBUTION_REPLY)
        return httpx.Response(200, json={"Status": "Login Succeeded"})

    client, seen = responder(reply)
    assert client.login("u", "p", registry="reg:5000").status == "Login Succeeded"  # type: ignore[union-attr]
    stored = {"username": "u", "password": "p", "serveraddress": "reg:5000"}
    assert json.loads(seen[-1].content) == stored
    client.inspect_distribution("reg:5000/img")
    assert seen[-1].headers["X-Registry-Auth"] == auth(stored)
    client.pull("other/img")
    assert "X-Registry-Auth" not in seen[-1].headers
    assert client.login("u", registry="reg:5000") == stored  # known: no second request
    assert seen[-1].url.path.endswith("/images/create")


def test_credentials_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    token = base64.b64encode(b"fileuser:filepass").decode()
    (config / "config.json").write_text(json.dumps({"auths": {"reg:5000": {"auth": token}}}))
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    client, seen = responder(lambda r: httpx.Response(200, text="{}"))
    client.pull("reg:5000/img")
    sent = json.loads(base64.urlsafe_b64decode(seen[-1].headers["X-Registry-Auth"]))
    assert sent["username"] == "fileuser" and sent["password"] == "filepass"
    list(client.build(fileobj=b"FROM scratch\n"))
    registry_config = json.loads(base64.urlsafe_b64decode(seen[-1].headers["X-Registry-Config"]))
    assert registry_config["reg:5000"]["username"] == "fileuser"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.stats("c1", stream=False, one_shot=True), r"'one-shot' .*1\.41"),
        (lambda c: c.update_volume("v", 1, {}), r"PUT /volumes/\{name\} needs API version 1\.42"),
        (lambda c: c.logs("c1", until=5), r"'until' of GET /containers/\{id\}/logs .*1\.35"),
        (lambda c: c.prune_builds(), r"POST /build/prune needs API version 1\.31"),
    ],
)
def test_what_the_negotiated_version_lacks_is_refused_before_sending(
    call: Callable[[APIClient], Any], message: str
) -> None:
    from dockersdk.errors import InvalidVersion

    client, seen = responder(lambda r: httpx.Response(200, json={"Id": "c1"}), version="1.30")
    with pytest.raises(InvalidVersion, match=message):
        call(client)
    assert all(r.url.path.endswith("/json") or r.url.path == "/version" for r in seen)
