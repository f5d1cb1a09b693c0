"""``AsyncAPIClient``: the low-level Engine API client (docker-py's ``APIClient``), typed."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from dockersdk._guards import is_dict
from dockersdk.aio._flavour import AsyncLock, AsyncVersionAccess
from dockersdk.aio._transport import make_async_transport
from dockersdk.aio.api.build import AsyncBuildApiMixin
from dockersdk.aio.api.builders import AsyncBuildersApiMixin
from dockersdk.aio.api.container import AsyncContainerApiMixin
from dockersdk.aio.api.container_io import AsyncContainerIOApiMixin
from dockersdk.aio.api.exec_api import AsyncExecApiMixin
from dockersdk.aio.api.image import AsyncImageApiMixin
from dockersdk.aio.api.image_io import AsyncImageIOApiMixin
from dockersdk.aio.api.network import AsyncNetworkApiMixin
from dockersdk.aio.api.plugin import AsyncPluginApiMixin
from dockersdk.aio.api.registry import AsyncRegistryApiMixin
from dockersdk.aio.api.secret import AsyncSecretApiMixin
from dockersdk.aio.api.service import AsyncServiceApiMixin
from dockersdk.aio.api.swarm import AsyncSwarmApiMixin
from dockersdk.aio.api.system import AsyncSystemApiMixin
from dockersdk.aio.api.volume import AsyncVolumeApiMixin
from dockersdk.api._core import (
    MAX_API_VERSION,
    MIN_API_VERSION,
    Call,
    RequestFactory,
    build_request,
    check_response,
)
from dockersdk.auth.config_files import load_general_config
from dockersdk.errors import (
    DockerConnectionError,
    DockerTimeoutError,
    InvalidVersion,
    ResponseParseError,
)
from dockersdk.transport._factory import resolve_endpoint
from dockersdk.transport._messages import (
    AsyncBaseTransport,
    RemoteProtocolError,
    Request,
    Response,
    TimeoutException,
    TransportError,
    timeout_phases,
)
from dockersdk.utils.proxy import ProxyConfig
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    import httpx

    from dockersdk.auth.auth import AuthConfig
    from dockersdk.tls import TLSConfig

T = TypeVar("T")
_log = logging.getLogger("dockersdk.api")

DEFAULT_TIMEOUT_SECONDS = 60.0
USER_AGENT = "dockersdk/0.1.0"


class AsyncAPIClient(
    AsyncVersionAccess,
    AsyncBuildApiMixin,
    AsyncBuildersApiMixin,
    AsyncContainerApiMixin,
    AsyncContainerIOApiMixin,
    AsyncExecApiMixin,
    AsyncImageApiMixin,
    AsyncImageIOApiMixin,
    AsyncNetworkApiMixin,
    AsyncPluginApiMixin,
    AsyncRegistryApiMixin,
    AsyncSecretApiMixin,
    AsyncServiceApiMixin,
    AsyncSwarmApiMixin,
    AsyncSystemApiMixin,
    AsyncVolumeApiMixin,
):
    """A low-level client for the Docker Engine API.

    Args:
        base_url: where the engine listens: ``unix:///var/run/docker.sock`` (the default),
            ``tcp://host:2375``, ``https://host:2376``.
        version: the API version to speak. ``None`` or ``"auto"`` negotiate on first use:
            the lower of the newest version this SDK knows and the engine's. A pinned
            version is used as given, without asking the engine (as docker-py does): no
            ``GET /version`` is sent, and an engine that does not speak it refuses the
            calls (:class:`InvalidVersion`, naming what it supports).
        timeout: seconds to wait for connect and for each read, or an ``httpx.Timeout``
            with separate connect and read limits.
        tls: a :class:`~dockersdk.tls.TLSConfig`, or True for TLS with the system CAs.
        user_agent: the ``User-Agent`` header.
        max_pool_size: connections kept open to the engine.
        transport: an httpx transport to use instead of the one ``base_url`` implies
            (tests use ``httpx.MockTransport``). Without one, a unix socket is served
            without httpx (nor its import).

    Example:
        >>> async with AsyncAPIClient(base_url="unix:///var/run/docker.sock") as api:
        ...     (await api.inspect_container("web")).state.running
    """

    def __init__(
        self,
        base_url: str | None = None,
        version: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_SECONDS,
        tls: bool | TLSConfig | None = None,
        user_agent: str = USER_AGENT,
        num_pools: int | None = None,
        credstore_env: dict[str, str] | None = None,
        use_ssh_client: bool = False,
        max_pool_size: int = 100,
        *,
        transport: httpx.AsyncBaseTransport | AsyncBaseTransport | None = None,
    ) -> None:
        self._address = base_url
        self.timeout = timeout
        self.credstore_env = credstore_env
        self._user_agent = user_agent
        self._max_pool_size = max_pool_size
        # The CLI's config file: HttpHeaders go on every request, proxies into containers
        # and builds (use_config_proxy), detachKeys into attach.
        self._general_configs = load_general_config()
        self._proxy_configs = ProxyConfig.for_engine(self._general_configs, base_url)
        #: Headers sent with every request (docker-py's ``api.headers``): change them here.
        self.headers: dict[str, str] = {
            **_config_headers(self._general_configs),
            "User-Agent": self._user_agent,
        }
        self._auth_configs: AuthConfig | None = None
        self._retired: list[AsyncBaseTransport] = []
        self._connect(tls, transport)
        self._requested_version = _pinned_version(version)
        # A pinned version is the version: nothing to negotiate, no request before the first.
        self._negotiated: str | None = self._requested_version
        self._version_lock = AsyncLock()

    def _connect(
        self,
        tls: bool | TLSConfig | None,
        transport: httpx.AsyncBaseTransport | AsyncBaseTransport | None = None,
    ) -> None:
        self._endpoint = resolve_endpoint(self._address, tls)
        self.base_url = self._endpoint.url
        # Requests go straight to the transport: httpx's client machinery (cookies, auth,
        # redirects, URL merging) costs more than the round trip on a local socket and
        # does nothing for the engine. The transport takes the core's own requests (with
        # httpx's timeout extension) and returns its responses; an httpx transport is
        # adapted to them.
        if transport is None:
            transport = make_async_transport(
                self._endpoint, tls, max_connections=self._max_pool_size
            )
        if isinstance(transport, AsyncBaseTransport):
            self._transport = transport
        else:
            from dockersdk.aio._bridge import AsyncHttpxTransport

            self._transport = AsyncHttpxTransport(transport)
        self._requests = RequestFactory(
            self._endpoint.url.rstrip("/"),
            self.headers,  # read on every request: docker-py code changes api.headers
            timeout_phases(self.timeout),
        )

    def _use_tls(self, tls: TLSConfig) -> None:
        """Talk to the engine through ``tls`` from now on (closes the current connections).

        This is what ``TLSConfig.configure_client(client)`` does, as in docker-py. The old
        connections are closed with the client.
        """
        self._retired.append(self._transport)
        self._connect(tls)

    # -- version ---------------------------------------------------------------------------

    async def _ensure_version(self) -> str:
        """The API version in use, negotiated with the engine on first use if needed."""
        if self._negotiated is None:
            async with self._version_lock:
                if self._negotiated is None:
                    self._negotiated = await self._negotiate_version()
        return self._negotiated

    async def _negotiate_version(self) -> str:
        info = await self._send(Call("GET", "/version", _version_range, versioned=False), None)
        engine_max, _ = info
        return engine_max if version_lt(engine_max, MAX_API_VERSION) else MAX_API_VERSION

    # -- executor --------------------------------------------------------------------------

    async def _call(self, call: Call[T]) -> T:
        """Send ``call`` and return its parsed result, or raise the mapped error."""
        version = (await self._ensure_version()) if call.versioned else None
        return await self._send(call, version)

    async def _send(self, call: Call[T], version: str | None) -> T:
        request = build_request(self._requests, call, version)
        with self._translate_errors():
            response = await self._transport.handle_async_request(request)
            response.request = request
            try:
                await response.aread()
            finally:
                await response.aclose()
        if _log.isEnabledFor(logging.DEBUG):
            _log_reply(request, response)
        if response.status_code >= 400 and self._requested_version is not None:
            _check_pinned_version(response, self._requested_version, self._endpoint.address)
        check_response(call, response)
        return call.parse(response)

    @asynccontextmanager  # pyright: ignore[reportDeprecated]
    async def _stream(self, call: Call[Any]) -> AsyncIterator[Response]:
        """Send ``call`` and yield the reply with its body unread; always closes it."""
        request = build_request(self._requests, call, await self._ensure_version())
        with self._translate_errors():
            response = await self._transport.handle_async_request(request)
            response.request = request
        if _log.isEnabledFor(logging.DEBUG):
            _log_reply(request, response)
        # A connection that breaks mid-body (engine killed, ssh gone) surfaces while the
        # caller iterates: translate those errors too, not only the ones of send().
        if response.stream is not None:
            response.stream = _AsyncTranslatedBody(response.stream, self._translate_errors)
        try:
            if response.status_code >= 300 and response.status_code not in call.ok_statuses:
                await response.aread()
                if self._requested_version is not None:
                    _check_pinned_version(response, self._requested_version, self._endpoint.address)
                check_response(call, response)
            yield response
        finally:
            await response.aclose()

    def _translate_errors(self) -> _ErrorTranslation:
        return _ErrorTranslation(self._endpoint.address)

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close every pooled connection."""
        for transport in (*self._retired, self._transport):
            await transport.aclose()
        self._retired.clear()

    async def __aenter__(self) -> AsyncAPIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncAPIClient base_url={self._endpoint.address!r} version={self._negotiated!r}>"


