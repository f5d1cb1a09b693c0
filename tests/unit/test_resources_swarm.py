"""``client.swarm.update()`` over httpx.MockTransport: the body sent is the current spec with
the changed settings laid over it; and ``merge_swarm_spec``, table-driven."""

from __future__ import annotations

import asyncio
import copy
import json
import re
from typing import Any

import httpx
import pytest

from dockersdk import APIClient, DockerClient
from dockersdk.aio import AsyncDockerClient
from dockersdk.errors import APIError, InvalidArgument
from dockersdk.types import SwarmSpec
from dockersdk.types.swarm import merge_swarm_spec

#: A spec as a 28.x engine gives it, with non-default settings everywhere.
CURRENT: dict[str, Any] = {
    "Name": "default",
    "Labels": {"team": "infra", "env": "ci"},
    "Orchestration": {"TaskHistoryRetentionLimit": 7},
    "Raft": {
        "SnapshotInterval": 20000,
        "KeepOldSnapshots": 1,
        "LogEntriesForSlowFollowers": 600,
        "ElectionTick": 12,
        "HeartbeatTick": 2,
    },
    "Dispatcher": {"HeartbeatPeriod": 7000000000},
    "CAConfig": {
        "NodeCertExpiry": 3600000000000,
        "ExternalCAs": [{"Protocol": "cfssl", "URL": "https://ca.example"}],
        "ForceRotate": 1,
    },
    "TaskDefaults": {"LogDriver": {"Name": "json-file", "Options": {"max-file": "3"}}},
    "EncryptionConfig": {"AutoLockManagers": True},
}


class Engine:
    """A swarm manager whose ``GET /swarm`` answers ``CURRENT`` at version ``index``; records
    the ``POST /swarm/update`` requests."""

    def __init__(self, index: int = 42, *, manager: bool = True) -> None:
        self.index = index
        self.manager = manager
        self.updates: list[httpx.Request] = []
        self.inspects = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = re.sub(r"^/v1\.\d+", "", request.url.path)
        if path == "/version":
            return httpx.Response(200, json={"ApiVersion": "1.41", "MinAPIVersion": "1.12"})
        if not self.manager:
            return httpx.Response(503, json={"message": "This node is not a swarm manager."})
        if request.method == "GET" and path == "/swarm":
            self.inspects += 1
            return httpx.Response(
                200, json={"ID": "s1", "Version": {"Index": self.index}, "Spec": CURRENT}
            )
        if request.method == "POST" and path == "/swarm/update":
            self.updates.append(request)
            self.index += 1
            return httpx.Response(200)
        return httpx.Response(404, json={"message": f"no route for {request.url.path}"})

    def body(self) -> Any:
        return json.loads(self.updates[-1].content)

    def params(self) -> dict[str, str]:
        return dict(self.updates[-1].url.params)


def update(flavour: str, engine: Engine, **kwargs: Any) -> bool:
    """``client.swarm.update(**kwargs)`` with a client of ``flavour`` on ``engine``."""
    transport = httpx.MockTransport(engine.handle)
    if flavour == "sync":
        with DockerClient(base_url="tcp://engine:2375", transport=transport) as client:
            return client.swarm.update(**kwargs)

    async def run() -> bool:
        async with AsyncDockerClient(base_url="tcp://engine:2375", transport=transport) as client:
            return await client.swarm.update(**kwargs)

    return asyncio.run(run())


FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


@FLAVOURS
def test_update_changes_only_the_settings_given(flavour: str) -> None:
    engine = Engine()
    assert update(flavour, engine, snapshot_interval=5000) is True
    expected = copy.deepcopy(CURRENT)
    expected["Raft"]["SnapshotInterval"] = 5000
    assert engine.body() == expected
    assert engine.params()["version"] == "42"


@FLAVOURS
def test_update_merges_groups_field_by_field_and_replaces_labels(flavour: str) -> None:
    engine = Engine()
    update(
        flavour,
        engine,
        task_history_retention_limit=3,
        heartbeat_tick=3,
        dispatcher_heartbeat_period=9000000000,
        node_cert_expiry=7200000000000,
        autolock_managers=False,
        labels={"env": "prod"},
        log_driver={"Name": "local"},
    )
    expected = copy.deepcopy(CURRENT)
    expected["Orchestration"]["TaskHistoryRetentionLimit"] = 3
    expected["Raft"]["HeartbeatTick"] = 3
    expected["Dispatcher"]["HeartbeatPeriod"] = 9000000000
    expected["CAConfig"]["NodeCertExpiry"] = 7200000000000
    expected["EncryptionConfig"]["AutoLockManagers"] = False
    expected["Labels"] = {"env": "prod"}  # a mapping is one setting: replaced, not merged
    expected["TaskDefaults"]["LogDriver"] = {"Name": "local"}  # no stale json-file options
    assert engine.body() == expected


@FLAVOURS
def test_update_reads_the_swarm_first_for_a_fresh_version(flavour: str) -> None:
    # A Swarm object loaded earlier carries an old version; update reads it again.
    engine = Engine(index=5)
    transport = httpx.MockTransport(engine.handle)
    if flavour == "sync":
        with DockerClient(base_url="tcp://engine:2375", transport=transport) as client:
            swarm = client.swarm
            swarm.reload()
            engine.index = 9  # changed by someone else meanwhile
            swarm.update(rotate_worker_token=True)
            assert swarm.version == 9
    else:

        async def run() -> None:
            async with AsyncDockerClient(
                base_url="tcp://engine:2375", transport=transport
            ) as client:
                swarm = client.swarm
                await swarm.reload()
                engine.index = 9
                await swarm.update(rotate_worker_token=True)
                assert swarm.version == 9

        asyncio.run(run())
    assert engine.inspects == 2
    params = engine.params()
    assert params["version"] == "9" and params["rotateWorkerToken"] in ("1", "true", "True")
    assert engine.body() == CURRENT  # tokens only: the spec goes back as it is


