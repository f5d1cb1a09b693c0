"""Image endpoints: list, inspect, history, tag, remove, commit, prune."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.api._core import (
    Call,
    Repeat,
    filters_param,
    parse_as,
    parse_json,
    parse_none,
    resource_id,
)
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import (
        HistoryResponseItem,
        IDResponse,
        ImageInspect,
        ImagePruneResponse,
        ImageSummary,
    )


def is_file(src: object) -> bool:
    """True if ``src`` is a path (a ``str``) to an existing file (docker-py's helper)."""
    return isinstance(src, str) and os.path.isfile(src)


def changes_param(changes: str | list[str] | None) -> Repeat | None:
    """Dockerfile instructions to apply (``changes``), one query value each."""
    if not changes:
        return None
    return Repeat([changes] if isinstance(changes, str) else changes)


class AsyncImageApiMixin(AsyncEndpointMixin):
    """Endpoints under ``/images``."""

    async def images(
        self,
        name: str | None = None,
        quiet: bool = False,
        all: bool = False,
        filters: Mapping[str, Any] | None = None,
    ) -> list[ImageSummary]:
        """List images (``GET /images/json``), optionally only those matching ``name``."""
        from dockersdk.models import ImageSummary

        merged: dict[str, Any] = dict(filters or {})
        if name:
            merged["reference"] = name
        params = {"all": all or None, "filters": convert_filters(merged) if merged else None}
        return await self._call(
            Call("GET", "/images/json", parse_as(list[ImageSummary]), params=params)
        )

    async def inspect_image(self, image: str) -> ImageInspect:
        """Low-level information on an image (``GET /images/{name}/json``)."""
        from dockersdk.models import ImageInspect

        return await self._call(
            Call(
                "GET",
                "/images/{name}/json",
                parse_as(ImageInspect),
                path_args={"name": image},
                resource="image",
            )
        )

    async def history(self, image: str) -> list[HistoryResponseItem]:
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
        self, image: str, repository: str, tag: str | None = None, force: bool = False
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

    async def remove_image(self, image: str, force: bool = False, noprune: bool = False) -> Any:
        """Remove an image; returns the engine's list of untagged/deleted references."""
        return await self._call(
            Call(
                "DELETE",
                "/images/{name}",
                parse_json,
                path_args={"name": image},
                params={"force": force, "noprune": noprune},
                resource="image",
            )
        )

    async def commit(
        self,
        container: str | Mapping[str, Any],
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
                    "container": resource_id(container),
                    "repo": repository,
                    "tag": tag,
                    "comment": message,
                    "author": author,
                    "pause": pause,
                    "changes": changes_param(changes),
                },
                body=dict(conf) if conf is not None else None,
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