class _ErrorTranslation:
    """A context that raises transport errors as dockersdk's, naming the engine: the core's
    own (:mod:`dockersdk.transport._messages`) and httpx's (from an httpx transport).

    A class rather than a generator context manager: every request passes through one.
    """

    __slots__ = ("_address",)

    def __init__(self, address: str) -> None:
        self._address = address

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            return
        address = self._address
        timeouts, protocol, transport = _error_kinds()
        if isinstance(exc, timeouts):
            raise DockerTimeoutError(
                f"timed out talking to the Docker engine at {address} ({exc.__class__.__name__})",
                address,
            ) from exc
        ssl = sys.modules.get("ssl")  # no TLS error without the ssl module loaded
        if ssl is not None and isinstance(exc, ssl.SSLError):
            # With TLS 1.3 the engine refuses a client certificate after the handshake, in
            # the first read; asyncio's TLS stream raises that SSLError unwrapped by httpx.
            raise _tls_failed(address, exc) from exc
        if isinstance(exc, transport):
            if ssl is not None and _ssl_error_in(exc, ssl.SSLError):
                raise _tls_failed(address, exc) from exc
            if isinstance(exc, protocol):
                raise DockerConnectionError(
                    f"the Docker engine at {address} broke off or sent a malformed HTTP reply:"
                    f" {exc}. Is this address a Docker engine, and is it healthy?",
                    address,
                ) from exc
            raise DockerConnectionError(
                f"cannot connect to the Docker engine at {address}: {exc or type(exc).__name__}."
                " Is the engine running, and is the address right?",
                address,
            ) from exc


