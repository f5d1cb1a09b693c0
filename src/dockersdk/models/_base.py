"""The base class of every generated reply type: the engine's JSON as a ``dict``, typed.

A reply is the dict docker-py code expects (``inspect["State"]["Running"]``, ``json.dumps``,
``==``, item assignment, copy, pickle) and, through class annotations the generator writes,
an object with typed snake_case attributes (``inspect.state.running``) for mypy, pyright and
IDEs. An attribute read finds the API key, checks the value against the declared type on that
read, and wraps a nested object into its class once, storing it back in place. Keys never read
cost nothing. ``validate()`` checks the whole tree with the pydantic model of the same name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, Union, cast, get_args, get_origin

from dockersdk._guards import is_dict, is_list
from dockersdk._import_hook import represent_as_dict_in_yaml
from dockersdk.errors import FieldRemovedError, ResponseParseError

__all__ = ["DockerModel", "Mismatch", "api_version_of", "converter", "set_api_version"]

M = TypeVar("M", bound="DockerModel")

# A converter takes a value read from the dict and returns it, or the typed object to store
# in its place; it raises Mismatch when the value is not of the declared type.
_Convert = Callable[[Any], Any]

# dict's own item access, whatever a subclass defines (typed: ``dict.get`` alone is a method
# of a dict of unknown types to a type checker).
_dict_get = dict[str, Any].get
_dict_set = dict[str, Any].__setitem__


class Mismatch(TypeError):
    """A value of the wrong type, found at ``where`` below the value converted.

    Names types only, never the value (replies can hold secrets).
    """

    def __init__(self, expected: str, found: Any, where: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = "null" if found is None else type(found).__name__
        self.where = where

    def at(self, step: str) -> Mismatch:
        self.where = step + self.where
        return self

    def __str__(self) -> str:
        place = f" at {self.where}" if self.where else ""
        return f"found {self.found}{place} where {self.expected} was expected"


class _Field:
    """How to read one attribute: its API key, whether engines always send it, its type, and
    the API version that removed it (with what to read instead), if one did."""

    __slots__ = ("aliases", "convert", "key", "owner", "removed", "required")

    def __init__(
        self,
        owner: str,
        key: str,
        required: bool,
        convert: _Convert,
        removed: tuple[str, str | None] | None = None,
        aliases: tuple[str, ...] = (),
    ) -> None:
        self.owner = owner
        self.key = key
        self.required = required
        self.convert = convert
        self.removed = removed
        self.aliases = aliases

    def read(self, obj: dict[str, Any]) -> Any:
        key = self.key
        if self.aliases and key not in obj:  # an engine that spells the key otherwise
            key = next((other for other in self.aliases if other in obj), key)
        value = _dict_get(obj, key)
        if value is None:
            if self.removed is not None and self.key not in obj:
                self._refuse_removed(obj)
            if self.required:
                raise ResponseParseError(
                    f"the engine's reply has no {self.owner}.{self.key}, which the Engine "
                    "API promises: an engine this client does not know, or a proxy in between, "
                    "may send other shapes"
                )
            return None
        try:
            new = self.convert(value)
        except Mismatch as exc:
            raise ResponseParseError(
                f"the engine's reply has {self.owner}.{self.key}{exc.where} as "
                f"{exc.found} where the Engine API promises {exc.expected}: an engine this "
                "client does not know, or a proxy in between, may send other shapes"
            ) from None
        if new is not value:
            _dict_set(obj, key, new)
            version = api_version_of(obj)
            if version is not None:
                set_api_version(new, version)
        return new

    def _refuse_removed(self, obj: dict[str, Any]) -> None:
        """Raise FieldRemovedError if the reply was read at a version without this field."""
        from dockersdk.models._versions import version_key

        assert self.removed is not None
        removed, replacement = self.removed
        version = api_version_of(obj)
        if version is None or version_key(version) < version_key(removed):
            return  # an older engine that left it out: None, as for any absent field
        instead = f"; read {replacement} instead" if replacement else ""
        raise FieldRemovedError(
            f"{self.owner}.{self.key} is not sent at API version {version}: Engine API "
            f"{removed} removed it{instead}"
        )


def api_version_of(value: Any) -> str | None:
    """The API version a reply was read at (None for an object built by hand)."""
    try:
        version: str | None = object.__getattribute__(value, "_api_version")
    except AttributeError:
        return None
    return version


def set_api_version(value: Any, version: str) -> None:
    """Record the API version ``value`` (a model, or a list or map of them) was read at;
    nested objects take it on when they are wrapped."""
    if isinstance(value, DockerModel):
        object.__setattr__(value, "_api_version", version)
    elif is_list(value) or is_dict(value):
        for item in value.values() if is_dict(value) else value:
            if isinstance(item, DockerModel):
                object.__setattr__(item, "_api_version", version)


# -- converters ------------------------------------------------------------------------------


def _any(value: Any) -> Any:
    return value


def _scalar(kind: type, name: str) -> _Convert:
    def convert(value: Any) -> Any:
        # bool is an int subclass, but JSON true is not a number
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        raise Mismatch(name, value)

    return convert


def _number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise Mismatch("float", value)


def _model(cls: type[DockerModel]) -> _Convert:
    def convert(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if is_dict(value):
            return cls(value)
        raise Mismatch(f"{cls.__name__} (an object)", value)

    return convert


def _nullable(inner: _Convert) -> _Convert:
    def convert(value: Any) -> Any:
        return None if value is None else inner(value)

    return convert


def _list(item: _Convert, name: str) -> _Convert:
    def convert(value: Any) -> Any:
        if not is_list(value):
            raise Mismatch(name, value)
        if item is _any:
            return value
        for index, element in enumerate(value):
            try:
                new = item(element)
            except Mismatch as exc:
                raise exc.at(f"[{index}]") from None
            if new is not element:
                value[index] = new
        return value

    return convert


def _map(item: _Convert, name: str) -> _Convert:
    def convert(value: Any) -> Any:
        if not is_dict(value):
            raise Mismatch(name, value)
        if item is _any:
            return value
        for key, element in value.items():
            try:
                new = item(element)
            except Mismatch as exc:
                raise exc.at(f"[{key!r}]") from None
            if new is not element:
                value[key] = new  # same key: the dict's size does not change
        return value

    return convert


_SCALARS: dict[Any, _Convert] = {
    str: _scalar(str, "str"),
    int: _scalar(int, "int"),
    bool: _scalar(bool, "bool"),
    float: _number,
    Any: _any,
}


def _type_text(tp: Any) -> str:
    if isinstance(tp, type) and get_origin(tp) is None:
        return tp.__name__
    return str(tp).replace("typing.", "")


def converter(tp: Any) -> _Convert:
    """The converter of a declared type: a model, a scalar, ``list[X]``, ``dict[str, X]``,
    ``X | None`` (the shapes the generator writes).

    It returns the value, or the typed object to use in its place (a dict wrapped into its
    model, a list whose objects were wrapped in place), and raises :class:`Mismatch`.
    """
    if tp in _SCALARS:
        return _SCALARS[tp]
    origin = get_origin(tp)
    if origin is UnionType or origin is Union:
        args = [arg for arg in get_args(tp) if arg is not NoneType]
        if len(args) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        return _nullable(converter(args[0]))
    if origin is list:
        (item,) = get_args(tp)
        return _list(converter(item), _type_text(tp))
    if origin is dict:
        _, item = get_args(tp)
        return _map(converter(item), _type_text(tp))
    if isinstance(tp, type) and issubclass(tp, DockerModel):
        return _model(tp)
    raise TypeError(f"unsupported field type {tp!r}")


def _is_optional(tp: Any) -> bool:
    origin = get_origin(tp)
    return (origin is UnionType or origin is Union) and NoneType in get_args(tp)


def _fields(cls: type[DockerModel]) -> dict[str, _Field]:
    """The attribute table of ``cls`` (its own fields and its bases'), built on first use."""
    table: dict[str, _Field] | None = cls.__dict__.get("_dockersdk_fields")
    if table is not None:
        return table
    table = {}
    for klass in reversed(cls.__mro__):
        keys = klass.__dict__.get("__api_keys__")
        if not keys:
            continue
        namespace = vars(sys.modules[klass.__module__])
        # not inspect.get_annotations: importing inspect costs a fresh process milliseconds
        annotations = klass.__dict__.get("__annotations__", {})  # noqa: RUF063
        removed = klass.__dict__.get("__removed__", {})
        aliases = klass.__dict__.get("__key_aliases__", {})
        for name, key in keys.items():
            tp = eval(annotations[name], namespace)  # the generator's own annotation text
            table[name] = _Field(
                klass.__name__,
                key,
                not _is_optional(tp),
                converter(tp),
                removed.get(name),
                aliases.get(name, ()),
            )
    type.__setattr__(cls, "_dockersdk_fields", table)
    return table


# -- the base class --------------------------------------------------------------------------


class DockerModel(dict[str, Any]):
    """An Engine API object: the JSON dict the engine sent, with typed attributes.

    Subclasses are generated (:mod:`dockersdk.models`); each declares its fields as class
    annotations and maps them to API keys in ``__api_keys__``. Build one from any mapping
    (``ContainerState({"Status": "running"})``) or with no argument for an empty object.
    """

    # The API version the reply was read at (set_api_version): tells a field a newer API
    # removed from one an older engine left out.
    __slots__ = ("_api_version",)

    #: attribute name -> API key, for the fields this class declares itself (generated).
    __api_keys__: ClassVar[Mapping[str, str]] = {}
    #: attribute name -> (the API version that removed the field, what to read instead), for
    #: fields of this class a newer API removed; still typed for the engines that send them.
    __removed__: ClassVar[Mapping[str, tuple[str, str | None]]] = {}
    #: attribute name -> other spellings of its API key that some engines send (Podman's
    #: stats say ``Id`` for ``id``), read when the spec's key is absent.
    __key_aliases__: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    if not TYPE_CHECKING:  # type checkers see the generated annotations: typos stay errors

        def __getattr__(self, name: str) -> Any:
            field = _fields(type(self)).get(name)
            if field is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            return field.read(self)

        def __setattr__(self, name: str, value: Any) -> None:
            if name == "_api_version":  # the slot (pickle and copy restore it by setattr)
                object.__setattr__(self, name, value)
                return
            field = _fields(type(self)).get(name)
            if field is None:
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}: set API keys "
                    "with item assignment (obj['Key'] = value)"
                )
            self[field.key] = value

        def __delattr__(self, name: str) -> None:
            field = _fields(type(self)).get(name)
            if field is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            self.pop(field.key, None)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_fields(type(self))})

    @classmethod
    def api_key(cls, name: str) -> str:
        """The API key of attribute ``name`` (``"State"`` for ``state``).

        Raises:
            AttributeError: the class has no such attribute.
        """
        field = _fields(cls).get(name)
        if field is None:
            raise AttributeError(f"{cls.__name__!r} has no attribute {name!r}")
        return field.key

    def validate(self: M) -> M:
        """Check every field below this object with its pydantic model, and return it.

        The pydantic model of the same name in :mod:`dockersdk.models.pydantic` validates the
        whole tree (attribute reads check only the value read).

        Raises:
            ResponseParseError: naming where the data differs from the Engine API, never the
                values (they can hold secrets).
        """
        from pydantic import ValidationError

        from dockersdk.errors import validation_problems
        from dockersdk.models import pydantic as strict

        model = getattr(strict, type(self).__name__)
        try:
            model.model_validate(self)
        except ValidationError as exc:
            raise ResponseParseError(
                f"this {type(self).__name__} does not match the Engine API: "
                f"{validation_problems(exc)}"
            ) from None
        return self

    def to_dict(self) -> dict[str, Any]:
        """A deep copy as plain dicts and lists (the engine's JSON, API keys)."""
        return cast("dict[str, Any]", _plain(self))


def _plain(value: Any) -> Any:
    if is_dict(value):
        return {key: _plain(item) for key, item in value.items()}
    if is_list(value):
        return [_plain(item) for item in value]
    return value


represent_as_dict_in_yaml(DockerModel)
