"""What every endpoint mixin needs from the client that executes its calls, and the registry
credentials shared by the calls that talk to a registry."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from dockersdk.aio.api._stream import AsyncStream, decode_output, join_frames, read_frames
from dockersdk.api._core import Call, encode_registry_header

if TYPE_CHECKING:
    from dockersdk.auth.auth import AuthConfig
    from dockersdk.transport._messages import Response
    from dockersdk.utils.proxy import ProxyConfig

T = TypeVar("T")


class AsyncEndpointMixin:
    """Declares the executor hooks the endpoint mixins call; ``AsyncAPIClient`` provides them."""

    credstore_env: dict[str, str] | None
    _auth_configs: AuthConfig | None
    _general_configs: dict[str, Any]
    _proxy_configs: ProxyConfig

    async def _call(self, call: Call[T]) -> T:
        raise NotImplementedError

    @property
    def _version_hint(self) -> str | None:
        raise NotImplementedError

    async def _ensure_version(self) -> str:
        raise NotImplementedError

    def _stream(self, call: Call[Any]) -> AbstractAsyncContextManager[Response]:
        raise NotImplementedError

    async def _attached_output(
        self,
        call: Call[Any],
        tty: bool,
        *,
        stream: bool,
        demux: bool,
        stdout: bool = True,
        stderr: bool = True,
    ) -> Any:
        """The output of an attach-style call (logs, attach, exec): a :class:`AsyncStream` of
        payloads (or ``(stdout, stderr)`` pairs) with ``stream``, else the whole output."""
        if stream:
            return await AsyncStream.open(self._stream(call), decode_output(tty, demux))
        async with self._stream(call) as response:
            frames = await read_frames(response, tty)
        return join_frames(frames, demux, stdout, stderr)

    def _loaded_auth_configs(self) -> AuthConfig:
        """The credentials of the Docker config file (plus logins), loaded on first need."""
        from dockersdk.auth import auth

        if self._auth_configs is None or self._auth_configs.is_empty:
            self._auth_configs = auth.load_config(credstore_env=self.credstore_env)
        return self._auth_configs

    def _auth_headers(
        self, repository: str, auth_config: Mapping[str, Any] | None, *, always: bool = False
    ) -> dict[str, str]:
        """``X-Registry-Auth`` for an image on a registry.

        Args:
            repository: the image or repository; its registry picks the credentials.
            auth_config: explicit credentials; else those of :meth:`login` or the config
                file for that registry.
            always: send an empty object when no credentials are known (the Docker CLI
                does for a push; old engines require the header there).
        """
        from dockersdk.auth import auth

        if auth_config is not None:
            return {"X-Registry-Auth": encode_registry_header(auth_config)}
        registry, _ = auth.resolve_repository_name(repository)
        found = self._loaded_auth_configs().resolve_authconfig(registry)
        if found:
            return {"X-Registry-Auth": encode_registry_header(found)}
        return {"X-Registry-Auth": encode_registry_header({})} if always else {}

    def _registry_config_header(self) -> dict[str, str]:
        """``X-Registry-Config`` for a build: every credential known, for any ``FROM``."""
        credentials = self._loaded_auth_configs().get_all_credentials()
        return {"X-Registry-Config": encode_registry_header(credentials)} if credentials else {}
