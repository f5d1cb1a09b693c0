"""The high-level methods that need a registry or a swarm of their own, through both clients:
images.get_registry_data and RegistryData.has_platform, plugins.install and the Plugin
methods, and swarm init/unlock/leave of an autolocked swarm on a throwaway engine of each
kind (bookworm's dockerd 20.10 and a modern 28.x)."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from dockersdk.errors import APIError
from tests.fixtures.extra_engine import KINDS, ExtraEngine, Kind, extra_engine
from tests.fixtures.flavours import open_client
from tests.integration.test_api_registry import (  # noqa: F401 (fixtures)
    CREDENTIALS,
    PASSWORD,
    USER,
    registry,
    repo,
)
from tests.integration.test_api_swarm_more import plugin_dir  # noqa: F401 (fixture)

ARCH = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def test_registry_data_without_pulling(
    client: Any,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    test_image: str,
) -> None:
    client.api.tag(test_image, repo, "v1")
    try:
        client.api.push(repo, "v1", auth_config=CREDENTIALS)
        data = client.images.get_registry_data(f"{repo}:v1", auth_config=CREDENTIALS)
        assert data.id.startswith("sha256:")
        assert data.has_platform(f"linux/{ARCH}") is True
        assert data.has_platform("windows/s390x") is False
        assert data.has_platform({"os": "linux"}) is True  # architecture: the engine's
    finally:
        with contextlib.suppress(APIError):
            client.api.remove_image(f"{repo}:v1", force=True)


def test_plugin_install_configure_enable_disable_upgrade(
    client: Any,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    plugin_dir: Path,  # noqa: F811
) -> None:
    client.login(USER, PASSWORD, registry=registry)
    remote = f"{repo}-plugin:1"
    local = f"{uuid.uuid4().hex[:8]}-installed:latest"
    client.api.create_plugin(remote, str(plugin_dir))
    try:
        list(client.api.push_plugin(remote))
        plugin = client.plugins.install(remote, local_name=local)
        assert plugin.name == local and plugin.enabled is False
        plugin.configure({"DEBUG": "1"})
        plugin.enable(timeout=20)
        plugin.reload()
        assert plugin.enabled is True
        plugin.disable()
        events = list(plugin.upgrade(remote))
        assert events and all(e.error is None for e in events)
        assert client.plugins.get(local).enabled is False
        plugin.remove(force=True)
    finally:
        for name in (remote, local):
            with contextlib.suppress(APIError):
                client.api.remove_plugin(name, force=True)


def stop_gracefully(engine: ExtraEngine, timeout: float = 30.0) -> None:
    """SIGTERM the engine and wait until it is gone (or a zombie), so the swarm's state,
    its encrypted keys included, is on disk as the engine left it."""
    pid = engine.pid()
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return
        if "\nState:\tZ" in state:
            return
        time.sleep(0.1)
    raise AssertionError(f"the engine (pid {pid}) did not stop within {timeout} s")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_autolocked_swarm_init_unlock_leave(flavour: str, kind: Kind) -> None:
    # Each flavour gets a fresh engine of each kind: dockerd 20.10 can crash when a swarm is
    # made again after one with autolock was left (see tests/fixtures/swarm.py).
    with extra_engine(f"u{kind[0]}{flavour[0]}", kind) as engine:
        with open_client(flavour, base_url=engine.host) as client:
            node_id = client.swarm.init(
                advertise_addr="127.0.0.1", listen_addr="127.0.0.1:2377", autolock_managers=True
            )
            assert node_id
            key = client.swarm.get_unlock_key().unlock_key
            assert key and key.startswith("SWMKEY-")
        stop_gracefully(engine)
        engine.restart()  # an autolocked manager comes back locked
        with open_client(flavour, base_url=engine.host) as client:
            assert client.info().swarm.local_node_state == "locked"
            with pytest.raises(APIError):
                client.swarm.unlock("SWMKEY-1-notthekey")
            assert client.swarm.unlock(key) is True
            assert client.info().swarm.local_node_state == "active"
            swarm = client.swarm  # a fresh Swarm object per access, as in docker-py
            swarm.reload()
            assert swarm.id and swarm.version
            assert swarm.leave(force=True) is True
            assert client.info().swarm.local_node_state == "inactive"
