"""Container I/O endpoints: logs, attach, stats, export and the filesystem archive."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk.api._base import EndpointMixin
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    parse_as,
    parse_none,
    resource_id,
    upload_content,
)
from dockersdk.api._socket import UpgradedSocket
from dockersdk.api._stream import (
    Stream,
    decode_progress,
    raw_chunks,
)
from dockersdk.errors import InvalidArgument
from dockersdk.utils.conversions import datetime_to_timestamp, decode_json_header

if TYPE_CHECKING:
    from dockersdk.models import ContainerStatsResponse

#: docker-py's chunk size for archives and exports.
DEFAULT_DATA_CHUNK_SIZE = 1024 * 2048

Demuxed = tuple[bytes | None, bytes | None]
ContainerRef = str | Mapping[str, Any]
UPGRADE_HEADERS = {"Connection": "Upgrade", "Upgrade": "tcp"}
PATH_STAT_HEADER = "X-Docker-Container-Path-Stat"


def _time(value: datetime | int | float | None) -> int | float | None:
    if isinstance(value, datetime):
        return datetime_to_timestamp(value)
    return value


def _path_stat(headers: Mapping[str, str]) -> dict[str, Any]:
    value = headers.get(PATH_STAT_HEADER)
    stat = decode_json_header(value) if value else {}
    return dict(stat) if isinstance(stat, Mapping) else {}


class ContainerIOApiMixin(EndpointMixin):
    """Streaming endpoints under ``/containers/{id}``."""

    def _has_tty(self, container: ContainerRef) -> bool:
        config: Any = self._call(
            Call(
                "GET",
                "/containers/{id}/json",
                parse_as(dict[str, Any]),
                path_args={"id": resource_id(container)},
                resource="container",
            )
        ).get("Config")
        return bool(isinstance(config, Mapping) and config.get("Tty"))

    @overload
    def logs(
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
    def logs(
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
    def logs(
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
    ) -> Stream[bytes]: ...

    @overload
    def logs(
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
    ) -> Stream[Demuxed]: ...

    @overload
    def logs(
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
    ) -> bytes | Demuxed | Stream[bytes] | Stream[Demuxed]: ...

    def logs(
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
    ) -> bytes | Demuxed | Stream[bytes] | Stream[Demuxed]:
        """A container's logs (``GET /containers/{id}/logs``).

        Args:
            container: the container.
            stdout: include stdout.
            stderr: include stderr.
            stream: return a :class:`Stream` read as the output arrives.
            timestamps: prefix each line with its timestamp.
            tail: only the last N lines (``"all"`` for everything).
            since: only logs since this time (datetime or UNIX timestamp).
            follow: keep following new output (default: the value of ``stream``); the
                read timeout is off for a followed stream.
            until: only logs before this time.
            demux: separate stdout and stderr into ``(stdout, stderr)`` pairs.

        Returns:
            The output as bytes (a ``(stdout, stderr)`` pair with ``demux``), or with
            ``stream`` a :class:`Stream` of payloads (or pairs).
        """
        if follow is None:
            follow = stream
        if tail != "all" and (not isinstance(tail, int) or tail < 0):
            tail = "all"
        tty = self._has_tty(container)
        call = Call(
            "GET",
            "/containers/{id}/logs",
            parse_none,
            path_args={"id": resource_id(container)},
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
        output: bytes | Demuxed | Stream[Any] = self._attached_output(
            call, tty, stream=stream, demux=demux, stdout=stdout, stderr=stderr
        )
        return output

    def attach(
        self,
        container: ContainerRef,
        stdout: bool = True,
        stderr: bool = True,
        stream: bool = False,
        logs: bool = False,
        demux: bool = False,
    ) -> bytes | Demuxed | Stream[bytes] | Stream[Demuxed]:
        """Attach to a container's output (``POST /containers/{id}/attach``).

        Args:
            container: the container.
            stdout: include stdout.
            stderr: include stderr.
            stream: return a :class:`Stream` that follows the output until the container
                stops (no read timeout).
            logs: replay the output written so far first.
            demux: separate stdout and stderr into ``(stdout, stderr)`` pairs.

        Returns:
            The output read until the engine closed it, or with ``stream`` a
            :class:`Stream` of payloads (or pairs).
        """
        tty = self._has_tty(container)
        call = Call(
            "POST",
            "/containers/{id}/attach",
            parse_none,
            path_args={"id": resource_id(container)},
            params={"logs": logs, "stdout": stdout, "stderr": stderr, "stream": stream},
            resource="container",
            stream=True,
            timeout=NO_READ_TIMEOUT if stream else "default",
        )
        output: bytes | Demuxed | Stream[Any] = self._attached_output(
            call, tty, stream=stream, demux=demux, stdout=stdout, stderr=stderr
        )
        return output

    def attach_socket(
        self,
        container: ContainerRef,
        params: Mapping[str, Any] | None = None,
        ws: bool = False,
    ) -> UpgradedSocket:
        """Attach and return the raw upgraded connection, writable for stdin.

        Args:
            container: the container.
            params: attach parameters (default ``stdout``, ``stderr``, ``stream``; add
                ``stdin=1`` to write to the container).
            ws: docker-py's websocket attach, which dockersdk does not offer.

        Returns:
            An :class:`UpgradedSocket`; read it with ``dockersdk.utils.socket.frames_iter``
            and close it when done.

        Raises:
            InvalidArgument: ``ws=True``.
        """
        if ws:
            raise InvalidArgument(
                "attach_socket(ws=True): the websocket attach endpoint is not supported; "
                "the upgraded socket returned without ws carries the same streams"
            )
        query: dict[str, Any] = dict(params or {"stdout": 1, "stderr": 1, "stream": 1})
        detach_keys = self._general_configs.get("detachKeys")
        if detach_keys and "detachKeys" not in query:
            query["detachKeys"] = detach_keys
        call = Call(
            "POST",
            "/containers/{id}/attach",
            parse_none,
            path_args={"id": resource_id(container)},
            params=query,
            headers=UPGRADE_HEADERS,
            resource="container",
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return UpgradedSocket(self._stream(call))

    @overload
    def stats(
        self,
        container: ContainerRef,
        decode: Literal[True],
        stream: Literal[True] = ...,
        one_shot: bool | None = ...,
    ) -> Stream[ContainerStatsResponse]: ...

    @overload
    def stats(
        self,
        container: ContainerRef,
        decode: Literal[False] | None = ...,
        stream: Literal[True] = ...,
        one_shot: bool | None = ...,
    ) -> Stream[bytes]: ...

    @overload
    def stats(
        self,
        container: ContainerRef,
        decode: bool | None = ...,
        *,
        stream: Literal[False],
        one_shot: bool | None = ...,
    ) -> ContainerStatsResponse: ...

    @overload
    def stats(
        self,
        container: ContainerRef,
        decode: bool | None = ...,
        stream: bool = ...,
        one_shot: bool | None = ...,
    ) -> Stream[ContainerStatsResponse] | Stream[bytes] | ContainerStatsResponse: ...

    def stats(
        self,
        container: ContainerRef,
        decode: bool | None = None,
        stream: bool = True,
        one_shot: bool | None = None,
    ) -> Stream[ContainerStatsResponse] | Stream[bytes] | ContainerStatsResponse:
        """Resource usage statistics (``GET /containers/{id}/stats``).

        Args:
            container: the container.
            decode: with ``stream``, yield typed ``ContainerStatsResponse`` objects instead
                of each sample's JSON bytes.
            stream: follow samples (one a second) until closed; otherwise return one.
            one_shot: with ``stream=False``, answer at once without the second sample that
                fills ``precpu_stats`` (API >= 1.41).

        Returns:
            A :class:`Stream` of samples, or one typed sample.

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
            path_args={"id": resource_id(container)},
            params={"stream": stream, "one-shot": one_shot},
            resource="container",
            stream=stream,
            timeout=NO_READ_TIMEOUT if stream else "default",
        )
        if not stream:
            return self._call(call)
        items: Stream[Any] = Stream(
            self._stream(call), decode_progress(ContainerStatsResponse, bool(decode))
        )
        return items

    def export(
        self, container: ContainerRef, chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE
    ) -> Stream[bytes]:
        """A container's filesystem as a tar archive (``GET /containers/{id}/export``).

        Returns:
            A :class:`Stream` of chunks of at most ``chunk_size`` bytes.
        """
        call = Call(
            "GET",
            "/containers/{id}/export",
            parse_none,
            path_args={"id": resource_id(container)},
            resource="container",
            stream=True,
        )
        return Stream(self._stream(call), raw_chunks, chunk_size)

    def get_archive(
        self,
        container: ContainerRef,
        path: str,
        chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE,
        encode_stream: bool = False,
    ) -> tuple[Stream[bytes], dict[str, Any]]:
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
            path_args={"id": resource_id(container)},
            params={"path": path},
            resource="container",
            stream=True,
        )
        chunks = Stream(self._stream(call), raw_chunks, chunk_size)
        return chunks, _path_stat(chunks.headers)

    def stat_archive(self, container: ContainerRef, path: str) -> dict[str, Any]:
        """Information on a path in a container (``HEAD /containers/{id}/archive``)."""
        return self._call(
            Call(
                "HEAD",
                "/containers/{id}/archive",
                lambda response: _path_stat(response.headers),
                path_args={"id": resource_id(container)},
                params={"path": path},
                resource="container",
            )
        )

    def put_archive(self, container: ContainerRef, path: str, data: Any) -> bool:
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
        self._call(
            Call(
                "PUT",
                "/containers/{id}/archive",
                parse_none,
                path_args={"id": resource_id(container)},
                params={"path": path},
                content=upload_content(data),
                headers={"Content-Type": "application/x-tar"},
                resource="container",
            )
        )
        return True
