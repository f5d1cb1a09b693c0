"""The low-level Engine API client, and the stream and socket types its methods return. The
socket types load on first use (only ``attach_socket`` and ``exec_start(socket=True)`` need
them)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockersdk.api._stream import Stream
from dockersdk.api.client import APIClient
from dockersdk.api.exec_api import ExecStream

if TYPE_CHECKING:
    from dockersdk.api._socket import UpgradedSocket, WebSocket

__all__ = ["APIClient", "ExecStream", "Stream", "UpgradedSocket", "WebSocket"]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in ("UpgradedSocket", "WebSocket"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module("dockersdk.api._socket"), name)
        globals()[name] = value
        return value
