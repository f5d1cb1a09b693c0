"""Swarm services: ``client.services`` (create, get, list) and ``Service`` objects.

``create``/``update`` take docker-py's keyword arguments and route them by the builders'
signatures: what ``create_service`` takes (``name``, ``labels``, ``mode``...) goes to the
service, what :class:`~dockersdk.types.ContainerSpec` takes to the container spec, what
:class:`~dockersdk.types.TaskTemplate` and :class:`~dockersdk.types.Placement` take to
those; ``container_labels``, ``log_driver`` and ``log_driver_options`` as in docker-py.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
from dockersdk.errors import APIError, InvalidArgument, unexpected_keywords_message
from dockersdk.types import (
    ContainerSpec,
    InvalidArgumentType,
    Placement,
    ServiceMode,
    TaskTemplate,
)
from dockersdk.types._base import serialize

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.aio.api._stream import AsyncStream
    from dockersdk.models import Service as ServiceAttrs
    from dockersdk.models import ServiceUpdateResponse, Task
    from dockersdk.types._kwargs import ServiceCreateKwargs, ServiceUpdateKwargs

__all__ = [
    "CONTAINER_SPEC_KWARGS",
    "CREATE_SERVICE_KWARGS",
    "PLACEMENT_KWARGS",
    "TASK_TEMPLATE_KWARGS",
    "AsyncService",
    "AsyncServiceCollection",
    "route_service_kwargs",
]


def _parameters(func: Callable[..., Any], *drop: str) -> frozenset[str]:
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return frozenset(
        name
        for name, param in inspect.signature(func).parameters.items()
        if param.kind in kinds and name != "self" and name not in drop
    )


#: Service-level keywords (docker-py's list of them); ``labels`` are the service's.
CREATE_SERVICE_KWARGS = [
    "name",
    "labels",
    "mode",
    "update_config",
    "rollback_config",
    "endpoint_spec",
]
SERVICE_KWARGS = frozenset(CREATE_SERVICE_KWARGS)
CONTAINER_SPEC_KWARGS = _parameters(ContainerSpec.__init__) - SERVICE_KWARGS
TASK_TEMPLATE_KWARGS = _parameters(
    TaskTemplate.__init__, "container_spec", "placement", "log_driver", "force_update"
)
PLACEMENT_KWARGS = _parameters(Placement.__init__)
SPECIAL_KWARGS = frozenset({"container_labels", "log_driver", "log_driver_options"})
UPDATE_ONLY_KWARGS = frozenset({"force_update", "fetch_current_spec"})


def route_service_kwargs(kwargs: Mapping[str, Any], *, update: bool = False) -> dict[str, Any]:
    """docker-py's ``services.create``/``Service.update`` keywords as ``create_service`` ones.

    Raises:
        InvalidArgumentType: an unknown keyword.
    """
    known = (
        SERVICE_KWARGS
        | CONTAINER_SPEC_KWARGS
        | TASK_TEMPLATE_KWARGS
        | PLACEMENT_KWARGS
        | SPECIAL_KWARGS
        | (UPDATE_ONLY_KWARGS if update else frozenset[str]())
    )
    unknown = set(kwargs) - known
    if unknown:
        raise InvalidArgumentType(
            unexpected_keywords_message("update" if update else "create", unknown, known)
        )
    service = {k: serialize(v) for k, v in kwargs.items() if k in SERVICE_KWARGS}
    spec = {k: v for k, v in kwargs.items() if k in CONTAINER_SPEC_KWARGS}
    template = {k: v for k, v in kwargs.items() if k in TASK_TEMPLATE_KWARGS}
    placement = {k: v for k, v in kwargs.items() if k in PLACEMENT_KWARGS}
    if "container_labels" in kwargs:
        spec["labels"] = kwargs["container_labels"]
    if "log_driver" in kwargs:
        template["log_driver"] = {
            "Name": kwargs["log_driver"],
            "Options": kwargs.get("log_driver_options") or {},
        }
    if update and "force_update" in kwargs:
        template["force_update"] = kwargs["force_update"]
    if update:
        service["fetch_current_spec"] = kwargs.get("fetch_current_spec", True)
    if placement:
        template["placement"] = Placement(**placement)
    service["task_template"] = TaskTemplate(container_spec=ContainerSpec(**spec), **template)
    return service


class AsyncService(AsyncModel["ServiceAttrs"]):
    """A swarm service. ``attrs`` is the typed ``Service`` model."""

    id_attribute = "ID"
    attrs_model = "Service"

    async def _inspect(self) -> ServiceAttrs:
        return await self._api.inspect_service(self.id)

    @property
    def name(self) -> str | None:
        """The service's name."""
        spec = self.attrs.spec
        return spec.name if spec is not None else None

    @property
    def version(self) -> int:
        """The service object's version (for optimistic locking)."""
        version = self.attrs.version
        return (version.index if version is not None else None) or 0

    async def remove(self) -> bool:
        """Remove the service."""
        return await self._api.remove_service(self.id)

    async def tasks(self, filters: Mapping[str, Any] | None = None) -> list[Task]:
        """The service's tasks."""
        return await self._api.tasks(filters={**(filters or {}), "service": self.id})

    async def update(self, **kwargs: Unpack[ServiceUpdateKwargs]) -> ServiceUpdateResponse:
        """Change the service; takes the keywords of :meth:`ServiceCollection.create`.

        ``image`` defaults to the current one; ``force_update=True`` bumps the counter;
        the current spec is fetched and merged unless ``fetch_current_spec=False``.
        """

        def request() -> dict[str, Any]:
            template = self.attrs["Spec"]["TaskTemplate"]
            wanted: dict[str, Any] = dict(kwargs)
            if "image" not in wanted:
                wanted["image"] = template["ContainerSpec"]["Image"]
            if wanted.get("force_update") is True:
                wanted["force_update"] = int(template.get("ForceUpdate") or 0) + 1
            return route_service_kwargs(wanted, update=True)

        return await self._update_current(request)

    async def _update_current(
        self, request: Callable[[], dict[str, Any]], attempts: int = 3
    ) -> ServiceUpdateResponse:
        """Update against the service's current version.

        The swarm bumps a service's version on its own while a rolling update runs, so a
        version read earlier is refused as "update out of sequence": read it afresh and
        try again (the update states the whole wanted spec, so repeating it is safe).
        """
        for attempt in range(attempts):
            await self.reload()
            try:
                return await self._api.update_service(self.id, self.version, **request())
            except APIError as exc:
                if attempt == attempts - 1 or "out of sequence" not in str(exc):
                    raise
        raise AssertionError("unreachable")

    async def logs(
        self,
        details: bool = False,
        follow: bool = False,
        stdout: bool = False,
        stderr: bool = False,
        since: int = 0,
        timestamps: bool = False,
        tail: int | str = "all",
    ) -> AsyncStream[bytes]:
        """The service's logs as a stream (pass ``stdout``/``stderr``)."""
        spec = self.attrs["Spec"]["TaskTemplate"]["ContainerSpec"]
        return await self._api.service_logs(
            self.id,
            details=details,
            follow=follow,
            stdout=stdout,
            stderr=stderr,
            since=since,
            timestamps=timestamps,
            tail=tail,
            is_tty=bool(spec.get("TTY", False)),
        )

    async def scale(self, replicas: int) -> ServiceUpdateResponse:
        """Set the number of replicas of a replicated service.

        Raises:
            InvalidArgument: the service is global.
        """
        if "Global" in (self.attrs["Spec"]["Mode"] or {}):
            raise InvalidArgument("Cannot scale a global container")
        return await self._update_current(
            lambda: {"mode": ServiceMode("replicated", replicas), "fetch_current_spec": True}
        )

    async def force_update(self) -> ServiceUpdateResponse:
        """Restart the service's tasks without changing its spec."""
        return await self.update(force_update=True, fetch_current_spec=True)


