"""docker-py's ``docker.credentials.constants``: helper program names."""

from __future__ import annotations

from dockersdk.credentials.store import (
    DEFAULT_LINUX_STORE,
    DEFAULT_OSX_STORE,
    DEFAULT_WIN32_STORE,
    PROGRAM_PREFIX,
)

__all__ = ["DEFAULT_LINUX_STORE", "DEFAULT_OSX_STORE", "DEFAULT_WIN32_STORE", "PROGRAM_PREFIX"]
