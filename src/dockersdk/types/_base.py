"""The builder base class and the checks every builder shares (types, versions, serialising)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from dockersdk._guards import is_dict, is_list, is_mapping, is_tuple
from dockersdk._import_hook import represent_as_dict_in_yaml
from dockersdk.errors import InvalidArgument, InvalidArgumentType, InvalidVersion

__all__ = ["Builder", "InvalidArgumentType", "serialize"]

T = TypeVar("T")

# Fields the spec files document later than engines accepted them (the spec tables begin at
# 1.25, and some schemas were only split out later): ``None`` means "no check".
_ADDED_OVERRIDES: dict[tuple[str, str], str | None] = {
    ("HostConfig", "Init"): None,  # accepted since API 1.25 (docker-py checks 1.25)
    ("IPAMConfig", "Subnet"): None,  # documented inline in IPAM.Config before 1.41
    ("IPAMConfig", "IPRange"): None,
    ("IPAMConfig", "Gateway"): None,
    ("IPAMConfig", "AuxiliaryAddresses"): None,
}


def serialize(value: Any) -> Any:
    """The API form of ``value``: builders, replies and pydantic models become plain dicts,
    None values are dropped.

    Dicts and lists are copied all the way down, so the result shares nothing with the input.
    """
    if isinstance(value, type):
        return value
    to_api = getattr(value, "to_api", None)
    if callable(to_api):
        return to_api()
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):  # a pydantic model (dockersdk.models.pydantic...)
        return serialize(model_dump(mode="json", by_alias=True, exclude_unset=True))
    if is_mapping(value):
        return {key: serialize(item) for key, item in value.items() if item is not None}
    if is_list(value) or is_tuple(value):
        return [serialize(item) for item in value]
    return value


class Builder(dict[str, Any]):
    """Base of the hand-written builders: a ``dict`` in API form, validated at construction.

    As docker-py's builders are, each one is a dict: its items are the API's keys and values
    (None values left out), nested builders are dicts too, so ``json.dumps``, ``==`` with a
    plain dict, item access and ``isinstance(x, dict)`` work. ``to_api()`` returns a fresh deep
    copy as plain dicts and lists, optionally checked against an API version.
    """

    __slots__ = ()

    #: The generated model (``dockersdk.models.<name>``) whose JSON ``to_api()`` produces.
    api_model: ClassVar[str] = ""
    #: API keys whose values ``repr()`` masks (private keys and the like).
    secret_keys: ClassVar[frozenset[str]] = frozenset()

    def _set(self, data: Mapping[str, Any]) -> None:
        """Replace the contents with ``data``, leaving out its None values."""
        self.clear()
        self.update({key: value for key, value in data.items() if value is not None})

    def to_api(self, version: str | None = None) -> dict[str, Any]:
        """The dict the Engine API expects: its key names, no None values, a fresh copy.

        Args:
            version: an API version to check against: a field (here or in a nested
                builder) that this version does not know raises instead of being sent.

        Raises:
            InvalidVersion: naming the field, the version it needs and ``version``.
        """
        if not _unchecked(version):
            self._check_fields(str(version))
        return {key: serialize(value) for key, value in self.items() if value is not None}

    def _check_fields(self, version: str) -> None:
        for key, value in self.items():
            if value is None:
                continue
            if self.api_model:
                require_version(version, self.api_model, key, f"{type(self).__name__}.{key}")
            for item in value if is_list(value) else (value,):
                if isinstance(item, Builder):
                    item._check_fields(version)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_masked(self.to_api(), self.secret_keys)!r})"


represent_as_dict_in_yaml(Builder)


def _masked(value: Any, keys: frozenset[str]) -> Any:
    if is_dict(value):
        return {k: "***" if k in keys else _masked(v, keys) for k, v in value.items()}
    if is_list(value):
        return [_masked(item, keys) for item in value]
    return value


# -- argument checks ------------------------------------------------------------------------


def _type_name(expected: type | tuple[type, ...]) -> str:
    if isinstance(expected, tuple):
        return " or ".join(t.__name__ for t in expected)
    return expected.__name__


def check_type(owner: str, field: str, value: T, expected: type | tuple[type, ...]) -> T:
    """Return ``value`` if it is an instance of ``expected`` (bools are not ints).

    Raises:
        InvalidArgumentType: naming ``owner.field``, the expected and the found type.
    """
    wants_int = expected is int or (isinstance(expected, tuple) and int in expected)
    wants_bool = expected is bool or (isinstance(expected, tuple) and bool in expected)
    if not isinstance(value, expected) or (
        isinstance(value, bool) and wants_int and not wants_bool
    ):
        raise InvalidArgumentType(
            f"Invalid type for {owner} {field!r}: expected {_type_name(expected)} but found "
            f"{type(value).__name__}"
        )
    return value


def check_choice(owner: str, field: str, value: T, choices: tuple[Any, ...]) -> T:
    """Return ``value`` if it is one of ``choices``.

    Raises:
        InvalidArgument: naming the field and the allowed values.
    """
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidArgument(f"Invalid value for {owner} {field!r}: {value!r} (use {allowed})")
    return value


def convert(owner: str, field: str, value: Any, func: Callable[[Any], T]) -> T:
    """Apply a dockersdk.utils converter, naming the field if it rejects the value.

    Raises:
        InvalidArgument: what the converter raised, prefixed with ``owner.field``.
    """
    try:
        return func(value)
    except InvalidArgument as exc:
        raise type(exc)(f"Invalid value for {owner} {field!r}: {exc}") from exc


def coerce(cls: type[T], value: Any, owner: str, field: str) -> T:
    """Accept a builder instance, or build one from a dict (snake_case or API keys).

    Raises:
        InvalidArgumentType: ``value`` is neither.
    """
    if isinstance(value, cls):
        return value
    from_dict = getattr(cls, "from_dict", None)
    if is_mapping(value) and from_dict is not None:
        try:
            built: T = from_dict(value)
        except TypeError as exc:
            if isinstance(exc, InvalidArgument):
                raise
            raise InvalidArgumentType(f"Invalid value for {owner} {field!r}: {exc}") from exc
        return built
    raise InvalidArgumentType(
        f"Invalid type for {owner} {field!r}: expected {cls.__name__} or dict but found "
        f"{type(value).__name__}"
    )


def from_dict_kwargs(
    value: Mapping[str, Any], keys: Mapping[str, str], owner: str
) -> dict[str, Any]:
    """Map a docker-py style dict (``{'type': ..}`` or ``{'Type': ..}``) to keyword arguments.

    Args:
        value: the dict the user gave.
        keys: API key -> argument name.
        owner: the builder's name, for errors.

    Raises:
        InvalidArgument: a key that is neither an argument nor an API key.
    """
    names = set(keys.values())
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        name = key if key in names else keys.get(key)
        if name is None:
            raise InvalidArgument(f"{owner} has no field {key!r}")
        kwargs[name] = item
    return kwargs


# -- API versions ---------------------------------------------------------------------------


def _unchecked(version: str | None) -> bool:
    return version is None or version in ("", "auto")


def require_version(version: str | None, model: str, key: str, field: str) -> None:
    """Check that API ``version`` documents ``model.key`` (dotted for nested keys).

    ``version`` None or ``'auto'`` checks nothing (the engine will say). Fields the spec
    tables do not know (legacy keys) are not checked here.

    Raises:
        InvalidVersion: naming ``field``, the version it needs (or was removed in) and
            ``version``.
    """
    if _unchecked(version):
        return
    assert version is not None
    from dockersdk.models._versions import (
        field_added_in,
        field_removed_in,
        field_replacement,
        spec_versions,
    )
    from dockersdk.utils.versions import version_gte, version_lt

    oldest = spec_versions()[0]
    if version_lt(version, oldest):
        # Below the oldest spec nothing can be said of a field: refused, as docker-py refuses
        # what its version tables do not allow there (dockersdk speaks 1.25 and later).
        raise InvalidVersion(
            f"{field} is not supported in API version {version}: dockersdk speaks API "
            f"version {oldest} and later"
        )
    try:
        if (model, key) in _ADDED_OVERRIDES:
            added = _ADDED_OVERRIDES[(model, key)]
        else:
            added = field_added_in(model, key)
        removed = field_removed_in(model, key)
        replacement = field_replacement(model, key)
    except KeyError:
        return
    if added is not None and added != oldest and version_lt(version, added):
        raise InvalidVersion(
            f"{field} is not supported in API version {version}: it needs API version "
            f"{added} or later"
        )
    if removed is not None and version_gte(version, removed):
        raise InvalidVersion(
            f"{field} is not supported in API version {version}: it was removed in API "
            f"version {removed}" + (f"; use {replacement} instead" if replacement else "")
        )


def require_min(version: str | None, minimum: str, field: str) -> None:
    """Like :func:`require_version` for a rule the spec tables cannot express."""
    from dockersdk.utils.versions import version_lt

    if not _unchecked(version) and version_lt(str(version), minimum):
        raise InvalidVersion(
            f"{field} is not supported in API version {version}: it needs API version "
            f"{minimum} or later"
        )


def require_before(version: str | None, removed: str, field: str) -> None:
    """Reject ``field`` from API version ``removed`` on (a key gone from the API)."""
    from dockersdk.utils.versions import version_gte

    if not _unchecked(version) and version_gte(str(version), removed):
        raise InvalidVersion(
            f"{field} is not supported in API version {version}: it was removed in API "
            f"version {removed}"
        )


def links_list(owner: str, field: str, links: Any) -> list[str]:
    """Container links as ``'name:alias'`` strings, from a dict, pairs or ready strings.

    Raises:
        InvalidArgument: an item that is neither a string nor a ``(name, alias)`` pair.
    """
    from dockersdk.utils.conversions import normalize_links

    if (is_list(links) or is_tuple(links)) and all(isinstance(link, str) for link in links):
        return list(links)
    if (is_list(links) or is_tuple(links)) and not all(
        (is_list(link) or is_tuple(link)) and len(link) == 2 for link in links
    ):
        raise InvalidArgument(
            f"Invalid value for {owner} {field!r}: use {{'name': 'alias'}}, (name, alias) "
            "pairs or 'name:alias' strings"
        )
    return convert(owner, field, links, normalize_links)
