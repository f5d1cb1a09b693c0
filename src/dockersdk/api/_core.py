"""The sans-IO core of the API client: a call's description, how it becomes a request, how a
reply becomes a result or an exception. No I/O happens here, so every executor shares it."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Generic, Protocol, TypeAlias, TypeVar, cast
from urllib.parse import quote, urlencode

from dockersdk._guards import is_bytes_like, is_dict, is_iterable, is_list, is_mapping, is_tuple
from dockersdk.errors import (
    InvalidArgument,
    InvalidArgumentType,
    InvalidVersion,
    NullResource,
    ResponseParseError,
    error_for_response,
)
from dockersdk.models._base import Mismatch, converter, set_api_version
from dockersdk.transport._messages import URL, Request, Response, timeout_phases

T = TypeVar("T")

#: The newest Engine API version this SDK was generated from.
MAX_API_VERSION = "1.56"
#: The oldest Engine API version the SDK speaks (the oldest spec in ``schemas/``).
MIN_API_VERSION = "1.25"

Params = Mapping[str, Any]

#: A :attr:`Call.timeout` value: keep the client's connect timeout, never time out a read
#: (follow streams, waits without a deadline).
NO_READ_TIMEOUT = "no-read-timeout"


def _type_name(tp: Any) -> str:
    """``ContainerInspectResponse``, ``list of ImageSummary``..."""
    args = getattr(tp, "__args__", None)
    if getattr(tp, "__origin__", None) is list and args:
        return f"list of {_type_name(args[0])}"
    return str(getattr(tp, "__name__", tp))


@cache
def _reply_converter(tp: Any) -> Callable[[Any], Any]:  # tp: a model or a generic alias
    return converter(tp)


def parse_as(tp: type[T] | Any) -> Callable[[Response], T]:
    """A reply parser returning the JSON body as ``tp`` (a model, ``list[Model]``, ...).

    Only the outer shape is checked here (an object for a model, a list of objects...): the
    fields of a model are checked as they are read (:mod:`dockersdk.models._base`).
    """
    convert = _reply_converter(cast(Hashable, tp))

    def parse(response: Response) -> T:
        data = parse_json(response)
        try:
            result: T = convert(data)
        except Mismatch as exc:
            request = response.request
            raise ResponseParseError(
                f"the reply to {request.method} {request.url.path} is not a valid "
                f"{_type_name(tp)}: {exc}. An engine this client does not know, or a proxy in "
                "between, may send other shapes"
            ) from None
        version = _VERSION_PREFIX.match(response.request.url.path)
        if version is not None:
            set_api_version(result, version.group(1))
        return result

    return parse


#: The version prefix of a request path (``/v1.41/containers/json``).
_VERSION_PREFIX = re.compile(r"/v(\d+\.\d+)/")


def parse_json(response: Response) -> Any:
    """A reply parser returning the decoded JSON body as plain Python data.

    Raises:
        ResponseParseError: the body is not JSON. Its start is quoted only when it does not
            look like JSON (an HTML page from a proxy): JSON cut short is the engine's data,
            which can hold secrets.
    """
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:  # json.JSONDecodeError, UnicodeDecodeError
        request = response.request
        content = response.content
        if content.lstrip()[:1] in (b"{", b"["):
            shown = f"{len(content)} bytes of JSON that end too soon or are malformed"
        else:
            shown = repr(content[:80])
        # the decoder's message gives a position, never the text
        raise ResponseParseError(
            f"the reply to {request.method} {request.url.path} is not JSON ({exc}): {shown}"
        ) from None


def parse_none(response: Response) -> None:
    """A reply parser for calls whose reply body carries nothing of use."""
    return None


def parse_text(response: Response) -> str:
    """A reply parser returning the body as text."""
    return response.text


def _no_path_args() -> dict[str, ResourceRef]:
    return {}


@dataclass(frozen=True)
class Call(Generic[T]):
    """One Engine API operation, ready to be sent by an executor.

    Attributes:
        method: the HTTP method.
        path: the path template, e.g. ``/containers/{id}/json``; placeholders are quoted.
        parse: turns a successful reply into the result.
        path_args: values for the placeholders in ``path``: ids or names, or whatever
            stands for one (see :func:`resource_id`), reduced to the id when the call is made.
        params: query parameters; ``None`` values are dropped, bools become ``1``/``0``...
        body: a JSON body (already in API form).
        content: a raw body (bytes or an iterator of bytes), exclusive with ``body``.
        headers: extra request headers.
        resource: ``"container"`` or ``"image"`` when a 404 should raise the specific error.
        versioned: False for the few paths the engine serves without a version prefix.
        stream: True when the reply is read incrementally by the caller.
        timeout: a per-call timeout, e.g. ``None`` to wait forever on a follow stream.
        ok_statuses: statuses besides 2xx treated as success (e.g. 304 for start/stop).
        body_model: the generated model ``body`` is an instance of (``"ContainerCreateRequest"``):
            a field of it that the API version in use removed is refused before sending.
    """

    method: str
    path: str
    parse: Callable[[Response], T]
    path_args: Mapping[str, ResourceRef] = field(default_factory=_no_path_args)
    params: Params | None = None
    body: Any = None
    content: Any = None
    headers: Mapping[str, str] | None = None
    resource: str | None = None
    versioned: bool = True
    stream: bool = False
    timeout: Any = "default"
    ok_statuses: tuple[int, ...] = ()
    body_model: str | None = None

    def __post_init__(self) -> None:
        # Whatever dockersdk or docker-py returned for an object (a reply with ``Id``/``ID``,
        # a resource object, a dict) stands for its id, as docker-py's check_resource has
        # it; a missing id is refused here, before any I/O (version negotiation included).
        args: dict[str, ResourceRef] | None = None
        for key, value in self.path_args.items():
            if isinstance(value, str) and value:
                continue
            found = resource_id(value)  # "" for None (untyped callers pass it)
            if not found:
                raise NullResource(
                    f"{key!r} must be a non-empty id or name for {self.method} {self.path}, "
                    f"got {_described(value)}"
                )
            if args is None:
                args = dict(self.path_args)
            args[key] = found
        if args is not None:
            object.__setattr__(self, "path_args", args)

    def url_path(self, version: str | None) -> str:
        """The request path with placeholders quoted and the version prefix applied."""
        args = {key: quote(cast(str, value), safe="") for key, value in self.path_args.items()}
        path = self.path.format(**args)
        if self.versioned and version:
            return f"/v{version}{path}"
        return path


class HasId(Protocol):
    """An object that knows its engine id: a resource object (``Container``, ``Service``...)
    or a reply such as ``ContainerCreateResponse``."""

    @property
    def id(self) -> str | None: ...


#: What a method that takes an object's id accepts, as in docker-py: the id or name, a
#: dict or reply with ``Id``/``ID``, or a resource object.
ResourceRef: TypeAlias = "str | Mapping[str, Any] | HasId"


class Repeat(tuple[str, ...]):
    """A query value sent as the same key repeated (``names=a&names=b``), not as JSON."""

    __slots__ = ()


def encode_param(value: Any) -> str | None:
    """Encode one query value the way the engine's form parser reads it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def check_version(call: Call[Any], version: str | None) -> None:
    """Refuse an operation, or a query parameter given a value, that API ``version`` lacks.

    The versions come from the spec table (:mod:`dockersdk.models._versions`); what the
    table does not know is let through for the engine to judge. Parameters left at None or
    False are not checked (they are not asked for).

    A field of the JSON body that ``version`` removed (``MacAddress`` of a container's config
    from API 1.52 on) is refused too, when the call names its ``body_model``.

    Raises:
        InvalidVersion: naming the operation, parameter or field and both versions (and what
            replaces a removed field).
    """
    if version is None or not call.versioned:
        return
    from dockersdk.models._versions import (
        operation_added_in,
        param_added_in,
        param_removed_in,
        removed_fields,
    )
    from dockersdk.utils.versions import version_lt

    if call.body_model is not None and is_mapping(call.body):
        for path, removed, replacement in removed_fields(call.body_model, call.body, version):
            use = f"; use {replacement} instead" if replacement else ""
            raise InvalidVersion(
                f"field {path!r} of {call.method} {call.path} was removed in API version "
                f"{removed}{use}; this client uses {version}"
            )

    try:
        added = operation_added_in(call.method, call.path)
    except KeyError:
        return
    if version_lt(version, added):
        raise InvalidVersion(
            f"{call.method} {call.path} needs API version {added} or newer; "
            f"this client uses {version}"
        )
    for name, value in (call.params or {}).items():
        if value is None or value is False:
            continue
        try:
            added = param_added_in(call.method, call.path, name)
            gone = param_removed_in(call.method, call.path, name)
        except KeyError:
            continue
        if version_lt(version, added):
            raise InvalidVersion(
                f"parameter {name!r} of {call.method} {call.path} needs API version {added} "
                f"or newer; this client uses {version}"
            )
        if gone is not None and not version_lt(version, gone):
            raise InvalidVersion(
                f"parameter {name!r} of {call.method} {call.path} was removed in API version "
                f"{gone}; this client uses {version}"
            )


