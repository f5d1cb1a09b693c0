"""The HTTP messages of dockersdk's core: :class:`Request`, :class:`Response`, their
:class:`Headers` and :class:`URL`, the transport errors, and the transport interfaces.

The core (:mod:`dockersdk.api._core`) builds a :class:`Request` and parses a
:class:`Response`; the lean unix-socket transports (:mod:`dockersdk.aio._lean`,
:mod:`dockersdk.transport._lean`) take and return them directly, so a program talking to
a local engine never imports an HTTP library. The httpx transports (TCP, TLS, ssh, named
pipes, or one passed as ``transport=``) are adapted at their boundary
(:mod:`dockersdk.aio._bridge`). Only the standard library (and :mod:`dockersdk._guards`)
is imported here.

A response carries what the parse functions, the error mapping and the streams read:
``status_code``, ``reason_phrase``, ``headers``, ``content``, ``text``, ``json()``,
``request.method`` and ``request.url.path``; its body is read whole (``read``/``aread``)
or as it arrives (``iter_bytes``/``aiter_bytes``), and closing it releases its connection.
The transport errors carry httpx's class names (``ReadTimeout``, ``ConnectError``...),
which the client's messages quote.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, Protocol, cast
from urllib.parse import unquote

from dockersdk._guards import is_mapping

__all__ = [
    "PHASES",
    "URL",
    "AsyncBaseTransport",
    "AsyncBody",
    "BaseTransport",
    "ConnectError",
    "ConnectTimeout",
    "Headers",
    "PoolTimeout",
    "ReadError",
    "ReadTimeout",
    "RemoteProtocolError",
    "Request",
    "Response",
    "ResponseNotRead",
    "SyncBody",
    "TimeoutException",
    "TransportError",
    "WriteError",
    "WriteTimeout",
    "timeout_phases",
]

#: The phases a request's ``timeout`` extension gives seconds for (httpx's names).
PHASES = ("connect", "read", "write", "pool")


# -- errors ------------------------------------------------------------------------------------


class TransportError(Exception):
    """The request could not be sent or its reply not read (the client raises these as
    :class:`~dockersdk.errors.DockerConnectionError`)."""


class TimeoutException(TransportError):
    """A phase of the request took longer than its timeout."""


class ConnectTimeout(TimeoutException):
    """No connection within the connect timeout."""


class ReadTimeout(TimeoutException):
    """No reply data within the read timeout."""


class WriteTimeout(TimeoutException):
    """The engine took no request data within the write timeout."""


class PoolTimeout(TimeoutException):
    """No free connection within the pool timeout."""


class ConnectError(TransportError):
    """The connection failed (no such socket, refused...)."""


class ReadError(TransportError):
    """The connection broke while the reply was read."""


class WriteError(TransportError):
    """The connection broke while the request was sent."""


class RemoteProtocolError(TransportError):
    """The engine's reply is not HTTP this client understands, or was cut short."""


class ResponseNotRead(RuntimeError):
    """``content`` of a streamed response whose body was not read."""

    def __init__(self) -> None:
        super().__init__("the body of this streamed reply was not read: call read() first")


# -- timeouts ----------------------------------------------------------------------------------


def timeout_phases(value: Any) -> dict[str, float | None]:
    """Seconds per phase (``connect``, ``read``, ``write``, ``pool``) from a number, None (no
    limit), a mapping of phases, or an object with those attributes (an ``httpx.Timeout``).

    Raises:
        TypeError: ``value`` is none of those.
    """
    if value is None or isinstance(value, (int, float)):
        seconds = None if value is None else float(value)
        return dict.fromkeys(PHASES, seconds)
    if is_mapping(value):
        return {phase: value.get(phase) for phase in PHASES}
    if all(hasattr(value, phase) for phase in PHASES):
        return {phase: getattr(value, phase) for phase in PHASES}
    raise TypeError(
        f"a timeout is seconds (a number), None, or an httpx.Timeout; got {type(value).__name__}"
    )


