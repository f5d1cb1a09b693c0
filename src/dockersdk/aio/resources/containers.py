"""Containers: ``client.containers`` (run, create, get, list, prune) and ``Container`` objects.

``run``/``create`` take every keyword argument docker-py 7.x takes; how they are routed to
the create call is :mod:`dockersdk.resources._create_kwargs` (shared by both clients).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, Union, cast, overload

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
from dockersdk.errors import ContainerError, ImageNotFound, InvalidArgument

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.aio.api._socket import AsyncUpgradedSocket, AsyncWebSocket
    from dockersdk.aio.api._stream import AsyncStream
    from dockersdk.aio.api.container_io import Demuxed
    from dockersdk.aio.api.exec_api import AsyncExecStream, ExecOutput
    from dockersdk.aio.resources.images import AsyncImage
    from dockersdk.models import (
        ContainerInspectResponse,
        ContainerPruneResponse,
        ContainerStatsResponse,
        ContainerSummary,
        ContainerTopResponse,
        ContainerUpdateResponse,
        ContainerWaitResponse,
        FilesystemChange,
        PortBinding,
    )
    from dockersdk.resources._create_kwargs import (
        CONTAINER_CONFIG_KWARGS,
        HOST_CONFIG_KWARGS,
        RUN_CREATE_KWARGS,
        RUN_HOST_CONFIG_KWARGS,
        route_create_kwargs,
    )
    from dockersdk.types._kwargs import (
        ContainerCreateKwargs,
        ContainerRunKwargs,
        ContainerUpdateKwargs,
    )

__all__ = [
    "CONTAINER_CONFIG_KWARGS",
    "HOST_CONFIG_KWARGS",
    "RUN_CREATE_KWARGS",
    "RUN_HOST_CONFIG_KWARGS",
    "AsyncContainer",
    "AsyncContainerCollection",
    "AsyncExecResult",
    "route_create_kwargs",
]

DEFAULT_DATA_CHUNK_SIZE = 1024 * 2048
_READABLE_LOG_DRIVERS = ("json-file", "journald", "local")


_Output = TypeVar("_Output", covariant=True)


class AsyncExecResult(tuple[Union[int, None], _Output], Generic[_Output]):  # noqa: UP007
    """What :meth:`Container.exec_run` returns: docker-py's ``(exit_code, output)`` named
    tuple, generic in the output's type so each ``exec_run`` overload says what it holds.

    Attributes:
        exit_code: the command's exit code; None with ``stream``, ``socket`` or ``detach``.
        output: bytes, a ``(stdout, stderr)`` pair with ``demux``, a stream with ``stream``,
            the socket with ``socket``, None with ``detach``.
    """

    __slots__ = ()
    _fields = ("exit_code", "output")

    def __new__(cls, exit_code: int | None, output: _Output) -> AsyncExecResult[_Output]:
        return super().__new__(cls, (exit_code, output))

    def __getnewargs__(self) -> tuple[int | None, _Output]:
        return (self[0], self[1])

    @property
    def exit_code(self) -> int | None:
        """The command's exit code (None when not waited for)."""
        return self[0]

    @property
    def output(self) -> _Output:
        """The command's output."""
        return self[1]

    def _asdict(self) -> dict[str, Any]:
        return {"exit_code": self[0], "output": self[1]}

    def _replace(self, **changes: Any) -> AsyncExecResult[Any]:
        fields = {**self._asdict(), **changes}
        return type(self)(fields["exit_code"], fields["output"])

    def __repr__(self) -> str:
        return f"ExecResult(exit_code={self[0]!r}, output={self[1]!r})"


