"""Images: ``client.images`` (get, list, pull, push, build, load, prune...) and ``Image``."""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from dockersdk.aio.resources._base import AsyncCollection, AsyncModel
from dockersdk.errors import BuildError, InvalidArgument
from dockersdk.utils.parsing import parse_repository_tag

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from dockersdk.aio.api._stream import AsyncStream
    from dockersdk.models import (
        AttestationStatement,
        BuildInfo,
        BuildPruneResponse,
        DistributionInspect,
        HistoryResponseItem,
        ImageDeleteResponseItem,
        ImageInspect,
        ImagePruneResponse,
        ImageSearchResponseItem,
        ImageSummary,
        PushImageInfo,
    )
    from dockersdk.types._kwargs import ImageBuildKwargs
    from dockersdk.utils.platforms import Platform

__all__ = ["AsyncImage", "AsyncImageCollection", "AsyncRegistryData", "normalize_platform"]


def normalize_platform(platform: dict[str, str] | None, engine_info: Any) -> dict[str, str]:
    """``platform`` with ``os`` and ``architecture`` filled in from the engine's ``version()``.

    Args:
        platform: ``{"os": ..., "architecture": ..., "variant": ...}`` or None; completed in
            place (as in docker-py).
        engine_info: the engine's version reply (``Os``, ``Arch``).
    """
    if platform is None:
        platform = {}
    platform.setdefault("os", engine_info["Os"])
    platform.setdefault("architecture", engine_info["Arch"])
    return platform


DEFAULT_DATA_CHUNK_SIZE = 1024 * 2048
_BUILT = re.compile(r"(^Successfully built |sha256:)([0-9a-f]+)$")
_LOADED = re.compile(r"(^Loaded image ID: |^Loaded image: )(.+)$")


class AsyncImage(AsyncModel["ImageInspect"]):
    """An image. ``attrs`` is the typed ``ImageInspect``.

    An image from :meth:`ImageCollection.list` answers ``id``, ``tags`` and ``labels``
    from the list entry; ``attrs`` is inspected on first access.
    """

    attrs_model = "ImageInspect"

    async def _inspect(self) -> ImageInspect:
        return await self._api.inspect_image(self.id)

    @property
    def summary(self) -> ImageSummary | None:
        """The ``GET /images/json`` entry this object was built from, if any."""
        return cast("ImageSummary | None", self._summary)

    @property
    def short_id(self) -> str:
        """The id, ``sha256:`` plus 12 characters."""
        return self.id[:19] if self.id.startswith("sha256:") else self.id[:12]

    @property
    def tags(self) -> list[str]:
        """The image's ``repository:tag`` names."""
        tags: list[str] = self._peek("RepoTags") or []
        return [tag for tag in tags if tag != "<none>:<none>"]

    @property
    def labels(self) -> dict[str, str]:
        """The image's labels."""
        if self._attrs is None and self.summary is not None:
            return dict(self.summary.labels or {})
        config = self.attrs.config
        return dict(config.labels or {}) if config is not None else {}

    def __repr__(self) -> str:
        return f"<Image: '{', '.join(self.tags)}'>"

    async def history(self) -> list[HistoryResponseItem]:
        """The layers the image was built from, newest first."""
        return await self._api.history(self.id)

    async def remove(
        self, force: bool = False, noprune: bool = False
    ) -> builtins.list[ImageDeleteResponseItem]:
        """Remove the image; returns the engine's untagged/deleted list."""
        return await self._api.remove_image(self.id, force=force, noprune=noprune)

    async def attestations(
        self,
        *,
        platform: Platform | None = None,
        predicate_type: str | Sequence[str] | None = None,
        statement: bool = False,
    ) -> builtins.list[AttestationStatement]:
        """The image's in-toto attestations (API 1.55+; see
        :meth:`APIClient.image_attestations`)."""
        return await self._api.image_attestations(
            self.id, platform=platform, predicate_type=predicate_type, statement=statement
        )

    async def save(
        self,
        chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE,
        named: str | bool = False,
        *,
        platform: Platform | Sequence[Platform] | None = None,
    ) -> AsyncStream[bytes]:
        """The image as a tar stream (``docker save``), read in chunks.

        Args:
            chunk_size: bytes per chunk (None: as they arrive).
            named: True to save under the first tag (so ``load`` restores the name), or a
                tag of this image to save under.
            platform: only these variants of a multi-platform image (see
                :meth:`APIClient.get_image`).

        Raises:
            InvalidArgument: ``named`` is not one of the image's tags.
        """
        ref = self.id
        if named:
            ref = self.tags[0] if self.tags else ref
            if isinstance(named, str):
                if named not in self.tags:
                    raise InvalidArgument(f"{named} is not a valid tag for this image")
                ref = named
        return await self._api.get_image(ref, chunk_size, platform=platform)

    async def tag(self, repository: str, tag: str | None = None, force: bool = False) -> bool:
        """Tag the image as ``repository:tag``; True on success."""
        return await self._api.tag(self.id, repository, tag=tag, force=force)


