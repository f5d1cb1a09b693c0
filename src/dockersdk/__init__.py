"""dockersdk: a complete, typed Python SDK for the Docker Engine API.

Names load on first use, so ``import dockersdk`` stays cheap: the HTTP stack and the
generated models are imported only when a client or model is first touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dockersdk import errors, models, types, utils
    from dockersdk._docker_alias import install_as_docker
    from dockersdk.api import APIClient
    from dockersdk.api import APIClient as Client
    from dockersdk.client import DockerClient, from_env
    from dockersdk.context import Context, ContextAPI
    from dockersdk.tls import TLSConfig

_LAZY: dict[str, tuple[str, str | None]] = {
    "APIClient": ("dockersdk.api", "APIClient"),
    "Client": ("dockersdk.api", "APIClient"),
    "Context": ("dockersdk.context", "Context"),
    "ContextAPI": ("dockersdk.context", "ContextAPI"),
    "DockerClient": ("dockersdk.client", "DockerClient"),
    "TLSConfig": ("dockersdk.tls", "TLSConfig"),
    "install_as_docker": ("dockersdk._docker_alias", "install_as_docker"),
    "from_env": ("dockersdk.client", "from_env"),
    "errors": ("dockersdk.errors", None),
    "models": ("dockersdk.models", None),
    "types": ("dockersdk.types", None),
    "utils": ("dockersdk.utils", None),
}

__all__ = [
    "APIClient",
    "Client",
    "Context",
    "ContextAPI",
    "DockerClient",
    "TLSConfig",
    "__version__",
    "errors",
    "from_env",
    "install_as_docker",
    "models",
    "types",
    "utils",
]


if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error

    def __getattr__(name: str) -> Any:
        try:
            module_name, attr = _LAZY[name]
        except KeyError:
            raise AttributeError(f"module 'dockersdk' has no attribute {name!r}") from None
        module = importlib.import_module(module_name)
        value = module if attr is None else getattr(module, attr)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
