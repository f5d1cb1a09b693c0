"""``DockerClient``: docker-py's high-level client of typed object collections; ``from_env``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk.aio.api.client import DEFAULT_TIMEOUT_SECONDS, USER_AGENT, AsyncAPIClient

if TYPE_CHECKING:
    import httpx

    from dockersdk.aio.api._stream import AsyncStream
    from dockersdk.aio.api.system import EventsContentType
    from dockersdk.aio.resources.configs import AsyncConfigCollection
    from dockersdk.aio.resources.containers import AsyncContainerCollection
    from dockersdk.aio.resources.images import AsyncImageCollection
    from dockersdk.aio.resources.networks import AsyncNetworkCollection
    from dockersdk.aio.resources.nodes import AsyncNodeCollection
    from dockersdk.aio.resources.plugins import AsyncPluginCollection
    from dockersdk.aio.resources.secrets import AsyncSecretCollection
    from dockersdk.aio.resources.services import AsyncServiceCollection
    from dockersdk.aio.resources.swarm import AsyncSwarm
    from dockersdk.aio.resources.volumes import AsyncVolumeCollection
    from dockersdk.models import (
        EventMessage,
        SystemAuthResponse,
        SystemDataUsageResponse,
        SystemInfo,
        SystemVersion,
    )
    from dockersdk.tls import TLSConfig

__all__ = ["AsyncDockerClient", "from_env"]

DEFAULT_MAX_POOL_SIZE = 100


class AsyncDockerClient:
    """A client for a Docker engine, with docker-py's collections of objects.

    ``client.containers.run(...)``, ``client.images.get(...)`` and friends return objects
    whose ``.attrs`` is the typed engine model (dict-style access by API key still works).

    Args:
        base_url: where the engine listens (``unix:///var/run/docker.sock``,
            ``tcp://host:2376``...). See :meth:`from_env` to find it like the docker CLI.
        version: the API version; None or ``"auto"`` negotiate with the engine.
        timeout: seconds to wait for connect and for each read, or an ``httpx.Timeout``
            with separate connect and read limits.
        tls: a :class:`~dockersdk.tls.TLSConfig`, or True for TLS with the system CAs.
        user_agent: the ``User-Agent`` header.
        num_pools: accepted for docker-py compatibility.
        credstore_env: environment for credential helper processes.
        use_ssh_client: accepted for docker-py compatibility.
        max_pool_size: connections kept open to the engine.
        transport: an httpx transport to use instead of the one ``base_url`` implies.

    Attributes:
        api: the low-level :class:`~dockersdk.APIClient` the collections use.

    Example:
        >>> with DockerClient.from_env() as client:
        ...     client.containers.run("alpine", ["echo", "hi"], remove=True)
        b'hi\\n'
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
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.api = AsyncAPIClient(
            base_url=base_url,
            version=version,
            timeout=timeout,
            tls=tls,
            user_agent=user_agent,
            num_pools=num_pools,
            credstore_env=credstore_env,
            use_ssh_client=use_ssh_client,
            max_pool_size=max_pool_size,
            transport=transport,
        )

    @classmethod
    def from_env(
        cls,
        *,
        version: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_SECONDS,
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
        environment: Mapping[str, str] | None = None,
        credstore_env: dict[str, str] | None = None,
        use_ssh_client: bool = False,
        ssl_version: Any = None,
        assert_hostname: bool | None = None,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AsyncDockerClient:
        """A client for the engine the docker CLI would talk to.

        Resolution order, as in the CLI: ``DOCKER_HOST`` (with ``DOCKER_TLS_VERIFY`` and
        ``DOCKER_CERT_PATH``), then the context named by ``DOCKER_CONTEXT``, then
        ``currentContext`` in ``$DOCKER_CONFIG/config.json`` (``~/.docker``), then the
        platform default. See :mod:`dockersdk.context`.

        Args:
            version: the API version; None (the default) or ``"auto"`` negotiate.
            timeout: seconds to wait for connect and for each read, or an ``httpx.Timeout``
                with separate connect and read limits.
            max_pool_size: connections kept open to the engine.
            environment: the variables to read instead of ``os.environ``.
            credstore_env: environment for credential helper processes.
            use_ssh_client: accepted for docker-py compatibility.
            ssl_version, assert_hostname: TLS settings for ``DOCKER_TLS_VERIFY``.
            user_agent: the ``User-Agent`` header.
            transport: an httpx transport to use (tests).

        Raises:
            InvalidArgument: the current context does not exist.
            InvalidConfigFile: a malformed config or context file.
            TLSParameterError: missing certificate files.
        """
        from dockersdk.context import resolve_client_kwargs

        resolved = resolve_client_kwargs(
            environment, ssl_version=ssl_version, assert_hostname=assert_hostname
        )
        return cls(
            version=version,
            timeout=timeout,
            max_pool_size=max_pool_size,
            credstore_env=credstore_env,
            use_ssh_client=use_ssh_client,
            user_agent=user_agent,
            transport=transport,
            **resolved,
        )

    @classmethod
    def from_context(
        cls,
        name: str,
        *,
        config_dir: str | None = None,
        version: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_SECONDS,
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
        credstore_env: dict[str, str] | None = None,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AsyncDockerClient:
        """A client for the engine of docker CLI context ``name``.

        Args:
            name: the context (``docker context ls``); ``default`` is the platform default.
            config_dir: the CLI's config directory (default ``$DOCKER_CONFIG`` or
                ``~/.docker``).
            version, timeout, max_pool_size, credstore_env, user_agent, transport: as for
                :class:`DockerClient`.

        Raises:
            InvalidArgument: no such context.
            InvalidConfigFile: its metadata is malformed.
        """
        from dockersdk.context import load_context

        context = load_context(name, config_dir)
        return cls(
            base_url=context.host,
            tls=context.tls,
            version=version,
            timeout=timeout,
            max_pool_size=max_pool_size,
            credstore_env=credstore_env,
            user_agent=user_agent,
            transport=transport,
        )

    # -- collections -----------------------------------------------------------------------

    @cached_property
    def configs(self) -> AsyncConfigCollection:
        """Swarm configs."""
        from dockersdk.aio.resources.configs import AsyncConfigCollection

        return AsyncConfigCollection(client=self)

    @cached_property
    def containers(self) -> AsyncContainerCollection:
        """Containers: ``run``, ``create``, ``get``, ``list``, ``prune``."""
        from dockersdk.aio.resources.containers import AsyncContainerCollection

        return AsyncContainerCollection(client=self)

    @cached_property
    def images(self) -> AsyncImageCollection:
        """Images: ``get``, ``list``, ``pull``, ``build``, ``remove``..."""
        from dockersdk.aio.resources.images import AsyncImageCollection

        return AsyncImageCollection(client=self)

    @cached_property
    def networks(self) -> AsyncNetworkCollection:
        """Networks."""
        from dockersdk.aio.resources.networks import AsyncNetworkCollection

        return AsyncNetworkCollection(client=self)

    @cached_property
    def nodes(self) -> AsyncNodeCollection:
        """Swarm nodes."""
        from dockersdk.aio.resources.nodes import AsyncNodeCollection

        return AsyncNodeCollection(client=self)

    @cached_property
    def plugins(self) -> AsyncPluginCollection:
        """Engine plugins."""
        from dockersdk.aio.resources.plugins import AsyncPluginCollection

        return AsyncPluginCollection(client=self)

    @cached_property
    def secrets(self) -> AsyncSecretCollection:
        """Swarm secrets."""
        from dockersdk.aio.resources.secrets import AsyncSecretCollection

        return AsyncSecretCollection(client=self)

    @cached_property
    def services(self) -> AsyncServiceCollection:
        """Swarm services."""
        from dockersdk.aio.resources.services import AsyncServiceCollection

        return AsyncServiceCollection(client=self)

    @property
    def swarm(self) -> AsyncSwarm:
        """The swarm this engine belongs to (a fresh object each time, loaded on first use)."""
        from dockersdk.aio.resources.swarm import AsyncSwarm

        return AsyncSwarm(client=self)

    @cached_property
    def volumes(self) -> AsyncVolumeCollection:
        """Volumes."""
        from dockersdk.aio.resources.volumes import AsyncVolumeCollection

        return AsyncVolumeCollection(client=self)

    # -- engine-wide calls -----------------------------------------------------------------

    async def ping(self) -> bool:
        """True if the engine answers."""
        return await self.api.ping()

    async def version(self, api_version: bool = True) -> SystemVersion:
        """The engine's version information."""
        return await self.api.version(api_version)

    async def info(self) -> SystemInfo:
        """System-wide information."""
        return await self.api.info()

    async def df(
        self, *, types: str | Sequence[str] | None = None, verbose: bool = False
    ) -> SystemDataUsageResponse:
        """Disk usage by images, containers, volumes and the build cache (see
        :meth:`APIClient.df`)."""
        return await self.api.df(types=types, verbose=verbose)

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
        """Engine events as a stream of typed messages, or of JSON bytes with
        ``decode=False`` (see :meth:`APIClient.events`)."""
        return await self.api.events(
            since=since, until=until, filters=filters, decode=decode, content_type=content_type
        )

    async def login(
        self,
        username: str,
        password: str | None = None,
        email: str | None = None,
        registry: str | None = None,
        reauth: bool = False,
        dockercfg_path: str | None = None,
    ) -> SystemAuthResponse | Mapping[str, Any]:
        """Log in to a registry (see :meth:`APIClient.login`)."""
        return await self.api.login(
            username,
            password=password,
            email=email,
            registry=registry,
            reauth=reauth,
            dockercfg_path=dockercfg_path,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncDockerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    if not TYPE_CHECKING:  # a misspelt attribute stays an error for type checkers

        def __getattr__(self, name: str) -> Any:
            message = f"'{type(self).__name__}' object has no attribute {name!r}"
            if not name.startswith("_") and hasattr(AsyncAPIClient, name):
                message += (
                    f"; {name}() is a low-level call: use client.api.{name}() (docker-py 2.0 "
                    "moved it to APIClient)"
                )
            raise AttributeError(message)

    def __repr__(self) -> str:
        return f"<AsyncDockerClient api={self.api!r}>"


from_env = AsyncDockerClient.from_env
