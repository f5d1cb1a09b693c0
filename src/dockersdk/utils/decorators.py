"""Decorators for client methods: resource ids, minimum API versions, configured headers.

Each works on ``def`` and ``async def`` methods alike.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast, overload

from dockersdk._guards import is_mapping
from dockersdk.errors import InvalidVersion, NullResource
from dockersdk.utils.versions import version_lt

__all__ = ["check_resource", "minimum_version", "update_headers"]

F = TypeVar("F", bound=Callable[..., Any])

_UNRESOLVED_VERSIONS = (None, "", "auto")


def _wrap(f: F, before: Callable[[Any, tuple[Any, ...], dict[str, Any]], tuple[Any, ...]]) -> F:
    """Wrap ``f`` so ``before(self, args, kwargs)`` runs first and may rewrite ``args``.

    Coroutine functions get a coroutine wrapper, so the check runs when awaited;
    everything else (plain functions, generator and async-generator functions) gets a
    plain wrapper that checks at call time.
    """
    if inspect.iscoroutinefunction(f):

        @functools.wraps(f)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            args = before(self, args, kwargs)
            return await f(self, *args, **kwargs)

        return cast(F, async_wrapper)

    @functools.wraps(f)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        args = before(self, args, kwargs)
        return f(self, *args, **kwargs)

    return cast(F, wrapper)


def _resource_id(value: Any) -> Any:
    if isinstance(value, (str, bytes)):
        return value
    if is_mapping(value) or callable(getattr(value, "get", None)):
        # A dict or a typed model that reads like one (``{"Id": ...}`` / ``{"ID": ...}``).
        found = value.get("Id")
        return found if found is not None else value.get("ID")
    resource_id = getattr(value, "id", None)
    return value if resource_id is None else resource_id


def _check_resource(names: tuple[str, ...]) -> Callable[[F], F]:
    def decorator(f: F) -> F:
        def before(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
            rest = args
            resource = None
            if args:
                resource, rest = args[0], args[1:]
            if resource is None:
                for name in names:
                    if kwargs.get(name):
                        resource = kwargs.pop(name)
                        break
            resource = _resource_id(resource)
            if not resource:
                wanted = " or ".join(repr(n) for n in names)
                raise NullResource(
                    f"{f.__name__}(): Resource ID was not provided (pass the {wanted} id, "
                    "name or object as the first argument)"
                )
            return (resource, *rest)

        return _wrap(f, before)

    return decorator


@overload
def check_resource(resource_name: str) -> Callable[[F], F]: ...


@overload
def check_resource(resource_name: F) -> F: ...


def check_resource(resource_name: str | F) -> Callable[[F], F] | F:
    """Make sure a method receives a resource id as its first argument.

    The id may be given positionally or as the keyword ``resource_name``; a dict or
    model with ``Id``/``ID`` (as returned by create and inspect calls) or an object with
    an ``id`` attribute is reduced to that id. Works as ``@check_resource('container')``
    (docker-py 7) and bare ``@check_resource`` (older docker-py; it then looks for the
    keywords ``container`` and ``image``).

    Args:
        resource_name: the keyword the id may come as, or the method itself.

    Returns:
        The decorator, or the decorated method when used bare.

    Raises:
        NullResource: (from the decorated method) no id was provided, docker-py's
            ``NullResource``.
    """
    if callable(resource_name):
        return _check_resource(("container", "image"))(resource_name)
    return _check_resource((resource_name,))


def minimum_version(version: str) -> Callable[[F], F]:
    """Refuse to call a method when the client's API version is older than ``version``.

    The client's version is read from ``self._version``; when it is not negotiated yet
    (None or ``'auto'``) the call goes through and the engine decides.

    Args:
        version: the first API version that has the method, e.g. ``'1.41'``.

    Returns:
        The decorator.

    Raises:
        InvalidVersion: (from the decorated method) the client's version is older; the
            message names the method and both versions.
    """

    def decorator(f: F) -> F:
        def before(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
            current = getattr(self, "_version", None)
            if current not in _UNRESOLVED_VERSIONS and version_lt(str(current), version):
                raise InvalidVersion(
                    f"{f.__name__} is not available for version < {version} "
                    f"(this client uses API version {current})"
                )
            return args

        return _wrap(f, before)

    return decorator


def update_headers(f: F) -> F:
    """Add the ``HttpHeaders`` from the Docker config file to the call's ``headers``.

    Reads ``self._general_configs['HttpHeaders']`` (the ``config.json`` contents). As in
    docker-py and the Docker CLI, configured headers override same-named ones passed in.
    Neither the caller's dict nor the configuration is modified.

    Args:
        f: the method; it must accept a ``headers`` keyword.

    Returns:
        The decorated method.
    """

    def before(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        configs: Mapping[str, Any] = getattr(self, "_general_configs", None) or {}
        extra = configs.get("HttpHeaders")
        if extra:
            headers = dict(kwargs.get("headers") or {})
            headers.update(extra)
            kwargs["headers"] = headers
        return args

    return _wrap(f, before)
