"""Registry endpoints: login, search, distribution inspect; and the credentials in use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import Call, drop_none, parse_as

if TYPE_CHECKING:
    from dockersdk.models import DistributionInspect, ImageSearchResponseItem, SystemAuthResponse


class AsyncRegistryApiMixin(AsyncEndpointMixin):
    """``/auth``, ``/images/search`` and ``/distribution``."""

    def reload_config(self, dockercfg_path: str | None = None) -> None:
        """Re-read the registry credentials from the Docker config file.

        Args:
            dockercfg_path: the config file (default: ``$DOCKER_CONFIG/config.json`` or
                ``~/.docker/config.json``).
        """
        from dockersdk.auth import auth

        self._auth_configs = auth.load_config(dockercfg_path, credstore_env=self.credstore_env)

    async def login(
        self,
        username: str,
        password: str | None = None,
        email: str | None = None,
        registry: str | None = None,
        reauth: bool = False,
        dockercfg_path: str | None = None,
    ) -> SystemAuthResponse | Mapping[str, Any]:
        """Check credentials with a registry (``POST /auth``) and keep them for later calls
        (pull, push, build and the rest send them to that registry).

        Args:
            username: the registry user.
            password: the password or token.
            email: the user's email (old registries).
            registry: the registry address (default: Docker Hub).
            reauth: ask the registry even if credentials for ``username`` are known.
            dockercfg_path: the config file to read known credentials from.

        Returns:
            The engine's answer (``Status``, maybe ``IdentityToken``), or the known
            credentials when they already are for ``username`` and ``reauth`` is False.

        Raises:
            APIError: the registry refused the credentials or is unreachable.
        """
        from dockersdk.auth import auth
        from dockersdk.models import SystemAuthResponse

        if dockercfg_path or reauth or self._auth_configs is None or self._auth_configs.is_empty:
            self.reload_config(dockercfg_path)
        configs = self._loaded_auth_configs()
        known = configs.resolve_authconfig(registry)
        if known and known.get("username") == username and not reauth:
            return known
        request = drop_none(
            {"username": username, "password": password, "email": email, "serveraddress": registry}
        )
        result: SystemAuthResponse = await self._call(
            Call("POST", "/auth", parse_as(SystemAuthResponse), body=request)
        )
        configs.add_auth(registry or auth.INDEX_NAME, request)
        return result

    async def search(self, term: str, limit: int | None = None) -> list[ImageSearchResponseItem]:
        """Search Docker Hub (or the configured index) for images (``GET /images/search``)."""
        from dockersdk.models import ImageSearchResponseItem

        return await self._call(
            Call(
                "GET",
                "/images/search",
                parse_as(list[ImageSearchResponseItem]),
                params={"term": term, "limit": limit},
            )
        )

    async def inspect_distribution(
        self, image: str, auth_config: Mapping[str, Any] | None = None
    ) -> DistributionInspect:
        """An image's manifest descriptor and platforms, asked of its registry
        (``GET /distribution/{name}/json``).

        Args:
            image: the image reference, on any registry.
            auth_config: registry credentials (default: those of the config file).
        """
        from dockersdk.models import DistributionInspect

        return await self._call(
            Call(
                "GET",
                "/distribution/{name}/json",
                parse_as(DistributionInspect),
                path_args={"name": image},
                headers=self._auth_headers(image, auth_config),
            )
        )
