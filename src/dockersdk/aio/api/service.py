"""Service endpoints: swarm services, their tasks, and the logs of both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import AsyncStream, decode_output
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    ResourceRef,
    SupportsToApi,
    api_form,
    filters_param,
    parse_as,
    parse_none,
)

if TYPE_CHECKING:
    from dockersdk.models import Service, ServiceCreateResponse, ServiceUpdateResponse, Task

#: update_service arguments and the spec keys they replace.
_SPEC_KEYS = {
    "task_template": "TaskTemplate",
    "name": "Name",
    "labels": "Labels",
    "mode": "Mode",
    "update_config": "UpdateConfig",
    "rollback_config": "RollbackConfig",
    "networks": "Networks",
    "endpoint_spec": "EndpointSpec",
}


class AsyncServiceApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/services`` and ``/tasks``."""

    async def create_service(
        self,
        task_template: Mapping[str, Any] | SupportsToApi,
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
            "TaskTemplate": api_form(task_template),
            "Mode": mode,
            "UpdateConfig": update_config,
            "RollbackConfig": rollback_config,
            "Networks": networks,
            "EndpointSpec": endpoint_spec,
        }
        return await self._call(
            Call(
                "POST",
                "/services/create",
                parse_as(ServiceCreateResponse),
                body={k: v for k, v in body.items() if v is not None},
            )
        )

    async def services(
        self, filters: Mapping[str, Any] | None = None, status: bool | None = None
    ) -> list[Service]:
        """List services."""
        from dockersdk.models import Service

        params = {**filters_param(filters), "status": status}
        return await self._call(Call("GET", "/services", parse_as(list[Service]), params=params))

    async def inspect_service(
        self, service: ResourceRef, insert_defaults: bool | None = None
    ) -> Service:
        """Low-level information on a service."""
        from dockersdk.models import Service

        return await self._call(
            Call(
                "GET",
                "/services/{id}",
                parse_as(Service),
                path_args={"id": service},
                params={"insertDefaults": insert_defaults},
            )
        )

    async def remove_service(self, service: ResourceRef) -> bool:
        """Remove a service; returns True."""
        await self._call(Call("DELETE", "/services/{id}", parse_none, path_args={"id": service}))
        return True

    async def tasks(self, filters: Mapping[str, Any] | None = None) -> list[Task]:
        """List swarm tasks."""
        from dockersdk.models import Task

        return await self._call(
            Call("GET", "/tasks", parse_as(list[Task]), params=filters_param(filters))
        )

    async def inspect_task(self, task: ResourceRef) -> Task:
        """Low-level information on a task."""
        from dockersdk.models import Task

        return await self._call(Call("GET", "/tasks/{id}", parse_as(Task), path_args={"id": task}))

    async def update_service(
        self,
        service: ResourceRef,
        version: int,
        task_template: Mapping[str, Any] | SupportsToApi | None = None,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        mode: Mapping[str, Any] | SupportsToApi | None = None,
        update_config: Mapping[str, Any] | SupportsToApi | None = None,
        networks: list[Any] | None = None,
        endpoint_config: Mapping[str, Any] | SupportsToApi | None = None,
        endpoint_spec: Mapping[str, Any] | SupportsToApi | None = None,
        fetch_current_spec: bool = False,
        rollback_config: Mapping[str, Any] | SupportsToApi | None = None,
    ) -> ServiceUpdateResponse:
        """Change a service (``POST /services/{id}/update``).

        Args:
            service: the service id or name.
            version: the service object's ``Version.Index`` (optimistic locking).
            task_template: the new task template (API form or builder).
            name: the new name.
            labels: the new labels.
            mode: ``{"Replicated": {"Replicas": n}}`` or ``{"Global": {}}``.
            update_config: how updates roll out.
            networks: networks to attach tasks to.
            endpoint_config: docker-py's old name for ``endpoint_spec``.
            endpoint_spec: ports and resolution mode.
            fetch_current_spec: start from the service's current spec, so that only the
                given fields change (otherwise omitted fields are reset).
            rollback_config: how rollbacks proceed.

        Returns:
            The engine's ``Warnings``.
        """
        from dockersdk.models import ServiceUpdateResponse

        given: dict[str, Any] = {
            "task_template": task_template,
            "name": name,
            "labels": labels,
            "mode": mode,
            "update_config": update_config,
            "rollback_config": rollback_config,
            "networks": networks,
            "endpoint_spec": endpoint_spec if endpoint_spec is not None else endpoint_config,
        }
        body: dict[str, Any] = {}
        if fetch_current_spec:
            current = (await self.inspect_service(service)).spec
            body = current.to_dict() if current is not None else {}
        for arg, key in _SPEC_KEYS.items():
            value = given[arg]
            if value is not None:
                body[key] = value if isinstance(value, (str, list)) else api_form(value)
        return await self._call(
            Call(
                "POST",
                "/services/{id}/update",
                parse_as(ServiceUpdateResponse),
                path_args={"id": service},
                params={"version": version},
                body=body,
            )
        )

    async def service_logs(
        self,
        service: ResourceRef,
        details: bool = False,
        follow: bool = False,
        stdout: bool = False,
        stderr: bool = False,
        since: int = 0,
        timestamps: bool = False,
        tail: int | str = "all",
        is_tty: bool | None = None,
    ) -> AsyncStream[bytes]:
        """The logs of a service's tasks (``GET /services/{id}/logs``).

        Args:
            service: the service id or name.
            details: include the extra attributes given to the log driver.
            follow: keep following new output (no read timeout).
            stdout: include stdout.
            stderr: include stderr.
            since: only logs since this UNIX timestamp.
            timestamps: prefix each line with its timestamp.
            tail: only the last N lines (``"all"`` for everything).
            is_tty: whether the service's containers have a TTY (default: looked up).

        Returns:
            A :class:`AsyncStream` of output payloads.
        """
        if is_tty is None:
            spec = (await self.inspect_service(service)).spec
            template = spec.task_template if spec is not None else None
            container_spec = template.container_spec if template is not None else None
            is_tty = bool(container_spec is not None and container_spec.tty)
        return await self._logs(
            "/services/{id}/logs",
            service,
            details,
            follow,
            stdout,
            stderr,
            since,
            timestamps,
            tail,
            is_tty,
        )

    async def task_logs(
        self,
        task: ResourceRef,
        details: bool = False,
        follow: bool = False,
        stdout: bool = False,
        stderr: bool = False,
        since: int = 0,
        timestamps: bool = False,
        tail: int | str = "all",
        is_tty: bool | None = None,
    ) -> AsyncStream[bytes]:
        """The logs of one swarm task (``GET /tasks/{id}/logs``); arguments as for
        :meth:`service_logs`."""
        if is_tty is None:
            spec = (await self.inspect_task(task)).spec
            container_spec = spec.container_spec if spec is not None else None
            is_tty = bool(container_spec is not None and container_spec.tty)
        return await self._logs(
            "/tasks/{id}/logs",
            task,
            details,
            follow,
            stdout,
            stderr,
            since,
            timestamps,
            tail,
            is_tty,
        )

    async def _logs(
        self,
        path: str,
        target: ResourceRef,
        details: bool,
        follow: bool,
        stdout: bool,
        stderr: bool,
        since: int,
        timestamps: bool,
        tail: int | str,
        is_tty: bool,
    ) -> AsyncStream[bytes]:
        call = Call(
            "GET",
            path,
            parse_none,
            path_args={"id": target},
            params={
                "details": details,
                "follow": follow,
                "stdout": stdout,
                "stderr": stderr,
                "since": since,
                "timestamps": timestamps,
                "tail": tail,
            },
            stream=True,
            timeout=NO_READ_TIMEOUT if follow else "default",
        )
        items: AsyncStream[Any] = await AsyncStream.open(
            self._stream(call), decode_output(is_tty, False)
        )
        return items
