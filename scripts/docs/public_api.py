"""What the reference documents: every public module of dockersdk and the names it exports.

Read statically with griffe (nothing is imported). A module is public when no part of its
dotted path starts with ``_``; its public names are its ``__all__``, or, without one, the
names it defines itself (not imports) that do not start with ``_``. ``dockersdk.models``
is the exception: its public names are :class:`DockerModel` and every generated model (type
checkers see them through a star import; its run-time ``__all__`` is kept short on purpose).

Each public name is documented once, at its *home*: where it is defined when that module is
public, else where the nearest public package above exports it (``dockersdk.api.Stream``
lives in ``dockersdk.api._stream``), else in the module exporting it. Other modules that
re-export it link to its home. ``scripts/docs/hooks.py`` writes the reference pages from
this, and ``tests/docs/test_docs.py`` checks the built site against it.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
PACKAGE = "dockersdk"
MODELS = "dockersdk.models"
GENERATED = "dockersdk.models._generated"


@functools.lru_cache(maxsize=1)
def load() -> griffe.Module:
    """The dockersdk package as griffe reads it from ``src/`` (aliases resolved)."""
    package = griffe.load(
        PACKAGE,
        search_paths=[str(ROOT / "src")],
        resolve_aliases=True,
        resolve_external=False,
        store_source=False,
    )
    assert isinstance(package, griffe.Module)
    return package


def get(path: str) -> griffe.Object | griffe.Alias:
    """The object at the dotted ``path`` (``dockersdk.types.HostConfig``)."""
    package = load()
    return package if path == PACKAGE else package[path.removeprefix(PACKAGE + ".")]


def is_public_path(path: str) -> bool:
    """True if no part of the dotted ``path`` starts with an underscore."""
    return not any(part.startswith("_") for part in path.split("."))


def public_modules() -> list[griffe.Module]:
    """Every public module of the package, the package first, then by dotted path."""
    found: list[griffe.Module] = []

    def walk(module: griffe.Module) -> None:
        found.append(module)
        for name, sub in module.modules.items():
            if not name.startswith("_") and not isinstance(sub, griffe.Alias):
                walk(sub)

    walk(load())
    return sorted(found, key=lambda m: (m.path != PACKAGE, m.path))


def _exports(module: griffe.Module) -> list[str] | None:
    """The module's ``__all__`` as Python sees it (some are computed: ``dockersdk.utils.utils``
    copies its package's). Importing dockersdk's modules has no side effects."""
    if "__all__" not in module.members:
        return None
    imported = importlib.import_module(module.path)
    return [str(name) for name in imported.__all__]


def _is_typevar(member: griffe.Object | griffe.Alias) -> bool:
    value = getattr(member, "value", None)
    return value is not None and str(value).startswith(("TypeVar(", "ParamSpec("))


def model_names() -> list[str]:
    """The generated models (``dockersdk.models.X``), renamed ones' old names included."""
    generated = get(GENERATED)
    assert isinstance(generated, griffe.Module)
    exports = _exports(generated) or []
    renamed = [
        name
        for name, member in generated.members.items()
        if name not in exports
        and isinstance(member, griffe.Alias)
        and member.target_path.startswith(GENERATED + ".")
    ]
    return sorted([*exports, *renamed])


@functools.cache
def public_names(module_path: str) -> tuple[str, ...]:
    """The public names of a public module (see the module docstring)."""
    module = get(module_path)
    assert isinstance(module, griffe.Module)
    if module_path == MODELS:
        return ("DockerModel", *model_names())
    exports = _exports(module)
    if exports is not None:
        return tuple(exports)
    return tuple(
        name
        for name, member in module.members.items()
        if not name.startswith("_")
        and not member.is_alias
        and not member.is_module
        and not _is_typevar(member)
    )


@dataclass(frozen=True)
class Name:
    """One public name of one module and where it is documented."""

    module: str
    name: str
    home: str  # dotted path of the documented object (a module for modules)
    kind: str  # griffe's kind: "class", "function", "attribute", "module", "type alias"

    @property
    def path(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def here(self) -> bool:
        """True if the module's own page documents it (it is not documented elsewhere)."""
        return self.home == self.path and self.kind != "module"


def _home(module_path: str, name: str) -> tuple[str, str]:
    module = get(module_path)
    # Names griffe cannot see (a star import of names imported under TYPE_CHECKING) are
    # looked up at run time.
    member = module[name] if name in module.members else get(_runtime_home(module_path, name))
    target: griffe.Object | griffe.Alias = member
    if isinstance(member, griffe.Alias):
        target = member.final_target
    kind = target.kind.value
    if target.is_module:
        return target.path, kind
    parent = target.parent
    assert isinstance(parent, griffe.Module), f"{target.path}: not defined at module level"
    if parent.path == GENERATED:
        return f"{MODELS}.{target.name}", kind
    # Defined in a private module: documented where its nearest public package exports it.
    owner = parent.path
    while not is_public_path(owner):
        owner = owner.rpartition(".")[0]
    if target.name in public_names(owner):
        return f"{owner}.{target.name}", kind
    return f"{module_path}.{name}", kind


def _runtime_home(module_path: str, name: str) -> str:
    value = getattr(importlib.import_module(module_path), name)
    if isinstance(value, types.ModuleType):
        return value.__name__
    home = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if not isinstance(home, str) or not isinstance(qualname, str):
        raise LookupError(f"cannot tell where {module_path}.{name} is defined: document it")
    return f"{home}.{qualname}"


def names(module_path: str) -> list[Name]:
    """The public names of one module with their homes."""
    result = []
    for name in public_names(module_path):
        home, kind = _home(module_path, name)
        result.append(Name(module_path, name, home, kind))
    return result


def all_names() -> list[Name]:
    """Every public name of every public module."""
    return [n for module in public_modules() for n in names(module.path)]
