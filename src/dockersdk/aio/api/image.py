"""Image endpoints: list, inspect, history, tag, remove, commit, prune."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk._guards import is_dict, is_list
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import (
    Call,
    Repeat,
    ResourceRef,
    filters_param,
    parse_as,
    parse_json,
    parse_none,
    required_id,
)
from dockersdk.errors import ResponseParseError
from dockersdk.utils.conversions import convert_filters
from dockersdk.utils.platforms import Platform, oci_platform

if TYPE_CHECKING:
    from dockersdk.models import (
        AttestationStatement,
        HistoryResponseItem,
        IDResponse,
        ImageDeleteResponseItem,
        ImageInspect,
        ImagePruneResponse,
        ImageSummary,
    )
    from dockersdk.transport._messages import Response


def is_file(src: object) -> bool:
    """True if ``src`` is a path (a ``str``) to an existing file (docker-py's helper)."""
    return isinstance(src, str) and os.path.isfile(src)


def changes_param(changes: str | list[str] | None) -> Repeat | None:
    """Dockerfile instructions to apply (``changes``), one query value each."""
    if not changes:
        return None
    return Repeat([changes] if isinstance(changes, str) else changes)


def _image_ids(response: Response) -> list[str]:
    """The ``Id`` of each image listed (docker-py's ``images(quiet=True)``)."""
    message = "the reply to GET /images/json is not a list of images with an Id each"
    listed = parse_json(response)
    if not is_list(listed):
        raise ResponseParseError(message)
    ids: list[str] = []
    for item in listed:
        found = item.get("Id") if is_dict(item) else None
        if not isinstance(found, str):
            raise ResponseParseError(message)
        ids.append(found)
    return ids


class AsyncImageApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/images``."""

    @overload
    async def images(
        self,
        name: str | None = ...,
        quiet: Literal[False] = ...,
        all: bool = ...,
        filters: Mapping[str, Any] | None = ...,
        *,
        manifests: bool = ...,
        identity: bool = ...,
    ) -> list[ImageSummary]: ...

    @overload
    async def images(
        self,
        name: str | None = ...,
        *,
        quiet: Literal[True],
        all: bool = ...,
        filters: Mapping[str, Any] | None = ...,
        manifests: bool = ...,
        identity: bool = ...,
    ) -> list[str]: ...

    @overload
    async def images(
        self,
        name: str | None = ...,
        quiet: bool = ...,
        all: bool = ...,
        filters: Mapping[str, Any] | None = ...,
        *,
        manifests: bool = ...,
        identity: bool = ...,
    ) -> list[ImageSummary] | list[str]: ...

    async def images(
        self,
        name: str | None = None,
        quiet: bool = False,
        all: bool = False,
        filters: Mapping[str, Any] | None = None,
        *,
        manifests: bool = False,
        identity: bool = False,
    ) -> list[ImageSummary] | list[str]:
        """List images (``GET /images/json``), optionally only those matching ``name``.

        Args:
            name: only images whose reference matches (``busybox``, ``reg/app:*``).
            quiet: only the ids, as docker-py returns them.
            all: include intermediate images.
            filters: engine filters (``dangling``, ``label``, ``before``, ``since``...).
            manifests: include each image's ``Manifests`` (API 1.47+).
            identity: include each manifest's ``Identity`` (API 1.54+; implies
                ``manifests``).

        Returns:
            The images, typed as ``ImageSummary``, or with ``quiet`` their ids.

        Raises:
            InvalidVersion: ``manifests`` or ``identity`` on an older API version.
        """
        from dockersdk.models import ImageSummary

        merged: dict[str, Any] = dict(filters or {})
        if name:
            merged["reference"] = name
        params = {
            "all": all or None,
            "filters": convert_filters(merged) if merged else None,
            "identity": identity or None,  # first: its version is the one to name
            "manifests": (manifests or identity) or None,
        }
        if quiet:
            return await self._call(Call("GET", "/images/json", _image_ids, params=params))
        return await self._call(
            Call("GET", "/images/json", parse_as(list[ImageSummary]), params=params)
        )

    async def inspect_image(
        self, image: ResourceRef, *, platform: Platform | None = None, manifests: bool = False
    ) -> ImageInspect:
        """Low-level information on an image (``GET /images/{name}/json``).

        Args:
            image: the image name or id.
            platform: the variant of a multi-platform image to show (``"linux/arm64"`` or an
                OCI platform mapping; API 1.52+).
            manifests: include the image's ``Manifests`` (API 1.48+; not with ``platform``).

        Raises:
            InvalidVersion: ``platform`` or ``manifests`` on an older API version.
        """
        from dockersdk.models import ImageInspect

        return await self._call(
            Call(
                "GET",
                "/images/{name}/json",
                parse_as(ImageInspect),
                path_args={"name": image},
                params={
                    "platform": oci_platform(platform) if platform is not None else None,
                    "manifests": manifests or None,
                },
                resource="image",
            )
        )

    async def image_attestations(
        self,
        image: str,
        *,
        platform: Platform | None = None,
        predicate_type: str | Sequence[str] | None = None,
        statement: bool = False,
    ) -> list[AttestationStatement]:
        """The in-toto attestations attached to an image (``GET /images/{name}/attestations``,
        API 1.55+): SBOMs, provenance...

        Args:
            image: the image name or id.
            platform: the variant whose attestations to return (``"linux/arm64"`` or an OCI
                platform mapping); None: the engine's own platform.
            predicate_type: only statements of this in-toto predicate type URI (or any of
                several), e.g. ``"https://slsa.dev/provenance/v0.2"``.
            statement: include each statement's JSON body (otherwise only its descriptor and
                predicate type).

        Returns:
            One ``AttestationStatement`` per statement.

        Raises:
            InvalidVersion: the API version in use is older than 1.55.
            ImageNotFound: no such image.
        """
        from dockersdk.models import AttestationStatement

        types = [predicate_type] if isinstance(predicate_type, str) else predicate_type
        return await self._call(
            Call(
                "GET",
                "/images/{name}/attestations",
                parse_as(list[AttestationStatement]),
                path_args={"name": image},
                params={
                    "platform": oci_platform(platform) if platform is not None else None,
                    "type": Repeat(types) if types else None,
                    "statement": statement or None,
                },
                resource="image",
            )
        )

    async def history(self, image: ResourceRef) -> list[HistoryResponseItem]:
        """The layers an image was built from, newest first."""
        from dockersdk.models import HistoryResponseItem

        return await self._call(
            Call(
                "GET",
                "/images/{name}/history",
                parse_as(list[HistoryResponseItem]),
                path_args={"name": image},
                resource="image",
            )
        )

    async def tag(
        self, image: ResourceRef, repository: str, tag: str | None = None, force: bool = False
    ) -> bool:
        """Tag ``image`` as ``repository:tag``; returns True (docker-py's contract)."""
        await self._call(
            Call(
                "POST",
                "/images/{name}/tag",
                parse_none,
                path_args={"name": image},
                params={"repo": repository, "tag": tag},
                resource="image",
            )
        )
        return True

    async def remove_image(
        self, image: ResourceRef, force: bool = False, noprune: bool = False
    ) -> list[ImageDeleteResponseItem]:
        """Remove an image; returns the engine's list of untagged/deleted references."""
        from dockersdk.models import ImageDeleteResponseItem

        return await self._call(
            Call(
                "DELETE",
                "/images/{name}",
                parse_as(list[ImageDeleteResponseItem]),
                path_args={"name": image},
                params={"force": force, "noprune": noprune},
                resource="image",
            )
        )

    async def commit(
        self,
        container: ResourceRef,
        repository: str | None = None,
        tag: str | None = None,
        message: str | None = None,
        author: str | None = None,
        pause: bool = True,
        changes: str | list[str] | None = None,
        conf: Mapping[str, Any] | None = None,
    ) -> IDResponse:
        """Make an image from a container's changes (``POST /commit``).

        Args:
            container: the container.
            repository: the new image's repository.
            tag: its tag.
            message: the commit message.
            author: e.g. ``"Jane <jane@example.com>"``.
            pause: pause the container while committing.
            changes: Dockerfile instructions to apply (``"CMD ['sh']"``), one or a list.
            conf: container configuration (API form) for the new image.

        Returns:
            The new image's ``Id``.
        """
        from dockersdk.models import IDResponse

        return await self._call(
            Call(
                "POST",
                "/commit",
                parse_as(IDResponse),
                params={
                    "container": required_id(container, "container"),
                    "repo": repository,
                    "tag": tag,
                    "comment": message,
                    "author": author,
                    "pause": pause,
                    "changes": changes_param(changes),
                },
                # Always a JSON body, `{}` without a conf, as docker-py sends: Podman answers
                # 500 "Decode(): EOF" to none (so did moby 23.0-24.0.0).
                body=dict(conf) if conf is not None else {},
                resource="container",
            )
        )

    async def prune_images(self, filters: Mapping[str, Any] | None = None) -> ImagePruneResponse:
        """Remove unused images (``POST /images/prune``).

        Args:
            filters: ``dangling`` (True: only untagged images, the default; False: all
                unused), ``until`` and ``label``.

        Returns:
            ``ImagesDeleted`` and ``SpaceReclaimed``.
        """
        from dockersdk.models import ImagePruneResponse

        return await self._call(
            Call(
                "POST", "/images/prune", parse_as(ImagePruneResponse), params=filters_param(filters)
            )
        )
