"""init_swarm, inspect, update with a spec from create_swarm_spec, leave_swarm: on a throwaway
engine of each kind (bookworm's dockerd 20.10 and a modern 28.x; the shared engines keep one
swarm for the whole session, see tests/fixtures/swarm.py), through both clients; and the
client methods the other files do not reach."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockersdk.auth import resolve_authconfig
from dockersdk.errors import APIError, InvalidVersion
from tests.fixtures.extra_engine import KINDS, ExtraEngine, extra_engine
from tests.fixtures.flavours import open_api


@pytest.fixture(scope="module", params=KINDS)
def throwaway(request: pytest.FixtureRequest) -> Iterator[ExtraEngine]:
    """A throwaway engine of each kind, shared by the module's tests of that kind."""
    kind = request.param
    with extra_engine(f"w{kind[0]}", kind) as started:
        yield started


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_init_update_leave(throwaway: ExtraEngine, flavour: str) -> None:
    with open_api(flavour, base_url=throwaway.host) as api:
        # The kind asked for is the engine running: bookworm's speaks API 1.41, a modern one more.
        server_api = api.version().api_version
        assert (server_api == "1.41") == (throwaway.kind == "bookworm"), server_api
        node_id = api.init_swarm(advertise_addr="127.0.0.1", listen_addr="127.0.0.1:2377")
        try:
            assert node_id and api.inspect_node(node_id).id == node_id
            swarm = api.inspect_swarm()
            assert swarm.id and swarm.version.index
            spec = api.create_swarm_spec(task_history_retention_limit=7, snapshot_interval=5000)
            assert api.update_swarm(swarm.version.index, swarm_spec=spec) is True
            updated = api.inspect_swarm().spec
            assert updated.orchestration.task_history_retention_limit == 7
            assert updated.raft.snapshot_interval == 5000
        finally:
            assert api.leave_swarm(force=True) is True
        with pytest.raises(APIError):  # "This node is not a swarm manager"
            api.inspect_swarm()


def test_update_volume_needs_a_cluster_volume(api: Any, name: str) -> None:
    api.create_volume(name, labels={"dockersdk.test": "1"})
    try:
        # Only CSI cluster volumes can be updated. Engines before API 1.42 have no such
        # endpoint: the client refuses before sending; newer ones refuse a local volume:
        # 503 "only valid for cluster volumes" outside a swarm, 404 (no such cluster
        # volume) inside one.
        with pytest.raises((InvalidVersion, APIError)) as refused:
            api.update_volume(name, 0, {"Availability": "drain"})
        if isinstance(refused.value, APIError):
            explanation = str(refused.value.explanation)
            assert (
                refused.value.status_code == 404 and name in explanation
            ) or "only valid for cluster volumes" in explanation, refused.value
    finally:
        api.remove_volume(name)


def test_reload_config_reads_the_file_again(
    api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    (tmp_path / "config.json").write_text(json.dumps({"auths": {}}))
    api.reload_config()
    assert resolve_authconfig(api._auth_configs, "reg.example:5000") is None
    auth = {"auths": {"reg.example:5000": {"auth": "dTpw"}}}  # u:p
    (tmp_path / "config.json").write_text(json.dumps(auth))
    api.reload_config()
    found = resolve_authconfig(api._auth_configs, "reg.example:5000")
    assert found is not None and found["username"] == "u"


@pytest.fixture
def name() -> str:
    import uuid

    return f"dsdk-vol-{uuid.uuid4().hex[:8]}"