_Kinds = tuple[type[BaseException], ...]


def _error_kinds() -> tuple[_Kinds, _Kinds, _Kinds]:
    """The timeout, protocol and transport error classes: the core's, and httpx's when httpx
    is loaded (an exception from an httpx transport implies it is)."""
    httpx = sys.modules.get("httpx")
    if httpx is None:
        return (TimeoutException,), (RemoteProtocolError,), (TransportError,)
    return (
        (TimeoutException, httpx.TimeoutException),
        (RemoteProtocolError, httpx.RemoteProtocolError),
        (TransportError, httpx.TransportError),
    )


class _AsyncTranslatedBody:
    """A reply body whose transport errors are raised as dockersdk's connection errors."""

    def __init__(
        self,
        inner: Any,
        translate: Callable[[], AbstractContextManager[None]],
    ) -> None:
        self._inner = inner
        self._translate = translate

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with self._translate():
            async for chunk in self._inner:
                yield chunk

    async def aclose(self) -> None:
        with self._translate():
            await self._inner.aclose()


def _tls_failed(address: str, exc: BaseException) -> DockerConnectionError:
    return DockerConnectionError(
        f"TLS handshake with the Docker engine at {address} failed: {exc}. Check "
        "the CA, the client certificate and key, and the hostname.",
        address,
    )


def _log_reply(request: Request, response: Response) -> None:
    """One DEBUG line per request: method, path and status (never headers or bodies, which
    carry registry credentials)."""
    _log.debug("%s %s -> %s", request.method, request.url.path, response.status_code)


def _config_headers(config: dict[str, Any]) -> dict[str, str]:
    """The ``HttpHeaders`` of the CLI's config file, sent with every request."""
    headers = config.get("HttpHeaders")
    if not is_dict(headers):
        return {}
    return {str(key): str(value) for key, value in headers.items()}


def _ssl_error_in(exc: BaseException, ssl_error: type[BaseException]) -> bool:
    """True if an ``ssl.SSLError`` is anywhere in ``exc``'s cause/context chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl_error):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _pinned_version(version: object) -> str | None:
    """The version a client was pinned to, None to negotiate (docker-py's checks).

    Raises:
        InvalidVersion: a version outside what dockersdk speaks, or not a version at all.
    """
    if version is None or version == "auto":
        return None
    if not isinstance(version, str):
        raise InvalidVersion(
            f"version must be a string such as '1.41', 'auto' or None, got {type(version).__name__}"
        )
    parts = version.split(".")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise InvalidVersion(f"version {version!r} is no API version: use e.g. '1.41' or 'auto'")
    if version_lt(version, MIN_API_VERSION) or version_lt(MAX_API_VERSION, version):
        raise InvalidVersion(
            f"API version {version} is outside what dockersdk supports "
            f"({MIN_API_VERSION}..{MAX_API_VERSION}); pass version='auto' to negotiate"
        )
    return version


#: How engines refuse a pinned version they do not speak (a 400 with this message).
_REFUSED_VERSION = ("is too new", "is too old")


def _check_pinned_version(response: Response, version: str, address: str) -> None:
    """Raise :class:`InvalidVersion` when the engine refused the pinned API version itself
    ("client version 1.51 is too new. Maximum supported API version is 1.41")."""
    if response.status_code != 400:
        return
    try:
        message = str(response.json().get("message") or "")
    except (ValueError, AttributeError):
        return
    if "version" in message and any(marker in message for marker in _REFUSED_VERSION):
        raise InvalidVersion(
            f"API version {version} is not supported by the engine at {address}: "
            f"{message}; pass version='auto' to negotiate"
        )


def _version_range(response: Response) -> tuple[str, str]:
    try:
        data = response.json()
        return str(data["ApiVersion"]), str(data.get("MinAPIVersion") or MIN_API_VERSION)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResponseParseError(
            f"the engine's GET /version reply has no ApiVersion ({response.text[:200]!r}): "
            "is this address a Docker engine?"
        ) from exc
