"""``AsyncAPIClient``: the low-level Engine API client (docker-py's ``APIClient``), typed."""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

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
from dockersdk.utils.proxy import ProxyConfig
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
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
            version the engine does not support raises :class:`InvalidVersion`.
        timeout: seconds to wait for connect and for each read, or an ``httpx.Timeout``
            with separate connect and read limits.
        tls: a :class:`~dockersdk.tls.TLSConfig`, or True for TLS with the system CAs.
        user_agent: the ``User-Agent`` header.
        max_pool_size: connections kept open to the engine.
        transport: an httpx transport to use instead of the one ``base_url`` implies
            (tests use ``httpx.MockTransport``).

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
        transport: httpx.AsyncBaseTransport | None = None,
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
        self._retired: list[httpx.AsyncBaseTransport] = []
        self._connect(tls, transport)
        self._requested_version = None if version in (None, "auto") else version
        self._version: str | None = None
        self._version_lock = AsyncLock()

    def _connect(
        self, tls: bool | TLSConfig | None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._endpoint = resolve_endpoint(self._address, tls)
        self.base_url = self._endpoint.url
        # Requests go straight to the transport: httpx's client machinery (cookies, auth,
        # redirects, URL merging) costs more than the round trip on a local socket and
        # does nothing for the engine. The transport gets httpx requests with httpx's
        # timeout extension and returns httpx responses, as under an httpx client.
        self._transport = transport or make_async_transport(
            self._endpoint, tls, max_connections=self._max_pool_size
        )
        # The factory reads self.headers on every request (the same dict, not a copy).
        self._requests = RequestFactory(
            self._endpoint.url.rstrip("/"), self.headers, httpx.Timeout(self.timeout)
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
        if self._version is None:
            async with self._version_lock:
                if self._version is None:
                    self._version = await self._negotiate_version()
        return self._version

    async def _negotiate_version(self) -> str:
        info = await self._send(Call("GET", "/version", _version_range, versioned=False), None)
        engine_max, engine_min = info
        wanted = self._requested_version
        if wanted is None:
            return engine_max if version_lt(engine_max, MAX_API_VERSION) else MAX_API_VERSION
        if version_lt(wanted, MIN_API_VERSION) or version_lt(MAX_API_VERSION, wanted):
            raise InvalidVersion(
                f"API version {wanted} is outside what dockersdk supports "
                f"({MIN_API_VERSION}..{MAX_API_VERSION})"
            )
        if version_lt(wanted, engine_min) or version_lt(engine_max, wanted):
            raise InvalidVersion(
                f"API version {wanted} is not supported by the engine at "
                f"{self._endpoint.address}: it supports {engine_min}..{engine_max}; "
                "pass version='auto' to negotiate"
            )
        return wanted

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
        check_response(call, response)
        return call.parse(response)

    @asynccontextmanager
    async def _stream(self, call: Call[Any]) -> AsyncIterator[httpx.Response]:
        """Send ``call`` and yield the reply with its body unread; always closes it."""
        request = build_request(self._requests, call, await self._ensure_version())
        with self._translate_errors():
            response = await self._transport.handle_async_request(request)
            response.request = request
        if _log.isEnabledFor(logging.DEBUG):
            _log_reply(request, response)
        # A connection that breaks mid-body (engine killed, ssh gone) surfaces while the
        # caller iterates: translate those httpx errors too, not only the ones of send().
        response.stream = _TranslatedBody(response.stream, self._translate_errors)
        try:
            if response.status_code >= 300 and response.status_code not in call.ok_statuses:
                await response.aread()
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
        return f"<AsyncAPIClient base_url={self._endpoint.address!r} version={self._version!r}>"


class _ErrorTranslation:
    """A context that raises httpx's transport errors as dockersdk's, naming the engine.

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
        if isinstance(exc, httpx.TimeoutException):
            raise DockerTimeoutError(
                f"timed out talking to the Docker engine at {address} ({exc.__class__.__name__})",
                address,
            ) from exc
        if isinstance(exc, ssl.SSLError):
            # With TLS 1.3 the engine refuses a client certificate after the handshake, in
            # the first read; asyncio's TLS stream raises that SSLError unwrapped by httpx.
            raise _tls_failed(address, exc) from exc
        if isinstance(exc, httpx.TransportError):
            if _ssl_error_in(exc):
                raise _tls_failed(address, exc) from exc
            if isinstance(exc, httpx.RemoteProtocolError):
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


class _TranslatedBody(httpx.AsyncByteStream):
    """A reply body whose transport errors are raised as dockersdk's connection errors."""

    def __init__(
        self,
        inner: object,
        translate: Callable[[], AbstractContextManager[None]],
    ) -> None:
        assert isinstance(inner, httpx.AsyncByteStream)
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


def _log_reply(request: httpx.Request, response: httpx.Response) -> None:
    """One DEBUG line per request: method, path and status (never headers or bodies, which
    carry registry credentials)."""
    _log.debug("%s %s -> %s", request.method, request.url.path, response.status_code)


def _config_headers(config: dict[str, Any]) -> dict[str, str]:
    """The ``HttpHeaders`` of the CLI's config file, sent with every request."""
    headers = config.get("HttpHeaders")
    if not isinstance(headers, dict):
        return {}
    return {str(key): str(value) for key, value in headers.items()}


def _ssl_error_in(exc: BaseException) -> bool:
    """True if an ``ssl.SSLError`` is anywhere in ``exc``'s cause/context chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _version_range(response: httpx.Response) -> tuple[str, str]:
    try:
        data = response.json()
        return str(data["ApiVersion"]), str(data.get("MinAPIVersion") or MIN_API_VERSION)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResponseParseError(
            f"the engine's GET /version reply has no ApiVersion ({response.text[:200]!r}): "
            "is this address a Docker engine?"
        ) from exc
