"""Image transfer endpoints: pull, push, save (get), load and import."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from dockersdk._guards import is_path
from dockersdk.aio._flavour import async_upload_content
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import (
    AsyncStream,
    decode_json_items,
    decode_progress,
    is_error_item,
    progress_error,
    raw_chunks,
)
from dockersdk.aio.api.container_io import DEFAULT_DATA_CHUNK_SIZE
from dockersdk.aio.api.image import changes_param
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    Repeat,
    parse_none,
)
from dockersdk.errors import InvalidArgument, InvalidVersion
from dockersdk.utils.parsing import parse_repository_tag
from dockersdk.utils.platforms import Platform, oci_platforms
from dockersdk.utils.versions import version_lt

if TYPE_CHECKING:
    from dockersdk.models import BuildInfo, CreateImageInfo, PushImageInfo

TAR_HEADERS = {"Content-Type": "application/tar"}


class AsyncImageIOApiMixin(AsyncEndpointMixin):
    """Streaming endpoints under ``/images``: pull, push, get, load, import."""

    async def _progress_text(self, call: Call[Any], raise_on_error: bool) -> str:
        """Read a whole progress reply and return its text; with ``raise_on_error`` an error
        object in it raises (docker-py returns it in the text)."""
        text: list[str] = []

        async def chunks(source: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
            async for chunk in source:
                text.append(chunk.decode("utf-8", errors="replace"))
                yield chunk

        async with self._stream(call) as response:
            async for item in decode_json_items(chunks(response.aiter_bytes())):
                if raise_on_error and is_error_item(item):
                    raise progress_error(item)
        return "".join(text)

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        stream: Literal[False] = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
        platform: str | None = ...,
        all_tags: bool = ...,
        *,
        raise_on_error: bool = ...,
    ) -> str: ...

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        *,
        stream: Literal[True],
        auth_config: Mapping[str, Any] | None = ...,
        decode: Literal[True],
        platform: str | None = ...,
        all_tags: bool = ...,
        raise_on_error: bool = ...,
    ) -> AsyncStream[CreateImageInfo]: ...

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        *,
        stream: Literal[True],
        auth_config: Mapping[str, Any] | None = ...,
        decode: Literal[False] = ...,
        platform: str | None = ...,
        all_tags: bool = ...,
        raise_on_error: bool = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def pull(
        self,
        repository: str,
        tag: str | None = ...,
        stream: bool = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
        platform: str | None = ...,
        all_tags: bool = ...,
        *,
        raise_on_error: bool = ...,
    ) -> str | AsyncStream[CreateImageInfo] | AsyncStream[bytes]: ...

    async def pull(
        self,
        repository: str,
        tag: str | None = None,
        stream: bool = False,
        auth_config: Mapping[str, Any] | None = None,
        decode: bool = False,
        platform: str | None = None,
        all_tags: bool = False,
        *,
        raise_on_error: bool = False,
    ) -> str | AsyncStream[CreateImageInfo] | AsyncStream[bytes]:
        """Pull an image (``POST /images/create?fromImage=``).

        Args:
            repository: the repository, optionally with ``:tag`` or ``@digest``.
            tag: the tag (default: the one in ``repository``, else ``latest``).
            stream: return a :class:`AsyncStream` of progress objects.
            auth_config: registry credentials (``username``, ``password``...) sent as
                ``X-Registry-Auth``; default: those of the Docker config file.
            decode: with ``stream``, yield typed ``CreateImageInfo`` objects instead of
                each object's JSON bytes.
            platform: ``os[/arch[/variant]]``.
            all_tags: pull every tag of the repository.
            raise_on_error: raise :class:`APIError` for an error object in the progress
                (the image is not in the registry, a layer failed...) instead of leaving
                it in the output as docker-py does (``{"error": ..., "errorDetail": ...}``).

        Returns:
            The progress output as text, or a :class:`AsyncStream` with ``stream``.

        Raises:
            APIError: the engine refused, or (with ``raise_on_error``) reported an error
                inside the progress stream.
        """
        from dockersdk.models import CreateImageInfo

        repository, image_tag = parse_repository_tag(repository)
        call = Call(
            "POST",
            "/images/create",
            parse_none,
            params={
                "fromImage": repository,
                "tag": None if all_tags else (tag or image_tag or "latest"),
                "platform": platform,
            },
            headers=self._auth_headers(repository, auth_config),
            resource="image",
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        if not stream:
            return await self._progress_text(call, raise_on_error)
        return await AsyncStream.open(
            self._stream(call),
            decode_progress(CreateImageInfo, decode, raise_on_error=raise_on_error),
        )

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        stream: Literal[False] = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
        *,
        raise_on_error: bool = ...,
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
        raise_on_error: bool = ...,
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
        raise_on_error: bool = ...,
    ) -> AsyncStream[bytes]: ...

    @overload
    async def push(
        self,
        repository: str,
        tag: str | None = ...,
        stream: bool = ...,
        auth_config: Mapping[str, Any] | None = ...,
        decode: bool = ...,
        *,
        raise_on_error: bool = ...,
    ) -> str | AsyncStream[PushImageInfo] | AsyncStream[bytes]: ...

    async def push(
        self,
        repository: str,
        tag: str | None = None,
        stream: bool = False,
        auth_config: Mapping[str, Any] | None = None,
        decode: bool = False,
        *,
        raise_on_error: bool = False,
    ) -> str | AsyncStream[PushImageInfo] | AsyncStream[bytes]:
        """Push an image to its registry (``POST /images/{name}/push``).

        Args:
            repository: the repository, optionally with ``:tag``.
            tag: the tag to push (default: the one in ``repository``; all tags if none).
            stream: return a :class:`AsyncStream` of progress objects.
            auth_config: registry credentials sent as ``X-Registry-Auth``.
            decode: with ``stream``, yield typed ``PushImageInfo`` objects.
            raise_on_error: raise :class:`APIError` for an error object in the progress
                (the registry is unreachable or refused the credentials...) instead of
                leaving it in the output as docker-py does.

        Returns:
            The progress output as text, or a :class:`AsyncStream` with ``stream``.

        Raises:
            APIError: the engine refused, or (with ``raise_on_error``) reported an error
                inside the stream.
        """
        from dockersdk.models import PushImageInfo

        name, image_tag = parse_repository_tag(repository)
        if tag is None and ":" in repository.rsplit("/", 1)[-1]:
            tag = image_tag
        call = Call(
            "POST",
            "/images/{name}/push",
            parse_none,
            path_args={"name": name},
            params={"tag": tag},
            headers=self._auth_headers(name, auth_config, always=True),
            resource="image",
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        if not stream:
            return await self._progress_text(call, raise_on_error)
        return await AsyncStream.open(
            self._stream(call),
            decode_progress(PushImageInfo, decode, raise_on_error=raise_on_error),
        )

    async def _platforms_param(
        self, platform: Platform | Sequence[Platform] | None, operation: str
    ) -> Repeat | None:
        """The ``platform`` query values; several need API 1.52 (multi-platform save/load)."""
        if platform is None:
            return None
        values = oci_platforms(platform)
        if len(values) > 1:
            version = await self._ensure_version()
            if version_lt(version, "1.52"):
                raise InvalidVersion(
                    f"{operation} with several platforms needs API version 1.52 or newer; "
                    f"this client uses {version}"
                )
        return Repeat(values)

    async def get_image(
        self,
        image: str | Sequence[str],
        chunk_size: int | None = DEFAULT_DATA_CHUNK_SIZE,
        *,
        platform: Platform | Sequence[Platform] | None = None,
    ) -> AsyncStream[bytes]:
        """Save images as a tar archive (``docker save``).

        Args:
            image: an image name or id (``GET /images/{name}/get``), or a list of them
                saved into one archive (``GET /images/get?names=...``).
            chunk_size: the most bytes per chunk of the stream.
            platform: save only these variants of a multi-platform image:
                ``"linux/arm64"``, an OCI platform mapping, or a list of them (one needs API
                1.48, several API 1.52). None saves every variant.

        Returns:
            A :class:`AsyncStream` of the archive's chunks.

        Raises:
            InvalidVersion: ``platform`` on an older API version.
        """
        platforms = await self._platforms_param(platform, "get_image()")
        if isinstance(image, str):
            call = Call(
                "GET",
                "/images/{name}/get",
                parse_none,
                path_args={"name": image},
                params={"platform": platforms},
                resource="image",
                stream=True,
            )
        else:
            if not image:
                raise InvalidArgument("get_image(): give at least one image")
            call = Call(
                "GET",
                "/images/get",
                parse_none,
                params={"names": Repeat(image), "platform": platforms},
                resource="image",
                stream=True,
            )
        return await AsyncStream.open(self._stream(call), raw_chunks, chunk_size)

    async def load_image(
        self,
        data: Any,
        quiet: bool | None = None,
        *,
        platform: Platform | Sequence[Platform] | None = None,
        raise_on_error: bool = False,
    ) -> AsyncStream[BuildInfo]:
        """Load images from a tar archive as ``docker save`` writes it (``POST /images/load``).

        Args:
            data: the archive as bytes, a binary file object or an iterable of chunks
                (uploaded in chunks).
            quiet: suppress progress details.
            platform: load only these variants of a multi-platform image (as for
                :meth:`get_image`: one needs API 1.48, several API 1.52).
            raise_on_error: raise :class:`APIError` for an error object in the output
                (not an image archive...) instead of yielding it as docker-py does.

        Returns:
            A :class:`AsyncStream` of the engine's messages (``{"stream": "Loaded image:
            ..."}``, or ``{"error": ...}``).

        Raises:
            InvalidVersion: ``platform`` on an older API version.
        """
        from dockersdk.models import BuildInfo

        call = Call(
            "POST",
            "/images/load",
            parse_none,
            params={
                "quiet": quiet,
                "platform": await self._platforms_param(platform, "load_image()"),
            },
            content=async_upload_content(data),
            headers={"Content-Type": "application/x-tar"},
            stream=True,
            timeout=NO_READ_TIMEOUT,
        )
        return await AsyncStream.open(
            self._stream(call), decode_progress(BuildInfo, True, raise_on_error=raise_on_error)
        )

    async def import_image(
        self,
        src: Any = None,
        repository: str | None = None,
        tag: str | None = None,
        image: str | None = None,
        changes: str | list[str] | None = None,
        stream_src: bool = False,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """Create an image from a tarball of a filesystem (``POST /images/create?fromSrc=``).

        Args:
            src: a path to a tarball, a URL to fetch it from, or the tarball itself (bytes,
                a binary file object or an iterable of chunks).
            repository: the new image's repository.
            tag: its tag.
            image: instead of ``src``: an image to pull (docker-py's ``fromImage`` form).
            changes: Dockerfile instructions to apply.
            stream_src: docker-py compatibility (uploads are always chunked).
            raise_on_error: raise :class:`APIError` for an error object in the reply
                instead of returning it in the text as docker-py does.

        Returns:
            The engine's progress output as text (its last ``status`` is the image id).

        Raises:
            InvalidArgument: neither ``src`` nor ``image``.
            APIError: the engine refused, or (with ``raise_on_error``) reported an error
                inside the reply.
        """
        if not (src or image):
            raise InvalidArgument("import_image(): give src (path, URL or data) or image")
        if image:
            return await self._import_call(
                {"fromImage": image}, repository, tag, changes, None, raise_on_error
            )
        if is_path(src) and os.path.isfile(src):
            with open(src, "rb") as handle:
                return await self._import_call(
                    {"fromSrc": "-"}, repository, tag, changes, handle, raise_on_error
                )
        if isinstance(src, str):
            return await self._import_call(
                {"fromSrc": src}, repository, tag, changes, None, raise_on_error
            )
        return await self._import_call(
            {"fromSrc": "-"}, repository, tag, changes, src, raise_on_error
        )

    async def import_image_from_data(
        self,
        data: Any,
        repository: str | None = None,
        tag: str | None = None,
        changes: str | list[str] | None = None,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """Import a filesystem tarball given as bytes, a file object or chunks."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        return await self.import_image(
            data, repository=repository, tag=tag, changes=changes, raise_on_error=raise_on_error
        )

    async def import_image_from_file(
        self,
        filename: str,
        repository: str | None = None,
        tag: str | None = None,
        changes: str | list[str] | None = None,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """Import a filesystem tarball from a local file, uploaded in chunks."""
        if not os.path.isfile(filename):
            raise InvalidArgument(f"import_image_from_file(): {filename!r} is not a file")
        return await self.import_image(
            filename,
            repository=repository,
            tag=tag,
            changes=changes,
            raise_on_error=raise_on_error,
        )

    async def import_image_from_stream(
        self,
        stream: Any,
        repository: str | None = None,
        tag: str | None = None,
        changes: str | list[str] | None = None,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """Import a filesystem tarball read from a file object or an iterable of chunks."""
        return await self.import_image(
            stream,
            repository=repository,
            tag=tag,
            changes=changes,
            stream_src=True,
            raise_on_error=raise_on_error,
        )

    async def import_image_from_url(
        self,
        url: str,
        repository: str | None = None,
        tag: str | None = None,
        changes: str | list[str] | None = None,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """Import a filesystem tarball the engine downloads from ``url``."""
        return await self._import_call(
            {"fromSrc": url}, repository, tag, changes, None, raise_on_error
        )

    async def import_image_from_image(
        self,
        image: str,
        repository: str | None = None,
        tag: str | None = None,
        changes: str | list[str] | None = None,
        *,
        raise_on_error: bool = False,
    ) -> str:
        """docker-py's ``fromImage`` import: the engine pulls ``image``."""
        return await self._import_call(
            {"fromImage": image}, repository, tag, changes, None, raise_on_error
        )

    async def _import_call(
        self,
        source: dict[str, Any],
        repository: str | None,
        tag: str | None,
        changes: str | list[str] | None,
        data: Any = None,
        raise_on_error: bool = False,
    ) -> str:
        """``POST /images/create`` importing from ``source``, uploading ``data`` if given."""
        params = {**source, "repo": repository, "tag": tag, "changes": changes_param(changes)}
        return await self._progress_text(
            Call(
                "POST",
                "/images/create",
                parse_none,
                params=params,
                content=async_upload_content(data) if data is not None else None,
                headers=TAR_HEADERS if data is not None else None,
                stream=True,
                timeout=NO_READ_TIMEOUT,
            ),
            raise_on_error,
        )
