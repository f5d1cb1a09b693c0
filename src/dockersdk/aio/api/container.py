"""Container endpoints: list, create, inspect, lifecycle, changes, update, prune."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dockersdk._guards import is_dict, is_list
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    ResourceRef,
    SupportsToApi,
    drop_none,
    filters_param,
    parse_as,
    parse_json,
    parse_none,
)
from dockersdk.transport._messages import Response
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import (
        ContainerCreateResponse,
        ContainerInspectResponse,
        ContainerPruneResponse,
        ContainerSummary,
        ContainerTopResponse,
        ContainerUpdateResponse,
        ContainerWaitResponse,
        FilesystemChange,
        PortBinding,
    )
    from dockersdk.transport._messages import Response
    from dockersdk.types import Healthcheck

__all__ = ["AsyncContainerApiMixin", "SupportsToApi"]


def _listed_as_docker_py(
    parse: Callable[[Response], list[ContainerSummary]], quiet: bool
) -> Callable[[Response], list[ContainerSummary]]:
    """``parse`` after docker-py's changes to the list: with ``quiet`` each item keeps its
    ``Id`` alone, else (``trunc``) the ids are cut to 12 characters."""

    def parse_changed(response: Response) -> list[ContainerSummary]:
        listed = parse_json(response)
        if is_list(listed):
            items = [item for item in listed if is_dict(item)]
            if quiet:
                listed = [{"Id": item.get("Id")} for item in items]
            else:
                for item in items:
                    if isinstance(item.get("Id"), str):
                        item["Id"] = item["Id"][:12]
        changed = Response(
            response.status_code,
            response.headers,
            content=json.dumps(listed).encode(),
            request=response.request,
        )
        return parse(changed)

    return parse_changed


class AsyncContainerApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/containers``."""

    async def containers(
        self,
        quiet: bool = False,
        all: bool = False,
        trunc: bool = False,
        latest: bool = False,
        since: str | None = None,
        before: str | None = None,
        limit: int = -1,
        size: bool = False,
        filters: Mapping[str, Any] | None = None,
    ) -> list[ContainerSummary]:
        """List containers (``GET /containers/json``).

        Args:
            quiet: only the ids: each item holds ``Id`` alone, as docker-py returns it.
            all: include stopped containers.
            trunc: ids cut to their first 12 characters, as docker-py cuts them.
            latest: only the most recently created container.
            since: only containers created after this id or name.
            before: only containers created before this id or name.
            limit: at most this many of the most recent containers (-1 for all).
            size: include ``SizeRw``/``SizeRootFs``.
            filters: engine filters, e.g. ``{"status": "running", "label": ["a=b"]}``.

        Returns:
            The containers, typed as ``ContainerSummary``.
        """
        from dockersdk.models import ContainerSummary

        merged: dict[str, Any] = dict(filters or {})
        if since:
            merged["since"] = since
        if before:
            merged["before"] = before
        params = {
            "all": all or None,
            "limit": 1 if latest else (limit if limit != -1 else None),
            "size": size or None,
            "filters": convert_filters(merged) if merged else None,
        }
        parse: Callable[[Response], list[ContainerSummary]] = parse_as(list[ContainerSummary])
        if quiet or trunc:
            parse = _listed_as_docker_py(parse, quiet)
        return await self._call(Call("GET", "/containers/json", parse, params=params))

    async def create_container(
        self,
        image: str,
        command: str | Sequence[str] | None = None,
        hostname: str | None = None,
        user: str | int | None = None,
        detach: bool = False,
        stdin_open: bool = False,
        tty: bool = False,
        ports: list[int | str | tuple[int | str, str]]
        | tuple[int | str | tuple[int | str, str], ...]
        | Mapping[str, Any]
        | None = None,
        environment: Mapping[str, str] | Sequence[str] | None = None,
        volumes: str | Sequence[str] | Mapping[str, Any] | None = None,
        network_disabled: bool = False,
        name: str | None = None,
        entrypoint: str | Sequence[str] | None = None,
        working_dir: str | None = None,
        domainname: str | None = None,
        host_config: Mapping[str, Any] | None = None,
        mac_address: str | None = None,
        labels: Mapping[str, str] | list[str] | tuple[str, ...] | None = None,
        stop_signal: str | None = None,
        networking_config: Mapping[str, Any] | None = None,
        healthcheck: Mapping[str, Any] | Healthcheck | None = None,
        stop_timeout: int | None = None,
        runtime: str | None = None,
        use_config_proxy: bool = True,
        platform: str | None = None,
    ) -> ContainerCreateResponse:
        """Create a container (``POST /containers/create``); returns its ``Id`` and ``Warnings``.

        Args mirror docker-py's ``APIClient.create_container``, and the body is built as
        docker-py builds it, by :class:`dockersdk.types.ContainerConfig` checked against the
        client's API version: ``volumes`` may be one path, ``healthcheck`` a dict with
        snake_case or API keys (a string ``test`` is a ``CMD-SHELL`` command),
        ``host_config``/``networking_config`` API-form dicts or builders.

        Raises:
            InvalidArgument: a malformed or wrongly typed value (``InvalidArgumentType``, a
                ``TypeError`` too). InvalidVersion: a setting newer than the API version.
        """
        from dockersdk.types import ContainerConfig

        if use_config_proxy:
            environment = self._proxy_configs.inject_proxy_environment(environment) or None
        config = ContainerConfig(
            self._version_hint,
            image,
            command,
            hostname=hostname,
            user=user,
            detach=detach,
            stdin_open=stdin_open,
            tty=tty,
            ports=ports,
            environment=environment,
            volumes=volumes,
            network_disabled=network_disabled,
            entrypoint=entrypoint,
            working_dir=working_dir,
            domainname=domainname,
            host_config=host_config,
            mac_address=mac_address,
            labels=labels,
            stop_signal=stop_signal,
            networking_config=networking_config,
            healthcheck=healthcheck,
            stop_timeout=stop_timeout,
            runtime=runtime,
        )
        return await self.create_container_from_config(
            config.to_api(), name=name, platform=platform
        )

    async def create_container_from_config(
        self, config: Mapping[str, Any], name: str | None = None, platform: str | None = None
    ) -> ContainerCreateResponse:
        """Create a container from a body already in API form (``POST /containers/create``)."""
        from dockersdk.models import ContainerCreateResponse

        return await self._call(
            Call(
                "POST",
                "/containers/create",
                parse_as(ContainerCreateResponse),
                params={"name": name, "platform": platform},
                body=dict(config),
                resource="image",
                body_model="ContainerCreateRequest",
            )
        )

    async def inspect_container(self, container: ResourceRef) -> ContainerInspectResponse:
        """Low-level information on a container (``GET /containers/{id}/json``)."""
        from dockersdk.models import ContainerInspectResponse

        return await self._call(
            Call(
                "GET",
                "/containers/{id}/json",
                parse_as(ContainerInspectResponse),
                path_args={"id": container},
                resource="container",
            )
        )

    async def start(self, container: ResourceRef) -> None:
        """Start a container; starting a running one is not an error."""
        await self._call(self._lifecycle("start", container))

    async def stop(self, container: ResourceRef, timeout: int | None = None) -> None:
        """Stop a container, killing it after ``timeout`` seconds (engine default 10)."""
        call = self._lifecycle("stop", container, {"t": timeout})
        if timeout is not None:
            call = replace(call, timeout=float(timeout) + 60.0)
        await self._call(call)

    async def restart(self, container: ResourceRef, timeout: int = 10) -> None:
        """Restart a container."""
        await self._call(self._lifecycle("restart", container, {"t": timeout}))

    async def kill(self, container: ResourceRef, signal: str | int | None = None) -> None:
        """Send ``signal`` (default SIGKILL) to a container."""
        await self._call(self._lifecycle("kill", container, {"signal": signal}))

    async def pause(self, container: ResourceRef) -> None:
        """Freeze every process in a container."""
        await self._call(self._lifecycle("pause", container))

    async def unpause(self, container: ResourceRef) -> None:
        """Thaw a paused container."""
        await self._call(self._lifecycle("unpause", container))

    async def rename(self, container: ResourceRef, name: str) -> None:
        """Rename a container."""
        await self._call(self._lifecycle("rename", container, {"name": name}))

    def _lifecycle(
        self,
        action: str,
        container: ResourceRef,
        params: Mapping[str, Any] | None = None,
    ) -> Call[None]:
        return Call(
            "POST",
            f"/containers/{{id}}/{action}",
            parse_none,
            path_args={"id": container},
            params=params,
            resource="container",
            ok_statuses=(304,),
        )

    async def wait(
        self,
        container: ResourceRef,
        timeout: float | None = None,
        condition: str | None = None,
    ) -> ContainerWaitResponse:
        """Block until a container stops; returns its ``StatusCode`` (and ``Error``).

        Args:
            container: the container.
            timeout: seconds to wait at most (None: forever).
            condition: ``not-running`` (default), ``next-exit`` or ``removed``.
        """
        from dockersdk.models import ContainerWaitResponse

        return await self._call(
            Call(
                "POST",
                "/containers/{id}/wait",
                parse_as(ContainerWaitResponse),
                path_args={"id": container},
                params={"condition": condition},
                resource="container",
                timeout=NO_READ_TIMEOUT if timeout is None else timeout,
            )
        )

    async def remove_container(
        self,
        container: ResourceRef,
        v: bool = False,
        link: bool = False,
        force: bool = False,
    ) -> None:
        """Remove a container (``DELETE /containers/{id}``)."""
        await self._call(
            Call(
                "DELETE",
                "/containers/{id}",
                parse_none,
                path_args={"id": container},
                params={"v": v, "link": link, "force": force},
                resource="container",
            )
        )

    async def top(self, container: ResourceRef, ps_args: str | None = None) -> ContainerTopResponse:
        """The processes running in a container (``Titles`` and ``Processes``)."""
        from dockersdk.models import ContainerTopResponse

        return await self._call(
            Call(
                "GET",
                "/containers/{id}/top",
                parse_as(ContainerTopResponse),
                path_args={"id": container},
                params={"ps_args": ps_args},
                resource="container",
            )
        )

    async def diff(self, container: ResourceRef) -> list[FilesystemChange]:
        """Changes to a container's filesystem (``GET /containers/{id}/changes``).

        Returns:
            ``Path``/``Kind`` entries (kind 0: modified, 1: added, 2: deleted); empty when
            nothing changed.
        """
        from dockersdk.models import FilesystemChange

        changes: list[FilesystemChange] | None = await self._call(
            Call(
                "GET",
                "/containers/{id}/changes",
                parse_as(list[FilesystemChange] | None),
                path_args={"id": container},
                resource="container",
            )
        )
        return changes or []

    async def port(
        self, container: ResourceRef, private_port: int | str
    ) -> list[PortBinding] | None:
        """The host bindings of a container port, as docker-py's ``port`` finds them.

        Args:
            container: the container.
            private_port: the container port, ``80`` or ``"80/udp"``; without a protocol
                tcp, udp and sctp are tried in that order.

        Returns:
            ``HostIp``/``HostPort`` bindings, or None when the port is not published.
        """
        settings = (await self.inspect_container(container)).network_settings
        ports = settings.ports if settings is not None else None
        if ports is None:
            return None
        key = str(private_port)
        if "/" in key:
            return ports.get(key)
        for protocol in ("tcp", "udp", "sctp"):
            found = ports.get(f"{key}/{protocol}")
            if found:
                return found
        return None

    async def resize(self, container: ResourceRef, height: int, width: int) -> None:
        """Resize a container's TTY (``POST /containers/{id}/resize``)."""
        await self._call(
            Call(
                "POST",
                "/containers/{id}/resize",
                parse_none,
                path_args={"id": container},
                params={"h": height, "w": width},
                resource="container",
            )
        )

    async def update_container(
        self,
        container: ResourceRef,
        blkio_weight: int | None = None,
        cpu_period: int | None = None,
        cpu_quota: int | None = None,
        cpu_shares: int | None = None,
        cpuset_cpus: str | None = None,
        cpuset_mems: str | None = None,
        mem_limit: int | str | None = None,
        mem_reservation: int | str | None = None,
        memswap_limit: int | str | None = None,
        kernel_memory: int | str | None = None,
        restart_policy: Mapping[str, Any] | None = None,
    ) -> ContainerUpdateResponse:
        """Change a container's resource limits or restart policy without recreating it.

        Memory values take bytes or docker-py's strings (``"512m"``).

        Returns:
            The engine's ``Warnings``.
        """
        from dockersdk.models import ContainerUpdateResponse
        from dockersdk.utils.parsing import parse_bytes

        def size(value: int | str | None) -> int | None:
            return None if value is None else parse_bytes(value)

        body = drop_none(
            {
                "BlkioWeight": blkio_weight,
                "CpuPeriod": cpu_period,
                "CpuQuota": cpu_quota,
                "CpuShares": cpu_shares,
                "CpusetCpus": cpuset_cpus,
                "CpusetMems": cpuset_mems,
                "Memory": size(mem_limit),
                "MemoryReservation": size(mem_reservation),
                "MemorySwap": size(memswap_limit),
                "KernelMemory": size(kernel_memory),
                "RestartPolicy": dict(restart_policy) if restart_policy else None,
            }
        )
        return await self._call(
            Call(
                "POST",
                "/containers/{id}/update",
                parse_as(ContainerUpdateResponse),
                path_args={"id": container},
                body=body,
                resource="container",
                body_model="ContainerUpdateRequest",
            )
        )

    async def prune_containers(
        self, filters: Mapping[str, Any] | None = None
    ) -> ContainerPruneResponse:
        """Remove stopped containers (``POST /containers/prune``).

        Args:
            filters: ``until`` (a timestamp or duration) and ``label`` filters.

        Returns:
            ``ContainersDeleted`` and ``SpaceReclaimed``.
        """
        from dockersdk.models import ContainerPruneResponse

        return await self._call(
            Call(
                "POST",
                "/containers/prune",
                parse_as(ContainerPruneResponse),
                params=filters_param(filters),
            )
        )