class AsyncServiceCollection(AsyncCollection[AsyncService]):
    """``client.services``."""

    model = AsyncService

    async def create(
        self,
        image: str,
        command: str | Sequence[str] | None = None,
        **kwargs: Unpack[ServiceCreateKwargs],
    ) -> AsyncService:
        """Create a swarm service running ``image``.

        Args:
            image: the image.
            command: the command.
            **kwargs: docker-py's keywords: ``name``, ``labels``, ``mode``, ``env``,
                ``mounts``, ``networks``, ``constraints``, ``secrets``, ``configs``,
                ``endpoint_spec``, ``container_labels``, ``log_driver``...

        Raises:
            InvalidArgumentType: an unknown keyword.
        """
        wanted: dict[str, Any] = {**kwargs, "image": image, "command": command}
        created = await self._api.create_service(**route_service_kwargs(wanted))
        return await self.get(created.id or "")

    async def get(self, service_id: str, insert_defaults: bool | None = None) -> AsyncService:
        """The service with id or name ``service_id``."""
        return self.prepare_model(await self._api.inspect_service(service_id, insert_defaults))

    async def list(
        self, filters: Mapping[str, Any] | None = None, status: bool | None = None
    ) -> list[AsyncService]:
        """List services."""
        return [
            self.prepare_model(s) for s in await self._api.services(filters=filters, status=status)
        ]
