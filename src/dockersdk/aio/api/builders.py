"""docker-py's builder helpers on the client (create_host_config, ...): the builders of
:mod:`dockersdk.types`, checked against the client's API version. They send nothing; the
sync client may negotiate the version first, the async one checks once it is known."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.errors import InvalidArgument

if TYPE_CHECKING:
    from dockersdk.types import SwarmSpec


def _no_version(name: str, kwargs: dict[str, Any]) -> None:
    if "version" in kwargs:
        raise InvalidArgument(f"{name}() takes no 'version': the client's API version is used")


class AsyncBuildersApiMixin(AsyncEndpointMixin):
    """Builder shortcuts docker-py's ``APIClient`` offers."""

    def create_host_config(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A container's ``HostConfig`` in API form (pass it as ``host_config=``).

        Takes the arguments of :class:`dockersdk.types.HostConfig`.

        Raises:
            InvalidArgument: a malformed value. InvalidVersion: a setting newer than the
                client's API version.
        """
        from dockersdk.types import create_host_config

        _no_version("create_host_config", kwargs)
        return create_host_config(*args, version=self._version_hint, **kwargs)

    def create_container_config(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A container create body in API form, for :meth:`create_container_from_config`;
        takes the arguments of :class:`dockersdk.types.ContainerConfig` after ``version``."""
        from dockersdk.types import create_container_config

        _no_version("create_container_config", kwargs)
        return create_container_config(*args, version=self._version_hint, **kwargs)

    def create_networking_config(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A ``NetworkingConfig`` in API form: ``{network: endpoint_config}``."""
        from dockersdk.types import create_networking_config

        return create_networking_config(*args, **kwargs)

    def create_endpoint_config(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """An ``EndpointConfig`` in API form, for :meth:`create_networking_config`; takes the
        arguments of :class:`dockersdk.types.EndpointConfig` after ``version``."""
        from dockersdk.types import create_endpoint_config

        _no_version("create_endpoint_config", kwargs)
        return create_endpoint_config(self._version_hint, *args, **kwargs)

    def create_swarm_spec(self, *args: Any, **kwargs: Any) -> SwarmSpec:
        """A :class:`dockersdk.types.SwarmSpec` for :meth:`init_swarm`/:meth:`update_swarm`.

        docker-py's ``external_ca`` (one CA) is accepted as ``external_cas=[external_ca]``.
        """
        from dockersdk.types import SwarmSpec

        _no_version("create_swarm_spec", kwargs)
        external_ca = kwargs.pop("external_ca", None)
        if external_ca:
            kwargs["external_cas"] = [external_ca]
        return SwarmSpec(self._version_hint, *args, **kwargs)