class AsyncContainer(AsyncModel["ContainerInspectResponse"]):
    """A container. ``attrs`` is the typed ``ContainerInspectResponse``.

    A container from :meth:`ContainerCollection.list` answers ``id``, ``name``, ``status``,
    ``labels``, ``ports`` and (while running) ``health`` from the list entry without a
    request; ``attrs`` is inspected on first access.
    """

    attrs_model = "ContainerInspectResponse"

    async def _inspect(self) -> ContainerInspectResponse:
        return await self._api.inspect_container(self.id)

    @property
    def summary(self) -> ContainerSummary | None:
        """The ``GET /containers/json`` entry this object was built from, if any."""
        return cast("ContainerSummary | None", self._summary)

    @property
    def name(self) -> str | None:
        """The container's name, without the leading ``/``."""
        if self._attrs is None and self.summary is not None:
            names = self.summary.names or []
            return names[0].lstrip("/") if names else None
        name = self.attrs.name
        return name.lstrip("/") if name is not None else None

    @property
    def image_id(self) -> str | None:
        """The id of the container's image (no request)."""
        if self._attrs is None and self.summary is not None:
            return self.summary.image_id
        return self.attrs.image

    @property
    async def image(self) -> AsyncImage | None:
        """The container's image (one image inspect)."""
        image_id = self.image_id
        if not image_id or self.client is None:
            return None
        return await self.client.images.get(image_id)

    @property
    def labels(self) -> dict[str, str]:
        """The container's labels."""
        if self._attrs is None and self.summary is not None:
            return dict(self.summary.labels or {})
        config = self.attrs.config
        return dict(config.labels or {}) if config is not None else {}

    @property
    def status(self) -> str | None:
        """The state: ``created``, ``running``, ``paused``, ``restarting``, ``exited``..."""
        if self._attrs is None and self.summary is not None:
            return self.summary.state
        state = self.attrs.state
        return state.status if state is not None else None

    @property
    def health(self) -> str:
        """The healthcheck status: ``starting``, ``healthy``, ``unhealthy`` or ``unknown``."""
        if self._attrs is None and self.summary is not None and self.summary.state == "running":
            text = self.summary.status or ""
            for marker, value in (
                ("(healthy)", "healthy"),
                ("(unhealthy)", "unhealthy"),
                ("(health: starting)", "starting"),
            ):
                if marker in text:
                    return value
            return "unknown"
        state = self.attrs.state
        health = state.health if state is not None else None
        return (health.status if health is not None else None) or "unknown"

    @property
    def ports(self) -> dict[str, list[PortBinding] | None]:
        """Published ports: ``{"80/tcp": [PortBinding(HostIp=..., HostPort=...)], ...}``."""
        from dockersdk.models import PortBinding

        if self._attrs is None and self.summary is not None:
            result: dict[str, list[PortBinding] | None] = {}
            for port in self.summary.ports or []:
                key = f"{port.private_port}/{port.type or 'tcp'}"
                if port.public_port is None:
                    result.setdefault(key, None)
                    continue
                binding = PortBinding({"HostIp": port.ip or "", "HostPort": str(port.public_port)})
                result[key] = [*(result.get(key) or []), binding]
            return result
        settings = self.attrs.network_settings
        ports = settings.ports if settings is not None else None
        return dict(ports or {})

    # -- output ----------------------------------------------------------------------------

    @overload
    async def attach(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: Literal[False] = ...,
        logs: bool = ...,
        demux: Literal[False] = ...,
    ) -> bytes: ...

    @overload
    async def attach(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: Literal[False] = ...,
        logs: bool = ...,
        *,
        demux: Literal[True],
    ) -> Demuxed: ...

    @overload
    async def attach(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        *,
        stream: Literal[True],
        logs: bool = ...,
        demux: Literal[False] = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def attach(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        *,
        stream: Literal[True],
        logs: bool = ...,
        demux: Literal[True],
    ) -> AsyncStream[Demuxed]: ...

    @overload
    async def attach(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: bool = ...,
        logs: bool = ...,
        demux: bool = ...,
    ) -> bytes | Demuxed | AsyncStream[bytes] | AsyncStream[Demuxed]: ...

    async def attach(
        self,
        stdout: bool = True,
        stderr: bool = True,
        stream: bool = False,
        logs: bool = False,
        demux: bool = False,
    ) -> bytes | Demuxed | AsyncStream[bytes] | AsyncStream[Demuxed]:
        """Attach to the container's output (see :meth:`APIClient.attach`)."""
        return await self._api.attach(
            self.id, stdout=stdout, stderr=stderr, stream=stream, logs=logs, demux=demux
        )

    async def attach_socket(
        self, params: Mapping[str, Any] | None = None, ws: bool = False
    ) -> AsyncUpgradedSocket | AsyncWebSocket:
        """The raw attach connection, writable for stdin (see :meth:`APIClient.attach_socket`)."""
        return await self._api.attach_socket(self.id, params=params, ws=ws)

    @overload
    async def logs(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: Literal[False] = ...,
        timestamps: bool = ...,
        tail: int | str = ...,
        since: datetime | int | float | None = ...,
        follow: bool | None = ...,
        until: datetime | int | float | None = ...,
        demux: Literal[False] = ...,
    ) -> bytes: ...

    @overload
    async def logs(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: Literal[False] = ...,
        timestamps: bool = ...,
        tail: int | str = ...,
        since: datetime | int | float | None = ...,
        follow: bool | None = ...,
        until: datetime | int | float | None = ...,
        *,
        demux: Literal[True],
    ) -> Demuxed: ...

    @overload
    async def logs(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        *,
        stream: Literal[True],
        timestamps: bool = ...,
        tail: int | str = ...,
        since: datetime | int | float | None = ...,
        follow: bool | None = ...,
        until: datetime | int | float | None = ...,
        demux: Literal[False] = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def logs(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        *,
        stream: Literal[True],
        timestamps: bool = ...,
        tail: int | str = ...,
        since: datetime | int | float | None = ...,
        follow: bool | None = ...,
        until: datetime | int | float | None = ...,
        demux: Literal[True],
    ) -> AsyncStream[Demuxed]: ...

    @overload
    async def logs(
        self,
        stdout: bool = ...,
        stderr: bool = ...,
        stream: bool = ...,
        timestamps: bool = ...,
        tail: int | str = ...,
        since: datetime | int | float | None = ...,
        follow: bool | None = ...,
        until: datetime | int | float | None = ...,
        demux: bool = ...,
    ) -> bytes | Demuxed | AsyncStream[bytes] | AsyncStream[Demuxed]: ...

    async def logs(
        self,
        stdout: bool = True,
        stderr: bool = True,
        stream: bool = False,
        timestamps: bool = False,
        tail: int | str = "all",
        since: datetime | int | float | None = None,
        follow: bool | None = None,
        until: datetime | int | float | None = None,
        demux: bool = False,
    ) -> bytes | Demuxed | AsyncStream[bytes] | AsyncStream[Demuxed]:
        """The container's logs, whole or as a stream (see :meth:`APIClient.logs`)."""
        return await self._api.logs(
            self.id,
            stdout=stdout,
            stderr=stderr,
            stream=stream,
            timestamps=timestamps,
            tail=tail,
            since=since,
            follow=follow,
            until=until,
            demux=demux,
        )

    @overload
    async def stats(
        self, decode: Literal[True], stream: Literal[True] = ..., one_shot: bool | None = ...
    ) -> AsyncStream[ContainerStatsResponse]: ...

    @overload
    async def stats(
        self,
        decode: Literal[False] | None = ...,
        stream: Literal[True] = ...,
        one_shot: bool | None = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def stats(
        self, decode: bool | None = ..., *, stream: Literal[False], one_shot: bool | None = ...
    ) -> ContainerStatsResponse: ...

    @overload
    async def stats(
        self, decode: bool | None = ..., stream: bool = ..., one_shot: bool | None = ...
    ) -> AsyncStream[ContainerStatsResponse] | AsyncStream[bytes] | ContainerStatsResponse: ...

    async def stats(
        self, decode: bool | None = None, stream: bool = True, one_shot: bool | None = None
    ) -> AsyncStream[ContainerStatsResponse] | AsyncStream[bytes] | ContainerStatsResponse:
        """Resource usage statistics, streamed or once (see :meth:`APIClient.stats`)."""
        return await self._api.stats(self.id, decode=decode, stream=stream, one_shot=one_shot)

    async def top(self, ps_args: str | None = None) -> ContainerTopResponse:
        """The processes running in the container (``Titles`` and ``Processes``)."""
        return await self._api.top(self.id, ps_args=ps_args)

    async def diff(self) -> list[FilesystemChange]:
        """Changes to the container's filesystem."""
        return await self._api.diff(self.id)

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: Literal[False] = ...,
        stream: Literal[False] = ...,
        socket: Literal[False] = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: Literal[False] = ...,
    ) -> AsyncExecResult[bytes]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: Literal[False] = ...,
        stream: Literal[False] = ...,
        socket: Literal[False] = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        *,
        demux: Literal[True],
    ) -> AsyncExecResult[Demuxed]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: Literal[False] = ...,
        *,
        stream: Literal[True],
        socket: Literal[False] = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: Literal[False] = ...,
    ) -> AsyncExecResult[AsyncExecStream[bytes]]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: Literal[False] = ...,
        *,
        stream: Literal[True],
        socket: Literal[False] = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: Literal[True],
    ) -> AsyncExecResult[AsyncExecStream[Demuxed]]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: Literal[False] = ...,
        stream: bool = ...,
        *,
        socket: Literal[True],
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: bool = ...,
    ) -> AsyncExecResult[AsyncUpgradedSocket]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        *,
        detach: Literal[True],
        stream: bool = ...,
        socket: bool = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: bool = ...,
    ) -> AsyncExecResult[str]: ...

    @overload
    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = ...,
        stderr: bool = ...,
        stdin: bool = ...,
        tty: bool = ...,
        privileged: bool = ...,
        user: str = ...,
        detach: bool = ...,
        stream: bool = ...,
        socket: bool = ...,
        environment: Mapping[str, str] | Sequence[str] | None = ...,
        workdir: str | None = ...,
        demux: bool = ...,
    ) -> AsyncExecResult[ExecOutput]: ...

    async def exec_run(
        self,
        cmd: str | Sequence[str],
        stdout: bool = True,
        stderr: bool = True,
        stdin: bool = False,
        tty: bool = False,
        privileged: bool = False,
        user: str = "",
        detach: bool = False,
        stream: bool = False,
        socket: bool = False,
        environment: Mapping[str, str] | Sequence[str] | None = None,
        workdir: str | None = None,
        demux: bool = False,
    ) -> AsyncExecResult[ExecOutput]:
        """Run ``cmd`` in the container, like ``docker exec``.

        Returns:
            ``ExecResult(exit_code, output)``: the exit code is None with ``stream``,
            ``socket`` or ``detach`` (a stream's ``exit_code()`` gives it once read).
        """
        created = await self._api.exec_create(
            self.id,
            cmd,
            stdout=stdout,
            stderr=stderr,
            stdin=stdin,
            tty=tty,
            privileged=privileged,
            user=user,
            environment=environment,
            workdir=workdir,
        )
        exec_id = created.id
        output = await self._api.exec_start(
            exec_id, detach=detach, tty=tty, stream=stream, socket=socket, demux=demux
        )
        if socket or stream or detach:
            return AsyncExecResult(None, output)
        exit_code = (await self._api.exec_inspect(exec_id)).exit_code
        return AsyncExecResult(exit_code, output)

    # -- filesystem ------------------------------------------------------------------------

    async def export(self, chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE) -> AsyncStream[bytes]:
        """The container's filesystem as a tar stream."""
        return await self._api.export(self.id, chunk_size)

    async def get_archive(
        self,
        path: str,
        chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE,
        encode_stream: bool = False,
    ) -> tuple[AsyncStream[bytes], dict[str, Any]]:
        """A file or directory of the container as a tar stream, and its stat."""
        return await self._api.get_archive(self.id, path, chunk_size, encode_stream)

    async def put_archive(self, path: str, data: Any) -> bool:
        """Extract the tar archive ``data`` into directory ``path`` of the container."""
        return await self._api.put_archive(self.id, path, data)

    async def commit(
        self,
        repository: str | None = None,
        tag: str | None = None,
        message: str | None = None,
        author: str | None = None,
        pause: bool = True,
        changes: str | list[str] | None = None,
        conf: Mapping[str, Any] | None = None,
    ) -> AsyncImage:
        """Create an image from the container; returns the new image."""
        created = await self._api.commit(
            self.id,
            repository=repository,
            tag=tag,
            message=message,
            author=author,
            pause=pause,
            changes=changes,
            conf=conf,
        )
        assert self.client is not None
        return await self.client.images.get(created.id)

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the container (already running is not an error)."""
        await self._api.start(self.id)

    async def stop(self, timeout: int | None = None) -> None:
        """Stop the container, killing it after ``timeout`` seconds."""
        await self._api.stop(self.id, timeout=timeout)

    async def restart(self, timeout: int = 10) -> None:
        """Restart the container."""
        await self._api.restart(self.id, timeout=timeout)

    async def kill(self, signal: str | int | None = None) -> None:
        """Send ``signal`` (default SIGKILL) to the container."""
        await self._api.kill(self.id, signal=signal)

    async def pause(self) -> None:
        """Freeze every process in the container."""
        await self._api.pause(self.id)

    async def unpause(self) -> None:
        """Thaw the paused container."""
        await self._api.unpause(self.id)

    async def rename(self, name: str) -> None:
        """Rename the container."""
        await self._api.rename(self.id, name)

    async def resize(self, height: int, width: int) -> None:
        """Resize the container's TTY."""
        await self._api.resize(self.id, height, width)

    async def update(self, **kwargs: Unpack[ContainerUpdateKwargs]) -> ContainerUpdateResponse:
        """Change resource limits or the restart policy (see :meth:`APIClient.update_container`)."""
        return await self._api.update_container(self.id, **kwargs)

    async def wait(
        self, timeout: float | None = None, condition: str | None = None
    ) -> ContainerWaitResponse:
        """Block until the container stops; returns ``StatusCode`` (and ``Error``)."""
        return await self._api.wait(self.id, timeout=timeout, condition=condition)

    async def remove(self, v: bool = False, link: bool = False, force: bool = False) -> None:
        """Remove the container."""
        await self._api.remove_container(self.id, v=v, link=link, force=force)


