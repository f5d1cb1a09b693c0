"""System endpoints: ping, version, info, disk usage, events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import (
    AsyncStream,
    decode_json_items,
    decode_progress,
    is_error_item,
    progress_error,
    validate_item,
)
from dockersdk.api._core import NO_READ_TIMEOUT, Call, Repeat, parse_as, parse_text
from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.utils.conversions import convert_filters, datetime_to_timestamp
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.models import EventMessage, SystemDataUsageResponse, SystemInfo, SystemVersion


#: The framings ``GET /events`` offers (``Accept``), and the API version each needs.
EventsContentType = Literal["application/x-ndjson", "application/json-seq", "application/jsonl"]
EVENTS_CONTENT_TYPES: dict[str, str] = {
    "application/x-ndjson": "1.52",
    "application/json-seq": "1.52",
    "application/jsonl": "1.53",
}


def _timestamp(value: datetime | int | float | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return str(datetime_to_timestamp(value))
    return str(value)


class AsyncSystemApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/_ping``, ``/version``, ``/info``, ``/system`` and ``/events``."""

    async def ping(self) -> bool:
        """True if the engine answers ``GET /_ping`` with ``OK``."""
        return await self._call(Call("GET", "/_ping", parse_text, versioned=False)) == "OK"

    async def version(self, api_version: bool = True) -> SystemVersion:
        """The engine's version information (``GET /version``)."""
        from dockersdk.models import SystemVersion

        return await self._call(
            Call("GET", "/version", parse_as(SystemVersion), versioned=api_version)
        )

    async def info(self) -> SystemInfo:
        """System-wide information (``GET /info``)."""
        from dockersdk.models import SystemInfo

        return await self._call(Call("GET", "/info", parse_as(SystemInfo)))

    async def df(
        self, *, types: str | Sequence[str] | None = None, verbose: bool = False
    ) -> SystemDataUsageResponse:
        """Disk usage by images, containers, volumes and the build cache (``GET /system/df``).

        Engines answering API 1.52 or newer send ``ImageUsage``, ``ContainerUsage``,
        ``VolumeUsage`` and ``BuildCacheUsage`` (totals; the objects too with ``verbose``);
        older ones ``LayersSize``, ``Images``, ``Containers``, ``Volumes`` and ``BuildCache``.

        Args:
            types: only these object types: ``"container"``, ``"image"``, ``"volume"``,
                ``"build-cache"`` (API 1.42+).
            verbose: list the objects in each usage entry (API 1.52+).

        Raises:
            InvalidVersion: ``types`` or ``verbose`` on an older API version.
        """
        from dockersdk.models import SystemDataUsageResponse

        wanted = [types] if isinstance(types, str) else types
        params = {"type": Repeat(wanted) if wanted else None, "verbose": verbose or None}
        return await self._call(
            Call("GET", "/system/df", parse_as(SystemDataUsageResponse), params=params)
        )

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        decode: Literal[True] | None = ...,
        *,
        content_type: EventsContentType | None = ...,
    ) -> AsyncStream[EventMessage]: ...

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        *,
        decode: Literal[False],
        content_type: EventsContentType | None = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        decode: bool | None = ...,
        *,
        content_type: EventsContentType | None = ...,
    ) -> AsyncStream[EventMessage] | AsyncStream[bytes]: ...

    async def events(
        self,
        since: datetime | int | float | str | None = None,
        until: datetime | int | float | str | None = None,
        filters: Mapping[str, Any] | None = None,
        decode: bool | None = None,
        *,
        content_type: EventsContentType | None = None,
    ) -> AsyncStream[EventMessage] | AsyncStream[bytes]:
        """Stream engine events; without ``until`` the stream follows new events forever.

        Args:
            since: events from this time on (datetime, UNIX timestamp or engine duration).
            until: events up to this time; the stream ends there.
            filters: engine filters (``type``, ``container``, ``event``, ``label``...).
            decode: ``False`` yields each event's JSON as bytes, as docker-py does without
                ``decode``; otherwise typed ``EventMessage`` objects.
            content_type: the framing to ask the engine for (``Accept``): None sends no
                preference and gets JSON lines, as every engine sends by default;
                ``"application/x-ndjson"`` or ``"application/json-seq"`` (RFC 7464) need
                API 1.52, ``"application/jsonl"`` API 1.53. The events are the same.

        Returns:
            A :class:`AsyncStream`; close it (or use ``with``) to stop following, from any
            task.

        Raises:
            InvalidVersion: ``content_type`` on an older API version.
            InvalidArgument: an unknown ``content_type``.
        """
        from dockersdk.models import EventMessage

        headers = None
        if content_type is not None:
            needed = EVENTS_CONTENT_TYPES.get(content_type)
            if needed is None:
                raise InvalidArgument(
                    f"events(): content_type must be one of {sorted(EVENTS_CONTENT_TYPES)}, "
                    f"got {content_type!r}"
                )
            version = await self._ensure_version()
            if version_lt(version, needed):
                raise InvalidVersion(
                    f"events() with content_type {content_type!r} needs API version {needed} "
                    f"or newer; this client uses {version}"
                )
            headers = {"Accept": content_type}
        call = Call(
            "GET",
            "/events",
            parse_text,
            params={
                "since": _timestamp(since),
                "until": _timestamp(until),
                "filters": convert_filters(filters) if filters else None,
            },
            headers=headers,
            stream=True,
            timeout=NO_READ_TIMEOUT if until is None else "default",
        )
        if decode is False:
            raw: AsyncStream[Any] = await AsyncStream.open(
                self._stream(call), decode_progress(EventMessage, False)
            )
            return raw

        async def decode_events(chunks: AsyncIterator[bytes]) -> AsyncIterator[EventMessage]:
            async for item in decode_json_items(json_seq_as_lines(chunks)):
                if is_error_item(item):
                    raise progress_error(item)
                yield validate_item(EventMessage, item)

        return await AsyncStream.open(self._stream(call), decode_events)


async def json_seq_as_lines(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """An RFC 7464 JSON text sequence as JSON lines: each record separator (0x1E) becomes a
    newline (JSON escapes control characters inside strings, so a raw 0x1E is always one)."""
    async for chunk in chunks:
        yield chunk.replace(b"\x1e", b"\n")
