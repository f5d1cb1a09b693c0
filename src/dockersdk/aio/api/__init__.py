"""The low-level Engine API client for asyncio, and the stream and socket types its methods
return. This is the source the sync :mod:`dockersdk.api` is generated from. The socket types
load on first use (only ``attach_socket`` and ``exec_start(socket=True)`` need them)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.aio.api._stream import AsyncStream
from dockersdk.aio.api.client import AsyncAPIClient
from dockersdk.aio.api.exec_api import AsyncExecStream

if TYPE_CHECKING:
    from dockersdk.aio.api._socket import AsyncUpgradedSocket, AsyncWebSocket

__all__ = [
    "AsyncAPIClient",
    "AsyncExecStream",
    "AsyncStream",
    "AsyncUpgradedSocket",
    "AsyncWebSocket",
]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in ("AsyncUpgradedSocket", "AsyncWebSocket"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module("dockersdk.aio.api._socket"), name)
        globals()[name] = value
        return value