class AsyncContainerCollection(AsyncCollection[AsyncContainer]):
    """``client.containers``."""

    model = AsyncContainer

    async def get(self, container_id: str) -> AsyncContainer:
        """The container with id or name ``container_id`` (one inspect).

        Raises:
            NotFound: no such container.
        """
        return self.prepare_model(await self._api.inspect_container(container_id))

    async def create(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = None,
        **kwargs: Unpack[ContainerCreateKwargs],
    ) -> AsyncContainer:
        """Create a container without starting it (``docker create``).

        Takes the keyword arguments of :meth:`run` except ``stdout``, ``stderr``,
        ``remove`` and ``stream``.

        Raises:
            ImageNotFound: the image is not on the engine (:meth:`run` pulls it).
            InvalidArgumentType: an unknown keyword argument.
        """
        from dockersdk.aio.resources.images import AsyncImage
        from dockersdk.resources._create_kwargs import route_create_kwargs

        if isinstance(image, AsyncImage):
            image = image.id
        version = await self._api._ensure_version()  # pyright: ignore[reportPrivateUsage]
        body, call = route_create_kwargs(image, command, kwargs, version)
        if call.get("use_config_proxy", True):
            # As docker-py: the config file's proxies reach the container's environment
            # (a variable the caller set wins).
            proxies = self._api._proxy_configs  # pyright: ignore[reportPrivateUsage]
            env = proxies.inject_proxy_environment(body.get("Env"))
            if env:
                body["Env"] = list(env)
        created = await self._api.create_container_from_config(
            body, name=call.get("name"), platform=call.get("platform")
        )
        return await self.get(created.id)

    @overload
    async def run(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = ...,
        stdout: bool = ...,
        stderr: bool = ...,
        remove: bool = ...,
        *,
        detach: Literal[True],
        stream: bool = ...,
        **kwargs: Unpack[ContainerRunKwargs],
    ) -> AsyncContainer: ...

    @overload
    async def run(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = ...,
        stdout: bool = ...,
        stderr: bool = ...,
        remove: bool = ...,
        *,
        detach: Literal[False] = ...,
        stream: Literal[True],
        **kwargs: Unpack[ContainerRunKwargs],
    ) -> AsyncStream[bytes] | None: ...

    @overload
    async def run(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = ...,
        stdout: bool = ...,
        stderr: bool = ...,
        remove: bool = ...,
        *,
        detach: Literal[False] = ...,
        stream: Literal[False] = ...,
        **kwargs: Unpack[ContainerRunKwargs],
    ) -> bytes: ...

    @overload
    async def run(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = ...,
        stdout: bool = ...,
        stderr: bool = ...,
        remove: bool = ...,
        *,
        detach: bool = ...,
        stream: bool = ...,
        **kwargs: Unpack[ContainerRunKwargs],
    ) -> AsyncContainer | AsyncStream[bytes] | bytes | None: ...

    async def run(
        self,
        image: str | AsyncImage,
        command: str | Sequence[str] | None = None,
        stdout: bool = True,
        stderr: bool = False,
        remove: bool = False,
        *,
        detach: bool = False,
        stream: bool = False,
        **kwargs: Unpack[ContainerRunKwargs],
    ) -> AsyncContainer | AsyncStream[bytes] | bytes | None:
        """Create and start a container, like ``docker run``.

        Args:
            image: the image; pulled (with ``platform``) if the engine lacks it.
            command: the command, a string or a list.
            stdout, stderr: which output to return when not detached.
            remove: remove the container once it exited (with ``detach``: the engine's
                ``auto_remove``).
            detach: return the started :class:`Container` at once.
            stream: return the output as an iterator of chunks (after the container
                exited, as docker-py does) instead of one bytes object.
            **kwargs: every keyword argument of docker-py 7's ``containers.run``:
                ``name``, ``environment``, ``ports``, ``volumes``, ``network``,
                ``mem_limit``, ``labels``, ``healthcheck``... (see the module docs).

        Returns:
            The container with ``detach``; else its output (None when the logging driver
            cannot be read back).

        Raises:
            ContainerError: the container exited non-zero; carries ``exit_status`` and
                ``stderr``.
            ImageNotFound: the image could not be found, even after a pull.
            InvalidArgument: conflicting or malformed arguments.
        """
        from dockersdk.aio.resources.images import AsyncImage

        if isinstance(image, AsyncImage):
            image = image.id
        if kwargs.get("network") and kwargs.get("network_mode"):
            raise InvalidArgument('the options "network" and "network_mode" cannot be combined')
        if kwargs.get("networking_config") and not kwargs.get("network"):
            raise InvalidArgument('the option "networking_config" needs "network"')
        if detach and remove:
            kwargs["auto_remove"] = True
        try:
            container = await self.create(image, command, detach=detach, **kwargs)
        except ImageNotFound:
            assert self.client is not None
            await self.client.images.pull(image, platform=kwargs.get("platform"))
            container = await self.create(image, command, detach=detach, **kwargs)
        attached: AsyncStream[Demuxed] | None = None
        if not detach and not stream:
            # Attach before start (as the docker CLI does): no output is missed, any
            # logging driver works, and an auto-removed container's stderr is kept.
            attached = await container.attach(stdout=True, stderr=True, stream=True, demux=True)
        try:
            await container.start()
        except BaseException:
            if attached is not None:
                await attached.aclose()
            raise
        if detach:
            return container
        if attached is not None:
            return await self._collect_attached(
                container, attached, image, command, stdout, stderr, remove
            )
        return await self._collect_streamed(
            container, image, command, stdout, stderr, remove, kwargs
        )

    async def _collect_attached(
        self,
        container: AsyncContainer,
        attached: AsyncStream[Demuxed],
        image: str,
        command: str | Sequence[str] | None,
        stdout: bool,
        stderr: bool,
        remove: bool,
    ) -> bytes:
        chosen: list[bytes] = []
        err_parts: list[bytes] = []
        async with attached:
            async for out, err in attached:
                if out is not None and stdout:
                    chosen.append(out)
                if err is not None:
                    err_parts.append(err)
                    if stderr:
                        chosen.append(err)
        exit_status = (await container.wait()).status_code
        if remove:
            await container.remove()
        if exit_status != 0:
            raise ContainerError(container, exit_status, command, image, b"".join(err_parts))
        return b"".join(chosen)

    async def _collect_streamed(
        self,
        container: AsyncContainer,
        image: str,
        command: str | Sequence[str] | None,
        stdout: bool,
        stderr: bool,
        remove: bool,
        kwargs: Mapping[str, Any],
    ) -> AsyncStream[bytes] | None:
        # stream=True, as docker-py: wait for the exit, then hand over a stream of the logs.
        # The stream is opened after the exit, without follow: the whole output is in the
        # log by then. (docker-py opens a follow stream before the wait; on Podman 4.3 a
        # follow that arrives as the container exits can wait forever, its state check and
        # its "died" event subscription racing.) Only an auto-removed container needs the
        # stream opened before, and followed: at its exit its logs are gone.
        host = container.attrs.host_config
        log_config = host.log_config if host is not None else None
        readable = log_config is None or log_config.type in _READABLE_LOG_DRIVERS
        auto_remove = bool(kwargs.get("auto_remove"))
        followed: AsyncStream[bytes] | None = None
        if readable and auto_remove:
            followed = await container.logs(stdout=stdout, stderr=stderr, stream=True, follow=True)
        exit_status = (await container.wait()).status_code
        errors: bytes | None = None
        if exit_status != 0:
            if followed is not None:
                await followed.aclose()
                followed = None
            if readable and not auto_remove:
                errors = await container.logs(stdout=False, stderr=True)
        elif readable and not auto_remove:
            followed = await container.logs(stdout=stdout, stderr=stderr, stream=True)
        if remove:
            await container.remove()
        if exit_status != 0:
            raise ContainerError(container, exit_status, command, image, errors)
        return followed

    async def list(
        self,
        all: bool = False,
        before: str | None = None,
        filters: Mapping[str, Any] | None = None,
        limit: int = -1,
        since: str | None = None,
        sparse: bool = False,
        ignore_removed: bool = False,
    ) -> list[AsyncContainer]:
        """List containers (``docker ps``) with ONE request.

        Every object is built from its ``GET /containers/json`` entry: ``id``, ``name``,
        ``status``, ``labels``, ``image_id``, ``ports`` and ``health`` (of a running
        container) need no further request. ``attrs`` (the full inspect) is fetched on
        first access, one inspect for that container only. With ``sparse=True`` it is
        never fetched implicitly: reading ``attrs`` before :meth:`Container.reload` raises
        (``summary`` has the list entry). docker-py instead inspected every container
        during ``list`` (N+1 requests).

        Args:
            all: include stopped containers.
            before, since: only containers created before/after this id or name.
            filters: engine filters (``status``, ``label``, ``ancestor``, ``name``...).
            limit: the N most recently created containers (-1 for all).
            sparse: see above.
            ignore_removed: accepted for docker-py compatibility: a container removed
                while listing cannot break a single-request list. (A container removed
                after the list raises ``NotFound`` when its ``attrs`` is first read.)
        """
        summaries = await self._api.containers(
            all=all, before=before, filters=filters, limit=limit, since=since
        )
        return [self._from_summary(entry, lazy=not sparse) for entry in summaries]

    async def prune(self, filters: Mapping[str, Any] | None = None) -> ContainerPruneResponse:
        """Remove stopped containers; returns ``ContainersDeleted`` and ``SpaceReclaimed``."""
        return await self._api.prune_containers(filters=filters)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        # The keyword routing (and the builders under it) load with the first create.
        if name not in (
            "CONTAINER_CONFIG_KWARGS",
            "HOST_CONFIG_KWARGS",
            "RUN_CREATE_KWARGS",
            "RUN_HOST_CONFIG_KWARGS",
            "route_create_kwargs",
        ):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import dockersdk.resources._create_kwargs as routing

        value = getattr(routing, name)
        globals()[name] = value
        return value