@FLAVOURS
def test_update_with_a_bad_setting_sends_nothing(flavour: str) -> None:
    engine = Engine()
    with pytest.raises(InvalidArgument):
        update(flavour, engine, external_cas="not a list")
    assert engine.updates == [] and engine.inspects == 0


@FLAVOURS
def test_update_outside_a_swarm_is_the_engines_refusal(flavour: str) -> None:
    engine = Engine(manager=False)
    with pytest.raises(APIError, match="not a swarm manager"):
        update(flavour, engine, snapshot_interval=5000)


def test_update_swarm_sends_the_spec_it_is_given() -> None:
    # The low-level call does not merge: the spec given replaces the current one.
    engine = Engine()
    transport = httpx.MockTransport(engine.handle)
    with APIClient(base_url="tcp://engine:2375", transport=transport) as api:
        api.update_swarm(42, swarm_spec=api.create_swarm_spec(snapshot_interval=5000))
    assert engine.body() == {"Raft": {"SnapshotInterval": 5000}}
    assert engine.inspects == 0


@pytest.mark.parametrize(
    ("current", "changes", "expected"),
    [
        ({}, {}, {}),
        (None, {"Name": "x"}, {"Name": "x"}),
        (CURRENT, {}, CURRENT),
        ({"Raft": {"ElectionTick": 10}}, {"Raft": {"HeartbeatTick": 1}},
         {"Raft": {"ElectionTick": 10, "HeartbeatTick": 1}}),
        ({"Raft": {"ElectionTick": 10}}, {"Raft": {"ElectionTick": 20}},
         {"Raft": {"ElectionTick": 20}}),
        ({"Orchestration": {}}, {"Orchestration": {"TaskHistoryRetentionLimit": 2}},
         {"Orchestration": {"TaskHistoryRetentionLimit": 2}}),
        ({"Labels": {"a": "1"}}, {"Labels": {"b": "2"}}, {"Labels": {"b": "2"}}),
        ({"Labels": {"a": "1"}}, {"Labels": {}}, {"Labels": {}}),
        ({"CAConfig": {"NodeCertExpiry": 1, "ExternalCAs": [{"URL": "a"}]}},
         {"CAConfig": {"ExternalCAs": [{"URL": "b"}]}},
         {"CAConfig": {"NodeCertExpiry": 1, "ExternalCAs": [{"URL": "b"}]}}),
        ({"TaskDefaults": {"LogDriver": {"Name": "json-file", "Options": {"a": "1"}}}},
         {"TaskDefaults": {"LogDriver": {"Name": "local"}}},
         {"TaskDefaults": {"LogDriver": {"Name": "local"}}}),
        ({"Name": "default", "Dispatcher": None}, {"Dispatcher": {"HeartbeatPeriod": 5}},
         {"Name": "default", "Dispatcher": {"HeartbeatPeriod": 5}}),
    ],
)  # fmt: skip
def test_merge_swarm_spec(current: Any, changes: Any, expected: dict[str, Any]) -> None:
    before = copy.deepcopy(current)
    merged = merge_swarm_spec(current, changes)
    assert merged == expected
    assert current == before  # not changed in place
    if isinstance(current, dict) and "Raft" in current:
        assert merged["Raft"] is not current["Raft"]


def test_merge_swarm_spec_takes_builders_and_models() -> None:
    from dockersdk.models import SwarmSpec as SpecModel

    current = SpecModel(CURRENT)
    changes = SwarmSpec(election_tick=30, name="prod")
    merged = merge_swarm_spec(current, changes)
    assert merged["Raft"] == {**CURRENT["Raft"], "ElectionTick": 30}
    assert merged["Name"] == "prod" and merged["Labels"] == CURRENT["Labels"]


def test_outside_a_swarm_attrs_are_empty_but_an_explicit_reload_raises() -> None:
    # docker-py: the Swarm object keeps {} when its first load gets 503/406; reload() raises
    # (its own suite checks that leaving the swarm shows up that way).
    transport = httpx.MockTransport(Engine(manager=False).handle)
    with DockerClient(base_url="tcp://engine:2375", transport=transport) as client:
        swarm = client.swarm
        assert swarm.id == "" and swarm.version == 0 and dict(swarm.attrs) == {}
        with pytest.raises(APIError, match="not a swarm manager") as info:
            swarm.reload()
        assert info.value.status_code == 503


def test_async_reload_outside_a_swarm_raises() -> None:
    transport = httpx.MockTransport(Engine(manager=False).handle)

    async def run() -> None:
        async with AsyncDockerClient(base_url="tcp://engine:2375", transport=transport) as client:
            with pytest.raises(APIError, match="not a swarm manager") as info:
                await client.swarm.reload()
            assert info.value.status_code == 503

    asyncio.run(run())


def test_a_swarm_left_after_loading_raises_on_reload() -> None:
    engine = Engine()
    transport = httpx.MockTransport(engine.handle)
    with DockerClient(base_url="tcp://engine:2375", transport=transport) as client:
        swarm = client.swarm
        assert swarm.id == "s1"
        engine.manager = False  # the engine left the swarm
        with pytest.raises(APIError) as info:
            swarm.reload()
        assert info.value.status_code == 503
        assert swarm.id == "s1"  # what was loaded stays
