"""Swarm endpoints: the swarm itself (init, join, update, unlock, leave) and its nodes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import (
    Call,
    ResourceRef,
    SupportsToApi,
    api_form,
    drop_none,
    filters_param,
    parse_as,
    parse_json,
    parse_none,
)
from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.models import Node, Swarm, UnlockKeyResponse


#: docker-py's defaults for a swarm's address pool (``docker.constants``).
DEFAULT_SWARM_ADDR_POOL = ("10.0.0.0/8",)
DEFAULT_SWARM_SUBNET_SIZE = 24


def _require(version: str, minimum: str, what: str) -> None:
    if version_lt(version, minimum):
        raise InvalidVersion(
            f"{what}: only available for API version >= {minimum} (this client uses {version})"
        )


class AsyncSwarmApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/swarm`` and ``/nodes``."""

    # -- the swarm -------------------------------------------------------------------------

    async def init_swarm(
        self,
        advertise_addr: str | None = None,
        listen_addr: str = "0.0.0.0:2377",
        force_new_cluster: bool = False,
        swarm_spec: Mapping[str, Any] | SupportsToApi | None = None,
        default_addr_pool: list[str] | None = None,
        subnet_size: int | None = None,
        data_path_addr: str | None = None,
        data_path_port: int | None = None,
    ) -> str:
        """Make this engine a swarm manager (``POST /swarm/init``); returns the node id.

        As docker-py: ``default_addr_pool`` without ``subnet_size`` sends the default size
        (24), ``subnet_size`` alone the default pool (``10.0.0.0/8``).

        Raises:
            InvalidVersion: an address pool or subnet size before API 1.39, a data path
                address before 1.30, a data path port before 1.40.
        """
        version = await self._ensure_version()
        if default_addr_pool is not None or subnet_size is not None:
            _require(version, "1.39", "default_addr_pool and subnet_size")
            if subnet_size is None:
                subnet_size = DEFAULT_SWARM_SUBNET_SIZE
            if default_addr_pool is None:
                default_addr_pool = list(DEFAULT_SWARM_ADDR_POOL)
        if data_path_addr is not None:
            _require(version, "1.30", "data_path_addr")
        if data_path_port is not None:
            _require(version, "1.40", "data_path_port")
        body: dict[str, Any] = {
            "AdvertiseAddr": advertise_addr,
            "ListenAddr": listen_addr,
            "ForceNewCluster": force_new_cluster,
            "Spec": api_form(swarm_spec),
            "DefaultAddrPool": default_addr_pool,
            "SubnetSize": subnet_size,
            "DataPathAddr": data_path_addr,
            "DataPathPort": data_path_port,
        }
        result = await self._call(
            Call(
                "POST",
                "/swarm/init",
                parse_json,
                body={k: v for k, v in body.items() if v is not None},
            )
        )
        return str(result)

    async def inspect_swarm(self) -> Swarm:
        """The swarm's spec, join tokens and state."""
        from dockersdk.models import Swarm

        return await self._call(Call("GET", "/swarm", parse_as(Swarm)))

    async def leave_swarm(self, force: bool = False) -> bool:
        """Leave the swarm; returns True.

        As docker-py: with ``force``, a node that is in no swarm (503, or 406 from older
        engines) has nothing to leave and True is returned; without it, the engine's refusal
        raises (a manager is told to use ``force``).

        Raises:
            APIError: the engine refused (503 for a manager without ``force``...).
        """
        from dockersdk.errors import APIError

        try:
            await self._call(Call("POST", "/swarm/leave", parse_none, params={"force": force}))
        except APIError as exc:
            if not (force and exc.status_code in (406, 503)):
                raise
        return True

    async def join_swarm(
        self,
        remote_addrs: list[str],
        join_token: str,
        listen_addr: str = "0.0.0.0:2377",
        advertise_addr: str | None = None,
        data_path_addr: str | None = None,
    ) -> bool:
        """Join an existing swarm (``POST /swarm/join``).

        Args:
            remote_addrs: addresses of managers of the swarm.
            join_token: the worker or manager join token.
            listen_addr: where this node listens for swarm traffic.
            advertise_addr: the address advertised to other nodes.
            data_path_addr: the address for data-path traffic.

        Returns:
            True.
        """
        body = drop_none(
            {
                "RemoteAddrs": list(remote_addrs),
                "JoinToken": join_token,
                "ListenAddr": listen_addr,
                "AdvertiseAddr": advertise_addr,
                "DataPathAddr": data_path_addr,
            }
        )
        await self._call(Call("POST", "/swarm/join", parse_none, body=body))
        return True

    async def update_swarm(
        self,
        version: int,
        swarm_spec: Mapping[str, Any] | SupportsToApi | None = None,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
        rotate_manager_unlock_key: bool = False,
    ) -> bool:
        """Change the swarm's spec or rotate its tokens (``POST /swarm/update``).

        Args:
            version: the swarm object's ``Version.Index`` (optimistic locking).
            swarm_spec: the new spec (API form, or a :class:`~dockersdk.types.SwarmSpec`),
                sent as given: it replaces the current spec whole, and a setting it leaves
                out goes back to the engine's default. To change some settings only,
                start from ``inspect_swarm().spec`` or use ``client.swarm.update()``,
                which merges. None keeps the current spec (to rotate tokens only).
            rotate_worker_token: issue a new worker join token.
            rotate_manager_token: issue a new manager join token.
            rotate_manager_unlock_key: issue a new unlock key.

        Returns:
            True.
        """
        spec = api_form(swarm_spec)
        if spec is None:
            current = (await self.inspect_swarm()).spec
            spec = current.to_dict() if current is not None else {}
        await self._call(
            Call(
                "POST",
                "/swarm/update",
                parse_none,
                params={
                    "version": version,
                    "rotateWorkerToken": rotate_worker_token,
                    "rotateManagerToken": rotate_manager_token,
                    "rotateManagerUnlockKey": rotate_manager_unlock_key,
                },
                body=spec,
            )
        )
        return True

    async def get_unlock_key(self) -> UnlockKeyResponse:
        """The key that unlocks a manager of an autolocked swarm (``GET /swarm/unlockkey``)."""
        from dockersdk.models import UnlockKeyResponse

        return await self._call(Call("GET", "/swarm/unlockkey", parse_as(UnlockKeyResponse)))

    async def unlock_swarm(self, key: str | Mapping[str, Any]) -> bool:
        """Unlock a locked manager (``POST /swarm/unlock``).

        Args:
            key: the unlock key, or the ``{"UnlockKey": ...}`` :meth:`get_unlock_key` gave.

        Returns:
            True.
        """
        if not isinstance(key, str):
            key = str(key.get("UnlockKey") or "")
        if not key:
            raise InvalidArgument("unlock_swarm(): the unlock key is empty")
        await self._call(Call("POST", "/swarm/unlock", parse_none, body={"UnlockKey": key}))
        return True

    # -- nodes -----------------------------------------------------------------------------

    async def nodes(self, filters: Mapping[str, Any] | None = None) -> list[Node]:
        """List swarm nodes."""
        from dockersdk.models import Node

        return await self._call(
            Call("GET", "/nodes", parse_as(list[Node]), params=filters_param(filters))
        )

    async def inspect_node(self, node_id: ResourceRef) -> Node:
        """Low-level information on a node."""
        from dockersdk.models import Node

        return await self._call(
            Call("GET", "/nodes/{id}", parse_as(Node), path_args={"id": node_id})
        )

    async def update_node(
        self, node_id: ResourceRef, version: int, node_spec: Mapping[str, Any] | None = None
    ) -> bool:
        """Change a node's role, availability, name or labels (``POST /nodes/{id}/update``).

        Args:
            node_id: the node.
            version: the node object's ``Version.Index``.
            node_spec: ``Role``, ``Availability``, ``Name``, ``Labels`` (API form).

        Returns:
            True.
        """
        await self._call(
            Call(
                "POST",
                "/nodes/{id}/update",
                parse_none,
                path_args={"id": node_id},
                params={"version": version},
                body=dict(node_spec or {}),
            )
        )
        return True

    async def remove_node(self, node_id: ResourceRef, force: bool = False) -> bool:
        """Remove a node from the swarm (``DELETE /nodes/{id}``); returns True."""
        await self._call(
            Call(
                "DELETE",
                "/nodes/{id}",
                parse_none,
                path_args={"id": node_id},
                params={"force": force},
            )
        )
        return True
