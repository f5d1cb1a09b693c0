"""Swarm builders: ``SwarmSpec`` (a swarm's settings), ``SwarmExternalCA``, and
``merge_swarm_spec`` (changed settings laid over a swarm's current spec)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dockersdk.types._base import Builder, check_type, require_version, serialize
from dockersdk.types.mounts import DriverConfig
from dockersdk.utils.versions import compare_version

__all__ = ["SwarmExternalCA", "SwarmSpec", "merge_swarm_spec"]

#: The spec's groups of settings: :func:`merge_swarm_spec` merges these field by field.
_GROUPS = frozenset(
    {"Orchestration", "Raft", "Dispatcher", "CAConfig", "EncryptionConfig", "TaskDefaults"}
)


class SwarmExternalCA(Builder):
    """An external CA that signs the swarm's node certificates.

    Args:
        url: where certificate signing requests go.
        protocol: the protocol (``'cfssl'``).
        options: protocol-specific options.
        ca_cert: the CA's root certificate (PEM).
    """

    api_model = "SwarmSpecCAConfigExternalCAsItem"

    def __init__(
        self,
        url: str,
        protocol: str | None = None,
        options: Mapping[str, str] | None = None,
        ca_cert: str | None = None,
    ) -> None:
        super().__init__()
        check_type("SwarmExternalCA", "url", url, str)
        self._set({"URL": url, "Protocol": protocol, "Options": options, "CACert": ca_cert})


class SwarmSpec(Builder):
    """A swarm's settings (``init_swarm``/``update_swarm``), docker-py's ``SwarmSpec``.

    Args:
        version: the API version to check against; None checks nothing.
        task_history_retention_limit: tasks kept in history per slot.
        snapshot_interval, keep_old_snapshots: Raft snapshot settings.
        log_entries_for_slow_followers, heartbeat_tick, election_tick: Raft settings.
        dispatcher_heartbeat_period: nanoseconds between agent heartbeats.
        node_cert_expiry: node certificate lifetime in nanoseconds.
        external_cas: :class:`SwarmExternalCA` objects or dicts.
        name, labels: the swarm's name and labels.
        signing_ca_cert, signing_ca_key: the root CA (PEM), API 1.30+.
        ca_force_rotate: change it to force a CA rotation, API 1.30+.
        autolock_managers: lock managers' keys when they stop.
        log_driver: the default log driver of tasks (a :class:`DriverConfig` or dict).

    Raises:
        InvalidVersion: an argument newer than ``version``.
    """

    api_model = "SwarmSpec"
    secret_keys = frozenset({"SigningCAKey"})

    def __init__(
        self,
        version: str | None = None,
        *,
        task_history_retention_limit: int | None = None,
        snapshot_interval: int | None = None,
        keep_old_snapshots: int | None = None,
        log_entries_for_slow_followers: int | None = None,
        heartbeat_tick: int | None = None,
        election_tick: int | None = None,
        dispatcher_heartbeat_period: int | None = None,
        node_cert_expiry: int | None = None,
        external_cas: Sequence[SwarmExternalCA | Mapping[str, Any]] | None = None,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        signing_ca_cert: str | None = None,
        signing_ca_key: str | None = None,
        ca_force_rotate: int | None = None,
        autolock_managers: bool | None = None,
        log_driver: DriverConfig | Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        if version is not None and version != "auto":
            compare_version(version, version)
        data: dict[str, Any] = {}
        if task_history_retention_limit is not None:
            data["Orchestration"] = {"TaskHistoryRetentionLimit": task_history_retention_limit}
        raft = {
            "SnapshotInterval": snapshot_interval,
            "KeepOldSnapshots": keep_old_snapshots,
            "LogEntriesForSlowFollowers": log_entries_for_slow_followers,
            "HeartbeatTick": heartbeat_tick,
            "ElectionTick": election_tick,
        }
        if any(raft.values()):
            data["Raft"] = raft
        if dispatcher_heartbeat_period:
            data["Dispatcher"] = {"HeartbeatPeriod": dispatcher_heartbeat_period}
        ca: dict[str, Any] = {}
        if node_cert_expiry is not None:
            ca["NodeCertExpiry"] = node_cert_expiry
        if external_cas:
            ca["ExternalCAs"] = list(check_type("SwarmSpec", "external_cas", external_cas, list))
        checked = (
            ("SigningCAKey", signing_ca_key, "signing_ca_key"),
            ("SigningCACert", signing_ca_cert, "signing_ca_cert"),
            ("ForceRotate", ca_force_rotate, "ca_force_rotate"),
        )
        for key, value, field in checked:
            if value is not None and (value or key == "ForceRotate"):
                require_version(version, "SwarmSpec", f"CAConfig.{key}", field)
                ca[key] = value
        if ca:
            data["CAConfig"] = ca
        if autolock_managers is not None:
            data["EncryptionConfig"] = {"AutoLockManagers": autolock_managers}
        if log_driver is not None:
            data["TaskDefaults"] = {"LogDriver": log_driver}
        if name is not None:
            data["Name"] = name
        if labels is not None:
            data["Labels"] = labels
        self._set(data)


def merge_swarm_spec(current: Any, changes: Any) -> dict[str, Any]:
    """``current`` (a swarm's spec) with ``changes`` laid over it, in API form.

    The groups of settings (``Orchestration``, ``Raft``, ``Dispatcher``, ``CAConfig``,
    ``EncryptionConfig``, ``TaskDefaults``) merge field by field, so a change of the Raft
    snapshot interval keeps the Raft ticks. Every other key, and every field inside a group,
    is replaced whole: ``Labels``, ``CAConfig.ExternalCAs`` and ``TaskDefaults.LogDriver``
    become what ``changes`` says (a label left out of ``Labels`` is removed).

    Args:
        current: the spec as the engine gives it (``inspect_swarm().spec``, or its dict).
        changes: the settings to change: a :class:`SwarmSpec` or an API-form dict.

    Returns:
        A new dict without None values; neither argument is changed.
    """
    merged: dict[str, Any] = serialize(current) or {}
    for key, value in serialize(changes).items():
        base = merged.get(key)
        if key in _GROUPS and isinstance(base, dict) and isinstance(value, dict):
            merged[key] = {**base, **value}
        else:
            merged[key] = value
    return merged