class AsyncRegistryData(AsyncModel["DistributionInspect"]):
    """An image's registry-side data (digest, platforms), from ``get_registry_data``."""

    attrs_model = "DistributionInspect"

    def __init__(self, image_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.image_name = image_name

    @property
    def id(self) -> str:
        """The manifest digest."""
        return self.attrs.descriptor.digest or ""

    @property
    def short_id(self) -> str:
        """The digest, truncated to ``sha256:`` plus 12 characters."""
        return self.id[:19]

    async def _inspect(self) -> DistributionInspect:
        return await self._api.inspect_distribution(self.image_name)

    async def pull(self, platform: str | None = None) -> AsyncImage:
        """Pull this exact image (by digest)."""
        repository, _ = parse_repository_tag(self.image_name)
        assert self.client is not None
        return await self.client.images.pull(repository, tag=self.id, platform=platform)

    async def has_platform(self, platform: str | Mapping[str, str]) -> bool:
        """True if the image is available for ``platform`` (``os[/arch[/variant]]``)."""
        if isinstance(platform, str):
            parts = platform.split("/")
            if not 1 <= len(parts) <= 3:
                raise InvalidArgument(f'"{platform}" is not a valid platform descriptor')
            wanted = {"os": parts[0]}
            if len(parts) > 1:
                wanted["architecture"] = parts[1]
            if len(parts) > 2:
                wanted["variant"] = parts[2]
        else:
            wanted = dict(platform)
        if "os" not in wanted or "architecture" not in wanted:
            version = await self._api.version()
            wanted.setdefault("os", version.os or "")
            wanted.setdefault("architecture", version.arch or "")
        for item in self.attrs.platforms or []:
            found = item.to_dict()
            if all(found.get(key) == value for key, value in wanted.items()):
                return True
        return False


class AsyncImageCollection(AsyncCollection[AsyncImage]):
    """``client.images``."""

    model = AsyncImage

    async def get(self, name: str) -> AsyncImage:
        """The image with name or id ``name`` (one inspect).

        Raises:
            ImageNotFound: no such image.
        """
        return self.prepare_model(await self._api.inspect_image(name))

    async def get_registry_data(
        self, name: str, auth_config: Mapping[str, Any] | None = None
    ) -> AsyncRegistryData:
        """The registry's data on image ``name`` without pulling it."""
        return AsyncRegistryData(
            image_name=name,
            attrs=await self._api.inspect_distribution(name, auth_config),
            client=self.client,
            collection=self,
        )

    async def list(
        self, name: str | None = None, all: bool = False, filters: Mapping[str, Any] | None = None
    ) -> list[AsyncImage]:
        """List images with ONE request (docker-py inspected each image).

        Objects answer ``id``, ``tags`` and ``labels`` from the list entry; ``attrs`` (the
        full inspect) is fetched on first access.
        """
        summaries = await self._api.images(name=name, all=all, filters=filters)
        return [self._from_summary(entry) for entry in summaries]

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        all_tags: Literal[False] = ...,
        *,
        platform: str | None = ...,
        auth_config: Mapping[str, Any] | None = ...,
    ) -> AsyncImage: ...

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        *,
        all_tags: Literal[True],
        platform: str | None = ...,
        auth_config: Mapping[str, Any] | None = ...,
    ) -> builtins.list[AsyncImage]: ...

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        all_tags: bool = ...,
        *,
        platform: str | None = ...,
        auth_config: Mapping[str, Any] | None = ...,
    ) -> AsyncImage | builtins.list[AsyncImage]: ...

    async def pull(
        self,
        repository: str,
        tag: str | None = None,
        all_tags: bool = False,
        *,
        platform: str | None = None,
        auth_config: Mapping[str, Any] | None = None,
    ) -> AsyncImage | builtins.list[AsyncImage]:
        """Pull an image and return it (with ``all_tags``: every image of the repository).

        Args:
            repository: the repository, optionally with ``:tag`` or ``@digest``.
            tag: the tag (default: the one in ``repository``, else ``latest``).
            all_tags: pull every tag.
            platform: ``os[/arch[/variant]]``.
            auth_config: registry credentials.

        Raises:
            APIError: the pull failed (an error in the progress stream raises too).
        """
        repository, image_tag = parse_repository_tag(repository)
        tag = tag or image_tag or "latest"
        progress = await self._api.pull(
            repository,
            tag=tag,
            stream=True,
            decode=True,
            all_tags=all_tags,
            platform=platform,
            auth_config=auth_config,
            raise_on_error=True,
        )
        async with progress:
            async for _ in progress:
                pass
        if all_tags:
            return await self.list(repository)
        separator = "@" if tag.startswith("sha256:") else ":"
        return await self.get(f"{repository}{separator}{tag}")

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        stream: Literal[False] = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
    ) -> str: ...

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        *,
        stream: Literal[True],
        auth_config: Mapping[str, Any] | None = ...,
        decode: Literal[True],
    ) -> AsyncStream[PushImageInfo]: ...

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        *,
        stream: Literal[True],
        auth_config: Mapping[str, Any] | None = ...,
        decode: Literal[False] = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        stream: bool = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
    ) -> str | AsyncStream[PushImageInfo] | AsyncStream[bytes]: ...

    async def push(
        self,
        repository: str,
        tag: str | None = None,
        stream: bool = False,
        auth_config: Mapping[str, Any] | None = None,
        decode: bool = False,
    ) -> str | AsyncStream[PushImageInfo] | AsyncStream[bytes]:
        """Push an image (see :meth:`APIClient.push`)."""
        return await self._api.push(
            repository, tag=tag, stream=stream, auth_config=auth_config, decode=decode
        )

    async def build(
        self, **kwargs: Unpack[ImageBuildKwargs]
    ) -> tuple[AsyncImage, Iterator[BuildInfo]]:
        """Build an image; returns it and the build's output.

        Takes the keyword arguments of :meth:`APIClient.build` (``path``, ``fileobj``,
        ``tag``, ``dockerfile``, ``buildargs``, ``target``, ``platform``...).

        Raises:
            BuildError: the build failed; ``build_log`` holds the output.
        """
        options: dict[str, Any] = dict(kwargs)
        options.pop("decode", None)  # docker-py code may pass it: the log is always decoded
        log: builtins.list[BuildInfo] = []
        image_id: str | None = None
        from_aux = False  # the full id in an "aux" object beats a "Successfully built" line
        options.pop("raise_on_error", None)
        # An error object raises BuildError with the log, as docker-py's images.build.
        output = await self._api.build(decode=True, raise_on_error=True, **options)
        async with output:
            async for item in output:
                log.append(item)
                aux = item.aux
                if aux is not None and aux.get("ID"):
                    image_id, from_aux = str(aux.get("ID")), True
                elif item.stream and not from_aux:
                    match = _BUILT.search(item.stream.strip())
                    if match:
                        image_id = match.group(2)
        if image_id is None:
            last = log[-1].to_dict() if log else "no output"
            raise BuildError(f"the build produced no image: {last}", iter(log))
        return await self.get(image_id), iter(log)

    async def load(
        self, data: Any, *, platform: Platform | Sequence[Platform] | None = None
    ) -> builtins.list[AsyncImage]:
        """Load images from a ``docker save`` archive; returns them.

        Args:
            data: the archive (bytes, a binary file object or an iterable of chunks).
            platform: only these variants of a multi-platform image (see
                :meth:`APIClient.load_image`).

        Raises:
            ImageLoadError: the engine reported an error (not an image archive...), with
                its message, as docker-py raises.
        """
        from dockersdk.errors import ImageLoadError

        names: builtins.list[str] = []
        async with await self._api.load_image(data, platform=platform) as progress:
            async for item in progress:
                detail = item.get("errorDetail")
                error = item.get("error") or (detail.get("message") if detail else None)
                if error:
                    raise ImageLoadError(str(error))
                match = _LOADED.search((item.stream or "").strip())
                if match:
                    names.append(match.group(2))
        return [await self.get(name) for name in names]

    async def remove(self, image: str, force: bool = False, noprune: bool = False) -> None:
        """Remove an image."""
        await self._api.remove_image(image, force=force, noprune=noprune)

    async def search(
        self, term: str, limit: int | None = None
    ) -> builtins.list[ImageSearchResponseItem]:
        """Search Docker Hub (or the engine's registry) for images."""
        return await self._api.search(term, limit=limit)

    async def prune(self, filters: Mapping[str, Any] | None = None) -> ImagePruneResponse:
        """Remove unused images."""
        return await self._api.prune_images(filters=filters)

    async def prune_builds(
        self,
        filters: Mapping[str, Any] | None = None,
        keep_storage: int | None = None,
        all: bool | None = None,
    ) -> BuildPruneResponse:
        """Remove build cache."""
        return await self._api.prune_builds(filters=filters, keep_storage=keep_storage, all=all)