@dataclass(frozen=True)
class RequestFactory:
    """What every request of one client shares: where it goes, its headers, its timeouts.

    Attributes:
        base_url: the URL paths are appended to, e.g. ``http://docker``.
        headers: headers sent with every request (``User-Agent``, the config file's
            ``HttpHeaders``).
        timeout: the client's seconds per phase (``connect``, ``read``, ``write``,
            ``pool``; :func:`~dockersdk.transport._messages.timeout_phases`).
    """

    base_url: str
    headers: Mapping[str, str]
    timeout: Mapping[str, float | None]

    @cached_property
    def origin(self) -> tuple[str, str, str]:
        """The scheme, the host (the ``Host`` header) and the path every target starts with."""
        scheme, _, rest = self.base_url.partition("://")
        host, slash, prefix = rest.partition("/")
        return scheme, host, (slash + prefix).rstrip("/")

    @property
    def host(self) -> str:
        """The ``Host`` header every request carries."""
        return self.origin[1]


def build_request(factory: RequestFactory, call: Call[Any], version: str | None) -> Request:
    """Turn ``call`` into a :class:`~dockersdk.transport._messages.Request` at API ``version``.

    Every header is set here, ``Host`` and the body's framing included, and the request
    carries httpx's ``timeout`` extension, so a transport needs nothing else from a client.

    Raises:
        InvalidVersion: the operation or a parameter given is newer than ``version``.
    """
    check_version(call, version)
    query: list[tuple[str, str]] = []
    for key, value in (call.params or {}).items():
        if isinstance(value, Repeat):
            query.extend((key, str(item)) for item in value)
            continue
        encoded = encode_param(value)
        if encoded is not None:
            query.append((key, encoded))
    scheme, host, prefix = factory.origin
    target = prefix + call.url_path(version)
    if query:
        target += "?" + urlencode(query, quote_via=quote)
    headers = {"Host": host, **factory.headers}
    content: Any = None
    if call.body is not None:
        content = json_body(call.body)
        headers["Content-Type"] = "application/json"
    elif call.content is not None:
        content = call.content
        length = getattr(content, "length", None)
        if isinstance(length, int):
            headers["Content-Length"] = str(length)
    if call.headers:
        headers.update(call.headers)
    timeout = factory.timeout
    if call.timeout == NO_READ_TIMEOUT:
        timeout = {**timeout, "read": None}
    elif call.timeout != "default":
        timeout = timeout_phases(call.timeout)
    extensions = {"timeout": dict(timeout)}
    url = URL(scheme, host, target)
    if content is not None and not isinstance(content, bytes):  # streamed
        if not _has_length(headers):
            headers["Transfer-Encoding"] = "chunked"
        return Request(call.method, url, headers, None, content, extensions)
    data = content or b""
    if (data or call.method in _SENDS_LENGTH) and not _has_length(headers):
        headers["Content-Length"] = str(len(data))
    return Request(call.method, url, headers, data, None, extensions)