# -- headers and URLs --------------------------------------------------------------------------


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class Headers(Mapping[str, str]):
    """A reply's header fields: read-only, looked up case-insensitively; a field sent more
    than once reads as its values joined by ``", "`` (as httpx does). Iterating gives the
    lower-case names.

    Args:
        raw: the fields as received, ``(name, value)`` byte pairs in order; or a mapping of
            text names to values.
    """

    __slots__ = ("_index", "raw")

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] | Mapping[str, str] = ()) -> None:
        if is_mapping(raw):
            self.raw = [
                (str(key).encode("latin-1"), str(value).encode("utf-8"))
                for key, value in raw.items()
            ]
        else:
            self.raw = list(raw)
        self._index: dict[str, list[str]] | None = None  # built on the first lookup

    def _lookup(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] | None = self._index
        if index is None:
            index = {}
            for name, value in self.raw:
                index.setdefault(_text(name).lower(), []).append(_text(value))
            self._index = index
        return index

    def __getitem__(self, key: str) -> str:
        return ", ".join(self._lookup()[key.lower()])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._lookup()

    def __iter__(self) -> Iterator[str]:
        return iter(self._lookup())

    def __len__(self) -> int:
        return len(self._lookup())

    def get_list(self, key: str) -> list[str]:
        """Every value of field ``key``, in order (none: an empty list)."""
        return list(self._lookup().get(key.lower(), ()))

    def multi_items(self) -> list[tuple[str, str]]:
        """Every ``(name, value)`` as received (names in lower case), repeats included."""
        return [(_text(name).lower(), _text(value)) for name, value in self.raw]

    def __repr__(self) -> str:
        return f"Headers({self.multi_items()!r})"


class URL:
    """Where a request goes: ``scheme://host`` and the request target (the path, already
    percent-encoded, and the query).

    Attributes:
        scheme: ``http`` or ``https``.
        host: the host, with its port if any (the ``Host`` header).
        target: the path and query as sent on the request line.
    """

    __slots__ = ("host", "scheme", "target")

    def __init__(self, scheme: str, host: str, target: str) -> None:
        self.scheme = scheme
        self.host = host
        self.target = target

    @property
    def path(self) -> str:
        """The path, percent-decoded (error messages quote it)."""
        return unquote(self.target.partition("?")[0])

    @property
    def query(self) -> str:
        """The query string, without the ``?``."""
        return self.target.partition("?")[2]

    @property
    def raw_path(self) -> bytes:
        """The request target as sent: path and query."""
        return self.target.encode("ascii")

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}{self.target}"

    def __repr__(self) -> str:
        return f"URL({str(self)!r})"


# -- messages ----------------------------------------------------------------------------------


class Request:
    """One request, ready for a transport.

    Attributes:
        method: the HTTP method.
        url: where it goes.
        headers: every header field to send, ``Host`` and the body's framing included
            (``Content-Length``, or ``Transfer-Encoding: chunked`` for a streamed body of
            unknown size).
        content: a body in hand (``b""`` for none), or None when ``stream`` carries it.
        stream: the body's chunks as they are produced (an iterable, or an async one for
            the async client), or None.
        extensions: ``{"timeout": {phase: seconds}}``, httpx's timeout extension.
    """

    __slots__ = ("content", "extensions", "headers", "method", "stream", "url")

    def __init__(
        self,
        method: str,
        url: URL,
        headers: dict[str, str],
        content: bytes | None = b"",
        stream: Any = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.content = content
        self.stream = stream
        self.extensions: dict[str, Any] = extensions if extensions is not None else {}

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case), or None."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.url.path}>"


