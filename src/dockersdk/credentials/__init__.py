"""Docker credential helpers (``docker-credential-<name>``): docker-py's ``docker.credentials``."""

from __future__ import annotations

from dockersdk.credentials.store import (
    DEFAULT_LINUX_STORE,
    DEFAULT_OSX_STORE,
    DEFAULT_WIN32_STORE,
    PROGRAM_PREFIX,
    CredentialsNotFound,
    InitializationError,
    Store,
    StoreError,
    create_environment_dict,
)

__all__ = [
    "DEFAULT_LINUX_STORE",
    "DEFAULT_OSX_STORE",
    "DEFAULT_WIN32_STORE",
    "PROGRAM_PREFIX",
    "CredentialsNotFound",
    "InitializationError",
    "Store",
    "StoreError",
    "create_environment_dict",
]
