"""``Model`` and ``Collection``: the bases of docker-py's object model, typed.

A :class:`Model` wraps one engine object. Its ``attrs`` is the generated, typed model of
the object's *inspect* reply (dict-style access by API key works as in docker-py). An
object built from a *list* reply keeps that entry as :attr:`Model.summary` and answers its
convenience properties (``id``, ``name``, ``status``, ``labels``, ``tags``...) from it;
``attrs`` is then fetched with one inspect on first access (see ``lazy``), so listing N
objects costs one request, not N+1 as in docker-py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from dockersdk._guards import is_mapping
from dockersdk.aio._flavour import load_lazily
from dockersdk.errors import DockerException
from dockersdk.models import DockerModel

if TYPE_CHECKING:
    from dockersdk.aio.api.client import AsyncAPIClient
    from dockersdk.aio.client import AsyncDockerClient

__all__ = ["AsyncCollection", "AsyncModel"]

A = TypeVar("A", bound=DockerModel)
M = TypeVar("M", bound="AsyncModel[Any]")


def _model_class(name: str) -> type[DockerModel]:
    import dockersdk.models

    cls: type[DockerModel] = getattr(dockersdk.models, name)
    return cls


class AsyncModel(Generic[A]):
    """One object on the engine.

    Args:
        attrs: the object's inspect data (a typed model, or a dict in API form).
        client: the :class:`~dockersdk.DockerClient` it lives on.
        collection: the collection it belongs to.
        summary: the list entry the object was built from, if any.
        lazy: when ``attrs`` is missing, fetch it on first access (True), or raise
            (False: the object was listed with ``sparse=True``; call :meth:`reload`).
    """

    #: The API key of the object's id.
    id_attribute: ClassVar[str] = "Id"
    #: The name in :mod:`dockersdk.models` of the inspect reply's model.
    attrs_model: ClassVar[str] = ""

    def __init__(
        self,
        attrs: A | Mapping[str, Any] | None = None,
        client: AsyncDockerClient | None = None,
        collection: AsyncCollection[Any] | None = None,
        *,
        summary: DockerModel | None = None,
        lazy: bool = True,
    ) -> None:
        self.client = client
        self.collection = collection
        self._summary = summary
        self._lazy = lazy
        self._attrs: A | None = None
        if attrs is not None:
            self._attrs = self._coerce(attrs)
        elif summary is None:
            # No data at all (docker-py's ``attrs={}``): an empty object of the model.
            self._attrs = cast(A, _model_class(self.attrs_model)())

    @classmethod
    def _coerce(cls, value: A | Mapping[str, Any]) -> A:
        model = _model_class(cls.attrs_model)
        if isinstance(value, model):
            return cast(A, value)
        if is_mapping(value):  # else an untyped caller's mistake
            return cast(A, model(value))
        raise DockerException(f"cannot build {cls.__name__} from {type(value).__name__}")

    # -- data ------------------------------------------------------------------------------

    @property
    def attrs(self) -> A:
        """The object's inspect data, typed; fetched on first access for a listed object.

        An object listed with ``sparse=True`` has only its list entry: ``attrs`` is that
        entry (the summary dict, as docker-py gives it) until :meth:`reload`; its typed
        attributes are the summary's (``.summary``), not the inspect reply's.
        """
        if self._attrs is None:
            if not self._lazy and self._summary is not None:
                return cast(A, self._summary)
            if not self._lazy:
                raise DockerException(
                    f"this {type(self).__name__} was listed with sparse=True: its full "
                    "attributes are not loaded; call reload()"
                )
            load_lazily(self)
        assert self._attrs is not None
        return self._attrs

    @attrs.setter
    def attrs(self, value: A | Mapping[str, Any]) -> None:
        self._attrs = self._coerce(value)

    @property
    def summary(self) -> DockerModel | None:
        """The list entry this object was built from (None if it came from an inspect)."""
        return self._summary

    @property
    def loaded(self) -> bool:
        """True once ``attrs`` holds the inspect data (no request is needed to read it)."""
        return self._attrs is not None

    def _peek(self, key: str) -> Any:
        """The value under API key ``key`` in the loaded attrs, else in the summary; no I/O."""
        if self._attrs is not None:
            return self._attrs.get(key)
        if self._summary is not None:
            return self._summary.get(key)
        return None

    @property
    def id(self) -> str:
        """The object's id (``""`` when the engine gave none)."""
        value = self._peek(self.id_attribute)
        return str(value) if value is not None else ""

    @property
    def short_id(self) -> str:
        """The id, truncated to 12 characters."""
        return self.id[:12]

    # -- I/O -------------------------------------------------------------------------------

    @property
    def _api(self) -> AsyncAPIClient:
        if self.client is None:
            raise DockerException(f"this {type(self).__name__} is not bound to a client")
        return self.client.api

    async def _inspect(self) -> A:
        """The object's inspect reply; subclasses call their endpoint."""
        if self.collection is None:
            raise DockerException(f"this {type(self).__name__} has no collection to reload from")
        fresh: AsyncModel[A] = await self.collection.get(self.id)
        return fresh.attrs

    async def reload(self) -> None:
        """Load the object from the engine again (one inspect) and replace ``attrs``."""
        self._attrs = await self._inspect()

    async def _load_first(self) -> None:
        """The load on first access of ``attrs`` (the sync client's lazy objects)."""
        await self.reload()

    # -- comparison ------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and self.id == other.id

    def __hash__(self) -> int:
        return hash(f"{type(self).__name__}:{self.id}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.short_id}>"


class AsyncCollection(Generic[M]):
    """All objects of one kind on an engine.

    Args:
        client: the :class:`~dockersdk.DockerClient` the objects live on.
    """

    #: The object class this collection makes.
    model: ClassVar[type[AsyncModel[Any]]]

    def __init__(self, client: AsyncDockerClient | None = None) -> None:
        self.client = client

    @property
    def _api(self) -> AsyncAPIClient:
        if self.client is None:
            raise DockerException(f"this {type(self).__name__} is not bound to a client")
        return self.client.api

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(
            f"'{type(self).__name__}' object is not callable. You might be trying to use the "
            "old (pre-2.0) docker-py API: use dockersdk.APIClient if so."
        )

    async def get(self, key: str, /) -> M:
        """The object with id or name ``key``."""
        raise NotImplementedError

    def prepare_model(self, attrs: AsyncModel[Any] | DockerModel | Mapping[str, Any]) -> M:
        """An object of this collection from inspect data (or an object to adopt)."""
        if isinstance(attrs, AsyncModel):
            attrs.client = self.client
            attrs.collection = self
            return cast(M, attrs)
        if is_mapping(attrs):  # a DockerModel or a dict; else an untyped caller's mistake
            return cast(M, self.model(attrs=attrs, client=self.client, collection=self))
        raise DockerException(f"cannot create {self.model.__name__} from {attrs!r}")

    def _from_summary(self, summary: DockerModel, *, lazy: bool = True) -> M:
        """An object built from a list entry (``attrs`` fetched on first access if ``lazy``)."""
        return cast(M, self.model(client=self.client, collection=self, summary=summary, lazy=lazy))
