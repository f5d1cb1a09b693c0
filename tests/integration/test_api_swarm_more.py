"""Swarm management, service updates and logs, secret/config updates, plugins, and prunes
against the real engines."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dockersdk import APIClient
from dockersdk.errors import APIError, DockerException, NotFound
from tests.fixtures.swarm import ensure_swarm

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def name() -> str:
    return f"dsdk-it-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def swarm(engine_url: str) -> str:
    return ensure_swarm(engine_url)


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)
    return result


def test_swarm_update_tokens_autolock_and_join_errors(api: APIClient, swarm: str) -> None:
    before = api.inspect_swarm()
    assert before.version is not None and before.join_tokens is not None
    assert api.update_swarm(before.version.index or 0, rotate_worker_token=True) is True
    after = api.inspect_swarm()
    assert after.join_tokens.worker != before.join_tokens.worker  # type: ignore[union-attr]
    assert after.join_tokens.manager == before.join_tokens.manager  # type: ignore[union-attr]
    spec = after.spec.to_dict()  # type: ignore[union-attr]
    spec["EncryptionConfig"] = {"AutoLockManagers": True}
    spec["Labels"] = LABELS
    api.update_swarm(after.version.index or 0, swarm_spec=spec)  # type: ignore[union-attr]
    locked = api.inspect_swarm()
    assert locked.spec.labels == LABELS  # type: ignore[union-attr]
    key = api.get_unlock_key()
    assert key.unlock_key and key.unlock_key.startswith("SWMKEY-")
    with pytest.raises(APIError, match="not locked"):
        api.unlock_swarm(key)  # this manager never restarted, so it is not locked
    with pytest.raises(APIError, match="already part of a swarm"):
        api.join_swarm(["127.0.0.1:2377"], after.join_tokens.worker or "")  # type: ignore[union-attr]
    spec["EncryptionConfig"] = {"AutoLockManagers": False}
    api.update_swarm(locked.version.index or 0, swarm_spec=spec)  # type: ignore[union-attr]
    assert api.get_unlock_key().unlock_key in (None, "")


def test_update_and_remove_node(api: APIClient, swarm: str) -> None:
    node = api.inspect_node(swarm)
    spec = node.spec.to_dict()  # type: ignore[union-attr]
    spec["Labels"] = {**LABELS, "role": "test"}
    assert api.update_node(swarm, node.version.index or 0, spec) is True  # type: ignore[union-attr]
    assert api.inspect_node(swarm).spec.labels == spec["Labels"]  # type: ignore[union-attr]
    with pytest.raises(APIError):  # a node cannot remove itself while it is a manager
        api.remove_node(swarm)


def test_service_update_and_logs(api: APIClient, swarm: str, test_image: str, name: str) -> None:
    service = api.create_service(
        {
            "ContainerSpec": {
                "Image": test_image,
                "Command": ["sh", "-c", "echo hello-out; echo hello-err >&2; sleep 600"],
            },
            "RestartPolicy": {"Condition": "none"},
        },
        name=name,
        labels=LABELS,
    )
    assert service.id
    try:
        task = wait_for(
            lambda: [t for t in api.tasks({"service": name}) if t.status.state == "running"]  # type: ignore[union-attr]
        )[0]

        def logs() -> bytes:
            return b"".join(api.service_logs(name, stdout=True, stderr=True))

        assert b"hello-out" in wait_for(logs) or b"hello-out" in wait_for(logs)
        assert b"hello-err" in logs()
        with api.service_logs(name, stdout=True, timestamps=True, is_tty=False) as stream:
            assert any(b"hello-out" in chunk for chunk in stream)
        task_output = b"".join(api.task_logs(task.id, stdout=True))
        assert task_output == b"hello-out\n"
        inspected = api.inspect_task(task.id)
        assert inspected.id == task.id and inspected.service_id == service.id
        with api.service_logs(name, stdout=True, follow=True) as followed:
            assert b"hello-out" in next(followed)  # a follow stream can be closed early

        version = api.inspect_service(service.id).version.index  # type: ignore[union-attr]
        updated = api.update_service(
            service.id,
            version or 0,
            mode={"Replicated": {"Replicas": 2}},
            fetch_current_spec=True,
        )
        assert updated.warnings in (None, [])
        spec = api.inspect_service(service.id).spec
        assert spec is not None and spec.mode.replicated.replicas == 2  # type: ignore[union-attr]
        assert spec.labels == LABELS and spec.name == name  # kept from the current spec
        wait_for(lambda: len(api.tasks({"service": name, "desired-state": "running"})) == 2)
    finally:
        api.remove_service(service.id)


def test_update_secret_and_config(api: APIClient, swarm: str, name: str) -> None:
    secret = api.create_secret(name, b"s3cret", labels=LABELS)
    config = api.create_config(name, b"cfg", labels=LABELS)
    try:
        assert [s.id for s in api.secrets(filters={"name": name})] == [secret.id]
        assert [c.id for c in api.configs(filters={"name": name})] == [config.id]
        assert api.update_secret(secret.id or "", labels={**LABELS, "v": "2"}) is True
        assert api.inspect_secret(secret.id or "").spec.labels == {**LABELS, "v": "2"}  # type: ignore[union-attr]
        current = api.inspect_config(config.id or "")
        spec = current.spec.to_dict()  # type: ignore[union-attr]
        spec["Labels"] = {**LABELS, "v": "3"}
        api.update_config(config.id or "", current.version.index, spec=spec)  # type: ignore[union-attr]
        assert api.inspect_config(config.id or "").spec.labels == spec["Labels"]  # type: ignore[union-attr]
        with pytest.raises(APIError):  # the engine allows only label changes
            api.update_config(config.id or "", labels=LABELS, spec={**spec, "Name": "renamed"})
    finally:
        api.remove_secret(secret.id or "")
        api.remove_config(config.id or "")


def test_prune_networks_and_volumes(api: APIClient, name: str) -> None:
    labels = {**LABELS, "dsdk.prune": name}
    net = api.create_network(name, labels=labels)
    api.create_volume(name, labels=labels)
    pruned = api.prune_networks(filters={"label": f"dsdk.prune={name}"})
    assert pruned.networks_deleted == [name]
    with pytest.raises(NotFound):
        api.inspect_network(net.id or "")
    filters: dict[str, Any] = {"label": f"dsdk.prune={name}"}
    if api.api_version >= "1.42":
        filters["all"] = True  # newer engines prune only anonymous volumes unless asked
    volumes = api.prune_volumes(filters=filters)
    assert volumes.volumes_deleted == [name]


LISTENER_C = r"""
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
    unlink(argv[1]);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) return 1;
    for (;;) { int c = accept(s, 0, 0); if (c >= 0) close(c); }
}
"""


@pytest.fixture(scope="session")
def plugin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plugin (config.json + rootfs/) whose process only listens on its socket."""
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to build the test plugin's static listener: run `make test`")
    root = tmp_path_factory.mktemp("plugin")
    (root / "rootfs" / "run" / "docker" / "plugins").mkdir(parents=True)
    (root / "listener.c").write_text(LISTENER_C)
    subprocess.run(
        [
            "gcc",
            "-static",
            "-O2",
            "-o",
            str(root / "rootfs" / "listener"),
            str(root / "listener.c"),
        ],
        check=True,
    )
    (root / "listener.c").unlink()
    config = {
        "description": "dockersdk test plugin",
        "documentation": "https://example.invalid/dockersdk",
        "entrypoint": ["/listener", "/run/docker/plugins/dsdk.sock"],
        "interface": {"types": ["docker.volumedriver/1.0"], "socket": "dsdk.sock"},
        "network": {"type": "host"},
        "env": [{"name": "DEBUG", "description": "debug", "settable": ["value"], "value": "0"}],
    }
    (root / "config.json").write_text(json.dumps(config))
    return root


