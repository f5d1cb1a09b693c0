"""Typed Engine API objects, generated from the spec in ``schemas/`` by ``codegen/``.

Every class is a ``dict`` holding the engine's JSON, with typed snake_case attributes over it
(:class:`DockerModel`). The generated module loads on first use: ``import dockersdk`` stays
cheap and ``dockersdk.models.ContainerInspectResponse`` imports it when first asked for.
Pydantic models of the same names, for validating a whole tree at once, are in
:mod:`dockersdk.models.pydantic`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.models._base import DockerModel as DockerModel

if TYPE_CHECKING:
    from ._generated import *  # noqa: F403

if not TYPE_CHECKING:
    # Run time only: type checkers take the star import above as the module's public names
    # (an ``__all__`` they could see would hide every model from pyright's library checks),
    # and this __getattr__ stays hidden from them, so a typo is an error, not ``Any``.
    __all__ = ["DockerModel"]

    def __getattr__(name: str) -> Any:
        if name.startswith("_") or name == "pydantic":  # submodules import themselves
            raise AttributeError(name)
        generated = importlib.import_module("dockersdk.models._generated")
        try:
            value = getattr(generated, name)
        except AttributeError:
            raise AttributeError(f"module 'dockersdk.models' has no attribute {name!r}") from None
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """The module's names and the generated models' (REPL completion finds them)."""
    generated = importlib.import_module("dockersdk.models._generated")
    return sorted(set(globals()) | set(generated.__all__))
