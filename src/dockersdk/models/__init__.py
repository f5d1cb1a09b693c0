"""Typed Engine API models, generated from the spec in ``schemas/`` by ``codegen/``.

The generated module is large, so it loads on first use: ``import dockersdk`` stays cheap and
``dockersdk.models.ContainerInspectResponse`` imports it when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.models._base import DockerModel

if TYPE_CHECKING:
    from dockersdk.models._generated import *  # noqa: F403

__all__ = ["DockerModel"]


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
