"""Build endpoints: build an image from a context, prune the build cache."""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal, overload

from dockersdk.aio._flavour import async_upload_content
from dockersdk.aio.api._base import AsyncEndpointMixin
from dockersdk.aio.api._stream import AsyncStream, decode_json_items, is_error_item, validate_item
from dockersdk.api._core import (
    NO_READ_TIMEOUT,
    Call,
    Repeat,
    filters_param,
    parse_as,
    parse_none,
)
from dockersdk.errors import BuildError, InvalidArgument
from dockersdk.utils.conversions import format_extra_hosts

if TYPE_CHECKING:
    from dockersdk.models import BuildInfo, BuildPruneResponse

#: The ``container_limits`` keys docker-py accepts.
CONTAINER_LIMITS_KEYS = ("memory", "memswap", "cpushares", "cpusetcpus")
_REMOTE_PREFIXES = ("http://", "https://", "git://", "github.com/", "git@")


_LOG_KEEP = 1000  # output objects kept for BuildError.build_log


def _build_output(
    decode: bool, raise_on_error: bool
) -> Callable[[AsyncIterator[bytes]], AsyncIterator[Any]]:
    """Decode build output; with ``raise_on_error`` an error object raises BuildError with
    the output so far (docker-py yields it)."""
    from dockersdk.models import BuildInfo

    async def items(chunks: AsyncIterator[bytes]) -> AsyncIterator[Any]:
        log: deque[Any] = deque(maxlen=_LOG_KEEP)
        async for item in decode_json_items(chunks):
            if raise_on_error and is_error_item(item):
                detail: Mapping[str, Any] = item.get("errorDetail") or {}
                message = str(detail.get("message") or item.get("error"))
                raise BuildError(message, [*log, item])
            log.append(item)
            if decode:
                yield validate_item(BuildInfo, item) if isinstance(item, dict) else item
            else:
                yield json.dumps(item, separators=(",", ":")).encode("utf-8")

    return items


def _dockerfile_arg(
    path: str, dockerfile: str | None
) -> tuple[str | None, str | tuple[str, str] | None]:
    """docker-py's ``process_dockerfile``: a Dockerfile outside the context travels in the
    archive under a random name. Returns the ``dockerfile`` parameter and the tar argument."""
    if dockerfile is None or not os.path.isabs(dockerfile):
        return dockerfile, dockerfile
    root = os.path.abspath(path)
    if os.path.commonpath([root, os.path.abspath(dockerfile)]) == root:
        relative = os.path.relpath(dockerfile, root)
        return relative, relative
    import secrets

    with open(dockerfile, encoding="utf-8") as handle:
        contents = handle.read()
    name = f".dockerfile.{secrets.token_hex(10)}"
    return name, (name, contents)


def process_dockerfile(dockerfile: str | None, path: str) -> tuple[str | None, str | None]:
    """docker-py's helper: the ``dockerfile`` parameter for a build of context ``path``.

    Returns:
        ``(name, None)`` for a Dockerfile inside the context (its path relative to it), or
        ``(random name, contents)`` for one outside, whose contents go into the archive
        under that name; ``(None, None)`` without a Dockerfile.
    """
    name, tar_dockerfile = _dockerfile_arg(path, dockerfile or None)
    if isinstance(tar_dockerfile, tuple):
        return name, tar_dockerfile[1]
    return name, None


