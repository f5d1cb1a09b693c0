"""Swarm endpoints: the swarm itself, nodes, services, tasks, secrets and configs."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.api._base import EndpointMixin
from dockersdk.api._core import Call, parse_as, parse_json, parse_none
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import (
        Config,
        ConfigCreateResponse,
        Node,
        Secret,
        SecretCreateResponse,
        Service,
        ServiceCreateResponse,
        Swarm,
        Task,
    )


def _filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"filters": convert_filters(filters) if filters else None}


def _data(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


class SwarmApiMixin(EndpointMixin):
    """Endpoints under ``/swarm``, ``/nodes``, ``/services``, ``/tasks``, ``/secrets`` and
    ``/configs``."""

    # -- the swarm -------------------------------------------------------------------------

    def init_swarm(
        self,
        advertise_addr: str | None = None,
        listen_addr: str = "0.0.0.0:2377",
        force_new_cluster: bool = False,
        swarm_spec: Mapping[str, Any] | None = None,
        default_addr_pool: list[str] | None = None,
        subnet_size: int | None = None,
        data_path_addr: str | None = None,
        data_path_port: int | None = None,
    ) -> str:
        """Make this engine a swarm manager; returns the node id."""
        body: dict[str, Any] = {
            "AdvertiseAddr": advertise_addr,
            "ListenAddr": listen_addr,
            "ForceNewCluster": force_new_cluster,
            "Spec": dict(swarm_spec) if swarm_spec else None,
            "DefaultAddrPool": default_addr_pool,
            "SubnetSize": subnet_size,
            "DataPathAddr": data_path_addr,
            "DataPathPort": data_path_port,
        }
        result = self._call(
            Call(
                "POST",
                "/swarm/init",
                parse_json,
                body={k: v for k, v in body.items() if v is not None},
            )
        )
        return str(result)

    def inspect_swarm(self) -> Swarm:
        """The swarm's spec, join tokens and state."""
        from dockersdk.models import Swarm

        return self._call(Call("GET", "/swarm", parse_as(Swarm)))

    def leave_swarm(self, force: bool = False) -> bool:
        """Leave the swarm; returns True (also when not in one, like docker-py)."""
        from dockersdk.errors import APIError

        try:
            self._call(Call("POST", "/swarm/leave", parse_none, params={"force": force}))
        except APIError as exc:
            # 503 "This node is not part of a swarm": leaving is already done.
            if exc.status_code != 503:
                raise
        return True

    # -- nodes -----------------------------------------------------------------------------

    def nodes(self, filters: Mapping[str, Any] | None = None) -> list[Node]:
        """List swarm nodes."""
        from dockersdk.models import Node

        return self._call(Call("GET", "/nodes", parse_as(list[Node]), params=_filters(filters)))

    def inspect_node(self, node_id: str) -> Node:
        """Low-level information on a node."""
        from dockersdk.models import Node

        return self._call(Call("GET", "/nodes/{id}", parse_as(Node), path_args={"id": node_id}))

    # -- services and tasks ----------------------------------------------------------------

    def create_service(
        self,
        task_template: Mapping[str, Any],
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        mode: Mapping[str, Any] | None = None,
        update_config: Mapping[str, Any] | None = None,
        networks: list[Any] | None = None,
        endpoint_spec: Mapping[str, Any] | None = None,
        rollback_config: Mapping[str, Any] | None = None,
    ) -> ServiceCreateResponse:
        """Create a service from a task template in API form; returns its ``ID``."""
        from dockersdk.models import ServiceCreateResponse

        body: dict[str, Any] = {
            "Name": name,
            "Labels": labels,
            "TaskTemplate": dict(task_template),
            "Mode": mode,
            "UpdateConfig": update_config,
            "RollbackConfig": rollback_config,
            "Networks": networks,
            "EndpointSpec": endpoint_spec,
        }
        return self._call(
            Call(
                "POST",
                "/services/create",
                parse_as(ServiceCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    def services(
        self, filters: Mapping[str, Any] | None = None, status: bool | None = None
    ) -> list[Service]:
        """List services."""
        from dockersdk.models import Service

        params = {**_filters(filters), "status": status}
        return self._call(Call("GET", "/services", parse_as(list[Service]), params=params))

    def inspect_service(self, service: str, insert_defaults: bool | None = None) -> Service:
        """Low-level information on a service."""
        from dockersdk.models import Service

        return self._call(
            Call(
                "GET",
                "/services/{id}",
                parse_as(Service),
                path_args={"id": service},
                params={"insertDefaults": insert_defaults},
            )
        )

    def remove_service(self, service: str) -> bool:
        """Remove a service; returns True."""
        self._call(Call("DELETE", "/services/{id}", parse_none, path_args={"id": service}))
        return True

    def tasks(self, filters: Mapping[str, Any] | None = None) -> list[Task]:
        """List swarm tasks."""
        from dockersdk.models import Task

        return self._call(Call("GET", "/tasks", parse_as(list[Task]), params=_filters(filters)))

    def inspect_task(self, task: str) -> Task:
        """Low-level information on a task."""
        from dockersdk.models import Task

        return self._call(Call("GET", "/tasks/{id}", parse_as(Task), path_args={"id": task}))

    # -- secrets and configs ---------------------------------------------------------------

    def create_secret(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        driver: Mapping[str, Any] | None = None,
    ) -> SecretCreateResponse:
        """Create a secret; ``data`` is base64-encoded for the engine. Returns its ``ID``."""
        from dockersdk.models import SecretCreateResponse

        body = {"Name": name, "Data": _data(data), "Labels": labels, "Driver": driver}
        return self._call(
            Call(
                "POST",
                "/secrets/create",
                parse_as(SecretCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    def secrets(self, filters: Mapping[str, Any] | None = None) -> list[Secret]:
        """List secrets (their data is never returned by the engine)."""
        from dockersdk.models import Secret

        return self._call(Call("GET", "/secrets", parse_as(list[Secret]), params=_filters(filters)))

    def inspect_secret(self, id: str) -> Secret:
        """Low-level information on a secret."""
        from dockersdk.models import Secret

        return self._call(Call("GET", "/secrets/{id}", parse_as(Secret), path_args={"id": id}))

    def remove_secret(self, id: str) -> bool:
        """Remove a secret; returns True."""
        self._call(Call("DELETE", "/secrets/{id}", parse_none, path_args={"id": id}))
        return True

    def create_config(
        self,
        name: str,
        data: bytes | str,
        labels: Mapping[str, str] | None = None,
        templating: Mapping[str, Any] | None = None,
    ) -> ConfigCreateResponse:
        """Create a config; ``data`` is base64-encoded for the engine. Returns its ``ID``."""
        from dockersdk.models import ConfigCreateResponse

        body = {"Name": name, "Data": _data(data), "Labels": labels, "Templating": templating}
        return self._call(
            Call(
                "POST",
                "/configs/create",
                parse_as(ConfigCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    def configs(self, filters: Mapping[str, Any] | None = None) -> list[Config]:
        """List configs."""
        from dockersdk.models import Config

        return self._call(Call("GET", "/configs", parse_as(list[Config]), params=_filters(filters)))

    def inspect_config(self, id: str) -> Config:
        """Low-level information on a config."""
        from dockersdk.models import Config

        return self._call(Call("GET", "/configs/{id}", parse_as(Config), path_args={"id": id}))

    def remove_config(self, id: str) -> bool:
        """Remove a config; returns True."""
        self._call(Call("DELETE", "/configs/{id}", parse_none, path_args={"id": id}))
        return True
