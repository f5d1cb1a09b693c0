"""The swarm: ``client.swarm`` (init, join, leave, update, unlock, reload)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncModel
from dockersdk.errors import APIError
from dockersdk.types.swarm import merge_swarm_spec

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.aio.client import AsyncDockerClient
    from dockersdk.models import Swarm as SwarmAttrs
    from dockersdk.models import UnlockKeyResponse
    from dockersdk.types._kwargs import SwarmSpecKwargs

__all__ = ["AsyncSwarm"]


class AsyncSwarm(AsyncModel["SwarmAttrs"]):
    """The swarm this engine belongs to. ``attrs`` is the typed ``Swarm`` model.

    As in docker-py: ``attrs`` is read on first access, and on an engine that is not a
    swarm manager it is an empty model (``id`` is ``""``, ``version`` 0) rather than an
    error; an explicit :meth:`reload` there raises the engine's :class:`APIError` (503 or
    406), which is how code finds out that the engine left the swarm.
    """

    id_attribute = "ID"
    attrs_model = "Swarm"

    def __init__(self, client: AsyncDockerClient | None = None, **kwargs: Any) -> None:
        super().__init__(client=client, summary=None, **kwargs)
        self._attrs = None  # loaded on first access

    async def _inspect(self) -> SwarmAttrs:
        return await self._api.inspect_swarm()

    async def _load_first(self) -> None:
        try:
            await self.reload()
        except APIError as exc:
            if exc.status_code not in (406, 503):  # not part of a swarm / not a manager
                raise
            self._attrs = self._coerce({})

    @property
    def id(self) -> str:
        """The swarm's id (``""`` when the engine is not a swarm manager)."""
        return self.attrs.id or ""

    @property
    def version(self) -> int:
        """The swarm object's version (for optimistic locking)."""
        version = self.attrs.version
        return (version.index if version is not None else None) or 0

    async def get_unlock_key(self) -> UnlockKeyResponse:
        """The key that unlocks a locked manager."""
        return await self._api.get_unlock_key()

    async def init(
        self,
        advertise_addr: str | None = None,
        listen_addr: str = "0.0.0.0:2377",
        force_new_cluster: bool = False,
        default_addr_pool: list[str] | None = None,
        subnet_size: int | None = None,
        data_path_addr: str | None = None,
        data_path_port: int | None = None,
        **kwargs: Unpack[SwarmSpecKwargs],
    ) -> str:
        """Make this engine a swarm manager; returns the node id.

        ``**kwargs`` are :class:`~dockersdk.types.SwarmSpec` settings (``task_history_
        retention_limit``, ``snapshot_interval``, ``autolock_managers``...).
        """
        node_id = await self._api.init_swarm(
            advertise_addr=advertise_addr,
            listen_addr=listen_addr,
            force_new_cluster=force_new_cluster,
            swarm_spec=self._api.create_swarm_spec(**kwargs),
            default_addr_pool=default_addr_pool,
            subnet_size=subnet_size,
            data_path_addr=data_path_addr,
            data_path_port=data_path_port,
        )
        await self.reload()
        return node_id

    async def join(
        self,
        remote_addrs: list[str],
        join_token: str,
        listen_addr: str = "0.0.0.0:2377",
        advertise_addr: str | None = None,
        data_path_addr: str | None = None,
    ) -> bool:
        """Join an existing swarm."""
        return await self._api.join_swarm(
            remote_addrs,
            join_token,
            listen_addr=listen_addr,
            advertise_addr=advertise_addr,
            data_path_addr=data_path_addr,
        )

    async def leave(self, force: bool = False) -> bool:
        """Leave the swarm."""
        return await self._api.leave_swarm(force=force)

    async def unlock(self, key: str) -> bool:
        """Unlock a locked manager."""
        return await self._api.unlock_swarm(key)

    async def update(
        self,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
        rotate_manager_unlock_key: bool = False,
        **kwargs: Unpack[SwarmSpecKwargs],
    ) -> bool:
        """Change some of the swarm's settings, or rotate its tokens.

        The swarm is read again first (so the version sent is the current one) and the
        settings given are laid over its current spec: whatever is not passed is kept.
        ``swarm.update(snapshot_interval=5000)`` changes the Raft snapshot interval only;
        the groups of settings (Raft, Dispatcher, CAConfig, Orchestration,
        EncryptionConfig, TaskDefaults) merge field by field, while ``labels``,
        ``external_cas`` and ``log_driver`` replace the current value whole (see
        :func:`dockersdk.types.swarm.merge_swarm_spec`). docker-py sent a spec of the
        settings passed only, so the engine reset every other one to its default;
        :meth:`~dockersdk.APIClient.update_swarm` given a spec still replaces it whole.

        Args:
            rotate_worker_token: issue a new worker join token.
            rotate_manager_token: issue a new manager join token.
            rotate_manager_unlock_key: issue a new unlock key.
            **kwargs: the :class:`~dockersdk.types.SwarmSpec` settings to change, as for
                :meth:`init` (``task_history_retention_limit``, ``snapshot_interval``,
                ``labels``, ``autolock_managers``...); none rotates tokens only.

        Returns:
            True.

        Raises:
            InvalidArgument: a malformed setting (nothing is sent).
            InvalidVersion: a setting newer than the client's API version.
            APIError: the engine refused, e.g. it is not a swarm manager, or the swarm
                changed between the read and the update (``update out of sequence``).
        """
        changes = self._api.create_swarm_spec(**kwargs)
        await self.reload()
        return await self._api.update_swarm(
            version=self.version,
            swarm_spec=merge_swarm_spec(self.attrs.spec, changes),
            rotate_worker_token=rotate_worker_token,
            rotate_manager_token=rotate_manager_token,
            rotate_manager_unlock_key=rotate_manager_unlock_key,
        )
