"""The low-level Engine API client, and the stream and socket types its methods return."""

from dockersdk.api._socket import UpgradedSocket, WebSocket
from dockersdk.api._stream import Stream
from dockersdk.api.client import APIClient
from dockersdk.api.exec_api import ExecStream

__all__ = ["APIClient", "ExecStream", "Stream", "UpgradedSocket", "WebSocket"]
