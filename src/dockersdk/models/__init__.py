"""Typed Engine API models, generated from the spec in ``schemas/`` by ``codegen/``.

The generated module is large, so it loads on first use: ``import dockersdk`` stays cheap and
``dockersdk.models.ContainerInspectResponse`` imports it when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.models._base import DockerModel as DockerModel

if TYPE_CHECKING:
    from ._generated import *  # noqa: F403

if not TYPE_CHECKING:
    # Run time only: type checkers take the star import above as the module's public names
    # (an ``__all__`` they could see would hide every model from pyright's library checks).
    __all__ = ["DockerModel"]


if not TYPE_CHECKING:  # type checkers see the star import above: a typo is an error

    def __getattr__(name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        generated = importlib.import_module("dockersdk.models._generated")
        try:
            value = getattr(generated, name)
        except AttributeError:
            raise AttributeError(f"module 'dockersdk.models' has no attribute {name!r}") from None
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """The module's names and the generated models' (loads no model)."""
    return sorted(set(globals()) | set(_model_names()))


def _model_names() -> list[str]:
    # The class names, read from the generated source rather than by importing it (the
    # import builds every model).
    import re
    from pathlib import Path

    source = Path(__file__).with_name("_generated.py").read_text(encoding="utf-8")
    return re.findall(r"^class (\w+)\(", source, flags=re.MULTILINE)
