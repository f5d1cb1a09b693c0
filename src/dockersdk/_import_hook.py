"""Run a callback right after a module is first imported, without importing it ourselves.

dockersdk registers its dict subclasses with PyYAML's safe representers this way: importing
PyYAML up front would cost every program, and a program may import it after dockersdk.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

__all__ = ["call_after_import", "represent_as_dict_in_yaml"]

_lock = threading.Lock()
_pending: dict[str, list[Callable[[ModuleType], None]]] = {}


def call_after_import(name: str, callback: Callable[[ModuleType], None]) -> None:
    """Call ``callback(module)`` once module ``name`` is imported (now, if it already is)."""
    with _lock:
        module = sys.modules.get(name)
        if module is None:
            _pending.setdefault(name, []).append(callback)
            if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
                sys.meta_path.insert(0, _Finder())
            return
    callback(module)


class _Finder:
    """Finds nothing itself: wraps the real loader of a watched module to run its callbacks.

    Duck-typed rather than an ``importlib.abc`` subclass: that module costs milliseconds.
    """

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname not in _pending:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = cast(Any, _Loader(spec.loader, fullname))
                return spec
        return None


class _Loader:
    def __init__(self, loader: Any, name: str) -> None:
        self._loader = loader
        self._name = name

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module's own spec keeps the real loader (importlib.reload, pkgutil use it).
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        module.__loader__ = self._loader
        self._loader.exec_module(module)
        with _lock:
            callbacks = _pending.pop(self._name, [])
            if not _pending:
                sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _Finder)]
        for callback in callbacks:
            callback(module)


def represent_as_dict_in_yaml(cls: type) -> None:
    """Have PyYAML dump instances of the dict subclass ``cls`` as plain mappings, with its
    safe dumper too (``yaml.safe_dump`` refuses classes it has no representer for), as soon as
    PyYAML is imported: now, or whenever the program imports it."""

    def register(yaml: ModuleType) -> None:
        representer = yaml.representer
        for kind in (representer.SafeRepresenter, representer.Representer):
            kind.add_multi_representer(cls, kind.represent_dict)

    call_after_import("yaml", register)
