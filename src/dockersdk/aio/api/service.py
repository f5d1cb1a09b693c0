"""Service endpoints: swarm services, their tasks, and the logs of both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk._guards import is_dict, is_mapping
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import AsyncStream, decode_output
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    ResourceRef,
    SupportsToApi,
    drop_none,
    filters_param,
    parse_as,
    parse_none,
)
from dockersdk.errors import InvalidArgument, InvalidArgumentType
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.models import Service, ServiceCreateResponse, ServiceUpdateResponse, Task


def _serialize(value: Any) -> Any:
    """:func:`dockersdk.types._base.serialize`, imported when a service call needs it (the
    builders are not part of a program that never touches services)."""
    from dockersdk.types._base import serialize

    return serialize(value)


def _api_dict(value: Any) -> dict[str, Any] | None:
    """The API form of a builder, a model or a dict (a fresh copy, without None values)."""
    if value is None:
        return None
    found = _serialize(value)
    if not is_dict(found):
        raise InvalidArgumentType(f"expected a dict or a builder, got {type(value).__name__}")
    return found


def _image_of(template: Mapping[str, Any]) -> str | None:
    spec = template.get("ContainerSpec")
    image = spec.get("Image") if is_mapping(spec) else None
    return str(image) if image else None


def _mode(mode: str | Mapping[str, Any] | SupportsToApi | None) -> Any:
    """docker-py's rule: a mode that is not a dict is the name of a :class:`ServiceMode`."""
    if not isinstance(mode, str):
        return mode
    from dockersdk.types import ServiceMode

    return ServiceMode(mode)


def _networks(networks: list[Any] | None) -> list[Any] | None:
    """Network names become ``{"Target": name}`` (docker-py's convert_service_networks)."""
    from dockersdk.utils.conversions import convert_service_networks

    return convert_service_networks(networks)


def _merge_task_template(current: Mapping[str, Any], override: Any) -> dict[str, Any]:
    """docker-py's ``_merge_task_template``: ``override``'s keys replace ``current``'s, its
    ``ContainerSpec`` key by key; None values change nothing.

    A ContainerSpec key replaces the current one whatever its case: the engine decodes keys
    case-insensitively and reads both spellings into one field, so an override spelt
    ``HealthCheck`` (the spec's) beside the current ``Healthcheck`` (the engine's) would be
    merged into the current value by the engine, not replace it.
    """
    merged = {key: value for key, value in current.items()}
    given = _api_dict(override) or {}
    for key, value in given.items():
        if key == "ContainerSpec" and is_mapping(value):
            replaced = {str(name).lower() for name in value}
            old: Mapping[str, Any] = merged.get("ContainerSpec") or {}
            spec = {name: item for name, item in old.items() if name.lower() not in replaced}
            spec.update(value)
            merged["ContainerSpec"] = spec
        else:
            merged[key] = value
    return merged


class AsyncServiceApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/services`` and ``/tasks``."""

    async def create_service(
        self,
        task_template: Mapping[str, Any] | SupportsToApi,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        mode: str | Mapping[str, Any] | SupportsToApi | None = None,
        update_config: Mapping[str, Any] | SupportsToApi | None = None,
        networks: list[Any] | None = None,
        endpoint_config: Mapping[str, Any] | SupportsToApi | None = None,
        endpoint_spec: Mapping[str, Any] | SupportsToApi | None = None,
        rollback_config: Mapping[str, Any] | SupportsToApi | None = None,
    ) -> ServiceCreateResponse:
        """Create a service (``POST /services/create``), as docker-py does.

        Args:
            task_template: the task template (:class:`dockersdk.types.TaskTemplate` or its
                API dict); its ``ContainerSpec`` must name an ``Image``.
            name: the service's name.
            labels: its labels.
            mode: ``'replicated'``, ``'global'``... (a :class:`ServiceMode` is made of a
                string), a ``ServiceMode`` or its API dict.
            update_config: how updates roll out.
            networks: network names (sent as ``{"Target": name}``),
                :class:`NetworkAttachmentConfig` objects or API dicts.
            endpoint_config: docker-py's old name for ``endpoint_spec``.
            endpoint_spec: ports and resolution mode.
            rollback_config: how rollbacks proceed.

        Returns:
            The new service's ``ID`` (and any ``Warnings``). The credentials known for the
            image's registry go along as ``X-Registry-Auth``, so that the nodes can pull it.

        Raises:
            InvalidArgument: no image in the task template, a malformed mode, or
                ``networks`` not a list (``InvalidArgumentType``, a ``TypeError`` too).
        """
        from dockersdk.models import ServiceCreateResponse

        template = _api_dict(task_template) or {}
        image = _image_of(template)
        if image is None:
            raise InvalidArgument("create_service(): missing mandatory Image key in ContainerSpec")
        body: dict[str, Any] = {
            "Name": name,
            "Labels": labels,
            "TaskTemplate": template,
            "Mode": _mode(mode),
            "UpdateConfig": update_config,
            "RollbackConfig": rollback_config,
            "Networks": _networks(networks),
            "EndpointSpec": endpoint_spec if endpoint_spec is not None else endpoint_config,
        }
        return await self._call(
            Call(
                "POST",
                "/services/create",
                parse_as(ServiceCreateResponse),
                body=_serialize(drop_none(body)),
                headers=self._auth_headers(image, None),
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
        """Change a service (``POST /services/{id}/update``), as docker-py does.

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
                given fields change (otherwise omitted fields are reset); a given
                ``task_template`` is merged into the current one (its ``ContainerSpec`` key
                by key).
            rollback_config: how rollbacks proceed.

        Returns:
            The engine's ``Warnings``. The credentials known for the image's registry go
            along as ``X-Registry-Auth``.
        """
        from dockersdk.models import ServiceUpdateResponse

        current: dict[str, Any] = {}
        if fetch_current_spec:
            # As docker-py: the current spec with the defaults the engine filled in, so that
            # only the given fields change.
            with_defaults = None if version_lt(await self._ensure_version(), "1.29") else True
            spec = (await self.inspect_service(service, insert_defaults=with_defaults)).spec
            current = _api_dict(spec) or {}
        template = _merge_task_template(current.get("TaskTemplate") or {}, task_template)
        body: dict[str, Any] = {
            "Name": current.get("Name") if name is None else name,
            "Labels": current.get("Labels") if labels is None else labels,
            "Mode": current.get("Mode") if mode is None else _mode(mode),
            "TaskTemplate": template,
            "UpdateConfig": current.get("UpdateConfig") if update_config is None else update_config,
            "RollbackConfig": (
                current.get("RollbackConfig") if rollback_config is None else rollback_config
            ),
            "EndpointSpec": current.get("EndpointSpec")
            if endpoint_spec is None and endpoint_config is None
            else (endpoint_spec if endpoint_spec is not None else endpoint_config),
        }
        if networks is not None:
            template["Networks"] = _networks(networks)
        elif template.get("Networks") is None:
            # Networks given the old way (top level) move into the template, as docker-py.
            found = current.get("Networks")
            if found is not None:
                template["Networks"] = found
        image = _image_of(template)
        return await self._call(
            Call(
                "POST",
                "/services/{id}/update",
                parse_as(ServiceUpdateResponse),
                path_args={"id": service},
                params={"version": version},
                body=_serialize(drop_none(body)),
                headers=self._auth_headers(image, None) if image is not None else None,
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
