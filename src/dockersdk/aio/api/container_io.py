"""Container I/O endpoints: logs, attach, stats, export and the filesystem archive."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk._guards import is_mapping
from dockersdk.aio._flavour import async_upload_content
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import (
    AsyncStream,
    decode_progress,
    raw_chunks,
)
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    ResourceRef,
    parse_as,
    parse_none,
)
from dockersdk.errors import InvalidArgument
from dockersdk.utils.conversions import datetime_to_timestamp, decode_json_header
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.aio.api._socket import AsyncUpgradedSocket, AsyncWebSocket
    from dockersdk.models import ContainerStatsResponse

#: docker-py's chunk size for archives and exports.
DEFAULT_DATA_CHUNK_SIZE = 1024 * 2048

Demuxed = tuple[bytes | None, bytes | None]
ContainerRef = ResourceRef
UPGRADE_HEADERS = {"Connection": "Upgrade", "Upgrade": "tcp"}
PATH_STAT_HEADER = "X-Docker-Container-Path-Stat"


def _time(value: datetime | int | float | None) -> int | float | None:
    if isinstance(value, datetime):
        return datetime_to_timestamp(value)
    return value


def _path_stat(headers: Mapping[str, str]) -> dict[str, Any]:
    value = headers.get(PATH_STAT_HEADER)
    stat = decode_json_header(value) if value else None
    return dict(stat) if is_mapping(stat) else {}


class AsyncContainerIOApiMixin(AsyncEndpointMixin):
    """Streaming endpoints under ``/containers/{id}``."""

    async def _has_tty(self, container: ContainerRef) -> bool:
        inspected: dict[str, Any] = await self._call(
            Call(
                "GET",
                "/containers/{id}/json",
                parse_as(dict[str, Any]),
                path_args={"id": container},
                resource="container",
            )
        )
        config: Any = inspected.get("Config")
        return bool(is_mapping(config) and config.get("Tty"))

    @overload
    async def logs(
        self,
        container: ContainerRef,
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
        container: ContainerRef,
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
        container: ContainerRef,
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
        container: ContainerRef,
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
        container: ContainerRef,
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
        container: ContainerRef,
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
        """A container's logs (``GET /containers/{id}/logs``).

        Args:
            container: the container.
            stdout: include stdout.
            stderr: include stderr.
            stream: return a :class:`AsyncStream` read as the output arrives.
            timestamps: prefix each line with its timestamp.
            tail: only the last N lines (``"all"`` for everything).
            since: only logs since this time (datetime or UNIX timestamp).
            follow: keep following new output (default: the value of ``stream``); the
                read timeout is off for a followed stream.
            until: only logs before this time.
            demux: separate stdout and stderr into ``(stdout, stderr)`` pairs.

        Returns:
            The output as bytes (a ``(stdout, stderr)`` pair with ``demux``), or with
            ``stream`` a :class:`AsyncStream` of payloads (or pairs).
        """
        if follow is None:
            follow = stream
        if tail != "all" and (not isinstance(tail, int) or tail < 0):
            tail = "all"
        tty = await self._has_tty(container)
        call = Call(
            "GET",
            "/containers/{id}/logs",
            parse_none,
            path_args={"id": container},
            params={
                "stdout": stdout,
                "stderr": stderr,
                "timestamps": timestamps,
                "follow": follow,
                "tail": tail,
                "since": _time(since),
                "until": _time(until),
            },
            resource="container",
            stream=True,
            timeout=NO_READ_TIMEOUT if follow else "default",
        )
        output: bytes | Demuxed | AsyncStream[Any] = await self._attached_output(
            call, tty, stream=stream, demux=demux, stdout=stdout, stderr=stderr
        )
        return output

    async def attach(
        self,
        container: ContainerRef,
        stdout: bool = True,
        stderr: bool = True,
        stream: bool = False,
        logs: bool = False,
        demux: bool = False,
    ) -> bytes | Demuxed | AsyncStream[bytes] | AsyncStream[Demuxed]:
        """Attach to a container's output (``POST /containers/{id}/attach``).

        Args:
            container: the container.
            stdout: include stdout.
            stderr: include stderr.
            stream: return a :class:`AsyncStream` that follows the output until the container
                stops (no read timeout).
            logs: replay the output written so far first.
            demux: separate stdout and stderr into ``(stdout, stderr)`` pairs.

        Returns:
            The output read until the engine closed it, or with ``stream`` a
            :class:`AsyncStream` of payloads (or pairs).
        """
        tty = await self._has_tty(container)
        call = Call(
            "POST",
            "/containers/{id}/attach",
            parse_none,
            path_args={"id": container},
            params={"logs": logs, "stdout": stdout, "stderr": stderr, "stream": stream},
            resource="container",
            stream=True,
            timeout=NO_READ_TIMEOUT if stream else "default",
        )
        output: bytes | Demuxed | AsyncStream[Any] = await self._attached_output(
            call, tty, stream=stream, demux=demux, stdout=stdout, stderr=stderr
        )
        return output

    async def attach_socket(
        self,
        container: ContainerRef,
        params: Mapping[str, Any] | None = None,
        ws: bool = False,
    ) -> AsyncUpgradedSocket | AsyncWebSocket:
        """Attach and return the raw upgraded connection, writable for stdin.

        Args:
            container: the container.
            params: attach parameters (default ``stdout``, ``stderr``, ``stream``; add
                ``stdin=1`` to write to the container).
            ws: attach over a WebSocket (``GET /containers/{id}/attach/ws``), as
                docker-py's ``ws=True``: messages of raw output, not multiplexed. Engines
                before API 1.42 ignore ``stdin``/``stdout``/``stderr`` there and attach
                all three; they are not sent to them.

        Returns:
            An :class:`AsyncUpgradedSocket`; read it with ``dockersdk.utils.socket.frames_iter``
            and close it when done. With ``ws``, an :class:`AsyncWebSocket`.
        """
        from dockersdk.aio.api._socket import AsyncUpgradedSocket, AsyncWebSocket
        from dockersdk.utils.websocket import client_handshake

        query: dict[str, Any] = dict(params or {"stdout": 1, "stderr": 1, "stream": 1})
        detach_keys = self._general_configs.get("detachKeys")
        if detach_keys and "detachKeys" not in query:
            query["detachKeys"] = detach_keys
        if ws:
            if version_lt(await self._ensure_version(), "1.42"):
                query = {k: v for k, v in query.items() if k not in ("stdin", "stdout", "stderr")}
            key, headers = client_handshake()
            upgrade = Call(
                "GET",
                "/containers/{id}/attach/ws",
                parse_none,
                path_args={"id": container},
                params={"logs": 0, **query},
                headers=headers,
                resource="container",
                stream=True,
                timeout=NO_READ_TIMEOUT,
            )
            return await AsyncWebSocket.open(self._stream(upgrade), key)
        call = Call(
            "POST",
            "/containers/{id}/attach",
            parse_none,
            path_args={"id": container},
            params=query,
            headers=UPGRADE_HEADERS,
            resource="container",
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return await AsyncUpgradedSocket.open(self._stream(call))

    @overload
    async def stats(
        self,
        container: ContainerRef,
        decode: Literal[True],
        stream: Literal[True] = ...,
        one_shot: bool | None = ...,
    ) -> AsyncStream[ContainerStatsResponse]: ...

    @overload
    async def stats(
        self,
        container: ContainerRef,
        decode: Literal[False] | None = ...,
        stream: Literal[True] = ...,
        one_shot: bool | None = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def stats(
        self,
        container: ContainerRef,
        decode: bool | None = ...,
        *,
        stream: Literal[False],
        one_shot: bool | None = ...,
    ) -> ContainerStatsResponse: ...

    @overload
    async def stats(
        self,
        container: ContainerRef,
        decode: bool | None = ...,
        stream: bool = ...,
        one_shot: bool | None = ...,
    ) -> AsyncStream[ContainerStatsResponse] | AsyncStream[bytes] | ContainerStatsResponse: ...

    async def stats(
        self,
        container: ContainerRef,
        decode: bool | None = None,
        stream: bool = True,
        one_shot: bool | None = None,
    ) -> AsyncStream[ContainerStatsResponse] | AsyncStream[bytes] | ContainerStatsResponse:
        """Resource usage statistics (``GET /containers/{id}/stats``).

        Args:
            container: the container.
            decode: with ``stream``, yield typed ``ContainerStatsResponse`` objects instead
                of each sample's JSON bytes.
            stream: follow samples (one a second) until closed; otherwise return one.
            one_shot: with ``stream=False``, answer at once without the second sample that
                fills ``precpu_stats`` (API >= 1.41).

        Returns:
            A :class:`AsyncStream` of samples, or one typed sample.

        Raises:
            InvalidArgument: ``one_shot`` with ``stream=True``.
        """
        from dockersdk.models import ContainerStatsResponse

        if stream and one_shot:
            raise InvalidArgument("stats(): one_shot is only available with stream=False")
        call: Call[ContainerStatsResponse] = Call(
            "GET",
            "/containers/{id}/stats",
            parse_as(ContainerStatsResponse),
            path_args={"id": container},
            params={"stream": stream, "one-shot": one_shot},
            resource="container",
            stream=stream,
            timeout=NO_READ_TIMEOUT if stream else "default",
        )
        if not stream:
            return await self._call(call)
        items: AsyncStream[Any] = await AsyncStream.open(
            self._stream(call), decode_progress(ContainerStatsResponse, bool(decode))
        )
        return items

    async def export(
        self, container: ContainerRef, chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE
    ) -> AsyncStream[bytes]:
        """A container's filesystem as a tar archive (``GET /containers/{id}/export``).

        Returns:
            A :class:`AsyncStream` of chunks of at most ``chunk_size`` bytes.
        """
        call = Call(
            "GET",
            "/containers/{id}/export",
            parse_none,
            path_args={"id": container},
            resource="container",
            stream=True,
        )
        return await AsyncStream.open(self._stream(call), raw_chunks, chunk_size)

    async def get_archive(
        self,
        container: ContainerRef,
        path: str,
        chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE,
        encode_stream: bool = False,
    ) -> tuple[AsyncStream[bytes], dict[str, Any]]:
        """A file or directory of a container as a tar archive
        (``GET /containers/{id}/archive``).

        Args:
            container: the container.
            path: the path in the container.
            chunk_size: the most bytes per chunk of the stream.
            encode_stream: docker-py compatibility; has no effect.

        Returns:
            ``(stream, stat)``: the archive's chunks and the path's ``name``, ``size``,
            ``mode``, ``mtime`` and ``linkTarget``.
        """
        call = Call(
            "GET",
            "/containers/{id}/archive",
            parse_none,
            path_args={"id": container},
            params={"path": path},
            resource="container",
            stream=True,
        )
        chunks = await AsyncStream.open(self._stream(call), raw_chunks, chunk_size)
        return chunks, _path_stat(chunks.headers)

    async def stat_archive(self, container: ContainerRef, path: str) -> dict[str, Any]:
        """Information on a path in a container (``HEAD /containers/{id}/archive``)."""
        return await self._call(
            Call(
                "HEAD",
                "/containers/{id}/archive",
                lambda response: _path_stat(response.headers),
                path_args={"id": container},
                params={"path": path},
                resource="container",
            )
        )

    async def put_archive(self, container: ContainerRef, path: str, data: Any) -> bool:
        """Extract a tar archive into a directory of a container
        (``PUT /containers/{id}/archive``).

        Args:
            container: the container.
            path: the directory to extract into; it must exist.
            data: the archive as bytes, a binary file object or an iterable of chunks;
                it is uploaded in chunks.

        Returns:
            True.
        """
        await self._call(
            Call(
                "PUT",
                "/containers/{id}/archive",
                parse_none,
                path_args={"id": container},
                params={"path": path},
                content=async_upload_content(data),
                headers={"Content-Type": "application/x-tar"},
                resource="container",
            )
        )
        return True
