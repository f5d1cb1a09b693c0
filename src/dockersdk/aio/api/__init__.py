"""The low-level Engine API client for asyncio, and the stream and socket types its methods
return. This is the source the sync :mod:`dockersdk.api` is generated from."""

from dockersdk.aio.api._socket import AsyncUpgradedSocket, AsyncWebSocket
from dockersdk.aio.api._stream import AsyncStream
from dockersdk.aio.api.client import AsyncAPIClient
from dockersdk.aio.api.exec_api import AsyncExecStream

__all__ = [
    "AsyncAPIClient",
    "AsyncExecStream",
    "AsyncStream",
    "AsyncUpgradedSocket",
    "AsyncWebSocket",
]