class AsyncBuildApiMixin(AsyncEndpointMixin):
    """``/build`` and ``/build/prune``."""

    @overload
    async def build(
        self,
        path: str | None = ...,
        tag: str | None = ...,
        quiet: bool = ...,
        fileobj: Any = ...,
        nocache: bool = ...,
        rm: bool = ...,
        timeout: float | None = ...,
        custom_context: bool = ...,
        encoding: str | None = ...,
        pull: bool = ...,
        forcerm: bool = ...,
        dockerfile: str | None = ...,
        container_limits: Mapping[str, Any] | None = ...,
        *,
        decode: Literal[True],
        buildargs: Mapping[str, str] | None = ...,
        gzip: bool = ...,
        shmsize: int | None = ...,
        labels: Mapping[str, str] | None = ...,
        cache_from: Sequence[str] | None = ...,
        target: str | None = ...,
        network_mode: str | None = ...,
        squash: bool | None = ...,
        extra_hosts: Mapping[str, str] | list[str] | None = ...,
        platform: str | None = ...,
        isolation: str | None = ...,
        use_config_proxy: bool = ...,
        stream: bool = ...,
        raise_on_error: bool = ...,
    ) -> AsyncStream[BuildInfo]: ...

    @overload
    async def build(
        self,
        path: str | None = ...,
        tag: str | None = ...,
        quiet: bool = ...,
        fileobj: Any = ...,
        nocache: bool = ...,
        rm: bool = ...,
        timeout: float | None = ...,
        custom_context: bool = ...,
        encoding: str | None = ...,
        pull: bool = ...,
        forcerm: bool = ...,
        dockerfile: str | None = ...,
        container_limits: Mapping[str, Any] | None = ...,
        decode: Literal[False] = ...,
        buildargs: Mapping[str, str] | None = ...,
        gzip: bool = ...,
        shmsize: int | None = ...,
        labels: Mapping[str, str] | None = ...,
        cache_from: Sequence[str] | None = ...,
        target: str | None = ...,
        network_mode: str | None = ...,
        squash: bool | None = ...,
        extra_hosts: Mapping[str, str] | list[str] | None = ...,
        platform: str | None = ...,
        isolation: str | None = ...,
        use_config_proxy: bool = ...,
        stream: bool = ...,
        *,
        raise_on_error: bool = ...,
    ) -> AsyncStream[bytes]: ...

    async def build(
        self,
        path: str | None = None,
        tag: str | None = None,
        quiet: bool = False,
        fileobj: Any = None,
        nocache: bool = False,
        rm: bool = False,
        timeout: float | None = None,
        custom_context: bool = False,
        encoding: str | None = None,
        pull: bool = False,
        forcerm: bool = False,
        dockerfile: str | None = None,
        container_limits: Mapping[str, Any] | None = None,
        decode: bool = False,
        buildargs: Mapping[str, str] | None = None,
        gzip: bool = False,
        shmsize: int | None = None,
        labels: Mapping[str, str] | None = None,
        cache_from: Sequence[str] | None = None,
        target: str | None = None,
        network_mode: str | None = None,
        squash: bool | None = None,
        extra_hosts: Mapping[str, str] | list[str] | None = None,
        platform: str | None = None,
        isolation: str | None = None,
        use_config_proxy: bool = True,
        stream: bool = True,
        *,
        raise_on_error: bool = False,
    ) -> AsyncStream[BuildInfo] | AsyncStream[bytes]:
        """Build an image (``POST /build``) and stream the engine's output.

        The context is a directory (``path``, archived with its ``.dockerignore`` applied
        and streamed from a temporary file), a remote URL (``path`` starting with
        ``http(s)://``, ``git://``, ``github.com/``, ``git@``), a Dockerfile file object
        (``fileobj``), or a ready tar archive (``fileobj`` with ``custom_context``).
        Registry credentials of the config file go along as ``X-Registry-Config``.

        Args mirror docker-py's ``APIClient.build``; ``decode`` yields typed ``BuildInfo``
        objects instead of each object's JSON bytes. ``stream`` is accepted for code written
        for docker-py 1.x (the seed's example passes ``stream=True``): the output is always
        a stream. A failed step shows in the output as an error object
        (``{"error": ..., "errorDetail": ...}``), as in docker-py; ``raise_on_error=True``
        raises :class:`BuildError` for it instead.

        Returns:
            A :class:`AsyncStream` of the build's output.

        Raises:
            BuildError: (while iterating, with ``raise_on_error``) the build failed;
                ``build_log`` holds the output.
            InvalidArgument: no context, or bad arguments.
        """
        if path is None and fileobj is None:
            raise InvalidArgument("build(): give path or fileobj")
        if gzip and encoding is not None:
            raise InvalidArgument("build(): cannot use a custom encoding with gzip")
        limits = dict(container_limits or {})
        for key in limits:
            if key not in CONTAINER_LIMITS_KEYS:
                raise InvalidArgument(f"build(): invalid container_limits key {key!r}")
        # The archive tools load with the first build, not with the client.
        from dockersdk.utils.build import mkbuildcontext, read_dockerignore, tar

        remote: str | None = None
        context: IO[bytes] | None = None
        if custom_context:
            if fileobj is None:
                raise InvalidArgument("build(): custom_context needs fileobj")
            context = fileobj
        elif fileobj is not None:
            context = mkbuildcontext(fileobj)
        elif path is not None and path.startswith(_REMOTE_PREFIXES):
            remote = path
        elif path is None or not os.path.isdir(path):
            raise InvalidArgument(f"build(): {path!r} is not a directory")
        else:
            dockerfile, tar_dockerfile = _dockerfile_arg(path, dockerfile)
            context = tar(path, read_dockerignore(path), dockerfile=tar_dockerfile, gzip=gzip)
            encoding = "gzip" if gzip else encoding
        if use_config_proxy:
            # The config file's proxies reach RUN steps as build args; the caller's win.
            buildargs = {**self._proxy_configs.get_environment(), **(buildargs or {})}
        params: dict[str, Any] = {
            "t": tag,
            "remote": remote,
            "q": quiet,
            "nocache": nocache,
            "rm": rm,
            "forcerm": forcerm,
            "pull": pull,
            "dockerfile": dockerfile,
            "buildargs": json.dumps(dict(buildargs)) if buildargs else None,
            "shmsize": shmsize,
            "labels": json.dumps(dict(labels)) if labels else None,
            "cachefrom": json.dumps(list(cache_from)) if cache_from else None,
            "target": target,
            "networkmode": network_mode,
            "squash": squash,
            # One "host:ip" per repeated key: the engine splits each value on ":".
            "extrahosts": Repeat(format_extra_hosts(extra_hosts)) if extra_hosts else None,
            "platform": platform,
            "isolation": isolation,
            **limits,
        }
        headers: dict[str, str] = {}
        if context is not None:
            headers["Content-Type"] = "application/tar"
            if encoding:
                headers["Content-Encoding"] = encoding
        headers.update(self._registry_config_header())
        call = Call(
            "POST",
            "/build",
            parse_none,
            params=params,
            content=async_upload_content(context) if context is not None else None,
            headers=headers,
            stream=True,
            timeout=NO_READ_TIMEOUT if timeout is None else timeout,
        )
        try:
            output: AsyncStream[Any] = await AsyncStream.open(
                self._stream(call), _build_output(decode, raise_on_error)
            )
        finally:
            if context is not None and not custom_context:
                context.close()
        return output

    async def prune_builds(
        self,
        filters: Mapping[str, Any] | None = None,
        keep_storage: int | None = None,
        all: bool | None = None,
        *,
        reserved_space: int | None = None,
        max_used_space: int | None = None,
        min_free_space: int | None = None,
    ) -> BuildPruneResponse:
        """Remove build cache (``POST /build/prune``).

        Args:
            filters: ``until``, ``id``, ``parent``, ``type``, ``description``, ``inuse``,
                ``shared``, ``private``.
            keep_storage: bytes of cache to keep (docker-py's name: sent as
                ``reserved-space`` from API 1.48 on, which renamed it; API 1.52 removed
                ``keep-storage``).
            all: remove internal and frontend records too.
            reserved_space: bytes of cache to keep (API 1.48+).
            max_used_space: the most bytes the cache may use (API 1.48+).
            min_free_space: bytes of disk to leave free (API 1.48+).

        Returns:
            ``CachesDeleted`` and ``SpaceReclaimed``.

        Raises:
            InvalidArgument: both ``keep_storage`` and ``reserved_space``.
        """
        from dockersdk.errors import InvalidArgument
        from dockersdk.models import BuildPruneResponse
        from dockersdk.utils.versions import version_lt

        if keep_storage is not None and reserved_space is not None:
            raise InvalidArgument("prune_builds(): give keep_storage or reserved_space, not both")
        keep: dict[str, Any] = {}
        if keep_storage is not None:
            renamed = not version_lt(await self._ensure_version(), "1.48")
            keep = {"reserved-space" if renamed else "keep-storage": keep_storage}
        params = {
            **filters_param(filters),
            **keep,
            "all": all,
            "reserved-space": reserved_space
            if keep_storage is None
            else keep.get("reserved-space"),
            "max-used-space": max_used_space,
            "min-free-space": min_free_space,
        }
        return await self._call(
            Call("POST", "/build/prune", parse_as(BuildPruneResponse), params=params)
        )
