"""docker-py's builder helpers on the client (create_host_config, ...): the builders of
:mod:`dockersdk.types`, checked against the client's API version. They send nothing: a
pinned ``version=`` is checked offline; with ``'auto'`` the sync client negotiates the
version first, the async one checks once it is known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.errors import InvalidArgument

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.types import EndpointConfig, SwarmSpec
    from dockersdk.types._kwargs import (
        ContainerConfigKwargs,
        EndpointConfigKwargs,
        HostConfigKwargs,
        SwarmSpecKwargs,
    )


def _no_version(name: str, kwargs: Mapping[str, Any]) -> None:
    if "version" in kwargs:
        raise InvalidArgument(f"{name}() takes no 'version': the client's API version is used")


class AsyncBuildersApiMixin(AsyncEndpointMixin):
    """Builder shortcuts docker-py's ``APIClient`` offers.

    Their keywords are the builders' (``dockersdk.types._kwargs``, generated from the
    builders' signatures). With a pinned ``version=`` they validate offline.
    """

    def create_host_config(self, **kwargs: Unpack[HostConfigKwargs]) -> dict[str, Any]:
        """A container's ``HostConfig`` in API form (pass it as ``host_config=``).

        Takes the arguments of :class:`dockersdk.types.HostConfig`.

        Raises:
            InvalidArgument: a malformed value. InvalidVersion: a setting newer than the
                client's API version.
        """
        from dockersdk.types import HostConfig

        _no_version("create_host_config", kwargs)
        return HostConfig(self._version_hint, **kwargs).to_api()

    def create_container_config(
        self,
        image: str,
        command: str | Sequence[str] | None = None,
        **kwargs: Unpack[ContainerConfigKwargs],
    ) -> dict[str, Any]:
        """A container create body in API form, for :meth:`create_container_from_config`;
        takes the arguments of :class:`dockersdk.types.ContainerConfig` after ``version``."""
        from dockersdk.types import create_container_config

        _no_version("create_container_config", kwargs)
        return create_container_config(image, command, version=self._version_hint, **kwargs)

    def create_networking_config(
        self,
        endpoints_config: Mapping[str, EndpointConfig | Mapping[str, Any] | None] | None = None,
    ) -> dict[str, Any]:
        """A ``NetworkingConfig`` in API form: ``{network: endpoint_config}``."""
        from dockersdk.types import create_networking_config

        return create_networking_config(endpoints_config)

    def create_endpoint_config(self, **kwargs: Unpack[EndpointConfigKwargs]) -> dict[str, Any]:
        """An ``EndpointConfig`` in API form, for :meth:`create_networking_config`; takes the
        arguments of :class:`dockersdk.types.EndpointConfig` after ``version``."""
        from dockersdk.types import EndpointConfig

        _no_version("create_endpoint_config", kwargs)
        return EndpointConfig(self._version_hint, **kwargs).to_api()

    def create_swarm_spec(self, **kwargs: Unpack[SwarmSpecKwargs]) -> SwarmSpec:
        """A :class:`dockersdk.types.SwarmSpec` for :meth:`init_swarm`/:meth:`update_swarm`.

        docker-py's ``external_ca`` (one CA) is accepted as ``external_cas=[external_ca]``.
        """
        from dockersdk.types import SwarmSpec

        _no_version("create_swarm_spec", kwargs)
        settings: dict[str, Any] = dict(kwargs)
        external_ca = settings.pop("external_ca", None)
        if external_ca:
            settings["external_cas"] = [external_ca]
        return SwarmSpec(self._version_hint, **settings)
