"""System endpoints: ping, version, info, disk usage, events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
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
from dockersdk.api._core import NO_READ_TIMEOUT, Call, parse_as, parse_text
from dockersdk.utils.conversions import convert_filters, datetime_to_timestamp

if TYPE_CHECKING:
    from dockersdk.models import EventMessage, SystemDataUsageResponse, SystemInfo, SystemVersion


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

    async def df(self) -> SystemDataUsageResponse:
        """Disk usage by images, containers, volumes and the build cache."""
        from dockersdk.models import SystemDataUsageResponse

        return await self._call(Call("GET", "/system/df", parse_as(SystemDataUsageResponse)))

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        decode: Literal[True] | None = ...,
    ) -> AsyncStream[EventMessage]: ...

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        *,
        decode: Literal[False],
    ) -> AsyncStream[bytes]: ...

    @overload
    async def events(
        self,
        since: datetime | int | float | str | None = ...,
        until: datetime | int | float | str | None = ...,
        filters: Mapping[str, Any] | None = ...,
        decode: bool | None = ...,
    ) -> AsyncStream[EventMessage] | AsyncStream[bytes]: ...

    async def events(
        self,
        since: datetime | int | float | str | None = None,
        until: datetime | int | float | str | None = None,
        filters: Mapping[str, Any] | None = None,
        decode: bool | None = None,
    ) -> AsyncStream[EventMessage] | AsyncStream[bytes]:
        """Stream engine events; without ``until`` the stream follows new events forever.

        Args:
            since: events from this time on (datetime, UNIX timestamp or engine duration).
            until: events up to this time; the stream ends there.
            filters: engine filters (``type``, ``container``, ``event``, ``label``...).
            decode: ``False`` yields each event's JSON as bytes, as docker-py does without
                ``decode``; otherwise typed ``EventMessage`` objects.

        Returns:
            A :class:`AsyncStream`; close it (or use ``with``) to stop following, from any
            task.
        """
        from dockersdk.models import EventMessage

        call = Call(
            "GET",
            "/events",
            parse_text,
            params={
                "since": _timestamp(since),
                "until": _timestamp(until),
                "filters": convert_filters(filters) if filters else None,
            },
            stream=True,
            timeout=NO_READ_TIMEOUT if until is None else "default",
        )
        if decode is False:
            raw: AsyncStream[Any] = await AsyncStream.open(
                self._stream(call), decode_progress(EventMessage, False)
            )
            return raw

        async def decode_events(chunks: AsyncIterator[bytes]) -> AsyncIterator[EventMessage]:
            async for item in decode_json_items(chunks):
                if is_error_item(item):
                    raise progress_error(item)
                yield validate_item(EventMessage, item)

        return await AsyncStream.open(self._stream(call), decode_events)
