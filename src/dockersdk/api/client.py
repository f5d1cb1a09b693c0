"""``APIClient``: the low-level Engine API client (docker-py's ``APIClient``), typed."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from dockersdk.api._core import (
    MAX_API_VERSION,
    MIN_API_VERSION,
    Call,
    build_request,
    check_response,
)
from dockersdk.api.build import BuildApiMixin
from dockersdk.api.builders import BuildersApiMixin
from dockersdk.api.container import ContainerApiMixin
from dockersdk.api.container_io import ContainerIOApiMixin
from dockersdk.api.exec_api import ExecApiMixin
from dockersdk.api.image import ImageApiMixin
from dockersdk.api.image_io import ImageIOApiMixin
from dockersdk.api.network import NetworkApiMixin
from dockersdk.api.plugin import PluginApiMixin
from dockersdk.api.registry import RegistryApiMixin
from dockersdk.api.secret import SecretApiMixin
from dockersdk.api.service import ServiceApiMixin
from dockersdk.api.swarm import SwarmApiMixin
from dockersdk.api.system import SystemApiMixin
from dockersdk.api.volume import VolumeApiMixin
from dockersdk.errors import DockerConnectionError, DockerTimeoutError, InvalidVersion
from dockersdk.transport._factory import make_transport, resolve_endpoint
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.auth.auth import AuthConfig
    from dockersdk.tls import TLSConfig

T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 60.0
USER_AGENT = "dockersdk/0.1.0"


class APIClient(
    BuildApiMixin,
    BuildersApiMixin,
    ContainerApiMixin,
    ContainerIOApiMixin,
    ExecApiMixin,
    ImageApiMixin,
    ImageIOApiMixin,
    NetworkApiMixin,
    PluginApiMixin,
    RegistryApiMixin,
    SecretApiMixin,
    ServiceApiMixin,
    SwarmApiMixin,
    SystemApiMixin,
    VolumeApiMixin,
):
    """A low-level client for the Docker Engine API.

    Args:
        base_url: where the engine listens: ``unix:///var/run/docker.sock`` (the default),
            ``tcp://host:2375``, ``https://host:2376``.
        version: the API version to speak. ``None`` or ``"auto"`` negotiate on first use:
            the lower of the newest version this SDK knows and the engine's. A pinned
            version the engine does not support raises :class:`InvalidVersion`.
        timeout: seconds to wait for connect and for each read.
        tls: a :class:`~dockersdk.tls.TLSConfig`, or True for TLS with the system CAs.
        user_agent: the ``User-Agent`` header.
        max_pool_size: connections kept open to the engine.
        transport: an httpx transport to use instead of the one ``base_url`` implies
            (tests use ``httpx.MockTransport``).

    Example:
        >>> with APIClient(base_url="unix:///var/run/docker.sock") as api:
        ...     api.inspect_container("web").state.running
    """

    def __init__(
        self,
        base_url: str | None = None,
        version: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        tls: bool | TLSConfig | None = None,
        user_agent: str = USER_AGENT,
        num_pools: int | None = None,
        credstore_env: dict[str, str] | None = None,
        use_ssh_client: bool = False,
        max_pool_size: int = 100,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._address = base_url
        self.timeout = timeout
        self.credstore_env = credstore_env
        self._user_agent = user_agent
        self._max_pool_size = max_pool_size
        self._general_configs: dict[str, Any] = {}
        self._auth_configs: AuthConfig | None = None
        self._connect(tls, transport)
        self._requested_version = None if version in (None, "auto") else version
        self._version: str | None = None
        self._version_lock = threading.Lock()

    def _connect(
        self, tls: bool | TLSConfig | None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._endpoint = resolve_endpoint(self._address, tls)
        self.base_url = self._endpoint.url
        self._client = httpx.Client(
            base_url=self._endpoint.url,
            transport=transport
            or make_transport(self._endpoint, tls, max_connections=self._max_pool_size),
            timeout=self.timeout,
            headers={"User-Agent": self._user_agent},
            trust_env=False,
        )

    def _use_tls(self, tls: TLSConfig) -> None:
        """Talk to the engine through ``tls`` from now on (closes the current connections).

        This is what ``TLSConfig.configure_client(client)`` does, as in docker-py.
        """
        self._client.close()
        self._connect(tls)

    # -- version ---------------------------------------------------------------------------

    @property
    def api_version(self) -> str:
        """The API version in use, negotiated with the engine on first use if needed."""
        if self._version is None:
            with self._version_lock:
                if self._version is None:
                    self._version = self._negotiate_version()
        return self._version

    def _negotiate_version(self) -> str:
        info = self._send(Call("GET", "/version", _version_range, versioned=False), None)
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

    def _call(self, call: Call[T]) -> T:
        """Send ``call`` and return its parsed result, or raise the mapped error."""
        return self._send(call, self.api_version if call.versioned else None)

    def _send(self, call: Call[T], version: str | None) -> T:
        request = build_request(self._client, call, version)
        with self._translate_errors():
            response = self._client.send(request)
        check_response(call, response)
        return call.parse(response)

    @contextmanager
    def _stream(self, call: Call[Any]) -> Iterator[httpx.Response]:
        """Send ``call`` and yield the reply with its body unread; always closes it."""
        request = build_request(self._client, call, self.api_version)
        with self._translate_errors():
            response = self._client.send(request, stream=True)
        # A connection that breaks mid-body (engine killed, ssh gone) surfaces while the
        # caller iterates: translate those httpx errors too, not only the ones of send().
        response.stream = _TranslatedBody(response.stream, self._translate_errors)
        try:
            if response.status_code >= 300 and response.status_code not in call.ok_statuses:
                response.read()
                check_response(call, response)
            yield response
        finally:
            response.close()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        address = self._endpoint.address
        try:
            yield
        except httpx.TimeoutException as exc:
            raise DockerTimeoutError(
                f"timed out talking to the Docker engine at {address} ({exc.__class__.__name__})",
                address,
            ) from exc
        except httpx.TransportError as exc:
            if _ssl_error_in(exc):
                raise DockerConnectionError(
                    f"TLS handshake with the Docker engine at {address} failed: {exc}. Check "
                    "the CA, the client certificate and key, and the hostname.",
                    address,
                ) from exc
            raise DockerConnectionError(
                f"cannot connect to the Docker engine at {address}: {exc or type(exc).__name__}."
                " Is the engine running, and is the address right?",
                address,
            ) from exc

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close every pooled connection."""
        self._client.close()

    def __enter__(self) -> APIClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<APIClient base_url={self._endpoint.address!r} version={self._version!r}>"


class _TranslatedBody(httpx.SyncByteStream):
    """A reply body whose transport errors are raised as dockersdk's connection errors."""

    def __init__(
        self,
        inner: httpx.SyncByteStream | httpx.AsyncByteStream,
        translate: Callable[[], AbstractContextManager[None]],
    ) -> None:
        assert isinstance(inner, httpx.SyncByteStream)
        self._inner = inner
        self._translate = translate

    def __iter__(self) -> Iterator[bytes]:
        with self._translate():
            yield from self._inner

    def close(self) -> None:
        with self._translate():
            self._inner.close()


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
    data = response.json()
    return str(data["ApiVersion"]), str(data.get("MinAPIVersion") or MIN_API_VERSION)
