"""Image endpoints: list, inspect, history, tag, remove, import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersdk.api._base import EndpointMixin
from dockersdk.api._core import Call, parse_as, parse_json, parse_none
from dockersdk.utils.conversions import convert_filters

if TYPE_CHECKING:
    from dockersdk.models import HistoryResponseItem, ImageInspect, ImageSummary


class ImageApiMixin(EndpointMixin):
    """Endpoints under ``/images``."""

    def images(
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
        return self._call(Call("GET", "/images/json", parse_as(list[ImageSummary]), params=params))

    def inspect_image(self, image: str) -> ImageInspect:
        """Low-level information on an image (``GET /images/{name}/json``)."""
        from dockersdk.models import ImageInspect

        return self._call(
            Call(
                "GET",
                "/images/{name}/json",
                parse_as(ImageInspect),
                path_args={"name": image},
                resource="image",
            )
        )

    def history(self, image: str) -> list[HistoryResponseItem]:
        """The layers an image was built from, newest first."""
        from dockersdk.models import HistoryResponseItem

        return self._call(
            Call(
                "GET",
                "/images/{name}/history",
                parse_as(list[HistoryResponseItem]),
                path_args={"name": image},
                resource="image",
            )
        )

    def tag(self, image: str, repository: str, tag: str | None = None, force: bool = False) -> bool:
        """Tag ``image`` as ``repository:tag``; returns True (docker-py's contract)."""
        self._call(
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

    def remove_image(self, image: str, force: bool = False, noprune: bool = False) -> Any:
        """Remove an image; returns the engine's list of untagged/deleted references."""
        return self._call(
            Call(
                "DELETE",
                "/images/{name}",
                parse_json,
                path_args={"name": image},
                params={"force": force, "noprune": noprune},
                resource="image",
            )
        )
