"""docker CLI contexts: which engine to use, and docker-py's context store API.

- Resolving the engine as the docker CLI does (``DOCKER_HOST``, ``DOCKER_CONTEXT``,
  ``currentContext``, the default): :func:`resolve_client_kwargs`, :func:`load_context`,
  :class:`DockerContext` (used by ``from_env`` and ``DockerClient(context=...)``).
- docker-py's ``docker.context``: :class:`ContextAPI` (create, list, inspect, remove and
  switch contexts in the CLI's store) and its :class:`Context` objects, with the helpers of
  ``docker.context.config`` in :mod:`dockersdk.context.config`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.context._cli import (
    DEFAULT_CONTEXT,
    DockerContext,
    config_dir,
    context_id,
    current_context_name,
    default_host,
    load_context,
    resolve_client_kwargs,
)

if TYPE_CHECKING:
    from dockersdk.context.api import ContextAPI
    from dockersdk.context.context import Context

__all__ = [
    "DEFAULT_CONTEXT",
    "Context",
    "ContextAPI",
    "DockerContext",
    "config_dir",
    "context_id",
    "current_context_name",
    "default_host",
    "load_context",
    "resolve_client_kwargs",
]

# The context store API loads on first use: resolving the engine (from_env) needs neither it
# nor the TLS stack it brings.
_LAZY = {"Context": "dockersdk.context.context", "ContextAPI": "dockersdk.context.api"}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in _LAZY:
            raise AttributeError(f"module 'dockersdk.context' has no attribute {name!r}")
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
