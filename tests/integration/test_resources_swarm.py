"""``client.swarm.update()`` on the session swarm of each engine, through both clients: the
settings not passed keep their values (docker-py's update reset them to the defaults)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dockersdk import APIClient
from tests.fixtures.swarm import ensure_swarm

LABELS = {"dockersdk.test": "1", "dockersdk.swarm-update": "kept"}


def current_spec(api: APIClient) -> tuple[int, dict[str, Any]]:
    """The swarm's version and its spec in API form."""
    swarm = api.inspect_swarm()
    assert swarm.version is not None and swarm.spec is not None
    return swarm.version.index or 0, swarm.spec.to_dict()


@pytest.fixture
def swarm_spec(engine_url: str) -> Iterator[dict[str, Any]]:
    """The session swarm (tests/fixtures/swarm.py) with a non-default task history limit
    and labels, set with the low-level call; its spec before the test is put back after."""
    ensure_swarm(engine_url)
    with APIClient(base_url=engine_url) as api:
        version, original = current_spec(api)
        spec = {**original, "Labels": LABELS}
        spec["Orchestration"] = {
            **original.get("Orchestration", {}),
            "TaskHistoryRetentionLimit": 3,
        }
        api.update_swarm(version, swarm_spec=spec)
        _, prepared = current_spec(api)
        try:
            yield prepared
        finally:
            version, _ = current_spec(api)  # leave nothing changed for other tests
            api.update_swarm(version, swarm_spec=original)
            assert current_spec(api)[1] == original


def test_update_keeps_what_it_is_not_told_to_change(
    client: Any, engine_url: str, swarm_spec: dict[str, Any]
) -> None:
    assert swarm_spec["Labels"] == LABELS
    assert swarm_spec["Orchestration"]["TaskHistoryRetentionLimit"] == 3
    raft = swarm_spec["Raft"]
    interval = raft.get("SnapshotInterval", 10000) + 500
    assert client.swarm.update(snapshot_interval=interval) is True
    with APIClient(base_url=engine_url) as api:
        _, updated = current_spec(api)
    # Only the Raft snapshot interval moved: the task history limit, the labels, the other
    # Raft settings, the dispatcher, CA and encryption settings are as they were.
    assert updated == {**swarm_spec, "Raft": {**raft, "SnapshotInterval": interval}}

    # A second update through an object read before the first: it reads the swarm again,
    # so its version is not stale, and keeps the first update's interval.
    swarm = client.swarm
    swarm.reload()
    assert client.swarm.update(task_history_retention_limit=4) is True
    assert swarm.update(rotate_worker_token=True, labels={"dockersdk.test": "1"}) is True
    swarm.reload()
    spec = swarm.attrs.spec
    assert spec.raft.snapshot_interval == interval
    assert spec.orchestration.task_history_retention_limit == 4
    assert spec.labels == {"dockersdk.test": "1"}  # labels are replaced whole