#: Methods whose requests say their (possibly empty) body's length, as httpx does.
_SENDS_LENGTH = frozenset({"POST", "PUT", "PATCH"})


def _has_length(headers: Mapping[str, str]) -> bool:
    return any(key.lower() in ("content-length", "transfer-encoding") for key in headers)


def json_body(body: Any) -> bytes:
    """``body`` as compact JSON.

    Raises:
        InvalidArgumentType: a value JSON cannot carry, naming where it is in the body (an
            object where a dict, list, string, number, bool or None belongs).
    """
    try:
        return json.dumps(body, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        where, value = _first_unserialisable(body, "body")
        raise InvalidArgumentType(
            f"cannot send {where} to the engine: a {type(value).__name__} is not JSON ({exc}); "
            "pass a dict, list, string, number, bool or None there"
        ) from None


def _first_unserialisable(value: Any, where: str) -> tuple[str, Any]:
    if is_dict(value):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                return f"{where} key {key!r}", key
            found = _first_unserialisable(item, f"{where}[{key!r}]")
            if found[0]:
                return found
        return "", None
    if is_list(value) or is_tuple(value):
        for index, item in enumerate(value):
            found = _first_unserialisable(item, f"{where}[{index}]")
            if found[0]:
                return found
        return "", None
    if value is None or isinstance(value, (str, int, float, bool)):
        if isinstance(value, float) and value != value:  # NaN: JSON has none
            return where, value
        return "", None
    return where, value


def check_response(call: Call[Any], response: Response) -> None:
    """Raise the mapped :class:`~dockersdk.errors.APIError` if ``response`` is an error.

    The body must already be read.
    """
    status = response.status_code
    if status < 300 or status in call.ok_statuses:
        return
    raise error_for_response(response, resource=call.resource)


def encode_registry_header(value: Mapping[str, Any]) -> str:
    """Encode registry credentials for ``X-Registry-Auth``/``X-Registry-Config``.

    The engine reads URL-safe base64 of the JSON object (docker-py's ``encode_header``).
    """
    text = json.dumps(dict(value), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(text).decode("ascii")


#: File bodies are read, and sent, this much at a time. Measured against dockerd 28 on a
#: unix socket: 16 KiB pieces moved a 66 MiB image load and a 128 MiB put_archive at about
#: 1.4x the rate of 1 MiB ones (64 KiB ones at about half), the engine reading steadily
#: rather than in bursts. urllib3 (docker-py) sends 16 KiB blocks too.
UPLOAD_CHUNK = 16 * 1024


class SizedChunks:
    """The chunks of a file of known size: sent with a ``Content-Length`` rather than
    chunked (the engine reads a sized body faster, and it takes no chunk framing).

    Attributes:
        length: the bytes the chunks add up to.
    """

    def __init__(self, chunks: Iterator[bytes], length: int) -> None:
        self._chunks = chunks
        self.length = length

    def __iter__(self) -> Iterator[bytes]:
        left = self.length
        for chunk in self._chunks:
            if len(chunk) >= left:  # the file grew meanwhile: the size sent is the size
                if left:
                    yield chunk[:left]
                return
            left -= len(chunk)
            yield chunk
        if left:
            raise InvalidArgument(
                f"the file shrank while it was uploaded: {left} of {self.length} bytes missing"
            )


def _remaining_size(data: Any) -> int | None:
    """The bytes left to read in a regular file object, or None if that cannot be known."""
    import os
    import stat

    try:
        info = os.fstat(data.fileno())
        position = int(data.tell())
    except (AttributeError, OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return max(info.st_size - position, 0)


def upload_content(data: Any) -> bytes | Iterator[bytes] | SizedChunks:
    """A request body from bytes, text, a binary file object or an iterable of chunks.

    File objects are read in chunks of ``UPLOAD_CHUNK`` bytes as the request is sent, so
    a large archive never sits in memory whole; a regular file goes with its size.

    Raises:
        InvalidArgument: ``data`` is none of those.
    """
    if is_bytes_like(data):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    read = getattr(data, "read", None)
    if callable(read):
        size = _remaining_size(data)
        chunks = _read_chunks(read)
        return chunks if size is None else SizedChunks(chunks, size)
    if is_iterable(data):
        return (bytes(chunk) for chunk in data)
    raise InvalidArgument(
        f"expected bytes, a binary file object or an iterable of bytes, got {type(data).__name__}"
    )


def _read_chunks(read: Callable[[int], Any]) -> Iterator[bytes]:
    while True:
        chunk = read(UPLOAD_CHUNK)
        if not chunk:
            return
        yield chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)


class SupportsToApi(Protocol):
    """A builder that serialises itself to an API-form dict."""

    def to_api(self) -> dict[str, Any]: ...


def api_form(value: Mapping[str, Any] | SupportsToApi | None) -> dict[str, Any] | None:
    """An API-form dict from a dict or a builder with ``to_api()`` (builders are dicts too:
    their ``to_api()`` wins, it leaves out None values and copies nested builders)."""
    if value is None:
        return None
    to_api = getattr(value, "to_api", None)
    if callable(to_api):
        return cast("dict[str, Any]", to_api())
    if isinstance(value, Mapping):
        return dict(value)
    raise InvalidArgumentType(
        f"expected a dict or a dockersdk.types builder, got {type(value).__name__}"
    )


def resource_id(value: Any) -> str:
    """The id that ``value`` stands for, as docker-py's ``check_resource`` finds it.

    A string is the id (or name) itself; a dict or a reply (``create_container(...)``,
    ``create_service(...)``, ``inspect_*``) gives its ``Id`` or ``ID``; a resource object
    (``client.containers.get(...)``) its ``id``. Returns ``""`` when there is none.
    """
    if isinstance(value, str):
        return value
    getter: Any = getattr(value, "get", None)  # a dict, or a model that reads like one
    if callable(getter):
        try:
            found = getter("Id") or getter("ID")
        except (TypeError, KeyError):
            found = None
        if found:
            return str(found)
    found = getattr(value, "id", None)
    if isinstance(found, str):
        return found
    return ""


def required_id(value: Any, name: str) -> str:
    """:func:`resource_id`, for an id sent in a body or query rather than the path.

    Raises:
        NullResource: ``value`` stands for no id.
    """
    found = resource_id(value) if value is not None else ""
    if not found:
        raise NullResource(f"{name!r} must be a non-empty id or name, got {_described(value)}")
    return found


def _described(value: Any) -> str:
    """``value`` named in an error without its contents (a reply can hold secrets)."""
    if value is None or isinstance(value, str):
        return repr(value)
    return f"a {type(value).__name__} without an Id"


def filters_param(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``filters`` query parameter, in the engine's JSON form."""
    from dockersdk.utils.conversions import convert_filters

    return {"filters": convert_filters(filters) if filters else None}


def drop_none(body: Mapping[str, Any]) -> dict[str, Any]:
    """``body`` without its None values."""
    return {key: value for key, value in body.items() if value is not None}
