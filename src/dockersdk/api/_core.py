"""The sans-IO core of the API client: a call's description, how it becomes a request, how a
reply becomes a result or an exception. No I/O happens here, so every executor shares it."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from dockersdk.errors import InvalidArgument, ResponseParseError, error_for_response

T = TypeVar("T")

#: The newest Engine API version this SDK was generated from.
MAX_API_VERSION = "1.51"
#: The oldest Engine API version the SDK speaks (the oldest spec in ``schemas/``).
MIN_API_VERSION = "1.25"

Params = Mapping[str, Any]

#: A :attr:`Call.timeout` value: keep the client's connect timeout, never time out a read
#: (follow streams, waits without a deadline).
NO_READ_TIMEOUT = "no-read-timeout"


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:  # tp: a model or a generic alias (hashable)
    return TypeAdapter(tp)


def parse_as(tp: type[T] | Any) -> Callable[[httpx.Response], T]:
    """A reply parser validating the JSON body as ``tp`` (a model, ``list[Model]``, ...)."""

    def parse(response: httpx.Response) -> T:
        try:
            result: T = _adapter(cast(Hashable, tp)).validate_json(response.content)
        except ValidationError as exc:
            request = response.request
            raise ResponseParseError(
                f"the reply to {request.method} {request.url.path} is not a valid "
                f"{getattr(tp, '__name__', tp)}: {exc.errors(include_url=False)[:3]}"
            ) from exc
        return result

    return parse


def parse_json(response: httpx.Response) -> Any:
    """A reply parser returning the decoded JSON body as plain Python data."""
    return response.json() if response.content else None


def parse_none(response: httpx.Response) -> None:
    """A reply parser for calls whose reply body carries nothing of use."""
    return None


def parse_text(response: httpx.Response) -> str:
    """A reply parser returning the body as text."""
    return response.text


@dataclass(frozen=True)
class Call(Generic[T]):
    """One Engine API operation, ready to be sent by an executor.

    Attributes:
        method: the HTTP method.
        path: the path template, e.g. ``/containers/{id}/json``; placeholders are quoted.
        parse: turns a successful reply into the result.
        path_args: values for the placeholders in ``path``.
        params: query parameters; ``None`` values are dropped, bools become ``1``/``0``...
        body: a JSON body (already in API form).
        content: a raw body (bytes or an iterator of bytes), exclusive with ``body``.
        headers: extra request headers.
        resource: ``"container"`` or ``"image"`` when a 404 should raise the specific error.
        versioned: False for the few paths the engine serves without a version prefix.
        stream: True when the reply is read incrementally by the caller.
        timeout: a per-call timeout, e.g. ``None`` to wait forever on a follow stream.
        ok_statuses: statuses besides 2xx treated as success (e.g. 304 for start/stop).
    """

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    path_args: Mapping[str, str] = field(default_factory=dict)
    params: Params | None = None
    body: Any = None
    content: Any = None
    headers: Mapping[str, str] | None = None
    resource: str | None = None
    versioned: bool = True
    stream: bool = False
    timeout: Any = "default"
    ok_statuses: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # Refuse a missing id here, before any I/O (version negotiation included).
        for key, value in self.path_args.items():
            if not isinstance(value, str) or not value:
                raise InvalidArgument(
                    f"{key!r} must be a non-empty string for {self.method} {self.path}, "
                    f"got {value!r}"
                )

    def url_path(self, version: str | None) -> str:
        """The request path with placeholders quoted and the version prefix applied."""
        args = {key: quote(value, safe="") for key, value in self.path_args.items()}
        path = self.path.format(**args)
        if self.versioned and version:
            return f"/v{version}{path}"
        return path


def encode_param(value: Any) -> str | None:
    """Encode one query value the way the engine's form parser reads it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def build_request(
    client: httpx.Client | httpx.AsyncClient, call: Call[Any], version: str | None
) -> httpx.Request:
    """Turn ``call`` into an ``httpx.Request`` for ``client`` at API ``version``."""
    params: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in (call.params or {}).items():
        encoded = encode_param(value)
        if encoded is not None:
            params.append((key, encoded))
    kwargs: dict[str, Any] = {}
    if call.body is not None:
        kwargs["content"] = json.dumps(call.body, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", **(call.headers or {})}
    else:
        headers = dict(call.headers or {})
        if call.content is not None:
            kwargs["content"] = call.content
    if call.timeout == NO_READ_TIMEOUT:
        base = client.timeout
        kwargs["timeout"] = httpx.Timeout(
            connect=base.connect, read=None, write=base.write, pool=base.pool
        )
    elif call.timeout != "default":
        kwargs["timeout"] = call.timeout
    return client.build_request(
        call.method, call.url_path(version), params=params, headers=headers, **kwargs
    )


def check_response(call: Call[Any], response: httpx.Response) -> None:
    """Raise the mapped :class:`~dockersdk.errors.APIError` if ``response`` is an error.

    The body must already be read.
    """
    status = response.status_code
    if status < 300 or status in call.ok_statuses:
        return
    raise error_for_response(response, resource=call.resource)