class SyncBody(Protocol):
    """A reply body read as it arrives (sync): iterate for the chunks, close to release."""

    def __iter__(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class AsyncBody(Protocol):
    """A reply body read as it arrives (asyncio)."""

    def __aiter__(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


class Response:
    """One reply: its status and headers, and its body in hand or streaming.

    Args:
        status_code: the HTTP status.
        headers: the reply's header fields.
        content: the whole body, when it is in hand.
        stream: else the body as it arrives (a :class:`SyncBody` or :class:`AsyncBody`).
        reason_phrase: the status line's reason.
        extensions: ``network_stream`` after a ``101`` upgrade.
        request: the request it answers (the client sets it).
    """

    __slots__ = (
        "_content",
        "extensions",
        "headers",
        "is_closed",
        "reason_phrase",
        "request",
        "status_code",
        "stream",
    )

    def __init__(
        self,
        status_code: int,
        headers: Headers,
        *,
        content: bytes | None = None,
        stream: SyncBody | AsyncBody | None = None,
        reason_phrase: str = "",
        extensions: dict[str, Any] | None = None,
        request: Request | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._content = content if content is not None or stream is not None else b""
        self.stream = stream
        self.reason_phrase = reason_phrase
        self.extensions: dict[str, Any] = extensions if extensions is not None else {}
        self.request = cast(Request, request)  # set by whoever sent it, before anyone reads it
        self.is_closed = False

    @property
    def content(self) -> bytes:
        """The whole body.

        Raises:
            ResponseNotRead: a streamed body not read yet.
        """
        if self._content is None:
            raise ResponseNotRead()
        return self._content

    @property
    def text(self) -> str:
        """The body as text, in the charset its ``Content-Type`` names (else UTF-8)."""
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body decoded as JSON.

        Raises:
            ValueError: it is not JSON.
        """
        return json.loads(self.content)

    # -- sync ----------------------------------------------------------------------------------

    def read(self) -> bytes:
        """Read the rest of the body and release the connection; returns the whole body."""
        if self._content is None:
            self._content = b"".join(self.iter_bytes())
        return self._content

    def iter_bytes(self) -> Iterator[bytes]:
        """The body in the pieces it arrives in (the whole body, if already read); the
        response closes when they end."""
        if self._content is not None:
            if self._content:
                yield self._content
            return
        stream = cast(SyncBody, self.stream)
        try:
            for chunk in stream:
                if chunk:
                    yield chunk
        finally:
            self.close()

    def close(self) -> None:
        """Release the connection (a body not read to its end closes it)."""
        if not self.is_closed:
            self.is_closed = True
            if self._content is None and self.stream is not None:
                cast(SyncBody, self.stream).close()

    # -- asyncio -------------------------------------------------------------------------------

    async def aread(self) -> bytes:
        """Read the rest of the body and release the connection; returns the whole body."""
        if self._content is None:
            self._content = b"".join([chunk async for chunk in self.aiter_bytes()])
        return self._content

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body in the pieces it arrives in; the response closes when they end."""
        if self._content is not None:
            if self._content:
                yield self._content
            return
        stream = cast(AsyncBody, self.stream)
        try:
            async for chunk in stream:
                if chunk:
                    yield chunk
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        """Release the connection (a body not read to its end closes it)."""
        if not self.is_closed:
            self.is_closed = True
            if self._content is None and self.stream is not None:
                await cast(AsyncBody, self.stream).aclose()

    def __repr__(self) -> str:
        return f"<Response [{self.status_code} {self.reason_phrase}]>"


# -- transports --------------------------------------------------------------------------------


class BaseTransport:
    """Sends a :class:`Request`, returns the :class:`Response` (its body may stream)."""

    def handle_request(self, request: Request) -> Response:
        """Send ``request``; the reply's body may still be on the connection.

        Raises:
            TransportError: (a subclass) the request could not be sent or answered.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Close every connection."""


class AsyncBaseTransport:
    """The asyncio twin of :class:`BaseTransport`."""

    async def handle_async_request(self, request: Request) -> Response:
        """Send ``request``; the reply's body may still be on the connection.

        Raises:
            TransportError: (a subclass) the request could not be sent or answered.
        """
        raise NotImplementedError

    async def aclose(self) -> None:
        """Close every connection."""
