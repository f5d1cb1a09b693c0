"""The base class of every generated Engine API model: typed attributes plus dict-style access.

Attributes use snake_case names (``info.containers_running``); the API's own keys still work
the way docker-py users index its plain dicts (``inspect["State"]["Running"]``, ``.get()``,
``in``, iteration over keys). Fields an engine sends that the spec does not know are kept
(``extra="allow"``) and reachable by their API key, and ``model_dump(by_alias=True)``
reproduces the engine's JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict


class DockerModel(BaseModel):
    """A typed Engine API object that also reads like the JSON dict the engine sent."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        use_enum_values=True,
        # Validators are built on first use, not at import: a program pays only for the
        # models it touches (hundreds are generated).
        defer_build=True,
    )

    # API key -> attribute name, built once per class on first dict-style access.
    __dockersdk_keys__: ClassVar[dict[str, str] | None] = None

    @classmethod
    def _api_keys(cls) -> dict[str, str]:
        keys = cls.__dict__.get("__dockersdk_keys__")
        if keys is None:
            keys = {(info.alias or name): name for name, info in cls.model_fields.items()}
            cls.__dockersdk_keys__ = keys
        return keys

    def _present_keys(self) -> list[str]:
        """API keys present on this object: fields that were set, then extra fields."""
        names = self.model_fields_set
        keys = [key for key, name in self._api_keys().items() if name in names]
        if self.__pydantic_extra__:
            keys.extend(self.__pydantic_extra__)
        return keys

    if not TYPE_CHECKING:  # mypy keeps checking attribute names

        def __getattr__(self, name: str) -> Any:
            # A required field of an object built without data (``model_construct()``, as a
            # resource object made without attrs is) reads as None, like its optional fields.
            if name in type(self).model_fields:
                return None
            return super().__getattr__(name)

    def __getitem__(self, key: str) -> Any:
        name = self._api_keys().get(key)
        if name is not None:
            return getattr(self, name)
        extra = self.__pydantic_extra__
        if extra is not None and key in extra:
            return extra[key]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value under the API key ``key``, or ``default`` when absent or null."""
        try:
            value = self[key]
        except KeyError:
            return default
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._present_keys()

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        # Iterating a dict yields its keys; docker-py code iterates inspect results that way.
        return iter(self._present_keys())

    def __len__(self) -> int:
        return len(self._present_keys())

    def keys(self) -> KeysView[str]:
        """The API keys present on this object, as a dict would give them."""
        return {key: None for key in self._present_keys()}.keys()

    def values(self) -> list[Any]:
        """The values of :meth:`keys`, in the same order."""
        return [self[key] for key in self._present_keys()]

    def items(self) -> list[tuple[str, Any]]:
        """``(api_key, value)`` pairs for the keys present on this object."""
        return [(key, self[key]) for key in self._present_keys()]

    def to_dict(self) -> dict[str, Any]:
        """The engine's JSON for this object, with the API's key names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