def test_plugin_lifecycle(api: APIClient, plugin_dir: Path, name: str) -> None:
    plugin = f"{name}:latest"
    assert api.create_plugin(plugin, str(plugin_dir)) is True
    try:
        assert api.configure_plugin(plugin, {"DEBUG": "1"}) is True
        assert api.enable_plugin(plugin, timeout=20) is True
        assert api.disable_plugin(plugin) is True
        assert api.plugin_privileges("127.0.0.1:1/none") == []  # nothing asked of the user
        # docker.io is unreachable from the test network: the engine refuses at once, or
        # reports it inside the progress, which docker-py yields and raise_on_error raises.
        pushed: list[Any] = []
        with contextlib.suppress(APIError):
            pushed = list(api.push_plugin(plugin))
        assert pushed == [] or any(item.get("error") for item in pushed), pushed
        with pytest.raises(APIError):
            list(api.push_plugin(plugin, raise_on_error=True))
        with pytest.raises(APIError):
            list(api.pull_plugin("127.0.0.1:1/none:latest", [], raise_on_error=True))
        with pytest.raises(APIError):
            list(api.upgrade_plugin(plugin, "127.0.0.1:1/none:latest", [], raise_on_error=True))
    finally:
        assert api.remove_plugin(plugin, force=True) is True
    with pytest.raises(NotFound):
        api.remove_plugin(plugin)


def test_plugins_list_and_inspect_are_typed(api: APIClient, plugin_dir: Path, name: str) -> None:
    plugin = f"{name}:latest"
    api.create_plugin(plugin, str(plugin_dir))
    try:
        assert plugin in [p.name for p in api.plugins()]
        assert api.inspect_plugin(plugin).enabled is False
    finally:
        api.remove_plugin(plugin, force=True)


def test_create_plugin_errors(api: APIClient, plugin_dir: Path, name: str, tmp_path: Path) -> None:
    with pytest.raises(APIError):  # not a valid reference: refused after the upload
        api.create_plugin(f"{name}:BAD TAG", str(plugin_dir))
    with pytest.raises(DockerException, match=r"no config\.json"):
        api.create_plugin(f"{name}:latest", str(tmp_path))
