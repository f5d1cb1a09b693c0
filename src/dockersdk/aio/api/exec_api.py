"""Exec endpoints: run a command in a running container."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, overload

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import AsyncStream, decode_output
from dockersdk.aio.api.container_io import UPGRADE_HEADERS, Demuxed
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    ResourceRef,
    parse_as,
    parse_none,
)

if TYPE_CHECKING:
    from dockersdk.aio.api._socket import AsyncUpgradedSocket
    from dockersdk.models import ExecInspectResponse, IDResponse
    from dockersdk.transport._messages import Response

T = TypeVar("T")


class AsyncExecApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/containers/{id}/exec`` and ``/exec``."""

    async def exec_create(
        self,
        container: ResourceRef,
        cmd: str | Sequence[str],
        stdout: bool = True,
        stderr: bool = True,
        stdin: bool = False,
        tty: bool = False,
        privileged: bool = False,
        user: str = "",
        environment: Mapping[str, str] | Sequence[str] | None = None,
        workdir: str | None = None,
        detach_keys: str | None = None,
    ) -> IDResponse:
        """Prepare ``cmd`` to run in ``container``; returns the exec instance's ``Id``."""
        from dockersdk.models import IDResponse
        from dockersdk.utils.conversions import format_environment, split_command

        env = format_environment(environment) if isinstance(environment, Mapping) else environment
        body: dict[str, Any] = {
            "AttachStdin": stdin,
            "AttachStdout": stdout,
            "AttachStderr": stderr,
            "Tty": tty,
            "Privileged": privileged,
            "User": user,
            "Cmd": split_command(cmd) if isinstance(cmd, str) else list(cmd),
        }
        if env is not None:
            body["Env"] = list(env)
        if workdir is not None:
            body["WorkingDir"] = workdir
        # as docker-py: the CLI config file's detachKeys when none are given
        detach_keys = detach_keys or self._general_configs.get("detachKeys")
        if detach_keys:
            body["DetachKeys"] = detach_keys
        return await self._call(
            Call(
                "POST",
                "/containers/{id}/exec",
                parse_as(IDResponse),
                path_args={"id": container},
                body=body,
                resource="container",
            )
        )

    async def exec_inspect(self, exec_id: ResourceRef) -> ExecInspectResponse:
        """The state of an exec instance, including its ``ExitCode`` once it ended."""
        from dockersdk.models import ExecInspectResponse

        return await self._call(
            Call(
                "GET",
                "/exec/{id}/json",
                parse_as(ExecInspectResponse),
                path_args={"id": exec_id},
            )
        )

    async def exec_resize(
        self,
        exec_id: ResourceRef,
        height: int | None = None,
        width: int | None = None,
    ) -> None:
        """Resize the TTY of an exec instance (``POST /exec/{id}/resize``)."""
        await self._call(
            Call(
                "POST",
                "/exec/{id}/resize",
                parse_none,
                path_args={"id": exec_id},
                params={"h": height, "w": width},
            )
        )

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: Literal[False] = ...,
        tty: bool = ...,
        stream: Literal[False] = ...,
        socket: Literal[False] = ...,
        demux: Literal[False] = ...,
    ) -> bytes: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: Literal[False] = ...,
        tty: bool = ...,
        stream: Literal[False] = ...,
        socket: Literal[False] = ...,
        *,
        demux: Literal[True],
    ) -> Demuxed: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: Literal[False] = ...,
        tty: bool = ...,
        *,
        stream: Literal[True],
        socket: Literal[False] = ...,
        demux: Literal[False] = ...,
    ) -> AsyncExecStream[bytes]: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: Literal[False] = ...,
        tty: bool = ...,
        *,
        stream: Literal[True],
        socket: Literal[False] = ...,
        demux: Literal[True],
    ) -> AsyncExecStream[Demuxed]: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: Literal[False] = ...,
        tty: bool = ...,
        stream: bool = ...,
        *,
        socket: Literal[True],
        demux: bool = ...,
    ) -> AsyncUpgradedSocket: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        *,
        detach: Literal[True],
        tty: bool = ...,
        stream: bool = ...,
        socket: bool = ...,
        demux: bool = ...,
    ) -> str: ...

    @overload
    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: bool = ...,
        tty: bool = ...,
        stream: bool = ...,
        socket: bool = ...,
        demux: bool = ...,
    ) -> ExecOutput: ...

    async def exec_start(
        self,
        exec_id: ResourceRef,
        detach: bool = False,
        tty: bool = False,
        stream: bool = False,
        socket: bool = False,
        demux: bool = False,
    ) -> ExecOutput:
        """Run a prepared exec instance (``POST /exec/{id}/start``).

        Args:
            exec_id: the exec instance.
            detach: start it and return at once.
            tty: the exec instance was created with a TTY (its output is not multiplexed).
            stream: return an :class:`AsyncExecStream` read as the output arrives; its
                ``exit_code()`` gives the command's exit code once it ended.
            socket: return the raw upgraded connection (:class:`AsyncUpgradedSocket`), writable
                when the instance was created with ``stdin=True``.
            demux: separate stdout and stderr into ``(stdout, stderr)`` pairs.

        Returns:
            The output (stdout and stderr interleaved), a ``(stdout, stderr)`` pair with
            ``demux``, a stream or socket as asked, or ``''`` with ``detach`` (the empty
            reply, as docker-py returns it).
        """
        call = Call(
            "POST",
            "/exec/{id}/start",
            parse_none,
            path_args={"id": exec_id},
            body={"Detach": detach, "Tty": tty},
            headers=UPGRADE_HEADERS if socket and not detach else None,
            stream=not detach,
            timeout=NO_READ_TIMEOUT if (stream or socket) and not detach else "default",
        )
        if detach:
            await self._call(call)
            return ""
        if socket:
            from dockersdk.aio.api._socket import AsyncUpgradedSocket

            return await AsyncUpgradedSocket.open(self._stream(call))
        if stream:
            opened = self._stream(call)
            response = await opened.__aenter__()
            output: AsyncExecStream[Any] = AsyncExecStream(
                opened, response, decode_output(tty, demux), self, str(call.path_args["id"])
            )
            return output
        whole: bytes | Demuxed = await self._attached_output(call, tty, stream=False, demux=demux)
        return whole


class AsyncExecStream(AsyncStream[T]):
    """A :class:`AsyncStream` over an exec instance's output that can report its exit code."""

    def __init__(
        self,
        opened: AbstractAsyncContextManager[Response],
        response: Response,
        decode: Callable[[AsyncIterator[bytes]], AsyncIterator[T]],
        client: AsyncExecApiMixin,
        exec_id: str,
    ) -> None:
        super().__init__(opened, response, decode)
        self._client = client
        self.exec_id = exec_id

    async def exit_code(self) -> int | None:
        """The command's exit code, or None while it still runs (read the stream first)."""
        inspected = await self._client.exec_inspect(self.exec_id)
        return None if inspected.running else inspected.exit_code


# Strings: the socket type loads only when a socket is asked for.
_ExecStreams: TypeAlias = "AsyncExecStream[bytes] | AsyncExecStream[Demuxed]"
ExecOutput: TypeAlias = "bytes | Demuxed | _ExecStreams | AsyncUpgradedSocket | str"
